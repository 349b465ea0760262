/*
 * veripref score: rank the candidates of a matrix file with one method
 * (JSONL, one line per task), evaluate every method against labels
 * (--eval), or time every method (--bench).  The file is streamed one task
 * at a time; memory holds one task.  `score RUN --eval` evaluates the
 * matrices of a run directory instead (stage_task_matrix(): the labels are
 * the ground truth where the run knows it).
 */
#include "pipeline/cli.h"
#include "pipeline/commands.h"
#include "pipeline/matrix.h"
#include "pipeline/score.h"
#include "pipeline/stage.h"
#include "pipeline/store.h"
#include "sim/buf.h"

#include <cjson/cJSON.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static const char usage_text[] =
	"usage: veripref score [--method M] [options] FILE\n"
	"       veripref score --eval [--method M]... [--format text|jsonl] FILE\n"
	"       veripref score --bench [--method M]... FILE\n"
	"       veripref score RUN\n"
	"       veripref score --eval [--method M]... [--format text|jsonl] RUN\n"
	"\n"
	"With a run directory (see veripref run), runs the score stage of that run\n"
	"with its stored settings (and any earlier stage not done yet); with --eval,\n"
	"evaluates the methods on the run's matrices against the ground truth.\n"
	"\n"
	"Rank the candidates of every task of a matrix file (JSON Lines, '-' for\n"
	"standard input).  Without --eval or --bench, prints one JSON line per task\n"
	"with the tie groups of --method (default codet), best first.  With a run\n"
	"directory, --eval reads its stored matrices (software runs: the generated\n"
	"tests, labelled by the ground-truth test); without --eval, `score RUN` is\n"
	"the run's score stage (veripref score RUN --help).\n"
	"\n"
	"  -m, --method M         truth, truth-all, maxpass, codet, b4, cluster, pagerank\n"
	"                         (repeatable with --eval/--bench; default: all)\n"
	"  -e, --eval             expected pass@1/2/5/10 (percent) against the labels,\n"
	"                         plus the random-pick baseline\n"
	"  -f, --format F         text (default) or jsonl, for --eval\n"
	"      --bench            time every method; print cells per second and peak memory\n"
	"      --codet-power P    CodeT's p in |S_x|^p * |S_y| (default 0.5; the paper uses 1)\n"
	"      --b4-alpha A       B4's alpha (default 1e3)\n"
	"      --b4-beta0 B       B4's beta0 (default 1e5)\n"
	"      --damping D        pagerank damping (default 0.85)\n"
	"      --rounds N         pagerank rounds (default 10)\n"
	"      --max-line BYTES   longest accepted line (default 268435456)\n"
	"  -h, --help             show this help\n"
	"\n"
	"Exit status: 0 ok, 2 usage error, 3 unreadable or malformed file.\n";

enum mode { MODE_RANK, MODE_EVAL, MODE_BENCH };

struct opts {
	enum mode mode;
	int methods[SCORE_NMETHODS];
	int nmethods;
	int jsonl;
	size_t max_line;
	struct score_params params;
	const char *file;
};

static const unsigned eval_k[] = { 1, 2, 5, 10 };
#define NK (sizeof(eval_k) / sizeof(eval_k[0]))

static int parse_opts(int argc, char **argv, struct opts *o)
{
	enum { OPT_BENCH = 256, OPT_POWER, OPT_ALPHA, OPT_BETA0, OPT_DAMP, OPT_ROUNDS, OPT_MAXLINE };
	static const struct option longopts[] = {
		{ "method", required_argument, NULL, 'm' },
		{ "eval", no_argument, NULL, 'e' },
		{ "format", required_argument, NULL, 'f' },
		{ "bench", no_argument, NULL, OPT_BENCH },
		{ "codet-power", required_argument, NULL, OPT_POWER },
		{ "b4-alpha", required_argument, NULL, OPT_ALPHA },
		{ "b4-beta0", required_argument, NULL, OPT_BETA0 },
		{ "damping", required_argument, NULL, OPT_DAMP },
		{ "rounds", required_argument, NULL, OPT_ROUNDS },
		{ "max-line", required_argument, NULL, OPT_MAXLINE },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c, i;
	long l;
	enum score_method m;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":m:ef:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'm':
			if (score_method_parse(optarg, &m))
				return cli_usage_error("score", "unknown method '%s'", optarg);
			for (i = 0; i < o->nmethods; i++)
				if (o->methods[i] == (int)m)
					break;
			if (i == o->nmethods)
				o->methods[o->nmethods++] = (int)m;
			break;
		case 'e':
			o->mode = MODE_EVAL;
			break;
		case OPT_BENCH:
			o->mode = MODE_BENCH;
			break;
		case 'f':
			if (!strcmp(optarg, "text"))
				o->jsonl = 0;
			else if (!strcmp(optarg, "jsonl"))
				o->jsonl = 1;
			else
				return cli_usage_error("score", "unknown format '%s' (text or jsonl)", optarg);
			break;
		case OPT_POWER:
			if (cli_parse_double(optarg, 0, 100, &o->params.codet_power))
				return cli_usage_error("score", "--codet-power wants a number in [0, 100], not '%s'", optarg);
			break;
		case OPT_ALPHA:
			if (cli_parse_double(optarg, 1e-9, 1e15, &o->params.b4_alpha))
				return cli_usage_error("score", "--b4-alpha wants a positive number, not '%s'", optarg);
			break;
		case OPT_BETA0:
			if (cli_parse_double(optarg, 1e-9, 1e15, &o->params.b4_beta0))
				return cli_usage_error("score", "--b4-beta0 wants a positive number, not '%s'", optarg);
			break;
		case OPT_DAMP:
			if (cli_parse_double(optarg, 0, 1, &o->params.pagerank_damping))
				return cli_usage_error("score", "--damping wants a number in [0, 1], not '%s'", optarg);
			break;
		case OPT_ROUNDS:
			if (cli_parse_long(optarg, 0, 1000000, &l))
				return cli_usage_error("score", "--rounds wants a whole number in [0, 1000000], not '%s'", optarg);
			o->params.pagerank_rounds = (int)l;
			break;
		case OPT_MAXLINE:
			if (cli_parse_long(optarg, 1, LONG_MAX, &l))
				return cli_usage_error("score", "--max-line wants a positive number of bytes, not '%s'", optarg);
			o->max_line = (size_t)l;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return -1;
		case ':':
			return cli_usage_error("score", "option '%s' needs a value", argv[optind - 1]);
		default:
			return cli_usage_error("score", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind != argc - 1)
		return cli_usage_error("score", optind == argc ? "no matrix file given" :
				       "expected one matrix file, got %d arguments", argc - optind);
	o->file = argv[optind];
	if (o->mode == MODE_RANK && o->nmethods > 1)
		return cli_usage_error("score", "ranking prints one method; give one --method (or use --eval)");
	if (o->mode != MODE_RANK && o->nmethods == 0)
		for (i = 0; i < SCORE_NMETHODS; i++)
			o->methods[o->nmethods++] = i;
	if (o->mode == MODE_RANK && o->nmethods == 0)
		o->methods[o->nmethods++] = SCORE_CODET;
	return 0;
}

/* ---- rank: one JSON line per task ---- */

static void print_ranking(const struct matrix_task *t, enum score_method m,
			  const struct score_result *r)
{
	cJSON *o = cJSON_CreateObject(), *groups, *unranked;
	char *s;
	size_t g, i;

	cJSON_AddStringToObject(o, "task_id", t->task_id);
	cJSON_AddStringToObject(o, "method", score_method_name(m));
	cJSON_AddNumberToObject(o, "ranked", (double)r->nranked);
	groups = cJSON_AddArrayToObject(o, "groups");
	for (g = 0; g < r->ngroups; g++) {
		cJSON *grp = cJSON_CreateObject(), *ids, *scores;

		cJSON_AddNumberToObject(grp, "score", r->score[r->order[r->group_start[g]]]);
		ids = cJSON_AddArrayToObject(grp, "candidates");
		scores = cJSON_AddArrayToObject(grp, "scores");
		for (i = r->group_start[g]; i < r->group_start[g + 1]; i++) {
			cJSON_AddItemToArray(ids, cJSON_CreateString(t->cand[r->order[i]].id));
			cJSON_AddItemToArray(scores, cJSON_CreateNumber(r->score[r->order[i]]));
		}
		cJSON_AddItemToArray(groups, grp);
	}
	unranked = cJSON_AddArrayToObject(o, "unranked");
	for (i = r->nranked; i < r->ncand; i++)
		cJSON_AddItemToArray(unranked, cJSON_CreateString(t->cand[r->order[i]].id));
	s = cJSON_PrintUnformatted(o);
	if (!s) {
		fprintf(stderr, "veripref: fatal: out of memory printing JSON\n");
		abort();
	}
	puts(s);
	cJSON_free(s);
	cJSON_Delete(o);
}

/* ---- eval ---- */

struct eval_acc {
	double sum[NK];
	size_t ranked;
};

static void print_eval_line(const struct opts *o, const char *name, const struct eval_acc *a,
			    size_t tasks)
{
	size_t k;

	if (o->jsonl) {
		printf("{\"method\":\"%s\"", name);
		for (k = 0; k < NK; k++)
			printf(",\"pass@%u\":%.2f", eval_k[k], 100 * a->sum[k] / (double)tasks);
		printf(",\"tasks\":%zu,\"ranked\":%zu}\n", tasks, a->ranked);
		return;
	}
	printf("%-10s", name);
	for (k = 0; k < NK; k++)
		printf(" %7.2f", 100 * a->sum[k] / (double)tasks);
	printf(" %6zu %6zu\n", tasks, a->ranked);
}

/* ---- the matrices of a run directory, for `score RUN --eval` ---- */

struct run_src {
	struct store *store;
	struct stage_ctx ctx;
	struct store_task *tasks;
	size_t ntasks, next;
};

static int has_eval(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--eval") || !strcmp(argv[i], "-e"))
			return 1;
	return 0;
}

static void run_src_close(struct run_src *r)
{
	store_tasks_free(r->tasks, r->ntasks);
	run_config_release(&r->ctx.cfg);
	store_close(r->store);
	memset(r, 0, sizeof(*r));
}

static int run_src_open(struct run_src *r, const char *dir, char *err)
{
	struct buf e = BUF_INIT;

	memset(r, 0, sizeof(*r));
	r->store = store_open(dir, STORE_READONLY, &e);
	if (r->store) {
		r->ctx.store = r->store;
		if (stage_config_load(r->store, &r->ctx.cfg, &e) == 0 &&
		    store_tasks_list(r->store, &r->tasks, &r->ntasks, &e) == 0) {
			buf_release(&e);
			return 0;
		}
	}
	snprintf(err, MATRIX_ERR_MAX, "%s", e.data ? e.data : "cannot open the run");
	buf_release(&e);
	run_src_close(r);
	return -1;
}

/* 1 and the next task's matrix in t, 0 at the end, -1 with err. */
static int run_src_next(struct run_src *r, struct matrix_task *t, char *err)
{
	struct buf e = BUF_INIT;
	enum score_method m;

	if (r->next >= r->ntasks)
		return 0;
	if (stage_task_matrix(&r->ctx, &r->tasks[r->next++], t, &m, &e) < 0) {
		snprintf(err, MATRIX_ERR_MAX, "%s", e.data ? e.data : "cannot read the run");
		buf_release(&e);
		return -1;
	}
	buf_release(&e);
	return 1;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static long peak_rss_kib(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

int cmd_score(int argc, char **argv)
{
	struct opts o = { .mode = MODE_RANK, .params = SCORE_PARAMS_INIT };
	struct matrix_task t = MATRIX_TASK_INIT;
	struct score_result r = SCORE_RESULT_INIT;
	struct matrix_reader *rd = NULL;
	struct run_src run = { 0 };
	int from_run = 0;
	struct eval_acc acc[SCORE_NMETHODS + 1];
	double secs[SCORE_NMETHODS] = { 0 }, parse_secs = 0, t0;
	unsigned long long cells = 0, packed = 0;
	size_t tasks = 0, skipped = 0, nosig = 0, k;
	long rss_start = peak_rss_kib();
	char err[MATRIX_ERR_MAX];
	int rc, i, status = EXIT_OK;

	/* `veripref score RUN`: the stage of a run directory (cmd_run.c). */
	if (cmd_run_is_run_form(argc, argv)) {
		if (!has_eval(argc, argv))
			return cmd_run_stage("score", argc, argv);
		from_run = 1;
	}
	rc = parse_opts(argc, argv, &o);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	memset(acc, 0, sizeof(acc));
	if (from_run ? run_src_open(&run, o.file, err) < 0 :
	    !(rd = matrix_reader_open(o.file, o.max_line, err))) {
		cli_error("%s", err);
		return EXIT_RUNTIME;
	}
	for (;;) {
		t0 = now();
		rc = from_run ? run_src_next(&run, &t, err) : matrix_reader_next(rd, &t, err);
		parse_secs += now() - t0;
		if (rc <= 0)
			break;
		cells += (unsigned long long)t.ncand * t.ntest;
		packed += (unsigned long long)t.ncand * t.words * sizeof(uint64_t);
		nosig += !t.has_signatures;
		if (o.mode == MODE_RANK) {
			score_task(&t, (enum score_method)o.methods[0], &o.params, &r);
			print_ranking(&t, (enum score_method)o.methods[0], &r);
			continue;
		}
		if (o.mode == MODE_BENCH) {
			/* Untimed warm-up: the first pass over a freshly parsed
			 * task pays its cache misses, whichever method runs it. */
			score_task(&t, SCORE_TRUTH_ALL, &o.params, &r);
			for (i = 0; i < o.nmethods; i++) {
				t0 = now();
				score_task(&t, (enum score_method)o.methods[i], &o.params, &r);
				secs[o.methods[i]] += now() - t0;
			}
			tasks++;
			continue;
		}
		if (!score_task_labelled(&t)) {
			skipped++;
			continue;
		}
		tasks++;
		for (k = 0; k < NK; k++)
			acc[SCORE_NMETHODS].sum[k] += score_pass_at_k(&t, NULL, eval_k[k]);
		for (i = 0; i < o.nmethods; i++) {
			struct eval_acc *a = &acc[o.methods[i]];

			score_task(&t, (enum score_method)o.methods[i], &o.params, &r);
			a->ranked += r.ngroups > 0;
			for (k = 0; k < NK; k++)
				a->sum[k] += score_pass_at_k(&t, &r, eval_k[k]);
		}
	}
	if (rc < 0) {
		cli_error("%s", err);
		status = EXIT_RUNTIME;
		goto out;
	}
	if (o.mode == MODE_EVAL) {
		if (!tasks) {
			cli_error("'%s': no task has a label on every candidate; nothing to evaluate",
				  o.file);
			status = EXIT_RUNTIME;
			goto out;
		}
		if (!o.jsonl)
			printf("%-10s  pass@1  pass@2  pass@5 pass@10  tasks ranked\n", "method");
		print_eval_line(&o, "random", &acc[SCORE_NMETHODS], tasks);
		for (i = 0; i < o.nmethods; i++)
			print_eval_line(&o, score_method_name((enum score_method)o.methods[i]),
					&acc[o.methods[i]], tasks);
		if (skipped)
			cli_warning("'%s': skipped %zu task%s without a label on every candidate",
				    o.file, skipped, skipped == 1 ? "" : "s");
	} else if (o.mode == MODE_BENCH) {
		long rss = peak_rss_kib();

		printf("bench: %zu tasks, %llu cells, packed matrix %.1f KiB\n",
		       tasks, cells, (double)packed / 1024);
		printf("%-10s %10s %14s\n", "method", "seconds", "Mcells/s");
		printf("%-10s %10.4f %14.1f\n", "parse", parse_secs,
		       parse_secs > 0 ? (double)cells / parse_secs / 1e6 : 0);
		for (i = 0; i < o.nmethods; i++) {
			double s = secs[o.methods[i]];

			printf("%-10s %10.4f %14.1f\n", score_method_name((enum score_method)o.methods[i]),
			       s, s > 0 ? (double)cells / s / 1e6 : 0);
		}
		printf("peak RSS %ld KiB (%ld KiB at start, %ld KiB growth); growth / packed = %.2f\n",
		       rss, rss_start, rss - rss_start,
		       packed ? (double)(rss - rss_start) * 1024 / (double)packed : 0);
	}
	if (nosig && o.mode != MODE_BENCH)
		for (i = 0; i < o.nmethods; i++)
			if (o.methods[i] == SCORE_CLUSTER) {
				cli_warning("'%s': %zu task%s without \"signatures\": cluster ranks nothing there",
					    o.file, nosig, nosig == 1 ? "" : "s");
				break;
			}
out:
	score_result_release(&r);
	matrix_task_release(&t);
	matrix_reader_close(rd);
	run_src_close(&run);
	return status;
}
