/*
 * Unit tests of the scoring core.  Every expected value below was computed
 * by hand from the definitions in score.c / README.md, "Scoring and preference pairs"; the derivation is
 * in the comment above each test.
 */
#include "pipeline/matrix.h"
#include "pipeline/score.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void load(struct matrix_task *t, const char *json)
{
	char err[MATRIX_ERR_MAX];

	cr_assert_eq(matrix_task_parse(t, json, strlen(json), err), 0, "%s", err);
}

/*
 * Check the tie groups of r: want is like "c0|c1,c2|c3" (groups best first,
 * members in file order, separated by '|') and unranked like "c4" ("" none).
 */
static void expect_groups(const struct matrix_task *t, const struct score_result *r,
			  const char *want, const char *unranked)
{
	char got[1024] = "", un[1024] = "";
	size_t g, i;

	for (g = 0; g < r->ngroups; g++) {
		if (g)
			strcat(got, "|");
		for (i = r->group_start[g]; i < r->group_start[g + 1]; i++) {
			if (i > r->group_start[g])
				strcat(got, ",");
			strcat(got, t->cand[r->order[i]].id);
			cr_assert_eq(r->group[r->order[i]], g);
		}
	}
	for (i = r->nranked; i < r->ncand; i++) {
		if (i > r->nranked)
			strcat(un, ",");
		strcat(un, t->cand[r->order[i]].id);
		cr_assert(isnan(r->score[r->order[i]]));
		cr_assert_eq(r->group[r->order[i]], SIZE_MAX);
	}
	cr_assert_str_eq(got, want);
	cr_assert_str_eq(un, unranked);
}

static void expect_score(const struct score_result *r, size_t c, double want)
{
	cr_assert(fabs(r->score[c] - want) <= 1e-9 * fmax(1, fabs(want)),
		  "candidate %zu: score %.17g, want %.17g", c, r->score[c], want);
}

/*
 * Tests t0 (multiplicity 2), t1, t2: total weight 4.
 *   c0 111 -> weighted passes 2+1+1 = 4: truth 4/4 = 1, truth-all 1, maxpass 4
 *   c1 011 -> 1+1 = 2: truth 0.5, truth-all 0, maxpass 2
 *   c2 100 -> 2:       truth 0.5, truth-all 0, maxpass 2   (ties with c1)
 *   c3 000 -> 0:       truth 0,   truth-all 0, maxpass unranked (passes nothing)
 *   c4 111 but ok=false: unranked by every method
 */
static const char pass_task[] =
	"{\"task_id\":\"p\",\"candidates\":["
	"{\"id\":\"c0\",\"ok\":true},{\"id\":\"c1\",\"ok\":true},{\"id\":\"c2\",\"ok\":true},"
	"{\"id\":\"c3\",\"ok\":true},{\"id\":\"c4\",\"ok\":false}],"
	"\"tests\":[{\"id\":\"t0\",\"multiplicity\":2},{\"id\":\"t1\"},{\"id\":\"t2\"}],"
	"\"matrix\":[\"111\",\"011\",\"100\",\"000\",\"111\"]}";

Test(score, truth_is_the_weighted_pass_fraction)
{
	struct matrix_task t = MATRIX_TASK_INIT;
	struct score_result r = SCORE_RESULT_INIT;

	load(&t, pass_task);
	score_task(&t, SCORE_TRUTH, NULL, &r);
	expect_groups(&t, &r, "c0|c1,c2|c3", "c4");
	expect_score(&r, 0, 1.0);
	expect_score(&r, 1, 0.5);
	expect_score(&r, 2, 0.5);
	expect_score(&r, 3, 0.0);
	score_task(&t, SCORE_TRUTH_ALL, NULL, &r);
	expect_groups(&t, &r, "c0|c1,c2,c3", "c4");
	expect_score(&r, 0, 1.0);
	expect_score(&r, 1, 0.0);
	score_task(&t, SCORE_MAXPASS, NULL, &r);
	expect_groups(&t, &r, "c0|c1,c2", "c3,c4");
	expect_score(&r, 0, 4);
	expect_score(&r, 2, 2);
	cr_assert_eq(score_weighted_passes(&t, 1), 2);
	/* t0 is passed by c0 and c2 (c4 is not ok): 2 passers. */
	cr_assert_eq(score_test_passers(&t, 0), 2);
	score_result_release(&r);
	matrix_task_release(&t);
}

/*
 * CodeT consensus sets (4 unit tests):
 *   A = {c0 (mult 1), c1 (mult 3)} row 1100: |S_x| = 4, |S_y| = 2
 *   B = {c2} row 1110: |S_x| = 1, |S_y| = 3
 *   C = {c3, c4} row 0011: |S_x| = 2, |S_y| = 2
 *   D = {c7 (mult 9)} row 0001: |S_x| = 9, |S_y| = 1
 *   c5 (0000) passes nothing: unranked; c6 (1111, ok=false): unranked.
 * p = 0.5: A 2*2 = 4; B 1*3 = 3; D 3*1 = 3 (ties with B); C sqrt(2)*2 = 2.828
 *   -> A | B+D | C
 * p = 1:   A 4*2 = 8; B 3; C 4; D 9  -> D | A | C | B
 */
static const char codet_task[] =
	"{\"task_id\":\"c\",\"candidates\":["
	"{\"id\":\"c0\",\"ok\":true},{\"id\":\"c1\",\"ok\":true,\"multiplicity\":3},"
	"{\"id\":\"c2\",\"ok\":true},{\"id\":\"c3\",\"ok\":true},{\"id\":\"c4\",\"ok\":true},"
	"{\"id\":\"c5\",\"ok\":true},{\"id\":\"c6\",\"ok\":false},"
	"{\"id\":\"c7\",\"ok\":true,\"multiplicity\":9}],"
	"\"tests\":[{\"id\":\"t0\"},{\"id\":\"t1\"},{\"id\":\"t2\"},{\"id\":\"t3\"}],"
	"\"matrix\":[\"1100\",\"1100\",\"1110\",\"0011\",\"0011\",\"0000\",\"1111\",\"0001\"]}";

Test(score, codet_ranks_consensus_sets_with_either_power)
{
	struct matrix_task t = MATRIX_TASK_INIT;
	struct score_result r = SCORE_RESULT_INIT;
	struct score_params p = SCORE_PARAMS_INIT;

	load(&t, codet_task);
	score_task(&t, SCORE_CODET, &p, &r);
	expect_groups(&t, &r, "c0,c1|c2,c7|c3,c4", "c5,c6");
	expect_score(&r, 0, 4);
	expect_score(&r, 1, 4);
	expect_score(&r, 2, 3);
	expect_score(&r, 7, 3);
	expect_score(&r, 3, 2 * sqrt(2));
	p.codet_power = 1;
	score_task(&t, SCORE_CODET, &p, &r);
	expect_groups(&t, &r, "c7|c0,c1|c3,c4|c2", "c5,c6");
	expect_score(&r, 7, 9);
	expect_score(&r, 0, 8);
	expect_score(&r, 3, 4);
	expect_score(&r, 2, 3);
	score_result_release(&r);
	matrix_task_release(&t);
}

/*
 * Mathematically equal CodeT scores that differ in floating point still tie:
 * c0 (mult 2) passes 3 tests: sqrt(2) * 3 = 4.242640687119286 in doubles;
 * c1 (mult 18) passes 1 test: sqrt(18) * 1 = 4.242640687119285.
 */
Test(score, codet_ties_survive_rounding)
{
	struct matrix_task t = MATRIX_TASK_INIT;
	struct score_result r = SCORE_RESULT_INIT;

	cr_assert_neq(sqrt(2) * 3, sqrt(18));
	load(&t, "{\"task_id\":\"r\",\"candidates\":[{\"id\":\"c0\",\"ok\":true,\"multiplicity\":2},"
	     "{\"id\":\"c1\",\"ok\":true,\"multiplicity\":18},{\"id\":\"c2\",\"ok\":true}],"
	     "\"tests\":[{\"id\":\"t0\"},{\"id\":\"t1\"},{\"id\":\"t2\"},{\"id\":\"t3\"}],"
	     "\"matrix\":[\"1110\",\"0001\",\"1100\"]}");
	score_task(&t, SCORE_CODET, NULL, &r);
	/* c2: 1 * 2 = 2 */
	expect_groups(&t, &r, "c0,c1|c2", "");
	score_result_release(&r);
	matrix_task_release(&t);
}

Test(score, codet_and_maxpass_rank_nobody_when_nothing_passes)
{
	struct matrix_task t = MATRIX_TASK_INIT;
	struct score_result r = SCORE_RESULT_INIT;
	int m;

	/* Every ok row is zero; c2 passes but did not run (ok=false). */
	load(&t, "{\"task_id\":\"z\",\"candidates\":[{\"id\":\"c0\",\"ok\":true},"
	     "{\"id\":\"c1\",\"ok\":true},{\"id\":\"c2\",\"ok\":false}],"
	     "\"tests\":[{\"id\":\"t0\"},{\"id\":\"t1\"}],\"matrix\":[\"00\",\"00\",\"11\"]}");
	score_task(&t, SCORE_CODET, NULL, &r);
	expect_groups(&t, &r, "", "c0,c1,c2");
	score_task(&t, SCORE_MAXPASS, NULL, &r);
	expect_groups(&t, &r, "", "c0,c1,c2");
	score_task(&t, SCORE_PAGERANK, NULL, &r);
	expect_groups(&t, &r, "", "c0,c1,c2");
	/* truth and b4 still rank the all-zero rows: one tie group. */
	score_task(&t, SCORE_TRUTH, NULL, &r);
	expect_groups(&t, &r, "c0,c1", "c2");
	score_task(&t, SCORE_B4, NULL, &r);
	expect_groups(&t, &r, "c0,c1", "c2");
	matrix_task_release(&t);

	/* No tests at all: nobody is ranked by any method but cluster. */
	load(&t, "{\"task_id\":\"n\",\"candidates\":[{\"id\":\"c0\",\"ok\":true},"
	     "{\"id\":\"c1\",\"ok\":true}],\"tests\":[],\"matrix\":[\"\",\"\"],"
	     "\"signatures\":[[5],[5]]}");
	for (m = 0; m < SCORE_NMETHODS; m++) {
		score_task(&t, (enum score_method)m, NULL, &r);
		if (m == SCORE_CLUSTER)
			expect_groups(&t, &r, "c0,c1", "");
		else
			expect_groups(&t, &r, "", "c0,c1");
	}
	score_result_release(&r);
	matrix_task_release(&t);
}

static double lnB(double a, double b)
{
	return lgamma(a) + lgamma(b) - lgamma(a + b);
}

/*
 * B4, alpha = 1e3, beta0 = 1e5, M = 3 tests, N = 6 ok candidates (c6 is not
 * ok and does not count).  Column sums over ok rows: t0 = 3 (c0 c1 c5),
 * t1 = 2, t2 = 2; total 7.
 *   G1 = {c0, c1} pattern 111: |G| = 2, |p| = 3; sum over p = 7;
 *        s1 = 7 - 2*3 = 1, n1 = (6-2)*3 = 12, s0 = 7 - 7 = 0, n0 = 4*0 = 0
 *        logP = lnB(1003, 1) + lnB(1002, 5) + lnB(2, 12) + lnB(1, 1e5) = -54.854
 *   G0 = {c2, c3, c4} pattern 000 (the largest group): |G| = 3, |p| = 0;
 *        s1 = 0, n1 = 0, s0 = 7, n0 = 3*3 = 9
 *        logP = lnB(1000, 4) + lnB(1003, 4) + lnB(1, 1) + lnB(8, 2 + 1e5) = -135.281
 *   G2 = {c5} pattern 100: |G| = 1, |p| = 1; sum over p = 3;
 *        s1 = 3 - 1 = 2, n1 = 5, s0 = 4, n0 = 5*2 = 10
 *        logP = lnB(1001, 3) + lnB(1001, 6) + lnB(3, 4) + lnB(5, 6 + 1e5) = -115.197
 * The largest group (G0) loses: G1 | G2 | G0.  c1's multiplicity 5 does not
 * matter (B4 counts distinct candidates).
 */
static const char b4_task[] =
	"{\"task_id\":\"b\",\"candidates\":["
	"{\"id\":\"c0\",\"ok\":true},{\"id\":\"c1\",\"ok\":true,\"multiplicity\":5},"
	"{\"id\":\"c2\",\"ok\":true},{\"id\":\"c3\",\"ok\":true},{\"id\":\"c4\",\"ok\":true},"
	"{\"id\":\"c5\",\"ok\":true},{\"id\":\"c6\",\"ok\":false}],"
	"\"tests\":[{\"id\":\"t0\"},{\"id\":\"t1\"},{\"id\":\"t2\",\"multiplicity\":7}],"
	"\"matrix\":[\"111\",\"111\",\"000\",\"000\",\"000\",\"100\",\"111\"]}";

Test(score, b4_prefers_a_consistent_group_over_the_largest)
{
	struct matrix_task t = MATRIX_TASK_INIT;
	struct score_result r = SCORE_RESULT_INIT;
	double g1 = lnB(1003, 1) + lnB(1002, 5) + lnB(2, 12) + lnB(1, 1e5);
	double g0 = lnB(1000, 4) + lnB(1003, 4) + lnB(1, 1) + lnB(8, 2 + 1e5);
	double g2 = lnB(1001, 3) + lnB(1001, 6) + lnB(3, 4) + lnB(5, 6 + 1e5);

	cr_assert(fabs(g1 - -54.8542099712316) < 1e-9);
	cr_assert(fabs(g0 - -135.28115579345376) < 1e-9);
	cr_assert(fabs(g2 - -115.19742428602844) < 1e-9);
	load(&t, b4_task);
	score_task(&t, SCORE_B4, NULL, &r);
	expect_groups(&t, &r, "c0,c1|c5|c2,c3,c4", "c6");
	expect_score(&r, 0, g1);
	expect_score(&r, 5, g2);
	expect_score(&r, 2, g0);
	score_result_release(&r);
	matrix_task_release(&t);
}

/*
 * With beta0 = 1 (no prior against passing outside the pattern) and alpha = 1
 * the same matrix gives (|G|, |p|, s1, n1, s0, n0):
 *   G1 (2, 3, 1, 12, 0, 0): lnB(4,1) + lnB(3,5) + lnB(2,12) + lnB(1,1)
 *   G0 (3, 0, 0, 0, 7, 9):  lnB(1,4) + lnB(4,4) + lnB(1,1)  + lnB(8,3)
 *   G2 (1, 1, 2, 5, 4, 10): lnB(2,3) + lnB(2,6) + lnB(3,4)  + lnB(5,7)
 */
Test(score, b4_parameters_are_used)
{
	struct matrix_task t = MATRIX_TASK_INIT;
	struct score_result r = SCORE_RESULT_INIT;
	struct score_params p = SCORE_PARAMS_INIT;

	p.b4_alpha = 1;
	p.b4_beta0 = 1;
	load(&t, b4_task);
	score_task(&t, SCORE_B4, &p, &r);
	expect_score(&r, 0, lnB(4, 1) + lnB(3, 5) + lnB(2, 12) + lnB(1, 1));
	expect_score(&r, 2, lnB(1, 4) + lnB(4, 4) + lnB(1, 1) + lnB(8, 3));
	expect_score(&r, 5, lnB(2, 3) + lnB(2, 6) + lnB(3, 4) + lnB(5, 7));
	score_result_release(&r);
	matrix_task_release(&t);
}

/*
 * Cluster by signature, size with multiplicity:
 *   {c0, c1 (mult 2)} [1,2] -> 3;  {c5, c6} [] -> 2;  {c7, c8} [16] written
 *   as "0x10" and 16 -> 2 (ties with [] );  {c2} [3] -> 1;
 *   c3 has no signature, c4 is not ok: unranked.
 */
Test(score, cluster_groups_identical_signatures)
{
	struct matrix_task t = MATRIX_TASK_INIT;
	struct score_result r = SCORE_RESULT_INIT;

	load(&t, "{\"task_id\":\"s\",\"candidates\":["
	     "{\"id\":\"c0\",\"ok\":true},{\"id\":\"c1\",\"ok\":true,\"multiplicity\":2},"
	     "{\"id\":\"c2\",\"ok\":true},{\"id\":\"c3\",\"ok\":true},{\"id\":\"c4\",\"ok\":false},"
	     "{\"id\":\"c5\",\"ok\":true},{\"id\":\"c6\",\"ok\":true},"
	     "{\"id\":\"c7\",\"ok\":true},{\"id\":\"c8\",\"ok\":true}],"
	     "\"tests\":[{\"id\":\"t0\"}],"
	     "\"matrix\":[\"0\",\"0\",\"1\",\"1\",\"1\",\"0\",\"0\",\"0\",\"0\"],"
	     "\"signatures\":[[1,2],[1,2],[3],null,[1,2],[],[],[\"0x10\"],[16]]}");
	score_task(&t, SCORE_CLUSTER, NULL, &r);
	expect_groups(&t, &r, "c0,c1|c5,c6,c7,c8|c2", "c3,c4");
	expect_score(&r, 0, 3);
	expect_score(&r, 5, 2);
	expect_score(&r, 7, 2);
	expect_score(&r, 2, 1);
	score_result_release(&r);
	matrix_task_release(&t);
}

/*
 * PageRank, d = 0.85, c0 = 11, c1 = 10, c2 = 11 but not ok (ignored), c1's
 * multiplicity 4 ignored (distinct nodes).  Start c = (1, 1), t = (1, 1).
 * Round 1: c0 = .15 + .85 (1 + 1) = 1.85, c1 = .15 + .85 = 1;
 *          t0 = .15 + .85 (1 + 1) = 1.85, t1 = .15 + .85 * 1 = 1;
 *          max 1.85 -> c = (1, 1/1.85), t = (1, 1/1.85).
 * Round 2 with x = 1/1.85: c0 = .15 + .85 (1 + x), c1 = .15 x + .85;
 *          t0 = .15 + .85 (1 + x), t1 = .15 x + .85; max = c0 = t0
 *          -> c = (1, (.15 x + .85) / (.15 + .85 (1 + x))) = (1, 0.63796...).
 */
Test(score, pagerank_follows_the_mutual_recursion)
{
	struct matrix_task t = MATRIX_TASK_INIT;
	struct score_result r = SCORE_RESULT_INIT;
	struct score_params p = SCORE_PARAMS_INIT;
	double x = 1 / 1.85;

	load(&t, "{\"task_id\":\"g\",\"candidates\":[{\"id\":\"c0\",\"ok\":true},"
	     "{\"id\":\"c1\",\"ok\":true,\"multiplicity\":4},{\"id\":\"c2\",\"ok\":false}],"
	     "\"tests\":[{\"id\":\"t0\"},{\"id\":\"t1\",\"multiplicity\":3}],"
	     "\"matrix\":[\"11\",\"10\",\"11\"]}");
	p.pagerank_rounds = 1;
	score_task(&t, SCORE_PAGERANK, &p, &r);
	expect_groups(&t, &r, "c0|c1", "c2");
	expect_score(&r, 0, 1);
	expect_score(&r, 1, x);
	p.pagerank_rounds = 2;
	score_task(&t, SCORE_PAGERANK, &p, &r);
	expect_score(&r, 0, 1);
	expect_score(&r, 1, (.15 * x + .85) / (.15 + .85 * (1 + x)));
	cr_assert(fabs(r.score[1] - 0.637963) < 1e-6);
	score_result_release(&r);
	matrix_task_release(&t);
}

/*
 * Two candidates with different rows but symmetric positions get the same
 * PageRank up to rounding: c0 = 10, c1 = 01 (one tie group); c2 = 11 leads.
 */
Test(score, pagerank_symmetric_candidates_tie)
{
	struct matrix_task t = MATRIX_TASK_INIT;
	struct score_result r = SCORE_RESULT_INIT;

	load(&t, "{\"task_id\":\"g\",\"candidates\":[{\"id\":\"c0\",\"ok\":true},"
	     "{\"id\":\"c1\",\"ok\":true},{\"id\":\"c2\",\"ok\":true}],"
	     "\"tests\":[{\"id\":\"t0\"},{\"id\":\"t1\"}],\"matrix\":[\"10\",\"01\",\"11\"]}");
	score_task(&t, SCORE_PAGERANK, NULL, &r);
	expect_groups(&t, &r, "c2|c0,c1", "");
	expect_score(&r, 2, 1);
	score_result_release(&r);
	matrix_task_release(&t);
}

/*
 * pass@k by hand.  truth on 2 tests: c0 11 (mult 1, right), c1 11 (mult 3,
 * wrong) -> group 1, c2 10 (wrong) -> group 2, c3 not ok (mult 4, right).
 *   pass@1 = 1/4 = 0.25
 *   pass@2: one pick per group: 1 - (3/4)(1) = 0.25
 *   pass@5: 2 groups, picks 3 and 2: 1 - (3/4)^3 (1)^2 = 37/64
 * Random over all candidates: n = 1+3+1+4 = 9, right = 1+4 = 5:
 *   pass@1 = 5/9, pass@2 = 1 - (4/9)^2 = 65/81.
 * maxpass ranks c0, c1, c2 as well; codet: {c0,c1} 4^.5 * 2 = 4, {c2} 1.
 */
Test(score, pass_at_k_walks_tie_groups)
{
	struct matrix_task t = MATRIX_TASK_INIT;
	struct score_result r = SCORE_RESULT_INIT;

	load(&t, "{\"task_id\":\"e\",\"candidates\":["
	     "{\"id\":\"c0\",\"ok\":true,\"label\":1},"
	     "{\"id\":\"c1\",\"ok\":true,\"multiplicity\":3,\"label\":0},"
	     "{\"id\":\"c2\",\"ok\":true,\"label\":0},"
	     "{\"id\":\"c3\",\"ok\":false,\"multiplicity\":4,\"label\":1}],"
	     "\"tests\":[{\"id\":\"t0\"},{\"id\":\"t1\"}],\"matrix\":[\"11\",\"11\",\"10\",\"00\"]}");
	cr_assert(score_task_labelled(&t));
	score_task(&t, SCORE_TRUTH, NULL, &r);
	expect_groups(&t, &r, "c0,c1|c2", "c3");
	cr_assert_float_eq(score_pass_at_k(&t, &r, 1), 0.25, 1e-12);
	cr_assert_float_eq(score_pass_at_k(&t, &r, 2), 0.25, 1e-12);
	cr_assert_float_eq(score_pass_at_k(&t, &r, 5), 37.0 / 64, 1e-12);
	cr_assert_float_eq(score_pass_at_k(&t, NULL, 1), 5.0 / 9, 1e-12);
	cr_assert_float_eq(score_pass_at_k(&t, NULL, 2), 65.0 / 81, 1e-12);
	score_task(&t, SCORE_CODET, NULL, &r);
	cr_assert_float_eq(score_pass_at_k(&t, &r, 1), 0.25, 1e-12);
	/* cluster has no signatures here: ranks nobody -> the random value. */
	score_task(&t, SCORE_CLUSTER, NULL, &r);
	cr_assert_eq(r.ngroups, 0);
	cr_assert_float_eq(score_pass_at_k(&t, &r, 1), 5.0 / 9, 1e-12);
	cr_assert_float_eq(score_pass_at_k(&t, &r, 2), 65.0 / 81, 1e-12);
	score_result_release(&r);
	matrix_task_release(&t);
}

/*
 * Three groups, k = 2 < 3 groups: one pick from each of the first two.
 * maxpass on 3 tests: c0 111 (wrong), c1 110 (right), c2 100 (right)
 *   -> pass@2 = 1 - (1)(0) = 1, pass@1 = 0; pass@10 with 3 groups: picks
 *   4, 3, 3 -> 1 - 1 * 0 * 0 = 1.
 */
Test(score, pass_at_k_with_more_groups_than_picks)
{
	struct matrix_task t = MATRIX_TASK_INIT;
	struct score_result r = SCORE_RESULT_INIT;

	load(&t, "{\"task_id\":\"e\",\"candidates\":["
	     "{\"id\":\"c0\",\"ok\":true,\"label\":0},{\"id\":\"c1\",\"ok\":true,\"label\":1},"
	     "{\"id\":\"c2\",\"ok\":true,\"label\":1}],"
	     "\"tests\":[{\"id\":\"t0\"},{\"id\":\"t1\"},{\"id\":\"t2\"}],"
	     "\"matrix\":[\"111\",\"110\",\"100\"]}");
	score_task(&t, SCORE_MAXPASS, NULL, &r);
	expect_groups(&t, &r, "c0|c1|c2", "");
	cr_assert_float_eq(score_pass_at_k(&t, &r, 1), 0, 1e-12);
	cr_assert_float_eq(score_pass_at_k(&t, &r, 2), 1, 1e-12);
	cr_assert_float_eq(score_pass_at_k(&t, &r, 10), 1, 1e-12);
	score_result_release(&r);
	matrix_task_release(&t);
}

Test(score, unlabelled_tasks_are_not_evaluated)
{
	struct matrix_task t = MATRIX_TASK_INIT;

	load(&t, "{\"task_id\":\"u\",\"candidates\":[{\"id\":\"c0\",\"ok\":true,\"label\":1},"
	     "{\"id\":\"c1\",\"ok\":true}],\"tests\":[],\"matrix\":[\"\",\"\"]}");
	cr_assert_not(score_task_labelled(&t));
	matrix_task_release(&t);
	load(&t, "{\"task_id\":\"u\",\"candidates\":[],\"tests\":[],\"matrix\":[]}");
	cr_assert_not(score_task_labelled(&t));
	matrix_task_release(&t);
}

Test(score, method_names_round_trip)
{
	enum score_method m;
	int i;

	for (i = 0; i < SCORE_NMETHODS; i++) {
		cr_assert_eq(score_method_parse(score_method_name((enum score_method)i), &m), 0);
		cr_assert_eq((int)m, i);
	}
	cr_assert_eq(score_method_parse("codet2", &m), -1);
	cr_assert_str_eq(score_method_name(SCORE_TRUTH_ALL), "truth-all");
	score_result_release(NULL);
}

/* ---- properties on random matrices ---- */

static uint64_t rng_state;

static uint64_t rnd(void)
{
	/* splitmix64: fixed seeds, same matrices on every machine */
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/*
 * A random task: rows drawn from a pool of 4 patterns (so groups form) plus
 * some fresh rows, some not-ok candidates, multiplicities 1-3, signatures from
 * a pool of 3, random labels.  70 tests cross a word boundary.
 */
static void random_task(struct matrix_task *t, size_t n, size_t m)
{
	uint64_t pool[4][2];
	size_t c, j, k;

	matrix_task_alloc(t, n, m);
	for (k = 0; k < 4; k++) {
		pool[k][0] = rnd() & rnd();
		pool[k][1] = rnd() & ((1ULL << (m - 64)) - 1);
	}
	for (c = 0; c < n; c++) {
		k = rnd() % 6;
		for (j = 0; j < m; j++)
			matrix_set(t, c, j, k < 4 ? (int)((pool[k][j / 64] >> (j % 64)) & 1)
					    : (int)(rnd() % 3 == 0));
		t->cand[c].ok = rnd() % 8 != 0;
		t->cand[c].multiplicity = 1 + rnd() % 3;
		t->cand[c].label = (int)(rnd() % 2);
		t->cand[c].has_sig = 1;
		t->cand[c].nsig = 1;
		t->cand[c].sig = malloc(sizeof(uint64_t));
		t->cand[c].sig[0] = rnd() % 3;
	}
	for (j = 0; j < m; j++)
		t->test[j].multiplicity = 1 + rnd() % 2;
	t->has_signatures = 1;
}

static char *dup_str(const char *s)
{
	return strcpy(malloc(strlen(s) + 1), s);
}

/*
 * Copy src into dst with candidates permuted by cp (dst cand i = src cand
 * cp[i]) and tests by tp (dst test j = src test tp[j]).
 */
static void permuted(const struct matrix_task *src, struct matrix_task *dst,
		     const size_t *cp, const size_t *tp)
{
	size_t i, j;

	matrix_task_alloc(dst, src->ncand, src->ntest);
	for (i = 0; i < src->ncand; i++) {
		const struct matrix_cand *s = &src->cand[cp[i]];
		struct matrix_cand *d = &dst->cand[i];

		free(d->id);
		d->id = dup_str(s->id);
		d->ok = s->ok;
		d->multiplicity = s->multiplicity;
		d->label = s->label;
		d->has_sig = s->has_sig;
		d->nsig = s->nsig;
		d->sig = malloc(sizeof(uint64_t) * (s->nsig ? s->nsig : 1));
		memcpy(d->sig, s->sig, sizeof(uint64_t) * s->nsig);
		for (j = 0; j < src->ntest; j++)
			matrix_set(dst, i, j, matrix_get(src, cp[i], tp[j]));
	}
	for (j = 0; j < src->ntest; j++)
		dst->test[j].multiplicity = src->test[tp[j]].multiplicity;
	dst->has_signatures = src->has_signatures;
}

static void shuffle(size_t *a, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		a[i] = i;
	for (i = n; i > 1; i--) {
		size_t k = rnd() % i, tmp = a[i - 1];

		a[i - 1] = a[k];
		a[k] = tmp;
	}
}

static int same_score(double a, double b, enum score_method m)
{
	if (isnan(a) || isnan(b))
		return isnan(a) && isnan(b);
	if (m == SCORE_PAGERANK)
		return fabs(a - b) <= 1e-9;
	return fabs(a - b) <= 1e-12 * fmax(1, fabs(a));
}

Test(score, permuting_candidates_or_tests_never_changes_scores)
{
	struct matrix_task a = MATRIX_TASK_INIT, b = MATRIX_TASK_INIT;
	struct score_result ra = SCORE_RESULT_INIT, rb = SCORE_RESULT_INIT;
	size_t cp[40], tp[70], i, k;
	int trial, m;

	rng_state = 42;
	for (trial = 0; trial < 30; trial++) {
		random_task(&a, 40, 70);
		shuffle(cp, 40);
		shuffle(tp, 70);
		permuted(&a, &b, cp, tp);
		for (m = 0; m < SCORE_NMETHODS; m++) {
			score_task(&a, (enum score_method)m, NULL, &ra);
			score_task(&b, (enum score_method)m, NULL, &rb);
			cr_assert_eq(ra.ngroups, rb.ngroups, "%s", score_method_name(m));
			cr_assert_eq(ra.nranked, rb.nranked);
			for (i = 0; i < 40; i++) {
				cr_assert(same_score(rb.score[i], ra.score[cp[i]], (enum score_method)m),
					  "%s trial %d: %g vs %g", score_method_name(m), trial,
					  rb.score[i], ra.score[cp[i]]);
				cr_assert_eq(rb.group[i], ra.group[cp[i]], "%s", score_method_name(m));
			}
			for (k = 1; k <= 10; k++)
				cr_assert_float_eq(score_pass_at_k(&a, &ra, (unsigned)k),
						   score_pass_at_k(&b, &rb, (unsigned)k), 1e-12);
		}
	}
	score_result_release(&ra);
	score_result_release(&rb);
	matrix_task_release(&a);
	matrix_task_release(&b);
}

/*
 * Duplicating a candidate equals raising its multiplicity: a has candidate
 * 0 with multiplicity 2; b has it twice with multiplicity 1.  Scores, groups
 * and pass@k agree for every method except b4 and pagerank, which count
 * distinct candidates by definition.  Likewise duplicating a test equals
 * multiplicity 2 for truth, truth-all, maxpass and codet.
 */
Test(score, duplicate_candidate_equals_multiplicity)
{
	struct matrix_task a = MATRIX_TASK_INIT, b = MATRIX_TASK_INIT;
	struct score_result ra = SCORE_RESULT_INIT, rb = SCORE_RESULT_INIT;
	size_t cp[31], i, k;
	int trial, m;

	rng_state = 7;
	for (trial = 0; trial < 30; trial++) {
		random_task(&a, 30, 70);
		a.cand[0].multiplicity = 2;
		for (i = 0; i < 30; i++)
			cp[i] = i;
		cp[30] = 0;
		/* b = a plus a copy of candidate 0 at index 30 */
		matrix_task_alloc(&b, 31, 70);
		for (i = 0; i < 31; i++) {
			const struct matrix_cand *s = &a.cand[cp[i]];
			struct matrix_cand *d = &b.cand[i];

			d->ok = s->ok;
			d->multiplicity = i == 0 || i == 30 ? 1 : s->multiplicity;
			d->label = s->label;
			d->has_sig = 1;
			d->nsig = 1;
			d->sig = malloc(sizeof(uint64_t));
			d->sig[0] = s->sig[0];
			for (k = 0; k < 70; k++)
				matrix_set(&b, i, k, matrix_get(&a, cp[i], k));
		}
		for (k = 0; k < 70; k++)
			b.test[k].multiplicity = a.test[k].multiplicity;
		b.has_signatures = 1;
		for (m = 0; m < SCORE_NMETHODS; m++) {
			if (m == SCORE_B4 || m == SCORE_PAGERANK)
				continue;
			score_task(&a, (enum score_method)m, NULL, &ra);
			score_task(&b, (enum score_method)m, NULL, &rb);
			cr_assert_eq(ra.ngroups, rb.ngroups, "%s", score_method_name(m));
			for (i = 0; i < 31; i++) {
				cr_assert(same_score(rb.score[i], ra.score[cp[i]], (enum score_method)m),
					  "%s: %g vs %g", score_method_name(m), rb.score[i], ra.score[cp[i]]);
				cr_assert_eq(rb.group[i], ra.group[cp[i]]);
			}
			for (k = 1; k <= 10; k++)
				cr_assert_float_eq(score_pass_at_k(&a, &ra, (unsigned)k),
						   score_pass_at_k(&b, &rb, (unsigned)k), 1e-12);
		}
	}
	score_result_release(&ra);
	score_result_release(&rb);
	matrix_task_release(&a);
	matrix_task_release(&b);
}

Test(score, duplicate_test_equals_test_multiplicity)
{
	struct matrix_task a = MATRIX_TASK_INIT, b = MATRIX_TASK_INIT;
	struct score_result ra = SCORE_RESULT_INIT, rb = SCORE_RESULT_INIT;
	static const int methods[] = { SCORE_TRUTH, SCORE_TRUTH_ALL, SCORE_MAXPASS, SCORE_CODET };
	size_t c, j, i;
	int trial;

	rng_state = 99;
	for (trial = 0; trial < 30; trial++) {
		random_task(&a, 30, 69);
		a.test[0].multiplicity = 2;
		/* b: test 0 twice (as tests 0 and 69), multiplicity 1 each. */
		matrix_task_alloc(&b, 30, 70);
		for (c = 0; c < 30; c++) {
			b.cand[c].ok = a.cand[c].ok;
			b.cand[c].multiplicity = a.cand[c].multiplicity;
			for (j = 0; j < 70; j++)
				matrix_set(&b, c, j, matrix_get(&a, c, j == 69 ? 0 : j));
		}
		for (j = 0; j < 69; j++)
			b.test[j].multiplicity = j ? a.test[j].multiplicity : 1;
		b.test[69].multiplicity = 1;
		for (i = 0; i < sizeof(methods) / sizeof(methods[0]); i++) {
			score_task(&a, (enum score_method)methods[i], NULL, &ra);
			score_task(&b, (enum score_method)methods[i], NULL, &rb);
			cr_assert_eq(ra.ngroups, rb.ngroups);
			for (c = 0; c < 30; c++) {
				cr_assert(same_score(ra.score[c], rb.score[c], (enum score_method)methods[i]));
				cr_assert_eq(ra.group[c], rb.group[c]);
			}
		}
	}
	score_result_release(&ra);
	score_result_release(&rb);
	matrix_task_release(&a);
	matrix_task_release(&b);
}
