/*
 * stage: the stages of a run over the run store.  See stage.h.
 */
#include "pipeline/stage.h"
#include "pipeline/extract.h"
#include "pipeline/gradebatch.h"
#include "pipeline/llm.h"
#include "pipeline/matrix.h"
#include "pipeline/pairs.h"
#include "pipeline/prompt.h"
#include "pipeline/score.h"
#include "pipeline/stage_sw.h"
#include "pipeline/tbdiff.h"
#include "pipeline/tbllm.h"
#include "pipeline/tbval.h"
#include "sim/sim.h"
#include "sim/xalloc.h"
#include "testbench/task.h"
#include "testbench/vmutate.h"
#include "testbench/vnorm.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char *const stage_names[STAGE_NSTAGES] = {
	"tasks", "testbenches", "sample", "grade", "score", "pairs",
};

const char *stage_name(enum stage_id s)
{
	return (unsigned)s < STAGE_NSTAGES ? stage_names[s] : "?";
}

int stage_parse(const char *name, enum stage_id *s)
{
	int i;

	for (i = 0; i < STAGE_NSTAGES; i++)
		if (!strcmp(name, stage_names[i])) {
			*s = (enum stage_id)i;
			return 0;
		}
	return -1;
}

/* ---- configuration ---- */

void run_config_init(struct run_config *c)
{
	memset(c, 0, sizeof(*c));
	c->tasks = xstrdup("");
	c->generator = xstrdup("mutate");
	c->model = xstrdup("");
	c->n = 20;
	c->tb = STAGE_TB_DIFFERENTIAL | STAGE_TB_HUMAN;
	c->sims = 1u << SIM_ICARUS;
	c->method = xstrdup("auto");
	c->pairs = xstrdup("best-worst");
	c->format = xstrdup("trl");
	c->seed = 1;
	c->shard_i = 0;
	c->shard_n = 1;
	c->prompt = xstrdup("sample_rtl.v1");
	c->temperature = -1;
	c->max_tokens = 0;
	c->tests = xstrdup("none");
	c->tests_n = 5;
}

void run_config_release(struct run_config *c)
{
	if (!c)
		return;
	free(c->tasks);
	free(c->generator);
	free(c->model);
	free(c->method);
	free(c->pairs);
	free(c->format);
	free(c->prompt);
	free(c->tests);
	memset(c, 0, sizeof(*c));
}

static const char *const config_keys[] = {
	"tasks", "generator", "model", "n", "tb", "sim", "method", "pairs", "format", "seed",
	"shard", "prompt", "temperature", "max-tokens", "tests", "tests-n",
};
#define NCONFIG (sizeof(config_keys) / sizeof(config_keys[0]))

char **run_config_to_kv(const struct run_config *c, size_t *n)
{
	char **kv = xcalloc(2 * NCONFIG, sizeof(*kv));
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < NCONFIG; i++) {
		const char *k = config_keys[i];

		buf_reset(&b);
		if (!strcmp(k, "tasks"))
			buf_addstr(&b, c->tasks);
		else if (!strcmp(k, "generator"))
			buf_addstr(&b, c->generator);
		else if (!strcmp(k, "model"))
			buf_addstr(&b, c->model);
		else if (!strcmp(k, "n"))
			buf_addf(&b, "%ld", c->n);
		else if (!strcmp(k, "tb"))
			stage_tb_text(c->tb, &b);
		else if (!strcmp(k, "sim"))
			buf_addstr(&b, stage_sims_text(c->sims));
		else if (!strcmp(k, "method"))
			buf_addstr(&b, c->method);
		else if (!strcmp(k, "pairs"))
			buf_addstr(&b, c->pairs);
		else if (!strcmp(k, "format"))
			buf_addstr(&b, c->format);
		else if (!strcmp(k, "seed"))
			buf_addf(&b, "%" PRIu64, c->seed);
		else if (!strcmp(k, "shard"))
			buf_addf(&b, "%u/%u", c->shard_i, c->shard_n);
		else if (!strcmp(k, "temperature")) {
			if (c->temperature >= 0)  /* "" = the server's default */
				buf_addf(&b, "%g", c->temperature);
		} else if (!strcmp(k, "max-tokens")) {
			if (c->max_tokens > 0)
				buf_addf(&b, "%ld", c->max_tokens);
		} else if (!strcmp(k, "tests")) {
			buf_addstr(&b, c->tests);
		} else if (!strcmp(k, "tests-n")) {
			buf_addf(&b, "%ld", c->tests_n);
		} else
			buf_addstr(&b, c->prompt);
		kv[2 * i] = xstrdup(k);
		kv[2 * i + 1] = xstrdup(b.data);
	}
	buf_release(&b);
	*n = 2 * NCONFIG;
	return kv;
}

int stage_parse_tb(const char *s, unsigned *out, struct buf *err)
{
	char *copy = xstrdup(s), *tok, *save = NULL;
	unsigned bits = 0;
	int ret = 0;

	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (!strcmp(tok, "differential"))
			bits |= STAGE_TB_DIFFERENTIAL;
		else if (!strcmp(tok, "human"))
			bits |= STAGE_TB_HUMAN;
		else if (!strcmp(tok, "llm"))
			bits |= STAGE_TB_LLM;
		else {
			buf_setf(err, "unknown testbench kind '%s' (differential, human, llm)", tok);
			ret = -1;
			break;
		}
	}
	if (!ret && !bits) {
		buf_setf(err, "no testbench kind in '%s'", s);
		ret = -1;
	}
	free(copy);
	if (!ret)
		*out = bits;
	return ret;
}

void stage_tb_text(unsigned tb, struct buf *out)
{
	const char *sep = "";

	if (tb & STAGE_TB_DIFFERENTIAL) {
		buf_addstr(out, "differential");
		sep = ",";
	}
	if (tb & STAGE_TB_HUMAN) {
		buf_addf(out, "%shuman", sep);
		sep = ",";
	}
	if (tb & STAGE_TB_LLM)
		buf_addf(out, "%sllm", sep);
}

int stage_parse_sims(const char *s, unsigned *out, struct buf *err)
{
	if (!strcmp(s, "iverilog"))
		*out = 1u << SIM_ICARUS;
	else if (!strcmp(s, "verilator"))
		*out = 1u << SIM_VERILATOR;
	else if (!strcmp(s, "both"))
		*out = (1u << SIM_ICARUS) | (1u << SIM_VERILATOR);
	else {
		buf_setf(err, "unknown simulator '%s' (iverilog, verilator or both)", s);
		return -1;
	}
	return 0;
}

const char *stage_sims_text(unsigned sims)
{
	if (sims == ((1u << SIM_ICARUS) | (1u << SIM_VERILATOR)))
		return "both";
	return sims == (1u << SIM_VERILATOR) ? "verilator" : "iverilog";
}

int stage_config_load(struct store *s, struct run_config *c, struct buf *err)
{
	struct buf v = BUF_INIT;
	size_t i;
	int r, ret = -1;

	run_config_init(c);
	for (i = 0; i < NCONFIG; i++) {
		const char *k = config_keys[i];

		r = store_config_get(s, k, &v, err);
		if (r < 0)
			goto out;
		if (r == 0 && (!strcmp(k, "tests") || !strcmp(k, "tests-n")))
			continue;   /* runs made before the software path: defaults */
		if (r == 0) {
			buf_setf(err, "run '%s' has no setting '%s' in its config", store_dir(s), k);
			goto out;
		}
		if (!strcmp(k, "tasks")) {
			free(c->tasks);
			c->tasks = xstrdup(v.data);
		} else if (!strcmp(k, "generator")) {
			free(c->generator);
			c->generator = xstrdup(v.data);
		} else if (!strcmp(k, "model")) {
			free(c->model);
			c->model = xstrdup(v.data);
		} else if (!strcmp(k, "n")) {
			c->n = strtol(v.data, NULL, 10);
		} else if (!strcmp(k, "tb")) {
			if (stage_parse_tb(v.data, &c->tb, err) < 0)
				goto out;
		} else if (!strcmp(k, "sim")) {
			if (stage_parse_sims(v.data, &c->sims, err) < 0)
				goto out;
		} else if (!strcmp(k, "method")) {
			free(c->method);
			c->method = xstrdup(v.data);
		} else if (!strcmp(k, "pairs")) {
			free(c->pairs);
			c->pairs = xstrdup(v.data);
		} else if (!strcmp(k, "format")) {
			free(c->format);
			c->format = xstrdup(v.data);
		} else if (!strcmp(k, "seed")) {
			c->seed = strtoull(v.data, NULL, 10);
		} else if (!strcmp(k, "shard")) {
			if (sscanf(v.data, "%u/%u", &c->shard_i, &c->shard_n) != 2 || !c->shard_n) {
				buf_setf(err, "run '%s' has a malformed shard '%s'", store_dir(s), v.data);
				goto out;
			}
		} else if (!strcmp(k, "temperature")) {
			c->temperature = *v.data ? strtod(v.data, NULL) : -1;
		} else if (!strcmp(k, "max-tokens")) {
			c->max_tokens = *v.data ? strtol(v.data, NULL, 10) : 0;
		} else if (!strcmp(k, "tests")) {
			free(c->tests);
			c->tests = xstrdup(v.data);
		} else if (!strcmp(k, "tests-n")) {
			c->tests_n = strtol(v.data, NULL, 10);
		} else {
			free(c->prompt);
			c->prompt = xstrdup(v.data);
		}
	}
	ret = 0;
out:
	buf_release(&v);
	return ret;
}

static uint64_t fnv1a(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ull;
	}
	return h;
}

unsigned stage_shard_of(const char *task_id, unsigned n)
{
	return n ? (unsigned)(fnv1a(task_id) % n) : 0;
}

/* The seed of a task: the run's seed mixed with the task id, never with an order. */
static uint64_t task_seed(const struct stage_ctx *ctx, const char *task_id)
{
	uint64_t z = ctx->cfg.seed ^ fnv1a(task_id);

	/* splitmix64 finaliser */
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* Whether a stop at level (or a stronger one) was asked for; sets ctx->stopped and err. */
static int stop_asked(struct stage_ctx *ctx, int level, struct buf *err)
{
	if (!ctx->stop || *ctx->stop < level)
		return 0;
	ctx->stopped = 1;
	buf_setf(err, "stopped by a signal");
	return 1;
}

/* Report a committed unit; 1 when the stage must stop now (err set). */
static int progress_stop(struct stage_ctx *ctx, const char *stage, size_t done, size_t total,
			 struct buf *err)
{
	if (ctx->progress)
		ctx->progress(ctx->pctx, stage, done, total);
	return stop_asked(ctx, STAGE_STOP_FINISH, err);
}

static void progress(struct stage_ctx *ctx, const char *stage, size_t done, size_t total)
{
	if (ctx->progress)
		ctx->progress(ctx->pctx, stage, done, total);
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* ---- tasks ---- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int has_task_json(const char *dir)
{
	struct buf p = BUF_INIT;
	struct stat sb;
	int r;

	buf_addf(&p, "%s/task.json", dir);
	r = stat(p.data, &sb) == 0;
	buf_release(&p);
	return r;
}

/* The task folders under root (or root itself), sorted. */
static int list_task_dirs(const char *root, char ***dirs, size_t *n, struct buf *err)
{
	DIR *d;
	struct dirent *e;
	size_t alloc = 0;

	*dirs = NULL;
	*n = 0;
	if (has_task_json(root)) {
		ALLOC_GROW(*dirs, 1, alloc);
		(*dirs)[(*n)++] = xstrdup(root);
		return 0;
	}
	d = opendir(root);
	if (!d) {
		buf_setf(err, "cannot open task folder '%s': %s", root, strerror(errno));
		return -1;
	}
	while ((e = readdir(d))) {
		struct buf p = BUF_INIT;

		if (e->d_name[0] == '.')
			continue;
		buf_addf(&p, "%s/%s", root, e->d_name);
		if (has_task_json(p.data)) {
			ALLOC_GROW(*dirs, *n + 1, alloc);
			(*dirs)[(*n)++] = buf_detach(&p, NULL);
		}
		buf_release(&p);
	}
	closedir(d);
	if (!*n) {
		buf_setf(err, "'%s' holds no task (no task.json in it or its subfolders)", root);
		return -1;
	}
	qsort(*dirs, *n, sizeof(**dirs), cmp_str);
	return 0;
}

/*
 * The text of the spec's "## Interface" section: the body of its first
 * fenced block, else the section's text.  Empty when there is none.
 */
static void interface_block(const char *spec, struct buf *out)
{
	const char *p = spec, *end, *fence, *body, *close;

	while (p && *p) {
		if (!strncmp(p, "## Interface", 12) && (p[12] == '\n' || p[12] == '\r' || p[12] == ' '))
			break;
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	if (!p || !*p)
		return;
	p = strchr(p, '\n');
	if (!p)
		return;
	p++;
	end = strstr(p, "\n## ");
	if (!end)
		end = p + strlen(p);
	fence = strstr(p, "```");
	if (fence && fence < end) {
		body = strchr(fence, '\n');
		if (body && body < end) {
			body++;
			close = strstr(body, "```");
			if (close && close <= end) {
				buf_add(out, body, (size_t)(close - body));
				buf_rtrim(out);
				return;
			}
		}
	}
	buf_add(out, p, (size_t)(end - p));
	buf_rtrim(out);
}

/*
 * What a bench of another suite needs from task.json to be compiled and
 * judged (tb_ref_module, tb_verdict), as the JSON kept in the store, or NULL
 * for one of ours.  The reverse is stage_grade_testbench().
 */
static char *tb_settings(const struct task *t, const struct task_tb *tb)
{
	cJSON *o, *v;
	char *text;

	if (!tb->ref_module && !tb->verdict_pass)
		return NULL;
	o = cJSON_CreateObject();
	if (tb->ref_module) {
		cJSON_AddStringToObject(o, "ref_module", tb->ref_module);
		cJSON_AddStringToObject(o, "ref_top", t->top);
	}
	if (tb->verdict_pass) {
		v = cJSON_AddObjectToObject(o, "verdict");
		cJSON_AddStringToObject(v, "pass", tb->verdict_pass);
		if (tb->verdict_fail)
			cJSON_AddStringToObject(v, "fail", tb->verdict_fail);
		if (tb->verdict_count)
			cJSON_AddStringToObject(v, "count", tb->verdict_count);
	}
	text = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	return text;
}

static const char *json_str(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

void stage_grade_testbench(const struct store_task *t, const struct store_tb *tb,
			   struct grade_testbench *g, cJSON **hold)
{
	const cJSON *v;
	cJSON *o;

	memset(g, 0, sizeof(*g));
	*hold = NULL;
	g->name = tb->name;
	g->text = tb->text;
	g->len = strlen(tb->text);
	if (!tb->settings || !(o = cJSON_Parse(tb->settings)))
		return;
	*hold = o;
	if (json_str(o, "ref_module") && json_str(o, "ref_top") && t->ref) {
		g->ref_as = json_str(o, "ref_module");
		g->ref_top = json_str(o, "ref_top");
		g->ref_text = t->ref;
		g->ref_len = strlen(t->ref);
	}
	v = cJSON_GetObjectItemCaseSensitive(o, "verdict");
	g->verdict.pass = json_str(v, "pass");
	g->verdict.fail = json_str(v, "fail");
	g->verdict.count = json_str(v, "count");
}

int stage_tasks(struct stage_ctx *ctx, struct buf *err)
{
	char **dirs = NULL;
	size_t ndirs = 0, i, k;
	struct buf msg = BUF_INIT, prompt = BUF_INIT, iface = BUF_INIT;
	const char *tmpl = prompt_get(ctx->cfg.prompt);
	int ret = -1;

	if (stage_sw_is_taskfile(ctx->cfg.tasks))   /* the software path */
		return stage_sw_tasks(ctx, err);
	if (!tmpl) {
		buf_setf(err, "no prompt template '%s' in this veripref", ctx->cfg.prompt);
		return -1;
	}
	if (list_task_dirs(ctx->cfg.tasks, &dirs, &ndirs, err) < 0)
		return -1;
	for (i = 0; i < ndirs; i++) {
		struct task t;
		struct store_task st;
		const char *kv[4];
		const char *base = strrchr(dirs[i], '/') ? strrchr(dirs[i], '/') + 1 : dirs[i];

		/* Sharding looks at the folder name, which task_load() insists is the id. */
		if (stage_shard_of(base, ctx->cfg.shard_n) != ctx->cfg.shard_i)
			continue;
		task_init(&t);
		if (store_begin(ctx->store, err) < 0)
			goto out;
		if (task_load(&t, dirs[i], &msg) < 0) {
			/* A broken task is reported, not fatal: the others still run. */
			const char *nl = strchr(msg.data, '\n');

			if (nl)
				buf_setlen(&msg, (size_t)(nl - msg.data));
			if (store_drop_set(ctx->store, base, "tasks", msg.data, err) < 0) {
				store_rollback(ctx->store);
				goto out;
			}
			if (store_commit(ctx->store, err) < 0)
				goto out;
			continue;
		}
		buf_reset(&iface);
		buf_reset(&prompt);
		interface_block(t.spec, &iface);
		kv[0] = "spec";
		kv[1] = t.spec;
		kv[2] = "interface";
		kv[3] = iface.data;
		if (prompt_fill(tmpl, kv, 2, &prompt, err) < 0) {
			store_rollback(ctx->store);
			task_release(&t);
			goto out;
		}
		st.id = t.id;
		st.kind = "rtl";
		st.dir = t.dir;
		st.spec = t.spec;
		st.ref = t.ref;
		st.prompt = prompt.data;
		st.has_ref = t.ref != NULL;
		if (store_task_put(ctx->store, &st, err) < 0 ||
		    store_drop_set(ctx->store, t.id, "tasks", NULL, err) < 0)
			goto fail_task;
		for (k = 0; (ctx->cfg.tb & STAGE_TB_HUMAN) && k < t.ntbs; k++) {
			struct store_tb tb = { t.id, t.tbs[k].name, "human", t.tbs[k].text,
					       STORE_TB_PENDING, NULL, NULL, 1, NULL };
			int r;

			tb.settings = tb_settings(&t, &t.tbs[k]);
			r = store_tb_put(ctx->store, &tb, err);
			free(tb.settings);
			if (r < 0)
				goto fail_task;
		}
		if (store_commit(ctx->store, err) < 0) {
			task_release(&t);
			goto out;
		}
		task_release(&t);
		if (progress_stop(ctx, "tasks", i + 1, ndirs, err))
			goto out;
		continue;
fail_task:
		store_rollback(ctx->store);
		task_release(&t);
		goto out;
	}
	ret = 0;
out:
	for (i = 0; i < ndirs; i++)
		free(dirs[i]);
	free(dirs);
	buf_release(&msg);
	buf_release(&prompt);
	buf_release(&iface);
	return ret;
}

/* ---- testbenches ---- */

static int sim_count(unsigned sims)
{
	int n = 0, k;

	for (k = 0; k < SIM_NKINDS; k++)
		n += (sims >> k) & 1;
	return n;
}

/* Grade the reference against the pending benches of a task; set their status. */
static int validate_task(struct stage_ctx *ctx, const struct store_task *t, struct buf *err)
{
	struct store_tb *tbs = NULL;
	size_t ntb = 0, np = 0, k, c;
	struct grade_testbench *gtb = NULL;
	cJSON **hold = NULL;
	size_t *which = NULL;
	struct grade_cell *cells = NULL;
	size_t ncells = 0;
	struct grade_candidate ref;
	struct grade_opts o = ctx->gopts;
	struct buf reason = BUF_INIT;
	int ret = -1;

	if (store_tbs_list(ctx->store, t->id, &tbs, &ntb, err) < 0)
		return -1;
	gtb = xcalloc(ntb + 1, sizeof(*gtb));
	hold = xcalloc(ntb + 1, sizeof(*hold));
	which = xcalloc(ntb + 1, sizeof(*which));
	for (k = 0; k < ntb; k++)
		if (tbs[k].status == STORE_TB_PENDING) {
			stage_grade_testbench(t, &tbs[k], &gtb[np], &hold[np]);
			which[np++] = k;
		}
	if (!np) {
		ret = 0;
		goto out;
	}
	if (!t->has_ref) {
		/* Nothing to check them against: they grade as an unvalidated matrix. */
		if (store_begin(ctx->store, err) < 0)
			goto out;
		for (k = 0; k < np; k++)
			if (store_tb_set_status(ctx->store, t->id, tbs[which[k]].name,
						STORE_TB_UNVALIDATED, NULL, NULL, err) < 0) {
				store_rollback(ctx->store);
				goto out;
			}
		ret = store_commit(ctx->store, err);
		goto out;
	}
	ref.name = "ref.v";
	ref.text = t->ref;
	ref.len = strlen(t->ref);
	ref.size = ref.len;
	o.sims = ctx->cfg.sims;
	o.progress = NULL;
	if (grade_run(&o, gtb, (int)np, &ref, 1, &cells, &ncells, err) < 0)
		goto out;
	if (stop_asked(ctx, STAGE_STOP_ABANDON, err))
		goto out;   /* the reference's simulators may have been killed too */
	if (store_begin(ctx->store, err) < 0)
		goto out;
	for (k = 0; k < np; k++) {
		cJSON *m = cJSON_CreateObject(), *refo = cJSON_AddObjectToObject(m, "reference");
		char *mtext;
		int ok = 1, r;

		buf_reset(&reason);
		for (c = 0; c < ncells; c++) {
			const struct grade_cell *cell = &cells[c];
			cJSON *so;

			if (cell->tb != (int)k)
				continue;
			so = cJSON_AddObjectToObject(refo, sim_name(cell->sim));
			cJSON_AddStringToObject(so, "outcome", grade_outcome_name(cell->outcome));
			cJSON_AddNumberToObject(so, "checks_passed", cell->checks_passed);
			cJSON_AddNumberToObject(so, "checks_total", cell->checks_total);
			if (cell->outcome != GRADE_PASS && ok) {
				ok = 0;
				buf_addf(&reason, "the reference does not pass in %s: %s%s%s",
					 sim_name(cell->sim), grade_outcome_name(cell->outcome),
					 cell->message && *cell->message ? ": " : "",
					 cell->message ? cell->message : "");
			}
		}
		mtext = cJSON_PrintUnformatted(m);
		cJSON_Delete(m);
		r = store_tb_set_status(ctx->store, t->id, tbs[which[k]].name,
					ok ? STORE_TB_VALID : STORE_TB_REJECTED,
					ok ? NULL : reason.data, mtext, err);
		free(mtext);
		if (r < 0) {
			store_rollback(ctx->store);
			goto out;
		}
	}
	ret = store_commit(ctx->store, err);
out:
	grade_cells_free(cells, ncells);
	for (k = 0; hold && k < np; k++)
		cJSON_Delete(hold[k]);
	free(hold);
	store_tbs_free(tbs, ntb);
	free(gtb);
	free(which);
	buf_release(&reason);
	return ret;
}

/*
 * An LLM-written bench for task t (pipeline/tbllm.h: scenarios, bench,
 * repairs from compile, reference and strength feedback, validated by
 * tbval).  Stored as kind "llm": validated when kept, else rejected with the
 * reason; the audit trail goes to RUN/audit/<task>/.  Returns -1 only on an
 * error of the run (the endpoint, the task folder, the store).
 */
static int llm_testbench(struct stage_ctx *ctx, const struct store_task *t, struct buf *err)
{
	struct task task;
	struct tbllm_opts to;
	struct tbllm_llm_ctx lc = { 0 };
	struct tbllm_tbval_ctx vc;
	struct tbllm_result res;
	struct tbval_opts vo;
	struct grade_opts go = ctx->gopts;
	struct tbval_cache *vcache = NULL;
	struct store_tb tb = { t->id, "vp_llm.v", "llm", NULL, STORE_TB_REJECTED, NULL, NULL, 1,
			       NULL };
	struct buf audit = BUF_INIT, why = BUF_INIT, metrics = BUF_INIT;
	int ret = -1;

	memset(&res, 0, sizeof(res));
	task_init(&task);
	if (!t->dir || task_load(&task, t->dir, &why) < 0) {
		buf_setf(err, "task '%s': cannot load its folder for an LLM testbench: %s", t->id,
			 why.len ? why.data : "the folder is unknown");
		goto out;
	}
	tbllm_opts_init(&to);
	go.sims = ctx->cfg.sims;
	go.progress = NULL;
	tbval_opts_init(&vo, &go);
	vo.seed = task_seed(ctx, t->id);
	vo.min_coverage = to.min_coverage;
	vo.min_mutation_score = to.min_mutation;
	vo.cache = vcache = tbval_cache_new();
	vc.opts = &vo;
	vc.task = &task;
	lc.client = ctx->llm;
	lc.model = ctx->cfg.model;
	lc.temperature = ctx->cfg.temperature;
	lc.max_tokens = ctx->cfg.max_tokens;
	lc.has_seed = 1;
	lc.seed = (long long)(task_seed(ctx, t->id) & 0x7fffffffffffLL);
	buf_addf(&audit, "%s/audit/%s", store_dir(ctx->store), t->id);
	to.audit_dir = audit.data;
	to.model = ctx->cfg.model;
	to.chat = tbllm_chat_llm;
	to.chat_ctx = &lc;
	to.validate = tbllm_validate_tbval;
	to.validate_ctx = &vc;
	if (tbllm_run(&to, &task, &res, err) < 0)
		goto out;
	if (res.best >= 0) {
		const struct tbllm_attempt *a = &res.attempts[res.best];

		tb.text = a->tb;
		tb.status = STORE_TB_PENDING;  /* validate_task() checks it in every simulator */
		buf_addf(&metrics, "{\"line_coverage\":%.4f,\"mutation_score\":%.4f,"
			 "\"mutants_killed\":%zu,\"mutants_valid\":%zu}",
			 a->line_coverage, a->mutation_score, a->mutants_killed, a->mutants_valid);
		tb.metrics = metrics.data;
	} else {
		const struct tbllm_attempt *a = res.nattempts ? &res.attempts[0] : NULL;

		tb.text = a && a->tb ? a->tb : "";
		tb.reason = a && a->reason ? a->reason : "no testbench was written";
	}
	if (store_begin(ctx->store, err) < 0)
		goto out;
	if (store_tb_put(ctx->store, &tb, err) < 0 ||
	    store_usage_add(ctx->store, "testbenches", t->id, res.requests, res.prompt_tokens,
			    res.completion_tokens, 0, err) < 0) {
		store_rollback(ctx->store);
		goto out;
	}
	ret = store_commit(ctx->store, err);
out:
	tbllm_result_release(&res);
	tbval_cache_free(vcache);
	task_release(&task);
	buf_release(&audit);
	buf_release(&why);
	buf_release(&metrics);
	return ret;
}

#define DIFF_TB_NAME "vp_differential.v"

/* How the testbenches stage generates task_id's differential bench (the
   grade stage rebuilds it with the same options to batch it). */
static void diff_tb_opts(const struct stage_ctx *ctx, const char *task_id, struct tbdiff_opts *to)
{
	tbdiff_opts_init(to);
	to->seed = task_seed(ctx, task_id);
}

int stage_testbenches(struct stage_ctx *ctx, struct buf *err)
{
	struct store_task *tasks = NULL;
	struct store_tb *tbs = NULL;
	size_t ntasks = 0, ntb = 0, i, k;
	struct buf text = BUF_INIT, why = BUF_INIT;
	int ret = -1;

	if (stage_sw_is_taskfile(ctx->cfg.tasks))   /* generated tests, ground truth */
		return stage_sw_testbenches(ctx, err);
	if ((ctx->cfg.tb & STAGE_TB_LLM) && !ctx->llm) {
		buf_setf(err, "LLM testbenches (--tb llm) need an LLM endpoint (set OPENAI_BASE_URL)");
		return -1;
	}
	if (store_tasks_list(ctx->store, &tasks, &ntasks, err) < 0)
		return -1;
	for (i = 0; i < ntasks; i++) {
		const struct store_task *t = &tasks[i];
		int have_diff = 0, have_llm = 0;

		if (strcmp(t->kind, "rtl"))  /* the software path has its own tests */
			continue;
		if (store_tbs_list(ctx->store, t->id, &tbs, &ntb, err) < 0)
			goto out;
		for (k = 0; k < ntb; k++) {
			if (!strcmp(tbs[k].kind, "differential"))
				have_diff = 1;
			if (!strcmp(tbs[k].kind, "llm"))
				have_llm = 1;
		}
		store_tbs_free(tbs, ntb);
		tbs = NULL;
		if ((ctx->cfg.tb & STAGE_TB_DIFFERENTIAL) && t->has_ref && !have_diff) {
			struct tbdiff_opts to;
			struct store_tb tb = { t->id, DIFF_TB_NAME, "differential", NULL,
					       STORE_TB_PENDING, NULL, NULL, 1, NULL };

			diff_tb_opts(ctx, t->id, &to);
			buf_reset(&text);
			buf_reset(&why);
			if (!t->dir || tbdiff_generate(t->dir, &to, &text, &why) < 0) {
				/* Not fatal: the task keeps its other benches. */
				tb.text = "";
				tb.status = STORE_TB_REJECTED;
				tb.reason = why.len ? why.data : "the task folder is unknown";
			} else {
				tb.text = text.data;
			}
			if (store_tb_put(ctx->store, &tb, err) < 0)
				goto out;
		}
		if ((ctx->cfg.tb & STAGE_TB_LLM) && t->has_ref && !have_llm &&
		    llm_testbench(ctx, t, err) < 0)
			goto out;
		if (validate_task(ctx, t, err) < 0)
			goto out;
		if (progress_stop(ctx, "testbenches", i + 1, ntasks, err))
			goto out;
	}
	ret = 0;
out:
	store_tasks_free(tasks, ntasks);
	buf_release(&text);
	buf_release(&why);
	return ret;
}

/* ---- sample ---- */

static void hash_of(const char *text, char out[17])
{
	vnorm_hex(vnorm_hash(text, strlen(text)), out);
}

static int has_index(const long *idx, size_t n, long want)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (idx[mid] == want)
			return 1;
		if (idx[mid] < want)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

static int sample_mutate(struct stage_ctx *ctx, struct store_task *tasks, size_t ntasks,
			 struct buf *err)
{
	size_t i, k;

	for (i = 0; i < ntasks; i++) {
		const struct store_task *t = &tasks[i];
		struct vmutate_set *set;
		long *idx = NULL;
		size_t nidx = 0;
		char h[17];
		struct store_sample smp = { .task = t->id, .prompt_tokens = -1,
					    .completion_tokens = -1 };

		if (strcmp(t->kind, "rtl"))
			continue;
		if (!t->has_ref) {
			if (store_drop_set(ctx->store, t->id, "sample",
					   "no reference to mutate (generator mutate)", err) < 0)
				return -1;
			continue;
		}
		if (store_sample_indexes(ctx->store, t->id, &idx, &nidx, err) < 0)
			return -1;
		free(idx);
		if (nidx)   /* written in one transaction: present means complete */
			continue;
		set = vmutate_generate(t->ref, strlen(t->ref), (size_t)ctx->cfg.n,
				       task_seed(ctx, t->id), 0);
		if (store_begin(ctx->store, err) < 0) {
			vmutate_set_free(set);
			return -1;
		}
		smp.idx = 0;
		smp.origin = "reference";
		smp.text = t->ref;
		hash_of(t->ref, h);
		smp.hash = h;
		if (store_sample_put(ctx->store, &smp, err) < 0)
			goto fail;
		for (k = 0; k < set->nr; k++) {
			smp.idx = (long)k + 1;
			smp.origin = "mutate";
			smp.text = set->v[k].text;
			smp.note = set->v[k].desc;
			hash_of(set->v[k].text, h);
			if (store_sample_put(ctx->store, &smp, err) < 0)
				goto fail;
		}
		vmutate_set_free(set);
		if (store_commit(ctx->store, err) < 0)
			return -1;
		if (progress_stop(ctx, "sample", i + 1, ntasks, err))
			return -1;
		continue;
fail:
		vmutate_set_free(set);
		store_rollback(ctx->store);
		return -1;
	}
	return 0;
}

static int find_task(struct store_task *tasks, size_t n, const char *id)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(tasks[mid].id, id);

		if (!c)
			return (int)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static int sample_import(struct stage_ctx *ctx, const char *path, struct store_task *tasks,
			 size_t ntasks, struct buf *err)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0, i;
	ssize_t len;
	long lineno = 0, *count = xcalloc(ntasks + 1, sizeof(*count));
	int *skip = xcalloc(ntasks + 1, sizeof(*skip)), ret = -1, in_tx = 0;

	if (!f) {
		buf_setf(err, "cannot open '%s': %s", path, strerror(errno));
		goto out;
	}
	/* A task with samples was imported whole (one transaction for the file). */
	for (i = 0; i < ntasks; i++) {
		long *idx;
		size_t n;

		if (store_sample_indexes(ctx->store, tasks[i].id, &idx, &n, err) < 0)
			goto out;
		free(idx);
		skip[i] = n > 0;
	}
	if (store_begin(ctx->store, err) < 0)
		goto out;
	in_tx = 1;
	while ((len = getline(&line, &cap, f)) >= 0) {
		cJSON *o, *id, *code;
		int ti;
		char h[17];

		lineno++;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (!len)
			continue;
		o = cJSON_ParseWithOpts(line, NULL, 0);
		id = o ? cJSON_GetObjectItemCaseSensitive(o, "task_id") : NULL;
		code = o ? cJSON_GetObjectItemCaseSensitive(o, "completion") : NULL;
		if (o && !code)
			code = cJSON_GetObjectItemCaseSensitive(o, "solution");
		if (!cJSON_IsString(id) || !cJSON_IsString(code)) {
			buf_setf(err, "'%s' line %ld: expected {\"task_id\": string, \"completion\" or "
				 "\"solution\": string}", path, lineno);
			cJSON_Delete(o);
			goto out;
		}
		ti = find_task(tasks, ntasks, id->valuestring);
		if (ti >= 0 && !skip[ti]) {
			struct store_sample smp = { .task = tasks[ti].id, .idx = count[ti],
						    .origin = "import", .text = code->valuestring,
						    .hash = h, .prompt_tokens = -1,
						    .completion_tokens = -1 };

			hash_of(code->valuestring, h);
			if (store_sample_put(ctx->store, &smp, err) < 0) {
				cJSON_Delete(o);
				goto out;
			}
		}
		if (ti >= 0)
			count[ti]++;
		cJSON_Delete(o);
	}
	if (ferror(f)) {
		buf_setf(err, "cannot read '%s': %s", path, strerror(errno));
		goto out;
	}
	for (i = 0; i < ntasks; i++)
		if (!count[i] && !skip[i] &&
		    store_drop_set(ctx->store, tasks[i].id, "sample",
				   "no sample for this task in the import file", err) < 0)
			goto out;
	in_tx = 0;
	if (store_commit(ctx->store, err) < 0)
		goto out;
	progress(ctx, "sample", ntasks, ntasks);
	ret = 0;
out:
	if (in_tx)
		store_rollback(ctx->store);
	if (f)
		fclose(f);
	free(line);
	free(count);
	free(skip);
	return ret;
}

struct llm_job {
	size_t task;
	long idx;
};

static int sample_llm(struct stage_ctx *ctx, struct store_task *tasks, size_t ntasks,
		      struct buf *err)
{
	struct llm_job *jobs = NULL;
	size_t njobs = 0, alloc = 0, i, done = 0;
	struct llm_result *r;
	struct buf code = BUF_INIT;
	int ret = -1;
	long j;

	if (!ctx->llm) {
		buf_setf(err, "the llm generator needs an LLM endpoint (set OPENAI_BASE_URL)");
		return -1;
	}
	for (i = 0; i < ntasks; i++) {
		long *idx;
		size_t n;

		if (strcmp(tasks[i].kind, "rtl"))
			continue;
		if (store_sample_indexes(ctx->store, tasks[i].id, &idx, &n, err) < 0)
			return -1;
		for (j = 0; j < ctx->cfg.n; j++)
			if (!has_index(idx, n, j)) {
				ALLOC_GROW(jobs, njobs + 1, alloc);
				jobs[njobs].task = i;
				jobs[njobs].idx = j;
				njobs++;
			}
		free(idx);
	}
	for (i = 0; i < njobs; i++) {
		struct llm_message msg = { "user", tasks[jobs[i].task].prompt };
		struct llm_request req = LLM_REQUEST_INIT;

		req.model = ctx->cfg.model;
		req.temperature = ctx->cfg.temperature;
		req.max_tokens = ctx->cfg.max_tokens;
		req.messages = &msg;
		req.nmessages = 1;
		req.n = 1;
		/* One request per sample, seeded by its index: each is cached on its own. */
		req.has_seed = 1;
		req.seed = (long long)((ctx->cfg.seed + (uint64_t)jobs[i].idx) & 0x7fffffffffffull);
		llm_submit(ctx->llm, &req, &jobs[i]);
	}
	while ((r = llm_next(ctx->llm))) {
		struct llm_job *job = r->userdata;
		struct store_task *t = &tasks[job->task];
		struct llm_sample *s = r->nsamples ? &r->samples[0] : NULL;
		enum extract_status es;
		char h[17];
		int fail;

		if (r->status != LLM_OK || !s || !s->content) {
			buf_setf(err, "LLM request for task '%s' sample %ld failed: %s", t->id, job->idx,
				 r->err.len ? r->err.data : llm_strerror(r->status));
			llm_result_free(r);
			goto out;
		}
		es = extract_code(s->content, "verilog", &code);
		if (es == EXTRACT_NONE) {
			/* Kept as the model wrote it: the grader says why it fails. */
			buf_reset(&code);
			buf_addstr(&code, s->content);
		}
		hash_of(code.data, h);
		{
			struct store_sample smp = {
				.task = t->id, .idx = job->idx, .origin = "llm", .text = code.data,
				.hash = h, .note = es == EXTRACT_FENCE ? NULL : extract_status_name(es),
				.model = ctx->cfg.model, .finish_reason = s->finish_reason,
				.truncated = s->truncated || es == EXTRACT_TRUNCATED,
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
		if (progress_stop(ctx, "sample", ++done, njobs, err))
			goto out;
	}
	ret = 0;
out:
	/* On failure the rest stays queued: the client only hands userdata back
	   through llm_next(), which the caller does not call again; it frees the
	   client (aborting the transfers).  What already arrived is in the cache. */
	buf_release(&code);
	free(jobs);
	return ret;
}

int stage_sample(struct stage_ctx *ctx, struct buf *err)
{
	struct store_task *tasks = NULL;
	size_t ntasks = 0;
	int ret;

	if (stage_sw_is_taskfile(ctx->cfg.tasks))
		return stage_sw_sample(ctx, err);
	if (store_tasks_list(ctx->store, &tasks, &ntasks, err) < 0)
		return -1;
	if (!strcmp(ctx->cfg.generator, "mutate"))
		ret = sample_mutate(ctx, tasks, ntasks, err);
	else if (!strcmp(ctx->cfg.generator, "llm"))
		ret = sample_llm(ctx, tasks, ntasks, err);
	else if (!strncmp(ctx->cfg.generator, "import:", 7))
		ret = sample_import(ctx, ctx->cfg.generator + 7, tasks, ntasks, err);
	else {
		buf_setf(err, "unknown generator '%s'", ctx->cfg.generator);
		ret = -1;
	}
	store_tasks_free(tasks, ntasks);
	return ret;
}

/* ---- grade ---- */

/*
 * The benches a task grades with: validated ones, else (no reference)
 * unvalidated ones.  They are moved to the front of tbs, keeping their
 * order (by name); the rest follow, so store_tbs_free() still frees all.
 */
static size_t gradable(struct store_tb *tbs, size_t ntb, int *validated)
{
	size_t k, nv = 0, n = 0;
	int want;

	for (k = 0; k < ntb; k++)
		nv += tbs[k].status == STORE_TB_VALID;
	*validated = nv > 0;
	want = nv ? STORE_TB_VALID : STORE_TB_UNVALIDATED;
	for (k = 0; k < ntb; k++)
		if (tbs[k].status == want) {
			struct store_tb tmp = tbs[n];

			tbs[n++] = tbs[k];
			tbs[k] = tmp;
		}
	return n;
}

static int cmp_cand_id(const void *key, const void *elem)
{
	return strcmp(key, ((const struct store_cand *)elem)->id);
}

static int cmp_tb_name(const void *key, const void *elem)
{
	return strcmp(key, ((const struct store_tb *)elem)->name);
}

/*
 * What gradebatch_opts.diff needs for task t: diff[k] the generated bench
 * whose single text is exactly gtb[k]'s, for each gradable bench of kind
 * differential (built as stage_testbenches() built it), NULL for the others
 * (human and LLM benches, and a differential bench that cannot be rebuilt
 * byte for byte, e.g. a task folder changed or moved since: those are
 * graded one candidate at a time, counted in ctx->batch_unmatched).
 * Returns the array (ngrad entries; free with free_benches()), or NULL
 * when no bench can be batched.
 */
static struct tbdiff_bench **batch_benches(struct stage_ctx *ctx, const struct store_task *t,
					   const struct store_tb *tbs,
					   const struct grade_testbench *gtb, size_t ngrad)
{
	struct tbdiff_bench **diff = NULL;
	struct buf text = BUF_INIT, why = BUF_INIT;
	struct tbdiff_opts to;
	size_t k, n = 0;

	diff_tb_opts(ctx, t->id, &to);
	for (k = 0; k < ngrad; k++) {
		struct tbdiff_bench *b;

		if (strcmp(tbs[k].kind, "differential") || gtb[k].ref_as || gtb[k].verdict.pass)
			continue;
		buf_reset(&text);
		buf_reset(&why);
		b = t->dir ? tbdiff_bench_new(t->dir, &to, &why) : NULL;
		if (!b || tbdiff_bench_text(b, 0, &text, &why) < 0 || text.len != gtb[k].len ||
		    memcmp(text.data, gtb[k].text, text.len)) {
			tbdiff_bench_free(b);
			ctx->batch_unmatched++;
			continue;
		}
		if (!diff)
			diff = xcalloc(ngrad, sizeof(*diff));
		diff[k] = b;
		n++;
	}
	ctx->batch_benches += n;
	buf_release(&text);
	buf_release(&why);
	return diff;
}

static void free_benches(struct tbdiff_bench **diff, size_t n)
{
	size_t k;

	for (k = 0; diff && k < n; k++)
		tbdiff_bench_free(diff[k]);
	free(diff);
}

int stage_grade(struct stage_ctx *ctx, struct buf *err)
{
	struct store_task *tasks = NULL;
	size_t ntasks = 0, i;
	int ret = -1, nsims = sim_count(ctx->cfg.sims);

	if (stage_sw_is_taskfile(ctx->cfg.tasks))   /* the software runners */
		return stage_sw_grade(ctx, err);
	if (store_tasks_list(ctx->store, &tasks, &ntasks, err) < 0)
		return -1;
	for (i = 0; i < ntasks; i++) {
		const struct store_task *t = &tasks[i];
		struct store_tb *tbs = NULL;
		struct store_cand *cands = NULL;
		struct store_result *res = NULL;
		size_t ntb = 0, ncand = 0, nres = 0, ngrad = 0, k, nmiss = 0;
		long *have = NULL;
		struct grade_testbench *gtb = NULL;
		cJSON **hold = NULL;
		struct grade_candidate *gc = NULL;
		size_t *map = NULL;
		struct grade_cell *cells = NULL;
		size_t ncells = 0;
		struct grade_opts o = ctx->gopts;
		struct tbdiff_bench **diff = NULL;
		struct gradebatch_opts bo;
		struct gradebatch_stats bst;
		int validated, ok = 0;

		if (strcmp(t->kind, "rtl"))  /* graded by the software path's runner */
			continue;
		if (store_tbs_list(ctx->store, t->id, &tbs, &ntb, err) < 0 ||
		    store_cands_list(ctx->store, t->id, &cands, &ncand, err) < 0 ||
		    store_results_list(ctx->store, t->id, &res, &nres, err) < 0)
			goto task_out;
		ngrad = gradable(tbs, ntb, &validated);
		if (!ngrad || !ncand) {
			ok = 1;
			goto task_out;
		}
		/* Count the cells each candidate already has among the gradable ones. */
		have = xcalloc(ncand, sizeof(*have));
		for (k = 0; k < nres; k++) {
			struct store_cand *c = bsearch(res[k].cand, cands, ncand, sizeof(*cands),
						       cmp_cand_id);
			enum sim_kind sk;

			if (c && bsearch(res[k].tb, tbs, ngrad, sizeof(*tbs), cmp_tb_name) &&
			    sim_parse(res[k].sim, &sk) == 0 && (ctx->cfg.sims & (1u << sk)))
				have[c - cands]++;
		}
		gtb = xcalloc(ngrad, sizeof(*gtb));
		hold = xcalloc(ngrad, sizeof(*hold));
		for (k = 0; k < ngrad; k++)
			stage_grade_testbench(t, &tbs[k], &gtb[k], &hold[k]);
		gc = xcalloc(ncand, sizeof(*gc));
		map = xcalloc(ncand, sizeof(*map));
		for (k = 0; k < ncand; k++)
			if (have[k] < (long)(ngrad * (size_t)nsims)) {
				gc[nmiss].name = cands[k].id;
				gc[nmiss].text = cands[k].text;
				gc[nmiss].len = strlen(cands[k].text);
				gc[nmiss].size = gc[nmiss].len;
				map[nmiss++] = k;
			}
		if (!nmiss) {
			ok = 1;
			goto task_out;
		}
		o.sims = ctx->cfg.sims;
		/* One candidate gains nothing from a batch (and rebuilding the
		   bench costs a Yosys run). */
		if (ctx->batch != 1 && nmiss > 1)
			diff = batch_benches(ctx, t, tbs, gtb, ngrad);
		memset(&bo, 0, sizeof(bo));
		bo.batch = ctx->batch;
		bo.diff = (const struct tbdiff_bench *const *)diff;
		if (gradebatch_run(&o, &bo, gtb, (int)ngrad, gc, (int)nmiss, &cells, &ncells, &bst,
				   err) < 0) {
			char *inner = xstrdup(err->data);

			buf_setf(err, "task '%s': %s", t->id, inner);
			free(inner);
			goto task_out;
		}
		if (diff)
			gradebatch_stats_add(&ctx->batch_stats, &bst);
		if (stop_asked(ctx, STAGE_STOP_ABANDON, err))
			goto task_out;   /* the candidates' simulators may have been killed too */
		if (store_begin(ctx->store, err) < 0)
			goto task_out;
		for (k = 0; k < ncells; k++) {
			const struct grade_cell *c = &cells[k];
			struct store_result r = {
				.task = t->id, .cand = cands[map[c->cand]].id, .tb = tbs[c->tb].name,
				.sim = (char *)sim_name(c->sim),
				.outcome = (char *)grade_outcome_name(c->outcome),
				.passed = c->checks_passed, .total = c->checks_total,
				.message = c->message, .wall_ms = c->wall_ms, .signature = NULL,
			};

			if (store_result_put(ctx->store, &r, err) < 0) {
				store_rollback(ctx->store);
				goto task_out;
			}
		}
		if (store_commit(ctx->store, err) < 0)
			goto task_out;
		ctx->done_units += nmiss;
		ok = 1;
task_out:
		grade_cells_free(cells, ncells);
		free_benches(diff, ngrad);
		free(gc);
		for (k = 0; hold && k < ngrad; k++)
			cJSON_Delete(hold[k]);
		free(hold);
		free(gtb);
		free(map);
		free(have);
		store_tbs_free(tbs, ntb);
		store_cands_free(cands, ncand);
		store_results_free(res, nres);
		if (!ok)
			goto out;
		if (progress_stop(ctx, "grade", i + 1, ntasks, err))
			goto out;
	}
	ret = 0;
out:
	store_tasks_free(tasks, ntasks);
	return ret;
}

/* ---- the matrix of a task ---- */

struct task_matrix {
	struct matrix_task m;
	int validated;            /* the tests are validated benches */
	enum score_method method;
};

static int resolve_method(const struct stage_ctx *ctx, int validated, enum score_method *m,
			  struct buf *err)
{
	if (!strcmp(ctx->cfg.method, "auto")) {
		*m = validated ? SCORE_TRUTH : SCORE_B4;
		return 0;
	}
	if (score_method_parse(ctx->cfg.method, m) < 0) {
		buf_setf(err, "unknown method '%s'", ctx->cfg.method);
		return -1;
	}
	return 0;
}

/*
 * Build the pass matrix of task t: candidates (by id) x gradable benches x
 * simulators.  A candidate with no result at all did not run (ok 0).  The
 * candidate's message is its first result that is not a pass.
 */
static int build_matrix(struct stage_ctx *ctx, const struct store_task *t,
			struct task_matrix *tm, struct buf *err)
{
	struct store_tb *tbs = NULL;
	struct store_cand *cands = NULL;
	struct store_result *res = NULL;
	size_t ntb = 0, ncand = 0, nres = 0, ngrad, nsims = 0, k, j;
	enum sim_kind sims[SIM_NKINDS];
	int ret = -1, *seen = NULL, rtl;
	struct buf id = BUF_INIT;

	if (!strcmp(t->kind, "sw")) {   /* tests and ground truth: stage_sw.h */
		if (stage_sw_matrix(ctx, t, &tm->m, &tm->validated, err) < 0)
			return -1;
		return resolve_method(ctx, tm->validated, &tm->method, err) < 0 ? -1 : 0;
	}
	if (store_tbs_list(ctx->store, t->id, &tbs, &ntb, err) < 0 ||
	    store_cands_list(ctx->store, t->id, &cands, &ncand, err) < 0 ||
	    store_results_list(ctx->store, t->id, &res, &nres, err) < 0)
		goto out;
	ngrad = gradable(tbs, ntb, &tm->validated);
	/* RTL: one column per (bench, simulator of the run).  Other kinds (the
	   software path) have one runner: one column per test, whatever its
	   results' `sim` says. */
	rtl = !strcmp(t->kind, "rtl");
	for (k = 0; rtl && k < SIM_NKINDS; k++)
		if (ctx->cfg.sims & (1u << k))
			sims[nsims++] = (enum sim_kind)k;
	if (!rtl)
		nsims = 1;
	if (resolve_method(ctx, tm->validated, &tm->method, err) < 0)
		goto out;
	matrix_task_alloc(&tm->m, ncand, ngrad * nsims);
	free(tm->m.task_id);
	tm->m.task_id = xstrdup(t->id);
	tm->m.prompt = xstrdup(t->prompt);
	for (k = 0; k < ngrad; k++)
		for (j = 0; j < nsims; j++) {
			struct matrix_test *mt = &tm->m.test[k * nsims + j];

			buf_reset(&id);
			if (nsims > 1)
				buf_addf(&id, "%s@%s", tbs[k].name, sim_name(sims[j]));
			else
				buf_addstr(&id, tbs[k].name);
			free(mt->id);
			mt->id = xstrdup(id.data);
			mt->multiplicity = tbs[k].multiplicity > 0 ? (unsigned long)tbs[k].multiplicity : 1;
		}
	seen = xcalloc(ncand + 1, sizeof(*seen));
	for (k = 0; k < ncand; k++) {
		struct matrix_cand *mc = &tm->m.cand[k];

		free(mc->id);
		mc->id = xstrdup(cands[k].id);
		mc->text = xstrdup(cands[k].text);
		mc->multiplicity = cands[k].multiplicity > 0 ? (unsigned long)cands[k].multiplicity : 1;
		mc->ok = 0;
	}
	for (k = 0; k < nres; k++) {
		struct store_cand *c = bsearch(res[k].cand, cands, ncand, sizeof(*cands), cmp_cand_id);
		struct store_tb *b = bsearch(res[k].tb, tbs, ngrad, sizeof(*tbs), cmp_tb_name);
		enum sim_kind sk;
		size_t ci, col;

		if (!c || !b)
			continue;
		if (rtl && (sim_parse(res[k].sim, &sk) < 0 || !(ctx->cfg.sims & (1u << sk))))
			continue;
		ci = (size_t)(c - cands);
		for (j = 0; rtl && j < nsims && sims[j] != sk; j++)
			;
		col = (size_t)(b - tbs) * nsims + j;
		seen[ci]++;
		if (!strcmp(res[k].outcome, "pass")) {
			matrix_set(&tm->m, ci, col, 1);
		} else if (!tm->m.cand[ci].message) {
			buf_reset(&id);
			buf_addf(&id, "%s: %s%s%s", tm->m.test[col].id, res[k].outcome,
				 res[k].message && *res[k].message ? ": " : "",
				 res[k].message ? res[k].message : "");
			tm->m.cand[ci].message = xstrdup(id.data);
		}
	}
	for (k = 0; k < ncand; k++) {
		struct matrix_cand *mc = &tm->m.cand[k];

		/* Ran when every cell has a result; a partly graded candidate is not ranked. */
		mc->ok = tm->m.ntest > 0 && seen[k] == (int)tm->m.ntest;
		if (tm->validated && mc->ok)
			mc->label = score_weighted_passes(&tm->m, k) == tm->m.ntest ?
				    MATRIX_LABEL_RIGHT : MATRIX_LABEL_WRONG;
	}
	ret = 0;
out:
	if (ret < 0)
		matrix_task_release(&tm->m);
	free(seen);
	buf_release(&id);
	store_tbs_free(tbs, ntb);
	store_cands_free(cands, ncand);
	store_results_free(res, nres);
	return ret;
}

int stage_task_matrix(struct stage_ctx *ctx, const struct store_task *t, struct matrix_task *m,
		      enum score_method *method, struct buf *err)
{
	struct task_matrix tm = { MATRIX_TASK_INIT, 0, SCORE_TRUTH };

	if (build_matrix(ctx, t, &tm, err) < 0)
		return -1;
	matrix_task_release(m);
	*m = tm.m;
	*method = tm.method;
	return 0;
}

/* ---- score ---- */

int stage_score(struct stage_ctx *ctx, struct buf *err)
{
	struct store_task *tasks = NULL;
	size_t ntasks = 0, i, k;
	int ret = -1;

	if (store_tasks_list(ctx->store, &tasks, &ntasks, err) < 0)
		return -1;
	for (i = 0; i < ntasks; i++) {
		struct task_matrix tm = { MATRIX_TASK_INIT, 0, SCORE_TRUTH };
		struct score_result r = SCORE_RESULT_INIT;
		int fail = 0;

		if (build_matrix(ctx, &tasks[i], &tm, err) < 0)
			goto out;
		score_task(&tm.m, tm.method, NULL, &r);
		if (store_begin(ctx->store, err) < 0) {
			fail = 1;
		} else {
			fail = store_scores_clear(ctx->store, tasks[i].id, err) < 0;
			for (k = 0; !fail && k < tm.m.ncand; k++)
				fail = store_score_put(ctx->store, tasks[i].id, tm.m.cand[k].id,
						       score_method_name(tm.method), r.score[k],
						       r.group[k] == SIZE_MAX ? -1 : (long)r.group[k],
						       err) < 0;
			if (fail)
				store_rollback(ctx->store);
			else
				fail = store_commit(ctx->store, err) < 0;
		}
		score_result_release(&r);
		matrix_task_release(&tm.m);
		if (fail)
			goto out;
		progress(ctx, "score", i + 1, ntasks);
	}
	ret = 0;
out:
	store_tasks_free(tasks, ntasks);
	return ret;
}

/* ---- pairs ---- */

char *stage_pairs_path(const char *dir, const char *format)
{
	struct buf p = BUF_INIT;

	buf_addf(&p, "%s/pairs.%s.jsonl", dir, format);
	return buf_detach(&p, NULL);
}

static int parse_format(const char *s, enum pairs_format *f)
{
	if (!strcmp(s, "trl"))
		*f = PAIRS_TRL;
	else if (!strcmp(s, "trl-chat"))
		*f = PAIRS_TRL_CHAT;
	else if (!strcmp(s, "kto"))
		*f = PAIRS_KTO;
	else if (!strcmp(s, "llamafactory"))
		*f = PAIRS_LLAMAFACTORY;
	else
		return -1;
	return 0;
}

static int parse_strategy(const char *s, enum pairs_strategy *st)
{
	if (!strcmp(s, "best-worst"))
		*st = PAIRS_BEST_WORST;
	else if (!strcmp(s, "all"))
		*st = PAIRS_ALL;
	else if (!strcmp(s, "dstc"))
		*st = PAIRS_DSTC;
	else
		return -1;
	return 0;
}

static double meta_num(const cJSON *meta, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(meta, key);

	return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

/* Store one record line with the ids and scores its meta names. */
static int put_record(struct stage_ctx *ctx, const char *task, long idx, const char *line,
		      struct buf *err)
{
	cJSON *rec = cJSON_Parse(line);
	const cJSON *meta = cJSON_GetObjectItemCaseSensitive(rec, "meta");
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(meta, "chosen");
	const cJSON *r = cJSON_GetObjectItemCaseSensitive(meta, "rejected");
	const cJSON *one = cJSON_GetObjectItemCaseSensitive(meta, "candidate");
	const cJSON *label = cJSON_GetObjectItemCaseSensitive(rec, "label");
	const char *cs = cJSON_IsString(c) ? c->valuestring : "";
	const char *rs = cJSON_IsString(r) ? r->valuestring : "";
	int ret;

	if (cJSON_IsString(one)) {
		/* KTO: one candidate per line, on the side its label says. */
		if (cJSON_IsTrue(label))
			cs = one->valuestring;
		else
			rs = one->valuestring;
	}
	ret = store_pair_put(ctx->store, task, idx, cs, rs, meta_num(meta, "chosen_score"),
			     meta_num(meta, "rejected_score"), line, err);
	cJSON_Delete(rec);
	return ret;
}

/* Pairs of one task into the store (records split into lines). */
static int task_pairs(struct stage_ctx *ctx, const struct store_task *t, enum pairs_format fmt,
		      enum pairs_strategy strat, struct buf *err)
{
	struct task_matrix tm = { MATRIX_TASK_INIT, 0, SCORE_TRUTH };
	struct pairs_options po = PAIRS_OPTIONS_INIT;
	struct pairs_set set = PAIRS_SET_INIT;
	struct buf out = BUF_INIT;
	const char *drop = NULL;
	size_t k, n = 0;
	int ret = -1;

	if (build_matrix(ctx, t, &tm, err) < 0)
		return -1;
	po.strategy = strat;
	po.method = tm.method;
	po.seed = ctx->cfg.seed;
	if (tm.m.ncand == 0) {
		drop = "no candidates";
	} else if (tm.m.ntest == 0) {
		drop = "no testbench to grade with";
	} else {
		pairs_select(&tm.m, &po, &set);
		if (tm.validated) {
			/* Ground truth: chosen must pass every validated check. */
			for (k = 0; k < set.n; k++)
				if (tm.m.cand[set.pair[k].chosen].ok &&
				    score_weighted_passes(&tm.m, set.pair[k].chosen) == tm.m.ntest)
					set.pair[n++] = set.pair[k];
			if (set.n && !n)
				drop = "no candidate passes every validated check";
			set.n = n;
		}
		if (!set.n && !drop)
			drop = pairs_drop_name(set.drop);
	}
	if (set.n)
		pairs_format(&out, &tm.m, &po, fmt, &set, NULL, NULL);
	if (drop && store_drop_set(ctx->store, t->id, "pairs", drop, err) < 0)
		goto out;
	{
		char *p = out.data, *nl;
		long idx = 0;

		while (*p) {
			nl = strchr(p, '\n');
			if (nl)
				*nl = '\0';
			if (*p && put_record(ctx, t->id, idx, p, err) < 0)
				goto out;
			idx++;
			if (!nl)
				break;
			p = nl + 1;
		}
	}
	ret = 0;
out:
	buf_release(&out);
	pairs_set_release(&set);
	matrix_task_release(&tm.m);
	return ret;
}

struct write_ctx {
	FILE *f;
	struct stage_ctx *ctx;
	const char *last_task;
	size_t ntasks, done;
	char *last;
};

static int write_record(void *vctx, const char *task, const char *record)
{
	struct write_ctx *w = vctx;

	if (!w->last || strcmp(w->last, task)) {
		if (w->last)
			progress(w->ctx, "pairs", ++w->done, w->ntasks);
		free(w->last);
		w->last = xstrdup(task);
	}
	if (fputs(record, w->f) == EOF || fputc('\n', w->f) == EOF)
		return 1;
	return 0;
}

/* Write path atomically: a temporary file, fsync, rename. */
static int write_pairs_file(struct stage_ctx *ctx, const char *path, size_t ntasks,
			    struct buf *err)
{
	struct buf tmp = BUF_INIT;
	struct write_ctx w = { NULL, ctx, NULL, ntasks, 0, NULL };
	int r, ret = -1;

	buf_addf(&tmp, "%s.tmp", path);
	w.f = fopen(tmp.data, "w");
	if (!w.f) {
		buf_setf(err, "cannot write '%s': %s", tmp.data, strerror(errno));
		goto out;
	}
	r = store_pairs_each(ctx->store, write_record, &w, err);
	if (r < 0)
		goto out;
	if (r > 0 || fflush(w.f) || ferror(w.f) || fsync(fileno(w.f))) {
		buf_setf(err, "cannot write '%s': %s", tmp.data, strerror(errno ? errno : EIO));
		goto out;
	}
	r = fclose(w.f);
	w.f = NULL;
	if (r) {
		buf_setf(err, "cannot write '%s': %s", tmp.data, strerror(errno));
		goto out;
	}
	if (rename(tmp.data, path) < 0) {
		buf_setf(err, "cannot rename '%s' to '%s': %s", tmp.data, path, strerror(errno));
		goto out;
	}
	ret = 0;
out:
	if (w.f)
		fclose(w.f);
	if (ret < 0)
		unlink(tmp.data);
	free(w.last);
	buf_release(&tmp);
	return ret;
}

int stage_pairs(struct stage_ctx *ctx, struct buf *err)
{
	struct store_task *tasks = NULL;
	size_t ntasks = 0, i;
	enum pairs_format fmt;
	enum pairs_strategy strat;
	char *path = NULL;
	int ret = -1;

	if (parse_format(ctx->cfg.format, &fmt) < 0 || parse_strategy(ctx->cfg.pairs, &strat) < 0) {
		buf_setf(err, "unknown pairs format '%s' or strategy '%s'", ctx->cfg.format,
			 ctx->cfg.pairs);
		return -1;
	}
	if (store_tasks_list(ctx->store, &tasks, &ntasks, err) < 0)
		return -1;
	if (store_begin(ctx->store, err) < 0)
		goto out;
	if (store_pairs_clear(ctx->store, err) < 0)
		goto fail;
	for (i = 0; i < ntasks; i++)
		if (task_pairs(ctx, &tasks[i], fmt, strat, err) < 0)
			goto fail;
	if (store_commit(ctx->store, err) < 0)
		goto out;
	path = stage_pairs_path(store_dir(ctx->store), ctx->cfg.format);
	if (write_pairs_file(ctx, path, ntasks, err) < 0)
		goto out;
	if (fmt == PAIRS_LLAMAFACTORY) {
		struct buf info = BUF_INIT, ipath = BUF_INIT;
		int r;

		buf_addf(&ipath, "%s/dataset_info.json", store_dir(ctx->store));
		r = pairs_dataset_info(&info, NULL, "veripref_pairs", "pairs.llamafactory.jsonl", err);
		if (!r && buf_write_file(ipath.data, info.data, info.len) < 0) {
			buf_setf(err, "cannot write '%s': %s", ipath.data, strerror(errno));
			r = -1;
		}
		buf_release(&info);
		buf_release(&ipath);
		if (r < 0)
			goto out;
	}
	progress(ctx, "pairs", ntasks, ntasks);
	ret = 0;
	goto out;
fail:
	store_rollback(ctx->store);
out:
	free(path);
	store_tasks_free(tasks, ntasks);
	return ret;
}

/* ---- all stages ---- */

int stage_run(struct stage_ctx *ctx, enum stage_id first, enum stage_id last, struct buf *err)
{
	static int (*const fns[STAGE_NSTAGES])(struct stage_ctx *, struct buf *) = {
		stage_tasks, stage_testbenches, stage_sample, stage_grade, stage_score, stage_pairs,
	};
	int s;

	for (s = (int)first; s <= (int)last && s < STAGE_NSTAGES; s++) {
		double t0 = now_ms(), ms;
		size_t before = ctx->done_units;

		if (progress_stop(ctx, stage_names[s], 0, 0, err))  /* the stage starts */
			return -1;
		if (fns[s](ctx, err) < 0) {
			/* Context for the one-line message: which stage failed. */
			char *inner = xstrdup(err->data);

			buf_setf(err, "%s stage: %s", stage_names[s], inner);
			free(inner);
			return -1;
		}
		ms = now_ms() - t0;
		ctx->stage_ms[s] += ms;
		if (store_stage_mark(ctx->store, stage_names[s], 1, ms,
				     (long)(ctx->done_units - before), err) < 0)
			return -1;
	}
	return 0;
}

int stage_first_missing(struct store *s, enum stage_id last, enum stage_id *first,
			struct buf *err)
{
	int st, d;

	for (st = 0; st < (int)last; st++) {
		d = store_stage_done(s, stage_names[st], err);
		if (d < 0)
			return -1;
		if (!d)
			break;
	}
	*first = (enum stage_id)st;
	return 0;
}
