/*
 * vadapt: verdict adapters for human testbenches.  See vadapt.h.
 *
 * The rewrite works on vlex tokens, so print calls inside comments and
 * strings are never touched; it inserts text inside the format string and
 * right after it, never a newline.
 */
#include "testbench/vadapt.h"
#include "testbench/vlex.h"
#include "sim/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Longest tagged line the rules look at; the rest of a longer line is cut. */
#define LINE_MAX_BYTES 4096

static int compile_one(regex_t *re, const char *name, const char *pat, struct buf *err)
{
	char msg[256];
	int rc = regcomp(re, pat, REG_EXTENDED);

	if (rc) {
		regerror(rc, re, msg, sizeof(msg));
		buf_setf(err, "rule '%s' is not a valid extended regular expression: %s", name, msg);
		return -1;
	}
	return 0;
}

int vadapt_compile(struct vadapt *a, const struct vadapt_rules *r, struct buf *err)
{
	memset(a, 0, sizeof(*a));
	if (!r->pass) {
		buf_setf(err, "rule 'pass' is missing");
		return -1;
	}
	if (compile_one(&a->pass, "pass", r->pass, err) < 0)
		return -1;
	a->compiled = 1;
	if (r->fail) {
		if (compile_one(&a->fail, "fail", r->fail, err) < 0)
			goto fail;
		a->has_fail = 1;
	}
	if (r->count) {
		if (compile_one(&a->count, "count", r->count, err) < 0)
			goto fail;
		a->has_count = 1;
		if (a->count.re_nsub != 2) {
			buf_setf(err, "rule 'count' must have exactly two groups (failures, total), not %zu",
				 (size_t)a->count.re_nsub);
			goto fail;
		}
	}
	return 0;
fail:
	vadapt_release(a);
	return -1;
}

void vadapt_release(struct vadapt *a)
{
	if (!a || !a->compiled)
		return;
	regfree(&a->pass);
	if (a->has_fail)
		regfree(&a->fail);
	if (a->has_count)
		regfree(&a->count);
	memset(a, 0, sizeof(*a));
}

void vadapt_tag(uint64_t nonce, char buf[VADAPT_TAG_SIZE])
{
	snprintf(buf, VADAPT_TAG_SIZE, "@vpo:%016llx:", (unsigned long long)nonce);
}

/*
 * Whether $name (len bytes, '$' included) prints to the output: $display,
 * $write, $strobe, $monitor with an optional b/h/o suffix; *to_file is set
 * for the $f... forms, whose first argument is the file descriptor.
 */
static int is_print(const char *s, size_t n, int *to_file)
{
	static const char *const bases[] = { "display", "write", "strobe", "monitor" };
	size_t i, bl;

	if (n < 2 || s[0] != '$')
		return 0;
	s++, n--;
	*to_file = s[0] == 'f';
	if (*to_file)
		s++, n--;
	for (i = 0; i < sizeof(bases) / sizeof(bases[0]); i++) {
		bl = strlen(bases[i]);
		if (n < bl || memcmp(s, bases[i], bl))
			continue;
		if (n == bl)
			return 1;
		if (n == bl + 1 && strchr("bho", s[bl]))
			return 1;
	}
	return 0;
}

static int is_op(const char *src, const struct vlex_tok *t, char c)
{
	return t->kind == VLEX_OP && t->len == 1 && src[t->off] == c;
}

size_t vadapt_tag_prints(const char *src, size_t len, struct buf *out)
{
	struct vlex lx;
	struct vlex_tok *toks = NULL, t;
	size_t nt = 0, alloc = 0, i, copied = 0, tagged = 0;

	vlex_init(&lx, src, len);
	while (vlex_next(&lx, &t)) {
		if (t.kind == VLEX_COMMENT)
			continue;
		ALLOC_GROW(toks, nt + 1, alloc);
		toks[nt++] = t;
	}
	for (i = 0; i + 2 < nt; i++) {
		size_t k;
		int to_file, depth;

		if (toks[i].kind != VLEX_SYSNAME ||
		    !is_print(src + toks[i].off, toks[i].len, &to_file) ||
		    !is_op(src, &toks[i + 1], '('))
			continue;
		k = i + 2;
		if (to_file) {
			/* Skip the descriptor: up to the first ',' at depth 1. */
			for (depth = 1; k < nt; k++) {
				if (is_op(src, &toks[k], '(') || is_op(src, &toks[k], '[') ||
				    is_op(src, &toks[k], '{'))
					depth++;
				else if (is_op(src, &toks[k], ')') || is_op(src, &toks[k], ']') ||
					 is_op(src, &toks[k], '}'))
					depth--;
				else if (depth == 1 && is_op(src, &toks[k], ','))
					break;
				if (depth == 0)
					break;
			}
			if (k >= nt || depth == 0)
				continue;
			k++;
		}
		if (k >= nt || toks[k].kind != VLEX_STRING ||
		    (toks[k].flags & (VLEX_F_UNTERMINATED | VLEX_F_CONTINUED)))
			continue;
		buf_add(out, src + copied, toks[k].off + 1 - copied);
		buf_addstr(out, "@vpo:%016h:");
		buf_add(out, src + toks[k].off + 1, toks[k].len - 1);
		buf_addstr(out, ", `VP_NONCE");
		copied = toks[k].off + toks[k].len;
		tagged++;
		i = k;
	}
	buf_add(out, src + copied, len - copied);
	free(toks);
	return tagged;
}

/* Copy line (n bytes) without the tags into b (reset first), cut at a NUL. */
static void strip_tags(struct buf *b, const char *line, size_t n, const char *tag)
{
	size_t tl = strlen(tag), i = 0;

	buf_reset(b);
	while (i < n && line[i]) {
		if (n - i >= tl && !memcmp(line + i, tag, tl)) {
			i += tl;
			continue;
		}
		buf_addch(b, line[i++]);
	}
}

static void quote_line(struct buf *b, const char *what, const char *line)
{
	buf_addf(b, "%s '%.200s'", what, line);
}

void vadapt_parse(const struct vadapt *a, const char *out, size_t len, uint64_t nonce,
		  struct verdict *v)
{
	char tag[VADAPT_TAG_SIZE];
	struct buf line, last = BUF_INIT, failline = BUF_INIT, countline = BUF_INIT;
	const char *p = out, *end = out + len;
	int seen_pass = 0, seen_fail = 0, seen_count = 0;
	unsigned long long cfail = 0, ctotal = 0;

	buf_init(&line, LINE_MAX_BYTES);
	vadapt_tag(nonce, tag);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = (nl ? nl : end) - p;
		regmatch_t m[3];

		if (n && p[n - 1] == '\r')
			n--;
		if (n >= VADAPT_TAG_SIZE - 1 && !memcmp(p, tag, VADAPT_TAG_SIZE - 1)) {
			strip_tags(&line, p, n, tag);
			buf_reset(&last);
			buf_addstr(&last, line.data);
			if (!regexec(&a->pass, line.data, 0, NULL, 0))
				seen_pass = 1;
			if (a->has_fail && !seen_fail && !regexec(&a->fail, line.data, 0, NULL, 0)) {
				seen_fail = 1;
				buf_addstr(&failline, line.data);
			}
			if (a->has_count && !regexec(&a->count, line.data, 3, m, 0) &&
			    m[1].rm_so >= 0 && m[2].rm_so >= 0) {
				seen_count = 1;
				cfail = strtoull(line.data + m[1].rm_so, NULL, 10);
				ctotal = strtoull(line.data + m[2].rm_so, NULL, 10);
				buf_reset(&countline);
				buf_addstr(&countline, line.data);
			}
		}
		p = nl ? nl + 1 : end;
	}

	verdict_release(v);
	verdict_init(v);
	v->done = 1;
	if (seen_count && cfail <= ctotal) {
		v->total = ctotal;
		v->passed = ctotal - cfail;
	} else {
		v->total = 1;
		v->passed = seen_pass && !seen_fail && !(seen_count && cfail) ? 1 : 0;
	}
	if (seen_fail)
		quote_line(&v->first_fail, "fail line", failline.data);
	else if (seen_count && cfail)
		quote_line(&v->first_fail, "count line", countline.data);
	else if (!seen_pass && last.len)
		quote_line(&v->first_fail, "no line matched the pass rule; last line", last.data);
	else if (!seen_pass)
		buf_addstr(&v->first_fail, "no line matched the pass rule; the testbench printed no tagged line");
	if (v->first_fail.len)
		v->nfail = 1;  /* with a full count too: verdict_is_pass() then says no */
	buf_release(&line);
	buf_release(&last);
	buf_release(&failline);
	buf_release(&countline);
}
