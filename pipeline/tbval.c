/*
 * tbval: validation of one testbench.  See tbval.h for the contract.
 *
 * Flow: the reference against the bench in every chosen simulator (one
 * grade_run with logs kept) -> coverage of ref.v -> mutants of ref.v against
 * the bench (one grade_run) -> Yosys on the survivors -> verdict.  Every
 * stage after the first runs only while the bench is still acceptable.
 */
#include "pipeline/tbval.h"
#include "sim/cover.h"
#include "sim/equiv.h"
#include "sim/xalloc.h"
#include "testbench/vmod.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const equiv_names[] = { "-", "equivalent", "not_equivalent", "unknown" };

const char *tbval_equiv_name(enum tbval_equiv e)
{
	return (unsigned)e < sizeof(equiv_names) / sizeof(equiv_names[0]) ? equiv_names[e] : "?";
}

void tbval_opts_init(struct tbval_opts *o, const struct grade_opts *grade)
{
	memset(o, 0, sizeof(*o));
	o->grade = grade;
	o->what = TBVAL_ALL;
	o->max_mutants = 40;
	o->seed = 1;
	o->mutant_sim = SIM_ICARUS;
	o->min_coverage = 80;
	o->min_mutation_score = 0.8;
	o->equiv_timeout = 10;
	o->equiv_steps = 40;
	o->equiv_budget = 120;
}

struct cache_entry {
	uint64_t hash;
	size_t len;
	enum tbval_equiv verdict;
	char *detail;
};

struct tbval_cache {
	struct cache_entry *v;
	size_t nr, alloc;
};

struct tbval_cache *tbval_cache_new(void)
{
	return xcalloc(1, sizeof(struct tbval_cache));
}

void tbval_cache_free(struct tbval_cache *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->nr; i++)
		free(c->v[i].detail);
	free(c->v);
	free(c);
}

size_t tbval_cache_size(const struct tbval_cache *c)
{
	return c ? c->nr : 0;
}

static uint64_t text_hash(const char *s, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

static struct cache_entry *cache_find(struct tbval_cache *c, uint64_t h, size_t len)
{
	size_t i;

	for (i = 0; c && i < c->nr; i++)
		if (c->v[i].hash == h && c->v[i].len == len)
			return &c->v[i];
	return NULL;
}

void tbval_report_release(struct tbval_report *r)
{
	size_t i;
	int k;

	if (!r)
		return;
	for (k = 0; k < SIM_NKINDS; k++) {
		free(r->sim[k].message);
		free(r->sim[k].log);
	}
	for (i = 0; i < r->nmutants; i++) {
		free(r->mutants[i].desc);
		free(r->mutants[i].changed);
		free(r->mutants[i].equiv_detail);
	}
	free(r->mutants);
	free(r->uncovered);
	free(r->survivors);
	free(r->reason);
	memset(r, 0, sizeof(*r));
}

/* Line `line` (1-based) of text, trimmed, as a new string ("" past the end). */
static char *line_of(const char *text, size_t len, unsigned long line)
{
	size_t i = 0, end;
	unsigned long n = 1;

	while (i < len && n < line) {
		if (text[i++] == '\n')
			n++;
	}
	while (i < len && (text[i] == ' ' || text[i] == '\t'))
		i++;
	end = i;
	while (end < len && text[end] != '\n')
		end++;
	while (end > i && (text[end - 1] == ' ' || text[end - 1] == '\t' || text[end - 1] == '\r'))
		end--;
	return xstrndup(text + i, end - i);
}

/* Stage 1: the reference in every chosen simulator. */
static int check_reference(const struct tbval_opts *o, const struct task *t,
			   const struct grade_testbench *tb, struct tbval_report *r,
			   struct buf *why, struct buf *err)
{
	struct grade_opts go = *o->grade;
	struct grade_candidate ref;
	struct grade_cell *cells = NULL;
	size_t n = 0, i;

	memset(&ref, 0, sizeof(ref));
	ref.name = "ref.v";
	ref.text = t->ref;
	ref.len = ref.size = t->ref_len;
	go.keep_log = 1;
	go.progress = NULL;
	if (o->sims)
		go.sims = o->sims;
	if (grade_run(&go, tb, 1, &ref, 1, &cells, &n, err) < 0)
		return -1;
	r->compiles = r->passes_reference = 1;
	for (i = 0; i < n; i++) {
		const struct grade_cell *c = &cells[i];
		struct tbval_sim *s = &r->sim[c->sim];
		const char *msg = c->message && *c->message ? c->message
							    : grade_outcome_name(c->outcome);

		s->ran = 1;
		s->outcome = c->outcome;
		s->compiled = c->outcome != GRADE_COMPILE_ERROR;
		s->passes = c->outcome == GRADE_PASS;
		s->checks_passed = c->checks_passed;
		s->checks_total = c->checks_total;
		s->message = xstrdup(c->message ? c->message : "");
		s->log = xstrdup(c->log ? c->log : "");
		if (!s->compiled)
			r->compiles = 0;
		if (!s->passes)
			r->passes_reference = 0;
		if (s->passes || why->len)
			continue;
		if (!s->compiled)
			buf_addf(why, "does not compile under %s: %s", sim_name(c->sim), msg);
		else
			buf_addf(why, "fails the reference under %s (%s): %s", sim_name(c->sim),
				 grade_outcome_name(c->outcome), msg);
	}
	grade_cells_free(cells, n);
	return 0;
}

/* The testbench's top module, chosen as grade.c does: the only module, else "tb", else the first. */
static char *tb_top(const char *text, size_t len)
{
	struct vmod_list mods = VMOD_LIST_INIT;
	char *top = NULL;

	if (vmod_declared(text, len, &mods))
		top = xstrdup(mods.nr == 1 || !vmod_list_has(&mods, "tb") ? mods.names[0] : "tb");
	vmod_list_release(&mods);
	return top;
}

/*
 * Stage 2: coverage of ref.v.  Returns 0 (with *why set when it could not be
 * measured: a reason to reject) or -1 on an infrastructure failure.
 */
static int check_coverage(const struct tbval_opts *o, const struct task *t,
			  const struct grade_testbench *tb, struct tbval_report *r,
			  struct buf *why, struct buf *err)
{
	const struct grade_opts *g = o->grade;
	struct cover_opts co;
	struct cover_file files[3];
	struct cover_summary cs = COVER_SUMMARY_INIT;
	struct buf dat = BUF_INIT, msg = BUF_INIT, unc = BUF_INIT;
	char *top = tb_top(tb->text, tb->len);
	size_t i;
	int ret = -1;

	if (!top) {
		buf_addf(why, "coverage not measured: testbench '%s' declares no module", tb->name);
		ret = 0;
		goto out;
	}
	memset(&co, 0, sizeof(co));
	co.worker_exe = g->worker_exe;
	co.sandbox = g->sandbox;
	co.tmp_dir = o->tmp_dir ? o->tmp_dir : g->tmp_dir;
	co.cache_root = g->cache_root;
	co.top = top;
	co.compile_timeout = g->compile_timeout;
	co.run_timeout = g->run_timeout;
	/* The bench first, the reference last: as grade.c orders tb.v and cand.v. */
	files[0] = (struct cover_file){ "tb.v", tb->text, tb->len, 1 };
	files[1] = (struct cover_file){ "ref.v", t->ref, t->ref_len, 1 };
	files[2] = (struct cover_file){ "vp_harness.vh", g->harness_text,
					 g->harness_text ? strlen(g->harness_text) : 0, 0 };
	switch (cover_run(&co, files, 3, &dat, &msg, err)) {
	case COVER_OK:
		break;
	case COVER_FAILED:
		buf_addf(why, "coverage not measured: %s", msg.data);
		ret = 0;
		goto out;
	default:
		goto out;
	}
	if (cover_summarise(dat.data, dat.len, "ref.v", &cs, &msg) < 0) {
		buf_addf(why, "coverage not measured: %s", msg.data);
		ret = 0;
		goto out;
	}
	r->lines_hit = cs.lines_hit;
	r->lines_total = cs.lines_total;
	r->toggles_hit = cs.toggles_hit;
	r->toggles_total = cs.toggles_total;
	r->line_pct = cs.lines_total ? 100.0 * (double)cs.lines_hit / (double)cs.lines_total : 100;
	r->toggle_pct = cs.toggles_total ? 100.0 * (double)cs.toggles_hit / (double)cs.toggles_total
					 : 100;
	for (i = 0; i < cs.nuncovered; i++) {
		char *src = line_of(t->ref, t->ref_len, cs.uncovered[i]);

		buf_addf(&unc, "ref.v:%lu: %s\n", cs.uncovered[i], src);
		free(src);
	}
	free(r->uncovered);
	r->uncovered = buf_detach(&unc, NULL);
	r->what |= TBVAL_COVERAGE;
	if (r->line_pct < o->min_coverage)
		buf_addf(why, "line coverage %.1f%% of ref.v (%zu of %zu lines) is below the minimum %.1f%%",
			 r->line_pct, r->lines_hit, r->lines_total, o->min_coverage);
	ret = 0;
out:
	free(top);
	cover_summary_release(&cs);
	buf_release(&dat);
	buf_release(&msg);
	buf_release(&unc);
	return ret;
}

/*
 * Stage 4: Yosys on every valid mutant the bench did not kill.  Returns -1
 * only when Yosys cannot be run at all.
 */
static int check_equivalence(const struct tbval_opts *o, const struct task *t,
			     const struct vmutate_set *set, struct tbval_report *r, struct buf *err)
{
	struct equiv_opts eo;
	struct buf detail = BUF_INIT;
	struct timespec t0, t1;
	double spent = 0;
	size_t i;
	int ret = -1;

	equiv_opts_init(&eo);
	eo.timeout = o->equiv_timeout;
	eo.max_steps = o->equiv_steps;
	eo.tmpdir = o->tmp_dir ? o->tmp_dir : o->grade->tmp_dir;
	for (i = 0; i < set->nr; i++) {
		struct tbval_mutant *m = &r->mutants[i];
		uint64_t h = text_hash(set->v[i].text, set->v[i].len);
		struct cache_entry *e;
		enum equiv_verdict v;

		if (!m->valid || m->killed)
			continue;
		if ((e = cache_find(o->cache, h, set->v[i].len))) {
			m->equiv = e->verdict;
			m->equiv_detail = xstrdup(e->detail);
			continue;
		}
		if (o->equiv_budget > 0 && o->equiv_budget - spent < 0.5) {
			/* Not cached: another call with budget left may decide it. */
			m->equiv = TBVAL_EQ_UNKNOWN;
			m->equiv_detail = xstrdup("not checked: the Yosys budget of this testbench is spent");
			continue;
		}
		eo.timeout = o->equiv_timeout;
		if (o->equiv_budget > 0 && o->equiv_budget - spent < eo.timeout)
			eo.timeout = o->equiv_budget - spent;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		if (equiv_check(t->ref, t->ref_len, set->v[i].text, set->v[i].len, t->top, &eo,
				&v, &detail, err) < 0)
			goto out;
		clock_gettime(CLOCK_MONOTONIC, &t1);
		spent += (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
		m->equiv = v == EQUIV_EQUIVALENT ? TBVAL_EQ_EQUIVALENT
			 : v == EQUIV_DIFFERENT ? TBVAL_EQ_DIFFERENT : TBVAL_EQ_UNKNOWN;
		m->equiv_detail = xstrdup(detail.data);
		if (o->cache) {
			struct tbval_cache *c = o->cache;

			ALLOC_GROW(c->v, c->nr + 1, c->alloc);
			c->v[c->nr].hash = h;
			c->v[c->nr].len = set->v[i].len;
			c->v[c->nr].verdict = m->equiv;
			c->v[c->nr].detail = xstrdup(detail.data);
			c->nr++;
		}
	}
	r->what |= TBVAL_EQUIV;
	ret = 0;
out:
	buf_release(&detail);
	return ret;
}

/* Stage 3: mutants of ref.v against the bench (and stage 4 on the survivors). */
static int check_mutants(const struct tbval_opts *o, const struct task *t,
			 const struct grade_testbench *tb, struct tbval_report *r, struct buf *err)
{
	struct vmutate_set *set = vmutate_generate(t->ref, t->ref_len, o->max_mutants, o->seed, 0);
	struct grade_candidate *cands = xcalloc(set->nr + 1, sizeof(*cands));
	struct grade_cell *cells = NULL;
	struct grade_opts go = *o->grade;
	size_t n = 0, i;
	int ret = -1;

	r->mutants = xcalloc(set->nr + 1, sizeof(*r->mutants));
	r->nmutants = set->nr;
	for (i = 0; i < set->nr; i++) {
		const struct vmutant *v = &set->v[i];
		struct tbval_mutant *m = &r->mutants[i];

		cands[i].name = v->desc;
		cands[i].text = v->text;
		cands[i].len = cands[i].size = v->len;
		m->op = v->op;
		m->line = v->line;
		m->col = v->col;
		m->desc = xstrdup(v->desc);
		m->changed = line_of(v->text, v->len, v->line);
	}
	go.sims = 1u << o->mutant_sim;
	go.keep_log = 0;
	go.progress = NULL;
	if (set->nr && grade_run(&go, tb, 1, cands, (int)set->nr, &cells, &n, err) < 0)
		goto out;
	for (i = 0; i < n; i++) {
		struct tbval_mutant *m = &r->mutants[cells[i].cand];

		m->outcome = cells[i].outcome;
		m->valid = cells[i].outcome != GRADE_COMPILE_ERROR;
		m->killed = m->valid && cells[i].outcome != GRADE_PASS;
		r->valid += (size_t)m->valid;
		r->killed += (size_t)m->killed;
	}
	if ((o->what & TBVAL_EQUIV) && check_equivalence(o, t, set, r, err) < 0)
		goto out;
	ret = 0;
out:
	grade_cells_free(cells, n);
	free(cands);
	vmutate_set_free(set);
	return ret;
}

/* The score and the survivors' text, once the survivors' equivalence is known. */
static void summarise_mutants(struct tbval_report *r)
{
	struct buf s = BUF_INIT;
	size_t i, denom;

	r->equivalent = r->not_equivalent = r->unknown = 0;
	for (i = 0; i < r->nmutants; i++) {
		const struct tbval_mutant *m = &r->mutants[i];

		if (!m->valid || m->killed)
			continue;
		r->equivalent += m->equiv == TBVAL_EQ_EQUIVALENT;
		r->not_equivalent += m->equiv == TBVAL_EQ_DIFFERENT;
		r->unknown += m->equiv == TBVAL_EQ_UNKNOWN;
		buf_addf(&s, "%s %lu:%lu: %s", vmutate_op_name(m->op), m->line, m->col, m->changed);
		if (m->equiv == TBVAL_EQ_EQUIVALENT)
			buf_addstr(&s, " (equivalent)");
		else if (m->equiv != TBVAL_EQ_NONE)
			buf_addf(&s, " (%s: %s)", tbval_equiv_name(m->equiv),
				 m->equiv_detail ? m->equiv_detail : "");
		buf_addch(&s, '\n');
	}
	denom = r->valid - r->equivalent;
	r->score = denom ? (double)r->killed / (double)denom : -1;
	free(r->survivors);
	r->survivors = buf_detach(&s, NULL);
}

int tbval_check(const struct tbval_opts *o, const struct task *t,
		const struct grade_testbench *tb, struct tbval_report *r, struct buf *err)
{
	struct buf why = BUF_INIT, ok = BUF_INIT;
	int ret = -1, k;

	memset(r, 0, sizeof(*r));
	r->uncovered = xstrdup("");
	r->survivors = xstrdup("");
	r->score = -1;
	if (!t->ref) {
		buf_setf(err, "task '%s' has no reference (ref.v): a testbench cannot be validated",
			 t->id);
		goto out;
	}

	if (check_reference(o, t, tb, r, &why, err) < 0)
		goto out;
	r->what |= TBVAL_REF;

	/*
	 * Coverage and mutants measure strength: both run for a bench that is
	 * right on the reference, so a repair prompt gets uncovered lines and
	 * surviving mutants together.
	 */
	if (r->passes_reference && (o->what & TBVAL_COVERAGE) &&
	    check_coverage(o, t, tb, r, &why, err) < 0)
		goto out;

	if (r->passes_reference && (o->what & TBVAL_MUTATION)) {
		if (check_mutants(o, t, tb, r, err) < 0)
			goto out;
		r->what |= TBVAL_MUTATION;
		summarise_mutants(r);
		if (r->score >= 0 && r->score < o->min_mutation_score)
			buf_addf(&why, "%smutation score %.2f (%zu of %zu mutants killed) is below the minimum %.2f",
				 why.len ? "; " : "", r->score, r->killed, r->valid - r->equivalent, o->min_mutation_score);
	}

	if (why.len) {
		r->verdict = TBVAL_REJECTED;
		r->reason = buf_detach(&why, NULL);
	} else {
		r->verdict = TBVAL_KEPT;
		buf_addstr(&ok, "compiles and passes the reference in");
		for (k = 0; k < SIM_NKINDS; k++)
			if (r->sim[k].ran)
				buf_addf(&ok, " %s", sim_name((enum sim_kind)k));
		if (r->what & TBVAL_COVERAGE)
			buf_addf(&ok, "; line coverage %.1f%%, toggle coverage %.1f%%", r->line_pct,
				 r->toggle_pct);
		if (r->what & TBVAL_MUTATION) {
			if (r->score >= 0)
				buf_addf(&ok, "; mutation score %.2f", r->score);
			else
				buf_addstr(&ok, "; no valid mutant to score it");
		}
		r->reason = buf_detach(&ok, NULL);
	}
	ret = 0;
out:
	if (!r->reason)
		r->reason = xstrdup(ret < 0 ? err->data : "");
	buf_release(&why);
	buf_release(&ok);
	return ret;
}
