/*
 * swgrade: execute software candidates (Python or C) against unit tests,
 * sandboxed, and fill the pass matrix of the scoring core (matrix.h).
 *
 * One pool job (sim/pool.h: a sandboxed worker, rlimits, deadline, scrubbed
 * environment, fresh directory) per candidate runs all of that candidate's
 * tests, each in a fresh process with its own time limit:
 *
 *   Python  sim/embed/swrun.py, written into the job directory: a supervisor
 *           that never runs candidate code; a load check (a crash, exit or
 *           hang there makes the candidate ok = 0), then for every test a
 *           fresh process that loads the candidate (no fork allowed:
 *           seccomp) and answers calls from a test runner forked from the
 *           supervisor, which runs the test with proxies of the candidate's
 *           functions: arguments and results cross a socket as plain data,
 *           so no candidate code ever runs in the process that decides a
 *           verdict.  The tests travel encrypted with a per-job key, so other
 *           jobs' candidates cannot read them.
 *   C       gcc -O1 of the candidate (a compile or link error makes it
 *           ok = 0 with the compiler's message), linked with the test
 *           translation units (sim/embed/vp_ctest.h) and one harness main
 *           that forks a child per VP_CHECK site (no fork allowed in it).
 *           Native code shares the check's address space: see README.md, "Software path"
 *           for what that leaves open.
 *
 * Only lines tagged with the job's random nonce count; a test without a
 * result line failed.  Infrastructure failures (a worker dying, python3 or
 * gcc missing) are errors of the run: -1, no candidate is blamed.  Threat
 * model and numbers: README.md, "Software path".  This module does not print.
 */
#ifndef VP_SWGRADE_H
#define VP_SWGRADE_H

#include "pipeline/matrix.h"
#include "pipeline/swtask.h"
#include "sim/buf.h"

#include <stddef.h>

struct swgrade_opts {
	int jobs;                 /* parallel workers (default: online CPUs) */
	double test_timeout;      /* seconds per test (default 3) */
	double load_timeout;      /* seconds to load a Python candidate (10) */
	double compile_timeout;   /* seconds per C compile step (60) */
	size_t mem_bytes;         /* address space per process (2 GiB; not
				     applied to sanitizer builds) */
	int c_sanitize;           /* C: -fsanitize=address,undefined */
	int sandbox;              /* enum sandbox_mode (default auto) */
	const char *worker_exe;   /* veripref binary (runs "__worker") */
	const char *tmp_dir;      /* NULL: the pool's default */
	int one_test_per_job;     /* benchmark baseline only (Python): one job
				     per (candidate, test) pair */
	/* Called after each finished candidate (may be NULL). */
	void (*progress)(void *ctx, size_t done, size_t total);
	void *progress_ctx;
};

void swgrade_opts_init(struct swgrade_opts *o);

/* A candidate: the whole program (prompt + completion, or a full solution). */
struct sw_cand {
	const char *id;
	const char *program;
	unsigned long multiplicity;   /* 0 is taken as 1 */
};

/*
 * A generated test.  Python: statements, normally one assert, run with the
 * candidate's functions in scope.  C: an expression (wrapped in VP_CHECK)
 * or one or more VP_CHECK(...); statements.
 */
struct sw_test {
	const char *id;
	const char *code;
	unsigned long multiplicity;   /* 0 is taken as 1 */
};

struct swgrade;

/* Start the workers.  NULL with a sentence in err on failure.  o is copied. */
struct swgrade *swgrade_new(const struct swgrade_opts *o, struct buf *err);
/* Stop the workers and remove the scratch directory.  NULL is accepted. */
void swgrade_free(struct swgrade *g);

enum swgrade_status {
	SWGRADE_ERROR = -1,   /* infrastructure failure; err says what */
	SWGRADE_OK = 0,
	SWGRADE_SKIPPED = 1,  /* neither tests nor a ground truth: *out empty,
				 err says so */
};

/*
 * Grade nc candidates of task t against nt generated tests, one call per
 * task, and fill *out (released first): task id and prompt of t; one
 * candidate per c[] (id, program text, multiplicity, ok, message: the load
 * or compile error, else the first failing test); the columns are the nt
 * tests (id, code, multiplicity) when nt > 0, else the ground truth (Python:
 * one column "check"; C: one column per VP_CHECK site, "check:L<line>").
 * When t->test is present, each candidate's label is 1 when it passes the
 * whole ground truth and 0 otherwise (also when it did not load); without
 * it labels are unknown.
 */
enum swgrade_status swgrade_task(struct swgrade *g, const struct sw_task *t,
				 const struct sw_cand *c, size_t nc,
				 const struct sw_test *tests, size_t nt,
				 struct matrix_task *out, struct buf *err);

/*
 * Which of n Python snippets compile (compile(), never run: one python3
 * process for the batch, not sandboxed since nothing executes).  ok[i] set
 * to 1 or 0.  Returns 0, or -1 with err set when python3 cannot be run.
 */
int swgrade_python_parses(const char *const *texts, size_t n, int *ok, struct buf *err);

/*
 * The generated tests of one task from its test samples (LLM replies or
 * imported samples): each sample is split into asserts that call the entry
 * point (swextract.h; C: each line that calls it), Python pieces that do not
 * compile are dropped (one python3 for the task), at most max_per_sample are
 * kept per sample (0: all), duplicates fold into multiplicities.  verbatim
 * (may be NULL) marks samples that are one test each, not to be split.
 * Appends to out.  Returns 0, or -1 with err set when python3 cannot run.
 */
struct swx_tests;
int swgrade_build_tests(const struct sw_task *t, const char *const *samples,
			const int *verbatim, size_t n, size_t max_per_sample,
			struct swx_tests *out, struct buf *err);

/* Append t as one matrix-file line (README.md, "Scoring and preference pairs" format), newline included. */
void swgrade_matrix_line(const struct matrix_task *t, struct buf *out);

/* Number of VP_CHECK sites of a C test (comments and strings skipped); when
   lines is not NULL, the first max line numbers are stored there. */
size_t swgrade_c_sites(const char *test, unsigned *lines, size_t max);

#endif
