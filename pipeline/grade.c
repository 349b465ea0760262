/*
 * grade: the grading engine.  See grade.h for the contract.
 *
 * Flow: check tools -> per candidate (size cap, scan, normalised hash) ->
 * one pool job per unique (candidate, testbench, simulator) -> classify each
 * finished job from its step results and the nonce-tagged verdict -> copy
 * results to duplicate candidates.
 */
#include "pipeline/grade.h"
#include "sim/pool.h"
#include "sim/run.h"
#include "sim/sandbox.h"
#include "sim/xalloc.h"
#include "testbench/verdict.h"
#include "testbench/vlex.h"
#include "testbench/vnorm.h"
#include "testbench/vmod.h"
#include "testbench/vscan.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const outcome_names[GRADE_NOUTCOMES] = {
	"pass", "fail", "compile_error", "timeout", "crash", "forbidden",
};

const char *grade_outcome_name(enum grade_outcome o)
{
	return (unsigned)o < GRADE_NOUTCOMES ? outcome_names[o] : "?";
}

void grade_opts_init(struct grade_opts *o)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	memset(o, 0, sizeof(*o));
	o->sims = 1u << SIM_ICARUS;
	o->jobs = n > 0 ? (int)n : 1;
	o->run_timeout = 10;
	o->compile_timeout = 60;
	o->max_candidate_bytes = 2u << 20;
	o->sandbox = SANDBOX_AUTO;
}

void grade_task_testbenches(const struct task *t, struct grade_testbench *tbs)
{
	size_t k;

	for (k = 0; k < t->ntbs; k++) {
		const struct task_tb *tb = &t->tbs[k];

		memset(&tbs[k], 0, sizeof(tbs[k]));
		tbs[k].name = tb->name;
		tbs[k].text = tb->text;
		tbs[k].len = tb->len;
		if (tb->ref_module && t->ref) {
			tbs[k].ref_as = tb->ref_module;
			tbs[k].ref_top = t->top;
			tbs[k].ref_text = t->ref;
			tbs[k].ref_len = t->ref_len;
		}
		tbs[k].verdict.pass = tb->verdict_pass;
		tbs[k].verdict.fail = tb->verdict_fail;
		tbs[k].verdict.count = tb->verdict_count;
	}
}

void grade_cells_free(struct grade_cell *cells, size_t n)
{
	size_t i;

	if (!cells)
		return;
	for (i = 0; i < n; i++) {
		free(cells[i].message);
		free(cells[i].log);
	}
	free(cells);
}

/* What we know of one candidate before simulation. */
struct cand_info {
	int forbidden;        /* size cap or scan rejected it */
	char *reason;
	uint64_t hash;
	int same_as;          /* earlier identical candidate, or -1 */
};

/* A testbench as compiled: tagged text, renamed reference, compiled rules. */
struct tb_prep {
	char *top;
	struct buf text;      /* the bench, prints tagged when adapted */
	struct buf ref;       /* renamed reference, empty when none */
	struct vmod_list ref_mods;  /* the modules it declares */
	int adapted;
	struct vadapt rules;
};

/* What a job carries back to the classifier. */
struct job_ctx {
	int cand, tb;
	enum sim_kind sim;
	uint64_t nonce;
	int nsteps;
};

static void set_cell(struct grade_cell *c, enum grade_outcome o, int passed,
		     int total, const char *msg)
{
	c->outcome = o;
	c->checks_passed = passed;
	c->checks_total = total;
	free(c->message);
	c->message = xstrdup(msg ? msg : "");
}

static void check_candidate(const struct grade_opts *o, const struct grade_candidate *c,
			    struct cand_info *ci)
{
	struct buf msg = BUF_INIT;

	ci->forbidden = 0;
	ci->reason = NULL;
	ci->hash = 0;
	ci->same_as = -1;
	if (vscan_check_size(c->size > c->len ? c->size : c->len,
			     o->max_candidate_bytes, &msg) < 0 ||
	    vscan_check(c->text, c->len, &msg, NULL) == VSCAN_FORBIDDEN)
		ci->forbidden = 1;
	if (ci->forbidden)
		ci->reason = buf_detach(&msg, NULL);
	else
		ci->hash = vnorm_hash(c->text, c->len);
	buf_release(&msg);
}

/* The testbench's top module: the only module, else one named "tb", else the first. */
static char *tb_top(const struct grade_testbench *tb, struct buf *err)
{
	struct vmod_list mods = VMOD_LIST_INIT;
	char *top = NULL;

	if (!vmod_declared(tb->text, tb->len, &mods)) {
		buf_setf(err, "testbench '%s' declares no module", tb->name);
		return NULL;
	}
	top = xstrdup(mods.nr == 1 || !vmod_list_has(&mods, "tb") ? mods.names[0] : "tb");
	vmod_list_release(&mods);
	return top;
}

static void tb_prep_release(struct tb_prep *tp)
{
	free(tp->top);
	buf_release(&tp->text);
	buf_release(&tp->ref);
	vmod_list_release(&tp->ref_mods);
	vadapt_release(&tp->rules);
}

/* Suffix of the reference's other modules when it is compiled with a bench. */
#define REF_SUFFIX "_vpref"

static int prepare_tb(const struct grade_testbench *tb, struct tb_prep *tp, struct buf *err)
{
	struct buf why = BUF_INIT;
	int ret = -1;

	if (!(tp->top = tb_top(tb, err)))
		return -1;
	if (tb->verdict.pass) {
		if (vadapt_compile(&tp->rules, &tb->verdict, &why) < 0) {
			buf_setf(err, "testbench '%s': %s", tb->name, why.data);
			goto out;
		}
		tp->adapted = 1;
		vadapt_tag_prints(tb->text, tb->len, &tp->text);
	} else {
		buf_add(&tp->text, tb->text, tb->len);
	}
	if (tb->ref_as && tb->ref_text) {
		if (vmod_rename_to(tb->ref_text, tb->ref_len, tb->ref_top, tb->ref_as, REF_SUFFIX,
				   &tp->ref, &why) < 0) {
			buf_setf(err, "testbench '%s': %s", tb->name, why.data);
			goto out;
		}
		vmod_declared(tp->ref.data, tp->ref.len, &tp->ref_mods);
	}
	ret = 0;
out:
	buf_release(&why);
	return ret;
}

/*
 * A candidate graded with a bench that compiles the reference beside it
 * must not name the reference's modules: instantiating RefModule inside
 * TopModule would copy the answer.  Every identifier counts (macros
 * included), escaped or not.  Returns 1 with the reason in why, else 0.
 */
static int uses_ref_module(const struct grade_candidate *c, const struct tb_prep *tp,
			   struct buf *why)
{
	struct vlex lx;
	struct vlex_tok t;
	size_t i;

	if (!tp->ref_mods.nr)
		return 0;
	vlex_init(&lx, c->text, c->len);
	while (vlex_next(&lx, &t)) {
		const char *s = vlex_tok_text(&lx, &t);
		size_t n = t.len;

		if (t.kind != VLEX_IDENT)
			continue;
		if (t.flags & VLEX_F_ESCAPED)
			s++, n--;
		for (i = 0; i < tp->ref_mods.nr; i++)
			if (strlen(tp->ref_mods.names[i]) == n && !memcmp(tp->ref_mods.names[i], s, n)) {
				buf_setf(why, "line %lu: identifier '%s' names a module of the reference, "
					 "which this testbench compiles next to the candidate",
					 t.line, tp->ref_mods.names[i]);
				return 1;
			}
	}
	return 0;
}

/*
 * The log a person (or a model repairing its testbench) reads: out without
 * the job directory's path, and "@vp:<nonce>:" tags shortened to "@vp:" so
 * the nonce of this run does not leak into a prompt.
 */
static char *clean_log(const char *out, size_t len, const char *job_dir, uint64_t nonce)
{
	struct buf b = BUF_INIT, dir = BUF_INIT;
	char tag[VERDICT_TAG_SIZE];
	size_t i = 0, taglen;

	buf_init(&b, GRADE_LOG_MAX);
	verdict_nonce_tag(nonce, tag);
	taglen = strlen(tag);
	buf_addf(&dir, "%s/", job_dir);
	while (i < len && !b.truncated) {
		if (dir.len > 1 && len - i >= dir.len && !memcmp(out + i, dir.data, dir.len)) {
			i += dir.len;
		} else if (len - i >= taglen && !memcmp(out + i, tag, taglen)) {
			buf_addstr(&b, "@vp:");
			i += taglen;
		} else {
			buf_addch(&b, out[i] ? out[i] : '?');
			i++;
		}
	}
	buf_release(&dir);
	return buf_detach(&b, NULL);
}

void grade_cell_set_verdict(struct grade_cell *cell, const struct verdict *v)
{
	struct buf msg = BUF_INIT;

	if (verdict_is_pass(v)) {
		set_cell(cell, GRADE_PASS, (int)v->passed, (int)v->total, "");
		return;
	}
	if (v->total == 0)
		buf_addstr(&msg, "testbench made no checks");
	else if (v->multiple_done)
		buf_addstr(&msg, "more than one verdict line");
	else
		buf_addf(&msg, "%llu of %llu checks failed; first: %s", v->total - v->passed,
			 v->total, v->first_fail.len ? v->first_fail.data : "(not printed)");
	set_cell(cell, GRADE_FAIL, (int)v->passed, (int)v->total, msg.data);
	buf_release(&msg);
}

int grade_check_candidate(const struct grade_opts *o, const struct grade_candidate *c,
			  char **reason, uint64_t *hash)
{
	struct cand_info ci;

	check_candidate(o, c, &ci);
	*reason = ci.reason;
	*hash = ci.hash;
	return ci.forbidden;
}

/*
 * Turn a finished job into a cell.  Returns 0, or -1 with err set when the
 * job failed for reasons that are not the candidate's.
 */
static int classify(const struct pool_job *job, const struct job_ctx *jc,
		    const struct tb_prep *tp, int keep_log, struct grade_cell *cell,
		    struct buf *err)
{
	struct buf line = BUF_INIT, msg = BUF_INIT;
	const struct run_result *r;
	struct verdict v;
	int last, i;

	cell->wall_ms = 0;
	if (job->infra_error) {
		buf_setf(err, "a grading worker failed: %s", job->infra_msg.data);
		return -1;
	}
	for (i = 0; i < job->steps_run; i++) {
		cell->wall_ms += job->res[i].wall_sec * 1000.0;
		if (job->res[i].status == RUN_SPAWN_ERROR) {
			buf_setf(err, "cannot start '%s' for %s: %s", job->steps[i].argv[0],
				 sim_name(jc->sim), strerror(job->res[i].spawn_errno));
			return -1;
		}
	}
	last = job->steps_run - 1;
	if (last < 0) {
		buf_setf(err, "a grading job ran no step");
		return -1;
	}
	r = &job->res[last];
	if (keep_log) {
		free(cell->log);
		cell->log = clean_log(r->out.data, r->out.len, job->dir, jc->nonce);
	}
	if (last < jc->nsteps - 1) {
		/* A build step failed: the candidate does not compile. */
		if (r->status == RUN_TIMEOUT) {
			buf_addf(&msg, "%s build timed out after %.0f s", sim_name(jc->sim),
				 job->steps[last].lim.wall_sec);
			set_cell(cell, GRADE_TIMEOUT, 0, 0, msg.data);
		} else {
			sim_first_error(r->out.data, job->dir, 300, &line);
			if (r->status == RUN_SIGNALED)
				buf_addf(&msg, "%s killed by signal %d%s%s", job->steps[last].argv[0],
					 r->signo, line.len ? ": " : "", line.data);
			else
				buf_addstr(&msg, line.len ? line.data : "compilation failed");
			set_cell(cell, GRADE_COMPILE_ERROR, 0, 0, msg.data);
		}
		goto out;
	}

	verdict_init(&v);
	if (tp->adapted) {
		/* The bench decides when it ends; only a normal exit is read. */
		if (r->status == RUN_OK)
			vadapt_parse(&tp->rules, r->out.data, r->out.len, jc->nonce, &v);
	} else {
		verdict_parse(&v, r->out.data, r->out.len, jc->nonce);
	}
	if (r->status == RUN_TIMEOUT) {
		buf_addf(&msg, "simulation timed out after %.1f s", job->steps[last].lim.wall_sec);
		set_cell(cell, GRADE_TIMEOUT, 0, 0, msg.data);
	} else if (r->status == RUN_SIGNALED) {
		buf_addf(&msg, "simulation killed by signal %d", r->signo);
		set_cell(cell, GRADE_CRASH, 0, 0, msg.data);
	} else if (!v.done || r->status != RUN_OK) {
		sim_first_error(r->out.data, job->dir, 300, &line);
		buf_addf(&msg, "simulation ended without the testbench's verdict%s%s%s%s",
			 r->status != RUN_OK ? " (nonzero exit)" : "",
			 v.malformed ? " (malformed verdict line)" : "",
			 line.len ? ": " : "", line.data);
		set_cell(cell, GRADE_CRASH, 0, 0, msg.data);
	} else if (tp->adapted && !verdict_is_pass(&v)) {
		buf_addf(&msg, "%llu of %llu checks failed; %s", v.total - v.passed, v.total,
			 v.first_fail.data);
		set_cell(cell, GRADE_FAIL, (int)v.passed, (int)v.total, msg.data);
	} else {
		grade_cell_set_verdict(cell, &v);
	}
	verdict_release(&v);
out:
	buf_release(&line);
	buf_release(&msg);
	return 0;
}

int grade_sims(const struct grade_opts *o, enum sim_kind sims[SIM_NKINDS],
	       struct sim_vlt_runtime *vlt, struct buf *err)
{
	int s, nsims = 0;

	for (s = 0; s < SIM_NKINDS; s++) {
		if (!(o->sims & (1u << s)))
			continue;
		if (sim_check_tools((enum sim_kind)s, err) < 0)
			return -1;
		sims[nsims++] = (enum sim_kind)s;
	}
	if (!nsims) {
		buf_setf(err, "no simulator selected");
		return -1;
	}
	if ((o->sims & (1u << SIM_VERILATOR)) &&
	    sim_verilator_prepare(o->cache_root, vlt, err) < 0)
		return -1;
	return nsims;
}

int grade_run(const struct grade_opts *o,
	      const struct grade_testbench *tbs, int ntb,
	      const struct grade_candidate *cands, int ncand,
	      struct grade_cell **cells_out, size_t *ncells_out, struct buf *err)
{
	enum sim_kind sims[SIM_NKINDS];
	struct sim_vlt_runtime vlt = { NULL, NULL, NULL };
	struct cand_info *ci = NULL;
	struct grade_cell *cells = NULL;
	struct job_ctx *jcs = NULL;
	struct tb_prep *tps = NULL;
	struct buf why = BUF_INIT;
	struct pool *pool = NULL;
	struct pool_opts po;
	struct pool_job *job;
	size_t ncells, njobs = 0, done = 0, k;
	int nsims = 0, i, j, ret = -1;

	*cells_out = NULL;
	*ncells_out = 0;
	if ((nsims = grade_sims(o, sims, &vlt, err)) < 0)
		return -1;

	tps = xcalloc((size_t)ntb + 1, sizeof(*tps));
	for (j = 0; j < ntb; j++)
		if (prepare_tb(&tbs[j], &tps[j], err) < 0)
			goto out;

	ci = xcalloc((size_t)ncand + 1, sizeof(*ci));
	for (i = 0; i < ncand; i++) {
		check_candidate(o, &cands[i], &ci[i]);
		if (ci[i].forbidden)
			continue;
		for (j = 0; j < i; j++)
			if (!ci[j].forbidden && ci[j].same_as < 0 && ci[j].hash == ci[i].hash) {
				ci[i].same_as = j;
				break;
			}
	}

	ncells = (size_t)ncand * (size_t)ntb * (size_t)nsims;
	cells = xcalloc(ncells + 1, sizeof(*cells));
	jcs = xcalloc(ncells + 1, sizeof(*jcs));
	for (k = 0; k < ncells; k++) {
		cells[k].cand = (int)(k / ((size_t)ntb * nsims));
		cells[k].tb = (int)(k / nsims % ntb);
		cells[k].sim = sims[k % nsims];
		cells[k].same_as = -1;
		if (ci[cells[k].cand].forbidden)
			set_cell(&cells[k], GRADE_FORBIDDEN, 0, 0, ci[cells[k].cand].reason);
		else if (uses_ref_module(&cands[cells[k].cand], &tps[cells[k].tb], &why))
			set_cell(&cells[k], GRADE_FORBIDDEN, 0, 0, why.data);
		else
			cells[k].same_as = ci[cells[k].cand].same_as;
	}

	memset(&po, 0, sizeof(po));
	po.workers = o->jobs > 0 ? o->jobs : 1;
	po.worker_exe = o->worker_exe;
	po.sandbox = o->sandbox;
	po.tmp_dir = o->tmp_dir;
	{
		const char *ro[] = { vlt.dir, NULL };
		po.ro_binds = vlt.dir ? ro : NULL;
		pool = pool_new(&po, err);
	}
	if (!pool)
		goto out;

	for (k = 0; k < ncells; k++)
		if (cells[k].outcome != GRADE_FORBIDDEN && cells[k].same_as < 0)
			njobs++;
	for (k = 0; k < ncells; k++) {
		struct grade_cell *c = &cells[k];
		struct job_ctx *jc = &jcs[k];
		struct sim_build b;
		/*
		 * The candidate goes last: its `define, `timescale and
		 * `default_nettype then cannot reach the testbench.
		 */
		const char *srcs[3] = { "tb.v", "cand.v", NULL };
		const struct tb_prep *tp = &tps[c->tb];
		char nonce_lit[VERDICT_DEFINE_SIZE];

		if (c->outcome == GRADE_FORBIDDEN || c->same_as >= 0)
			continue;
		jc->cand = c->cand;
		jc->tb = c->tb;
		jc->sim = c->sim;
		if (verdict_nonce_new(&jc->nonce) < 0) {
			buf_setf(err, "cannot draw a random nonce: %s", strerror(errno));
			goto out;
		}
		job = pool_job_new(pool);
		job->data = jc;
		if (!job->infra_error &&
		    (buf_write_in(job->dir, "cand.v", cands[c->cand].text, cands[c->cand].len, err) < 0 ||
		     buf_write_in(job->dir, "tb.v", tp->text.data, tp->text.len, err) < 0 ||
		     (tp->ref.len &&
		      buf_write_in(job->dir, "ref.v", tp->ref.data, tp->ref.len, err) < 0) ||
		     buf_write_in(job->dir, "vp_harness.vh", o->harness_text,
			      strlen(o->harness_text), err) < 0)) {
			pool_job_free(job);
			goto out;
		}
		verdict_nonce_define(jc->nonce, nonce_lit);
		memset(&b, 0, sizeof(b));
		if (tp->ref.len) {
			/* The reference between the bench and the candidate. */
			srcs[1] = "ref.v";
			srcs[2] = "cand.v";
		}
		b.sources = srcs;
		b.nsources = tp->ref.len ? 3 : 2;
		b.incdir = job->dir;
		b.top = tp->top;
		b.nonce_literal = nonce_lit;
		b.compile_timeout = o->compile_timeout;
		b.run_timeout = o->run_timeout;
		b.vlt = &vlt;
		jc->nsteps = sim_add_steps(c->sim, job, &b);
		pool_submit(pool, job);
	}

	while ((job = pool_next(pool))) {
		struct job_ctx *jc = job->data;
		size_t idx = ((size_t)jc->cand * ntb + jc->tb) * nsims;
		int rc;

		while (cells[idx].sim != jc->sim)
			idx++;
		rc = classify(job, jc, &tps[jc->tb], o->keep_log, &cells[idx], err);
		pool_job_free(job);
		if (rc < 0)
			goto out;
		done++;
		if (o->progress)
			o->progress(o->progress_ctx, done, njobs);
	}

	/* Duplicates share the simulation of their first occurrence. */
	for (k = 0; k < ncells; k++) {
		struct grade_cell *c = &cells[k], *src;
		if (c->same_as < 0)
			continue;
		src = &cells[((size_t)c->same_as * ntb + c->tb) * nsims + (k % nsims)];
		set_cell(c, src->outcome, src->checks_passed, src->checks_total, src->message);
		if (src->log)
			c->log = xstrdup(src->log);
	}
	*cells_out = cells;
	*ncells_out = ncells;
	cells = NULL;
	ret = 0;
out:
	pool_free(pool);   /* kills and frees whatever is still queued or running */
	if (cells)
		grade_cells_free(cells, (size_t)ncand * ntb * nsims);
	free(jcs);
	if (ci)
		for (i = 0; i < ncand; i++)
			free(ci[i].reason);
	free(ci);
	if (tps)
		for (j = 0; j < ntb; j++)
			tb_prep_release(&tps[j]);
	free(tps);
	sim_vlt_runtime_release(&vlt);
	buf_release(&why);
	return ret;
}
