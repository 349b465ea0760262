/*
 * pairs: pair selection and trainer formats.  See pairs.h.
 */
#include "pipeline/pairs.h"

#include "sim/xalloc.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* At most this many test ids are listed as evidence (the count is exact). */
#define EVIDENCE_MAX 32

static const char *const drop_names[PAIRS_NDROP] = {
	"kept", "no-prompt", "no-tests", "none-pass", "all-pass", "single-group",
	"margin", "no-text", "length-ratio",
};

const char *pairs_drop_name(enum pairs_drop d)
{
	return (unsigned)d < PAIRS_NDROP ? drop_names[d] : "?";
}

void pairs_set_release(struct pairs_set *s)
{
	if (!s)
		return;
	free(s->pair);
	s->pair = NULL;
	s->n = 0;
	s->drop = PAIRS_KEPT;
}

/* ---- per-task random numbers ---- */

static uint64_t splitmix(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t task_seed(uint64_t seed, const char *task_id)
{
	uint64_t h = 0xcbf29ce484222325ULL;  /* FNV-1a */

	for (; *task_id; task_id++)
		h = (h ^ (unsigned char)*task_id) * 0x100000001b3ULL;
	return seed ^ h;
}

/* ---- candidate pairs ---- */

struct cand_pair {
	struct pairs_pair p;
	double margin;
	uint64_t key;   /* random tie-break */
};

static int cmp_cand_pair(const void *a, const void *b)
{
	const struct cand_pair *x = a, *y = b;

	if (x->margin != y->margin)
		return x->margin > y->margin ? -1 : 1;
	return x->key < y->key ? -1 : x->key > y->key;
}

static int length_ok(const struct matrix_task *t, const struct pairs_options *o, size_t a, size_t b)
{
	double la, lb;

	if (o->length_ratio <= 0)
		return 1;
	la = (double)strlen(t->cand[a].text);
	lb = (double)strlen(t->cand[b].text);
	if (la < lb) {
		double tmp = la;

		la = lb;
		lb = tmp;
	}
	return lb > 0 && la / lb <= o->length_ratio;
}

/*
 * Filter state: how many candidate pairs survived each requirement, so that
 * a task without pairs reports the first requirement that removed them all.
 */
struct filter {
	size_t margin, text, length;
};

static enum pairs_drop filter_reason(const struct filter *f)
{
	if (!f->margin)
		return PAIRS_DROP_MARGIN;
	if (!f->text)
		return PAIRS_DROP_NO_TEXT;
	return PAIRS_DROP_LENGTH;
}

/* Try pair (c, r) with margin m; append it to *v when it passes. */
static void consider(const struct matrix_task *t, const struct pairs_options *o,
		     const struct score_result *r, size_t c, size_t rj, double m,
		     struct filter *f, struct cand_pair **v, size_t *n, size_t *alloc,
		     uint64_t *rng)
{
	struct cand_pair *cp;

	if (!(m >= o->min_margin))
		return;
	f->margin++;
	if (!t->cand[c].text || !t->cand[rj].text)
		return;
	f->text++;
	if (!length_ok(t, o, c, rj))
		return;
	f->length++;
	ALLOC_GROW(*v, *n + 1, *alloc);
	cp = &(*v)[(*n)++];
	cp->p.chosen = c;
	cp->p.rejected = rj;
	cp->p.chosen_score = r->score[c];
	cp->p.rejected_score = r->score[rj];
	cp->p.chosen_test = cp->p.rejected_test = SIZE_MAX;
	cp->margin = m;
	cp->key = splitmix(rng);
}

/* Keep the first max of the candidate pairs (largest margin, then random). */
static void take(struct pairs_set *s, struct cand_pair *v, size_t n, size_t max)
{
	size_t i;

	qsort(v, n, sizeof(*v), cmp_cand_pair);
	s->n = n < max ? n : max;
	s->pair = xcalloc(s->n ? s->n : 1, sizeof(*s->pair));
	for (i = 0; i < s->n; i++)
		s->pair[i] = v[i].p;
}

static void select_ranked(const struct matrix_task *t, const struct pairs_options *o,
			  struct pairs_set *s, uint64_t *rng)
{
	struct score_result r = SCORE_RESULT_INIT;
	struct cand_pair *v = NULL;
	struct filter f = { 0, 0, 0 };
	size_t n = 0, alloc = 0, levels, i, j, bottom_lo, bottom_hi;
	int unranked_level;

	score_task(t, o->method, &o->params, &r);
	unranked_level = !o->ranked_only && r.nranked < r.ncand;
	levels = r.ngroups + (size_t)unranked_level;
	if (r.ngroups == 0 || levels < 2) {
		s->drop = PAIRS_DROP_SINGLE_GROUP;
		goto out;
	}
	if (o->strategy == PAIRS_BEST_WORST) {
		if (unranked_level) {
			bottom_lo = r.nranked;
			bottom_hi = r.ncand;
		} else {
			bottom_lo = r.group_start[r.ngroups - 1];
			bottom_hi = r.group_start[r.ngroups];
		}
		for (i = r.group_start[0]; i < r.group_start[1]; i++)
			for (j = bottom_lo; j < bottom_hi; j++) {
				size_t c = r.order[i], rj = r.order[j];
				double m = isnan(r.score[rj]) ? INFINITY : r.score[c] - r.score[rj];

				consider(t, o, &r, c, rj, m, &f, &v, &n, &alloc, rng);
			}
	} else {
		for (i = 0; i < r.nranked; i++)
			for (j = r.group_start[r.group[r.order[i]] + 1]; j < r.ncand; j++) {
				size_t c = r.order[i], rj = r.order[j];
				double m;

				if (j >= r.nranked && !unranked_level)
					break;
				m = isnan(r.score[rj]) ? INFINITY : r.score[c] - r.score[rj];
				consider(t, o, &r, c, rj, m, &f, &v, &n, &alloc, rng);
			}
	}
	if (!n) {
		s->drop = filter_reason(&f);
		goto out;
	}
	take(s, v, n, o->max_pairs ? o->max_pairs : o->strategy == PAIRS_ALL ? 16 : 1);
out:
	free(v);
	score_result_release(&r);
}

static int lower_id(const struct matrix_task *t, size_t a, size_t b)
{
	return strcmp(t->cand[a].id, t->cand[b].id) < 0;
}

/*
 * DSTC (Liu et al., "DSTC: Direct Preference Learning with Only
 * Self-Generated Tests and Code", 2024): minimax selection.  Chosen is the
 * candidate passing the most (weighted) tests with the hardest test it
 * passes (fewest passers); rejected is the candidate passing the fewest with
 * the easiest test it fails (most passers).  Ties go to the lowest id.
 */
static void select_dstc(const struct matrix_task *t, const struct pairs_options *o,
			struct pairs_set *s)
{
	unsigned long long *wp = xcalloc(t->ncand, sizeof(*wp));
	unsigned long long *passers = xcalloc(t->ntest ? t->ntest : 1, sizeof(*passers));
	size_t c, j, best = SIZE_MAX, worst = SIZE_MAX, hard = SIZE_MAX, easy = SIZE_MAX;
	int notext = 0;

	for (c = 0; c < t->ncand; c++)
		wp[c] = t->cand[c].ok ? score_weighted_passes(t, c) : 0;
	for (c = 0; c < t->ncand; c++) {
		if (!t->cand[c].ok)
			continue;
		if (!t->cand[c].text) {
			notext = 1;
			continue;
		}
		if (best == SIZE_MAX || wp[c] > wp[best] || (wp[c] == wp[best] && lower_id(t, c, best)))
			best = c;
	}
	for (c = 0; c < t->ncand; c++) {
		if (c == best || (!t->cand[c].ok && o->ranked_only))
			continue;
		if (!t->cand[c].text) {
			notext = 1;
			continue;
		}
		if (worst == SIZE_MAX || wp[c] < wp[worst] || (wp[c] == wp[worst] && lower_id(t, c, worst)))
			worst = c;
	}
	if (best == SIZE_MAX || worst == SIZE_MAX) {
		s->drop = notext ? PAIRS_DROP_NO_TEXT : PAIRS_DROP_SINGLE_GROUP;
		goto out;
	}
	if (wp[best] == wp[worst]) {
		s->drop = PAIRS_DROP_SINGLE_GROUP;
		goto out;
	}
	if (!((double)(wp[best] - wp[worst]) >= o->min_margin)) {
		s->drop = PAIRS_DROP_MARGIN;
		goto out;
	}
	if (!length_ok(t, o, best, worst)) {
		s->drop = PAIRS_DROP_LENGTH;
		goto out;
	}
	for (j = 0; j < t->ntest; j++)
		passers[j] = score_test_passers(t, j);
	for (j = 0; j < t->ntest; j++) {
		if (matrix_get(t, best, j) &&
		    (hard == SIZE_MAX || passers[j] < passers[hard] ||
		     (passers[j] == passers[hard] && strcmp(t->test[j].id, t->test[hard].id) < 0)))
			hard = j;
		if (!(t->cand[worst].ok && matrix_get(t, worst, j)) &&
		    (easy == SIZE_MAX || passers[j] > passers[easy] ||
		     (passers[j] == passers[easy] && strcmp(t->test[j].id, t->test[easy].id) < 0)))
			easy = j;
	}
	s->n = 1;
	s->pair = xcalloc(1, sizeof(*s->pair));
	s->pair[0].chosen = best;
	s->pair[0].rejected = worst;
	s->pair[0].chosen_score = (double)wp[best];
	s->pair[0].rejected_score = (double)wp[worst];
	s->pair[0].chosen_test = hard;
	s->pair[0].rejected_test = easy;
out:
	free(passers);
	free(wp);
}

void pairs_select(const struct matrix_task *t, const struct pairs_options *o,
		  struct pairs_set *s)
{
	uint64_t rng = task_seed(o->seed, t->task_id);
	size_t c, w;
	int any = 0, all = 1;

	pairs_set_release(s);
	if (!t->prompt) {
		s->drop = PAIRS_DROP_NO_PROMPT;
		return;
	}
	if (!t->ntest) {
		s->drop = PAIRS_DROP_NO_TESTS;
		return;
	}
	for (c = 0; c < t->ncand; c++) {
		const uint64_t *row = matrix_row(t, c);

		if (!t->cand[c].ok) {
			all = 0;
			continue;
		}
		for (w = 0; w < t->words; w++) {
			uint64_t full = w + 1 < t->words || t->ntest % 64 == 0 ?
				~(uint64_t)0 : ((uint64_t)1 << (t->ntest % 64)) - 1;

			any |= row[w] != 0;
			all &= row[w] == full;
		}
	}
	if (!any) {
		s->drop = PAIRS_DROP_NONE_PASS;
		return;
	}
	if (all) {
		s->drop = PAIRS_DROP_ALL_PASS;
		return;
	}
	if (o->strategy == PAIRS_DSTC)
		select_dstc(t, o, s);
	else
		select_ranked(t, o, s, &rng);
	if (s->n)
		s->drop = PAIRS_KEPT;
}

/* ---- formats ---- */

static void add_score(cJSON *o, const char *key, double v)
{
	if (isnan(v))
		cJSON_AddNullToObject(o, key);
	else
		cJSON_AddNumberToObject(o, key, v);
}

static int passes(const struct matrix_task *t, size_t c, size_t j)
{
	return t->cand[c].ok && matrix_get(t, c, j);
}

/*
 * List under key the test ids where a's outcome is want_a and b's is not; b
 * SIZE_MAX compares with nothing (the tests a passes, or fails, alone).
 * A candidate that did not run fails every test.
 */
static void add_tests(cJSON *o, const char *key, const struct matrix_task *t, size_t a, size_t b,
		      int want_a)
{
	cJSON *arr = cJSON_AddArrayToObject(o, key);
	size_t j, count = 0;
	char ckey[64];

	for (j = 0; j < t->ntest; j++) {
		int pa = passes(t, a, j), pb = b == SIZE_MAX ? !want_a : passes(t, b, j);

		if (pa == want_a && pb != want_a) {
			if (count < EVIDENCE_MAX)
				cJSON_AddItemToArray(arr, cJSON_CreateString(t->test[j].id));
			count++;
		}
	}
	snprintf(ckey, sizeof(ckey), "%s_count", key);
	cJSON_AddNumberToObject(o, ckey, (double)count);
}

static const char *method_label(const struct pairs_options *o)
{
	return o->strategy == PAIRS_DSTC ? "dstc" : score_method_name(o->method);
}

static const char *strategy_name(enum pairs_strategy s)
{
	return s == PAIRS_BEST_WORST ? "best-worst" : s == PAIRS_ALL ? "all" : "dstc";
}

static cJSON *pair_meta(const struct matrix_task *t, const struct pairs_options *o,
			const struct pairs_pair *p)
{
	cJSON *m = cJSON_CreateObject(), *ev;
	double margin = isnan(p->rejected_score) ? NAN : p->chosen_score - p->rejected_score;

	cJSON_AddStringToObject(m, "task_id", t->task_id);
	cJSON_AddStringToObject(m, "method", method_label(o));
	cJSON_AddStringToObject(m, "strategy", strategy_name(o->strategy));
	cJSON_AddStringToObject(m, "chosen", t->cand[p->chosen].id);
	cJSON_AddStringToObject(m, "rejected", t->cand[p->rejected].id);
	add_score(m, "chosen_score", p->chosen_score);
	add_score(m, "rejected_score", p->rejected_score);
	add_score(m, "margin", margin);
	ev = cJSON_AddObjectToObject(m, "evidence");
	/* Tests the chosen candidate passes and the rejected one fails, and back. */
	add_tests(ev, "chosen_only", t, p->chosen, p->rejected, 1);
	add_tests(ev, "rejected_only", t, p->rejected, p->chosen, 1);
	cJSON_AddBoolToObject(ev, "rejected_ran", t->cand[p->rejected].ok);
	if (p->chosen_test != SIZE_MAX)
		cJSON_AddStringToObject(ev, "chosen_test", t->test[p->chosen_test].id);
	if (p->rejected_test != SIZE_MAX)
		cJSON_AddStringToObject(ev, "rejected_test", t->test[p->rejected_test].id);
	if (t->cand[p->rejected].message)
		cJSON_AddStringToObject(ev, "message", t->cand[p->rejected].message);
	return m;
}

/* The completion text: the code, plus dstc's deciding test when it has text. */
static char *completion(const struct matrix_task *t, size_t c, size_t test)
{
	const char *code = t->cand[c].text;
	struct buf b = BUF_INIT;

	buf_addstr(&b, code);
	if (test != SIZE_MAX && t->test[test].text) {
		buf_addstr(&b, "\n\n");
		buf_addstr(&b, t->test[test].text);
	}
	return buf_detach(&b, NULL);
}

static cJSON *messages(const char *role, const char *content)
{
	cJSON *arr = cJSON_CreateArray(), *msg = cJSON_CreateObject();

	cJSON_AddStringToObject(msg, "role", role);
	cJSON_AddStringToObject(msg, "content", content);
	cJSON_AddItemToArray(arr, msg);
	return arr;
}

static void emit(struct buf *out, cJSON *rec)
{
	char *s = cJSON_PrintUnformatted(rec);

	if (!s) {
		fprintf(stderr, "veripref: fatal: out of memory printing JSON\n");
		abort();
	}
	buf_addstr(out, s);
	buf_addch(out, '\n');
	cJSON_free(s);
	cJSON_Delete(rec);
}

static void format_kto(struct buf *out, const struct matrix_task *t, const struct pairs_options *o,
		       const struct pairs_set *s, size_t *desirable, size_t *undesirable)
{
	unsigned char *seen = xcalloc(t->ncand, 1);   /* 1 desirable, 2 undesirable */
	size_t i, side;

	for (side = 0; side < 2; side++)
		for (i = 0; i < s->n; i++) {
			const struct pairs_pair *p = &s->pair[i];
			size_t c = side ? p->rejected : p->chosen;
			size_t test = side ? p->rejected_test : p->chosen_test;
			double score = side ? p->rejected_score : p->chosen_score;
			cJSON *rec, *m;
			char *text;

			if (seen[c])
				continue;
			seen[c] = (unsigned char)(side + 1);
			rec = cJSON_CreateObject();
			text = completion(t, c, test);
			cJSON_AddStringToObject(rec, "prompt", t->prompt);
			cJSON_AddStringToObject(rec, "completion", text);
			cJSON_AddBoolToObject(rec, "label", !side);
			free(text);
			m = cJSON_AddObjectToObject(rec, "meta");
			cJSON_AddStringToObject(m, "task_id", t->task_id);
			cJSON_AddStringToObject(m, "method", method_label(o));
			cJSON_AddStringToObject(m, "strategy", strategy_name(o->strategy));
			cJSON_AddStringToObject(m, "candidate", t->cand[c].id);
			add_score(m, "score", score);
			cJSON_AddBoolToObject(m, "ran", t->cand[c].ok);
			/* Evidence: the tests this candidate fails. */
			add_tests(m, "failed", t, c, SIZE_MAX, 0);
			if (test != SIZE_MAX)
				cJSON_AddStringToObject(m, "test", t->test[test].id);
			if (t->cand[c].message)
				cJSON_AddStringToObject(m, "message", t->cand[c].message);
			emit(out, rec);
			if (side == 0 && desirable)
				(*desirable)++;
			if (side == 1 && undesirable)
				(*undesirable)++;
		}
	free(seen);
}

void pairs_format(struct buf *out, const struct matrix_task *t, const struct pairs_options *o,
		  enum pairs_format fmt, const struct pairs_set *s,
		  size_t *desirable, size_t *undesirable)
{
	size_t i;

	if (fmt == PAIRS_KTO) {
		format_kto(out, t, o, s, desirable, undesirable);
		return;
	}
	for (i = 0; i < s->n; i++) {
		const struct pairs_pair *p = &s->pair[i];
		char *chosen = completion(t, p->chosen, p->chosen_test);
		char *rejected = completion(t, p->rejected, p->rejected_test);
		cJSON *rec = cJSON_CreateObject();

		switch (fmt) {
		case PAIRS_TRL_CHAT:
			cJSON_AddItemToObject(rec, "prompt", messages("user", t->prompt));
			cJSON_AddItemToObject(rec, "chosen", messages("assistant", chosen));
			cJSON_AddItemToObject(rec, "rejected", messages("assistant", rejected));
			break;
		case PAIRS_LLAMAFACTORY:
			cJSON_AddStringToObject(rec, "instruction", t->prompt);
			cJSON_AddStringToObject(rec, "input", "");
			cJSON_AddStringToObject(rec, "chosen", chosen);
			cJSON_AddStringToObject(rec, "rejected", rejected);
			break;
		case PAIRS_TRL:
		default:
			cJSON_AddStringToObject(rec, "prompt", t->prompt);
			cJSON_AddStringToObject(rec, "chosen", chosen);
			cJSON_AddStringToObject(rec, "rejected", rejected);
			break;
		}
		cJSON_AddItemToObject(rec, "meta", pair_meta(t, o, p));
		free(chosen);
		free(rejected);
		emit(out, rec);
	}
}

int pairs_dataset_info(struct buf *out, const char *existing, const char *name,
		       const char *file_name, struct buf *err)
{
	cJSON *root, *entry, *cols;
	char *s;

	if (existing) {
		root = cJSON_Parse(existing);
		if (!cJSON_IsObject(root)) {
			cJSON_Delete(root);
			buf_setf(err, "not a JSON object");
			return -1;
		}
		cJSON_DeleteItemFromObjectCaseSensitive(root, name);
	} else {
		root = cJSON_CreateObject();
	}
	entry = cJSON_AddObjectToObject(root, name);
	cJSON_AddStringToObject(entry, "file_name", file_name);
	cJSON_AddBoolToObject(entry, "ranking", 1);
	cols = cJSON_AddObjectToObject(entry, "columns");
	cJSON_AddStringToObject(cols, "prompt", "instruction");
	cJSON_AddStringToObject(cols, "query", "input");
	cJSON_AddStringToObject(cols, "chosen", "chosen");
	cJSON_AddStringToObject(cols, "rejected", "rejected");
	s = cJSON_Print(root);
	if (!s) {
		fprintf(stderr, "veripref: fatal: out of memory printing JSON\n");
		abort();
	}
	buf_addstr(out, s);
	buf_addch(out, '\n');
	cJSON_free(s);
	cJSON_Delete(root);
	return 0;
}
