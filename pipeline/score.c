/*
 * score: ranking methods and the pass@k evaluator.  See score.h for the
 * rules shared by every method and README.md, "Scoring and preference pairs" for the formulas.
 *
 * Cost per task with N candidates, M tests and K distinct rows: grouping
 * hashes every row once (O(N * M / 64)); truth/maxpass/codet are O(N * M / 64)
 * with popcounts; b4 is O(N * M + K * M) from column sums; pagerank is
 * O(rounds * passes).  Self-contained: libc and libm only.
 */
#include "pipeline/score.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *sc_alloc(size_t n, size_t size)
{
	void *p;

	if (size && n > SIZE_MAX / size) {
		fprintf(stderr, "veripref: fatal: allocation size overflow\n");
		abort();
	}
	p = malloc(n && size ? n * size : 1);
	if (!p) {
		fprintf(stderr, "veripref: fatal: out of memory allocating %zu bytes\n", n * size);
		abort();
	}
	return p;
}

static void *sc_zalloc(size_t n, size_t size)
{
	void *p = sc_alloc(n, size);

	memset(p, 0, n * size);
	return p;
}

static const char *const method_names[SCORE_NMETHODS] = {
	"truth", "truth-all", "maxpass", "codet", "b4", "cluster", "pagerank",
};

const char *score_method_name(enum score_method m)
{
	return (unsigned)m < SCORE_NMETHODS ? method_names[m] : "?";
}

int score_method_parse(const char *name, enum score_method *out)
{
	int i;

	for (i = 0; i < SCORE_NMETHODS; i++)
		if (!strcmp(name, method_names[i])) {
			*out = (enum score_method)i;
			return 0;
		}
	return -1;
}

void score_result_release(struct score_result *r)
{
	if (!r)
		return;
	free(r->score);
	free(r->group);
	free(r->order);
	free(r->group_start);
	memset(r, 0, sizeof(*r));
}

/* ---- shared helpers ---- */

static int unit_tests(const struct matrix_task *t)
{
	size_t j;

	for (j = 0; j < t->ntest; j++)
		if (t->test[j].multiplicity != 1)
			return 0;
	return 1;
}

static unsigned long long weighted_passes(const struct matrix_task *t, size_t c, int unit)
{
	const uint64_t *row = matrix_row(t, c);
	unsigned long long s = 0;
	size_t w;

	for (w = 0; w < t->words; w++) {
		uint64_t x = row[w];

		if (unit) {
			s += (unsigned long long)__builtin_popcountll(x);
			continue;
		}
		while (x) {
			s += t->test[w * 64 + (size_t)__builtin_ctzll(x)].multiplicity;
			x &= x - 1;
		}
	}
	return s;
}

unsigned long long score_weighted_passes(const struct matrix_task *t, size_t c)
{
	return weighted_passes(t, c, unit_tests(t));
}

unsigned long long score_test_passers(const struct matrix_task *t, size_t j)
{
	unsigned long long s = 0;
	size_t c;

	for (c = 0; c < t->ncand; c++)
		if (t->cand[c].ok && matrix_get(t, c, j))
			s += t->cand[c].multiplicity;
	return s;
}

static uint64_t hash_words(const uint64_t *w, size_t n, uint64_t h)
{
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= w[i] + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
		h *= 0xff51afd7ed558ccdULL;
		h ^= h >> 33;
	}
	return h;
}

/*
 * Groups of identical keys among the candidates with use[c] set: the key is
 * the pass row (by_sig 0) or the signature vector (by_sig 1).  gid[c] is the
 * group of c (SIZE_MAX when unused); rep[g] is its first member, gmult[g] the
 * sum of multiplicities and gcount[g] the number of members.
 */
struct groups {
	size_t n;
	size_t *gid, *rep, *gcount;
	unsigned long long *gmult;
};

static int same_key(const struct matrix_task *t, size_t a, size_t b, int by_sig)
{
	if (!by_sig)
		return !memcmp(matrix_row(t, a), matrix_row(t, b), t->words * sizeof(uint64_t));
	return t->cand[a].nsig == t->cand[b].nsig &&
		!memcmp(t->cand[a].sig, t->cand[b].sig, t->cand[a].nsig * sizeof(uint64_t));
}

static void group_candidates(const struct matrix_task *t, const unsigned char *use,
			     int by_sig, struct groups *g)
{
	size_t cap = 16, mask, c, *slot;

	while (cap < 2 * t->ncand)
		cap <<= 1;
	mask = cap - 1;
	slot = sc_alloc(cap, sizeof(*slot));
	for (c = 0; c < cap; c++)
		slot[c] = SIZE_MAX;
	g->n = 0;
	g->gid = sc_alloc(t->ncand, sizeof(size_t));
	g->rep = sc_alloc(t->ncand, sizeof(size_t));
	g->gcount = sc_alloc(t->ncand, sizeof(size_t));
	g->gmult = sc_alloc(t->ncand, sizeof(unsigned long long));
	for (c = 0; c < t->ncand; c++) {
		uint64_t h;
		size_t s;

		g->gid[c] = SIZE_MAX;
		if (!use[c])
			continue;
		h = by_sig ? hash_words(t->cand[c].sig, t->cand[c].nsig, t->cand[c].nsig)
			   : hash_words(matrix_row(t, c), t->words, 0);
		for (s = (size_t)h & mask; slot[s] != SIZE_MAX; s = (s + 1) & mask)
			if (same_key(t, g->rep[slot[s]], c, by_sig))
				break;
		if (slot[s] == SIZE_MAX) {
			slot[s] = g->n;
			g->rep[g->n] = c;
			g->gcount[g->n] = 0;
			g->gmult[g->n] = 0;
			g->n++;
		}
		g->gid[c] = slot[s];
		g->gcount[slot[s]]++;
		g->gmult[slot[s]] += t->cand[c].multiplicity;
	}
	free(slot);
}

static void groups_release(struct groups *g)
{
	free(g->gid);
	free(g->rep);
	free(g->gcount);
	free(g->gmult);
}

/* ---- the methods: each fills score[c] for ranked c and NAN otherwise ---- */

/*
 * truth / truth-all / maxpass.  VeriPrefer's partial credit is the fraction
 * of (validated) tests passed; truth-all is the all-pass indicator; maxpass
 * is the weighted pass count, ranking only candidates that pass something.
 */
static void score_passes(const struct matrix_task *t, enum score_method m, double *score)
{
	int unit = unit_tests(t);
	unsigned long long total = 0;
	size_t c, j;

	for (j = 0; j < t->ntest; j++)
		total += t->test[j].multiplicity;
	for (c = 0; c < t->ncand; c++) {
		unsigned long long s;

		score[c] = NAN;
		if (!t->cand[c].ok || !t->ntest)
			continue;
		s = weighted_passes(t, c, unit);
		if (m == SCORE_TRUTH)
			score[c] = (double)s / (double)total;
		else if (m == SCORE_TRUTH_ALL)
			score[c] = s == total ? 1.0 : 0.0;
		else if (s > 0)
			score[c] = (double)s;
	}
}

/*
 * CodeT (Chen et al., ICLR 2023, "CodeT: Code Generation with Generated
 * Tests"): a consensus set is a group of candidates with identical pass rows
 * together with the tests they pass; its score is |S_x|^p * |S_y|, |S_x| the
 * number of candidates (with multiplicity), |S_y| the weighted number of
 * tests.  The released code uses sqrt(|S_x|) (p = 0.5); the paper writes
 * p = 1.  Candidates passing nothing form no consensus set and are unranked.
 */
static void score_codet(const struct matrix_task *t, const struct score_params *p, double *score)
{
	unsigned char *use = sc_zalloc(t->ncand, 1);
	int unit = unit_tests(t);
	unsigned long long *wp = sc_alloc(t->ncand, sizeof(*wp));
	struct groups g;
	double *gs;
	size_t c, k;

	for (c = 0; c < t->ncand; c++) {
		wp[c] = t->cand[c].ok && t->ntest ? weighted_passes(t, c, unit) : 0;
		use[c] = wp[c] > 0;
	}
	group_candidates(t, use, 0, &g);
	gs = sc_alloc(g.n ? g.n : 1, sizeof(*gs));
	for (k = 0; k < g.n; k++) {
		double sx = (double)g.gmult[k];

		gs[k] = (p->codet_power == 0.5 ? sqrt(sx) : pow(sx, p->codet_power)) *
			(double)wp[g.rep[k]];
	}
	for (c = 0; c < t->ncand; c++)
		score[c] = use[c] ? gs[g.gid[c]] : NAN;
	free(gs);
	groups_release(&g);
	free(wp);
	free(use);
}

/* ln B(a, b), the log of the Beta function. */
static double lnbeta(double a, double b)
{
	return lgamma(a) + lgamma(b) - lgamma(a + b);
}

/*
 * B4 (Chen et al., "B4: Towards Optimal Assessment of Plausible Code
 * Solutions with Plausible Tests", ASE 2024), the log posterior of the
 * hypothesis "group G (identical rows, pattern p) is the correct one":
 *   log P = lnB(|p|+a, M-|p|+1) + lnB(|G|+a, N-|G|+1)
 *         + lnB(s1+1, n1-s1+1) + lnB(s0+1, n0-s0+b0)
 * n1 = (N-|G|)|p|, s1 = passes by candidates outside G on tests in p,
 * n0 = (N-|G|)(M-|p|), s0 = passes by candidates outside G on tests not in p.
 * N, M, |G|, |p| count distinct (ok) candidates and tests: B4 ignores
 * multiplicities.  Members of G pass exactly p, so with column sums col[j]:
 * s1 = sum_{j in p} col[j] - |G||p| and s0 = sum_j col[j] - sum_{j in p} col[j].
 * Computed in log space with lgamma, so the Beta values never underflow.
 */
static void score_b4(const struct matrix_task *t, const struct score_params *p, double *score)
{
	unsigned char *use = sc_zalloc(t->ncand, 1);
	unsigned long *col;
	unsigned long long total = 0;
	struct groups g;
	double *gs, n = 0, m = (double)t->ntest;
	size_t c, k, w, j;

	for (c = 0; c < t->ncand; c++) {
		score[c] = NAN;
		use[c] = t->cand[c].ok && t->ntest;
		n += use[c];
	}
	if (n == 0) {
		free(use);
		return;
	}
	col = sc_zalloc(t->ntest, sizeof(*col));
	for (c = 0; c < t->ncand; c++) {
		const uint64_t *row = matrix_row(t, c);

		if (!use[c])
			continue;
		for (w = 0; w < t->words; w++)
			for (uint64_t x = row[w]; x; x &= x - 1)
				col[w * 64 + (size_t)__builtin_ctzll(x)]++;
	}
	for (j = 0; j < t->ntest; j++)
		total += col[j];
	group_candidates(t, use, 0, &g);
	gs = sc_alloc(g.n, sizeof(*gs));
	for (k = 0; k < g.n; k++) {
		const uint64_t *row = matrix_row(t, g.rep[k]);
		unsigned long long in_p = 0;
		double np = 0, gsz = (double)g.gcount[k], s1, s0, n1, n0;

		for (w = 0; w < t->words; w++)
			for (uint64_t x = row[w]; x; x &= x - 1) {
				in_p += col[w * 64 + (size_t)__builtin_ctzll(x)];
				np++;
			}
		s1 = (double)in_p - gsz * np;
		s0 = (double)(total - in_p);
		n1 = (n - gsz) * np;
		n0 = (n - gsz) * (m - np);
		gs[k] = lnbeta(np + p->b4_alpha, m - np + 1) +
			lnbeta(gsz + p->b4_alpha, n - gsz + 1) +
			lnbeta(s1 + 1, n1 - s1 + 1) +
			lnbeta(s0 + 1, n0 - s0 + p->b4_beta0);
	}
	for (c = 0; c < t->ncand; c++)
		if (use[c])
			score[c] = gs[g.gid[c]];
	free(gs);
	groups_release(&g);
	free(col);
	free(use);
}

/*
 * Output agreement (MBR-exec, Shi et al. 2022; AlphaCode's clustering):
 * candidates with identical signature vectors form a cluster; the score is
 * the cluster's size with multiplicity.  Tests are not needed.
 */
static void score_cluster(const struct matrix_task *t, double *score)
{
	unsigned char *use = sc_zalloc(t->ncand, 1);
	struct groups g;
	size_t c;

	for (c = 0; c < t->ncand; c++)
		use[c] = t->cand[c].ok && t->cand[c].has_sig;
	group_candidates(t, use, 1, &g);
	for (c = 0; c < t->ncand; c++)
		score[c] = use[c] ? (double)g.gmult[g.gid[c]] : NAN;
	groups_release(&g);
	free(use);
}

/*
 * Mutual code-test ranking on the bipartite pass graph (CodeDPO, Zhang et
 * al. 2024): code and test scores start at 1; each round, from the previous
 * vectors, c_i <- (1-d) c_i + d sum_{j: i passes j} t_j and
 * t_j <- (1-d) t_j + d sum_{i passes j} c_i, then both are divided by the
 * largest entry of either.  The graph has one node per distinct candidate and
 * test of the file: multiplicities do not weight the sums (as B4, and as the
 * reference numbers on the HumanEval matrix require).
 */
static void score_pagerank(const struct matrix_task *t, const struct score_params *p, double *score)
{
	double d = p->pagerank_damping;
	double *cv = sc_alloc(t->ncand, sizeof(double)), *nc = sc_alloc(t->ncand, sizeof(double));
	double *tv = sc_alloc(t->ntest ? t->ntest : 1, sizeof(double));
	double *nt = sc_alloc(t->ntest ? t->ntest : 1, sizeof(double));
	size_t c, j, w;
	int round, any = 0;

	for (c = 0; c < t->ncand; c++) {
		score[c] = NAN;
		cv[c] = 1.0;
		if (t->cand[c].ok)
			for (w = 0; w < t->words && !any; w++)
				any = matrix_row(t, c)[w] != 0;
	}
	if (!any)
		goto out;
	for (j = 0; j < t->ntest; j++)
		tv[j] = 1.0;
	for (round = 0; round < p->pagerank_rounds; round++) {
		double f = 0;

		for (j = 0; j < t->ntest; j++)
			nt[j] = (1 - d) * tv[j];
		for (c = 0; c < t->ncand; c++) {
			const uint64_t *row = matrix_row(t, c);
			double s = 0, dc = d * cv[c];

			if (!t->cand[c].ok)
				continue;
			for (w = 0; w < t->words; w++)
				for (uint64_t x = row[w]; x; x &= x - 1) {
					j = w * 64 + (size_t)__builtin_ctzll(x);
					s += tv[j];
					nt[j] += dc;
				}
			nc[c] = (1 - d) * cv[c] + d * s;
			if (nc[c] > f)
				f = nc[c];
		}
		for (j = 0; j < t->ntest; j++)
			if (nt[j] > f)
				f = nt[j];
		if (!(f > 0))
			f = 1;
		for (c = 0; c < t->ncand; c++)
			if (t->cand[c].ok)
				cv[c] = nc[c] / f;
		for (j = 0; j < t->ntest; j++)
			tv[j] = nt[j] / f;
	}
	for (c = 0; c < t->ncand; c++)
		if (t->cand[c].ok)
			score[c] = cv[c];
out:
	free(cv);
	free(nc);
	free(tv);
	free(nt);
}

/* ---- tie groups ---- */

struct ranked {
	double s;
	size_t c;
};

static int cmp_ranked(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;

	if (x->s != y->s)
		return x->s > y->s ? -1 : 1;
	return x->c < y->c ? -1 : x->c > y->c;
}

/* Whether b (<= a) ties with a, the best score of the current group. */
static int ties(enum score_method m, double a, double b)
{
	switch (m) {
	case SCORE_CODET:
	case SCORE_B4:
		return a - b <= 1e-12 * fmax(fabs(a), fabs(b));
	case SCORE_PAGERANK:
		return a - b <= 1e-12;
	default:
		return a == b;
	}
}

void score_task(const struct matrix_task *t, enum score_method m,
		const struct score_params *params, struct score_result *r)
{
	static const struct score_params defaults = SCORE_PARAMS_INIT;
	const struct score_params *p = params ? params : &defaults;
	struct ranked *rk;
	size_t c, n = 0, i, u;

	score_result_release(r);
	r->ncand = t->ncand;
	r->score = sc_alloc(t->ncand, sizeof(double));
	r->group = sc_alloc(t->ncand, sizeof(size_t));
	r->order = sc_alloc(t->ncand, sizeof(size_t));
	r->group_start = sc_alloc(t->ncand + 1, sizeof(size_t));
	switch (m) {
	case SCORE_TRUTH:
	case SCORE_TRUTH_ALL:
	case SCORE_MAXPASS:
		score_passes(t, m, r->score);
		break;
	case SCORE_CODET:
		score_codet(t, p, r->score);
		break;
	case SCORE_B4:
		score_b4(t, p, r->score);
		break;
	case SCORE_CLUSTER:
		score_cluster(t, r->score);
		break;
	case SCORE_PAGERANK:
	default:
		score_pagerank(t, p, r->score);
		break;
	}

	rk = sc_alloc(t->ncand, sizeof(*rk));
	for (c = 0; c < t->ncand; c++)
		if (!isnan(r->score[c])) {
			rk[n].s = r->score[c];
			rk[n].c = c;
			n++;
		}
	qsort(rk, n, sizeof(*rk), cmp_ranked);
	r->nranked = n;
	r->ngroups = 0;
	for (i = 0; i < n; i++) {
		if (i == 0 || !ties(m, r->score[r->order[r->group_start[r->ngroups - 1]]], rk[i].s))
			r->group_start[r->ngroups++] = i;
		r->order[i] = rk[i].c;
		r->group[rk[i].c] = r->ngroups - 1;
	}
	r->group_start[r->ngroups] = n;
	/* Ties keep file order inside a group (the sort broke equal scores by
	 * index, but near-equal ones within the tolerance may be out of order). */
	for (i = 0; i < r->ngroups; i++) {
		size_t a = r->group_start[i], b = r->group_start[i + 1], x, y;

		for (x = a + 1; x < b; x++)
			for (y = x; y > a && r->order[y - 1] > r->order[y]; y--) {
				size_t tmp = r->order[y];

				r->order[y] = r->order[y - 1];
				r->order[y - 1] = tmp;
			}
	}
	u = n;
	for (c = 0; c < t->ncand; c++)
		if (isnan(r->score[c])) {
			r->order[u++] = c;
			r->group[c] = SIZE_MAX;
		}
	free(rk);
}

/* ---- evaluation ---- */

int score_task_labelled(const struct matrix_task *t)
{
	size_t c;

	if (!t->ncand)
		return 0;
	for (c = 0; c < t->ncand; c++)
		if (t->cand[c].label == MATRIX_LABEL_UNKNOWN)
			return 0;
	return 1;
}

double score_pass_at_k(const struct matrix_task *t, const struct score_result *r, unsigned k)
{
	double wrong = 1;
	size_t g, i, ng;

	if (!r || !r->ngroups) {
		double n = 0, right = 0;

		for (i = 0; i < t->ncand; i++) {
			n += (double)t->cand[i].multiplicity;
			if (t->cand[i].label == MATRIX_LABEL_RIGHT)
				right += (double)t->cand[i].multiplicity;
		}
		return n > 0 ? 1 - pow(1 - right / n, k) : 0;
	}
	ng = r->ngroups;
	for (g = 0; g < ng && g < k; g++) {
		unsigned picks = ng >= k ? 1 : (unsigned)(k / ng + (g < k % ng));
		double n = 0, right = 0;

		for (i = r->group_start[g]; i < r->group_start[g + 1]; i++) {
			const struct matrix_cand *mc = &t->cand[r->order[i]];

			n += (double)mc->multiplicity;
			if (mc->label == MATRIX_LABEL_RIGHT)
				right += (double)mc->multiplicity;
		}
		wrong *= pow(1 - right / n, picks);
	}
	return 1 - wrong;
}
