/*
 * swextract: solution and test post-processing.  See swextract.h.
 */
#include "pipeline/swextract.h"
#include "pipeline/extract.h"
#include "sim/xalloc.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static const char *const stops[] = { "\nclass", "\ndef", "\n#", "\nif", "\nprint", NULL };

/* Length of s up to the first stop sequence. */
static size_t until_stop(const char *s, size_t n)
{
	size_t best = n, i;

	for (i = 0; stops[i]; i++) {
		size_t m = strlen(stops[i]), k;

		for (k = 0; k + m <= best; k++)
			if (s[k] == '\n' && !memcmp(s + k, stops[i], m)) {
				best = k;
				break;
			}
	}
	return best;
}

void swx_truncate_python(const char *completion, struct buf *out)
{
	buf_add(out, completion, until_stop(completion, strlen(completion)));
}

void swx_truncate_c(const char *s, struct buf *out)
{
	const char *p = s;
	int depth = 1;

	while (*p) {
		if (p[0] == '/' && p[1] == '/') {
			while (*p && *p != '\n')
				p++;
			continue;
		}
		if (p[0] == '/' && p[1] == '*') {
			const char *e = strstr(p + 2, "*/");
			p = e ? e + 2 : p + strlen(p);
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
		if (*p == '{')
			depth++;
		else if (*p == '}' && --depth == 0) {
			buf_add(out, s, (size_t)(p + 1 - s));
			buf_addch(out, '\n');
			return;
		}
		p++;
	}
	buf_addstr(out, s);
}

void swx_python_imports(const char *prompt, struct buf *out)
{
	const char *p = prompt;

	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);

		if ((n > 7 && !strncmp(p, "import ", 7)) || (n > 5 && !strncmp(p, "from ", 5))) {
			buf_add(out, p, n);
			buf_addch(out, '\n');
		}
		p += n + (nl ? 1 : 0);
	}
}

/* Whether code defines the entry point: "def name(" (Python) or "name("
   followed by a "{" before any ";" (C). */
static int defines(const char *code, const char *lang, const char *name)
{
	size_t n = strlen(name);
	const char *p = code;

	if (!*name)
		return 0;
	while ((p = strstr(p, name))) {
		const char *q = p + n;
		int word = p == code || !(isalnum((unsigned char)p[-1]) || p[-1] == '_');

		if (word) {
			while (*q == ' ' || *q == '\t')
				q++;
			if (*q == '(') {
				if (!strcmp(lang, "c")) {
					const char *semi = strchr(q, ';'), *brace = strchr(q, '{');
					if (brace && (!semi || brace < semi))
						return 1;
				} else {
					const char *b = p;
					while (b > code && (b[-1] == ' ' || b[-1] == '\t'))
						b--;
					if (b - code >= 3 && !strncmp(b - 3, "def", 3) && b < p)
						return 1;
				}
			}
		}
		p += n;
	}
	return 0;
}

static void completion(const char *text, const char *lang, const char *prompt, struct buf *out)
{
	buf_addstr(out, prompt);
	if (!strcmp(lang, "c"))
		swx_truncate_c(text, out);
	else
		swx_truncate_python(text, out);
}

enum swx_kind swx_solution(const char *sample, int is_completion, const char *lang,
			   const char *prompt, const char *entry_point, struct buf *out)
{
	struct buf code = BUF_INIT;
	enum extract_status st;
	enum swx_kind kind;

	if (is_completion) {
		completion(sample, lang, prompt, out);
		return SWX_COMPLETION;
	}
	st = extract_code(sample, lang, &code);
	if (st == EXTRACT_NONE && !*sample) {
		buf_addstr(out, prompt);
		kind = SWX_EMPTY;
	} else if (st == EXTRACT_FENCE || st == EXTRACT_TRUNCATED ||
		   (st == EXTRACT_WHOLE && defines(code.data, lang, entry_point))) {
		if (defines(code.data, lang, entry_point)) {
			if (strcmp(lang, "c"))
				swx_python_imports(prompt, out);
			buf_add(out, code.data, code.len);
			kind = SWX_PROGRAM;
		} else {
			completion(code.data, lang, prompt, out);
			kind = SWX_COMPLETION;
		}
	} else {
		completion(sample, lang, prompt, out);
		kind = SWX_COMPLETION;
	}
	buf_release(&code);
	return kind;
}

void swx_list_release(struct swx_list *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = l->alloc = 0;
}

void swx_list_add(struct swx_list *l, const char *s)
{
	ALLOC_GROW(l->v, l->n + 1, l->alloc);
	l->v[l->n++] = xstrdup(s);
}

/* Whether name occurs in s as a whole identifier. */
static int mentions(const char *s, size_t n, const char *name)
{
	size_t m = strlen(name), k;

	if (!m)
		return 0;
	for (k = 0; k + m <= n; k++)
		if (!memcmp(s + k, name, m) &&
		    (k == 0 || !(isalnum((unsigned char)s[k - 1]) || s[k - 1] == '_')) &&
		    (k + m == n || !(isalnum((unsigned char)s[k + m]) || s[k + m] == '_')))
			return 1;
	return 0;
}

void swx_assert_pieces(const char *sample, const char *entry_point, struct swx_list *out)
{
	const char *p = strstr(sample, "assert");

	while (p) {
		const char *s = p + 6, *next = strstr(s, "assert");
		size_t n = next ? (size_t)(next - s) : strlen(s);
		struct buf piece = BUF_INIT;

		n = until_stop(s, n);
		while (n && isspace((unsigned char)*s)) {
			s++;
			n--;
		}
		while (n && isspace((unsigned char)s[n - 1]))
			n--;
		if (n && mentions(s, n, entry_point)) {
			buf_addstr(&piece, "assert ");
			buf_add(&piece, s, n);
			swx_list_add(out, piece.data);
		}
		buf_release(&piece);
		p = next;
	}
}

void swx_tests_release(struct swx_tests *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < t->n; i++)
		free(t->text[i]);
	free(t->text);
	free(t->mult);
	t->text = NULL;
	t->mult = NULL;
	t->n = t->alloc = 0;
}

size_t swx_tests_add(struct swx_tests *acc, const struct swx_list *pieces,
		     const int *valid, size_t max_per_sample)
{
	size_t i, j, taken = 0;

	for (i = 0; i < pieces->n; i++) {
		if (max_per_sample && taken >= max_per_sample)
			break;
		if (!valid[i])
			continue;
		taken++;
		for (j = 0; j < acc->n; j++)
			if (!strcmp(acc->text[j], pieces->v[i]))
				break;
		if (j < acc->n) {
			acc->mult[j]++;
			continue;
		}
		if (acc->n + 1 > acc->alloc) {
			size_t na = acc->alloc * 2 + 16;
			acc->text = xrealloc(acc->text, st_mult(na, sizeof(*acc->text)));
			acc->mult = xrealloc(acc->mult, st_mult(na, sizeof(*acc->mult)));
			acc->alloc = na;
		}
		acc->text[acc->n] = xstrdup(pieces->v[i]);
		acc->mult[acc->n] = 1;
		acc->n++;
	}
	return taken;
}
