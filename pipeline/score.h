/*
 * score: the scoring core.  Ranks the candidates of one task from its pass
 * matrix with one of the methods of the literature, and evaluates a ranking
 * against ground-truth labels (expected pass@k with CodeT's tie rules).
 *
 * Every method is a pure function of a struct matrix_task (matrix.h) and a
 * struct score_params; it knows nothing of Verilog or Python and depends on
 * libc and libm only (no sim/, no testbench/).  It never prints and never
 * fails: allocation failure aborts, as everywhere in veripref.
 *
 * Rules shared by every method (README.md, "Scoring and preference pairs" has the formulas):
 *  - a candidate with ok == 0 is never ranked (its row is ignored);
 *  - a task without tests ranks nobody (except `cluster`, which needs only
 *    signatures);
 *  - `maxpass` and `codet` do not rank candidates that pass no test, and
 *    `pagerank` ranks nobody when no ok candidate passes a test;
 *  - `truth`, `truth-all` and `b4` rank every ok candidate (an all-zero row
 *    is a valid answer: score 0, or B4's all-zero hypothesis);
 *  - ties are tie groups, never broken: equal scores (relative 1e-12 for
 *    codet and b4, absolute 1e-12 for pagerank) share a group.  Inside a
 *    group and in the unranked tail, candidates keep file order.
 */
#ifndef VP_SCORE_H
#define VP_SCORE_H

#include "pipeline/matrix.h"

#include <stddef.h>

enum score_method {
	SCORE_TRUTH,      /* weighted fraction of tests passed */
	SCORE_TRUTH_ALL,  /* 1 if every test passes, else 0 */
	SCORE_MAXPASS,    /* weighted number of tests passed */
	SCORE_CODET,      /* |S_x|^p * |S_y| of the consensus set */
	SCORE_B4,         /* log posterior of the group's pass pattern */
	SCORE_CLUSTER,    /* size of the identical-signature group */
	SCORE_PAGERANK,   /* mutual code-test ranking */
	SCORE_NMETHODS
};

struct score_params {
	double codet_power;      /* p of |S_x|^p; 0.5 (released CodeT code) or 1 (paper) */
	double b4_alpha;         /* 1e3 */
	double b4_beta0;         /* 1e5 */
	double pagerank_damping; /* 0.85 */
	int pagerank_rounds;     /* 10 */
};

#define SCORE_PARAMS_INIT { 0.5, 1e3, 1e5, 0.85, 10 }

/* "truth", "truth-all", "maxpass", "codet", "b4", "cluster", "pagerank". */
const char *score_method_name(enum score_method m);
/* Look a method up by name.  Returns 0, or -1 for an unknown name. */
int score_method_parse(const char *name, enum score_method *out);

/*
 * The ranking of one task.  order[] lists every candidate: first the ranked
 * ones, best tie group first, then (from order[nranked]) the unranked ones.
 * Tie group g is order[group_start[g] .. group_start[g + 1]).
 */
struct score_result {
	size_t ncand;
	double *score;        /* per candidate (file order); NAN when unranked */
	size_t *group;        /* per candidate: its tie group, SIZE_MAX when unranked */
	size_t *order;        /* ncand candidate indexes */
	size_t nranked;
	size_t ngroups;
	size_t *group_start;  /* ngroups + 1 offsets into order */
};

#define SCORE_RESULT_INIT { 0 }

/* Free what r owns; r is SCORE_RESULT_INIT afterwards.  Accepts NULL. */
void score_result_release(struct score_result *r);

/*
 * Rank the candidates of t with method m (params NULL = defaults).  r is
 * released first and owned by the caller afterwards.  A task that the method
 * cannot rank (no tests, nothing passes, no signatures, no ok candidate)
 * gives nranked == 0 and ngroups == 0.
 */
void score_task(const struct matrix_task *t, enum score_method m,
		const struct score_params *params, struct score_result *r);

/*
 * Whether every candidate of t carries a label, so that t can be evaluated.
 * A task with no candidates is not labelled.
 */
int score_task_labelled(const struct matrix_task *t);

/*
 * Expected pass@k (a fraction in [0, 1]) of the ranking r of t, k >= 1.  The
 * picks walk the tie groups best first, one pick per group; with fewer than
 * k groups the extra picks go round-robin from the top.  A pick from group g
 * is uniform over its candidates weighted by multiplicity (with replacement),
 * so P(all wrong) = prod_g (1 - c_g / n_g)^picks_g.  When r is NULL or ranks
 * nobody, all candidates of the task (ok or not) form one group: the
 * random-pick value.  Requires score_task_labelled(t).
 */
double score_pass_at_k(const struct matrix_task *t, const struct score_result *r, unsigned k);

/* Weighted number of tests candidate c passes (sum of test multiplicities). */
unsigned long long score_weighted_passes(const struct matrix_task *t, size_t c);

/* Number of candidates (weighted by multiplicity, ok ones only) passing test j. */
unsigned long long score_test_passers(const struct matrix_task *t, size_t j);

#endif
