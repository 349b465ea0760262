/*
 * tbllm: LLM-written testbenches, repaired with simulator feedback.
 *
 * The conversation side of `veripref tbgen --kind llm`.  For each of K
 * attempts: the model lists test scenarios as JSON (one repair of invalid
 * JSON, then the attempt is dropped), writes a self-checking testbench over
 * the harness macros, and the testbench is validated; compile errors, checks
 * that fail on the reference, and uncovered lines plus surviving mutants go
 * back to the model, at most R rounds per kind of feedback.  A testbench is
 * kept only when it compiles in every simulator, passes on the reference and
 * meets the coverage and mutation thresholds (tbllm_decide()).
 *
 * Not for: simulating anything.  Validation is a callback (tbllm_validate_fn)
 * that the command implements over pipeline/tbval.h; talking to the model is
 * a callback too (tbllm_chat_fn; tbllm_chat_llm() is the one over llm.h), so
 * the state machine is tested with scripted replies.  Prompts are the
 * templates testbench/prompts/tb_*.v1.txt (prompt.h).  Every prompt, reply,
 * validation report and decision is written to an audit directory when one
 * is given (see README.md, "LLM-written testbenches" for the layout).  Nothing is printed.
 */
#ifndef VP_TBLLM_H
#define VP_TBLLM_H

#include "sim/buf.h"

#include <stddef.h>

struct task;
struct llm_client;

/* ---- the callbacks ---- */

/* One reply of the model. */
struct tbllm_reply {
	struct buf text;          /* the reply's content */
	long prompt_tokens;
	long completion_tokens;
	int cached;               /* served from the response cache */
	int truncated;            /* finish_reason "length" */
};

/*
 * Ask the model for attempt number `attempt` (1-based; lets the callback
 * vary the seed so the K attempts differ): a system and a user message (both
 * NUL-terminated), reply into out (its text is empty on entry; the counters
 * zero).  Returns 0, or
 * -1 with err set when no reply could be had (the run stops: a broken
 * endpoint is an error of the run, not of a testbench).
 */
typedef int (*tbllm_chat_fn)(void *ctx, int attempt, const char *system, const char *user,
			     struct tbllm_reply *out, struct buf *err);

/*
 * What validation found out about one testbench.  The validator fills what
 * it measured; fields it could not reach keep their tbllm_feedback_init()
 * values (a bench that does not compile has no reference run, etc.).
 */
struct tbllm_feedback {
	int compiles;             /* compiles in every simulator */
	struct buf compile_log;   /* the messages of each simulator that failed */
	int ref_run;              /* the reference was simulated with it */
	int passes_ref;           /* passes on the reference in every simulator */
	struct buf ref_failures;  /* failing checks (FAIL lines) or the reason */
	int coverage_run;         /* coverage was measured */
	double line_coverage;     /* 0..1 */
	double toggle_coverage;   /* 0..1, or -1 when not measured */
	struct buf uncovered;     /* uncovered reference lines, "LINE: text" per line */
	int mutation_run;         /* mutants were graded */
	size_t mutants_valid;
	size_t mutants_killed;
	struct buf survivors;     /* surviving mutants, one description per line */
	struct buf report;        /* the validator's whole report (JSON), for the audit */
	struct buf reason;        /* the validator's one-sentence verdict, or empty */
};

void tbllm_feedback_init(struct tbllm_feedback *fb);
void tbllm_feedback_release(struct tbllm_feedback *fb);

/*
 * Validate a testbench (tb_name is a file name such as "llm_a1_r2.v").
 * Returns 0 with fb filled, or -1 with err set on an error of the run (a
 * simulator missing, disk full) — never for a bad testbench.
 */
typedef int (*tbllm_validate_fn)(void *ctx, const char *tb_name, const char *text,
				 size_t len, struct tbllm_feedback *fb, struct buf *err);

/* ---- running ---- */

struct tbllm_opts {
	int attempts;             /* K testbenches to try (default 1) */
	int rounds;               /* R: repairs per kind of feedback (default 3) */
	double min_coverage;      /* line coverage of the reference, 0..1 (0.8) */
	double min_mutation;      /* killed / valid mutants, 0..1 (0.8) */
	const char *audit_dir;    /* created if missing; NULL: no audit */
	const char *model;        /* recorded in the audit only */
	tbllm_chat_fn chat;
	void *chat_ctx;
	tbllm_validate_fn validate;
	void *validate_ctx;
};

void tbllm_opts_init(struct tbllm_opts *o);

enum tbllm_outcome {
	TBLLM_KEPT,
	TBLLM_REJECTED,           /* a testbench was written but failed a rule */
	TBLLM_DROPPED,            /* no usable scenario list: no testbench */
};

const char *tbllm_outcome_name(enum tbllm_outcome o);

struct tbllm_attempt {
	enum tbllm_outcome outcome;
	char *reason;             /* one sentence; for KEPT the measured strength */
	char *tb;                 /* the last testbench written, NULL if none */
	size_t tb_len;
	size_t nscenarios;
	int compile_rounds;       /* repairs asked for, per kind of feedback */
	int ref_rounds;
	int strength_rounds;
	int requests;             /* model requests of this attempt */
	int validations;
	double line_coverage;     /* of the last validation; -1 when not measured */
	double mutation_score;    /* -1 when not measured */
	size_t mutants_valid, mutants_killed;
};

struct tbllm_result {
	struct tbllm_attempt *attempts;   /* opts.attempts entries */
	size_t nattempts;
	int best;                 /* index of the kept attempt chosen, -1 when none */
	long prompt_tokens, completion_tokens;
	int requests;
};

/*
 * Run every attempt on task t (loaded by task_load(); spec.md must have an
 * "## Interface" block).  The kept testbench with the highest mutation
 * score, then line coverage, then the lowest attempt number is res->best.
 * Returns 0 (whether or not a testbench was kept), or -1 with err set when a
 * callback failed, the interface is missing or the audit cannot be written;
 * res is filled as far as the run got either way.  Release res with
 * tbllm_result_release().
 */
int tbllm_run(const struct tbllm_opts *o, const struct task *t, struct tbllm_result *res,
	      struct buf *err);

void tbllm_result_release(struct tbllm_result *res);

/* ---- the chat callback over llm.h ---- */

/*
 * ctx for tbllm_chat_llm(): a client (borrowed) and the sampling settings;
 * the request's model must be set, messages are filled per call.  With
 * has_seed, attempt i sends seed + i - 1 (replies are reproducible and
 * cached, and the K attempts differ).  Requests go one at a time.
 */
struct tbllm_llm_ctx {
	struct llm_client *client;
	const char *model;
	double temperature;       /* < 0: not sent */
	long max_tokens;          /* 0: not sent */
	int has_seed;
	long long seed;
};

int tbllm_chat_llm(void *ctx, int attempt, const char *system, const char *user,
		   struct tbllm_reply *out, struct buf *err);

/* ---- the validate callback over tbval.h ---- */

struct tbval_opts;

/*
 * ctx for tbllm_validate_tbval(): validation options (their thresholds
 * should equal the tbllm_opts ones; tbllm decides with its own) and the
 * task, both borrowed.  Maps struct tbval_report onto tbllm_feedback:
 * compile logs of the simulators that failed, the FAIL lines (or the tail of
 * the log) of those failing on the reference, coverage when tbval measured
 * it, killed / (valid - proven equivalent) mutants, survivors, and the whole
 * report as JSON for the audit.
 */
struct tbllm_tbval_ctx {
	const struct tbval_opts *opts;
	const struct task *task;
};

int tbllm_validate_tbval(void *ctx, const char *tb_name, const char *text, size_t len,
			 struct tbllm_feedback *fb, struct buf *err);

/* ---- pure helpers, exposed for the unit tests ---- */

/*
 * The module header from spec's "## Interface" section: the text of its
 * first fenced block (without the fences and trailing blank space).  Returns 0,
 * or -1 with err set when there is no such section or block.
 */
int tbllm_interface(const char *spec, struct buf *out, struct buf *err);

struct tbllm_scenario {
	char *name, *intent, *stimulus, *expected;
};

struct tbllm_scenarios {
	struct tbllm_scenario *v;
	size_t nr;
};

/*
 * Parse a scenario reply: a JSON object {"scenarios": [...]} or a bare
 * array, alone or in a fenced block (```json or unlabeled).  Every scenario
 * needs non-empty strings name (letters, digits, '_', unique), intent,
 * stimulus and expected; 1 to TBLLM_MAX_SCENARIOS of them.  Returns 0, or
 * -1 with err holding the sentence sent back to the model ("not valid JSON
 * at line 3, column 14", "scenario 2 has no 'expected' string", ...).
 */
#define TBLLM_MAX_SCENARIOS 64
int tbllm_parse_scenarios(const char *reply, struct tbllm_scenarios *out, struct buf *err);
void tbllm_scenarios_release(struct tbllm_scenarios *s);

/*
 * The distinct check names of a testbench: the string literals given as
 * first argument of `VP_CHECK (comments and strings are skipped by the
 * Verilog lexer).  *names is a malloc'd array of malloc'd strings in order
 * of first use; returns their count.  Checks named by an expression are not
 * counted.
 */
size_t tbllm_check_names(const char *tb, size_t len, char ***names);
void tbllm_names_free(char **names, size_t n);

/*
 * Structure rule: every scenario needs a check whose name starts with the
 * scenario's name, and there are at least as many distinct check names as
 * scenarios.  Appends one sentence to problems naming the scenarios without
 * a check (with the count of distinct check names) and returns their number,
 * or returns 1 when only the count is short; 0 when the rule holds.
 */
size_t tbllm_missing_checks(const struct tbllm_scenarios *s, const char *tb, size_t len,
			    struct buf *problems);

/*
 * Whether `VP_DONE appears inside a task or function (README, "The verdict
 * protocol": a candidate could call such a task by name and end the test
 * early).  Comments and strings are skipped.
 */
int tbllm_done_in_task(const char *tb, size_t len);

/* What the next round of an attempt is, given the last validation. */
enum tbllm_step {
	TBLLM_STEP_COMPILE,       /* compile errors (or a structure problem) to repair */
	TBLLM_STEP_REFERENCE,     /* checks failing on the reference to fix */
	TBLLM_STEP_STRENGTH,      /* below a threshold: add checks */
	TBLLM_STEP_KEEP,
	TBLLM_STEP_REJECT,        /* cannot be judged (not run on the reference, not measured) */
};

/*
 * The decision rule, in this order (the sentences for COMPILE and
 * REFERENCE are the validator's reason when it gave one, else built from
 * the first line of the log).  A testbench that does not compile in
 * every simulator, or (structure_ok == 0) breaks a structure rule
 * (tbllm_missing_checks(), tbllm_done_in_task()), needs COMPILE.  One the validator did not run on the reference
 * is REJECT (nothing to learn from another round); one failing on the
 * reference needs REFERENCE.  A threshold above 0 whose measure the
 * validator did not take (coverage, mutation, or no valid mutant) is REJECT.
 * Line coverage under min_coverage, then mutation score (killed/valid) under
 * min_mutation, need STRENGTH.  Otherwise KEEP.  When the step is not KEEP,
 * why receives (appended) the sentence recorded as the rejection reason if
 * no rounds are left.
 */
enum tbllm_step tbllm_decide(const struct tbllm_feedback *fb, int structure_ok,
			     double min_coverage, double min_mutation, struct buf *why);

const char *tbllm_step_name(enum tbllm_step s);

#endif
