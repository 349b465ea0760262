/*
 * veripref import: turn a public benchmark checkout into task folders.
 *
 *   veripref import verilog-eval DIR --out TASKS
 *   veripref import rtllm DIR --out TASKS
 *
 * Parses options, calls the importer (import.h), prints one line per
 * imported task on stdout and one warning per skipped problem on stderr.
 */
#include "pipeline/cli.h"
#include "pipeline/commands.h"
#include "pipeline/import.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static const char usage_text[] =
	"usage: veripref import verilog-eval|rtllm DIR --out TASKS [--force]\n"
	"\n"
	"Import a benchmark's problems as task folders (task.json, spec.md with an\n"
	"Interface block, ref.v, and the benchmark's own testbench in tb/ behind a\n"
	"verdict adapter), then check each written task by loading it.\n"
	"\n"
	"  verilog-eval DIR   VerilogEval v2: DIR is dataset_spec-to-rtl,\n"
	"                     dataset_code-complete-iccad2023, or a folder holding\n"
	"                     both.  ProbNNN_x_{prompt.txt,ref.sv,test.sv} become task\n"
	"                     ProbNNN_x (ProbNNN_x_cc for code completion), top\n"
	"                     TopModule, the test's RefModule compiled from ref.v.\n"
	"  rtllm DIR          RTLLM: every folder under DIR with design_description.txt,\n"
	"                     testbench.v and verified_<name>.v becomes a task named\n"
	"                     like the folder; its bench passes on 'Your Design Passed'.\n"
	"\n"
	"options:\n"
	"  --out TASKS        where the task folders go (created if missing)\n"
	"  --force            replace task folders that already exist\n"
	"  -h, --help         show this help\n"
	"\n"
	"Exit status: 0 every problem imported, 1 some were skipped (warnings say\n"
	"why), 2 usage error, 3 runtime error.\n";

int cmd_import(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct import_opts o = { NULL, 0 };
	struct import_log log = IMPORT_LOG_INIT;
	struct buf err = BUF_INIT;
	const char *suite, *dir, *p, *nl;
	int c, rc, ret = EXIT_RUNTIME;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			o.out = optarg;
			break;
		case 'f':
			o.force = 1;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return EXIT_OK;
		default:
			return cli_usage_error("import", "bad option");
		}
	}
	if (argc - optind != 2)
		return cli_usage_error("import", argc - optind < 2 ? "give the benchmark kind and its folder"
				       : "too many arguments");
	suite = argv[optind];
	dir = argv[optind + 1];
	if (strcmp(suite, "verilog-eval") && strcmp(suite, "rtllm"))
		return cli_usage_error("import", "unknown benchmark '%s' (verilog-eval or rtllm)", suite);
	if (!o.out)
		return cli_usage_error("import", "--out TASKS is required");

	if (!strcmp(suite, "verilog-eval"))
		rc = import_verilog_eval(dir, &o, &log, &err);
	else
		rc = import_rtllm(dir, &o, &log, &err);

	for (p = log.done.data; *p; p = nl + 1) {
		nl = strchr(p, '\n');
		printf("imported %.*s\n", (int)(nl - p), p);
	}
	for (p = log.notes.data; *p; p = nl + 1) {
		nl = strchr(p, '\n');
		cli_warning("skipped %.*s", (int)(nl - p), p);
	}
	if (rc < 0) {
		cli_error("%s", err.data);
		goto out;
	}
	printf("%zu task%s imported into %s, %zu skipped\n", log.imported,
	       log.imported == 1 ? "" : "s", o.out, log.skipped);
	ret = log.skipped ? EXIT_NEGATIVE : EXIT_OK;
out:
	import_log_release(&log);
	buf_release(&err);
	return ret;
}
