/*
 * swtask: task files and samples files of the software path.  See swtask.h.
 *
 * Files are read whole (through gzip -dc for .gz) and split at newlines;
 * each line is one cJSON document.  The layout of a line is recognised by
 * its keys, so one reader serves HumanEval, EvalPlus, MBPP and CodeT files.
 */
#include "pipeline/swtask.h"
#include "sim/run.h"
#include "sim/xalloc.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *sw_lang_name(enum sw_lang l)
{
	return l == SW_LANG_C ? "c" : "python";
}

static void task_release(struct sw_task *t)
{
	free(t->task_id);
	free(t->prompt);
	free(t->entry_point);
	free(t->canonical_solution);
	free(t->test);
}

void sw_taskset_release(struct sw_taskset *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->n; i++)
		task_release(&s->v[i]);
	free(s->v);
	s->v = NULL;
	s->n = s->alloc = 0;
}

void sw_samples_release(struct sw_samples *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->n; i++)
		free(s->v[i].text);
	free(s->v);
	s->v = NULL;
	s->n = s->alloc = 0;
	s->unmatched = 0;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

int sw_read_file(const char *path, struct buf *out, struct buf *err)
{
	if (ends_with(path, ".gz")) {
		const char *argv[] = { "gzip", "-dc", "--", path, NULL };
		struct run_cmd cmd;
		struct run_result res = RUN_RESULT_INIT;
		int ret = -1;

		memset(&cmd, 0, sizeof(cmd));
		cmd.argv = argv;
		cmd.lim.wall_sec = 600;
		cmd.lim.out_cap = (size_t)1 << 30;
		if (run_command(&cmd, &res) != RUN_OK) {
			const char *m = res.err.data;

			buf_rtrim(&res.err);
			while (*m == '\n' || *m == ' ')
				m++;
			if (res.status == RUN_SPAWN_ERROR)
				buf_setf(err, "cannot run gzip for '%s': %s", path,
					 strerror(res.spawn_errno));
			else
				buf_setf(err, "cannot decompress '%s': %s", path,
					 *m ? m : run_strstatus(res.status));
		} else if (res.out.truncated) {
			buf_setf(err, "'%s' decompresses to more than 1 GiB", path);
		} else {
			buf_add(out, res.out.data, res.out.len);
			ret = 0;
		}
		run_result_release(&res);
		return ret;
	}
	if (buf_read_file(out, path) < 0) {
		buf_setf(err, "cannot open '%s': %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* The string member key of o, or NULL. */
static const char *str_of(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* A task id from a string or an integer member (MBPP numbers its tasks). */
static char *id_of(const cJSON *o, const char *prefix)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, "task_id");
	char num[64];

	if (cJSON_IsString(v))
		return xstrdup(v->valuestring);
	if (cJSON_IsNumber(v)) {
		snprintf(num, sizeof(num), "%s%lld", prefix, (long long)v->valuedouble);
		return xstrdup(num);
	}
	return NULL;
}

/* The function an MBPP assert calls: the first identifier followed by '('
   after "assert". */
static char *mbpp_entry(const char *test)
{
	const char *p = strstr(test, "assert");

	if (!p)
		return NULL;
	p += 6;
	while (*p) {
		const char *s;

		while (*p && !(isalpha((unsigned char)*p) || *p == '_'))
			p++;
		s = p;
		while (isalnum((unsigned char)*p) || *p == '_')
			p++;
		if (p > s && *p == '(' &&
		    !(p - s == 3 && !strncmp(s, "set", 3)) &&
		    !(p - s == 4 && !strncmp(s, "math", 4)))
			return xstrndup(s, (size_t)(p - s));
	}
	return NULL;
}

/* One line of a task file into t.  0, or -1 with a message in msg. */
static int parse_task(const cJSON *o, struct sw_task *t, struct buf *msg)
{
	const char *s;

	memset(t, 0, sizeof(*t));
	if (str_of(o, "prompt") && str_of(o, "entry_point")) {
		/* HumanEval, HumanEval+, MBPP+ */
		if (!(t->task_id = id_of(o, ""))) {
			buf_setf(msg, "missing string \"task_id\"");
			return -1;
		}
		t->prompt = xstrdup(str_of(o, "prompt"));
		t->entry_point = xstrdup(str_of(o, "entry_point"));
		if ((s = str_of(o, "canonical_solution")))
			t->canonical_solution = xstrdup(s);
		if ((s = str_of(o, "test")) && *s)
			t->test = xstrdup(s);
		if ((s = str_of(o, "language"))) {
			if (!strcmp(s, "c"))
				t->lang = SW_LANG_C;
			else if (strcmp(s, "python")) {
				buf_setf(msg, "unknown \"language\" '%s' (python or c)", s);
				return -1;
			}
		}
		return 0;
	}
	if (str_of(o, "text") && cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(o, "test_list"))) {
		/* MBPP: the problem text as a docstring, the asserts in a check() */
		const cJSON *tl = cJSON_GetObjectItemCaseSensitive(o, "test_list"), *x;
		struct buf b = BUF_INIT;

		if (!(t->task_id = id_of(o, "MBPP/"))) {
			buf_setf(msg, "missing \"task_id\"");
			return -1;
		}
		x = cJSON_GetArrayItem(tl, 0);
		if (!cJSON_IsString(x) || !(t->entry_point = mbpp_entry(x->valuestring))) {
			buf_setf(msg, "cannot find the function the first test calls");
			return -1;
		}
		buf_addstr(&b, "\"\"\"\n");
		for (s = str_of(o, "text"); *s; s++) {
			if (*s == '"' && s[1] == '"' && s[2] == '"')
				buf_addch(&b, '\\');
			buf_addch(&b, *s);
		}
		buf_addstr(&b, "\n\"\"\"\n");
		t->prompt = buf_detach(&b, NULL);
		if ((s = str_of(o, "code")))
			t->canonical_solution = xstrdup(s);
		if ((s = str_of(o, "test_setup_code")) && *s)
			buf_addf(&b, "%s\n", s);
		buf_addstr(&b, "def check(candidate):\n");
		cJSON_ArrayForEach(x, tl)
			if (cJSON_IsString(x))
				buf_addf(&b, "    %s\n", x->valuestring);
		t->test = buf_detach(&b, NULL);
		return 0;
	}
	buf_setf(msg, "not a task: expected \"prompt\" and \"entry_point\" (HumanEval) "
		 "or \"text\" and \"test_list\" (MBPP)");
	return -1;
}

long sw_task_find(const struct sw_taskset *s, const char *task_id)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (!strcmp(s->v[i].task_id, task_id))
			return (long)i;
	return -1;
}

/*
 * Call fn for every non-blank line of the file's text as a cJSON object.
 * fn returns 0, or -1 with a message (without file and line) in msg.
 */
static int each_line(const char *path, struct buf *err,
		     int (*fn)(void *ctx, const cJSON *o, struct buf *msg), void *ctx)
{
	struct buf text = BUF_INIT, msg = BUF_INIT;
	const char *p, *nl;
	size_t lineno = 0;
	int ret = -1;

	if (sw_read_file(path, &text, err) < 0)
		return -1;
	for (p = text.data; p < text.data + text.len; p = nl + 1) {
		cJSON *o;
		const char *q;

		nl = memchr(p, '\n', (size_t)(text.data + text.len - p));
		if (!nl)
			nl = text.data + text.len;
		lineno++;
		for (q = p; q < nl && isspace((unsigned char)*q); q++)
			;
		if (q == nl)
			continue;
		o = cJSON_ParseWithLength(p, (size_t)(nl - p));
		if (!cJSON_IsObject(o)) {
			cJSON_Delete(o);
			buf_setf(err, "'%s' line %zu: not a JSON object", path, lineno);
			goto out;
		}
		buf_reset(&msg);
		if (fn(ctx, o, &msg) < 0) {
			cJSON_Delete(o);
			buf_setf(err, "'%s' line %zu: %s", path, lineno, msg.data);
			goto out;
		}
		cJSON_Delete(o);
	}
	ret = 0;
out:
	buf_release(&text);
	buf_release(&msg);
	return ret;
}

static int add_task(void *ctx, const cJSON *o, struct buf *msg)
{
	struct sw_taskset *s = ctx;
	struct sw_task t;

	if (parse_task(o, &t, msg) < 0) {
		task_release(&t);
		return -1;
	}
	if (sw_task_find(s, t.task_id) >= 0) {
		buf_setf(msg, "task '%s' appears twice", t.task_id);
		task_release(&t);
		return -1;
	}
	ALLOC_GROW(s->v, s->n + 1, s->alloc);
	s->v[s->n++] = t;
	return 0;
}

int sw_tasks_load(const char *path, struct sw_taskset *s, struct buf *err)
{
	return each_line(path, err, add_task, s);
}

struct samples_ctx {
	const struct sw_taskset *ts;
	struct sw_samples *out;
	int tests;
};

static void add_sample(struct sw_samples *out, size_t task, const char *text, int completion)
{
	ALLOC_GROW(out->v, out->n + 1, out->alloc);
	out->v[out->n].task = task;
	out->v[out->n].text = xstrdup(text);
	out->v[out->n].is_completion = completion;
	out->v[out->n].verbatim = 0;
	out->n++;
}

/* Prompts compare without trailing whitespace (CodeT strips them). */
static int same_prompt(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);

	while (na && isspace((unsigned char)a[na - 1]))
		na--;
	while (nb && isspace((unsigned char)b[nb - 1]))
		nb--;
	return na == nb && !memcmp(a, b, na);
}

static int add_samples_line(void *vctx, const cJSON *o, struct buf *msg)
{
	struct samples_ctx *c = vctx;
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(o, "samples"), *x;
	const char *s;
	long ti = -1;
	size_t i;
	char *id;

	if (cJSON_IsArray(arr) && str_of(o, "prompt")) {
		/* CodeT layout: matched by prompt */
		for (i = 0; i < c->ts->n && ti < 0; i++)
			if (same_prompt(c->ts->v[i].prompt, str_of(o, "prompt")))
				ti = (long)i;
		if (ti < 0) {
			c->out->unmatched++;
			return 0;
		}
		cJSON_ArrayForEach(x, arr) {
			if (!cJSON_IsString(x)) {
				buf_setf(msg, "\"samples\" holds a non-string");
				return -1;
			}
			if (c->tests) {
				/* the text after the prompt's "assert" */
				struct buf b = BUF_INIT;
				const char *p = x->valuestring;

				while (isspace((unsigned char)*p))
					p++;
				if (strncmp(p, "assert", 6))
					buf_addstr(&b, "assert");
				buf_addstr(&b, x->valuestring);
				add_sample(c->out, (size_t)ti, b.data, 0);
				buf_release(&b);
			} else {
				add_sample(c->out, (size_t)ti, x->valuestring, 1);
			}
		}
		return 0;
	}
	if (!(id = id_of(o, ""))) {
		buf_setf(msg, "expected \"task_id\" or the CodeT layout {\"prompt\", \"samples\"}");
		return -1;
	}
	ti = sw_task_find(c->ts, id);
	if (ti < 0) {
		/* MBPP numbers: also try "MBPP/<n>" */
		char alt[80];

		snprintf(alt, sizeof(alt), "MBPP/%s", id);
		ti = sw_task_find(c->ts, alt);
	}
	free(id);
	if (ti < 0) {
		c->out->unmatched++;
		return 0;
	}
	if (c->tests) {
		arr = cJSON_GetObjectItemCaseSensitive(o, "tests");
		if (cJSON_IsArray(arr)) {
			cJSON_ArrayForEach(x, arr)
				if (cJSON_IsString(x)) {
					add_sample(c->out, (size_t)ti, x->valuestring, 0);
					c->out->v[c->out->n - 1].verbatim = 1;
				}
			return 0;
		}
		if ((s = str_of(o, "test")) || (s = str_of(o, "completion"))) {
			add_sample(c->out, (size_t)ti, s, 0);
			return 0;
		}
		buf_setf(msg, "expected \"test\" or \"tests\"");
		return -1;
	}
	if ((s = str_of(o, "solution"))) {
		add_sample(c->out, (size_t)ti, s, 0);
		return 0;
	}
	if ((s = str_of(o, "completion"))) {
		add_sample(c->out, (size_t)ti, s, 1);
		return 0;
	}
	buf_setf(msg, "expected \"solution\" or \"completion\"");
	return -1;
}

int sw_samples_load(const char *path, const struct sw_taskset *ts, int tests,
		    struct sw_samples *out, struct buf *err)
{
	struct samples_ctx c = { ts, out, tests };

	return each_line(path, err, add_samples_line, &c);
}
