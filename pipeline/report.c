/*
 * report: the run's summary from its store.  See report.h.
 */
#include "pipeline/report.h"
#include "pipeline/junit.h"
#include "sim/xalloc.h"

#include <stdlib.h>
#include <string.h>

/*
 * Column types for rows(): 's' string (null stays null), 'i' integer,
 * 'f' number.  One object per row with the given names.
 */
struct rows_ctx {
	cJSON *arr;
	const char *const *names;
	const char *types;
};

static int add_row(void *vctx, int ncol, const char *const *col)
{
	struct rows_ctx *r = vctx;
	cJSON *o = cJSON_CreateObject();
	int i;

	for (i = 0; i < ncol && r->types[i]; i++) {
		if (!col[i])
			cJSON_AddNullToObject(o, r->names[i]);
		else if (r->types[i] == 's')
			cJSON_AddStringToObject(o, r->names[i], col[i]);
		else if (r->types[i] == 'i')
			cJSON_AddNumberToObject(o, r->names[i], (double)strtoll(col[i], NULL, 10));
		else
			cJSON_AddNumberToObject(o, r->names[i], strtod(col[i], NULL));
	}
	cJSON_AddItemToArray(r->arr, o);
	return 0;
}

static cJSON *rows(struct store *s, const char *sql, const char *const *names,
		   const char *types, struct buf *err)
{
	struct rows_ctx r = { cJSON_CreateArray(), names, types };

	if (store_query(s, sql, NULL, 0, add_row, &r, err) < 0) {
		cJSON_Delete(r.arr);
		return NULL;
	}
	return r.arr;
}

static double num(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

	return cJSON_IsNumber(v) ? v->valuedouble : 0;
}

static const char *str(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

	return cJSON_IsString(v) ? v->valuestring : "";
}

/* Turn [{k1: a, k2: b, n: x}, ...] into {a: {b: x}} (k2 NULL: {a: x}). */
static cJSON *nest(const cJSON *arr, const char *k1, const char *k2, const char *n)
{
	cJSON *out = cJSON_CreateObject();
	const cJSON *row;

	cJSON_ArrayForEach(row, arr) {
		if (k2) {
			cJSON *inner = cJSON_GetObjectItemCaseSensitive(out, str(row, k1));

			if (!inner)
				inner = cJSON_AddObjectToObject(out, str(row, k1));
			cJSON_AddNumberToObject(inner, str(row, k2), num(row, n));
		} else {
			cJSON_AddNumberToObject(out, str(row, k1), num(row, n));
		}
	}
	return out;
}

static const char tb_status_sql[] =
	"SELECT kind, CASE status WHEN 1 THEN 'kept' WHEN 0 THEN 'rejected'"
	" WHEN 2 THEN 'unvalidated' ELSE 'pending' END, count(*)"
	" FROM testbenches GROUP BY 1, 2 ORDER BY 1, 2";

static const char per_task_sql[] =
	"SELECT t.id,"
	" (SELECT count(*) FROM candidates c WHERE c.task = t.id),"
	/* passing: passes the ground-truth test where the task has one graded
	   (software tasks, whose generated tests may be wrong), else every bench */
	" (SELECT count(*) FROM candidates c WHERE c.task = t.id AND CASE WHEN EXISTS"
	"  (SELECT 1 FROM results r JOIN testbenches b ON b.task = r.task AND b.name = r.tb"
	"   WHERE r.task = t.id AND b.kind = 'truth')"
	"  THEN EXISTS (SELECT 1 FROM results r JOIN testbenches b ON b.task = r.task"
	"   AND b.name = r.tb WHERE r.task = c.task AND r.cand = c.id AND b.kind = 'truth'"
	"   AND r.outcome = 'pass')"
	"  ELSE EXISTS (SELECT 1 FROM results r WHERE r.task = c.task AND r.cand = c.id)"
	"  AND NOT EXISTS (SELECT 1 FROM results r WHERE r.task = c.task AND r.cand = c.id"
	"   AND r.outcome <> 'pass') END),"
	" (SELECT min(method) FROM scores s WHERE s.task = t.id),"
	" (SELECT count(*) FROM pairs p WHERE p.task = t.id)"
	" FROM tasks t ORDER BY t.id";

cJSON *report_build(struct store *s, struct buf *err)
{
	static const char *const kv_names[] = { "key", "value" };
	static const char *const tbs_names[] = { "kind", "status", "n" };
	static const char *const rej_names[] = { "task", "name", "reason" };
	static const char *const origin_names[] = { "origin", "n" };
	static const char *const cand_names[] = { "distinct", "samples", "truncated" };
	static const char *const out_names[] = { "kind", "outcome", "n" };
	static const char *const pairs_names[] = { "records", "tasks" };
	static const char *const drop_names[] = { "task", "stage", "reason" };
	static const char *const task_names[] = { "task", "candidates", "passing", "method", "pairs" };
	static const char *const llm_names[] = { "requests", "prompt_tokens", "completion_tokens",
						 "cached" };
	static const char *const stage_names[] = { "name", "done", "wall_ms", "items" };
	static const char *const ntask_names[] = { "n" };
	cJSON *r = cJSON_CreateObject(), *a, *o, *row, *cfg;
	const char *status[] = { "kept", "rejected", "unvalidated", "pending" };
	struct buf file = BUF_INIT;
	size_t i;

	cJSON_AddStringToObject(r, "run", store_dir(s));

	if (!(a = rows(s, "SELECT key, value FROM config ORDER BY key", kv_names, "ss", err)))
		goto fail;
	cfg = cJSON_AddObjectToObject(r, "config");
	cJSON_ArrayForEach(row, a)
		cJSON_AddStringToObject(cfg, str(row, "key"), str(row, "value"));
	cJSON_Delete(a);

	if (!(a = rows(s, "SELECT count(*) FROM tasks", ntask_names, "i", err)))
		goto fail;
	o = cJSON_AddObjectToObject(r, "tasks");
	cJSON_AddNumberToObject(o, "total", num(cJSON_GetArrayItem(a, 0), "n"));
	cJSON_Delete(a);
	if (!(a = rows(s, "SELECT count(DISTINCT task) FROM drops", ntask_names, "i", err)))
		goto fail;
	cJSON_AddNumberToObject(o, "dropped", num(cJSON_GetArrayItem(a, 0), "n"));
	cJSON_Delete(a);

	if (!(a = rows(s, tb_status_sql, tbs_names, "ssi", err)))
		goto fail;
	o = cJSON_AddObjectToObject(r, "testbenches");
	for (i = 0; i < 4; i++) {
		double n = 0;

		cJSON_ArrayForEach(row, a)
			if (!strcmp(str(row, "status"), status[i]))
				n += num(row, "n");
		cJSON_AddNumberToObject(o, status[i], n);
	}
	cJSON_AddItemToObject(o, "by_kind", nest(a, "kind", "status", "n"));
	cJSON_Delete(a);
	if (!(a = rows(s, "SELECT task, name, reason FROM testbenches WHERE status = 0"
		       " ORDER BY task, name", rej_names, "sss", err)))
		goto fail;
	cJSON_AddItemToObject(o, "rejected_list", a);

	if (!(a = rows(s, "SELECT (SELECT count(*) FROM candidates), (SELECT count(*) FROM samples),"
		       " (SELECT count(*) FROM samples WHERE truncated)", cand_names, "iii", err)))
		goto fail;
	o = cJSON_AddObjectToObject(r, "candidates");
	row = cJSON_GetArrayItem(a, 0);
	for (i = 0; i < 3; i++)
		cJSON_AddNumberToObject(o, cand_names[i], num(row, cand_names[i]));
	cJSON_Delete(a);
	if (!(a = rows(s, "SELECT origin, count(*) FROM candidates GROUP BY 1 ORDER BY 1",
		       origin_names, "si", err)))
		goto fail;
	cJSON_AddItemToObject(o, "by_origin", nest(a, "origin", NULL, "n"));
	cJSON_Delete(a);

	if (!(a = rows(s, "SELECT b.kind, r.outcome, count(*) FROM results r JOIN testbenches b"
		       " ON b.task = r.task AND b.name = r.tb GROUP BY 1, 2 ORDER BY 1, 2",
		       out_names, "ssi", err)))
		goto fail;
	cJSON_AddItemToObject(r, "outcomes", nest(a, "kind", "outcome", "n"));
	cJSON_Delete(a);

	if (!(a = rows(s, "SELECT count(*), count(DISTINCT task) FROM pairs", pairs_names, "ii", err)))
		goto fail;
	o = cJSON_AddObjectToObject(r, "pairs");
	row = cJSON_GetArrayItem(a, 0);
	cJSON_AddNumberToObject(o, "records", num(row, "records"));
	cJSON_AddNumberToObject(o, "tasks", num(row, "tasks"));
	cJSON_Delete(a);
	buf_addf(&file, "%s/pairs.%s.jsonl", store_dir(s), str(cfg, "format"));
	cJSON_AddStringToObject(o, "file", file.data);
	buf_release(&file);

	if (!(a = rows(s, "SELECT task, stage, reason FROM drops ORDER BY task, stage", drop_names,
		       "sss", err)))
		goto fail;
	cJSON_AddItemToObject(r, "dropped", a);

	if (!(a = rows(s, per_task_sql, task_names, "siisi", err)))
		goto fail;
	cJSON_ArrayForEach(row, a) {
		double n = num(row, "candidates");
		cJSON *pr = n > 0 ? cJSON_CreateNumber(num(row, "passing") / n) : cJSON_CreateNull();

		cJSON_AddItemToObject(row, "pass_rate", pr);
	}
	cJSON_AddItemToObject(r, "per_task", a);

	if (!(a = rows(s, "SELECT coalesce(sum(requests), 0), coalesce(sum(prompt_tokens), 0),"
		       " coalesce(sum(completion_tokens), 0), coalesce(sum(cached), 0) FROM usage",
		       llm_names, "iiii", err)))
		goto fail;
	o = cJSON_AddObjectToObject(r, "llm");
	row = cJSON_GetArrayItem(a, 0);
	for (i = 0; i < 4; i++)
		cJSON_AddNumberToObject(o, llm_names[i], num(row, llm_names[i]));
	cJSON_Delete(a);

	if (!(a = rows(s, "SELECT name, done, wall_ms, items FROM stages ORDER BY CASE name"
		       " WHEN 'tasks' THEN 0 WHEN 'testbenches' THEN 1 WHEN 'sample' THEN 2"
		       " WHEN 'grade' THEN 3 WHEN 'score' THEN 4 WHEN 'pairs' THEN 5 ELSE 6 END, name",
		       stage_names, "sifi", err)))
		goto fail;
	cJSON_AddItemToObject(r, "stages", a);
	return r;
fail:
	cJSON_Delete(r);
	return NULL;
}

void report_text(const cJSON *r, struct buf *out)
{
	const cJSON *cfg = cJSON_GetObjectItemCaseSensitive(r, "config");
	const cJSON *o, *row, *e;
	const char *sep;
	size_t width = 16;

	o = cJSON_GetObjectItemCaseSensitive(r, "tasks");
	buf_addf(out, "run %s: %.0f tasks (%.0f dropped); generator %s, method %s, pairs %s, seed %s\n",
		 str(r, "run"), num(o, "total"), num(o, "dropped"), str(cfg, "generator"),
		 str(cfg, "method"), str(cfg, "pairs"), str(cfg, "seed"));

	o = cJSON_GetObjectItemCaseSensitive(r, "testbenches");
	buf_addf(out, "testbenches: %.0f kept, %.0f rejected, %.0f unvalidated, %.0f pending\n",
		 num(o, "kept"), num(o, "rejected"), num(o, "unvalidated"), num(o, "pending"));
	cJSON_ArrayForEach(row, cJSON_GetObjectItemCaseSensitive(o, "rejected_list"))
		buf_addf(out, "  rejected %s/%s: %s\n", str(row, "task"), str(row, "name"),
			 str(row, "reason"));

	o = cJSON_GetObjectItemCaseSensitive(r, "candidates");
	buf_addf(out, "candidates: %.0f distinct from %.0f samples (", num(o, "distinct"),
		 num(o, "samples"));
	sep = "";
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(o, "by_origin")) {
		buf_addf(out, "%s%s %.0f", sep, e->string, e->valuedouble);
		sep = ", ";
	}
	buf_addf(out, "), %.0f truncated\n", num(o, "truncated"));

	cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(r, "outcomes")) {
		buf_addf(out, "outcomes (%s benches):", o->string);
		sep = " ";
		cJSON_ArrayForEach(e, o) {
			buf_addf(out, "%s%.0f %s", sep, e->valuedouble, e->string);
			sep = ", ";
		}
		buf_addch(out, '\n');
	}

	o = cJSON_GetObjectItemCaseSensitive(r, "pairs");
	buf_addf(out, "pairs: %.0f records from %.0f tasks -> %s\n", num(o, "records"),
		 num(o, "tasks"), str(o, "file"));
	cJSON_ArrayForEach(row, cJSON_GetObjectItemCaseSensitive(r, "dropped"))
		buf_addf(out, "  dropped %s (%s): %s\n", str(row, "task"), str(row, "stage"),
			 str(row, "reason"));

	/* The task column is as wide as the longest id (at least 16). */
	cJSON_ArrayForEach(row, cJSON_GetObjectItemCaseSensitive(r, "per_task"))
		if (strlen(str(row, "task")) > width)
			width = strlen(str(row, "task"));
	buf_addf(out, "per task:\n  %-*s %6s %8s %9s %-9s %5s\n", (int)width, "task", "cands",
		 "passing", "pass rate", "method", "pairs");
	cJSON_ArrayForEach(row, cJSON_GetObjectItemCaseSensitive(r, "per_task")) {
		const cJSON *pr = cJSON_GetObjectItemCaseSensitive(row, "pass_rate");

		buf_addf(out, "  %-*s %6.0f %8.0f ", (int)width, str(row, "task"),
			 num(row, "candidates"), num(row, "passing"));
		if (cJSON_IsNumber(pr))
			buf_addf(out, "%8.1f%%", 100 * pr->valuedouble);
		else
			buf_addf(out, "%9s", "-");
		buf_addf(out, " %-9s %5.0f\n", *str(row, "method") ? str(row, "method") : "-",
			 num(row, "pairs"));
	}

	o = cJSON_GetObjectItemCaseSensitive(r, "llm");
	buf_addf(out, "llm: %.0f requests, %.0f prompt tokens, %.0f completion tokens, %.0f cached\n",
		 num(o, "requests"), num(o, "prompt_tokens"), num(o, "completion_tokens"),
		 num(o, "cached"));
	buf_addstr(out, "stages:");
	cJSON_ArrayForEach(row, cJSON_GetObjectItemCaseSensitive(r, "stages"))
		buf_addf(out, " %s %.2f s%s", str(row, "name"), num(row, "wall_ms") / 1e3,
			 num(row, "done") ? "" : " (not done)");
	buf_addch(out, '\n');
}

/* ---- JUnit ---- */

/*
 * One candidate's cells as a JUnit case: a pass when it has results and all
 * pass; a failure when its code is wrong (fail, compile_error, forbidden); an
 * error when it could not finish (timeout, crash); skipped when nothing
 * graded it.  The message names the first cell that did not pass.
 */
static void junit_case_of(struct junit_case *jc, const struct store_cand *c,
			  const struct store_result *r, size_t nr, struct buf *name,
			  struct buf *msg, struct buf *detail)
{
	size_t k;
	double ms = 0;

	buf_reset(name);
	buf_reset(msg);
	buf_reset(detail);
	buf_addf(name, "%s/%s", c->origin, c->id);
	memset(jc, 0, sizeof(*jc));
	jc->classname = c->task;
	jc->status = nr ? JUNIT_PASS : JUNIT_SKIPPED;
	for (k = 0; k < nr; k++) {
		int error = !strcmp(r[k].outcome, "timeout") || !strcmp(r[k].outcome, "crash");

		ms += r[k].wall_ms;
		if (!strcmp(r[k].outcome, "pass"))
			continue;
		buf_addf(detail, "%s/%s: %s, %d of %d checks: %s\n", r[k].tb, r[k].sim,
			 r[k].outcome, r[k].passed, r[k].total,
			 r[k].message ? r[k].message : "");
		if (jc->status == JUNIT_PASS) {
			jc->status = error ? JUNIT_ERROR : JUNIT_FAILURE;
			jc->type = r[k].outcome;
			buf_addf(msg, "%s/%s: %s%s%s", r[k].tb, r[k].sim, r[k].outcome,
				 r[k].message && *r[k].message ? ": " : "",
				 r[k].message ? r[k].message : "");
		}
	}
	if (!nr)
		buf_addstr(msg, "not graded: the task has no gradable testbench");
	jc->name = name->data;
	jc->time_s = ms / 1000.0;
	jc->message = msg->len ? msg->data : NULL;
	jc->detail = detail->len ? detail->data : NULL;
}

int report_junit(struct store *s, FILE *f, struct buf *err)
{
	struct store_cand *c = NULL;
	struct store_result *r = NULL;
	size_t nc = 0, nr = 0, i, k = 0;
	struct junit_case *cases = NULL;
	struct buf *names = NULL, *msgs = NULL, *details = NULL;
	int ret = -1;

	if (store_cands_list(s, NULL, &c, &nc, err) < 0 ||
	    store_results_list(s, NULL, &r, &nr, err) < 0)
		goto out;
	cases = xcalloc(nc ? nc : 1, sizeof(*cases));
	names = xcalloc(nc ? nc : 1, sizeof(*names));
	msgs = xcalloc(nc ? nc : 1, sizeof(*msgs));
	details = xcalloc(nc ? nc : 1, sizeof(*details));
	/* Both lists are sorted by (task, candidate): walk them together. */
	for (i = 0; i < nc; i++) {
		size_t first;

		while (k < nr && (strcmp(r[k].task, c[i].task) < 0 ||
				  (!strcmp(r[k].task, c[i].task) && strcmp(r[k].cand, c[i].id) < 0)))
			k++;
		first = k;
		while (k < nr && !strcmp(r[k].task, c[i].task) && !strcmp(r[k].cand, c[i].id))
			k++;
		junit_case_of(&cases[i], &c[i], r + first, k - first, &names[i], &msgs[i],
			      &details[i]);
	}
	ret = junit_write(f, "veripref", cases, nc, err);
out:
	for (i = 0; names && i < nc; i++) {
		buf_release(&names[i]);
		buf_release(&msgs[i]);
		buf_release(&details[i]);
	}
	free(names);
	free(msgs);
	free(details);
	free(cases);
	store_cands_free(c, nc);
	store_results_free(r, nr);
	return ret;
}
