/*
 * veripref: entry point.  Dispatches to one subcommand from the table below
 * and does nothing else, except the final check that stdout reached its
 * destination (a full disk must not silently truncate a JSONL file).
 */
#include "pipeline/cli.h"
#include "pipeline/commands.h"
#include "sim/pool.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{ "import", cmd_import, "import VerilogEval or RTLLM problems as task folders" },
	{ "run", cmd_run, "take a folder of tasks to preference pairs in a resumable run directory" },
	{ "sample", cmd_sample, "the candidates stage of a run directory (LLM, import, mutants)" },
	{ "report", cmd_report, "summarise a run directory: counts, drops, pass rates, tokens, times" },
	{ "merge", cmd_merge, "merge the run directories of the shards of a run (--shard I/N) into one" },
	{ "tasks", cmd_tasks, "validate RTL tasks: references pass every testbench, lint clean" },
	{ "tbgen", cmd_tbgen, "write a differential testbench for a task" },
	{ "tbcheck", cmd_tbcheck, "check a task's testbenches: reference passes, mutation score" },
	{ "mutate", cmd_mutate, "write RTL mutants of a task's reference (ref.v)" },
	{ "grade", cmd_grade, "grade candidate RTL files against a task's testbenches" },
	{ "swgrade", cmd_swgrade, "run Python/C candidates against unit tests; write a matrix file" },
	{ "score", cmd_score, "rank candidates of a matrix file; evaluate methods (--eval)" },
	{ "pairs", cmd_pairs, "turn a matrix file into preference pairs (DPO, KTO)" },
	{ "llm", cmd_llm, "send prompts to the LLM endpoint, or --ping it" },
	{ "version", cmd_version, "print the version" },
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static void usage(FILE *out)
{
	size_t i;

	fprintf(out, "usage: veripref <command> [options]\n\ncommands:\n");
	for (i = 0; i < NCOMMANDS; i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(out, "\nRun 'veripref <command> --help' for a command's options.\n"
		"Exit codes: 0 ok, 1 negative answer, 2 usage error, 3 runtime error.\n");
}

static int finish(int status)
{
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "veripref: error: cannot write standard output: %s\n",
			strerror(errno ? errno : EIO));
		return EXIT_RUNTIME;
	}
	return status;
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	/* Hidden: a pool worker inside its sandbox (sim/pool.h). */
	if (!strcmp(argv[1], "__worker"))
		return pool_worker_main(0, 1);
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		usage(stdout);
		return finish(EXIT_OK);
	}
	for (i = 0; i < NCOMMANDS; i++)
		if (!strcmp(argv[1], commands[i].name))
			return finish(commands[i].fn(argc - 1, argv + 1));
	fprintf(stderr, "veripref: error: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
