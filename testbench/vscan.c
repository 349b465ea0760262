/*
 * vscan: the forbidden-construct scan of candidate RTL.  See vscan.h for the
 * rules and why they are sound without a preprocessor.
 *
 * Two passes over the vlex token stream: the first collects the names the
 * candidate `defines (a macro use is allowed only for those), the second
 * applies every rule and stops at the first violation.
 */
#include "testbench/vscan.h"
#include "testbench/vlex.h"
#include "sim/xalloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const allowed_sysnames[] = {
	"$bits", "$bitstoreal", "$ceil", "$clog2", "$countones", "$dimensions", "$exp",
	"$floor", "$high", "$increment", "$isunknown", "$itor", "$left", "$ln", "$log10",
	"$low", "$onehot", "$onehot0", "$pow", "$realtobits", "$right", "$rtoi", "$signed",
	"$size", "$sqrt", "$unsigned",
};

/* Directives with no effect outside the candidate's own text. */
static const char *const allowed_directives[] = {
	"define", "undef", "ifdef", "ifndef", "elsif", "else", "endif", "timescale",
	"default_nettype", "resetall", "celldefine", "endcelldefine", "unconnected_drive",
	"nounconnected_drive", "__FILE__", "__LINE__",
};

/*
 * Directives of the standard, Icarus and Verilator that a candidate may not
 * use: they read files, change line bookkeeping, inject C++ (Verilator's
 * `systemc_*), or leak into the testbench's compilation (`undefineall,
 * `begin_keywords).  Macros may not be defined under these names either.
 */
static const char *const denied_directives[] = {
	"include", "line", "pragma", "undefineall", "begin_keywords", "end_keywords",
	"protect", "endprotect", "protected", "endprotected", "verilog", "verilator_config",
	"coverage_block_off", "inline", "uselib", "error", "warning", "accelerate",
	"noaccelerate", "default_decay_time", "default_trireg_strength", "default_discipline",
	"delay_mode_distributed", "delay_mode_path", "delay_mode_unit", "delay_mode_zero",
	"disable_portfaults", "enable_portfaults", "expand_vectornets", "noexpand_vectornets",
	"suppress_faults", "nosuppress_faults", "remove_gatename", "noremove_gatename",
	"remove_netname", "noremove_netname", "portcoerce", "noportcoerce",
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static int in_list(const char *const *list, size_t n, const char *s, size_t len)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (strlen(list[i]) == len && !memcmp(list[i], s, len))
			return 1;
	return 0;
}

int vscan_sysname_allowed(const char *name, size_t len)
{
	return in_list(allowed_sysnames, ARRAY_SIZE(allowed_sysnames), name, len);
}

static int is_known_directive(const char *s, size_t n)
{
	return in_list(allowed_directives, ARRAY_SIZE(allowed_directives), s, n) ||
	       in_list(denied_directives, ARRAY_SIZE(denied_directives), s, n) ||
	       (n >= 8 && !memcmp(s, "systemc_", 8));
}

static int reserved_prefix(const char *s, size_t n)
{
	return n >= 3 && (!memcmp(s, "vp_", 3) || !memcmp(s, "VP_", 3));
}

/* A set of names (pointers into the scanned text), open addressing. */
struct nameset {
	const char **s;
	size_t *n;
	size_t cap, nr;
};

static uint64_t fnv(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	while (n--)
		h = (h ^ (unsigned char)*s++) * 0x100000001b3ULL;
	return h;
}

static int nameset_has(const struct nameset *ns, const char *s, size_t n)
{
	size_t i;

	if (!ns->cap)
		return 0;
	for (i = fnv(s, n) & (ns->cap - 1); ns->s[i]; i = (i + 1) & (ns->cap - 1))
		if (ns->n[i] == n && !memcmp(ns->s[i], s, n))
			return 1;
	return 0;
}

static void nameset_add(struct nameset *ns, const char *s, size_t n)
{
	size_t i;

	if (nameset_has(ns, s, n))
		return;
	if (2 * (ns->nr + 1) > ns->cap) {
		struct nameset bigger = { NULL, NULL, ns->cap ? 2 * ns->cap : 16, 0 };
		bigger.s = xcalloc(bigger.cap, sizeof(*bigger.s));
		bigger.n = xcalloc(bigger.cap, sizeof(*bigger.n));
		for (i = 0; i < ns->cap; i++)
			if (ns->s[i])
				nameset_add(&bigger, ns->s[i], ns->n[i]);
		free(ns->s);
		free(ns->n);
		*ns = bigger;
	}
	for (i = fnv(s, n) & (ns->cap - 1); ns->s[i]; i = (i + 1) & (ns->cap - 1))
		;
	ns->s[i] = s;
	ns->n[i] = n;
	ns->nr++;
}

static void nameset_release(struct nameset *ns)
{
	free(ns->s);
	free(ns->n);
	memset(ns, 0, sizeof(*ns));
}

/* Append s[0..n) for a message: at most 64 bytes, non-printables as \xNN. */
static void add_quoted(struct buf *b, const char *s, size_t n)
{
	size_t i, lim = n > 64 ? 64 : n;

	for (i = 0; i < lim; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c < 0x7f)
			buf_addch(b, c);
		else
			buf_addf(b, "\\x%02x", c);
	}
	if (n > lim)
		buf_addstr(b, "...");
}

struct scan {
	const char *text;
	size_t len;
	struct buf *why;
	unsigned long *line_out;
};

/* Record "<what> '<quoted>'<rest> (line N)" and return VSCAN_FORBIDDEN. */
static enum vscan_result violation(struct scan *sc, unsigned long line, const char *what,
				   const char *s, size_t n, const char *rest)
{
	if (sc->line_out)
		*sc->line_out = line;
	if (sc->why) {
		buf_reset(sc->why);
		buf_addf(sc->why, "%s '", what);
		add_quoted(sc->why, s, n);
		buf_addf(sc->why, "'%s (line %lu)", rest, line);
	}
	return VSCAN_FORBIDDEN;
}

static const char not_allowed[] = " is not allowed in candidate RTL";

/*
 * Conditional directives inside a comment or string could end a simulator's
 * skipped `ifdef region at a point the scan believes to be comment or
 * string; report the first one (its offset in *at) or return 0.
 */
static int find_conditional(const char *s, size_t n, size_t *at, size_t *wlen)
{
	static const char *const words[] = { "ifdef", "ifndef", "elsif", "else", "endif" };
	const char *p = s, *end = s + n, *q;
	size_t w;

	while (p < end && (q = memchr(p, '`', (size_t)(end - p)))) {
		for (w = 0; w < ARRAY_SIZE(words); w++) {
			size_t k = strlen(words[w]);
			if ((size_t)(end - q - 1) >= k && !memcmp(q + 1, words[w], k)) {
				const char *after = q + 1 + k;
				if (after == end || !(*after == '_' || *after == '$' ||
						      (*after >= '0' && *after <= '9') ||
						      (*after >= 'a' && *after <= 'z') ||
						      (*after >= 'A' && *after <= 'Z'))) {
					*at = (size_t)(q - s);
					*wlen = k + 1;
					return 1;
				}
			}
		}
		p = q + 1;
	}
	return 0;
}

static unsigned long lines_in(const char *s, size_t n)
{
	unsigned long k = 0;
	while (n--)
		if (*s++ == '\n')
			k++;
	return k;
}

static enum vscan_result check_text_token(struct scan *sc, const struct vlex_tok *t,
					  const char *where)
{
	const char *s = sc->text + t->off;
	size_t at, wlen;
	char rest[96];

	if (!find_conditional(s, t->len, &at, &wlen))
		return VSCAN_CLEAN;
	snprintf(rest, sizeof(rest), " inside %s%s", where, not_allowed);
	return violation(sc, t->line + lines_in(s, at), "compiler directive", s + at, wlen, rest);
}

/* An escaped identifier must be printable ASCII without ` or " and must not start with $. */
static enum vscan_result check_escaped(struct scan *sc, const struct vlex_tok *t)
{
	const char *s = sc->text + t->off;
	size_t i;

	for (i = 1; i < t->len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x21 || c > 0x7e || c == '`' || c == '"')
			return violation(sc, t->line, "escaped identifier", s, t->len, not_allowed);
	}
	if (s[1] == '$')
		return violation(sc, t->line, "escaped identifier", s, t->len, not_allowed);
	return VSCAN_CLEAN;
}

#define HIER_DEPTH 64

struct hier_base {
	size_t off, len;
	int bracket;  /* reached through [...] */
	int valid;
};

static int is_name(const struct vlex_tok *t)
{
	return t->kind == VLEX_IDENT || t->kind == VLEX_KEYWORD;
}

static enum vscan_result hier_violation(struct scan *sc, const struct hier_base *b,
					const struct vlex_tok *member)
{
	struct buf name = BUF_INIT;
	enum vscan_result r;

	buf_add(&name, sc->text + b->off, b->len > 64 ? 64 : b->len);
	if (b->bracket)
		buf_addstr(&name, "[...]");
	buf_addch(&name, '.');
	buf_add(&name, sc->text + member->off, member->len > 64 ? 64 : member->len);
	r = violation(sc, member->line, "hierarchical reference", name.data, name.len,
		      not_allowed);
	buf_release(&name);
	return r;
}

static void collect_defines(const char *text, size_t len, struct nameset *ns)
{
	struct vlex lx;
	struct vlex_tok t;
	int want = 0;

	vlex_init(&lx, text, len);
	while (vlex_next(&lx, &t)) {
		if (t.kind == VLEX_COMMENT)
			continue;
		if (want && is_name(&t) && !(t.flags & VLEX_F_ESCAPED))
			nameset_add(ns, text + t.off, t.len);
		want = t.kind == VLEX_DIRECTIVE && vlex_tok_eq(&lx, &t, "`define");
	}
}

static enum vscan_result scan(struct scan *sc, const struct nameset *defined)
{
	const char *text = sc->text;
	struct vlex lx;
	struct vlex_tok t, prev = { VLEX_EOF, 0, 0, 0, 0 };
	struct hier_base stack[HIER_DEPTH], last_close = { 0, 0, 0, 0 }, pending = { 0, 0, 0, 0 };
	size_t depth = 0;
	int want_define_name = 0, in_define = 0, more;
	struct vlex_tok define_last = prev;
	enum vscan_result r;

	vlex_init(&lx, text, sc->len);
	do {
		const char *s;
		more = vlex_next(&lx, &t);
		s = text + t.off;

		if (in_define && (!more || (t.flags & VLEX_F_NL_BEFORE))) {
			in_define = 0;
			if (define_last.kind == VLEX_SYSNAME)
				return violation(sc, define_last.line, "macro body ending in system function",
						 text + define_last.off, define_last.len, not_allowed);
		}
		if (!more)
			break;

		switch (t.kind) {
		case VLEX_COMMENT:
			if (t.flags & VLEX_F_UNTERMINATED)
				return violation(sc, t.line, "unterminated comment", s,
						 t.len > 2 ? 2 : t.len, not_allowed);
			if (in_define && memchr(s, '\n', t.len))
				return violation(sc, t.line, "comment spanning lines in a `define body",
						 s, 2, not_allowed);
			if ((r = check_text_token(sc, &t, "a comment")))
				return r;
			continue;  /* comments are not significant */
		case VLEX_STRING:
			if (t.flags & VLEX_F_UNTERMINATED)
				return violation(sc, t.line, "unterminated string", s, t.len, not_allowed);
			if (t.flags & VLEX_F_CONTINUED)
				return violation(sc, t.line, "string continued over a line break", s,
						 t.len, not_allowed);
			if ((r = check_text_token(sc, &t, "a string")))
				return r;
			if (prev.kind == VLEX_KEYWORD && (vlex_tok_eq(&lx, &prev, "import") ||
							  vlex_tok_eq(&lx, &prev, "export"))) {
				struct buf what = BUF_INIT;
				int imp = vlex_tok_eq(&lx, &prev, "import");
				buf_add(&what, text + prev.off, prev.len);
				buf_addch(&what, ' ');
				buf_add(&what, s, t.len > 32 ? 32 : t.len);
				r = violation(sc, t.line, imp ? "DPI import" : "DPI export",
					      what.data, what.len, not_allowed);
				buf_release(&what);
				return r;
			}
			break;
		case VLEX_INVALID:
			if ((unsigned char)s[0] >= 0x21 && (unsigned char)s[0] < 0x7f)
				return violation(sc, t.line, "character", s, 1, not_allowed);
			return violation(sc, t.line, "byte", s, 1, not_allowed);
		case VLEX_SYSNAME:
			if (t.len == 1)
				return violation(sc, t.line, "lone", s, 1, not_allowed);
			if (!vscan_sysname_allowed(s, t.len))
				return violation(sc, t.line, "system task", s, t.len, not_allowed);
			break;
		case VLEX_PASTE:
			return violation(sc, t.line, "token pasting", s, t.len, not_allowed);
		case VLEX_STRINGIFY:
			return violation(sc, t.line, "macro stringification", s, t.len, not_allowed);
		case VLEX_DIRECTIVE: {
			const char *name = s + 1;
			size_t n = t.len - 1;
			if (reserved_prefix(name, n))
				return violation(sc, t.line, "macro", s, t.len, " is reserved for the harness");
			if (prev.kind == VLEX_SYSNAME && prev.off + prev.len == t.off)
				return violation(sc, t.line, "macro use", s, t.len,
						 " directly after a system function name is not allowed in candidate RTL");
			if (in_list(allowed_directives, ARRAY_SIZE(allowed_directives), name, n)) {
				if (vlex_tok_eq(&lx, &t, "`define")) {
					want_define_name = 1;
					in_define = 2;
				}
			} else if (is_known_directive(name, n) || !nameset_has(defined, name, n)) {
				return violation(sc, t.line, "compiler directive", s, t.len, not_allowed);
			}
			break;
		}
		case VLEX_IDENT:
			if ((t.flags & VLEX_F_ESCAPED) && (r = check_escaped(sc, &t)))
				return r;
			{
				const char *name = (t.flags & VLEX_F_ESCAPED) ? s + 1 : s;
				size_t n = (t.flags & VLEX_F_ESCAPED) ? t.len - 1 : t.len;
				if (reserved_prefix(name, n))
					return violation(sc, t.line, "identifier", s, t.len,
							 " is reserved for the harness");
				if (want_define_name && is_known_directive(name, n))
					return violation(sc, t.line, "macro name", s, t.len, not_allowed);
			}
			break;
		case VLEX_KEYWORD:
			if (want_define_name && is_known_directive(s, t.len))
				return violation(sc, t.line, "macro name", s, t.len, not_allowed);
			if (vlex_tok_eq(&lx, &t, "bind"))
				return violation(sc, t.line, "keyword", s, t.len, not_allowed);
			break;
		default:
			break;
		}

		/* Hierarchical references: name [ [...] ]* . name */
		if (pending.valid) {
			if (is_name(&t))
				return hier_violation(sc, &pending, &t);
			pending.valid = 0;
		}
		if (t.kind == VLEX_OP && t.len == 1) {
			struct hier_base b = { 0, 0, 0, 0 };
			if (is_name(&prev))
				b = (struct hier_base){ prev.off, prev.len, 0, 1 };
			else if (prev.kind == VLEX_OP && prev.len == 1 && text[prev.off] == ']')
				b = last_close;
			if (s[0] == '.') {
				pending = b;
			} else if (s[0] == '[') {
				if (depth < HIER_DEPTH)
					stack[depth] = b;
				depth++;
			} else if (s[0] == ']') {
				last_close = (struct hier_base){ 0, 0, 0, 0 };
				if (depth > 0 && --depth < HIER_DEPTH)
					last_close = stack[depth];
				if (last_close.valid)
					last_close.bracket = 1;
			}
		}

		if (want_define_name && t.kind != VLEX_DIRECTIVE)
			want_define_name = 0;
		if (in_define == 2)
			in_define = 1;  /* the `define itself is not part of the body */
		else if (in_define)
			define_last = t;
		prev = t;
	} while (more);
	return VSCAN_CLEAN;
}

enum vscan_result vscan_check(const void *data, size_t len, struct buf *why,
			      unsigned long *line)
{
	struct scan sc = { data, len, why, line };
	struct nameset defined = { NULL, NULL, 0, 0 };
	const char *nul = len ? memchr(data, '\0', len) : NULL;
	enum vscan_result r;

	if (nul) {
		static const char zero = '\0';
		return violation(&sc, 1 + lines_in(data, (size_t)(nul - (const char *)data)),
				 "byte", &zero, 1, not_allowed);
	}
	collect_defines(data, len, &defined);
	r = scan(&sc, &defined);
	nameset_release(&defined);
	return r;
}

static void add_size(struct buf *b, size_t n, int exact)
{
	if (n >= ((size_t)1 << 20)) {
		if (exact && n % ((size_t)1 << 20) == 0)
			buf_addf(b, "%zu MiB", n >> 20);
		else
			buf_addf(b, "%.1f MiB", (double)n / (1 << 20));
	} else if (n >= 1024) {
		if (exact && n % 1024 == 0)
			buf_addf(b, "%zu KiB", n >> 10);
		else
			buf_addf(b, "%.1f KiB", (double)n / 1024);
	} else {
		buf_addf(b, "%zu bytes", n);
	}
}

int vscan_check_size(size_t len, size_t max, struct buf *why)
{
	if (!max)
		max = VSCAN_MAX_SIZE_DEFAULT;
	if (len <= max)
		return 0;
	if (why) {
		buf_reset(why);
		buf_addstr(why, "candidate is ");
		add_size(why, len, 0);
		buf_addstr(why, ", over the ");
		add_size(why, max, 1);
		buf_addstr(why, " limit");
	}
	return -1;
}
