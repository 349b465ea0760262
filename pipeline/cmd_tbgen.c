/*
 * veripref tbgen: write a differential testbench for a task.
 *
 * A thin command over pipeline/tbdiff.h, which reads the task, renames the
 * reference's modules and builds the `tb` module; this file parses options
 * and writes the text to standard output or -o FILE.  A grader compiles
 * `candidate.v tb.v`.
 */
#include "pipeline/cli.h"
#include "pipeline/commands.h"
#include "sim/buf.h"
#include "pipeline/tbdiff.h"

#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage_text[] =
	"usage: veripref tbgen --task DIR [--kind differential|signature] [--seed S] [-o FILE]\n"
	"   or: veripref tbgen --task DIR --kind llm --model M ... (see --kind llm --help)\n"
	"\n"
	"Write a differential testbench for the task in DIR: the reference (DIR/ref.v,\n"
	"its modules renamed <name>__vpref_<hash>) and the candidate (module named by\n"
	"task.json's \"top\") get identical random and corner stimuli and every output\n"
	"is compared (X/Z on the reference is don't-care).  The output file holds the\n"
	"renamed reference and module `tb`; compile it after the candidate with\n"
	"testbench/vp_harness.vh on the include path.  Ports come from Yosys.\n"
	"\n"
	"--kind signature drives the candidate alone with the same stimuli and prints\n"
	"'@vp:<nonce>:NOTE signature <hex> samples <n>', a hash of its output trace\n"
	"(0 checks); the interface comes from --interface FILE or DIR/ref.v.\n"
	"\n"
	"  -t, --task DIR       task directory (task.json, ref.v)\n"
	"  -k, --kind K         differential (the default) or signature\n"
	"  -i, --interface FILE signature: any Verilog file declaring the top module\n"
	"                       (default DIR/ref.v)\n"
	"  -s, --seed S         stimulus seed, 0..2^64-1 (default 1); the same seed\n"
	"                       gives the same file\n"
	"  -p, --param NAME=V   override (or add) a parameter of task.json's \"params\"\n"
	"                       for both instances, e.g. WIDTH=12 (repeatable)\n"
	"      --cycles N       sequential tasks: random cycles after reset (default 4000)\n"
	"      --vectors N      combinational tasks over 16 input bits: random vectors\n"
	"                       (default 10000)\n"
	"  -o, --output FILE    write to FILE instead of standard output\n"
	"  -h, --help           show this help\n"
	"\n"
	"Exit status: 0 ok, 2 usage error, 3 unreadable task, Yosys failure or an\n"
	"interface a differential bench cannot drive (inout ports).\n";

int cmd_tbgen(int argc, char **argv)
{
	enum { OPT_CYCLES = 256, OPT_VECTORS };
	static const struct option longopts[] = {
		{ "task", required_argument, NULL, 't' },
		{ "kind", required_argument, NULL, 'k' },
		{ "interface", required_argument, NULL, 'i' },
		{ "param", required_argument, NULL, 'p' },
		{ "seed", required_argument, NULL, 's' },
		{ "output", required_argument, NULL, 'o' },
		{ "cycles", required_argument, NULL, OPT_CYCLES },
		{ "vectors", required_argument, NULL, OPT_VECTORS },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *dir = NULL, *output = NULL, *iface = NULL;
	const char *overrides[64];   /* into argv; no allocation before the options are parsed */
	size_t noverrides = 0;
	int sig = 0;
	uint64_t seed = 1;
	long cycles = 0, vectors = 0;
	struct tbdiff_opts to;
	struct buf text = BUF_INIT, err = BUF_INIT;
	int c, status = EXIT_RUNTIME;

	/* --kind llm has options of its own (pipeline/cmd_tbgen_llm.c). */
	for (c = 1; c < argc; c++) {
		if (!strcmp(argv[c], "--"))
			break;
		if (!strcmp(argv[c], "--kind=llm") ||
		    ((!strcmp(argv[c], "--kind") || !strcmp(argv[c], "-k")) && c + 1 < argc &&
		     !strcmp(argv[c + 1], "llm")))
			return cmd_tbgen_llm(argc, argv);
	}
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":t:k:i:p:s:o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 't':
			dir = optarg;
			break;
		case 'k':
			if (!strcmp(optarg, "signature"))
				sig = 1;
			else if (!strcmp(optarg, "differential"))
				sig = 0;
			else
				return cli_usage_error("tbgen", "unknown --kind '%s' (differential, signature or llm)",
						       optarg);
			break;
		case 'i':
			iface = optarg;
			break;
		case 'p': {
			const char *eq = strchr(optarg, '=');
			long long v;
			char *end;

			if (!eq || eq == optarg || !eq[1])
				return cli_usage_error("tbgen", "--param wants NAME=VALUE, not '%s'", optarg);
			errno = 0;
			v = strtoll(eq + 1, &end, 10);
			(void)v;
			if (errno || *end)
				return cli_usage_error("tbgen", "--param %s: the value must be an integer", optarg);
			if (noverrides == sizeof(overrides) / sizeof(overrides[0]))
				return cli_usage_error("tbgen", "too many --param options");
			overrides[noverrides++] = optarg;
			break;
		}
		case 's':
			if (cli_parse_u64(optarg, &seed))
				return cli_usage_error("tbgen", "--seed wants a number in 0..2^64-1, not '%s'",
						       optarg);
			break;
		case 'o':
			output = optarg;
			break;
		case OPT_CYCLES:
			if (cli_parse_long(optarg, 1, 100000000, &cycles))
				return cli_usage_error("tbgen", "--cycles wants a positive number, not '%s'", optarg);
			break;
		case OPT_VECTORS:
			if (cli_parse_long(optarg, 1, 100000000, &vectors))
				return cli_usage_error("tbgen", "--vectors wants a positive number, not '%s'", optarg);
			break;
		case 'h':
			fputs(usage_text, stdout);
			return EXIT_OK;
		case ':':
			return cli_usage_error("tbgen", "option '%s' needs a value", argv[optind - 1]);
		default:
			return cli_usage_error("tbgen", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error("tbgen", "unexpected argument '%s'", argv[optind]);
	if (!dir)
		return cli_usage_error("tbgen", "--task DIR is required");
	if (iface && !sig)
		return cli_usage_error("tbgen", "--interface is for --kind signature");

	tbdiff_opts_init(&to);
	to.kind = sig ? TBDIFF_SIGNATURE : TBDIFF_DIFFERENTIAL;
	to.seed = seed;
	to.overrides = overrides;
	to.noverrides = noverrides;
	to.cycles = cycles;
	to.vectors = vectors;
	to.interface_file = iface;
	if (tbdiff_generate(dir, &to, &text, &err))
		goto fail;

	if (output) {
		if (buf_write_file(output, text.data, text.len)) {
			buf_setf(&err, "cannot write '%s': %s", output, strerror(errno));
			goto fail;
		}
	} else {
		fwrite(text.data, 1, text.len, stdout);
	}
	status = EXIT_OK;
	goto out;
fail:
	cli_error("%s", err.data);
out:
	buf_release(&text);
	buf_release(&err);
	return status;
}
