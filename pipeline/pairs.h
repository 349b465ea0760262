/*
 * pairs: turn the ranking of a task into preference training data.
 *
 * pairs_select() picks (chosen, rejected) candidate pairs from one task with
 * a strategy (best-worst, all, dstc), or says why the task gives none (a
 * degenerate task: no tests, nothing passes, everything passes, one group;
 * or every pair failed the margin, length or text requirements).
 * pairs_format() renders the pairs as JSON lines for a trainer: TRL
 * standard or conversational preference records, KTO records, or
 * LLaMA-Factory alpaca-style ranking records; every record has a `meta`
 * object with the ids, scores, margin and the tests that separate the pair.
 *
 * Randomness (which candidates of a tie group, which pairs under a cap)
 * comes from a generator seeded with the seed and the task id, so a given
 * seed gives the same records whatever the order of tasks in the file.
 * Modules below never print: the command writes the records and the
 * summary.
 */
#ifndef VP_PAIRS_H
#define VP_PAIRS_H

#include "pipeline/matrix.h"
#include "pipeline/score.h"
#include "sim/buf.h"

#include <stddef.h>
#include <stdint.h>

enum pairs_strategy {
	PAIRS_BEST_WORST,  /* top tie group vs bottom group */
	PAIRS_ALL,         /* every chosen x rejected across groups, capped */
	PAIRS_DSTC,        /* minimax: most passes + hardest passed test vs fewest + easiest failed */
};

enum pairs_format {
	PAIRS_TRL,          /* {"prompt","chosen","rejected"} strings */
	PAIRS_TRL_CHAT,     /* the same as message lists */
	PAIRS_KTO,          /* {"prompt","completion","label"} per candidate */
	PAIRS_LLAMAFACTORY, /* {"instruction","input","chosen","rejected"} */
};

/* Why a task gave no pair.  PAIRS_KEPT when it gave some. */
enum pairs_drop {
	PAIRS_KEPT,
	PAIRS_DROP_NO_PROMPT,    /* the task has no "prompt" */
	PAIRS_DROP_NO_TESTS,     /* the task has no tests */
	PAIRS_DROP_NONE_PASS,    /* no candidate passes any test */
	PAIRS_DROP_ALL_PASS,     /* every candidate ran and passes every test */
	PAIRS_DROP_SINGLE_GROUP, /* the ranking has one group: nothing to prefer */
	PAIRS_DROP_MARGIN,       /* no pair reaches --min-margin */
	PAIRS_DROP_NO_TEXT,      /* the candidates that would pair have no "text" */
	PAIRS_DROP_LENGTH,       /* every pair fails the --length-ratio guard */
	PAIRS_NDROP
};

/* "kept", "no-prompt", "no-tests", "none-pass", "all-pass", "single-group",
 * "margin", "no-text", "length-ratio". */
const char *pairs_drop_name(enum pairs_drop d);

struct pairs_options {
	enum pairs_strategy strategy;
	enum score_method method;  /* ranking for best-worst and all */
	struct score_params params;
	double min_margin;         /* chosen score - rejected score >= this (default 0: any gap) */
	double length_ratio;       /* longer/shorter text <= this; 0 = no guard */
	size_t max_pairs;          /* per task; 0 = the strategy's default (1, 16, 1) */
	uint64_t seed;
	int ranked_only;           /* never reject an unranked candidate */
};

#define PAIRS_OPTIONS_INIT { PAIRS_BEST_WORST, SCORE_TRUTH, SCORE_PARAMS_INIT, 0, 0, 0, 1, 0 }

struct pairs_pair {
	size_t chosen, rejected;       /* candidate indexes */
	double chosen_score, rejected_score; /* NAN for an unranked candidate */
	size_t chosen_test, rejected_test;   /* dstc's tests; SIZE_MAX otherwise */
};

/* The pairs of one task; owned by the caller, pairs_set_release() frees. */
struct pairs_set {
	struct pairs_pair *pair;
	size_t n;
	enum pairs_drop drop;  /* PAIRS_KEPT iff n > 0 */
};

#define PAIRS_SET_INIT { NULL, 0, PAIRS_KEPT }

void pairs_set_release(struct pairs_set *s);

/*
 * Select the pairs of task t under o into *s (released first).  Never fails:
 * a task without pairs has s->n == 0 and s->drop saying why.
 *
 * Unranked candidates (did not run, or no evidence for the method) count as
 * one group below every ranked group unless o->ranked_only; their score is
 * NAN and any margin is met against them.  best-worst pairs the top group
 * with that bottom group; all pairs every candidate with every candidate of
 * a lower group, the largest margins first; dstc pairs the candidate with the
 * most weighted passes with the one with the fewest (ties: lowest id).
 * Candidates without text never pair.
 */
void pairs_select(const struct matrix_task *t, const struct pairs_options *o,
		  struct pairs_set *s);

/*
 * Append the JSON line(s) of s to out: one line per pair, or for PAIRS_KTO
 * one line per distinct candidate (chosen ones desirable, rejected ones
 * undesirable; a candidate both chosen and rejected in `all` is written as
 * chosen only).  *desirable and *undesirable (may be NULL) are increased by
 * the KTO records written.  dstc completions are the code followed by a
 * blank line and the deciding test's text when the test has one.
 */
void pairs_format(struct buf *out, const struct matrix_task *t, const struct pairs_options *o,
		  enum pairs_format fmt, const struct pairs_set *s,
		  size_t *desirable, size_t *undesirable);

/*
 * The dataset_info.json of LLaMA-Factory for a ranking dataset `name` stored
 * in file_name: existing (the current file's text, or NULL) is kept and the
 * entry for name added or replaced.  Returns 0 with the new text in out, or
 * -1 with err set when existing is not a JSON object.
 */
int pairs_dataset_info(struct buf *out, const char *existing, const char *name,
		       const char *file_name, struct buf *err);

#endif
