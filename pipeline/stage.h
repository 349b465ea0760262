/*
 * stage: the stages of `veripref run` over a run store (store.h).
 *
 *	tasks -> testbenches -> sample -> grade -> score -> pairs   (report: report.h)
 *
 * Each stage reads its inputs from the store and writes its outputs there,
 * doing only the work that is missing: a task whose testbenches are stored
 * is not generated again, a sample index already recorded is not drawn
 * again, a (candidate, testbench, simulator) cell with a result is not
 * graded again.  The grade stage batches candidates against a task's
 * generated differential bench (pipeline/gradebatch.h, stage_ctx.batch),
 * which changes no result.  score and pairs are pure functions of the
 * stored results and are recomputed whole (they cost milliseconds).  Writes
 * are committed per task (per LLM reply in sampling), so a SIGKILL loses
 * only the task in flight, and a rerun gives the same rows: seeds are mixed
 * with the task id, never with the order of work.
 *
 * Calling a stage: fill a struct stage_ctx (store open, config loaded with
 * stage_config_load(), grading options, LLM client for the llm generator),
 * then call the stage function; each returns 0, or -1 with one sentence in
 * err (store_is_full(ctx->store) tells a full disk).  stage_run() runs a range
 * of stages in order.  Nothing here prints or exits; the
 * progress callback is how the command shows progress (and how the tests
 * kill a run at an exact point).
 *
 * A run whose --tasks is a software task file (.jsonl, .jsonl.gz) has 'sw'
 * tasks: tasks, testbenches, sample and grade hand it to stage_sw.h (ground
 * truth, generated asserts, the Python/C runners), and score and pairs read
 * its matrices through stage_sw_matrix(); everything else is shared.
 *
 * Not here: option parsing and the environment (cmd_run.c), the report
 * (report.h), merging shards (issue 9).
 */
#ifndef VP_STAGE_H
#define VP_STAGE_H

#include "pipeline/grade.h"
#include "pipeline/gradebatch.h"
#include "pipeline/score.h"
#include "pipeline/store.h"
#include "sim/buf.h"

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

struct llm_client;

/* Values of *stage_ctx.stop. */
#define STAGE_STOP_FINISH 1
#define STAGE_STOP_ABANDON 2

enum stage_id {
	STAGE_TASKS = 0,
	STAGE_TESTBENCHES,
	STAGE_SAMPLE,
	STAGE_GRADE,
	STAGE_SCORE,
	STAGE_PAIRS,
	STAGE_NSTAGES
};

/* "tasks", "testbenches", "sample", "grade", "score", "pairs". */
const char *stage_name(enum stage_id s);
/* 0 and *s, or -1 for an unknown name. */
int stage_parse(const char *name, enum stage_id *s);

/* Testbench kinds (bits of run_config.tb). */
#define STAGE_TB_DIFFERENTIAL 1u
#define STAGE_TB_HUMAN 2u
#define STAGE_TB_LLM 4u

/*
 * The run's settings, stored in the config table as text (key = the option
 * name without "--"): tasks, generator, model, n, tb, sim, method, pairs,
 * format, seed, shard, prompt, temperature, max-tokens, tests, tests-n (these
 * two may be missing from runs made before them).  Strings are owned.
 */
struct run_config {
	char *tasks;        /* the tasks folder */
	char *generator;    /* "mutate", "llm", "import:FILE" */
	char *model;        /* "" unless llm */
	long n;             /* samples (llm, mutate: mutants) per task */
	unsigned tb;        /* STAGE_TB_* bits */
	unsigned sims;      /* 1u << SIM_* */
	char *method;       /* "auto" (truth with validated benches, else b4) or a score method */
	char *pairs;        /* "best-worst", "all", "dstc" */
	char *format;       /* "trl", "trl-chat", "kto", "llamafactory" */
	uint64_t seed;
	unsigned shard_i, shard_n;  /* this run holds tasks with hash % shard_n == shard_i */
	char *prompt;       /* the sampling prompt template's name, "sample_rtl.v1" */
	double temperature; /* llm sampling temperature; < 0: not sent */
	long max_tokens;    /* llm reply cap; 0: not sent */
	char *tests;        /* software runs: generated tests, "none" (default),
			       "llm" or "import:FILE" (stage_sw.h) */
	long tests_n;       /* test samples per task for --tests llm (default 5) */
};

void run_config_init(struct run_config *c);
void run_config_release(struct run_config *c);

/*
 * The config as alternating keys and values (malloc'd strings, free each
 * and the array; 2 * *n entries): what store_config_check() compares.
 */
char **run_config_to_kv(const struct run_config *c, size_t *n);

/* Fill c from the store's config table.  0, or -1 with err (missing keys). */
int stage_config_load(struct store *s, struct run_config *c, struct buf *err);

/* Parse "--tb" ("differential,human") and "--sim" values.  0 or -1 with err. */
int stage_parse_tb(const char *s, unsigned *out, struct buf *err);
int stage_parse_sims(const char *s, unsigned *out, struct buf *err);
/* "differential,human" / "iverilog", "verilator", "both" back from bits. */
void stage_tb_text(unsigned tb, struct buf *out);
const char *stage_sims_text(unsigned sims);

/* The shard a task id falls in: FNV-1a 64 of the id, modulo n. */
unsigned stage_shard_of(const char *task_id, unsigned n);

struct stage_ctx {
	struct store *store;
	struct run_config cfg;
	struct grade_opts gopts;        /* sims are taken from cfg */
	/*
	 * Candidates per simulation in the grade stage (gradebatch_opts.batch):
	 * GRADEBATCH_AUTO (0, what a zeroed ctx holds), 1 (one by one) or K.
	 * Not a run setting: the results are the same for every value.
	 */
	int batch;
	struct llm_client *llm;         /* for generator llm; borrowed */
	/* Called after each unit of work committed, and with done = total = 0
	   when a stage starts (may be NULL). */
	void (*progress)(void *pctx, const char *stage, size_t done, size_t total);
	void *pctx;
	/*
	 * A clean stop (may be NULL): set asynchronously (a signal handler) to
	 * STAGE_STOP_FINISH to stop after the unit of work in flight is
	 * committed, or STAGE_STOP_ABANDON to drop the unit in flight
	 * uncommitted (its simulators may have been killed with it, so its
	 * results cannot be trusted).  A stage that stops returns -1 with err
	 * "stopped by a signal" and sets ctx->stopped; the store is consistent
	 * and a resume continues from the last committed unit.  Units: a task
	 * (tasks, testbenches, mutate sampling, grade), an LLM reply (llm
	 * sampling, whose requests in flight are abandoned); score and pairs
	 * are short and stop only at their end.
	 */
	volatile sig_atomic_t *stop;
	int stopped;
	/* Counters filled by the stages for the command's summary line. */
	size_t done_units;
	double stage_ms[STAGE_NSTAGES];
	/*
	 * The grade stage's batch path, summed over tasks (batch_used: the
	 * largest): generated differential benches graded by gradebatch_run()
	 * (batch_benches) and those graded one candidate at a time because the
	 * task's bench could not be rebuilt byte for byte (batch_unmatched).
	 * Zero with batch 1, and for tasks with fewer than two candidates to grade.
	 */
	struct gradebatch_stats batch_stats;
	size_t batch_benches, batch_unmatched;
};

/* The stage functions.  0, or -1 with err. */
int stage_tasks(struct stage_ctx *ctx, struct buf *err);
int stage_testbenches(struct stage_ctx *ctx, struct buf *err);
int stage_sample(struct stage_ctx *ctx, struct buf *err);
int stage_grade(struct stage_ctx *ctx, struct buf *err);
int stage_score(struct stage_ctx *ctx, struct buf *err);
int stage_pairs(struct stage_ctx *ctx, struct buf *err);

/*
 * Run the stages first..last in order, each timed into the stages table
 * (wall_ms and items added, done set) and ctx->stage_ms.  0, or -1 with err.
 */
int stage_run(struct stage_ctx *ctx, enum stage_id first, enum stage_id last, struct buf *err);

/* The first stage of 0..last that is not marked done (last if all are). */
int stage_first_missing(struct store *s, enum stage_id last, enum stage_id *first,
			struct buf *err);

/*
 * The grading view of a stored bench of task t: name and text, plus what a
 * bench of another suite needs (the reference under the name it
 * instantiates, the verdict rules) from tb->settings.  Strings are borrowed
 * from t, tb and *hold; cJSON_Delete(*hold) after grading.
 */
struct cJSON;
void stage_grade_testbench(const struct store_task *t, const struct store_tb *tb,
			   struct grade_testbench *g, struct cJSON **hold);

/*
 * The pass matrix of task t as score and pairs see it (RTL: candidates x
 * gradable benches x simulators; software: stage_sw_matrix()), with labels
 * where the ground truth is known, and the method the run ranks it with.
 * m is released first.  0, or -1 with err.
 */
int stage_task_matrix(struct stage_ctx *ctx, const struct store_task *t, struct matrix_task *m,
		      enum score_method *method, struct buf *err);

/* The pairs file of a run: "<dir>/pairs.<format>.jsonl" (malloc'd). */
char *stage_pairs_path(const char *dir, const char *format);

#endif
