/*
 * task: load and validate a task directory.  See task.h.
 *
 * Validation keeps going after a problem so that one run lists them all;
 * checks that depend on a broken input (the ports of a top module that is
 * not declared) are skipped rather than reported twice.
 */
#include "testbench/task.h"
#include "testbench/vadapt.h"
#include "sim/xalloc.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void task_init(struct task *t)
{
	memset(t, 0, sizeof(*t));
}

void task_release(struct task *t)
{
	size_t i;

	if (!t)
		return;
	free(t->dir);
	free(t->id);
	free(t->top);
	free(t->clock);
	free(t->reset);
	for (i = 0; i < t->ntags; i++)
		free(t->tags[i]);
	free(t->tags);
	free(t->spec);
	free(t->ref);
	vmod_ports_release(&t->ports);
	for (i = 0; i < t->ntbs; i++) {
		free(t->tbs[i].name);
		free(t->tbs[i].path);
		free(t->tbs[i].text);
		free(t->tbs[i].ref_module);
		free(t->tbs[i].verdict_pass);
		free(t->tbs[i].verdict_fail);
		free(t->tbs[i].verdict_count);
	}
	free(t->tbs);
	task_init(t);
}

const char *task_kind_name(enum task_kind kind)
{
	return kind == TASK_SEQ ? "seq" : "comb";
}

__attribute__((format(printf, 2, 3)))
static void problem(struct buf *err, const char *fmt, ...)
{
	va_list ap;

	if (err->len)
		buf_addch(err, '\n');
	va_start(ap, fmt);
	buf_vaddf(err, fmt, ap);
	va_end(ap);
}

/* Read path whole; 0, or -1 with errno (ENOENT, EFBIG, ...). */
static int slurp(const char *path, char **data, size_t *len)
{
	struct buf b;
	struct stat st;

	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		errno = EISDIR;
		return -1;
	}
	buf_init(&b, TASK_FILE_MAX);
	if (buf_read_file(&b, path)) {
		int e = errno;
		buf_release(&b);
		errno = e;
		return -1;
	}
	*data = buf_detach(&b, len);
	return 0;
}

static const char *read_error(int e)
{
	return e == EFBIG ? "larger than 16 MiB" : strerror(e);
}

static int is_identifier(const char *s)
{
	const char *p = s;

	if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p == '_'))
		return 0;
	for (p++; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '_' || *p == '$'))
			return 0;
	return 1;
}

/* Line (1-based) of position pos in s. */
static unsigned long line_of(const char *s, const char *pos)
{
	unsigned long n = 1;
	for (; s < pos && *s; s++)
		if (*s == '\n')
			n++;
	return n;
}

struct jctx {
	const char *file;  /* "<dir>/task.json" */
	struct buf *err;
	const cJSON *root;
};

/* The field if present (NULL and a problem if missing). */
static const cJSON *field(struct jctx *j, const char *name)
{
	const cJSON *f = cJSON_GetObjectItemCaseSensitive(j->root, name);
	if (!f)
		problem(j->err, "%s: field '%s' is missing.", j->file, name);
	return f;
}

static char *get_string(struct jctx *j, const char *name, int nullable, int *ok)
{
	const cJSON *f = field(j, name);

	if (!f) {
		*ok = 0;
		return NULL;
	}
	if (nullable && cJSON_IsNull(f))
		return NULL;
	if (!cJSON_IsString(f) || !f->valuestring) {
		problem(j->err, "%s: field '%s' must be a string%s.", j->file, name,
			nullable ? " or null" : "");
		*ok = 0;
		return NULL;
	}
	if (!*f->valuestring) {
		problem(j->err, "%s: field '%s' must not be empty.", j->file, name);
		*ok = 0;
		return NULL;
	}
	return xstrdup(f->valuestring);
}

/* Index of the value among choices, or -1 (with a problem). */
static int get_enum(struct jctx *j, const char *name, const char *a, const char *b)
{
	const cJSON *f = field(j, name);

	if (!f)
		return -1;
	if (cJSON_IsString(f) && f->valuestring) {
		if (!strcmp(f->valuestring, a))
			return 0;
		if (!strcmp(f->valuestring, b))
			return 1;
		problem(j->err, "%s: field '%s' must be \"%s\" or \"%s\", not \"%.64s\".", j->file,
			name, a, b, f->valuestring);
		return -1;
	}
	problem(j->err, "%s: field '%s' must be \"%s\" or \"%s\".", j->file, name, a, b);
	return -1;
}

static void check_duplicates(struct jctx *j)
{
	const cJSON *a, *b;

	for (a = j->root->child; a; a = a->next) {
		if (!a->string)
			continue;
		for (b = j->root->child; b != a; b = b->next)
			if (b->string && !strcmp(a->string, b->string))
				break;
		if (b != a)
			continue;  /* reported at its first occurrence */
		for (b = a->next; b; b = b->next)
			if (b->string && !strcmp(a->string, b->string)) {
				problem(j->err, "%s: field '%.64s' appears more than once.", j->file,
					a->string);
				break;
			}
	}
}

/* "<a>/<b>", freshly allocated. */
static char *path_join(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);
	char *p = xmalloc(na + nb + 2);

	memcpy(p, a, na);
	p[na] = '/';
	memcpy(p + na + 1, b, nb + 1);
	return p;
}

static const char *basename_of(const char *dir)
{
	const char *s = strrchr(dir, '/');
	return s ? s + 1 : dir;
}

/* Fields of task.json; returns 0 when every field is valid. */
static int load_json(struct task *t, const char *file, cJSON **keep, struct buf *err)
{
	struct jctx j = { file, err, NULL };
	cJSON *root = NULL;
	char *text = NULL;
	size_t len;
	const char *end = NULL;
	const cJSON *f;
	int ok = 1, v;
	size_t before = err->len;

	if (slurp(file, &text, &len)) {
		problem(err, "%s: cannot read: %s.", file, read_error(errno));
		return -1;
	}
	if (strlen(text) != len) {
		problem(err, "%s: contains a NUL byte.", file);
		goto out;
	}
	root = cJSON_ParseWithOpts(text, &end, 1);
	if (!root) {
		problem(err, "%s: invalid JSON at line %lu.", file,
			line_of(text, end ? end : text + len));
		goto out;
	}
	if (!cJSON_IsObject(root)) {
		problem(err, "%s: the top level must be an object.", file);
		goto out;
	}
	j.root = root;
	check_duplicates(&j);

	t->id = get_string(&j, "id", 0, &ok);
	if (t->id && strcmp(t->id, basename_of(t->dir)))
		problem(err, "%s: field 'id' is \"%.64s\" but the directory is named \"%s\".", file,
			t->id, basename_of(t->dir));
	t->top = get_string(&j, "top", 0, &ok);
	if (t->top && !is_identifier(t->top)) {
		problem(err, "%s: field 'top' must be a Verilog identifier, not \"%.64s\".", file,
			t->top);
		free(t->top);
		t->top = NULL;
	}
	t->clock = get_string(&j, "clock", 1, &ok);
	t->reset = get_string(&j, "reset", 1, &ok);
	v = get_enum(&j, "reset_active", "high", "low");
	t->reset_active_high = v == 0;
	if ((f = field(&j, "reset_sync"))) {
		if (cJSON_IsBool(f))
			t->reset_sync = cJSON_IsTrue(f);
		else
			problem(err, "%s: field 'reset_sync' must be true or false.", file);
	}
	v = get_enum(&j, "kind", "comb", "seq");
	t->kind = v == 1 ? TASK_SEQ : TASK_COMB;
	if (v == 1 && cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(root, "clock")))
		problem(err, "%s: field 'kind' is \"seq\" but field 'clock' is null.", file);
	if ((f = field(&j, "tags"))) {
		const cJSON *e;
		int bad = !cJSON_IsArray(f);
		cJSON_ArrayForEach(e, f)
			if (!cJSON_IsString(e) || !e->valuestring)
				bad = 1;
		if (bad) {
			problem(err, "%s: field 'tags' must be an array of strings.", file);
		} else {
			t->tags = xcalloc((size_t)cJSON_GetArraySize(f) + 1, sizeof(*t->tags));
			cJSON_ArrayForEach(e, f)
				t->tags[t->ntags++] = xstrdup(e->valuestring);
		}
	}
out:
	if (keep && j.root) {
		*keep = root;
		root = NULL;
	}
	cJSON_Delete(root);
	free(text);
	return err->len == before ? 0 : -1;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(((const struct task_tb *)a)->name, ((const struct task_tb *)b)->name);
}

static void load_tbs(struct task *t, struct buf *err)
{
	char *tbdir = NULL;
	struct stat st;
	DIR *d = NULL;
	struct dirent *e;
	size_t alloc = 0, i;

	tbdir = path_join(t->dir, "tb");
	if (stat(tbdir, &st)) {
		if (errno != ENOENT)
			problem(err, "%s: cannot read: %s.", tbdir, strerror(errno));
		goto out;
	}
	if (!S_ISDIR(st.st_mode)) {
		problem(err, "%s: not a directory.", tbdir);
		goto out;
	}
	if (!(d = opendir(tbdir))) {
		problem(err, "%s: cannot read: %s.", tbdir, strerror(errno));
		goto out;
	}
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);
		if (e->d_name[0] == '.' || n < 3 || strcmp(e->d_name + n - 2, ".v"))
			continue;
		ALLOC_GROW(t->tbs, t->ntbs + 1, alloc);
		memset(&t->tbs[t->ntbs], 0, sizeof(t->tbs[0]));
		t->tbs[t->ntbs].name = xstrdup(e->d_name);
		t->tbs[t->ntbs].path = path_join(tbdir, e->d_name);
		t->ntbs++;
	}
	if (t->ntbs)   /* qsort(NULL, 0, ...) is undefined behaviour */
		qsort(t->tbs, t->ntbs, sizeof(*t->tbs), cmp_name);
	for (i = 0; i < t->ntbs; i++)
		if (slurp(t->tbs[i].path, &t->tbs[i].text, &t->tbs[i].len))
			problem(err, "%s: cannot read: %s.", t->tbs[i].path, read_error(errno));
out:
	if (d)
		closedir(d);
	free(tbdir);
}

static void check_port(struct task *t, const char *file, const char *which, const char *name,
		       struct buf *err)
{
	const struct vmod_port *p = vmod_ports_find(&t->ports, name);

	if (!p)
		problem(err, "%s: field '%s' names '%.64s', which is not a port of module '%s' in ref.v.",
			file, which, name, t->top);
	else if (p->dir != VMOD_INPUT)
		problem(err, "%s: field '%s' names '%.64s', which is an %s of module '%s' in ref.v, not an input.",
			file, which, name, vmod_dir_name(p->dir), t->top);
	else if (p->width > 1)
		problem(err, "%s: field '%s' names '%.64s', which is %lu bits wide in ref.v, not 1.",
			file, which, name, p->width);
}

static struct task_tb *find_tb(struct task *t, const char *name)
{
	size_t i;

	for (i = 0; i < t->ntbs; i++)
		if (!strcmp(t->tbs[i].name, name))
			return &t->tbs[i];
	return NULL;
}

/* One "tb_ref_module" value for bench tb (NULL: every bench). */
static void set_ref_module(struct task *t, const char *file, const char *where,
			   const cJSON *v, struct task_tb *tb, struct buf *err)
{
	size_t i;

	if (!cJSON_IsString(v) || !v->valuestring || !is_identifier(v->valuestring)) {
		problem(err, "%s: %s must be a Verilog module name.", file, where);
		return;
	}
	if (t->top && !strcmp(v->valuestring, t->top)) {
		problem(err, "%s: %s is \"%s\", the name of the module candidates write; the reference needs another name.",
			file, where, v->valuestring);
		return;
	}
	for (i = 0; i < t->ntbs; i++)
		if (!tb || tb == &t->tbs[i]) {
			free(t->tbs[i].ref_module);
			t->tbs[i].ref_module = xstrdup(v->valuestring);
		}
}

/* One "tb_verdict" rule set for bench tb (NULL: every bench). */
static void set_verdict(struct task *t, const char *file, const char *where,
			const cJSON *v, struct task_tb *tb, struct buf *err)
{
	static const char *const keys[] = { "pass", "fail", "count" };
	const char *pat[3] = { NULL, NULL, NULL };
	struct vadapt_rules r;
	struct vadapt a;
	struct buf why = BUF_INIT;
	const cJSON *e;
	size_t i, k;

	cJSON_ArrayForEach(e, v) {
		for (k = 0; k < 3; k++)
			if (e->string && !strcmp(e->string, keys[k]))
				break;
		if (k == 3) {
			problem(err, "%s: %s has an unknown rule '%.64s' (rules: pass, fail, count).",
				file, where, e->string ? e->string : "");
			return;
		}
		if (!cJSON_IsString(e) || !e->valuestring || !*e->valuestring) {
			problem(err, "%s: %s: rule '%s' must be a non-empty string.", file, where, keys[k]);
			return;
		}
		pat[k] = e->valuestring;
	}
	if (!pat[0]) {
		problem(err, "%s: %s: rule 'pass' is missing.", file, where);
		return;
	}
	r.pass = pat[0];
	r.fail = pat[1];
	r.count = pat[2];
	if (vadapt_compile(&a, &r, &why) < 0) {
		problem(err, "%s: %s: %s.", file, where, why.data);
		buf_release(&why);
		return;
	}
	vadapt_release(&a);
	buf_release(&why);
	for (i = 0; i < t->ntbs; i++)
		if (!tb || tb == &t->tbs[i]) {
			free(t->tbs[i].verdict_pass);
			free(t->tbs[i].verdict_fail);
			free(t->tbs[i].verdict_count);
			t->tbs[i].verdict_pass = xstrdup(pat[0]);
			t->tbs[i].verdict_fail = pat[1] ? xstrdup(pat[1]) : NULL;
			t->tbs[i].verdict_count = pat[2] ? xstrdup(pat[2]) : NULL;
		}
}

static int is_rule_object(const cJSON *v)
{
	return cJSON_GetObjectItemCaseSensitive(v, "pass") ||
	       cJSON_GetObjectItemCaseSensitive(v, "fail") ||
	       cJSON_GetObjectItemCaseSensitive(v, "count");
}

/*
 * "tb_ref_module" and "tb_verdict": one value for all benches, or an object
 * keyed by bench file names.  Runs after the benches are loaded.
 */
static void load_tb_fields(struct task *t, const char *file, const cJSON *root,
			   struct buf *err)
{
	static const char *const fields[] = { "tb_ref_module", "tb_verdict" };
	struct buf where = BUF_INIT;
	size_t f;

	for (f = 0; f < 2; f++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, fields[f]), *e;
		int per_bench;

		if (!v)
			continue;
		per_bench = cJSON_IsObject(v) && (f == 0 || !is_rule_object(v));
		if (f == 0 && !t->ref)
			problem(err, "%s: field 'tb_ref_module' needs the reference ref.v.", file);
		if (!per_bench) {
			buf_reset(&where);
			buf_addf(&where, "field '%s'", fields[f]);
			if (f == 0)
				set_ref_module(t, file, where.data, v, NULL, err);
			else if (cJSON_IsObject(v))
				set_verdict(t, file, where.data, v, NULL, err);
			else
				problem(err, "%s: field 'tb_verdict' must be an object.", file);
			continue;
		}
		cJSON_ArrayForEach(e, v) {
			struct task_tb *tb = find_tb(t, e->string);

			buf_reset(&where);
			buf_addf(&where, "field '%s' entry '%.64s'", fields[f], e->string);
			if (!tb) {
				problem(err, "%s: %s names no testbench in tb/.", file, where.data);
				continue;
			}
			if (f == 0)
				set_ref_module(t, file, where.data, e, tb, err);
			else if (cJSON_IsObject(e))
				set_verdict(t, file, where.data, e, tb, err);
			else
				problem(err, "%s: %s must be an object of rules.", file, where.data);
		}
	}
	buf_release(&where);
}

int task_load(struct task *t, const char *dir, struct buf *err)
{
	char *json = NULL, *spec = NULL, *ref = NULL;
	cJSON *root = NULL;
	struct buf why = BUF_INIT;
	struct stat st;
	size_t n, i;

	task_init(t);
	buf_reset(err);
	n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		n--;
	t->dir = xstrndup(dir, n);
	if (stat(t->dir, &st)) {
		problem(err, "%s: cannot open the task directory: %s.", t->dir, strerror(errno));
		goto fail;
	}
	if (!S_ISDIR(st.st_mode)) {
		problem(err, "%s: not a directory.", t->dir);
		goto fail;
	}
	json = path_join(t->dir, "task.json");
	spec = path_join(t->dir, "spec.md");
	ref = path_join(t->dir, "ref.v");

	load_json(t, json, &root, err);

	if (slurp(spec, &t->spec, &t->spec_len)) {
		if (errno == ENOENT)
			problem(err, "%s: missing; every task needs a specification.", spec);
		else
			problem(err, "%s: cannot read: %s.", spec, read_error(errno));
	} else {
		for (i = 0; i < t->spec_len && strchr(" \t\r\n", t->spec[i]) && t->spec[i]; i++)
			;
		if (i == t->spec_len)
			problem(err, "%s: the specification is empty.", spec);
	}

	if (slurp(ref, &t->ref, &t->ref_len)) {
		if (errno != ENOENT)
			problem(err, "%s: cannot read: %s.", ref, read_error(errno));
		t->ref = NULL;
	} else if (t->top) {
		struct vmod_list mods = VMOD_LIST_INIT;
		vmod_declared(t->ref, t->ref_len, &mods);
		if (!vmod_list_has(&mods, t->top)) {
			problem(err, "%s: module '%s' (field 'top' of task.json) is not declared.", ref,
				t->top);
		} else if (vmod_ports(t->ref, t->ref_len, t->top, &t->ports, &why)) {
			problem(err, "%s: %s", ref, why.data);
		} else {
			if (t->clock)
				check_port(t, json, "clock", t->clock, err);
			if (t->reset)
				check_port(t, json, "reset", t->reset, err);
		}
		vmod_list_release(&mods);
	}

	load_tbs(t, err);
	if (root)
		load_tb_fields(t, json, root, err);
	cJSON_Delete(root);
	root = NULL;
	if (err->len)
		goto fail;
	free(json);
	free(spec);
	free(ref);
	buf_release(&why);
	return 0;
fail:
	cJSON_Delete(root);
	free(json);
	free(spec);
	free(ref);
	buf_release(&why);
	task_release(t);
	return -1;
}
