/*
 * veripref swgrade: execute software candidates (Python, C) against unit
 * tests and write the matrix file that `veripref score` and `veripref pairs`
 * read.  A thin command over swtask (files), swextract (samples -> programs
 * and asserts) and swgrade (sandboxed execution).
 */
#include "pipeline/cli.h"
#include "pipeline/commands.h"
#include "pipeline/swextract.h"
#include "pipeline/swgrade.h"
#include "pipeline/swtask.h"
#include "sim/sandbox.h"
#include "sim/xalloc.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
	"usage: veripref swgrade --tasks FILE [--samples FILE] [--tests FILE] [--canonical]\n"
	"                        [--jobs J] [-o MATRIX.jsonl] [options]\n"
	"\n"
	"Run every candidate of every task against its tests, sandboxed, and write\n"
	"one matrix line per task (the format `veripref score` reads).  Columns are\n"
	"the generated tests (--tests) when a task has any, else its ground-truth\n"
	"test; the ground truth, when present, fills each candidate's label.\n"
	"\n"
	"  -t, --tasks FILE        tasks, JSON Lines (.gz too): HumanEval, EvalPlus or MBPP\n"
	"  -s, --samples FILE      solutions: {\"task_id\",\"solution\"|\"completion\"} lines or\n"
	"                          the CodeT layout {\"prompt\",\"samples\":[...]}\n"
	"  -T, --tests FILE        test samples: CodeT layout, or {\"task_id\",\"test\"|\"tests\"}\n"
	"      --max-asserts K     asserts kept per test sample (default 5; 0: all)\n"
	"      --canonical         grade each task's canonical solution too (alone: a\n"
	"                          sanity check of the task file; exit 1 if one fails)\n"
	"  -o, --output FILE       matrix file (default: standard output)\n"
	"  -j, --jobs J            parallel workers (default: online CPUs)\n"
	"      --timeout S         seconds per test (default 3)\n"
	"      --load-timeout S    seconds to load a Python candidate (default 10)\n"
	"      --compile-timeout S seconds per C compile step (default 60)\n"
	"      --sanitize          C: compile with -fsanitize=address,undefined\n"
	"      --sandbox MODE      auto (default), bwrap or none\n"
	"      --one-test-per-process  Python: one runner per (candidate, test) pair\n"
	"                          (the benchmark's baseline; slower, same results)\n"
	"  -h, --help              show this help\n"
	"\n"
	"Exit status: 0 ok, 1 a canonical solution failed its ground truth (--canonical),\n"
	"2 usage error, 3 unreadable file or runtime error.\n";

enum {
	OPT_CANONICAL = 0x100,
	OPT_TIMEOUT,
	OPT_LOAD_TIMEOUT,
	OPT_COMPILE_TIMEOUT,
	OPT_SANITIZE,
	OPT_SANDBOX,
	OPT_MAX_ASSERTS,
	OPT_PER_TEST,
};

struct task_work {
	struct sw_cand *cands;
	size_t nc, ca;
	struct swx_tests tests;
	struct buf **programs;    /* owned program texts */
	size_t np, pa;
	size_t nsamples;
};

static void add_cand(struct task_work *w, const char *id, struct buf *program)
{
	struct buf *b = xmalloc(sizeof(*b));

	*b = *program;
	buf_init(program, 0);
	ALLOC_GROW(w->programs, w->np + 1, w->pa);
	w->programs[w->np++] = b;
	ALLOC_GROW(w->cands, w->nc + 1, w->ca);
	w->cands[w->nc].id = xstrdup(id);
	w->cands[w->nc].program = b->data;
	w->cands[w->nc].multiplicity = 1;
	w->nc++;
}

static void work_release(struct task_work *w)
{
	size_t i;

	for (i = 0; i < w->nc; i++)
		free((char *)w->cands[i].id);
	free(w->cands);
	for (i = 0; i < w->np; i++) {
		buf_release(w->programs[i]);
		free(w->programs[i]);
	}
	free(w->programs);
	swx_tests_release(&w->tests);
}

/* Each task's test samples -> its tests (swgrade_build_tests). */
static int build_tests(const struct sw_taskset *ts, const struct sw_samples *tsamp,
		       struct task_work *work, size_t max_asserts)
{
	const char **texts = xcalloc(tsamp->n + 1, sizeof(*texts));
	int *verb = xcalloc(tsamp->n + 1, sizeof(*verb));
	struct buf err = BUF_INIT;
	size_t i, k, n;
	int ret = 0;

	for (i = 0; i < ts->n && !ret; i++) {
		for (k = 0, n = 0; k < tsamp->n; k++)
			if (tsamp->v[k].task == i) {
				texts[n] = tsamp->v[k].text;
				verb[n++] = tsamp->v[k].verbatim;
			}
		if (n && swgrade_build_tests(&ts->v[i], texts, verb, n, max_asserts,
					     &work[i].tests, &err) < 0) {
			cli_error("%s", err.data);
			ret = -1;
		}
	}
	free(texts);
	free(verb);
	buf_release(&err);
	return ret;
}

int cmd_swgrade(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "tasks", required_argument, NULL, 't' },
		{ "samples", required_argument, NULL, 's' },
		{ "tests", required_argument, NULL, 'T' },
		{ "canonical", no_argument, NULL, OPT_CANONICAL },
		{ "output", required_argument, NULL, 'o' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "timeout", required_argument, NULL, OPT_TIMEOUT },
		{ "load-timeout", required_argument, NULL, OPT_LOAD_TIMEOUT },
		{ "compile-timeout", required_argument, NULL, OPT_COMPILE_TIMEOUT },
		{ "sanitize", no_argument, NULL, OPT_SANITIZE },
		{ "sandbox", required_argument, NULL, OPT_SANDBOX },
		{ "max-asserts", required_argument, NULL, OPT_MAX_ASSERTS },
		{ "one-test-per-process", no_argument, NULL, OPT_PER_TEST },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *tasks_path = NULL, *samples_path = NULL, *tests_path = NULL, *out_path = NULL;
	int canonical = 0, c, status = EXIT_RUNTIME;
	long lval, max_asserts = 5;
	struct swgrade_opts o;
	struct sw_taskset ts = SW_TASKSET_INIT;
	struct sw_samples sols = SW_SAMPLES_INIT, tsamp = SW_SAMPLES_INIT;
	struct task_work *work = NULL;
	struct swgrade *g = NULL;
	struct buf err = BUF_INIT, line = BUF_INIT, prog = BUF_INIT;
	struct matrix_task m = MATRIX_TASK_INIT;
	FILE *out = stdout;
	char *exe = NULL;
	size_t i, j, graded = 0, skipped = 0, ncand = 0, nlabel_right = 0, canon_fail = 0;
	double d;

	swgrade_opts_init(&o);
	optind = 1;
	while ((c = getopt_long(argc, argv, "t:s:T:o:j:h", longopts, NULL)) != -1) {
		switch (c) {
		case 't': tasks_path = optarg; break;
		case 's': samples_path = optarg; break;
		case 'T': tests_path = optarg; break;
		case 'o': out_path = optarg; break;
		case OPT_CANONICAL: canonical = 1; break;
		case OPT_SANITIZE: o.c_sanitize = 1; break;
		case OPT_PER_TEST: o.one_test_per_job = 1; break;
		case 'j':
			if (cli_parse_long(optarg, 1, 1024, &lval) < 0)
				return cli_usage_error("swgrade", "--jobs wants a number from 1 to 1024, not '%s'", optarg);
			o.jobs = (int)lval;
			break;
		case OPT_MAX_ASSERTS:
			if (cli_parse_long(optarg, 0, 1000000, &max_asserts) < 0)
				return cli_usage_error("swgrade", "--max-asserts wants a number, not '%s'", optarg);
			break;
		case OPT_TIMEOUT:
		case OPT_LOAD_TIMEOUT:
		case OPT_COMPILE_TIMEOUT:
			if (cli_parse_seconds(optarg, &d) < 0 || d <= 0)
				return cli_usage_error("swgrade", "a timeout wants a positive number of seconds, not '%s'", optarg);
			if (c == OPT_TIMEOUT)
				o.test_timeout = d;
			else if (c == OPT_LOAD_TIMEOUT)
				o.load_timeout = d;
			else
				o.compile_timeout = d;
			break;
		case OPT_SANDBOX:
			if (!strcmp(optarg, "auto"))
				o.sandbox = SANDBOX_AUTO;
			else if (!strcmp(optarg, "bwrap"))
				o.sandbox = SANDBOX_BWRAP;
			else if (!strcmp(optarg, "none"))
				o.sandbox = SANDBOX_NONE;
			else
				return cli_usage_error("swgrade", "unknown sandbox mode '%s' (auto, bwrap or none)", optarg);
			break;
		case 'h':
			fputs(usage_text, stdout);
			return EXIT_OK;
		default:
			return cli_usage_error("swgrade", "unknown option");
		}
	}
	if (optind < argc)
		return cli_usage_error("swgrade", "unexpected argument '%s'", argv[optind]);
	if (!tasks_path)
		return cli_usage_error("swgrade", "--tasks FILE is required");
	if (!samples_path && !canonical)
		return cli_usage_error("swgrade", "nothing to grade: give --samples FILE or --canonical");

	if (sw_tasks_load(tasks_path, &ts, &err) < 0 ||
	    (samples_path && sw_samples_load(samples_path, &ts, 0, &sols, &err) < 0) ||
	    (tests_path && sw_samples_load(tests_path, &ts, 1, &tsamp, &err) < 0)) {
		cli_error("%s", err.data);
		goto out;
	}
	if (sols.unmatched)
		cli_warning("%zu sample line(s) of '%s' match no task; skipped", sols.unmatched, samples_path);
	if (tsamp.unmatched)
		cli_warning("%zu test line(s) of '%s' match no task; skipped", tsamp.unmatched, tests_path);

	work = xcalloc(ts.n + 1, sizeof(*work));
	for (i = 0; i < ts.n; i++) {
		const struct sw_task *t = &ts.v[i];

		if (canonical && t->canonical_solution) {
			buf_addstr(&prog, t->prompt);
			buf_addstr(&prog, t->canonical_solution);
			add_cand(&work[i], "canonical", &prog);
		}
	}
	for (i = 0; i < sols.n; i++) {
		const struct sw_task *t = &ts.v[sols.v[i].task];
		struct task_work *w = &work[sols.v[i].task];
		char id[32];

		swx_solution(sols.v[i].text, sols.v[i].is_completion, sw_lang_name(t->lang),
			     t->prompt, t->entry_point, &prog);
		snprintf(id, sizeof(id), "c%zu", w->nsamples++);
		add_cand(w, id, &prog);
	}
	if (tests_path && build_tests(&ts, &tsamp, work, (size_t)max_asserts) < 0)
		goto out;

	if (out_path && !(out = fopen(out_path, "w"))) {
		cli_error("cannot open '%s': %s", out_path, strerror(errno));
		out = stdout;
		goto out;
	}
	if (!(exe = cli_exe_path())) {
		cli_error("cannot find this executable (/proc/self/exe)");
		goto out;
	}
	o.worker_exe = exe;
	o.tmp_dir = getenv("TMPDIR");
	if (!(g = swgrade_new(&o, &err))) {
		cli_error("%s", err.data);
		goto out;
	}
	for (i = 0; i < ts.n; i++) {
		const struct sw_task *t = &ts.v[i];
		struct task_work *w = &work[i];
		struct sw_test *tests = xcalloc(w->tests.n + 1, sizeof(*tests));
		char (*ids)[24] = xcalloc(w->tests.n + 1, sizeof(*ids));
		enum swgrade_status st;

		if (!w->nc) {
			free(tests);
			free(ids);
			continue;
		}
		for (j = 0; j < w->tests.n; j++) {
			snprintf(ids[j], sizeof(ids[j]), "t%zu", j);
			tests[j].id = ids[j];
			tests[j].code = w->tests.text[j];
			tests[j].multiplicity = w->tests.mult[j];
		}
		buf_reset(&err);
		st = swgrade_task(g, t, w->cands, w->nc, tests, w->tests.n, &m, &err);
		free(tests);
		free(ids);
		if (st == SWGRADE_ERROR) {
			cli_error("task '%s': %s", t->task_id, err.data);
			goto out;
		}
		if (st == SWGRADE_SKIPPED) {
			cli_warning("%s", err.data);
			skipped++;
			continue;
		}
		graded++;
		ncand += m.ncand;
		for (j = 0; j < m.ncand; j++) {
			if (m.cand[j].label == MATRIX_LABEL_RIGHT)
				nlabel_right++;
			if (canonical && !strcmp(m.cand[j].id, "canonical") &&
			    m.cand[j].label != MATRIX_LABEL_RIGHT) {
				canon_fail++;
				cli_warning("task '%s': the canonical solution fails: %s", t->task_id,
					    m.cand[j].message ? m.cand[j].message :
					    "(no ground truth to pass)");
			}
		}
		buf_reset(&line);
		swgrade_matrix_line(&m, &line);
		if (fwrite(line.data, 1, line.len, out) != line.len) {
			cli_error("cannot write '%s': %s", out_path ? out_path : "standard output",
				  strerror(errno));
			goto out;
		}
	}
	fprintf(stderr, "swgrade: %zu task(s) graded, %zu skipped (no tests and no ground truth), "
		"%zu candidate(s), %zu pass their ground truth\n", graded, skipped, ncand, nlabel_right);
	status = canon_fail ? EXIT_NEGATIVE : EXIT_OK;
out:
	if (out != stdout && fclose(out) != 0 && status != EXIT_RUNTIME) {
		cli_error("cannot write '%s': %s", out_path, strerror(errno));
		status = EXIT_RUNTIME;
	}
	swgrade_free(g);
	for (i = 0; work && i < ts.n; i++)
		work_release(&work[i]);
	free(work);
	matrix_task_release(&m);
	sw_taskset_release(&ts);
	sw_samples_release(&sols);
	sw_samples_release(&tsamp);
	buf_release(&err);
	buf_release(&line);
	buf_release(&prog);
	free(exe);
	return status;
}
