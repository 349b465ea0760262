/*
 * stage_sw: the software path's part of the stages of `veripref run`
 * (stage.h), over the same run store, report and resume.
 *
 * A run is a software run when its --tasks is a HumanEval-style task file
 * (.jsonl or .jsonl.gz, swtask.h) instead of a folder.  Its tasks are rows
 * of kind 'sw' kept in the existing columns:
 *
 *	spec     the task's record as JSON, HumanEval schema: {"task_id",
 *	         "prompt", "entry_point", "canonical_solution"?, "test"?,
 *	         "language"} — everything later stages need
 *	ref      the canonical solution (as in the file; NULL when none)
 *	prompt   what the model sees: pipeline/prompts/sample_sw.v1.txt filled
 *	dir      the task file it came from
 *
 * and its tests are testbench rows: the ground-truth test as bench "truth"
 * (kind 'truth'; valid when the canonical solution passes it, or when there
 * is no canonical solution to check it with; rejected otherwise), generated
 * asserts as benches "test-NNNN" (kind 'test', STORE_TB_UNVALIDATED, with
 * their multiplicity).  Results: one row per (candidate, test bench), sim =
 * the language; the truth row says whether the candidate passes the whole
 * ground truth (passed/total: its checks).  A candidate that does not load
 * or compile has crash or compile_error on each of its rows.
 *
 * Matrix of a task: the generated tests when there are any (unvalidated:
 * b4 by default), the truth row filling only the labels; otherwise the truth
 * bench (validated: truth by default).  A task with neither is dropped at
 * the testbenches stage with the reason.
 *
 * Called by stage.c's stage functions; returns 0, or -1 with one sentence
 * in err, like them.  Nothing here prints or exits.
 */
#ifndef VP_STAGE_SW_H
#define VP_STAGE_SW_H

#include "pipeline/matrix.h"
#include "pipeline/stage.h"
#include "pipeline/store.h"
#include "sim/buf.h"

/* Whether a --tasks value names a software task file (.jsonl, .jsonl.gz). */
int stage_sw_is_taskfile(const char *tasks);

/* Load the task file into the store (kind 'sw' tasks, truth benches). */
int stage_sw_tasks(struct stage_ctx *ctx, struct buf *err);

/*
 * Generated tests (--tests llm: M replies per task to sw_tests.v1; --tests
 * import:FILE) for tasks that have none yet, validation of the truth benches
 * still pending, drops of tasks left with nothing to grade.
 */
int stage_sw_testbenches(struct stage_ctx *ctx, struct buf *err);

/* Solutions: --generator llm or import:FILE (mutate is an error here). */
int stage_sw_sample(struct stage_ctx *ctx, struct buf *err);

/* Execute the candidates that miss a result (swgrade.h); one commit per task. */
int stage_sw_grade(struct stage_ctx *ctx, struct buf *err);

/*
 * The pass matrix of sw task t from the store (see above); *validated is 1
 * when its columns are the ground truth.  m is released first; -1 with err.
 */
int stage_sw_matrix(struct stage_ctx *ctx, const struct store_task *t, struct matrix_task *m,
		    int *validated, struct buf *err);

#endif
