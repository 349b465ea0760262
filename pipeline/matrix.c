/*
 * matrix: parse matrix-file lines into bit-packed tasks; stream the file with
 * a line cap.  See matrix.h.  Part of the scoring core: libc and cJSON only.
 */
#include "pipeline/matrix.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Allocation that aborts on failure; the core does not link sim/xalloc. */
static void *mx_alloc(size_t n, size_t size)
{
	void *p;

	if (size && n > SIZE_MAX / size) {
		fprintf(stderr, "veripref: fatal: allocation size overflow\n");
		abort();
	}
	p = calloc(n ? n : 1, size ? size : 1);
	if (!p) {
		fprintf(stderr, "veripref: fatal: out of memory allocating %zu bytes\n", n * size);
		abort();
	}
	return p;
}

static char *mx_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = mx_alloc(n, 1);

	memcpy(p, s, n);
	return p;
}

static void seterr(char *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void seterr(char *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, MATRIX_ERR_MAX, fmt, ap);
	va_end(ap);
}

void matrix_task_release(struct matrix_task *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; t->cand && i < t->ncand; i++) {
		free(t->cand[i].id);
		free(t->cand[i].text);
		free(t->cand[i].message);
		free(t->cand[i].sig);
	}
	for (i = 0; t->test && i < t->ntest; i++) {
		free(t->test[i].id);
		free(t->test[i].text);
	}
	free(t->cand);
	free(t->test);
	free(t->bits);
	free(t->task_id);
	free(t->prompt);
	memset(t, 0, sizeof(*t));
}

static void task_shape(struct matrix_task *t, size_t ncand, size_t ntest)
{
	matrix_task_release(t);
	t->ncand = ncand;
	t->ntest = ntest;
	t->words = (ntest + 63) / 64;
	t->cand = mx_alloc(ncand, sizeof(*t->cand));
	t->test = mx_alloc(ntest, sizeof(*t->test));
	t->bits = mx_alloc(ncand * (t->words ? t->words : 1), sizeof(uint64_t));
}

void matrix_task_alloc(struct matrix_task *t, size_t ncand, size_t ntest)
{
	char name[32];
	size_t i;

	task_shape(t, ncand, ntest);
	t->task_id = mx_strdup("task");
	for (i = 0; i < ncand; i++) {
		snprintf(name, sizeof(name), "c%zu", i);
		t->cand[i].id = mx_strdup(name);
		t->cand[i].multiplicity = 1;
		t->cand[i].ok = 1;
		t->cand[i].label = MATRIX_LABEL_UNKNOWN;
	}
	for (i = 0; i < ntest; i++) {
		snprintf(name, sizeof(name), "t%zu", i);
		t->test[i].id = mx_strdup(name);
		t->test[i].multiplicity = 1;
	}
}

/* ---- parsing one line ---- */

/* Optional string member: 0 absent or null (*out NULL), 1 present, -1 wrong type. */
static int opt_string(const cJSON *obj, const char *key, char **out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	*out = NULL;
	if (!v || cJSON_IsNull(v))
		return 0;
	if (!cJSON_IsString(v))
		return -1;
	*out = mx_strdup(v->valuestring);
	return 1;
}

#define MAX_MULTIPLICITY 1000000000UL

/* Multiplicity member: absent means 1; else a whole number in [1, 1e9]. */
static int get_multiplicity(const cJSON *obj, unsigned long *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, "multiplicity");

	*out = 1;
	if (!v)
		return 0;
	if (!cJSON_IsNumber(v) || !(v->valuedouble >= 1) ||
	    v->valuedouble > (double)MAX_MULTIPLICITY || floor(v->valuedouble) != v->valuedouble)
		return -1;
	*out = (unsigned long)v->valuedouble;
	return 0;
}

static int cmp_strp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The first id that occurs twice, or NULL. */
static const char *find_duplicate(char **ids, size_t n)
{
	char **s;
	const char *dup = NULL;
	size_t i;

	if (n < 2)
		return NULL;
	s = mx_alloc(n, sizeof(*s));
	memcpy(s, ids, n * sizeof(*s));
	qsort(s, n, sizeof(*s), cmp_strp);
	for (i = 1; i < n && !dup; i++)
		if (!strcmp(s[i - 1], s[i]))
			dup = s[i];
	free(s);
	return dup;
}

/* One signature word: a whole JSON number below 2^53, or a decimal/0x string. */
static int parse_sig_word(const cJSON *v, uint64_t *out)
{
	if (cJSON_IsNumber(v)) {
		double d = v->valuedouble;

		if (!(d >= 0) || d >= 9007199254740992.0 || floor(d) != d)
			return -1;
		*out = (uint64_t)d;
		return 0;
	}
	if (cJSON_IsString(v)) {
		const char *s = v->valuestring;
		char *end;
		unsigned long long u;

		if (!*s || *s == '-' || *s == '+' || *s == ' ')
			return -1;
		errno = 0;
		u = strtoull(s, &end, 0);
		if (errno || *end)
			return -1;
		*out = (uint64_t)u;
		return 0;
	}
	return -1;
}

static int parse_signatures(struct matrix_task *t, const cJSON *sigs, char *err)
{
	size_t i = 0, j;
	const cJSON *row, *w;

	if (!cJSON_IsArray(sigs)) {
		seterr(err, "\"signatures\" is not an array");
		return -1;
	}
	if ((size_t)cJSON_GetArraySize(sigs) != t->ncand) {
		seterr(err, "\"signatures\" has %d entries, expected %zu (one per candidate)",
		       cJSON_GetArraySize(sigs), t->ncand);
		return -1;
	}
	cJSON_ArrayForEach(row, sigs) {
		struct matrix_cand *c = &t->cand[i];

		if (cJSON_IsNull(row)) {
			i++;
			continue;
		}
		if (!cJSON_IsArray(row)) {
			seterr(err, "signature %zu is not an array", i);
			return -1;
		}
		c->has_sig = 1;
		c->nsig = (size_t)cJSON_GetArraySize(row);
		c->sig = mx_alloc(c->nsig, sizeof(uint64_t));
		j = 0;
		cJSON_ArrayForEach(w, row) {
			if (parse_sig_word(w, &c->sig[j])) {
				seterr(err, "signature %zu entry %zu is not an unsigned 64-bit integer "
				       "(write values above 2^53 as strings)", i, j);
				return -1;
			}
			j++;
		}
		i++;
	}
	t->has_signatures = 1;
	return 0;
}

static int parse_candidates(struct matrix_task *t, const cJSON *cands, char *err)
{
	const cJSON *c, *v;
	size_t i = 0;

	cJSON_ArrayForEach(c, cands) {
		struct matrix_cand *mc = &t->cand[i];

		if (!cJSON_IsObject(c)) {
			seterr(err, "candidate %zu is not an object", i);
			return -1;
		}
		v = cJSON_GetObjectItemCaseSensitive(c, "id");
		if (!cJSON_IsString(v)) {
			seterr(err, "candidate %zu: missing string \"id\"", i);
			return -1;
		}
		mc->id = mx_strdup(v->valuestring);
		if (opt_string(c, "text", &mc->text) < 0) {
			seterr(err, "candidate '%s': \"text\" is not a string", mc->id);
			return -1;
		}
		if (opt_string(c, "message", &mc->message) < 0) {
			seterr(err, "candidate '%s': \"message\" is not a string", mc->id);
			return -1;
		}
		if (get_multiplicity(c, &mc->multiplicity)) {
			seterr(err, "candidate '%s': \"multiplicity\" is not a whole number in [1, %lu]",
			       mc->id, MAX_MULTIPLICITY);
			return -1;
		}
		v = cJSON_GetObjectItemCaseSensitive(c, "ok");
		if (!cJSON_IsBool(v)) {
			seterr(err, "candidate '%s': missing boolean \"ok\"", mc->id);
			return -1;
		}
		mc->ok = cJSON_IsTrue(v);
		v = cJSON_GetObjectItemCaseSensitive(c, "label");
		if (!v || cJSON_IsNull(v))
			mc->label = MATRIX_LABEL_UNKNOWN;
		else if (cJSON_IsBool(v))
			mc->label = cJSON_IsTrue(v) ? MATRIX_LABEL_RIGHT : MATRIX_LABEL_WRONG;
		else if (cJSON_IsNumber(v) && (v->valuedouble == 0 || v->valuedouble == 1))
			mc->label = v->valuedouble == 1 ? MATRIX_LABEL_RIGHT : MATRIX_LABEL_WRONG;
		else {
			seterr(err, "candidate '%s': \"label\" is not 0, 1 or null", mc->id);
			return -1;
		}
		i++;
	}
	return 0;
}

static int parse_tests(struct matrix_task *t, const cJSON *tests, char *err)
{
	const cJSON *x, *v;
	size_t j = 0;

	cJSON_ArrayForEach(x, tests) {
		struct matrix_test *mt = &t->test[j];

		if (!cJSON_IsObject(x)) {
			seterr(err, "test %zu is not an object", j);
			return -1;
		}
		v = cJSON_GetObjectItemCaseSensitive(x, "id");
		if (!cJSON_IsString(v)) {
			seterr(err, "test %zu: missing string \"id\"", j);
			return -1;
		}
		mt->id = mx_strdup(v->valuestring);
		if (opt_string(x, "text", &mt->text) < 0) {
			seterr(err, "test '%s': \"text\" is not a string", mt->id);
			return -1;
		}
		if (get_multiplicity(x, &mt->multiplicity)) {
			seterr(err, "test '%s': \"multiplicity\" is not a whole number in [1, %lu]",
			       mt->id, MAX_MULTIPLICITY);
			return -1;
		}
		j++;
	}
	return 0;
}

static int parse_rows(struct matrix_task *t, const cJSON *rows, char *err)
{
	const cJSON *r;
	size_t i = 0, j;

	if ((size_t)cJSON_GetArraySize(rows) != t->ncand) {
		seterr(err, "\"matrix\" has %d rows, expected %zu (one per candidate)",
		       cJSON_GetArraySize(rows), t->ncand);
		return -1;
	}
	cJSON_ArrayForEach(r, rows) {
		const char *s;
		uint64_t *row = t->bits + i * t->words;

		if (!cJSON_IsString(r)) {
			seterr(err, "row %zu of \"matrix\" is not a string", i);
			return -1;
		}
		s = r->valuestring;
		for (j = 0; s[j] && j < t->ntest; j++) {
			if (s[j] == '1')
				row[j / 64] |= (uint64_t)1 << (j % 64);
			else if (s[j] != '0') {
				seterr(err, "row %zu of \"matrix\" has '%c' at position %zu; only '0' and '1' are allowed",
				       i, (s[j] >= 32 && s[j] < 127) ? s[j] : '?', j);
				return -1;
			}
		}
		if (j != t->ntest || s[j]) {
			seterr(err, "row %zu of \"matrix\" has %zu characters, expected %zu (one per test)",
			       i, strlen(s), t->ntest);
			return -1;
		}
		i++;
	}
	return 0;
}

static const cJSON *need_array(const cJSON *root, const char *key, char *err)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, key);

	if (!cJSON_IsArray(v)) {
		seterr(err, "missing array \"%s\"", key);
		return NULL;
	}
	return v;
}

int matrix_task_parse(struct matrix_task *t, const char *json, size_t len, char *err)
{
	cJSON *root;
	const cJSON *v, *cands, *tests, *rows, *sigs;
	const char *end = NULL;
	const char *dup;
	char **ids = NULL;
	size_t i;
	int ret = -1;

	matrix_task_release(t);
	root = cJSON_ParseWithLengthOpts(json, len, &end, 0);
	if (!root) {
		size_t col = end && end >= json ? (size_t)(end - json) + 1 : 1;

		seterr(err, "invalid JSON near column %zu", col);
		return -1;
	}
	while (end < json + len && (*end == ' ' || *end == '\t' || *end == '\r' || *end == '\n'))
		end++;
	if (end != json + len) {
		seterr(err, "unexpected text after the JSON value at column %zu", (size_t)(end - json) + 1);
		goto out;
	}
	if (!cJSON_IsObject(root)) {
		seterr(err, "a task must be a JSON object");
		goto out;
	}
	v = cJSON_GetObjectItemCaseSensitive(root, "task_id");
	if (!cJSON_IsString(v)) {
		seterr(err, "missing string \"task_id\"");
		goto out;
	}
	if (!(cands = need_array(root, "candidates", err)) ||
	    !(tests = need_array(root, "tests", err)) ||
	    !(rows = need_array(root, "matrix", err)))
		goto out;
	task_shape(t, (size_t)cJSON_GetArraySize(cands), (size_t)cJSON_GetArraySize(tests));
	t->task_id = mx_strdup(v->valuestring);
	if (opt_string(root, "prompt", &t->prompt) < 0) {
		seterr(err, "\"prompt\" is not a string");
		goto out;
	}
	if (parse_candidates(t, cands, err) || parse_tests(t, tests, err) ||
	    parse_rows(t, rows, err))
		goto out;
	sigs = cJSON_GetObjectItemCaseSensitive(root, "signatures");
	if (sigs && !cJSON_IsNull(sigs) && parse_signatures(t, sigs, err))
		goto out;

	ids = mx_alloc(t->ncand > t->ntest ? t->ncand : t->ntest, sizeof(*ids));
	for (i = 0; i < t->ncand; i++)
		ids[i] = t->cand[i].id;
	if ((dup = find_duplicate(ids, t->ncand))) {
		seterr(err, "duplicate candidate id '%s'", dup);
		goto out;
	}
	for (i = 0; i < t->ntest; i++)
		ids[i] = t->test[i].id;
	if ((dup = find_duplicate(ids, t->ntest))) {
		seterr(err, "duplicate test id '%s'", dup);
		goto out;
	}
	ret = 0;
out:
	free(ids);
	cJSON_Delete(root);
	if (ret)
		matrix_task_release(t);
	return ret;
}

/* ---- streaming reader ---- */

struct matrix_reader {
	FILE *fp;
	char *path;
	int is_stdin;
	char *buf;       /* bytes read but not yet consumed: buf[pos..len) */
	size_t pos, len, alloc;
	size_t max_line;
	size_t lineno;   /* line number of the last line returned */
	int eof, failed;
};

struct matrix_reader *matrix_reader_open(const char *path, size_t max_line, char *err)
{
	struct matrix_reader *r;
	FILE *fp;
	int is_stdin = !strcmp(path, "-");

	fp = is_stdin ? stdin : fopen(path, "rb");
	if (!fp) {
		seterr(err, "cannot open '%s': %s", path, strerror(errno));
		return NULL;
	}
	r = mx_alloc(1, sizeof(*r));
	r->fp = fp;
	r->is_stdin = is_stdin;
	r->path = mx_strdup(is_stdin ? "<stdin>" : path);
	r->max_line = max_line ? max_line : MATRIX_MAX_LINE_DEFAULT;
	return r;
}

/*
 * Point *line at the next line (without its newline), of *n bytes.  Returns 1,
 * 0 at the end of the file, -1 on error.  The line stays valid until the
 * next call.  Memory is bounded by max_line plus one read chunk.
 */
static int next_line(struct matrix_reader *r, char **line, size_t *n, char *err)
{
	const size_t chunk = 1 << 16;
	size_t scanned = 0;

	for (;;) {
		size_t got, avail = r->len - r->pos - scanned;
		char *nl = avail ? memchr(r->buf + r->pos + scanned, '\n', avail) : NULL;

		if (nl) {
			*line = r->buf + r->pos;
			*n = (size_t)(nl - *line);
			r->pos += *n + 1;
			r->lineno++;
			if (*n > r->max_line)
				goto too_long;
			return 1;
		}
		scanned = r->len - r->pos;
		if (scanned > r->max_line) {
			r->lineno++;
			goto too_long;
		}
		if (r->eof) {
			if (!scanned)
				return 0;
			*line = r->buf + r->pos;
			*n = scanned;
			r->pos = r->len;
			r->lineno++;
			return 1;
		}
		/* Make room: drop consumed bytes, then grow if still short. */
		if (r->pos && scanned)
			memmove(r->buf, r->buf + r->pos, scanned);
		r->len = scanned;
		r->pos = 0;
		if (r->alloc - r->len < chunk) {
			size_t want = r->alloc * 2 > r->len + chunk ? r->alloc * 2 : r->len + chunk;
			char *p;

			/* Never more than one over-long line plus a chunk. */
			if (want > r->max_line + 1 + chunk)
				want = r->max_line + 1 + chunk;
			p = realloc(r->buf, want);
			if (!p) {
				fprintf(stderr, "veripref: fatal: out of memory allocating %zu bytes\n", want);
				abort();
			}
			r->buf = p;
			r->alloc = want;
		}
		got = fread(r->buf + r->len, 1, r->alloc - r->len, r->fp);
		r->len += got;
		if (got == 0) {
			if (ferror(r->fp)) {
				seterr(err, "cannot read '%s': %s", r->path, strerror(errno ? errno : EIO));
				return -1;
			}
			r->eof = 1;
		}
	}
too_long:
	seterr(err, "'%s' line %zu: line is longer than %zu bytes", r->path, r->lineno, r->max_line);
	return -1;
}

int matrix_reader_next(struct matrix_reader *r, struct matrix_task *t, char *err)
{
	char msg[MATRIX_ERR_MAX];
	char *line;
	size_t n, i;
	int rc;

	if (r->failed) {
		seterr(err, "'%s': reading stopped after an earlier error", r->path);
		return -1;
	}
	for (;;) {
		rc = next_line(r, &line, &n, err);
		if (rc <= 0) {
			if (rc < 0)
				r->failed = 1;
			return rc;
		}
		for (i = 0; i < n; i++)
			if (line[i] != ' ' && line[i] != '\t' && line[i] != '\r')
				break;
		if (i < n)
			break;
	}
	if (matrix_task_parse(t, line, n, msg)) {
		r->failed = 1;
		seterr(err, "'%s' line %zu: %s", r->path, r->lineno, msg);
		return -1;
	}
	return 1;
}

size_t matrix_reader_line(const struct matrix_reader *r)
{
	return r->lineno;
}

void matrix_reader_close(struct matrix_reader *r)
{
	if (!r)
		return;
	if (r->fp && !r->is_stdin)
		fclose(r->fp);
	free(r->buf);
	free(r->path);
	free(r);
}
