/*
 * stage_sw: the software path's stages over the run store.  See stage_sw.h.
 *
 * Every stage here keeps the resume rules of stage.c: a task's generated
 * tests and an import file's samples are written in one transaction
 * (present means complete), an LLM sample in one transaction per reply, a
 * task's results in one transaction per task, and seeds depend on the run's
 * seed and the sample index, never on the order of work.
 */
#include "pipeline/stage_sw.h"
#include "pipeline/llm.h"
#include "pipeline/prompt.h"
#include "pipeline/swextract.h"
#include "pipeline/swgrade.h"
#include "pipeline/swtask.h"
#include "sim/xalloc.h"
#include "testbench/vnorm.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SW_MAX_ASSERTS 5      /* asserts kept per test sample (issue 8) */
#define SW_TRUTH "truth"

static int ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && !strcmp(s + a - b, suffix);
}

int stage_sw_is_taskfile(const char *tasks)
{
	return tasks && (ends_with(tasks, ".jsonl") || ends_with(tasks, ".jsonl.gz"));
}

static void progress(struct stage_ctx *ctx, const char *stage, size_t done, size_t total)
{
	if (ctx->progress)
		ctx->progress(ctx->pctx, stage, done, total);
}

static void hash_of(const char *text, char out[17])
{
	vnorm_hex(vnorm_hash(text, strlen(text)), out);
}

static void prefix_err(struct buf *err, const char *fmt, const char *arg)
{
	char *inner = xstrdup(err->data ? err->data : "");

	buf_reset(err);
	buf_addf(err, fmt, arg);
	buf_addstr(err, inner);
	free(inner);
}

static size_t sw_columns(struct store_tb *tbs, size_t ntb, long *truth);

/* ---- tasks as stored ---- */

static char *dup_or_null(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsString(v) ? xstrdup(v->valuestring) : NULL;
}

/* Decode a stored sw task (its spec JSON) into t (owned strings). */
static int task_decode(const struct store_task *st, struct sw_task *t, struct buf *err)
{
	cJSON *o = cJSON_ParseWithOpts(st->spec ? st->spec : "", NULL, 0);
	char *lang;

	memset(t, 0, sizeof(*t));
	if (!cJSON_IsObject(o)) {
		cJSON_Delete(o);
		buf_setf(err, "task '%s': its stored record is not a JSON object", st->id);
		return -1;
	}
	t->task_id = xstrdup(st->id);
	t->prompt = dup_or_null(o, "prompt");
	t->entry_point = dup_or_null(o, "entry_point");
	t->canonical_solution = dup_or_null(o, "canonical_solution");
	t->test = dup_or_null(o, "test");
	lang = dup_or_null(o, "language");
	t->lang = lang && !strcmp(lang, "c") ? SW_LANG_C : SW_LANG_PYTHON;
	free(lang);
	cJSON_Delete(o);
	if (!t->prompt)
		t->prompt = xstrdup("");
	if (!t->entry_point)
		t->entry_point = xstrdup("");
	return 0;
}

/* The sw tasks of the store as a task set (order = the store's, by id). */
static int load_taskset(struct store_task *tasks, size_t ntasks, struct sw_taskset *ts,
			size_t **map, struct buf *err)
{
	size_t i;

	*map = xcalloc(ntasks + 1, sizeof(**map));
	for (i = 0; i < ntasks; i++) {
		if (strcmp(tasks[i].kind, "sw"))
			continue;
		ALLOC_GROW(ts->v, ts->n + 1, ts->alloc);
		if (task_decode(&tasks[i], &ts->v[ts->n], err) < 0)
			return -1;
		(*map)[ts->n++] = i;
	}
	return 0;
}

int stage_sw_tasks(struct stage_ctx *ctx, struct buf *err)
{
	struct sw_taskset ts = SW_TASKSET_INIT;
	struct buf prompt = BUF_INIT;
	const char *tmpl = prompt_get(ctx->cfg.prompt);
	size_t i;
	int ret = -1;

	if (!tmpl) {
		buf_setf(err, "no prompt template '%s' in this veripref", ctx->cfg.prompt);
		return -1;
	}
	if (sw_tasks_load(ctx->cfg.tasks, &ts, err) < 0)
		goto out;
	if (store_begin(ctx->store, err) < 0)
		goto out;
	for (i = 0; i < ts.n; i++) {
		const struct sw_task *t = &ts.v[i];
		const char *lang = sw_lang_name(t->lang);
		const char *kv[6] = { "prompt", t->prompt, "entry_point", t->entry_point,
				      "language", lang };
		struct store_task st;
		cJSON *o;
		char *spec;
		int fail;

		if (stage_shard_of(t->task_id, ctx->cfg.shard_n) != ctx->cfg.shard_i)
			continue;
		buf_reset(&prompt);
		if (prompt_fill(tmpl, kv, 3, &prompt, err) < 0)
			goto fail;
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "task_id", t->task_id);
		cJSON_AddStringToObject(o, "prompt", t->prompt);
		cJSON_AddStringToObject(o, "entry_point", t->entry_point);
		if (t->canonical_solution)
			cJSON_AddStringToObject(o, "canonical_solution", t->canonical_solution);
		if (t->test)
			cJSON_AddStringToObject(o, "test", t->test);
		cJSON_AddStringToObject(o, "language", lang);
		spec = cJSON_PrintUnformatted(o);
		cJSON_Delete(o);
		st.id = t->task_id;
		st.kind = "sw";
		st.dir = ctx->cfg.tasks;
		st.spec = spec;
		st.ref = t->canonical_solution;
		st.prompt = prompt.data;
		st.has_ref = t->canonical_solution != NULL;
		fail = store_task_put(ctx->store, &st, err) < 0;
		free(spec);
		if (!fail && t->test) {
			struct store_tb tb = { t->task_id, SW_TRUTH, "truth", t->test,
					       STORE_TB_PENDING, NULL, NULL, 1, NULL };

			fail = store_tb_put(ctx->store, &tb, err) < 0;
		}
		if (fail)
			goto fail;
	}
	if (store_commit(ctx->store, err) < 0)
		goto out;
	progress(ctx, "tasks", ts.n, ts.n);
	ret = 0;
	goto out;
fail:
	store_rollback(ctx->store);
out:
	sw_taskset_release(&ts);
	buf_release(&prompt);
	return ret;
}

/* ---- grading helper shared by validation and grading ---- */

static struct swgrade *grader(struct stage_ctx *ctx, struct swgrade **g, struct buf *err)
{
	struct swgrade_opts o;

	if (*g)
		return *g;
	swgrade_opts_init(&o);
	if (ctx->gopts.jobs > 0)
		o.jobs = ctx->gopts.jobs;
	o.sandbox = ctx->gopts.sandbox;
	o.worker_exe = ctx->gopts.worker_exe;
	o.tmp_dir = ctx->gopts.tmp_dir;
	*g = swgrade_new(&o, err);
	return *g;
}

/* The program of a stored canonical solution: the prompt plus the body. */
static void canonical_program(const struct sw_task *t, struct buf *out)
{
	buf_reset(out);
	buf_addstr(out, t->prompt);
	buf_addstr(out, t->canonical_solution);
}

/* ---- testbenches: generated tests, truth validation, drops ---- */

struct test_job {
	size_t task;   /* index into the task set */
	long idx;
};

/* Store the folded tests of one task (one transaction). */
static int put_tests(struct stage_ctx *ctx, const char *task, const struct swx_tests *tests,
		     size_t nsamples, long requests, long ptok, long ctok, long cached,
		     struct buf *err)
{
	char name[32], metrics[96];
	size_t k;

	if (store_begin(ctx->store, err) < 0)
		return -1;
	for (k = 0; k < tests->n; k++) {
		struct store_tb tb = { (char *)task, name, "test", tests->text[k],
				       STORE_TB_UNVALIDATED, NULL, metrics,
				       (long)tests->mult[k], NULL };

		snprintf(name, sizeof(name), "test-%04zu", k);
		snprintf(metrics, sizeof(metrics), "{\"samples\":%zu}", nsamples);
		if (store_tb_put(ctx->store, &tb, err) < 0)
			goto fail;
	}
	if (requests && store_usage_add(ctx->store, "testbenches", task, requests, ptok, ctok,
					cached, err) < 0)
		goto fail;
	return store_commit(ctx->store, err);
fail:
	store_rollback(ctx->store);
	return -1;
}

/* Per task: whether it has generated tests in the store already. */
static int *tasks_with_tests(struct stage_ctx *ctx, const struct sw_taskset *ts, struct buf *err)
{
	int *has = xcalloc(ts->n + 1, sizeof(*has));
	size_t i, k;

	for (i = 0; i < ts->n; i++) {
		struct store_tb *tbs;
		size_t ntb;

		if (store_tbs_list(ctx->store, ts->v[i].task_id, &tbs, &ntb, err) < 0) {
			free(has);
			return NULL;
		}
		for (k = 0; k < ntb; k++)
			has[i] |= !strcmp(tbs[k].kind, "test");
		store_tbs_free(tbs, ntb);
	}
	return has;
}

static int tests_llm(struct stage_ctx *ctx, const struct sw_taskset *ts, const int *has,
		     struct buf *err)
{
	const char *tmpl = prompt_get("sw_tests.v1");
	struct test_job *jobs = NULL, **got = NULL;
	char **prompts = NULL, **replies = NULL;
	long *ptok = NULL, *ctok = NULL, *nreq = NULL, *ncached = NULL;
	size_t njobs = 0, alloc = 0, i, ngot = 0;
	struct buf p = BUF_INIT;
	struct llm_result *r;
	int ret = -1;
	long j;

	if (!ctx->llm) {
		buf_setf(err, "--tests llm needs an LLM endpoint (set OPENAI_BASE_URL)");
		return -1;
	}
	if (!tmpl) {
		buf_setf(err, "no prompt template 'sw_tests.v1' in this veripref");
		return -1;
	}
	prompts = xcalloc(ts->n + 1, sizeof(*prompts));
	for (i = 0; i < ts->n; i++) {
		const struct sw_task *t = &ts->v[i];
		/* The form swgrade_build_tests() keeps: Python asserts; C lines that
		   are a VP_CHECK statement (the harness of sim/embed/vp_ctest.h). */
		const char *kv[8] = { "prompt", t->prompt, "entry_point", t->entry_point,
				      "language", sw_lang_name(t->lang), "test_form",
				      t->lang == SW_LANG_C ? "`VP_CHECK(<condition>);` statement" :
				      "`assert` statement" };

		if (has[i])
			continue;
		buf_reset(&p);
		if (prompt_fill(tmpl, kv, 4, &p, err) < 0)
			goto out;
		prompts[i] = xstrdup(p.data);
		for (j = 0; j < ctx->cfg.tests_n; j++) {
			ALLOC_GROW(jobs, njobs + 1, alloc);
			jobs[njobs].task = i;
			jobs[njobs++].idx = j;
		}
	}
	replies = xcalloc(njobs + 1, sizeof(*replies));
	got = xcalloc(njobs + 1, sizeof(*got));
	ptok = xcalloc(ts->n + 1, sizeof(*ptok));
	ctok = xcalloc(ts->n + 1, sizeof(*ctok));
	nreq = xcalloc(ts->n + 1, sizeof(*nreq));
	ncached = xcalloc(ts->n + 1, sizeof(*ncached));
	for (i = 0; i < njobs; i++) {
		struct llm_message msg = { "user", prompts[jobs[i].task] };
		struct llm_request req = LLM_REQUEST_INIT;

		req.model = ctx->cfg.model;
		req.temperature = ctx->cfg.temperature;
		req.max_tokens = ctx->cfg.max_tokens;
		req.messages = &msg;
		req.nmessages = 1;
		req.n = 1;
		req.has_seed = 1;
		req.seed = (long long)((ctx->cfg.seed + (uint64_t)jobs[i].idx) & 0x7fffffffffffull);
		llm_submit(ctx->llm, &req, &jobs[i]);
	}
	/* Replies are collected first: a task's tests are stored whole, in
	   sample-index order (the cache makes a rerun after a crash free). */
	while ((r = llm_next(ctx->llm))) {
		struct test_job *job = r->userdata;
		struct llm_sample *s = r->nsamples ? &r->samples[0] : NULL;

		if (r->status != LLM_OK || !s || !s->content) {
			buf_setf(err, "LLM request for the tests of task '%s' sample %ld failed: %s",
				 ts->v[job->task].task_id, job->idx,
				 r->err.len ? r->err.data : llm_strerror(r->status));
			llm_result_free(r);
			goto out;
		}
		replies[job - jobs] = xstrdup(s->content);
		got[ngot++] = job;
		ptok[job->task] += r->prompt_tokens;
		ctok[job->task] += r->completion_tokens;
		nreq[job->task] += r->requests;
		ncached[job->task] += r->cached;
		llm_result_free(r);
		progress(ctx, "testbenches", ngot, njobs * 2);
	}
	for (i = 0; i < njobs;) {
		size_t task = jobs[i].task, k, n = 0;
		const char **texts = xcalloc((size_t)ctx->cfg.tests_n + 1, sizeof(*texts));
		struct swx_tests tests = SWX_TESTS_INIT;
		int rc;

		for (k = i; k < njobs && jobs[k].task == task; k++)
			texts[n++] = replies[k];
		rc = swgrade_build_tests(&ts->v[task], texts, NULL, n, SW_MAX_ASSERTS, &tests, err);
		free(texts);
		if (rc == 0)
			rc = put_tests(ctx, ts->v[task].task_id, &tests, n, nreq[task], ptok[task],
				       ctok[task], ncached[task], err);
		swx_tests_release(&tests);
		if (rc < 0)
			goto out;
		i = k;
		progress(ctx, "testbenches", njobs + i, njobs * 2);
	}
	ret = 0;
out:
	for (i = 0; prompts && i < ts->n; i++)
		free(prompts[i]);
	for (i = 0; replies && i < njobs; i++)
		free(replies[i]);
	free(prompts);
	free(replies);
	free(got);
	free(jobs);
	free(ptok);
	free(ctok);
	free(nreq);
	free(ncached);
	buf_release(&p);
	return ret;
}

static int tests_import(struct stage_ctx *ctx, const char *path, const struct sw_taskset *ts,
			const int *has, struct buf *err)
{
	struct sw_samples smp = SW_SAMPLES_INIT;
	const char **texts = NULL;
	int *verb = NULL, ret = -1;
	size_t i, k, n;

	if (sw_samples_load(path, ts, 1, &smp, err) < 0)
		goto out;
	texts = xcalloc(smp.n + 1, sizeof(*texts));
	verb = xcalloc(smp.n + 1, sizeof(*verb));
	for (i = 0; i < ts->n; i++) {
		struct swx_tests tests = SWX_TESTS_INIT;
		int rc = 0;

		if (has[i])
			continue;
		for (k = 0, n = 0; k < smp.n; k++)
			if (smp.v[k].task == i) {
				texts[n] = smp.v[k].text;
				verb[n++] = smp.v[k].verbatim;
			}
		if (n)
			rc = swgrade_build_tests(&ts->v[i], texts, verb, n, SW_MAX_ASSERTS, &tests, err);
		if (rc == 0 && tests.n)
			rc = put_tests(ctx, ts->v[i].task_id, &tests, n, 0, 0, 0, 0, err);
		swx_tests_release(&tests);
		if (rc < 0)
			goto out;
		progress(ctx, "testbenches", i + 1, ts->n);
	}
	ret = 0;
out:
	free(texts);
	free(verb);
	sw_samples_release(&smp);
	return ret;
}

/* Validate a pending truth bench with the canonical solution (if any). */
static int validate_truth(struct stage_ctx *ctx, struct swgrade **g, const struct sw_task *t,
			  struct buf *err)
{
	struct matrix_task m = MATRIX_TASK_INIT;
	struct buf prog = BUF_INIT, why = BUF_INIT;
	struct sw_cand c = { "canonical", NULL, 1 };
	enum swgrade_status st;
	int ret = -1, status;
	const char *metrics;

	if (!t->canonical_solution) {
		/* Nothing to check it with: the dataset's ground truth is trusted. */
		return store_tb_set_status(ctx->store, t->task_id, SW_TRUTH, STORE_TB_VALID, NULL,
					   "{\"canonical\":null}", err);
	}
	if (!grader(ctx, g, err))
		return -1;
	canonical_program(t, &prog);
	c.program = prog.data;
	st = swgrade_task(*g, t, &c, 1, NULL, 0, &m, err);
	if (st != SWGRADE_OK) {
		prefix_err(err, "task '%s': ", t->task_id);
		goto out;
	}
	if (m.ncand == 1 && m.cand[0].label == MATRIX_LABEL_RIGHT) {
		status = STORE_TB_VALID;
		metrics = "{\"canonical\":\"pass\"}";
	} else {
		status = STORE_TB_REJECTED;
		metrics = "{\"canonical\":\"fail\"}";
		buf_addf(&why, "the canonical solution fails it: %s",
			 m.ncand && m.cand[0].message ? m.cand[0].message : "no verdict");
	}
	ret = store_tb_set_status(ctx->store, t->task_id, SW_TRUTH, status,
				  why.len ? why.data : NULL, metrics, err);
out:
	matrix_task_release(&m);
	buf_release(&prog);
	buf_release(&why);
	return ret;
}

int stage_sw_testbenches(struct stage_ctx *ctx, struct buf *err)
{
	struct store_task *tasks = NULL;
	struct sw_taskset ts = SW_TASKSET_INIT;
	struct swgrade *g = NULL;
	size_t ntasks = 0, *map = NULL, i, k;
	int *has = NULL, ret = -1;

	if (store_tasks_list(ctx->store, &tasks, &ntasks, err) < 0 ||
	    load_taskset(tasks, ntasks, &ts, &map, err) < 0 ||
	    !(has = tasks_with_tests(ctx, &ts, err)))
		goto out;
	if (!strcmp(ctx->cfg.tests, "llm")) {
		if (tests_llm(ctx, &ts, has, err) < 0)
			goto out;
	} else if (!strncmp(ctx->cfg.tests, "import:", 7)) {
		if (tests_import(ctx, ctx->cfg.tests + 7, &ts, has, err) < 0)
			goto out;
	}
	for (i = 0; i < ts.n; i++) {
		const struct sw_task *t = &ts.v[i];
		struct store_tb *tbs = NULL;
		size_t ntb = 0;
		int ntests = 0, truth = -1, r = 0;
		const char *why = NULL;

		if (store_tbs_list(ctx->store, t->task_id, &tbs, &ntb, err) < 0)
			goto out;
		for (k = 0; k < ntb; k++) {
			if (!strcmp(tbs[k].kind, "test"))
				ntests++;
			else if (!strcmp(tbs[k].kind, "truth"))
				truth = tbs[k].status;
		}
		store_tbs_free(tbs, ntb);
		if (truth == STORE_TB_PENDING) {
			if (store_begin(ctx->store, err) < 0)
				goto out;
			if (validate_truth(ctx, &g, t, err) < 0) {
				store_rollback(ctx->store);
				goto out;
			}
			if (store_commit(ctx->store, err) < 0)
				goto out;
			if (store_tbs_list(ctx->store, t->task_id, &tbs, &ntb, err) < 0)
				goto out;
			for (k = 0; k < ntb; k++)
				if (!strcmp(tbs[k].kind, "truth"))
					truth = tbs[k].status;
			store_tbs_free(tbs, ntb);
		}
		if (!ntests && truth == -1)
			why = "no generated tests and no ground-truth test: nothing to grade with";
		else if (!ntests && truth == STORE_TB_REJECTED)
			why = "no generated tests, and the ground-truth test fails the canonical solution";
		r = store_drop_set(ctx->store, t->task_id, "testbenches", why, err);
		if (r < 0)
			goto out;
		progress(ctx, "testbenches", i + 1, ts.n);
	}
	ret = 0;
out:
	swgrade_free(g);
	free(has);
	free(map);
	sw_taskset_release(&ts);
	store_tasks_free(tasks, ntasks);
	return ret;
}

/* ---- sample ---- */

static const char *swx_kind_name(enum swx_kind k)
{
	return k == SWX_PROGRAM ? "program" : k == SWX_COMPLETION ? "completion" : "empty";
}

/* 1 when the task has something to grade with (generated tests or a valid
   truth bench), 0 when not (it was dropped at the testbenches stage), -1. */
static int gradable_task(struct stage_ctx *ctx, const char *task, struct buf *err)
{
	struct store_tb *tbs;
	size_t ntb;
	long truth;
	int r;

	if (store_tbs_list(ctx->store, task, &tbs, &ntb, err) < 0)
		return -1;
	r = sw_columns(tbs, ntb, &truth) > 0 || truth >= 0;
	store_tbs_free(tbs, ntb);
	return r;
}

static int sample_import(struct stage_ctx *ctx, const char *path, const struct sw_taskset *ts,
			 struct buf *err)
{
	struct sw_samples smp = SW_SAMPLES_INIT;
	struct buf prog = BUF_INIT;
	long *count = xcalloc(ts->n + 1, sizeof(*count));
	int *skip = xcalloc(ts->n + 1, sizeof(*skip)), ret = -1, in_tx = 0;
	size_t i;

	if (sw_samples_load(path, ts, 0, &smp, err) < 0)
		goto out;
	/* A task with samples was imported whole (one transaction for the file). */
	for (i = 0; i < ts->n; i++) {
		long *idx;
		size_t n;

		int gr = gradable_task(ctx, ts->v[i].task_id, err);

		if (gr < 0 || store_sample_indexes(ctx->store, ts->v[i].task_id, &idx, &n, err) < 0)
			goto out;
		free(idx);
		skip[i] = n > 0 || !gr;   /* imported already, or dropped */
	}
	if (store_begin(ctx->store, err) < 0)
		goto out;
	in_tx = 1;
	for (i = 0; i < smp.n; i++) {
		const struct sw_task *t = &ts->v[smp.v[i].task];
		enum swx_kind k;
		char h[17];
		struct store_sample s = { .task = t->task_id, .origin = "import",
					  .prompt_tokens = -1, .completion_tokens = -1 };

		s.idx = count[smp.v[i].task]++;
		if (skip[smp.v[i].task])
			continue;
		buf_reset(&prog);
		k = swx_solution(smp.v[i].text, smp.v[i].is_completion, sw_lang_name(t->lang),
				 t->prompt, t->entry_point, &prog);
		hash_of(prog.data, h);
		s.text = prog.data;
		s.hash = h;
		s.note = swx_kind_name(k);
		if (store_sample_put(ctx->store, &s, err) < 0)
			goto out;
	}
	for (i = 0; i < ts->n; i++)
		if (!count[i] && !skip[i] &&
		    store_drop_set(ctx->store, ts->v[i].task_id, "sample",
				   "no sample for this task in the import file", err) < 0)
			goto out;
	in_tx = 0;
	if (store_commit(ctx->store, err) < 0)
		goto out;
	progress(ctx, "sample", ts->n, ts->n);
	ret = 0;
out:
	if (in_tx)
		store_rollback(ctx->store);
	sw_samples_release(&smp);
	buf_release(&prog);
	free(count);
	free(skip);
	return ret;
}

struct sample_job {
	size_t task;
	long idx;
};

static int has_index(const long *idx, size_t n, long want)
{
	size_t k;

	for (k = 0; k < n; k++)
		if (idx[k] == want)
			return 1;
	return 0;
}

static int sample_llm(struct stage_ctx *ctx, const struct sw_taskset *ts,
		      const struct store_task *tasks, const size_t *map, struct buf *err)
{
	struct sample_job *jobs = NULL;
	size_t njobs = 0, alloc = 0, i, done = 0;
	struct buf prog = BUF_INIT;
	struct llm_result *r;
	int ret = -1;
	long j;

	if (!ctx->llm) {
		buf_setf(err, "the llm generator needs an LLM endpoint (set OPENAI_BASE_URL)");
		return -1;
	}
	for (i = 0; i < ts->n; i++) {
		long *idx;
		size_t n;
		int gr = gradable_task(ctx, ts->v[i].task_id, err);

		if (gr < 0)
			return -1;
		if (!gr)    /* dropped: no sample is paid for */
			continue;
		if (store_sample_indexes(ctx->store, ts->v[i].task_id, &idx, &n, err) < 0)
			return -1;
		for (j = 0; j < ctx->cfg.n; j++)
			if (!has_index(idx, n, j)) {
				ALLOC_GROW(jobs, njobs + 1, alloc);
				jobs[njobs].task = i;
				jobs[njobs++].idx = j;
			}
		free(idx);
	}
	for (i = 0; i < njobs; i++) {
		struct llm_message msg = { "user", tasks[map[jobs[i].task]].prompt };
		struct llm_request req = LLM_REQUEST_INIT;

		req.model = ctx->cfg.model;
		req.temperature = ctx->cfg.temperature;
		req.max_tokens = ctx->cfg.max_tokens;
		req.messages = &msg;
		req.nmessages = 1;
		req.n = 1;
		req.has_seed = 1;
		req.seed = (long long)((ctx->cfg.seed + (uint64_t)jobs[i].idx) & 0x7fffffffffffull);
		llm_submit(ctx->llm, &req, &jobs[i]);
	}
	while ((r = llm_next(ctx->llm))) {
		struct sample_job *job = r->userdata;
		const struct sw_task *t = &ts->v[job->task];
		struct llm_sample *s = r->nsamples ? &r->samples[0] : NULL;
		enum swx_kind k;
		char h[17];
		int fail;

		if (r->status != LLM_OK || !s || !s->content) {
			buf_setf(err, "LLM request for task '%s' sample %ld failed: %s", t->task_id,
				 job->idx, r->err.len ? r->err.data : llm_strerror(r->status));
			llm_result_free(r);
			goto out;
		}
		buf_reset(&prog);
		k = swx_solution(s->content, 0, sw_lang_name(t->lang), t->prompt, t->entry_point,
				 &prog);
		hash_of(prog.data, h);
		{
			struct store_sample smp = {
				.task = t->task_id, .idx = job->idx, .origin = "llm", .text = prog.data,
				.hash = h, .note = swx_kind_name(k), .model = ctx->cfg.model,
				.finish_reason = s->finish_reason, .truncated = s->truncated,
				.prompt_tokens = s->cached ? 0 : r->prompt_tokens,
				.completion_tokens = s->cached ? 0 : r->completion_tokens,
			};

			fail = store_llm_sample_commit(ctx->store, &smp, r->requests, r->prompt_tokens,
						       r->completion_tokens, r->cached, err) < 0;
			if (fail) {
				llm_result_free(r);
				goto out;
			}
		}
		llm_result_free(r);
		progress(ctx, "sample", ++done, njobs);
	}
	ret = 0;
out:
	buf_release(&prog);
	free(jobs);
	return ret;
}

int stage_sw_sample(struct stage_ctx *ctx, struct buf *err)
{
	struct store_task *tasks = NULL;
	struct sw_taskset ts = SW_TASKSET_INIT;
	size_t ntasks = 0, *map = NULL;
	int ret = -1;

	if (store_tasks_list(ctx->store, &tasks, &ntasks, err) < 0 ||
	    load_taskset(tasks, ntasks, &ts, &map, err) < 0)
		goto out;
	if (!strcmp(ctx->cfg.generator, "llm"))
		ret = sample_llm(ctx, &ts, tasks, map, err);
	else if (!strncmp(ctx->cfg.generator, "import:", 7))
		ret = sample_import(ctx, ctx->cfg.generator + 7, &ts, err);
	else
		buf_setf(err, "software tasks have no mutation engine: use --generator llm (with "
			 "OPENAI_BASE_URL) or --generator import:FILE");
out:
	free(map);
	sw_taskset_release(&ts);
	store_tasks_free(tasks, ntasks);
	return ret;
}

/* ---- grade ---- */

static int cmp_cand_id(const void *key, const void *elem)
{
	return strcmp(key, ((const struct store_cand *)elem)->id);
}

static int cmp_tb_name(const void *key, const void *elem)
{
	return strcmp(key, ((const struct store_tb *)elem)->name);
}

/* The outcome of every row of a candidate that did not load or compile. */
static const char *unloaded_outcome(const char *message)
{
	if (message && (!strncmp(message, "compile", 7) || !strncmp(message, "link", 4)))
		return "compile_error";
	return "crash";
}

/*
 * The graded benches of a task, moved to the front of tbs (kept in name
 * order): the generated tests; *truth is the index of the valid truth bench
 * or -1.  Returns the number of tests.
 */
static size_t sw_columns(struct store_tb *tbs, size_t ntb, long *truth)
{
	size_t k, n = 0;

	for (k = 0; k < ntb; k++)
		if (!strcmp(tbs[k].kind, "test") && tbs[k].status == STORE_TB_UNVALIDATED) {
			struct store_tb tmp = tbs[n];

			tbs[n++] = tbs[k];
			tbs[k] = tmp;
		}
	*truth = -1;
	for (k = n; k < ntb; k++)
		if (!strcmp(tbs[k].kind, "truth") && tbs[k].status == STORE_TB_VALID)
			*truth = (long)k;
	return n;
}

/* Whether a swgrade message is about the test called name ("test 'NAME': ..."). */
static int names_test(const char *message, const char *name)
{
	size_t n = strlen(name);

	return message && !strncmp(message, "test '", 6) && !strncmp(message + 6, name, n) &&
	       message[6 + n] == '\'';
}

static int put_rows(struct stage_ctx *ctx, const struct sw_task *t, struct store_tb *tbs,
		    size_t ntests, long truth, const struct matrix_task *m, struct buf *err)
{
	const char *sim = sw_lang_name(t->lang);
	size_t c, j;

	for (c = 0; c < m->ncand; c++) {
		const struct matrix_cand *mc = &m->cand[c];
		const char *bad = mc->ok ? NULL : unloaded_outcome(mc->message);
		int first_fail = 1, all = 1, npass = 0;

		for (j = 0; j < m->ntest; j++) {
			int pass = mc->ok && matrix_get(m, c, j);

			npass += pass;
			all &= pass;
		}
		for (j = 0; j < ntests; j++) {
			int pass = mc->ok && matrix_get(m, c, j);
			struct store_result r = {
				.task = t->task_id, .cand = mc->id, .tb = tbs[j].name, .sim = (char *)sim,
				.outcome = (char *)(bad ? bad : pass ? "pass" : "fail"),
				.passed = pass, .total = 1, .message = NULL, .wall_ms = 0,
			};

			/* The candidate's message goes with the row it is about: why it
			   did not load on its first row; the first failing test on that
			   test's row (swgrade names it "test 'NAME': ..."). */
			if (!pass && first_fail && (bad || names_test(mc->message, tbs[j].name))) {
				r.message = mc->message;
				first_fail = 0;
			}
			if (store_result_put(ctx->store, &r, err) < 0)
				return -1;
		}
		if (truth >= 0) {
			int right = ntests ? mc->label == MATRIX_LABEL_RIGHT : mc->ok && all;
			struct store_result r = {
				.task = t->task_id, .cand = mc->id, .tb = tbs[truth].name,
				.sim = (char *)sim,
				.outcome = (char *)(bad ? bad : right ? "pass" : "fail"),
				.passed = ntests ? right : npass, .total = ntests ? 1 : (int)m->ntest,
				.message = right ? NULL : mc->message, .wall_ms = 0,
			};

			/* With generated tests the message is the truth row's only when
			   it names no generated test (a ground-truth check failed first). */
			for (j = 0; ntests && !bad && r.message && j < ntests; j++)
				if (names_test(r.message, tbs[j].name))
					r.message = NULL;
			if (store_result_put(ctx->store, &r, err) < 0)
				return -1;
		}
	}
	return 0;
}

int stage_sw_grade(struct stage_ctx *ctx, struct buf *err)
{
	struct store_task *tasks = NULL;
	struct sw_taskset ts = SW_TASKSET_INIT;
	struct swgrade *g = NULL;
	size_t ntasks = 0, *map = NULL, i, k;
	int ret = -1;

	if (store_tasks_list(ctx->store, &tasks, &ntasks, err) < 0 ||
	    load_taskset(tasks, ntasks, &ts, &map, err) < 0)
		goto out;
	for (i = 0; i < ts.n; i++) {
		struct sw_task t = ts.v[i];
		struct store_tb *tbs = NULL;
		struct store_cand *cands = NULL;
		struct store_result *res = NULL;
		size_t ntb = 0, ncand = 0, nres = 0, ntests, nmiss = 0, want;
		long truth, *have = NULL;
		struct sw_cand *sc = NULL;
		struct sw_test *tests = NULL;
		struct matrix_task m = MATRIX_TASK_INIT;
		enum swgrade_status st;
		int ok = 0;

		if (store_tbs_list(ctx->store, t.task_id, &tbs, &ntb, err) < 0 ||
		    store_cands_list(ctx->store, t.task_id, &cands, &ncand, err) < 0 ||
		    store_results_list(ctx->store, t.task_id, &res, &nres, err) < 0)
			goto task_out;
		ntests = sw_columns(tbs, ntb, &truth);
		want = ntests + (truth >= 0);
		if (!want || !ncand) {
			ok = 1;
			goto task_out;
		}
		have = xcalloc(ncand, sizeof(*have));
		for (k = 0; k < nres; k++) {
			struct store_cand *c = bsearch(res[k].cand, cands, ncand, sizeof(*cands),
						       cmp_cand_id);
			struct store_tb *b = bsearch(res[k].tb, tbs, ntests, sizeof(*tbs), cmp_tb_name);

			if (c && (b || (truth >= 0 && !strcmp(res[k].tb, tbs[truth].name))))
				have[c - cands]++;
		}
		sc = xcalloc(ncand, sizeof(*sc));
		for (k = 0; k < ncand; k++)
			if (have[k] < (long)want) {
				sc[nmiss].id = cands[k].id;
				sc[nmiss].program = cands[k].text;
				sc[nmiss++].multiplicity = 1;
			}
		if (!nmiss) {
			ok = 1;
			goto task_out;
		}
		tests = xcalloc(ntests + 1, sizeof(*tests));
		for (k = 0; k < ntests; k++) {
			tests[k].id = tbs[k].name;
			tests[k].code = tbs[k].text;
			tests[k].multiplicity = 1;
		}
		/* The ground truth grades only when it is valid. */
		t.test = truth >= 0 ? tbs[truth].text : NULL;
		if (!grader(ctx, &g, err))
			goto task_out;
		st = swgrade_task(g, &t, sc, nmiss, tests, ntests, &m, err);
		if (st == SWGRADE_ERROR) {
			prefix_err(err, "task '%s': ", t.task_id);
			goto task_out;
		}
		if (st == SWGRADE_OK) {
			if (store_begin(ctx->store, err) < 0)
				goto task_out;
			if (put_rows(ctx, &t, tbs, ntests, truth, &m, err) < 0) {
				store_rollback(ctx->store);
				goto task_out;
			}
			if (store_commit(ctx->store, err) < 0)
				goto task_out;
			ctx->done_units += nmiss;
		}
		ok = 1;
task_out:
		matrix_task_release(&m);
		free(tests);
		free(sc);
		free(have);
		store_tbs_free(tbs, ntb);
		store_cands_free(cands, ncand);
		store_results_free(res, nres);
		if (!ok)
			goto out;
		progress(ctx, "grade", i + 1, ts.n);
	}
	ret = 0;
out:
	swgrade_free(g);
	free(map);
	sw_taskset_release(&ts);
	store_tasks_free(tasks, ntasks);
	return ret;
}

/* ---- the matrix of a task ---- */

int stage_sw_matrix(struct stage_ctx *ctx, const struct store_task *t, struct matrix_task *m,
		    int *validated, struct buf *err)
{
	struct store_tb *tbs = NULL;
	struct store_cand *cands = NULL;
	struct store_result *res = NULL;
	size_t ntb = 0, ncand = 0, nres = 0, ntests, ncol, k;
	long truth;
	int ret = -1, *seen = NULL;
	struct buf msg = BUF_INIT;

	if (store_tbs_list(ctx->store, t->id, &tbs, &ntb, err) < 0 ||
	    store_cands_list(ctx->store, t->id, &cands, &ncand, err) < 0 ||
	    store_results_list(ctx->store, t->id, &res, &nres, err) < 0)
		goto out;
	ntests = sw_columns(tbs, ntb, &truth);
	*validated = ntests == 0 && truth >= 0;
	ncol = ntests ? ntests : truth >= 0 ? 1 : 0;
	if (!ntests && truth >= 0) {
		/* the truth bench is the only column: bring it to the front */
		struct store_tb tmp = tbs[0];

		tbs[0] = tbs[truth];
		tbs[truth] = tmp;
		truth = 0;
	}
	matrix_task_release(m);
	matrix_task_alloc(m, ncand, ncol);
	free(m->task_id);
	m->task_id = xstrdup(t->id);
	m->prompt = xstrdup(t->prompt);
	for (k = 0; k < ncol; k++) {
		free(m->test[k].id);
		m->test[k].id = xstrdup(tbs[k].name);
		m->test[k].text = xstrdup(tbs[k].text);
		m->test[k].multiplicity = tbs[k].multiplicity > 0 ? (unsigned long)tbs[k].multiplicity : 1;
	}
	seen = xcalloc(ncand + 1, sizeof(*seen));
	for (k = 0; k < ncand; k++) {
		free(m->cand[k].id);
		m->cand[k].id = xstrdup(cands[k].id);
		m->cand[k].text = xstrdup(cands[k].text);
		m->cand[k].multiplicity = cands[k].multiplicity > 0 ? (unsigned long)cands[k].multiplicity : 1;
		m->cand[k].ok = 0;
		m->cand[k].label = MATRIX_LABEL_UNKNOWN;
	}
	for (k = 0; k < nres; k++) {
		struct store_cand *c = bsearch(res[k].cand, cands, ncand, sizeof(*cands), cmp_cand_id);
		struct store_tb *b = bsearch(res[k].tb, tbs, ncol, sizeof(*tbs), cmp_tb_name);
		size_t ci, col;
		int pass = !strcmp(res[k].outcome, "pass");

		if (!c)
			continue;
		ci = (size_t)(c - cands);
		if (ntests && truth >= 0 && !strcmp(res[k].tb, tbs[truth].name)) {
			m->cand[ci].label = pass ? MATRIX_LABEL_RIGHT : MATRIX_LABEL_WRONG;
			continue;
		}
		if (!b)
			continue;
		col = (size_t)(b - tbs);
		seen[ci]++;
		if (pass) {
			matrix_set(m, ci, col, 1);
		} else if (!m->cand[ci].message) {
			buf_reset(&msg);
			buf_addf(&msg, "%s: %s%s%s", m->test[col].id, res[k].outcome,
				 res[k].message && *res[k].message ? ": " : "",
				 res[k].message ? res[k].message : "");
			m->cand[ci].message = xstrdup(msg.data);
		}
	}
	for (k = 0; k < ncand; k++) {
		struct matrix_cand *mc = &m->cand[k];

		/* Ran when every cell has a result; a partly graded candidate is not ranked. */
		mc->ok = ncol > 0 && seen[k] == (int)ncol;
		if (*validated && mc->ok)
			mc->label = matrix_get(m, k, 0) ? MATRIX_LABEL_RIGHT : MATRIX_LABEL_WRONG;
		if (ntests && truth >= 0 && !mc->ok)
			mc->label = MATRIX_LABEL_UNKNOWN;
	}
	ret = 0;
out:
	if (ret < 0)
		matrix_task_release(m);
	free(seen);
	buf_release(&msg);
	store_tbs_free(tbs, ntb);
	store_cands_free(cands, ncand);
	store_results_free(res, nres);
	return ret;
}
