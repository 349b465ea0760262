/*
 * report: what a run did, read back from its store, as one JSON tree.
 *
 * report_build() gathers per-stage counts (tasks, testbenches kept and
 * rejected with reasons, candidates by origin, outcomes by testbench kind,
 * pairs emitted, tasks dropped and why), per-task pass rates, LLM token
 * usage and request counts, and the wall time of each stage.  The command
 * (`veripref report`, cmd_run.c) renders the tree as text or prints it as
 * JSON; other renderers (JUnit XML) take the same store.  Nothing printed.
 *
 * The tree (keys in this order):
 *   run, config {key: value},
 *   tasks {total, dropped},
 *   testbenches {kept, rejected, unvalidated, pending, by_kind {kind: {kept,
 *                rejected, unvalidated}}, rejected_list [{task, name, reason}]},
 *   candidates {distinct, samples, truncated, by_origin {origin: n}},
 *   outcomes {tb kind: {outcome: cells}},
 *   pairs {records, tasks, file},
 *   dropped [{task, stage, reason}],
 *   per_task [{task, candidates, passing, method, pairs, pass_rate}],
 *   llm {requests, prompt_tokens, completion_tokens, cached},
 *   stages [{name, done, wall_ms, items}]
 * pass_rate = passing / candidates, where a candidate passes when it has
 * results and every one of them is a pass (distinct candidates, not
 * weighted by multiplicity); null for a task without candidates.
 */
#ifndef VP_REPORT_H
#define VP_REPORT_H

#include "pipeline/store.h"
#include "sim/buf.h"

#include <cjson/cJSON.h>
#include <stdio.h>

/* The report of the run in s.  NULL with err set on a database error;
   the caller owns (cJSON_Delete) the tree. */
cJSON *report_build(struct store *s, struct buf *err);

/* The tree as the human summary (appended to out). */
void report_text(const cJSON *r, struct buf *out);

/*
 * The run as JUnit XML (pipeline/junit.h) on f: one testcase per (task,
 * candidate), classname the task id, name "<origin>/<candidate id>"; a
 * failure when the candidate's code is wrong in some cell (fail,
 * compile_error, forbidden), an error when it timed out or crashed, skipped
 * when no bench graded it; the message names the first cell that did not
 * pass and the text lists them all.  0, or -1 with err.
 */
int report_junit(struct store *s, FILE *f, struct buf *err);

#endif
