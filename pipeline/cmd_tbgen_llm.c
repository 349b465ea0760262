/*
 * veripref tbgen --kind llm: an LLM-written testbench, repaired with
 * simulator feedback and kept only when validated.
 *
 * A thin command over pipeline/tbllm.h (the conversation, the decision rule,
 * the audit files) with pipeline/tbval.h as its validator and
 * pipeline/llm.h as its model.  cmd_tbgen() hands over here when it sees
 * --kind llm.  This file reads the environment (OPENAI_BASE_URL,
 * OPENAI_API_KEY, the cache location), parses options, prints one line per
 * attempt on stderr and the kept testbench on stdout or -o FILE.
 */
#include "pipeline/cli.h"
#include "pipeline/commands.h"
#include "pipeline/gradeopt.h"
#include "pipeline/llm.h"
#include "pipeline/llm_cache.h"
#include "pipeline/tbllm.h"
#include "pipeline/tbval.h"
#include "sim/buf.h"
#include "sim/xalloc.h"
#include "testbench/task.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
	"usage: veripref tbgen --task DIR --kind llm --model M [--n K] [--rounds R]\n"
	"                      [--min-coverage P] [--min-mutation-score S] [--audit DIR]\n"
	"                      [-o FILE] [LLM options] [grading options]\n"
	"\n"
	"Have a model write a self-checking testbench for the task in DIR: it lists\n"
	"test scenarios (JSON, one repair when invalid), writes a bench over the\n"
	"harness macros with a named check per scenario, and gets back compile errors\n"
	"(both simulators), checks failing on DIR/ref.v, and uncovered lines plus\n"
	"surviving mutants, at most R repair rounds of each.  A bench is kept only if\n"
	"it compiles in every simulator, passes on the reference and meets both\n"
	"thresholds.  The best kept bench (mutation score, then coverage) is written.\n"
	"Every prompt, reply, validation and decision goes to the audit directory.\n"
	"\n"
	"  -t, --task DIR              task folder (task.json, spec.md, ref.v)\n"
	"  -k, --kind llm              this mode (differential and signature: see\n"
	"                              'veripref tbgen --help')\n"
	"  -m, --model M               model name (required)\n"
	"  -n, --n K                   testbenches to attempt, 1..100 (default 1)\n"
	"  -r, --rounds R              repair rounds per kind of feedback, 0..20 (default 3)\n"
	"      --min-coverage P        minimum line coverage of ref.v, percent (default 80);\n"
	"                              0 skips the coverage run (Verilator --coverage)\n"
	"      --min-mutation-score S  minimum killed/valid mutants, 0..1 (default 0.8)\n"
	"      --max-mutants N         mutants of ref.v to grade, 1..100000 (default 40)\n"
	"      --mutant-seed S         seed of the mutant draw (default 1)\n"
	"      --no-equiv              do not ask Yosys whether surviving mutants are\n"
	"                              equivalent (by default proven-equivalent ones\n"
	"                              leave the score and are not sent to the model)\n"
	"  -a, --audit DIR             audit directory (default: FILE.audit with -o FILE,\n"
	"                              else <task id>.tbllm.audit in the current directory)\n"
	"  -o, --output FILE           write the kept testbench to FILE (default stdout)\n"
	"  -h, --help                  show this help\n"
	"LLM options (environment: OPENAI_BASE_URL, default " LLM_DEFAULT_BASE_URL ";\n"
	"OPENAI_API_KEY):\n"
	"      --base-url U            override OPENAI_BASE_URL\n"
	"      --temperature T         sampling temperature (default: not sent)\n"
	"      --seed S                request seed; attempt i uses S+i-1 (default 1)\n"
	"      --max-tokens N          reply length limit\n"
	"      --llm-timeout SEC       per request attempt (default 600)\n"
	"      --max-attempts N        HTTP attempts per request (default 6)\n"
	"      --backoff-base SEC      first retry delay (default 0.5)\n"
	"      --backoff-max SEC       longest retry delay (default 8)\n"
	"      --jitter-seed N         seed of the retry jitter\n"
	"      --cache FILE            response cache (default $XDG_CACHE_HOME/veripref/llm-cache.db)\n"
	"      --no-cache              neither read nor write the cache\n"
	"      --refresh               ignore cached replies (and overwrite them)\n"
	"grading options (default --sim both, --timeout 10):\n"
	"%s\n"
	"Exit status: 0 a testbench was kept, 1 none was kept (reasons on stderr and\n"
	"in the audit's summary.json), 2 usage error, 3 runtime error (task without\n"
	"ref.v or interface, LLM endpoint failing, simulator missing).\n";

enum {
	OPT_MINCOV = 0x200, OPT_MINMUT, OPT_MAXMUT, OPT_MSEED, OPT_BASE, OPT_TEMP, OPT_SEED,
	OPT_MAXTOK, OPT_LTIMEOUT, OPT_ATTEMPTS, OPT_BBASE, OPT_BMAX, OPT_JSEED, OPT_CACHE,
	OPT_NOCACHE, OPT_REFRESH, OPT_NOEQUIV,
};

int cmd_tbgen_llm(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "task", required_argument, NULL, 't' },
		{ "kind", required_argument, NULL, 'k' },
		{ "model", required_argument, NULL, 'm' },
		{ "n", required_argument, NULL, 'n' },
		{ "rounds", required_argument, NULL, 'r' },
		{ "audit", required_argument, NULL, 'a' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ "min-coverage", required_argument, NULL, OPT_MINCOV },
		{ "min-mutation-score", required_argument, NULL, OPT_MINMUT },
		{ "max-mutants", required_argument, NULL, OPT_MAXMUT },
		{ "mutant-seed", required_argument, NULL, OPT_MSEED },
		{ "base-url", required_argument, NULL, OPT_BASE },
		{ "temperature", required_argument, NULL, OPT_TEMP },
		{ "seed", required_argument, NULL, OPT_SEED },
		{ "max-tokens", required_argument, NULL, OPT_MAXTOK },
		{ "llm-timeout", required_argument, NULL, OPT_LTIMEOUT },
		{ "max-attempts", required_argument, NULL, OPT_ATTEMPTS },
		{ "backoff-base", required_argument, NULL, OPT_BBASE },
		{ "backoff-max", required_argument, NULL, OPT_BMAX },
		{ "jitter-seed", required_argument, NULL, OPT_JSEED },
		{ "cache", required_argument, NULL, OPT_CACHE },
		{ "no-cache", no_argument, NULL, OPT_NOCACHE },
		{ "refresh", no_argument, NULL, OPT_REFRESH },
		{ "no-equiv", no_argument, NULL, OPT_NOEQUIV },
		GRADEOPT_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct llm_config cfg = LLM_CONFIG_INIT;
	struct tbllm_llm_ctx lc = { .temperature = -1 };
	struct tbllm_opts to;
	struct tbllm_tbval_ctx vc;
	struct tbval_opts vo;
	struct tbval_cache *vcache = NULL;
	struct tbllm_result res;
	struct grade_opts go;
	struct gradeopt_env env = GRADEOPT_ENV_INIT;
	struct task task;
	struct llm_client *client = NULL;
	struct llm_cache *cache = NULL;
	struct buf err = BUF_INIT, audit = BUF_INIT;
	const char *dir = NULL, *output = NULL, *audit_dir = NULL, *cache_path = NULL;
	const char *env_base = getenv("OPENAI_BASE_URL"), *env_key = getenv("OPENAI_API_KEY");
	double mincov = 80, minmut = 0.8, secs;
	long v, n = 1, rounds = 3, max_mutants = 40, seed = 1;
	uint64_t mseed = 1;
	int c, no_cache = 0, refresh = 0, no_equiv = 0, sims_set = 0, ret = EXIT_RUNTIME;
	size_t i;

	memset(&res, 0, sizeof(res));
	grade_opts_init(&go);
	task_init(&task);
	tbllm_opts_init(&to);
	if (env_base && *env_base)
		cfg.base_url = env_base;
	if (env_key && *env_key)
		cfg.api_key = env_key;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":t:k:m:n:r:a:o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 't': dir = optarg; break;
		case 'k':
			if (strcmp(optarg, "llm"))
				return cli_usage_error("tbgen", "--kind %s cannot be mixed with the llm options",
						       optarg);
			break;
		case 'm': lc.model = optarg; break;
		case 'n':
			if (cli_parse_long(optarg, 1, 100, &n))
				return cli_usage_error("tbgen", "--n wants a number in 1..100, not '%s'", optarg);
			break;
		case 'r':
			if (cli_parse_long(optarg, 0, 20, &rounds))
				return cli_usage_error("tbgen", "--rounds wants a number in 0..20, not '%s'", optarg);
			break;
		case 'a': audit_dir = optarg; break;
		case 'o': output = optarg; break;
		case 'h':
			printf(usage_text, gradeopt_help);
			return EXIT_OK;
		case OPT_MINCOV:
			if (cli_double_opt("tbgen", "--min-coverage", optarg, 0, 100, &mincov))
				return EXIT_USAGE;
			break;
		case OPT_MINMUT:
			if (cli_double_opt("tbgen", "--min-mutation-score", optarg, 0, 1, &minmut))
				return EXIT_USAGE;
			break;
		case OPT_MAXMUT:
			if (cli_parse_long(optarg, 1, 100000, &max_mutants))
				return cli_usage_error("tbgen", "--max-mutants wants a number in 1..100000, not '%s'",
						       optarg);
			break;
		case OPT_MSEED:
			if (cli_parse_u64(optarg, &mseed))
				return cli_usage_error("tbgen", "--mutant-seed wants a number in 0..2^64-1, not '%s'",
						       optarg);
			break;
		case OPT_BASE: cfg.base_url = optarg; break;
		case OPT_TEMP:
			if (cli_double_opt("tbgen", "--temperature", optarg, 0, 10, &lc.temperature))
				return EXIT_USAGE;
			break;
		case OPT_SEED:
			if (cli_parse_long(optarg, 0, 4294967295L, &seed))
				return cli_usage_error("tbgen", "--seed wants a number in 0..4294967295, not '%s'",
						       optarg);
			break;
		case OPT_MAXTOK:
			if (cli_parse_long(optarg, 1, 10000000, &lc.max_tokens))
				return cli_usage_error("tbgen", "--max-tokens wants a positive number, not '%s'",
						       optarg);
			break;
		case OPT_LTIMEOUT:
		case OPT_BBASE:
		case OPT_BMAX:
			if (cli_parse_seconds(optarg, &secs) < 0 || (c == OPT_LTIMEOUT && secs <= 0))
				return cli_usage_error("tbgen", "%s needs a number of seconds, not '%s'",
						       argv[optind - 1], optarg);
			if (c == OPT_LTIMEOUT)
				cfg.timeout = secs;
			else if (c == OPT_BBASE)
				cfg.backoff_base = secs;
			else
				cfg.backoff_max = secs;
			break;
		case OPT_ATTEMPTS:
			if (cli_parse_long(optarg, 1, 100, &v))
				return cli_usage_error("tbgen", "--max-attempts wants a number in 1..100, not '%s'",
						       optarg);
			cfg.max_attempts = (int)v;
			break;
		case OPT_JSEED:
			if (cli_parse_long(optarg, 0, 0x7fffffffffffffffL, &v))
				return cli_usage_error("tbgen", "--jitter-seed wants a whole number, not '%s'", optarg);
			cfg.jitter_seed = (uint64_t)v;
			break;
		case OPT_CACHE: cache_path = optarg; break;
		case OPT_NOCACHE: no_cache = 1; break;
		case OPT_REFRESH: refresh = 1; break;
		case OPT_NOEQUIV: no_equiv = 1; break;
		case ':':
			return cli_usage_error("tbgen", "option '%s' needs a value", argv[optind - 1]);
		case '?':
			return cli_usage_error("tbgen", "unknown option '%s'", argv[optind - 1]);
		default:
			if (c == GRADEOPT_SIM)
				sims_set = 1;
			switch (gradeopt_parse("tbgen", c, optarg, &go, &env)) {
			case 1:
				break;
			case 0:
				return cli_usage_error("tbgen", "unknown option '%s'", argv[optind - 1]);
			default:
				return EXIT_USAGE;
			}
		}
	}
	if (optind < argc)
		return cli_usage_error("tbgen", "unexpected argument '%s'", argv[optind]);
	if (!dir)
		return cli_usage_error("tbgen", "--task DIR is required");
	if (!lc.model)
		return cli_usage_error("tbgen", "--kind llm needs --model M");
	if (!sims_set)
		go.sims = (1u << SIM_ICARUS) | (1u << SIM_VERILATOR);

	if (task_load(&task, dir, &err) < 0) {
		cli_error("%s", err.data);
		goto out;
	}
	if (!task.ref) {
		cli_error("task '%s' has no reference (%s/ref.v): an LLM testbench cannot be validated without one",
			  task.id, dir);
		goto out;
	}
	if (gradeopt_env_init(&env, &go) < 0)
		goto out;

	if (!no_cache && !(cache = cli_open_llm_cache(cache_path)))
		goto out;
	if (llm_global_init() < 0) {
		cli_error("cannot initialise libcurl");
		goto out;
	}
	cfg.concurrency = 1;
	client = llm_client_new(&cfg, &err);
	if (!client) {
		cli_error("%s", err.data);
		goto out;
	}
	llm_client_set_cache(client, cache, refresh);

	if (audit_dir)
		buf_addstr(&audit, audit_dir);
	else if (output)
		buf_addf(&audit, "%s.audit", output);
	else
		buf_addf(&audit, "%s.tbllm.audit", task.id);

	tbval_opts_init(&vo, &go);
	vo.max_mutants = (size_t)max_mutants;
	vo.seed = mseed;
	vo.min_coverage = mincov;
	vo.min_mutation_score = minmut;
	/* Coverage costs a Verilator build per round: skip it when nobody asks. */
	if (mincov <= 0)
		vo.what &= ~TBVAL_COVERAGE;
	if (no_equiv)
		vo.what &= ~TBVAL_EQUIV;
	/* Rounds see the same survivors again: Yosys decides each once. */
	vcache = tbval_cache_new();
	vo.cache = vcache;
	vc.opts = &vo;
	vc.task = &task;
	lc.client = client;
	lc.has_seed = 1;
	lc.seed = seed;
	to.attempts = (int)n;
	to.rounds = (int)rounds;
	to.min_coverage = mincov / 100;
	to.min_mutation = minmut;
	to.audit_dir = audit.data;
	to.model = lc.model;
	to.chat = tbllm_chat_llm;
	to.chat_ctx = &lc;
	to.validate = tbllm_validate_tbval;
	to.validate_ctx = &vc;

	if (tbllm_run(&to, &task, &res, &err) < 0) {
		cli_error("%s", err.data);
		goto out;
	}
	for (i = 0; i < res.nattempts; i++)
		fprintf(stderr, "veripref: tbgen: %s attempt %zu: %s: %s\n", task.id, i + 1,
			tbllm_outcome_name(res.attempts[i].outcome), res.attempts[i].reason);
	fprintf(stderr, "veripref: tbgen: %s: %d request%s, %ld prompt + %ld completion tokens; audit in %s\n",
		task.id, res.requests, res.requests == 1 ? "" : "s", res.prompt_tokens,
		res.completion_tokens, audit.data);
	if (res.best < 0) {
		cli_error("task '%s': no testbench was kept", task.id);
		ret = EXIT_NEGATIVE;
		goto out;
	}
	{
		const struct tbllm_attempt *b = &res.attempts[res.best];

		if (output) {
			if (buf_write_file(output, b->tb, b->tb_len)) {
				cli_error("cannot write '%s': %s", output, strerror(errno));
				goto out;
			}
		} else {
			fwrite(b->tb, 1, b->tb_len, stdout);
		}
	}
	ret = EXIT_OK;
out:
	tbllm_result_release(&res);
	tbval_cache_free(vcache);
	llm_client_free(client);
	llm_cache_close(cache);
	task_release(&task);
	gradeopt_env_release(&env);
	buf_release(&err);
	buf_release(&audit);
	return ret;
}
