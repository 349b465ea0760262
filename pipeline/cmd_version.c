/*
 * veripref version: print the program version.
 */
#include "pipeline/cli.h"
#include "pipeline/commands.h"

#include <stdio.h>
#include <string.h>

#define VERIPREF_VERSION "0.1.0"

int cmd_version(int argc, char **argv)
{
	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		printf("usage: veripref version\n\nPrint the version of veripref.\n");
		return EXIT_OK;
	}
	if (argc > 1)
		return cli_usage_error("version", "unexpected argument '%s'", argv[1]);
	printf("veripref %s\n", VERIPREF_VERSION);
	return EXIT_OK;
}
