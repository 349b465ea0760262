/*
 * veripref run / sample / report, and the RUN forms of grade, score and
 * pairs: the commands over a run directory (pipeline/store.h).
 *
 * `run` creates (or with --resume continues) a run and drives every stage
 * (pipeline/stage.h); each stage command runs on an existing run directory
 * with the settings stored in it, doing the stages before it that are not
 * done yet and then its own.  `report` renders pipeline/report.h.
 */
#include "pipeline/cli.h"
#include "pipeline/commands.h"
#include "pipeline/gradebatch.h"
#include "pipeline/gradeopt.h"
#include "pipeline/llm.h"
#include "pipeline/llm_cache.h"
#include "pipeline/report.h"
#include "pipeline/score.h"
#include "pipeline/stage.h"
#include "pipeline/stage_sw.h"
#include "pipeline/store.h"
#include "sim/buf.h"
#include "sim/xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* --batch: the same for run and the stage commands. */
#define BATCH_HELP \
	"  --batch K|auto         grade up to K candidates of a task in one simulation\n" \
	"                         (default auto: sized from measured costs; 1: one\n" \
	"                         by one) against the generated differential bench;\n" \
	"                         other benches grade one by one; the results are\n" \
	"                         the same for every K\n"

static const char run_usage[] =
	"usage: veripref run --tasks DIR|FILE.jsonl --out RUN [options]\n"
	"\n"
	"Take a folder of tasks (or a software task file, HumanEval schema, .jsonl\n"
	"or .jsonl.gz: README.md, \"Software runs\") to preference data in the run\n"
	"directory RUN:\n"
	"tasks -> testbenches -> sample -> grade -> score -> pairs, every row kept\n"
	"in RUN/run.db so that a run killed at any point continues with --resume.\n"
	"\n"
	"options (stored in the run; a resume with another value is refused):\n"
	"  --tasks DIR            task folders (task.json, spec.md, ref.v?, tb/*.v)\n"
	"  --out RUN              the run directory (must be new or empty without --resume)\n"
	"  --generator G          mutate (default without OPENAI_BASE_URL): the reference\n"
	"                         and -n mutants; llm (default with it): -n samples from\n"
	"                         the model; import:FILE: JSONL {\"task_id\", \"completion\"\n"
	"                         or \"solution\"}\n"
	"  --model M              model name for llm (default: $OPENAI_MODEL)\n"
	"  --temperature T        llm sampling temperature (default: the server's)\n"
	"  --max-tokens N         llm reply cap in tokens (default: the server's)\n"
	"  -n N                   samples or mutants per task (default 20)\n"
	"  --tb KINDS             comma-separated differential, human, llm\n"
	"                         (default differential,human; llm writes a bench per\n"
	"                         task with the model of --model)\n"
	"  --sim S                iverilog (default), verilator, both\n"
	"  --method M             auto (default: truth with validated benches, b4 without),\n"
	"                         truth, truth-all, maxpass, codet, b4, cluster, pagerank\n"
	"  --pairs S              best-worst (default), all, dstc\n"
	"  --format F             trl (default), trl-chat, kto, llamafactory\n"
	"  --seed S               seed of mutants, stimulus, LLM samples, tie choices (default 1)\n"
	"  --shard I/N            keep only tasks whose id hashes to I modulo N (0 <= I < N)\n"
	"  --tests T              software tasks: generated tests, none (default), llm\n"
	"                         (--tests-n replies per task asking for asserts), or\n"
	"                         import:FILE (CodeT layout, {\"task_id\", \"tests\": [...]}\n"
	"                         or {\"task_id\", \"test\"}); the ground-truth test then\n"
	"                         only labels (default method b4)\n"
	"  --tests-n M            test samples per task for --tests llm (default 5)\n"
	"other options:\n"
	"  --resume               continue the run in RUN\n"
	"  --stop-after STAGE     tasks, testbenches, sample, grade, score or pairs\n"
	"  --llm-concurrency K    LLM requests in flight (default 16)\n"
	"  -h, --help             show this help\n"
	"grading options (not stored):\n"
	BATCH_HELP
	"%s\n"
	"Stopping: SIGUSR1 stops after the unit of work in flight is saved, SIGTERM\n"
	"or SIGINT drops the unit in flight (a second one kills); either way the\n"
	"store is saved, the exit status is 75 and --resume continues.\n"
	"\n"
	"Exit status: 0 ok, 2 usage error (also: RUN not empty, resume with other\n"
	"settings), 3 runtime error (lock held, disk full, simulator missing ...),\n"
	"75 stopped by a signal (resume it).\n";

static const char stage_usage[] =
	"usage: veripref %s RUN [options]\n"
	"\n"
	"Run the %s stage on the run directory RUN with its stored settings, after\n"
	"the earlier stages that are not done yet.  Only the missing work is done.\n"
	"\n"
	"options:\n"
	"  --llm-concurrency K    LLM requests in flight (default 16)\n"
	"  -h, --help             show this help\n"
	"grading options:\n"
	BATCH_HELP
	"%s\n"
	"Exit status: 0 ok, 2 usage error, 3 runtime error, 75 stopped by SIGUSR1,\n"
	"SIGTERM or SIGINT (the store is saved; run the command again).\n";

static const char report_usage[] =
	"usage: veripref report RUN [--format text|json|junit]\n"
	"\n"
	"Summarise the run in RUN: tasks, testbenches kept and rejected with the\n"
	"reasons, candidates by origin, outcomes by testbench kind, pairs, dropped\n"
	"tasks, per-task pass rates, LLM usage and the wall time of each stage.\n"
	"Reads without the run's lock, so it also shows a run in progress.\n"
	"\n"
	"  --format F             text (default), json, or junit: JUnit XML with one\n"
	"                         testcase per (task, candidate) for CI servers\n"
	"  -h, --help             show this help\n"
	"\n"
	"Exit status: 0 ok, 2 usage error, 3 unreadable run.\n";

/* ---- progress (stderr, terminals only) and the test hook ---- */

struct progress_state {
	int tty;
	const char *kill_stage;  /* VERIPREF_TEST_KILL=stage:N[:STOP] (tests only) */
	int kill_sig;
	long kill_at;
	const char *stage;
	double t0;
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void on_progress(void *pctx, const char *stage, size_t done, size_t total)
{
	struct progress_state *ps = pctx;

	/* The crash the resume tests recover from, or a stop that holds the lock. */
	if (ps->kill_stage && !strcmp(stage, ps->kill_stage) && (long)done >= ps->kill_at)
		kill(getpid(), ps->kill_sig);
	if (!ps->stage || strcmp(ps->stage, stage)) {
		ps->stage = stage;
		ps->t0 = now_s();
	}
	if (!ps->tty || !total)
		return;
	{
		double el = now_s() - ps->t0, rate = el > 0 ? (double)done / el : 0;
		double eta = rate > 0 ? (double)(total - done) / rate : 0;

		fprintf(stderr, "\r%-12s %zu/%zu  %.2f/s  ETA %.0f s   ", stage, done, total, rate, eta);
		if (done >= total)
			fputc('\n', stderr);
		fflush(stderr);
	}
}

static void progress_init(struct progress_state *ps)
{
	const char *k = getenv("VERIPREF_TEST_KILL");
	static char stage[32];

	memset(ps, 0, sizeof(*ps));
	ps->tty = cli_progress_enabled();
	if (k && strchr(k, ':') && (size_t)(strchr(k, ':') - k) < sizeof(stage)) {
		memcpy(stage, k, (size_t)(strchr(k, ':') - k));
		stage[strchr(k, ':') - k] = '\0';
		ps->kill_stage = stage;
		ps->kill_at = strtol(strchr(k, ':') + 1, NULL, 10);
		ps->kill_sig = strstr(k, ":STOP") ? SIGSTOP : SIGKILL;
	}
}

/* ---- clean stop (SIGUSR1: finish the unit in flight; SIGTERM, SIGINT: drop it) ---- */

static volatile sig_atomic_t stop_level;
static volatile sig_atomic_t stop_signal;

static void on_stop_signal(int sig)
{
	int level = sig == SIGUSR1 ? STAGE_STOP_FINISH : STAGE_STOP_ABANDON;

	/* A second SIGTERM or SIGINT after one that already abandons: die now. */
	if (level == STAGE_STOP_ABANDON && stop_level == STAGE_STOP_ABANDON) {
		signal(sig, SIG_DFL);
		raise(sig);
		return;
	}
	if (level > stop_level)
		stop_level = level;
	stop_signal = sig;
}

static void stop_handlers(int install)
{
	static const int sigs[] = { SIGUSR1, SIGTERM, SIGINT };
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = install ? on_stop_signal : SIG_DFL;
	sa.sa_flags = SA_RESTART;
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
}

/* ---- shared set-up ---- */

struct llm_setup {
	struct llm_config cfg;
	struct llm_client *client;
	struct llm_cache *cache;
};

static int llm_setup(struct llm_setup *l, struct store *s, int concurrency)
{
	struct buf err = BUF_INIT;
	const char *base = getenv("OPENAI_BASE_URL");

	if (!base || !*base) {
		cli_error("the llm generator, --tb llm and --tests llm need OPENAI_BASE_URL (e.g. http://127.0.0.1:8000/v1)");
		return -1;
	}
	l->cfg.base_url = base;
	l->cfg.api_key = getenv("OPENAI_API_KEY");
	if (concurrency > 0)
		l->cfg.concurrency = concurrency;
	if (llm_global_init() < 0) {
		cli_error("cannot initialise libcurl");
		return -1;
	}
	l->cache = llm_cache_attach(store_db(s), &err);
	if (l->cache)
		l->client = llm_client_new(&l->cfg, &err);
	if (!l->client) {
		cli_error("%s", err.data);
		buf_release(&err);
		return -1;
	}
	llm_client_set_cache(l->client, l->cache, 0);
	buf_release(&err);
	return 0;
}

static void llm_teardown(struct llm_setup *l)
{
	llm_client_free(l->client);
	llm_cache_close(l->cache);
	l->client = NULL;
	l->cache = NULL;
}

/* Run the stages through `last` not done yet (the last always runs); print the report. */
static int drive(struct store *s, struct stage_ctx *ctx, enum stage_id last, int concurrency,
		 int print_report)
{
	struct llm_setup l = { LLM_CONFIG_INIT, NULL, NULL };
	struct progress_state ps;
	struct buf err = BUF_INIT, text = BUF_INIT;
	int ret = EXIT_RUNTIME;
	enum stage_id first;
	cJSON *rep = NULL;

	progress_init(&ps);
	stop_level = 0;
	stop_signal = 0;
	ctx->stop = &stop_level;
	stop_handlers(1);
	ctx->store = s;
	ctx->progress = on_progress;
	ctx->pctx = &ps;
	if (stage_first_missing(s, last, &first, &err) < 0) {
		cli_error("%s", err.data);
		goto out;
	}
	if ((!strcmp(ctx->cfg.generator, "llm") && first <= STAGE_SAMPLE && last >= STAGE_SAMPLE) ||
	    (((ctx->cfg.tb & STAGE_TB_LLM) || !strcmp(ctx->cfg.tests, "llm")) &&
	     first <= STAGE_TESTBENCHES && last >= STAGE_TESTBENCHES)) {
		if (llm_setup(&l, s, concurrency) < 0)
			goto out;
		ctx->llm = l.client;
	}
	if (stage_run(ctx, first, last, &err) < 0) {
		if (ctx->stopped) {
			fprintf(stderr, "veripref: %s (%s); the run is saved: continue it with "
				"'veripref run --out %s --resume'\n", err.data,
				stop_signal == SIGUSR1 ? "SIGUSR1" : stop_signal == SIGTERM ? "SIGTERM" :
				"SIGINT", store_dir(s));
			ret = EXIT_STOPPED;
		} else {
			cli_error("%s", err.data);
		}
		goto out;
	}
	if (ctx->batch_benches || ctx->batch_unmatched) {
		struct buf line = BUF_INIT;

		gradebatch_stats_line(&ctx->batch_stats, &line);
		fprintf(stderr, "%s; %zu differential bench%s batched, %zu graded one by one "
			"(not rebuilt byte for byte)\n", line.data, ctx->batch_benches,
			ctx->batch_benches == 1 ? "" : "es", ctx->batch_unmatched);
		buf_release(&line);
	}
	if (print_report) {
		rep = report_build(s, &err);
		if (!rep) {
			cli_error("%s", err.data);
			goto out;
		}
		report_text(rep, &text);
		fputs(text.data, stdout);
	}
	ret = EXIT_OK;
out:
	stop_handlers(0);
	ctx->stop = NULL;
	cJSON_Delete(rep);
	llm_teardown(&l);
	buf_release(&err);
	buf_release(&text);
	return ret;
}

static int dir_is_empty(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	int empty = 1;

	if (!d)
		return errno == ENOENT;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			empty = 0;
			break;
		}
	closedir(d);
	return empty;
}

/* ---- veripref run ---- */

enum {
	OPT_TASKS = 0x200, OPT_OUT, OPT_GENERATOR, OPT_MODEL, OPT_TB, OPT_METHOD, OPT_PAIRS,
	OPT_FORMAT, OPT_SEED, OPT_SHARD, OPT_RESUME, OPT_STOP, OPT_CONC, OPT_TEMP, OPT_MAXTOK,
	OPT_TESTS, OPT_TESTS_N, OPT_BATCH,
};

/* Parse --batch into *batch; 0, or -1 after the usage error (cmd_grade.c's words). */
static int parse_batch(const char *cmd, const char *arg, int *batch)
{
	if (!gradebatch_parse(arg, batch))
		return 0;
	cli_usage_error(cmd, "--batch wants 'auto' or a number in 1..%d, not '%s'", GRADEBATCH_MAX,
			arg);
	return -1;
}

/* Keys given on the command line (so a resume compares only those). */
struct given {
	const char *keys[24];
	int n;
};

static void give(struct given *g, const char *k)
{
	int i;

	for (i = 0; i < g->n; i++)
		if (!strcmp(g->keys[i], k))
			return;
	g->keys[g->n++] = k;
}

static int is_given(const struct given *g, const char *k)
{
	int i;

	for (i = 0; i < g->n; i++)
		if (!strcmp(g->keys[i], k))
			return 1;
	return 0;
}

int cmd_run(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "tasks", required_argument, NULL, OPT_TASKS },
		{ "out", required_argument, NULL, OPT_OUT },
		{ "generator", required_argument, NULL, OPT_GENERATOR },
		{ "model", required_argument, NULL, OPT_MODEL },
		{ "tb", required_argument, NULL, OPT_TB },
		{ "method", required_argument, NULL, OPT_METHOD },
		{ "pairs", required_argument, NULL, OPT_PAIRS },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "seed", required_argument, NULL, OPT_SEED },
		{ "shard", required_argument, NULL, OPT_SHARD },
		{ "resume", no_argument, NULL, OPT_RESUME },
		{ "stop-after", required_argument, NULL, OPT_STOP },
		{ "llm-concurrency", required_argument, NULL, OPT_CONC },
		{ "temperature", required_argument, NULL, OPT_TEMP },
		{ "max-tokens", required_argument, NULL, OPT_MAXTOK },
		{ "tests", required_argument, NULL, OPT_TESTS },
		{ "tests-n", required_argument, NULL, OPT_TESTS_N },
		{ "batch", required_argument, NULL, OPT_BATCH },
		{ "help", no_argument, NULL, 'h' },
		GRADEOPT_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	struct stage_ctx ctx;
	struct gradeopt_env env = GRADEOPT_ENV_INIT;
	struct given g = { { 0 }, 0 };
	struct buf err = BUF_INIT, val = BUF_INIT;
	struct store *s = NULL;
	const char *out = NULL, *model_env = getenv("OPENAI_MODEL"), *base = getenv("OPENAI_BASE_URL");
	enum stage_id last = STAGE_PAIRS;
	int c, resume = 0, ret = EXIT_USAGE, is_new, r;
	long v, conc = 0;
	char **kv = NULL;
	size_t nkv = 0, i, k;

	memset(&ctx, 0, sizeof(ctx));
	run_config_init(&ctx.cfg);
	grade_opts_init(&ctx.gopts);
	if (base && *base) {
		free(ctx.cfg.generator);
		ctx.cfg.generator = xstrdup("llm");
	}
	if (model_env) {
		free(ctx.cfg.model);
		ctx.cfg.model = xstrdup(model_env);
	}
	optind = 1;
	while ((c = getopt_long(argc, argv, "hn:", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_TASKS:
			free(ctx.cfg.tasks);
			ctx.cfg.tasks = xstrdup(optarg);
			give(&g, "tasks");
			break;
		case OPT_OUT:
			out = optarg;
			break;
		case OPT_GENERATOR:
			if (strcmp(optarg, "mutate") && strcmp(optarg, "llm") &&
			    (strncmp(optarg, "import:", 7) || !optarg[7])) {
				cli_usage_error("run", "unknown generator '%s' (llm, mutate or import:FILE)",
						optarg);
				goto out;
			}
			free(ctx.cfg.generator);
			ctx.cfg.generator = xstrdup(optarg);
			give(&g, "generator");
			break;
		case OPT_MODEL:
			free(ctx.cfg.model);
			ctx.cfg.model = xstrdup(optarg);
			give(&g, "model");
			break;
		case 'n':
			if (cli_parse_long(optarg, 1, 100000, &v) < 0) {
				cli_usage_error("run", "-n needs a number from 1 to 100000, not '%s'", optarg);
				goto out;
			}
			ctx.cfg.n = v;
			give(&g, "n");
			break;
		case OPT_TB:
			if (stage_parse_tb(optarg, &ctx.cfg.tb, &err) < 0) {
				cli_usage_error("run", "%s", err.data);
				goto out;
			}
			give(&g, "tb");
			break;
		case OPT_METHOD: {
			enum score_method m;

			if (strcmp(optarg, "auto") && score_method_parse(optarg, &m) < 0) {
				cli_usage_error("run", "unknown method '%s'", optarg);
				goto out;
			}
			free(ctx.cfg.method);
			ctx.cfg.method = xstrdup(optarg);
			give(&g, "method");
			break;
		}
		case OPT_PAIRS:
			if (strcmp(optarg, "best-worst") && strcmp(optarg, "all") && strcmp(optarg, "dstc")) {
				cli_usage_error("run", "unknown pairs strategy '%s' (best-worst, all, dstc)",
						optarg);
				goto out;
			}
			free(ctx.cfg.pairs);
			ctx.cfg.pairs = xstrdup(optarg);
			give(&g, "pairs");
			break;
		case OPT_FORMAT:
			if (strcmp(optarg, "trl") && strcmp(optarg, "trl-chat") && strcmp(optarg, "kto") &&
			    strcmp(optarg, "llamafactory")) {
				cli_usage_error("run", "unknown format '%s' (trl, trl-chat, kto, llamafactory)",
						optarg);
				goto out;
			}
			free(ctx.cfg.format);
			ctx.cfg.format = xstrdup(optarg);
			give(&g, "format");
			break;
		case OPT_SEED:
			if (cli_parse_u64(optarg, &ctx.cfg.seed) < 0) {
				cli_usage_error("run", "--seed needs a whole number, not '%s'", optarg);
				goto out;
			}
			give(&g, "seed");
			break;
		case OPT_SHARD: {
			unsigned si, sn;
			char extra;

			if (sscanf(optarg, "%u/%u%c", &si, &sn, &extra) != 2 || sn == 0 || si >= sn) {
				cli_usage_error("run", "--shard needs I/N with 0 <= I < N, not '%s'", optarg);
				goto out;
			}
			ctx.cfg.shard_i = si;
			ctx.cfg.shard_n = sn;
			give(&g, "shard");
			break;
		}
		case OPT_TEMP: {
			char *end;

			ctx.cfg.temperature = strtod(optarg, &end);
			if (!*optarg || *end || ctx.cfg.temperature < 0 || ctx.cfg.temperature > 2) {
				cli_usage_error("run", "--temperature needs a number from 0 to 2, not '%s'",
						optarg);
				goto out;
			}
			give(&g, "temperature");
			break;
		}
		case OPT_MAXTOK:
			if (cli_parse_long(optarg, 1, 1L << 24, &ctx.cfg.max_tokens) < 0) {
				cli_usage_error("run", "--max-tokens needs a positive number, not '%s'", optarg);
				goto out;
			}
			give(&g, "max-tokens");
			break;
		case OPT_TESTS:
			if (strcmp(optarg, "none") && strcmp(optarg, "llm") &&
			    (strncmp(optarg, "import:", 7) || !optarg[7])) {
				cli_usage_error("run", "unknown --tests '%s' (none, llm or import:FILE)",
						optarg);
				goto out;
			}
			free(ctx.cfg.tests);
			ctx.cfg.tests = xstrdup(optarg);
			give(&g, "tests");
			break;
		case OPT_TESTS_N:
			if (cli_parse_long(optarg, 1, 1000, &ctx.cfg.tests_n) < 0) {
				cli_usage_error("run", "--tests-n needs a number from 1 to 1000, not '%s'",
						optarg);
				goto out;
			}
			give(&g, "tests-n");
			break;
		case OPT_BATCH:   /* not a setting: no give(), nothing stored */
			if (parse_batch("run", optarg, &ctx.batch) < 0)
				goto out;
			break;
		case OPT_RESUME:
			resume = 1;
			break;
		case OPT_STOP:
			if (stage_parse(optarg, &last) < 0) {
				cli_usage_error("run", "unknown stage '%s'", optarg);
				goto out;
			}
			break;
		case OPT_CONC:
			if (cli_parse_long(optarg, 1, 4096, &conc) < 0) {
				cli_usage_error("run", "--llm-concurrency needs a number from 1 to 4096");
				goto out;
			}
			break;
		case 'h':
			printf(run_usage, gradeopt_help);
			ret = EXIT_OK;
			goto out;
		default:
			if (c == GRADEOPT_SIM) {
				if (stage_parse_sims(optarg, &ctx.cfg.sims, &err) < 0) {
					cli_usage_error("run", "%s", err.data);
					goto out;
				}
				give(&g, "sim");
				break;
			}
			switch (gradeopt_parse("run", c, optarg, &ctx.gopts, &env)) {
			case 1:
				break;
			case 0:
				cli_usage_error("run", "bad option");
				goto out;
			default:
				goto out;
			}
		}
	}
	if (optind < argc) {
		cli_usage_error("run", "unexpected argument '%s'", argv[optind]);
		goto out;
	}
	if (!out) {
		cli_usage_error("run", "--out RUN is required");
		goto out;
	}
	if (!resume && !dir_is_empty(out)) {
		cli_error("run directory '%s' is not empty (continue it with --resume)", out);
		goto out;
	}
	ret = EXIT_RUNTIME;
	s = store_open(out, STORE_CREATE, &err);
	if (!s) {
		cli_error("%s", err.data);
		goto out;
	}
	/* New until its config is stored (a run can die before that: disk full). */
	r = store_config_get(s, "seed", &val, &err);
	if (r < 0) {
		cli_error("%s", err.data);
		goto out;
	}
	is_new = r == 0;
	ret = EXIT_USAGE;
	if (is_new && !*ctx.cfg.tasks) {
		cli_usage_error("run", "--tasks DIR is required");
		goto out;
	}
	if (is_new && stage_sw_is_taskfile(ctx.cfg.tasks)) {
		/* The software path: its own sampling prompt, and no mutation engine. */
		if (!strcmp(ctx.cfg.generator, "mutate")) {
			cli_usage_error("run", "software tasks ('%s') have no mutation engine: give "
					"--generator import:FILE, or --generator llm with OPENAI_BASE_URL",
					ctx.cfg.tasks);
			goto out;
		}
		free(ctx.cfg.prompt);
		ctx.cfg.prompt = xstrdup("sample_sw.v1");
	} else if (is_new && strcmp(ctx.cfg.tests, "none")) {
		cli_usage_error("run", "--tests is for software task files (.jsonl); RTL tasks use --tb");
		goto out;
	}
	if (is_new && (!strcmp(ctx.cfg.generator, "llm") || (ctx.cfg.tb & STAGE_TB_LLM) ||
		       !strcmp(ctx.cfg.tests, "llm")) &&
	    !*ctx.cfg.model) {
		cli_usage_error("run", "--model is required with --generator llm and --tb llm"
				" (or set OPENAI_MODEL)");
		goto out;
	}
	ret = EXIT_RUNTIME;
	/* A new run stores every setting; a resume compares the ones given. */
	kv = run_config_to_kv(&ctx.cfg, &nkv);
	if (!is_new) {
		for (i = k = 0; i < nkv; i += 2) {
			if (is_given(&g, kv[i])) {
				char *a = kv[i], *b = kv[i + 1];

				kv[i] = kv[k];
				kv[i + 1] = kv[k + 1];
				kv[k] = a;
				kv[k + 1] = b;
				k += 2;
			}
		}
	} else {
		k = nkv;
	}
	r = store_config_check(s, (const char *const *)kv, k, &err);
	if (r) {
		cli_error("%s", err.data);
		ret = r > 0 ? EXIT_USAGE : EXIT_RUNTIME;
		goto out;
	}
	run_config_release(&ctx.cfg);
	if (stage_config_load(s, &ctx.cfg, &err) < 0) {
		cli_error("%s", err.data);
		goto out;
	}
	if (gradeopt_env_init(&env, &ctx.gopts) < 0)
		goto out;
	ret = drive(s, &ctx, last, (int)conc, 1);
out:
	for (i = 0; kv && i < nkv; i++)
		free(kv[i]);
	free(kv);
	store_close(s);
	run_config_release(&ctx.cfg);
	gradeopt_env_release(&env);
	buf_release(&err);
	buf_release(&val);
	return ret;
}

/* ---- the stage commands ---- */

int cmd_run_stage(const char *name, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "llm-concurrency", required_argument, NULL, OPT_CONC },
		{ "batch", required_argument, NULL, OPT_BATCH },
		{ "help", no_argument, NULL, 'h' },
		GRADEOPT_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	struct stage_ctx ctx;
	struct gradeopt_env env = GRADEOPT_ENV_INIT;
	struct buf err = BUF_INIT;
	struct store *s = NULL;
	enum stage_id last;
	const char *dir = NULL;
	int c, ret = EXIT_USAGE;
	long conc = 0;

	memset(&ctx, 0, sizeof(ctx));
	grade_opts_init(&ctx.gopts);
	if (stage_parse(name, &last) < 0)
		return cli_usage_error(name, "not a stage");
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_CONC:
			if (cli_parse_long(optarg, 1, 4096, &conc) < 0)
				return cli_usage_error(name, "--llm-concurrency needs a number from 1 to 4096");
			break;
		case OPT_BATCH:
			if (parse_batch(name, optarg, &ctx.batch) < 0)
				return EXIT_USAGE;
			break;
		case 'h':
			printf(stage_usage, name, name, gradeopt_help);
			return EXIT_OK;
		default:
			if (c == GRADEOPT_SIM)
				return cli_usage_error(name, "--sim is a setting of the run; it cannot change here");
			switch (gradeopt_parse(name, c, optarg, &ctx.gopts, &env)) {
			case 1:
				break;
			case 0:
				return cli_usage_error(name, "bad option");
			default:
				return EXIT_USAGE;
			}
		}
	}
	if (optind + 1 != argc)
		return cli_usage_error(name, optind >= argc ? "RUN is required" : "one RUN only");
	dir = argv[optind];
	ret = EXIT_RUNTIME;
	s = store_open(dir, 0, &err);
	if (!s || stage_config_load(s, &ctx.cfg, &err) < 0) {
		cli_error("%s", err.data);
		goto out;
	}
	if (gradeopt_env_init(&env, &ctx.gopts) < 0)
		goto out;
	ret = drive(s, &ctx, last, (int)conc, 0);
	if (ret == EXIT_OK && last == STAGE_PAIRS) {
		char *p = stage_pairs_path(dir, ctx.cfg.format);

		printf("%s\n", p);
		free(p);
	}
out:
	store_close(s);
	run_config_release(&ctx.cfg);
	gradeopt_env_release(&env);
	buf_release(&err);
	return ret;
}

int cmd_run_is_run_form(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++)
		if (argv[i][0] != '-' && store_exists(argv[i]))
			return 1;
	return 0;
}

int cmd_sample(int argc, char **argv)
{
	return cmd_run_stage("sample", argc, argv);
}

/* ---- veripref report ---- */

int cmd_report(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *format = "text";
	struct buf err = BUF_INIT, text = BUF_INIT;
	struct store *s = NULL;
	cJSON *rep = NULL;
	int c, ret = EXIT_RUNTIME;

	optind = 1;
	while ((c = getopt_long(argc, argv, "hf:", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (strcmp(optarg, "text") && strcmp(optarg, "json") && strcmp(optarg, "junit"))
				return cli_usage_error("report", "unknown format '%s' (text, json or junit)",
						       optarg);
			format = optarg;
			break;
		case 'h':
			fputs(report_usage, stdout);
			return EXIT_OK;
		default:
			return cli_usage_error("report", "bad option");
		}
	}
	if (optind + 1 != argc)
		return cli_usage_error("report", optind >= argc ? "RUN is required" : "one RUN only");
	s = store_open(argv[optind], STORE_READONLY, &err);
	if (s && !strcmp(format, "junit")) {
		if (report_junit(s, stdout, &err) < 0)
			cli_error("%s", err.data);
		else
			ret = EXIT_OK;
		goto out;
	}
	if (!s || !(rep = report_build(s, &err))) {
		cli_error("%s", err.data);
		goto out;
	}
	if (!strcmp(format, "json")) {
		char *j = cJSON_Print(rep);

		puts(j);
		free(j);
	} else {
		report_text(rep, &text);
		fputs(text.data, stdout);
	}
	ret = EXIT_OK;
out:
	cJSON_Delete(rep);
	store_close(s);
	buf_release(&err);
	buf_release(&text);
	return ret;
}
