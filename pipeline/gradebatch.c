/*
 * gradebatch: K candidates per simulation for generated differential
 * benches; see gradebatch.h for the contract.
 *
 * Flow per bench: scan + dedup + port check -> pre-check jobs -> batch jobs
 * (split in halves on any failure) -> grade_run() for everything sent back
 * -> copy results to duplicates.
 */
#define _GNU_SOURCE   /* memmem */
#include "pipeline/gradebatch.h"
#include "sim/pool.h"
#include "sim/run.h"
#include "sim/xalloc.h"
#include "testbench/tbgen.h"
#include "testbench/verdict.h"
#include "testbench/vlex.h"
#include "testbench/vmod.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Where a candidate stands while one bench is graded. */
enum cand_state {
	CS_BATCH = 0,   /* to be batched (or graded already by a batch) */
	CS_SINGLE,      /* to be graded by grade_run() */
	CS_DUP,         /* copies an earlier identical candidate */
};

struct job_info {
	int precheck;   /* 1: a pre-check of cand idx[0] */
	int *idx;       /* candidates in slot order */
	int n;
	uint64_t nonce;
	unsigned long *line0;  /* first line of each slot in cands.v, n + 1 */
};

struct bench_state {
	const struct grade_opts *o;
	const struct tbdiff_bench *diff;
	const struct grade_testbench *tb;
	const struct grade_candidate *cands;
	struct grade_cell *out;     /* cells of this bench, one per candidate */
	enum cand_state *state;
	struct buf *texts;          /* batch bench text per slot count (lazy) */
	int batch;
	struct pool *pool;
	struct gradebatch_stats *st;
	size_t done, total;
	double slot_sec;            /* simulation seconds per slot, measured */
	enum sim_kind sim;
	const struct sim_vlt_runtime *vlt;  /* SIM_VERILATOR */
};

/* Candidates in the first batch, which measures the cost of a slot. */
#define PROBE_SLOTS 4
/* The most candidates per batch with GRADEBATCH_AUTO. */
#define AUTO_MAX 200
/*
 * Verilator: memory per slot budgeted for a batch build (g++ -O0 of a
 * 200-slot uart_rx batch peaked at 430 MB, 2.1 MB a slot; twice that).
 */
#define VLT_SLOT_BYTES ((size_t)4 << 20)
/* The shortest deadline of a batch of several candidates, seconds. */
#define HANG_FLOOR_SEC 0.5
/* A batch of several candidates overrunning this many times its expected
   time is taken for hung. */
#define HANG_FACTOR 4
/*
 * A failed batch of at most this many candidates is split into single
 * candidates (each a cheap rebuild with Icarus, a full one with Verilator);
 * larger ones into about sqrt(n) parts.
 */
#define SPLIT_SINGLES_ICARUS 8
#define SPLIT_SINGLES_VERILATOR 3

static int write_in(const char *dir, const char *name, const char *data, size_t len,
		    struct buf *err)
{
	struct buf path = BUF_INIT;
	int ret;

	buf_addf(&path, "%s/%s", dir, name);
	ret = buf_write_file(path.data, data, len);
	if (ret < 0)
		buf_setf(err, "cannot write '%s': %s", path.data, strerror(errno));
	buf_release(&path);
	return ret;
}

/* Whether the candidate's top module has the interface's ports (names,
   directions, and widths where both are known). */
static int ports_match(const struct tbdiff_bench *d, const struct grade_candidate *c)
{
	struct vmod_ports ports = VMOD_PORTS_INIT;
	struct buf why = BUF_INIT;
	const struct tbgen_port *want = tbdiff_bench_ports(d);
	size_t n = tbdiff_bench_nports(d), i;
	int ok = 0;

	if (vmod_ports(c->text, c->len, tbdiff_bench_top(d), &ports, &why) < 0 || ports.nr != n)
		goto out;
	for (i = 0; i < n; i++) {
		const struct vmod_port *p = vmod_ports_find(&ports, want[i].name);
		enum vmod_dir dir = want[i].dir == TBGEN_IN ? VMOD_INPUT :
				    want[i].dir == TBGEN_OUT ? VMOD_OUTPUT : VMOD_INOUT;

		if (!p || p->dir != dir || (p->width && p->width != (unsigned long)want[i].width))
			goto out;
	}
	ok = 1;
out:
	vmod_ports_release(&ports);
	buf_release(&why);
	return ok;
}

/*
 * Whether a candidate can share a batch: the batch compile must then fail
 * whenever compiling it alone would, so that a batch that builds vouches
 * for each candidate's own build (no per-candidate pre-check needed), and
 * the compiler's line numbers must stay inside its slot (blame()).  So:
 * every token is well formed (no unterminated comment or string that would
 * swallow the next slot), outside modules there are only comments and
 * directives with their arguments (no package, interface, primitive,
 * typedef or other name the next slot could use), modules do not nest, no
 * `line, `begin_keywords or `pragma, no `__FILE__ or `__LINE__ (a value
 * that differs in the batch file), no escaped identifier, and no name of
 * the batch bench's making: tb, a reference's __vpref_ name, or a slot
 * suffix _vpcNNNN (another slot's renamed module).  Anything else is graded
 * alone.
 */
static int batchable(const struct grade_candidate *c)
{
	/* Line bookkeeping, and `__FILE__/`__LINE__, whose values differ in cands.v. */
	static const char *const bad_directives[] = {
		"`line", "`begin_keywords", "`end_keywords", "`pragma", "`protect", "`endprotect",
		"`__FILE__", "`__LINE__",
	};
	struct vlex lx;
	struct vlex_tok t;
	int depth = 0, after_directive = 0;
	size_t i;

	vlex_init(&lx, c->text, c->len);
	while (vlex_next(&lx, &t)) {
		const char *s = vlex_tok_text(&lx, &t);

		if ((t.flags & (VLEX_F_UNTERMINATED | VLEX_F_ESCAPED)) || t.kind == VLEX_INVALID)
			return 0;
		if (t.kind == VLEX_COMMENT)
			continue;
		if (t.flags & VLEX_F_NL_BEFORE)
			after_directive = 0;
		if (t.kind == VLEX_DIRECTIVE) {
			for (i = 0; i < sizeof(bad_directives) / sizeof(*bad_directives); i++)
				if (vlex_tok_eq(&lx, &t, bad_directives[i]))
					return 0;
			if (!depth)
				after_directive = 1;
			continue;
		}
		if (t.kind == VLEX_IDENT) {
			if ((t.len == 2 && !memcmp(s, "tb", 2)) || memmem(s, t.len, "__vpref_", 8))
				return 0;
			for (i = 0; i + 8 <= t.len; i++)
				if (!memcmp(s + i, "_vpc", 4) && isdigit((unsigned char)s[i + 4]) &&
				    isdigit((unsigned char)s[i + 5]) && isdigit((unsigned char)s[i + 6]) &&
				    isdigit((unsigned char)s[i + 7]))
					return 0;
		}
		if (t.kind == VLEX_KEYWORD &&
		    (vlex_tok_eq(&lx, &t, "module") || vlex_tok_eq(&lx, &t, "macromodule"))) {
			if (depth++)
				return 0;
			continue;
		}
		if (t.kind == VLEX_KEYWORD && vlex_tok_eq(&lx, &t, "endmodule")) {
			if (!depth--)
				return 0;
			continue;
		}
		if (!depth && !after_directive)
			return 0;
	}
	return !depth;
}

/*
 * Append slot k's candidate: the state the single bench leaves, the text
 * with every module renamed, then an `undef of each macro it defines.
 */
static int add_slot_source(struct buf *out, const struct grade_candidate *c, int k,
			   struct buf *err)
{
	struct vlex lx;
	struct vlex_tok t;
	char suffix[32];
	int after_define = 0;

	snprintf(suffix, sizeof(suffix), TBGEN_SLOT_SUFFIX_FMT, k);
	buf_addstr(out, "`resetall\n`timescale 1ns/1ps\n");
	if (vmod_rename(c->text, c->len, suffix, out, err) < 0)
		return -1;
	buf_addch(out, '\n');
	vlex_init(&lx, c->text, c->len);
	while (vlex_next(&lx, &t)) {
		if (t.kind == VLEX_COMMENT)
			continue;
		if (after_define && (t.kind == VLEX_IDENT || t.kind == VLEX_KEYWORD))
			buf_addf(out, "`undef %.*s\n", (int)t.len, vlex_tok_text(&lx, &t));
		after_define = t.kind == VLEX_DIRECTIVE && vlex_tok_eq(&lx, &t, "`define");
	}
	buf_addstr(out, "`resetall\n");
	return 0;
}

static const struct buf *batch_text(struct bench_state *bs, int n, struct buf *err)
{
	struct buf *b = &bs->texts[n];

	if (!b->len && tbdiff_bench_text(bs->diff, n, b, err) < 0)
		return NULL;
	return b;
}

static int submit_precheck(struct bench_state *bs, int i, struct buf *err)
{
	struct pool_job *job = pool_job_new(bs->pool);
	struct job_info *ji = xcalloc(1, sizeof(*ji));
	const char *ivl[] = { "iverilog", "-g2012", NULL, "-DVP_NONCE=64'h0", "-s", "tb",
			      "-t", "null", "tb.v", "cand.v", NULL };
	const char *vlt[] = { "verilator", "--lint-only", "--timing", "-Wno-fatal", "-Wno-lint",
			      "-Wno-style", "--timescale", "1ns/1ps", "--top-module", "tb", NULL,
			      "-DVP_NONCE=64'h0", "tb.v", "cand.v", NULL };
	const char **argv = bs->sim == SIM_ICARUS ? ivl : vlt;
	struct buf inc = BUF_INIT;
	struct run_limits lim;
	int ret = -1;

	ji->precheck = 1;
	ji->idx = xmalloc(sizeof(int));
	ji->idx[0] = i;
	ji->n = 1;
	job->data = ji;
	if (!job->infra_error &&
	    (write_in(job->dir, "cand.v", bs->cands[i].text, bs->cands[i].len, err) < 0 ||
	     write_in(job->dir, "tb.v", bs->tb->text, bs->tb->len, err) < 0 ||
	     write_in(job->dir, "vp_harness.vh", bs->o->harness_text,
		      strlen(bs->o->harness_text), err) < 0)) {
		free(ji->idx);
		free(ji);
		pool_job_free(job);
		goto out;
	}
	buf_addf(&inc, "-I%s", job->dir);
	if (bs->sim == SIM_ICARUS)
		ivl[2] = inc.data;
	else
		vlt[10] = inc.data;
	memset(&lim, 0, sizeof(lim));
	lim.wall_sec = bs->o->compile_timeout;
	lim.cpu_sec = (long)bs->o->compile_timeout + 2;
	lim.as_bytes = (size_t)4 << 30;
	lim.fsize_bytes = (size_t)16 << 20;
	lim.nofile = 256;
	lim.out_cap = 64 << 10;
	pool_job_add_step(job, argv, &lim, 1);
	pool_submit(bs->pool, job);
	bs->st->prechecks++;
	ret = 0;
out:
	buf_release(&inc);
	return ret;
}

/* Submit candidates idx[0..n) as one batch simulation (takes idx). */
static int submit_batch(struct bench_state *bs, int *idx, int n, struct buf *err)
{
	struct pool_job *job = pool_job_new(bs->pool);
	struct job_info *ji = xcalloc(1, sizeof(*ji));
	const char *srcs[] = { "bench.v", "cands.v" };
	char nonce_lit[VERDICT_DEFINE_SIZE];
	const struct buf *text;
	struct buf cs = BUF_INIT;
	struct sim_build b;
	int k, ret = -1;

	ji->idx = idx;
	ji->n = n;
	job->data = ji;
	if (verdict_nonce_new(&ji->nonce) < 0) {
		buf_setf(err, "cannot draw a random nonce: %s", strerror(errno));
		goto fail;
	}
	if (!(text = batch_text(bs, n, err)))
		goto fail;
	buf_init(&cs, 0);
	ji->line0 = xcalloc((size_t)n + 1, sizeof(*ji->line0));
	for (k = 0; k < n; k++) {
		size_t from = cs.len, p;

		if (add_slot_source(&cs, &bs->cands[idx[k]], k, err) < 0)
			goto fail;
		ji->line0[k + 1] = ji->line0[k];
		for (p = from; p < cs.len; p++)
			ji->line0[k + 1] += cs.data[p] == '\n';
	}
	if (!job->infra_error &&
	    (write_in(job->dir, "bench.v", text->data, text->len, err) < 0 ||
	     write_in(job->dir, "cands.v", cs.data, cs.len, err) < 0 ||
	     write_in(job->dir, "vp_harness.vh", bs->o->harness_text,
		      strlen(bs->o->harness_text), err) < 0))
		goto fail;
	verdict_nonce_define(ji->nonce, nonce_lit);
	memset(&b, 0, sizeof(b));
	b.sources = srcs;
	b.nsources = 2;
	b.incdir = job->dir;
	b.top = "tb";
	b.nonce_literal = nonce_lit;
	b.compile_timeout = bs->o->compile_timeout;
	b.run_timeout = bs->o->run_timeout;
	b.vlt = bs->vlt;
	b.fast_build = 1;
	/*
	 * Once a slot's cost is known, a batch that overruns HANG_FACTOR times its
	 * expected time (at least HANG_FLOOR_SEC) is taken for hung and split
	 * early; a single candidate always gets the full deadline, so only
	 * grade_run()'s deadline ever makes a `timeout`.
	 */
	if (n > 1 && bs->slot_sec > 0) {
		double t = HANG_FACTOR * bs->slot_sec * n;

		if (t < HANG_FLOOR_SEC)
			t = HANG_FLOOR_SEC;
		if (t < b.run_timeout)
			b.run_timeout = t;
	}
	sim_add_steps(bs->sim, job, &b);
	pool_submit(bs->pool, job);
	bs->st->batches++;
	buf_release(&cs);
	return 0;
fail:
	buf_release(&cs);
	free(ji->idx);
	free(ji->line0);
	free(ji);
	pool_job_free(job);
	return ret;
}

static void progress(struct bench_state *bs, size_t n)
{
	bs->done += n;
	if (bs->o->progress)
		bs->o->progress(bs->o->progress_ctx, bs->done, bs->total);
}

/*
 * If s starts with a batch bench name of slot k's making ("vp_d<k>_", or
 * "_vpc" and four digits), k; else -1.
 */
static long slot_named(const char *s, size_t n)
{
	size_t i;
	long k = 0;

	if (n > 5 && !memcmp(s, "vp_d", 4) && isdigit((unsigned char)s[4])) {
		for (i = 4; i < n && isdigit((unsigned char)s[i]) && k < 100000; i++)
			k = k * 10 + (s[i] - '0');
		return i < n && s[i] == '_' ? k : -1;
	}
	if (n >= 8 && !memcmp(s, "_vpc", 4)) {
		for (i = 4; i < 8; i++) {
			if (!isdigit((unsigned char)s[i]))
				return -1;
			k = k * 10 + (s[i] - '0');
		}
		return k;
	}
	return -1;
}

/*
 * Mark CS_SINGLE the slots whose lines the compiler's error messages name:
 * a line of the log holding "error" (any case) and "cands.v:LINE" (Icarus
 * "cands.v:12: syntax error", Verilator "%Error: cands.v:12:5: ...";
 * warnings name nobody), or whose wires or modules they name (Verilator's
 * "%Error-BLKANDNBLK: bench.v:31:14: ... 'tb.vp_d5_q'").  Returns how many
 * were marked.  A wrong blame only costs speed: a blamed candidate is graded
 * alone by grade_run().  (Icarus's parser, lost in one slot, may report an
 * error in the next one too; blaming it costs one grade_run(), leaving it
 * would cost another batch compile per broken slot in a row.)
 */
static int blame(struct bench_state *bs, const struct job_info *ji, const char *out, size_t len)
{
	static const char key[] = "cands.v:";
	size_t klen = sizeof(key) - 1, pos = 0;
	char *named = xcalloc((size_t)ji->n + 1, 1);
	int k, nblamed = 0;

	while (pos < len) {
		const char *nl = memchr(out + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - out) : len, i;
		unsigned long line = 0;
		int is_error = 0;

		for (i = pos; i + 5 <= end && !is_error; i++)
			is_error = !strncasecmp(out + i, "error", 5);
		for (i = pos; is_error && i + klen < end && !line; i++) {
			size_t j;

			if (memcmp(out + i, key, klen) ||
			    (i > pos && out[i - 1] != '/' && out[i - 1] != ' '))
				continue;
			for (j = i + klen; j < end && out[j] >= '0' && out[j] <= '9' &&
			     line < 100000000; j++)
				line = line * 10 + (unsigned long)(out[j] - '0');
		}
		for (k = 0; line && k < ji->n; k++)
			if (line > ji->line0[k] && line <= ji->line0[k + 1])
				named[k] = 1;
		/* A slot's own names: its output wires vp_d<k>_*, its modules *_vpc<kkkk>. */
		for (i = pos; is_error && i < end; i++) {
			long slot = slot_named(out + i, end - i);

			if (slot >= 0 && slot < ji->n)
				named[slot] = 1;
		}
		pos = end + 1;
	}
	for (k = 0; k < ji->n; k++)
		if (named[k] && bs->state[ji->idx[k]] == CS_BATCH) {
			bs->state[ji->idx[k]] = CS_SINGLE;
			nblamed++;
		}
	free(named);
	return nblamed;
}

/*
 * Read a finished batch: every slot's verdict, or a split.  Returns 0, or
 * -1 with err set on an infrastructure failure.
 */
static int finish_batch(struct bench_state *bs, struct pool_job *job, struct job_info *ji,
			struct buf *err)
{
	const struct run_result *r;
	struct verdict *v = xcalloc((size_t)ji->n, sizeof(*v));
	double ms = 0;
	int i, ok, ret = -1, last = job->steps_run - 1;

	for (i = 0; i < job->steps_run; i++) {
		ms += job->res[i].wall_sec * 1000.0;
		if (job->res[i].status == RUN_SPAWN_ERROR) {
			buf_setf(err, "cannot start '%s': %s", job->steps[i].argv[0],
				 strerror(job->res[i].spawn_errno));
			goto out;
		}
	}
	r = last >= 0 ? &job->res[last] : NULL;
	ok = r && last == job->nsteps - 1 && r->status == RUN_OK && !r->out.truncated;
	for (i = 0; i < ji->n; i++) {
		verdict_init(&v[i]);
		if (ok) {
			verdict_parse(&v[i], r->out.data, r->out.len,
				      tbgen_slot_nonce(ji->nonce, i));
			if (!v[i].done || v[i].multiple_done)
				ok = 0;
		}
	}
	if (ok) {
		if (!bs->slot_sec)
			bs->slot_sec = r->wall_sec / ji->n;
		for (i = 0; i < ji->n; i++) {
			struct grade_cell *c = &bs->out[ji->idx[i]];

			grade_cell_set_verdict(c, &v[i]);
			c->wall_ms = ms / ji->n;
		}
		progress(bs, (size_t)ji->n);
	} else if (ji->n > 1 && r && last < job->nsteps - 1 && r->status == RUN_NONZERO &&
		   blame(bs, ji, r->out.data, r->out.len)) {
		/* The compiler named the broken candidates: the rest run again. */
		int *rest = xmalloc(sizeof(int) * (size_t)ji->n), nrest = 0;

		for (i = 0; i < ji->n; i++)
			if (bs->state[ji->idx[i]] == CS_BATCH)
				rest[nrest++] = ji->idx[i];
		bs->st->blamed += ji->n - nrest;
		if (nrest) {
			if (submit_batch(bs, rest, nrest, err) < 0)
				goto out;
		} else {
			free(rest);
		}
	} else if (ji->n == 1 && r && last == job->nsteps - 1 && r->status == RUN_TIMEOUT) {
		/* Isolated: the hang is this candidate's, worded as grade_run() does. */
		struct grade_cell *c = &bs->out[ji->idx[0]];
		struct buf msg = BUF_INIT;

		buf_addf(&msg, "simulation timed out after %.1f s", job->steps[last].lim.wall_sec);
		c->outcome = GRADE_TIMEOUT;
		c->checks_passed = c->checks_total = 0;
		free(c->message);
		c->message = buf_detach(&msg, NULL);
		c->wall_ms = ms;
		bs->st->timeouts++;
		progress(bs, 1);
	} else if (ji->n == 1) {
		bs->state[ji->idx[0]] = CS_SINGLE;
	} else {
		/*
		 * Split into about sqrt(n) parts, each run again until the
		 * culprit is alone: a hang then costs about two or three
		 * deadlines in a row instead of log2(n); small batches
		 * straight into single candidates.
		 */
		int parts = 2, from = 0, p;

		while ((parts + 1) * (parts + 1) <= ji->n)
			parts++;
		if (ji->n <= (bs->sim == SIM_ICARUS ? SPLIT_SINGLES_ICARUS : SPLIT_SINGLES_VERILATOR))
			parts = ji->n;
		bs->st->splits++;
		for (p = 0; p < parts; p++) {
			int to = (int)((long)ji->n * (p + 1) / parts);
			int *a = xmalloc(sizeof(int) * (size_t)(to - from));

			memcpy(a, ji->idx + from, sizeof(int) * (size_t)(to - from));
			if (submit_batch(bs, a, to - from, err) < 0)
				goto out;
			from = to;
		}
	}
	ret = 0;
out:
	for (i = 0; i < ji->n; i++)
		verdict_release(&v[i]);
	free(v);
	return ret;
}

/* Drain the pool; pre-checks mark failures CS_SINGLE, batches set cells. */
static int drain(struct bench_state *bs, struct buf *err)
{
	struct pool_job *job;
	int ret = 0;

	while ((job = pool_next(bs->pool))) {
		struct job_info *ji = job->data;

		if (ret == 0 && job->infra_error) {
			buf_setf(err, "a grading worker failed: %s", job->infra_msg.data);
			ret = -1;
		} else if (ret == 0 && ji->precheck) {
			bs->st->precheck_ms += job->res[0].wall_sec * 1000.0;
			if (job->res[0].status == RUN_SPAWN_ERROR) {
				buf_setf(err, "cannot start '%s': %s", job->steps[0].argv[0],
					 strerror(job->res[0].spawn_errno));
				ret = -1;
			} else if (job->res[0].status != RUN_OK) {
				bs->state[ji->idx[0]] = CS_SINGLE;
				bs->st->precheck_failed++;
			}
		} else if (ret == 0 && finish_batch(bs, job, ji, err) < 0) {
			ret = -1;
		}
		free(ji->idx);
		free(ji->line0);
		free(ji);
		pool_job_free(job);
	}
	return ret;
}

/* MemAvailable of /proc/meminfo in bytes, or 0 when unknown. */
static size_t mem_available(void)
{
	FILE *f = fopen("/proc/meminfo", "r");
	char line[256];
	unsigned long long kb = 0;

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "MemAvailable: %llu kB", &kb) == 1)
			break;
	fclose(f);
	return (size_t)kb * 1024;
}

/*
 * Candidates per batch for n batchable candidates: want, or with
 * GRADEBATCH_AUTO as many as give every worker one batch, at most
 * AUTO_MAX, and for Verilator no more than the available memory holds when
 * every worker builds at once.  (Icarus batches are cut further by the
 * probe in grade_bench.)
 */
static int batch_size(const struct grade_opts *o, enum sim_kind sim, int want, int n)
{
	int workers = o->jobs > 0 ? o->jobs : 1, k = want;

	if (want == GRADEBATCH_AUTO) {
		size_t avail = sim == SIM_VERILATOR ? mem_available() : 0;

		k = (n + workers - 1) / workers;
		if (k > AUTO_MAX)
			k = AUTO_MAX;
		if (avail && (size_t)k > avail / (size_t)workers / VLT_SLOT_BYTES)
			k = (int)(avail / (size_t)workers / VLT_SLOT_BYTES);
	}
	return k < 1 ? 1 : k;
}

/* Grade every candidate against one batchable bench in one simulator into out[ncand]. */
static int grade_bench(const struct grade_opts *o, enum sim_kind sim,
		       const struct sim_vlt_runtime *vlt, int batch, int precheck,
		       const struct tbdiff_bench *diff,
		       const struct grade_testbench *tb, const struct grade_candidate *cands,
		       int ncand, struct grade_cell *out, struct gradebatch_stats *st,
		       struct buf *err)
{
	struct bench_state bs;
	uint64_t *hash = xcalloc((size_t)ncand + 1, sizeof(*hash));
	struct grade_candidate *sub = NULL;
	struct grade_cell *subcells = NULL;
	size_t nsub = 0;
	int *map = NULL, *idx = NULL;
	struct pool_opts po;
	int i, j, n, nsingle = 0, ret = -1;

	memset(&bs, 0, sizeof(bs));
	bs.o = o;
	bs.sim = sim;
	bs.vlt = vlt;
	bs.diff = diff;
	bs.tb = tb;
	bs.cands = cands;
	bs.out = out;
	bs.st = st;
	bs.state = xcalloc((size_t)ncand + 1, sizeof(*bs.state));

	for (i = 0; i < ncand; i++) {
		char *reason = NULL;

		out[i].same_as = -1;
		if (grade_check_candidate(o, &cands[i], &reason, &hash[i])) {
			free(reason);
			bs.state[i] = CS_SINGLE;   /* grade_run() words the reason */
			hash[i] = 0;
			continue;
		}
		for (j = 0; j < i; j++)
			if (bs.state[j] != CS_DUP && out[j].same_as < 0 && hash[j] == hash[i] &&
			    !(bs.state[j] == CS_SINGLE && !hash[j])) {
				bs.state[i] = CS_DUP;
				out[i].same_as = j;
				break;
			}
		if (bs.state[i] == CS_BATCH && !ports_match(diff, &cands[i])) {
			bs.state[i] = CS_SINGLE;
			st->port_mismatch++;
		} else if (bs.state[i] == CS_BATCH && !batchable(&cands[i])) {
			bs.state[i] = CS_SINGLE;
			st->unusual++;
		}
	}
	for (i = 0, n = 0; i < ncand; i++)
		n += bs.state[i] == CS_BATCH;
	batch = batch_size(o, sim, batch, n);
	bs.batch = batch;
	bs.texts = xcalloc((size_t)batch + 1, sizeof(*bs.texts));
	for (i = 0; i <= batch; i++)
		buf_init(&bs.texts[i], 0);

	memset(&po, 0, sizeof(po));
	po.workers = o->jobs > 0 ? o->jobs : 1;
	po.worker_exe = o->worker_exe;
	po.sandbox = o->sandbox;
	po.tmp_dir = o->tmp_dir;
	{
		const char *ro[] = { vlt ? vlt->dir : NULL, NULL };

		po.ro_binds = ro[0] ? ro : NULL;
		bs.pool = pool_new(&po, err);
	}
	if (!bs.pool)
		goto out;

	for (i = 0; i < ncand && precheck; i++)
		if (bs.state[i] == CS_BATCH && submit_precheck(&bs, i, err) < 0)
			goto out;
	if (drain(&bs, err) < 0)
		goto out;

	for (i = 0; i < ncand; i++)
		if (bs.state[i] != CS_DUP)
			bs.total++;
	/*
	 * Every batch runs under the single run's deadline, so that a batch
	 * that ends in time vouches that each of its candidates would have.
	 * With Icarus, where the run is most of the cost, a probe of a few
	 * candidates measures the simulation time per slot; the batch size is
	 * then cut so that a batch takes at most 40% of the deadline.  A
	 * Verilator build costs more than any run, so no probe: a batch whose
	 * run overruns the deadline is split like any failed batch.
	 */
	idx = xmalloc(sizeof(int) * ((size_t)ncand + 1));
	for (i = 0, n = 0; sim == SIM_ICARUS && i < ncand && n < PROBE_SLOTS && n < batch; i++)
		if (bs.state[i] == CS_BATCH)
			idx[n++] = i;
	if (n) {
		int *part = xmalloc(sizeof(int) * (size_t)n);

		memcpy(part, idx, sizeof(int) * (size_t)n);
		if (submit_batch(&bs, part, n, err) < 0)
			goto out;
		if (drain(&bs, err) < 0)
			goto out;
		if (bs.slot_sec > 0) {
			double fit = 0.4 * o->run_timeout / bs.slot_sec;

			if (fit < batch)
				batch = fit < 1 ? 1 : (int)fit;
		}
	}
	st->batch_used = batch;
	for (n = 0; i <= ncand; i++) {
		if (n && (i == ncand || n == batch)) {
			int *part = xmalloc(sizeof(int) * (size_t)n);

			memcpy(part, idx, sizeof(int) * (size_t)n);
			if (submit_batch(&bs, part, n, err) < 0)
				goto out;
			n = 0;
		}
		if (i < ncand && bs.state[i] == CS_BATCH)
			idx[n++] = i;
	}
	if (drain(&bs, err) < 0)
		goto out;
	pool_free(bs.pool);
	bs.pool = NULL;

	/* Everything sent back: grade_run() on those candidates alone. */
	sub = xcalloc((size_t)ncand + 1, sizeof(*sub));
	map = xcalloc((size_t)ncand + 1, sizeof(*map));
	for (i = 0; i < ncand; i++)
		if (bs.state[i] == CS_SINGLE) {
			map[nsingle] = i;
			sub[nsingle++] = cands[i];
		}
	st->singles += nsingle;
	if (nsingle) {
		struct grade_opts so = *o;

		so.sims = 1u << sim;
		so.progress = NULL;
		if (grade_run(&so, tb, 1, sub, nsingle, &subcells, &nsub, err) < 0)
			goto out;
		for (i = 0; i < nsingle; i++) {
			struct grade_cell *c = &out[map[i]];

			c->outcome = subcells[i].outcome;
			c->checks_passed = subcells[i].checks_passed;
			c->checks_total = subcells[i].checks_total;
			free(c->message);
			c->message = subcells[i].message;
			subcells[i].message = NULL;
			c->wall_ms = subcells[i].wall_ms;
		}
		progress(&bs, (size_t)nsingle);
	}
	for (i = 0; i < ncand; i++)
		if (bs.state[i] == CS_DUP) {
			const struct grade_cell *src = &out[out[i].same_as];

			out[i].outcome = src->outcome;
			out[i].checks_passed = src->checks_passed;
			out[i].checks_total = src->checks_total;
			free(out[i].message);
			out[i].message = xstrdup(src->message ? src->message : "");
		}
	ret = 0;
out:
	pool_free(bs.pool);
	grade_cells_free(subcells, nsub);
	for (i = 0; bs.texts && i <= bs.batch; i++)
		buf_release(&bs.texts[i]);
	free(bs.texts);
	free(bs.state);
	free(hash);
	free(sub);
	free(map);
	free(idx);
	return ret;
}

static const char *plural(long n, const char *s)
{
	return n == 1 ? "" : s;
}

void gradebatch_stats_line(const struct gradebatch_stats *st, struct buf *out)
{
	buf_addf(out, "batch: size %ld, %ld simulation%s (%ld split%s), %ld pre-check%s (%ld failed, "
		 "%.0f ms), %ld blamed by the compiler, %ld port mismatch%s, %ld not batchable, "
		 "%ld timeout%s isolated, %ld graded alone",
		 st->batch_used, st->batches, plural(st->batches, "s"), st->splits,
		 plural(st->splits, "s"), st->prechecks, plural(st->prechecks, "s"),
		 st->precheck_failed, st->precheck_ms, st->blamed, st->port_mismatch,
		 plural(st->port_mismatch, "es"), st->unusual, st->timeouts,
		 plural(st->timeouts, "s"), st->singles);
}

void gradebatch_stats_add(struct gradebatch_stats *sum, const struct gradebatch_stats *st)
{
	sum->prechecks += st->prechecks;
	sum->precheck_failed += st->precheck_failed;
	sum->port_mismatch += st->port_mismatch;
	sum->unusual += st->unusual;
	sum->batches += st->batches;
	sum->splits += st->splits;
	sum->blamed += st->blamed;
	sum->singles += st->singles;
	sum->timeouts += st->timeouts;
	sum->precheck_ms += st->precheck_ms;
	if (st->batch_used > sum->batch_used)
		sum->batch_used = st->batch_used;
}

int gradebatch_parse(const char *s, int *out)
{
	char *end;
	long v;

	if (!strcmp(s, "auto")) {
		*out = GRADEBATCH_AUTO;
		return 0;
	}
	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v < 1 || v > GRADEBATCH_MAX)
		return -1;
	*out = (int)v;
	return 0;
}

int gradebatch_run(const struct grade_opts *o, const struct gradebatch_opts *bo,
		   const struct grade_testbench *tbs, int ntb,
		   const struct grade_candidate *cands, int ncand,
		   struct grade_cell **cells_out, size_t *ncells_out,
		   struct gradebatch_stats *stats, struct buf *err)
{
	struct gradebatch_stats dummy;
	struct sim_vlt_runtime vlt = { NULL, NULL, NULL };
	struct grade_cell *cells = NULL, *part = NULL, *one = NULL;
	enum sim_kind sims[SIM_NKINDS];
	size_t ncells = 0, n1 = 0;
	int i, j, k, nsims = 0, ret = -1;

	if (!stats)
		stats = &dummy;
	memset(stats, 0, sizeof(*stats));
	*cells_out = NULL;
	*ncells_out = 0;
	if (!bo || bo->batch == 1 || !bo->diff || o->keep_log)
		return grade_run(o, tbs, ntb, cands, ncand, cells_out, ncells_out, err);
	if ((nsims = grade_sims(o, sims, &vlt, err)) < 0)
		return -1;

	/* Cells in grade_run()'s order: candidate, testbench, simulator. */
	ncells = (size_t)ncand * (size_t)ntb * (size_t)nsims;
	cells = xcalloc(ncells + 1, sizeof(*cells));
	part = xcalloc((size_t)ncand + 1, sizeof(*part));
	for (j = 0; j < ntb; j++) {
		const struct grade_testbench *tb = &tbs[j];

		for (k = 0; k < nsims; k++) {
			memset(part, 0, sizeof(*part) * ((size_t)ncand + 1));
			if (!bo->diff[j] || tb->ref_as || tb->verdict.pass) {
				struct grade_opts so = *o;

				so.sims = 1u << sims[k];
				if (grade_run(&so, tb, 1, cands, ncand, &one, &n1, err) < 0)
					goto out;
				for (i = 0; i < ncand; i++) {
					part[i] = one[i];
					one[i].message = NULL;
					one[i].log = NULL;
				}
				grade_cells_free(one, n1);
				one = NULL;
			} else if (grade_bench(o, sims[k], vlt.dir ? &vlt : NULL, bo->batch, bo->precheck,
					       bo->diff[j], tb, cands, ncand, part, stats, err) < 0) {
				for (i = 0; i < ncand; i++)
					free(part[i].message);
				goto out;
			}
			for (i = 0; i < ncand; i++) {
				struct grade_cell *c = &cells[((size_t)i * ntb + j) * nsims + k];

				*c = part[i];
				c->cand = i;
				c->tb = j;
				c->sim = sims[k];
				if (!c->message)
					c->message = xstrdup("");
			}
		}
	}
	*cells_out = cells;
	*ncells_out = ncells;
	cells = NULL;
	ret = 0;
out:
	grade_cells_free(cells, ncells);
	free(part);
	sim_vlt_runtime_release(&vlt);
	return ret;
}
