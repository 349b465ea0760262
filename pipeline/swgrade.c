/*
 * swgrade: software candidates x unit tests -> pass matrix.  See swgrade.h.
 *
 * Flow per task: one pool job per candidate (Python: the embedded runner;
 * C: compile, link, run the harness) -> parse the nonce-tagged lines of the
 * job's stdout -> one outcome per test -> matrix row, ok, label, message.
 */
#include "pipeline/swgrade.h"
#include "pipeline/llm_cache.h"
#include "pipeline/swextract.h"
#include "sim/embed.h"
#include "sim/pool.h"
#include "sim/run.h"
#include "sim/sandbox.h"
#include "sim/xalloc.h"
#include "testbench/verdict.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct swgrade {
	struct swgrade_opts o;
	struct pool *pool;
};

void swgrade_opts_init(struct swgrade_opts *o)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	memset(o, 0, sizeof(*o));
	o->jobs = n > 0 ? (int)n : 1;
	o->test_timeout = 3;
	o->load_timeout = 10;
	o->compile_timeout = 60;
	o->mem_bytes = (size_t)2 << 30;
	o->sandbox = SANDBOX_AUTO;
}

struct swgrade *swgrade_new(const struct swgrade_opts *o, struct buf *err)
{
	struct swgrade *g = xcalloc(1, sizeof(*g));
	struct pool_opts po;

	g->o = *o;
	memset(&po, 0, sizeof(po));
	po.workers = o->jobs > 0 ? o->jobs : 1;
	po.worker_exe = o->worker_exe;
	po.sandbox = o->sandbox;
	po.tmp_dir = o->tmp_dir;
	if (!(g->pool = pool_new(&po, err))) {
		free(g);
		return NULL;
	}
	return g;
}

void swgrade_free(struct swgrade *g)
{
	if (!g)
		return;
	pool_free(g->pool);
	free(g);
}

/* ---- small helpers ---- */

static int write_in(const char *dir, const char *name, const void *data, size_t len,
		    struct buf *err)
{
	struct buf path = BUF_INIT;
	int ret = 0;

	buf_addf(&path, "%s/%s", dir, name);
	if (buf_write_file(path.data, data, len) < 0) {
		buf_setf(err, "cannot write '%s': %s", path.data, strerror(errno));
		ret = -1;
	}
	buf_release(&path);
	return ret;
}

static void hex(const unsigned char *p, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 15];
	}
	out[2 * n] = 0;
}

static int random_hex(char *out, size_t nbytes, struct buf *err)
{
	unsigned char b[32];
	size_t i;

	for (i = 0; i < nbytes; i += 8) {
		uint64_t r;
		if (verdict_nonce_new(&r) < 0) {
			buf_setf(err, "cannot draw a random nonce: %s", strerror(errno));
			return -1;
		}
		memcpy(b + i, &r, 8);
	}
	hex(b, nbytes, out);
	return 0;
}

/* XOR data with the keystream sha256(key ":" i) (raw bytes), i = 0, 1, ...
   (the runner's _keystream_xor). */
static void keystream_xor(unsigned char *data, size_t len, const char *key)
{
	size_t i, k;
	char in[128], h[65];
	unsigned char block[32];

	for (i = 0; i * 32 < len; i++) {
		int n = snprintf(in, sizeof(in), "%s:%zu", key, i);

		llm_sha256_hex(in, (size_t)n, h);
		for (k = 0; k < 32; k++) {
			unsigned hi = (unsigned)(isdigit((unsigned char)h[2 * k]) ? h[2 * k] - '0' : h[2 * k] - 'a' + 10);
			unsigned lo = (unsigned)(isdigit((unsigned char)h[2 * k + 1]) ? h[2 * k + 1] - '0' : h[2 * k + 1] - 'a' + 10);
			block[k] = (unsigned char)(hi << 4 | lo);
		}
		for (k = 0; k < 32 && i * 32 + k < len; k++)
			data[i * 32 + k] ^= block[k];
	}
}

size_t swgrade_c_sites(const char *s, unsigned *lines, size_t max)
{
	const char *p = s;
	unsigned line = 1;
	size_t n = 0;

	while (*p) {
		if (p[0] == '/' && p[1] == '/') {
			while (*p && *p != '\n')
				p++;
			continue;
		}
		if (p[0] == '/' && p[1] == '*') {
			p += 2;
			while (*p && !(p[0] == '*' && p[1] == '/'))
				line += *p++ == '\n';
			if (*p)
				p += 2;
			continue;
		}
		if (*p == '"' || *p == '\'') {
			char q = *p++;
			while (*p && *p != q && *p != '\n') {
				if (*p == '\\' && p[1])
					p++;
				p++;
			}
			if (*p == q)
				p++;
			continue;
		}
		if (*p == '\n')
			line++;
		if (!strncmp(p, "VP_CHECK", 8) && (p == s || !(isalnum((unsigned char)p[-1]) || p[-1] == '_'))) {
			const char *q = p + 8;
			while (*q == ' ' || *q == '\t')
				q++;
			if (*q == '(') {
				if (lines && n < max)
					lines[n] = line;
				n++;
			}
			p += 8;
			continue;
		}
		p++;
	}
	return n;
}

/* ---- per-candidate jobs ---- */

enum outcome { OUT_PASS, OUT_FAIL, OUT_TIMEOUT, OUT_CRASH };

struct cand_ctx {
	size_t cand;
	int tries;              /* jobs submitted for this candidate */
	char nonce[17];
	int ok;                 /* loaded / compiled */
	int done;               /* DONE line seen */
	char *message;          /* load or compile error */
	unsigned char *pass;    /* per run index */
	char **msg;             /* per run index (first line) */
};

/* The runs of a job: Python: generated tests then the ground truth; C:
   ground-truth sites then generated tests. */
struct plan {
	enum sw_lang lang;
	size_t nt;              /* generated tests */
	size_t ngt;             /* ground-truth runs: Python 0/1, C sites */
	size_t nruns;
	unsigned *gt_lines;     /* C: line of each site */
};

static void json_spec(const struct sw_task *t, const struct sw_test *tests, size_t nt,
		      const struct plan *pl, const struct swgrade_opts *o, const char *nonce,
		      struct buf *out)
{
	cJSON *root = cJSON_CreateObject(), *arr, *x;
	struct buf imports = BUF_INIT;
	const char *p;
	char *s;
	size_t i;

	cJSON_AddStringToObject(root, "nonce", nonce);
	cJSON_AddStringToObject(root, "entry_point", t->entry_point);
	cJSON_AddNumberToObject(root, "timeout", o->test_timeout);
	cJSON_AddNumberToObject(root, "load_timeout", o->load_timeout);
	arr = cJSON_AddArrayToObject(root, "prelude");
	swx_python_imports(t->prompt, &imports);
	for (p = imports.data; *p;) {
		const char *nl = strchr(p, '\n');
		char *line = xstrndup(p, (size_t)(nl - p));
		cJSON_AddItemToArray(arr, cJSON_CreateString(line));
		free(line);
		p = nl + 1;
	}
	arr = cJSON_AddArrayToObject(root, "tests");
	for (i = 0; i < nt; i++) {
		x = cJSON_CreateObject();
		cJSON_AddStringToObject(x, "kind", "assert");
		cJSON_AddStringToObject(x, "code", tests[i].code);
		cJSON_AddItemToArray(arr, x);
	}
	if (pl->ngt) {
		x = cJSON_CreateObject();
		cJSON_AddStringToObject(x, "kind", "check");
		cJSON_AddStringToObject(x, "code", t->test);
		cJSON_AddItemToArray(arr, x);
	}
	s = cJSON_PrintUnformatted(root);
	buf_addstr(out, s);
	free(s);
	cJSON_Delete(root);
	buf_release(&imports);
}

static void limits(struct run_limits *lim, double wall, size_t mem)
{
	memset(lim, 0, sizeof(*lim));
	lim->wall_sec = wall;
	lim->cpu_sec = (long)ceil(wall) + 1;
	lim->as_bytes = mem;
	lim->fsize_bytes = (size_t)64 << 20;
	lim->nofile = 256;
	lim->nproc = 64;
	lim->out_cap = (size_t)4 << 20;
}

static int prepare_python(struct pool_job *job, const struct swgrade_opts *o,
			  const struct sw_task *t, const char *program,
			  const struct sw_test *tests, size_t nt, const struct plan *pl,
			  struct cand_ctx *cc, struct buf *err)
{
	const char *runner = embed_get("swrun.py");
	struct buf spec = BUF_INIT, path = BUF_INIT;
	char key[65];
	struct run_limits lim;
	int ret = -1;

	if (!runner) {
		buf_setf(err, "the Python runner is not compiled into this binary");
		return -1;
	}
	if (random_hex(cc->nonce, 8, err) < 0 || random_hex(key, 32, err) < 0)
		return -1;
	json_spec(t, tests, nt, pl, o, cc->nonce, &spec);
	keystream_xor((unsigned char *)spec.data, spec.len, key);
	if (write_in(job->dir, "swrun.py", runner, strlen(runner), err) < 0 ||
	    write_in(job->dir, "cand.py", program, strlen(program), err) < 0 ||
	    write_in(job->dir, "tests.bin", spec.data, spec.len, err) < 0)
		goto out;
	buf_addf(&path, "%s/swrun.py", job->dir);
	{
		const char *argv[] = { "python3", "-I", "-S", "-B", path.data, job->dir, key, NULL };

		limits(&lim, o->load_timeout + (double)pl->nruns * (o->test_timeout + 1.5) + 10,
		       o->mem_bytes);
		pool_job_add_step(job, argv, &lim, 0);
	}
	ret = 0;
out:
	buf_release(&spec);
	buf_release(&path);
	return ret;
}

/* The prompt up to its last "{", which becomes ";": the prototype the test
   translation units see. */
static void c_decl(const char *prompt, struct buf *out)
{
	const char *brace = strrchr(prompt, '{');

	if (!brace) {
		buf_addstr(out, prompt);
		return;
	}
	buf_add(out, prompt, (size_t)(brace - prompt));
	buf_rtrim(out);
	buf_addstr(out, ";\n");
}

static int prepare_c(struct pool_job *job, const struct swgrade_opts *o,
		     const struct sw_task *t, const char *program,
		     const struct sw_test *tests, size_t nt, const struct plan *pl,
		     struct cand_ctx *cc, struct buf *err)
{
	const char *harness = embed_get("vp_ctest.h");
	const char *san = o->c_sanitize ? " -fsanitize=address,undefined -fno-sanitize-recover=all" : "";
	struct buf b = BUF_INIT;
	struct run_limits lim;
	char tmo[32], ngt[32], ngen[32];
	size_t i;
	int ret = -1;

	if (!harness) {
		buf_setf(err, "the C harness is not compiled into this binary");
		return -1;
	}
	if (random_hex(cc->nonce, 8, err) < 0)
		return -1;
	c_decl(t->prompt, &b);
	if (write_in(job->dir, "vp_ctest.h", harness, strlen(harness), err) < 0 ||
	    write_in(job->dir, "decl.h", b.data, b.len, err) < 0 ||
	    write_in(job->dir, "cand.c", program, strlen(program), err) < 0 ||
	    write_in(job->dir, "vp_main.c", "#define VP_MAIN\n#include \"vp_ctest.h\"\n",
		     strlen("#define VP_MAIN\n#include \"vp_ctest.h\"\n"), err) < 0)
		goto out;
	if (pl->ngt && write_in(job->dir, "t_gt.c", t->test, strlen(t->test), err) < 0)
		goto out;
	if (nt) {
		buf_reset(&b);
		buf_addstr(&b, "#include \"vp_ctest.h\"\nVP_TESTS {\n");
		for (i = 0; i < nt; i++) {
			const char *c = tests[i].code;
			while (isspace((unsigned char)*c))
				c++;
			if (!strncmp(c, "VP_CHECK", 8))
				buf_addf(&b, "%s\n", c);
			else
				buf_addf(&b, "VP_CHECK(%s);\n", c);
		}
		buf_addstr(&b, "}\n");
		if (write_in(job->dir, "t_gen.c", b.data, b.len, err) < 0)
			goto out;
	}
	limits(&lim, o->compile_timeout, 0);
	{
		struct buf cmd = BUF_INIT;
		const char *argv[] = { "sh", "-c", NULL, NULL };

		/* 1: the candidate alone: its errors are its own. */
		buf_addf(&cmd, "exec gcc -std=gnu11 -O1 -w%s -c cand.c -o cand.o", san);
		argv[2] = cmd.data;
		pool_job_add_step(job, argv, &lim, 1);
		/* 2: our side; a test that does not compile loses its suite only. */
		buf_reset(&cmd);
		buf_addf(&cmd, "gcc -std=gnu11 -O1 -w -c vp_main.c -o vp_main.o || exit 1; "
			 "for s in gt gen; do [ -f t_$s.c ] || continue; "
			 "gcc -std=gnu11 -O1 -w%s -include decl.h -DVP_SUITE=vp_suite_$s "
			 "-c t_$s.c -o t_$s.o >t_$s.err 2>&1 || "
			 "{ echo \"VPERR $s\"; head -n 3 t_$s.err; }; done; exit 0", san);
		argv[2] = cmd.data;
		pool_job_add_step(job, argv, &lim, 1);
		/* 3: link: a missing function is the candidate's. */
		buf_reset(&cmd);
		buf_addf(&cmd, "exec gcc%s -o prog cand.o vp_main.o $(ls t_*.o 2>/dev/null) -lm", san);
		argv[2] = cmd.data;
		pool_job_add_step(job, argv, &lim, 1);
		buf_release(&cmd);
	}
	snprintf(tmo, sizeof(tmo), "%g", o->test_timeout);
	snprintf(ngt, sizeof(ngt), "%zu", pl->ngt);
	snprintf(ngen, sizeof(ngen), "%zu", nt);
	{
		const char *argv[] = { "./prog", cc->nonce, ngt, ngen, tmo, NULL };

		limits(&lim, (double)pl->nruns * (o->test_timeout + 1) + 10,
		       o->c_sanitize ? 0 : o->mem_bytes);
		pool_job_add_step(job, argv, &lim, 0);
	}
	ret = 0;
out:
	buf_release(&b);
	return ret;
}

/* First line of s, at most 400 bytes, into a fresh string. */
static char *first_lines(const char *s, size_t maxlines)
{
	struct buf b = BUF_INIT;
	size_t lines = 0;

	while (*s && lines < maxlines && b.len < 400) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);

		if (n) {
			if (b.len)
				buf_addstr(&b, " | ");
			buf_add(&b, s, n > 400 ? 400 : n);
			lines++;
		}
		s += n + (nl ? 1 : 0);
	}
	return buf_detach(&b, NULL);
}

static void parse_output(const char *out, size_t len, struct cand_ctx *cc, size_t nruns)
{
	char tag[32];
	size_t taglen;
	const char *p = out, *end = out + len;

	taglen = (size_t)snprintf(tag, sizeof(tag), "@vp:%s:", cc->nonce);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		char *line;

		if (n > taglen && !memcmp(p, tag, taglen)) {
			line = xstrndup(p + taglen, n - taglen);
			if (!strncmp(line, "LOAD ok", 7)) {
				cc->ok = 1;
			} else if (!strncmp(line, "LOAD fail", 9)) {
				cc->ok = 0;
				free(cc->message);
				cc->message = xstrdup(line[9] ? line + 10 : "load failed");
			} else if (!strncmp(line, "DONE ", 5)) {
				cc->done = 1;
			} else if (line[0] == 'T' && line[1] == ' ') {
				char *q;
				unsigned long i = strtoul(line + 2, &q, 10);

				if (i < nruns && *q == ' ') {
					q++;
					cc->pass[i] = !strncmp(q, "pass", 4) && (q[4] == 0 || q[4] == ' ');
					free(cc->msg[i]);
					cc->msg[i] = xstrdup(q);
				}
			}
			free(line);
		}
		p += n + 1;
	}
}

static int classify(const struct pool_job *job, const struct plan *pl, struct cand_ctx *cc,
		    struct buf *err)
{
	const struct run_result *r;
	int last = job->steps_run - 1;

	if (job->infra_error)
		return 1;   /* the caller retries once, then blames the candidate */
	if (last < 0) {
		buf_setf(err, "grading job ran no step");
		return -1;
	}
	r = &job->res[last];
	if (r->status == RUN_SPAWN_ERROR) {
		buf_setf(err, "cannot run %s: %s", job->steps[last].argv[0], strerror(r->spawn_errno));
		return -1;
	}
	if (pl->lang == SW_LANG_C && last < 3) {
		/* step 0: candidate compile, 2: link; 1 is ours */
		if (last == 1) {
			buf_setf(err, "cannot compile the C harness: %s", r->out.data);
			return -1;
		}
		cc->ok = 0;
		free(cc->message);
		if (r->status == RUN_TIMEOUT) {
			cc->message = xstrdup(last == 0 ? "compile timed out" : "link timed out");
		} else {
			struct buf m = BUF_INIT;
			char *fl = first_lines(r->out.data, 3);

			buf_addf(&m, "%s: %s", last == 0 ? "compile error" : "link error", fl);
			free(fl);
			cc->message = buf_detach(&m, NULL);
		}
		return 0;
	}
	if (pl->lang == SW_LANG_C) {
		/* our step 1 says which test units did not compile */
		const char *e = strstr(job->res[1].out.data, "VPERR gt");

		if (e) {
			char *fl = first_lines(e + 8, 3);
			buf_setf(err, "the ground-truth test does not compile: %s", fl);
			free(fl);
			return -1;
		}
		cc->ok = 1;
	}
	parse_output(r->out.data, r->out.len, cc, pl->nruns);
	if (pl->lang == SW_LANG_PYTHON && !cc->ok && !cc->message) {
		struct buf m = BUF_INIT;
		/* no tagged LOAD line: the runner itself did not finish */
		if (r->status == RUN_TIMEOUT)
			buf_addf(&m, "the job timed out after %.1f s", job->steps[last].lim.wall_sec);
		else
			buf_addf(&m, "the runner produced no verdict (%s)", run_strstatus(r->status));
		cc->message = buf_detach(&m, NULL);
	}
	return 0;
}

static void fill_matrix(struct matrix_task *m, const struct sw_task *t,
			const struct sw_cand *c, size_t nc, const struct sw_test *tests,
			size_t nt, const struct plan *pl, struct cand_ctx *ccs)
{
	size_t ncol = nt ? nt : pl->ngt, i, j;
	/* run index of column j, and of the ground-truth runs */
	size_t col0 = pl->lang == SW_LANG_C ? (nt ? pl->ngt : 0) : 0;
	size_t gt0 = pl->lang == SW_LANG_C ? 0 : nt;
	char name[64];

	matrix_task_alloc(m, nc, ncol);
	free(m->task_id);
	m->task_id = xstrdup(t->task_id);
	m->prompt = xstrdup(t->prompt);
	for (j = 0; j < ncol; j++) {
		free(m->test[j].id);
		if (nt) {
			m->test[j].id = xstrdup(tests[j].id);
			m->test[j].text = xstrdup(tests[j].code);
			m->test[j].multiplicity = tests[j].multiplicity ? tests[j].multiplicity : 1;
		} else {
			if (pl->lang == SW_LANG_C)
				snprintf(name, sizeof(name), "check:L%u", pl->gt_lines[j]);
			else
				snprintf(name, sizeof(name), "check");
			m->test[j].id = xstrdup(name);
		}
	}
	for (i = 0; i < nc; i++) {
		struct matrix_cand *mc = &m->cand[i];
		struct cand_ctx *cc = &ccs[i];

		free(mc->id);
		mc->id = xstrdup(c[i].id);
		mc->text = xstrdup(c[i].program);
		mc->multiplicity = c[i].multiplicity ? c[i].multiplicity : 1;
		mc->ok = cc->ok;
		if (cc->ok)
			for (j = 0; j < ncol; j++)
				matrix_set(m, i, j, cc->pass[col0 + j]);
		if (pl->ngt) {
			int all = cc->ok;
			for (j = 0; j < pl->ngt && all; j++)
				all = cc->pass[gt0 + j];
			mc->label = all ? MATRIX_LABEL_RIGHT : MATRIX_LABEL_WRONG;
		}
		if (cc->message) {
			mc->message = xstrdup(cc->message);
		} else if (cc->ok) {
			for (j = 0; j < pl->nruns; j++)
				if (!cc->pass[j]) {
					struct buf b = BUF_INIT;
					size_t run = j;
					const char *what;

					if (pl->lang == SW_LANG_C)
						what = run < pl->ngt ? "check" : "test";
					else
						what = run < nt ? "test" : "check";
					if (!strcmp(what, "test"))
						buf_addf(&b, "test '%s': %s",
							 tests[pl->lang == SW_LANG_C ? run - pl->ngt : run].id,
							 cc->msg[run] ? cc->msg[run] : "no result");
					else if (pl->lang == SW_LANG_C)
						buf_addf(&b, "check line %u: %s", pl->gt_lines[run],
							 cc->msg[run] ? cc->msg[run] : "no result");
					else
						buf_addf(&b, "check: %s", cc->msg[run] ? cc->msg[run] : "no result");
					mc->message = buf_detach(&b, NULL);
					break;
				}
		}
	}
}

static int submit(struct swgrade *g, const struct sw_task *t, const struct sw_cand *c,
		  const struct sw_test *tests, size_t nt, const struct plan *pl,
		  struct cand_ctx *cc, struct buf *err)
{
	struct pool_job *job = pool_job_new(g->pool);
	int rc;

	job->data = cc;
	if (job->infra_error) {
		buf_setf(err, "%s", job->infra_msg.data);
		pool_job_free(job);
		return -1;
	}
	if (t->lang == SW_LANG_C)
		rc = prepare_c(job, &g->o, t, c->program, tests, nt, pl, cc, err);
	else
		rc = prepare_python(job, &g->o, t, c->program, tests, nt, pl, cc, err);
	if (rc < 0) {
		pool_job_free(job);
		return -1;
	}
	cc->tries++;
	pool_submit(g->pool, job);
	return 0;
}

/*
 * The benchmark baseline (opts.one_test_per_job, Python): one job per
 * (candidate, test) pair, each a fresh runner that loads the candidate and
 * runs that one test.  Same runner, same sandbox; only the batching differs.
 */
static int baseline_python(struct swgrade *g, const struct sw_task *t,
			   const struct sw_cand *c, size_t nc,
			   const struct sw_test *tests, size_t nt,
			   const struct plan *pl, struct cand_ctx *ccs, struct buf *err)
{
	struct plan one_test = { SW_LANG_PYTHON, 1, 0, 1, NULL };
	struct plan one_gt = { SW_LANG_PYTHON, 0, 1, 1, NULL };
	size_t n = nc * pl->nruns, k;
	struct cand_ctx *tmp = xcalloc(n + 1, sizeof(*tmp));
	struct pool_job *job;
	int ret = -1;

	for (k = 0; k < n; k++) {
		size_t i = k / pl->nruns, r = k % pl->nruns;

		tmp[k].pass = xcalloc(2, 1);
		tmp[k].msg = xcalloc(2, sizeof(char *));
		job = pool_job_new(g->pool);
		job->data = &tmp[k];
		if (job->infra_error ||
		    prepare_python(job, &g->o, t, c[i].program, r < nt ? &tests[r] : NULL,
				   r < nt ? 1 : 0, r < nt ? &one_test : &one_gt, &tmp[k], err) < 0) {
			if (job->infra_error)
				buf_setf(err, "%s", job->infra_msg.data);
			pool_job_free(job);
			goto out;
		}
		pool_submit(g->pool, job);
	}
	while ((job = pool_next(g->pool))) {
		struct cand_ctx *x = job->data;
		size_t kk = (size_t)(x - tmp), i = kk / pl->nruns, r = kk % pl->nruns;
		int rc = classify(job, r < nt ? &one_test : &one_gt, x, err);

		pool_job_free(job);
		if (rc != 0) {
			if (rc == 1)
				buf_setf(err, "a worker died");
			goto out;
		}
		ccs[i].ok = x->ok;
		if (!x->ok && x->message && !ccs[i].message)
			ccs[i].message = xstrdup(x->message);
		ccs[i].pass[r] = x->pass[0];
		if (x->msg[0])
			ccs[i].msg[r] = xstrdup(x->msg[0]);
	}
	ret = 0;
out:
	while ((job = pool_next(g->pool)))
		pool_job_free(job);
	for (k = 0; k < n; k++) {
		free(tmp[k].message);
		free(tmp[k].pass);
		if (tmp[k].msg)
			free(tmp[k].msg[0]);
		free(tmp[k].msg);
	}
	free(tmp);
	return ret;
}

enum swgrade_status swgrade_task(struct swgrade *g, const struct sw_task *t,
				 const struct sw_cand *c, size_t nc,
				 const struct sw_test *tests, size_t nt,
				 struct matrix_task *out, struct buf *err)
{
	struct plan pl;
	struct cand_ctx *ccs = NULL;
	struct pool_job *job;
	size_t i, done = 0, submitted = 0;
	enum swgrade_status ret = SWGRADE_ERROR;

	matrix_task_release(out);
	memset(&pl, 0, sizeof(pl));
	pl.lang = t->lang;
	pl.nt = nt;
	if (t->test) {
		if (t->lang == SW_LANG_C) {
			pl.ngt = swgrade_c_sites(t->test, NULL, 0);
			pl.gt_lines = xcalloc(pl.ngt + 1, sizeof(*pl.gt_lines));
			swgrade_c_sites(t->test, pl.gt_lines, pl.ngt);
		} else {
			pl.ngt = 1;
		}
	}
	if (!nt && !pl.ngt) {
		buf_setf(err, t->test ? "task '%s': its ground-truth test has no VP_CHECK; skipped"
			 : "task '%s' has neither tests nor a ground-truth test; skipped", t->task_id);
		free(pl.gt_lines);
		return SWGRADE_SKIPPED;
	}
	pl.nruns = nt + pl.ngt;
	ccs = xcalloc(nc + 1, sizeof(*ccs));
	for (i = 0; i < nc; i++) {
		ccs[i].cand = i;
		ccs[i].pass = xcalloc(pl.nruns + 1, 1);
		ccs[i].msg = xcalloc(pl.nruns + 1, sizeof(char *));
	}
	if (g->o.one_test_per_job && t->lang == SW_LANG_PYTHON) {
		if (baseline_python(g, t, c, nc, tests, nt, &pl, ccs, err) < 0)
			goto out;
	}
	for (i = 0; i < nc && !(g->o.one_test_per_job && t->lang == SW_LANG_PYTHON); i++) {
		if (submit(g, t, &c[i], tests, nt, &pl, &ccs[i], err) < 0)
			goto out;
		submitted++;
	}
	while ((job = pool_next(g->pool))) {
		struct cand_ctx *cc = job->data;
		int rc = classify(job, &pl, cc, err);

		if (rc == 1) {
			/*
			 * The worker died under this job.  Once may be bad luck;
			 * twice for the same candidate is the candidate (kill(-1)
			 * inside the sandbox kills the worker too).
			 */
			if (cc->tries < 2) {
				pool_job_free(job);
				if (submit(g, t, &c[cc->cand], tests, nt, &pl, cc, err) < 0)
					goto out;
				continue;
			}
			cc->ok = 0;
			free(cc->message);
			cc->message = xstrdup("the candidate's job killed its sandbox worker twice");
			rc = 0;
		}
		pool_job_free(job);
		if (rc < 0)
			goto out;
		done++;
		if (g->o.progress)
			g->o.progress(g->o.progress_ctx, done, nc);
	}
	fill_matrix(out, t, c, nc, tests, nt, &pl, ccs);
	ret = SWGRADE_OK;
out:
	if (ret == SWGRADE_ERROR && done < submitted) {
		/* drain what is still running so the pool stays usable */
		while ((job = pool_next(g->pool)))
			pool_job_free(job);
	}
	for (i = 0; ccs && i < nc; i++) {
		size_t k;
		free(ccs[i].message);
		free(ccs[i].pass);
		for (k = 0; k < pl.nruns; k++)
			free(ccs[i].msg[k]);
		free(ccs[i].msg);
	}
	free(ccs);
	free(pl.gt_lines);
	return ret;
}

/* ---- parse check ---- */

static const char parse_script[] =
	"import sys, json\n"
	"for s in json.load(sys.stdin):\n"
	"    try:\n"
	"        compile(s, '<t>', 'exec')\n"
	"        print(1)\n"
	"    except BaseException:\n"
	"        print(0)\n";

int swgrade_python_parses(const char *const *texts, size_t n, int *ok, struct buf *err)
{
	cJSON *arr = cJSON_CreateArray();
	char *in;
	const char *argv[] = { "python3", "-I", "-S", "-B", "-c", parse_script, NULL };
	struct run_cmd cmd;
	struct run_result res = RUN_RESULT_INIT;
	const char *p;
	size_t i;
	int ret = -1;

	for (i = 0; i < n; i++)
		cJSON_AddItemToArray(arr, cJSON_CreateString(texts[i]));
	in = cJSON_PrintUnformatted(arr);
	cJSON_Delete(arr);
	memset(&cmd, 0, sizeof(cmd));
	cmd.argv = argv;
	cmd.in = in;
	cmd.in_len = strlen(in);
	cmd.lim.wall_sec = 120;
	cmd.lim.as_bytes = (size_t)2 << 30;
	cmd.lim.out_cap = 4 * n + 64;
	if (run_command(&cmd, &res) != RUN_OK) {
		buf_setf(err, "cannot check Python syntax with python3: %s",
			 res.status == RUN_SPAWN_ERROR ? strerror(res.spawn_errno) : run_strstatus(res.status));
		goto out;
	}
	for (i = 0, p = res.out.data; i < n; i++) {
		if (*p != '0' && *p != '1') {
			buf_setf(err, "python3 syntax check: malformed output");
			goto out;
		}
		ok[i] = *p == '1';
		p += 2;
	}
	ret = 0;
out:
	free(in);
	run_result_release(&res);
	return ret;
}

int swgrade_build_tests(const struct sw_task *t, const char *const *samples,
			const int *verbatim, size_t n, size_t max_per_sample,
			struct swx_tests *out, struct buf *err)
{
	struct swx_list *pieces = xcalloc(n + 1, sizeof(*pieces));
	const char **all = NULL;
	int *ok = NULL;
	size_t nall = 0, alloc = 0, i, j, k;
	int ret = -1;

	for (i = 0; i < n; i++) {
		if (verbatim && verbatim[i]) {
			swx_list_add(&pieces[i], samples[i]);
		} else if (t->lang == SW_LANG_C) {
			const char *p = samples[i];
			while (*p) {
				const char *nl = strchr(p, '\n');
				size_t len = nl ? (size_t)(nl - p) : strlen(p);
				char *line = xstrndup(p, len);
				if (strstr(line, t->entry_point))
					swx_list_add(&pieces[i], line);
				free(line);
				p += len + (nl ? 1 : 0);
			}
		} else {
			swx_assert_pieces(samples[i], t->entry_point, &pieces[i]);
		}
		for (j = 0; j < pieces[i].n; j++) {
			ALLOC_GROW(all, nall + 1, alloc);
			all[nall++] = pieces[i].v[j];
		}
	}
	ok = xcalloc(nall + 1, sizeof(*ok));
	if (t->lang == SW_LANG_C) {
		for (k = 0; k < nall; k++)
			ok[k] = 1;
	} else if (nall && swgrade_python_parses(all, nall, ok, err) < 0) {
		goto out;
	}
	for (i = 0, k = 0; i < n; i++) {
		swx_tests_add(out, &pieces[i], ok + k, max_per_sample);
		k += pieces[i].n;
	}
	ret = 0;
out:
	for (i = 0; i < n; i++)
		swx_list_release(&pieces[i]);
	free(pieces);
	free(all);
	free(ok);
	return ret;
}

/* ---- matrix line ---- */

void swgrade_matrix_line(const struct matrix_task *t, struct buf *out)
{
	cJSON *root = cJSON_CreateObject(), *arr, *x;
	struct buf row = BUF_INIT;
	char *s;
	size_t i, j;

	cJSON_AddStringToObject(root, "task_id", t->task_id);
	if (t->prompt)
		cJSON_AddStringToObject(root, "prompt", t->prompt);
	arr = cJSON_AddArrayToObject(root, "candidates");
	for (i = 0; i < t->ncand; i++) {
		const struct matrix_cand *c = &t->cand[i];

		x = cJSON_CreateObject();
		cJSON_AddStringToObject(x, "id", c->id);
		if (c->text)
			cJSON_AddStringToObject(x, "text", c->text);
		cJSON_AddNumberToObject(x, "multiplicity", (double)c->multiplicity);
		cJSON_AddBoolToObject(x, "ok", c->ok);
		if (c->label == MATRIX_LABEL_UNKNOWN)
			cJSON_AddNullToObject(x, "label");
		else
			cJSON_AddBoolToObject(x, "label", c->label == MATRIX_LABEL_RIGHT);
		if (c->message)
			cJSON_AddStringToObject(x, "message", c->message);
		cJSON_AddItemToArray(arr, x);
	}
	arr = cJSON_AddArrayToObject(root, "tests");
	for (j = 0; j < t->ntest; j++) {
		x = cJSON_CreateObject();
		cJSON_AddStringToObject(x, "id", t->test[j].id);
		if (t->test[j].text)
			cJSON_AddStringToObject(x, "text", t->test[j].text);
		cJSON_AddNumberToObject(x, "multiplicity", (double)t->test[j].multiplicity);
		cJSON_AddItemToArray(arr, x);
	}
	arr = cJSON_AddArrayToObject(root, "matrix");
	for (i = 0; i < t->ncand; i++) {
		buf_reset(&row);
		for (j = 0; j < t->ntest; j++)
			buf_addch(&row, matrix_get(t, i, j) ? '1' : '0');
		cJSON_AddItemToArray(arr, cJSON_CreateString(row.data));
	}
	s = cJSON_PrintUnformatted(root);
	buf_addstr(out, s);
	buf_addch(out, '\n');
	free(s);
	cJSON_Delete(root);
	buf_release(&row);
}
