/*
 * cover: Verilator coverage runs and coverage.dat summaries.  See cover.h.
 */
#define _GNU_SOURCE
#include "sim/cover.h"
#include "sim/pool.h"
#include "sim/sim.h"
#include "sim/xalloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * The main Verilator 5.006's --main would write, plus the coverage write it
 * lacks.  Included at the end of the unity translation unit.
 */
static const char cov_main[] =
	"#include \"verilated.h\"\n"
	"#include \"verilated_cov.h\"\n"
	"#include \"Vsim.h\"\n"
	"int main(int argc, char **argv, char **) {\n"
	"    const std::unique_ptr<VerilatedContext> contextp{new VerilatedContext};\n"
	"    contextp->commandArgs(argc, argv);\n"
	"    const std::unique_ptr<Vsim> topp{new Vsim{contextp.get()}};\n"
	"    while (!contextp->gotFinish()) {\n"
	"        topp->eval();\n"
	"        if (!topp->eventsPending()) break;\n"
	"        contextp->time(topp->nextTimeSlot());\n"
	"    }\n"
	"    topp->final();\n"
	"    contextp->coveragep()->write(\"coverage.dat\");\n"
	"    return 0;\n"
	"}\n";

#define COVER_DAT_MAX ((size_t)64 << 20)

static void limits(struct run_limits *lim, double wall, int build)
{
	memset(lim, 0, sizeof(*lim));
	lim->wall_sec = wall;
	lim->cpu_sec = (long)wall + 2;
	lim->as_bytes = (size_t)4 << 30;
	lim->fsize_bytes = build ? (size_t)256 << 20 : COVER_DAT_MAX;
	lim->nofile = build ? 256 : 64;
	lim->out_cap = build ? 64 << 10 : 1 << 20;
}

/* Add the three steps; returns their number (or 0 with err). */
static int add_steps(const struct cover_opts *o, struct pool_job *job,
		     const struct sim_vlt_runtime *rt, const struct cover_file *files, int nfiles)
{
	const char *argv[96];
	struct buf inc = BUF_INIT, script = BUF_INIT, defs[16];
	struct run_limits lim;
	int n = 0, i, nd = 0;

	buf_addf(&inc, "-I%s", job->dir);
	argv[n++] = "verilator";
	argv[n++] = "--cc";
	argv[n++] = "--timing";
	argv[n++] = "--coverage-line";
	argv[n++] = "--coverage-toggle";
	argv[n++] = "-Wno-fatal";
	argv[n++] = "-Wno-lint";
	argv[n++] = "-Wno-style";
	argv[n++] = "--timescale";
	argv[n++] = "1ns/1ps";
	argv[n++] = "--prefix";
	argv[n++] = "Vsim";
	argv[n++] = "-Mdir";
	argv[n++] = "obj";
	argv[n++] = "--top-module";
	argv[n++] = o->top;
	argv[n++] = inc.data;
	for (i = 0; o->defines && o->defines[i] && nd < 16; i++) {
		buf_init(&defs[nd], 0);
		buf_addf(&defs[nd], "-D%s", o->defines[i]);
		argv[n++] = defs[nd++].data;
	}
	for (i = 0; i < nfiles && n < 94; i++)
		if (files[i].is_source)
			argv[n++] = files[i].name;
	argv[n] = NULL;
	limits(&lim, o->compile_timeout, 1);
	pool_job_add_step(job, argv, &lim, 1);

	buf_addf(&script,
		 "cd obj && { for f in Vsim*.cpp; do printf '#include \"%%s\"\\n' \"$f\"; done;"
		 " printf '#include \"../vp_cov_main.cpp\"\\n'; } > vp_all.cpp"
		 " && g++ %s -I. -include '%s/vp_pch.h' -c vp_all.cpp -o vp_all.o"
		 " && g++ vp_all.o '%s/verilated.o' '%s/verilated_timing.o'"
		 " '%s/verilated_threads.o' '%s/verilated_cov.o' -pthread -latomic -o Vsim",
		 rt->cxxflags, rt->dir, rt->dir, rt->dir, rt->dir, rt->dir);
	argv[0] = "sh";
	argv[1] = "-c";
	argv[2] = script.data;
	argv[3] = NULL;
	pool_job_add_step(job, argv, &lim, 1);

	argv[0] = "obj/Vsim";
	argv[1] = NULL;
	limits(&lim, o->run_timeout, 0);
	pool_job_add_step(job, argv, &lim, 1);

	for (i = 0; i < nd; i++)
		buf_release(&defs[i]);
	buf_release(&inc);
	buf_release(&script);
	return 3;
}

enum cover_status cover_run(const struct cover_opts *o, const struct cover_file *files,
			    int nfiles, struct buf *dat, struct buf *msg, struct buf *err)
{
	struct sim_vlt_runtime rt = { NULL, NULL, NULL };
	struct pool *pool = NULL;
	struct pool_opts po;
	struct pool_job *job = NULL;
	struct buf path = BUF_INIT, line = BUF_INIT;
	enum cover_status st = COVER_ERROR;
	const struct run_result *r;
	int i, nsteps, last;

	if (!o->cache_root) {
		buf_setf(err, "no cache directory for the Verilator coverage runtime");
		goto out;
	}
	if (sim_check_tools(SIM_VERILATOR, err) < 0 ||
	    sim_verilator_prepare_coverage(o->cache_root, &rt, err) < 0)
		goto out;
	memset(&po, 0, sizeof(po));
	po.workers = 1;
	po.worker_exe = o->worker_exe;
	po.sandbox = o->sandbox;
	po.tmp_dir = o->tmp_dir;
	{
		const char *ro[] = { rt.dir, NULL };
		po.ro_binds = ro;
		pool = pool_new(&po, err);
	}
	if (!pool)
		goto out;
	job = pool_job_new(pool);
	if (!job->infra_error) {
		for (i = 0; i < nfiles; i++)
			if (buf_write_in(job->dir, files[i].name, files[i].text, files[i].len, err) < 0)
				goto out;
		if (buf_write_in(job->dir, "vp_cov_main.cpp", cov_main, sizeof(cov_main) - 1, err) < 0)
			goto out;
	}
	nsteps = add_steps(o, job, &rt, files, nfiles);
	pool_submit(pool, job);
	job = pool_next(pool);
	if (!job) {
		buf_setf(err, "the coverage job vanished from the pool");
		goto out;
	}
	if (job->infra_error) {
		buf_setf(err, "a coverage worker failed: %s", job->infra_msg.data);
		goto out;
	}
	last = job->steps_run - 1;
	if (last < 0) {
		buf_setf(err, "the coverage job ran no step");
		goto out;
	}
	for (i = 0; i <= last; i++)
		if (job->res[i].status == RUN_SPAWN_ERROR) {
			buf_setf(err, "cannot start '%s' for coverage: %s", job->steps[i].argv[0],
				 strerror(job->res[i].spawn_errno));
			goto out;
		}
	r = &job->res[last];
	st = COVER_FAILED;
	if (r->status == RUN_TIMEOUT) {
		buf_setf(msg, "%s timed out after %.1f s",
			 last < nsteps - 1 ? "verilator coverage build" : "coverage simulation",
			 job->steps[last].lim.wall_sec);
		goto out;
	}
	if (r->status != RUN_OK) {
		sim_first_error(r->out.data, job->dir, 300, &line);
		buf_setf(msg, "%s failed (%s)%s%s",
			 last < nsteps - 1 ? "verilator coverage build" : "coverage simulation",
			 run_strstatus(r->status), line.len ? ": " : "", line.data);
		goto out;
	}
	buf_addf(&path, "%s/coverage.dat", job->dir);
	{
		struct buf tmp = BUF_INIT;
		buf_init(&tmp, COVER_DAT_MAX);
		if (buf_read_file(&tmp, path.data) < 0) {
			buf_setf(msg, "coverage simulation wrote no coverage.dat (%s)",
				 strerror(errno));
			buf_release(&tmp);
			goto out;
		}
		buf_add(dat, tmp.data, tmp.len);
		buf_release(&tmp);
	}
	st = COVER_OK;
out:
	pool_job_free(job);
	pool_free(pool);
	sim_vlt_runtime_release(&rt);
	buf_release(&path);
	buf_release(&line);
	return st;
}

/* ------------------------------------------------------------------ */
/* coverage.dat */

enum pkind { P_LINE, P_TOGGLE, P_OTHER };

struct point {
	char *ident;        /* the key without the hierarchy: merges instances */
	enum pkind kind;
	char *lines;        /* S value, or l */
	unsigned long long count;
};

/* Value of key k in a coverage key (\001k\002value...), or NULL; *n its length. */
static const char *key_value(const char *key, size_t klen, const char *k, size_t *n)
{
	size_t i, kl = strlen(k);

	for (i = 0; i + kl + 1 < klen; i++) {
		if (key[i] != '\001' || memcmp(key + i + 1, k, kl) || key[i + 1 + kl] != '\002')
			continue;
		i += kl + 2;
		*n = 0;
		while (i + *n < klen && key[i + *n] != '\001')
			(*n)++;
		return key + i;
	}
	return NULL;
}

static int point_cmp(const void *a, const void *b)
{
	return strcmp(((const struct point *)a)->ident, ((const struct point *)b)->ident);
}

#define MAX_LINE 10000000UL

/* Call fn for each line number in a spec like "34,36-38". */
static void each_line(const char *spec, void (*fn)(unsigned long, void *), void *arg)
{
	const char *p = spec;
	char *end;

	while (*p) {
		unsigned long a = strtoul(p, &end, 10), b = a, l;

		if (end == p)
			break;
		p = end;
		if (*p == '-') {
			b = strtoul(p + 1, &end, 10);
			if (end == p + 1)
				break;
			p = end;
		}
		if (a && b >= a && b <= MAX_LINE && b - a < 100000)
			for (l = a; l <= b; l++)
				fn(l, arg);
		if (*p != ',')
			break;
		p++;
	}
}

struct line_state {
	unsigned char *st;  /* 0 none, 1 covered so far, 2 some point missed */
	unsigned long max;
	int hit;
};

static void mark_line(unsigned long l, void *arg)
{
	struct line_state *ls = arg;

	if (l > ls->max)
		return;
	if (!ls->hit)
		ls->st[l] = 2;
	else if (!ls->st[l])
		ls->st[l] = 1;
}

static void max_line(unsigned long l, void *arg)
{
	unsigned long *m = arg;

	if (l > *m)
		*m = l;
}

int cover_summarise(const char *dat, size_t len, const char *file, struct cover_summary *s,
		    struct buf *err)
{
	struct point *pts = NULL;
	size_t npts = 0, alloc = 0, i, j, lineno = 0, flen = strlen(file);
	const char *p = dat, *end = dat + len;
	struct line_state ls = { NULL, 0, 0 };
	struct buf ident = BUF_INIT;
	int ret = -1;

	memset(s, 0, sizeof(*s));
	if (len < 19 || memcmp(dat, "# SystemC::Coverage", 19)) {
		buf_setf(err, "not a Verilator coverage file (no '# SystemC::Coverage' header)");
		return -1;
	}
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end, *q, *key, *v;
		size_t klen, n;
		char *cend;
		unsigned long long count;

		lineno++;
		if (le - p < 2 || p[0] != 'C' || p[1] != ' ') {
			p = le + (nl ? 1 : 0);
			continue;
		}
		/* C '<key>' <count>: the key ends at the last quote of the line. */
		for (q = le; q > p + 2 && q[-1] != '\''; q--)
			;
		if (p[2] != '\'' || q <= p + 3) {
			buf_setf(err, "coverage.dat line %zu: malformed point", lineno);
			goto out;
		}
		key = p + 3;
		klen = (size_t)(q - 1 - key);
		{
			char num[32];
			size_t nn = (size_t)(le - q);

			while (nn && (*q == ' ')) {
				q++;
				nn--;
			}
			if (!nn || nn >= sizeof(num)) {
				buf_setf(err, "coverage.dat line %zu: malformed count", lineno);
				goto out;
			}
			memcpy(num, q, nn);
			num[nn] = '\0';
			count = strtoull(num, &cend, 10);
			if (*cend && *cend != '\r') {
				buf_setf(err, "coverage.dat line %zu: malformed count", lineno);
				goto out;
			}
		}
		p = le + (nl ? 1 : 0);
		v = key_value(key, klen, "f", &n);
		/* Verilator names files by the path it was given, or an absolute one. */
		if (!v || n < flen || memcmp(v + n - flen, file, flen) ||
		    (n > flen && v[n - flen - 1] != '/'))
			continue;
		ALLOC_GROW(pts, npts + 1, alloc);
		memset(&pts[npts], 0, sizeof(pts[npts]));
		v = key_value(key, klen, "page", &n);
		pts[npts].kind = !v ? P_OTHER
			: (n >= 7 && !memcmp(v, "v_line/", 7)) || (n >= 9 && !memcmp(v, "v_branch/", 9)) ? P_LINE
			: (n >= 9 && !memcmp(v, "v_toggle/", 9)) ? P_TOGGLE : P_OTHER;
		v = key_value(key, klen, "S", &n);
		if (!v)
			v = key_value(key, klen, "l", &n);
		pts[npts].lines = v ? xstrndup(v, n) : xstrdup("");
		/* The identity: every key but h. */
		buf_reset(&ident);
		for (i = 0; i < klen; ) {
			size_t k = i + 1;

			while (k < klen && key[k] != '\001')
				k++;
			if (!(k - i >= 3 && key[i + 1] == 'h' && key[i + 2] == '\002'))
				buf_add(&ident, key + i, k - i);
			i = k;
		}
		pts[npts].ident = xstrdup(ident.data);
		pts[npts].count = count;
		npts++;
	}

	/* Merge instances. */
	if (npts)
		qsort(pts, npts, sizeof(*pts), point_cmp);
	for (i = 0, j = 0; i < npts; i++) {
		if (j && !strcmp(pts[j - 1].ident, pts[i].ident)) {
			pts[j - 1].count += pts[i].count;
			free(pts[i].ident);
			free(pts[i].lines);
			continue;
		}
		pts[j++] = pts[i];
	}
	npts = j;

	for (i = 0; i < npts; i++) {
		if (pts[i].kind == P_TOGGLE) {
			s->toggles_total++;
			s->toggles_hit += pts[i].count > 0;
		} else if (pts[i].kind == P_LINE) {
			each_line(pts[i].lines, max_line, &ls.max);
		}
	}
	ls.st = xcalloc(ls.max + 2, 1);
	for (i = 0; i < npts; i++) {
		if (pts[i].kind != P_LINE)
			continue;
		ls.hit = pts[i].count > 0;
		each_line(pts[i].lines, mark_line, &ls);
	}
	for (i = 1; i <= ls.max; i++) {
		if (!ls.st[i])
			continue;
		s->lines_total++;
		if (ls.st[i] == 1)
			s->lines_hit++;
	}
	s->uncovered = xcalloc(s->lines_total - s->lines_hit + 1, sizeof(*s->uncovered));
	for (i = 1; i <= ls.max; i++)
		if (ls.st[i] == 2)
			s->uncovered[s->nuncovered++] = (unsigned long)i;
	ret = 0;
out:
	for (i = 0; i < npts; i++) {
		free(pts[i].ident);
		free(pts[i].lines);
	}
	free(pts);
	free(ls.st);
	buf_release(&ident);
	if (ret < 0)
		cover_summary_release(s);
	return ret;
}

void cover_summary_release(struct cover_summary *s)
{
	if (!s)
		return;
	free(s->uncovered);
	memset(s, 0, sizeof(*s));
}
