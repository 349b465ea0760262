/*
 * vmutate: lexer-level RTL mutants.  See vmutate.h.
 *
 * The source is lexed once into an array of significant tokens (comments
 * dropped) annotated with bracket depth, the partner of every bracket and of
 * begin/end, fork/join, case/endcase, and an "excluded" flag for directive
 * lines, module headers and port declarations.  Each operator then looks at
 * one token and a few neighbours; the only look-backs that walk (statement
 * start, case labels) and the statement parser are bounded, so hostile input
 * stays linear.  Sites are collected, sorted by anchor offset, deduplicated,
 * and sampled with splitmix64 when there are more than asked for.
 */
#include "testbench/vmutate.h"

#include "sim/buf.h"
#include "sim/run.h"
#include "sim/xalloc.h"
#include "testbench/vlex.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const op_names[VMUTATE_NOPS] = {
	[VMUTATE_ARITH] = "arith",
	[VMUTATE_RELOP] = "relop",
	[VMUTATE_LOGIC] = "logic",
	[VMUTATE_BITWISE] = "bitwise",
	[VMUTATE_NOTDROP] = "notdrop",
	[VMUTATE_CONDNEG] = "condneg",
	[VMUTATE_CONST] = "const",
	[VMUTATE_BITFLIP] = "bitflip",
	[VMUTATE_BLOCKING] = "blocking",
	[VMUTATE_EDGE] = "edge",
	[VMUTATE_CASEDROP] = "casedrop",
	[VMUTATE_SWAP] = "swap",
};

const char *vmutate_op_name(enum vmutate_op op)
{
	if ((unsigned)op >= VMUTATE_NOPS)
		return "?";
	return op_names[op];
}

int vmutate_op_parse(const char *name, enum vmutate_op *op)
{
	unsigned i;

	for (i = 0; i < VMUTATE_NOPS; i++)
		if (name && !strcmp(name, op_names[i])) {
			*op = (enum vmutate_op)i;
			return 0;
		}
	return -1;
}

/* ---- tokens ------------------------------------------------------------ */

struct tok {
	enum vlex_kind kind;
	unsigned flags;
	size_t off;
	size_t len;
	unsigned long line;
	unsigned long col;
	long match;          /* partner bracket / begin-end / case-endcase, or -1 */
	unsigned depth;      /* () [] {} nesting at this token */
	unsigned char excl;  /* never mutated (directive line, header, port decl) */
	signed char assign;  /* for '=' and '<=': 1 procedural assignment, 0 not, -1 unknown */
};

struct site_rec {
	struct vmutate_site s;
	size_t anchor;  /* byte offset of the anchor token */
	size_t seq;     /* generation order, the last sort key */
};

struct ctx {
	const char *src;
	size_t len;
	struct tok *t;
	long n;
	unsigned ops;
	struct site_rec *sites;
	size_t nsites;
	size_t asites;
};

/* Bounds on the walks that could otherwise go quadratic on hostile input. */
#define LABEL_WALK_MAX 256
#define STMT_SCAN_MAX 4096
#define STMT_DEPTH_MAX 64
#define DESC_TEXT_MAX 48

static int tis(const struct ctx *c, long i, enum vlex_kind kind, const char *s)
{
	size_t n;

	if (i < 0 || i >= c->n || c->t[i].kind != kind)
		return 0;
	n = strlen(s);
	return c->t[i].len == n && !memcmp(c->src + c->t[i].off, s, n);
}

static int is_op(const struct ctx *c, long i, const char *s)
{
	return tis(c, i, VLEX_OP, s);
}

static int is_kw(const struct ctx *c, long i, const char *s)
{
	return tis(c, i, VLEX_KEYWORD, s);
}

/* Whether token i is a keyword from the NULL-terminated list. */
static int is_kw_any(const struct ctx *c, long i, const char *const *list)
{
	for (; *list; list++)
		if (is_kw(c, i, *list))
			return 1;
	return 0;
}

static int is_ident(const struct ctx *c, long i)
{
	return i >= 0 && i < c->n && c->t[i].kind == VLEX_IDENT;
}

static const char *ttext(const struct ctx *c, long i)
{
	return c->src + c->t[i].off;
}

/* Whether token i can end an operand, so that an operator after it is binary. */
static int ends_operand(const struct ctx *c, long i)
{
	if (i < 0 || i >= c->n)
		return 0;
	switch (c->t[i].kind) {
	case VLEX_IDENT:
	case VLEX_NUMBER:
	case VLEX_STRING:
	case VLEX_DIRECTIVE:  /* a macro use standing for a value */
		return 1;
	case VLEX_OP:
		return is_op(c, i, ")") || is_op(c, i, "]") || is_op(c, i, "}");
	default:
		return 0;
	}
}

static int is_opener(const struct ctx *c, long i)
{
	return is_op(c, i, "(") || is_op(c, i, "[") || is_op(c, i, "{");
}

static int is_closer(const struct ctx *c, long i)
{
	return is_op(c, i, ")") || is_op(c, i, "]") || is_op(c, i, "}");
}

static void lex_all(struct ctx *c)
{
	struct vlex lx;
	struct vlex_tok vt;
	size_t alloc = 0, scan = 0, line_start = 0;
	unsigned pending_nl = 0;

	c->t = NULL;
	c->n = 0;
	vlex_init(&lx, c->src, c->len);
	while (vlex_next(&lx, &vt)) {
		struct tok *t;

		/* Track the start of the current line for columns (LF, as vlex counts). */
		for (; scan < vt.off; scan++)
			if (c->src[scan] == '\n')
				line_start = scan + 1;
		if (vt.kind == VLEX_COMMENT) {
			pending_nl |= vt.flags & VLEX_F_NL_BEFORE;
			continue;
		}
		ALLOC_GROW(c->t, (size_t)c->n + 1, alloc);
		t = &c->t[c->n++];
		t->kind = vt.kind;
		t->flags = vt.flags | pending_nl;
		pending_nl = 0;
		t->off = vt.off;
		t->len = vt.len;
		t->line = vt.line;
		t->col = (unsigned long)(vt.off - line_start) + 1;
		t->match = -1;
		t->depth = 0;
		t->excl = 0;
		t->assign = -1;
	}
}

/* Partners of brackets and of begin/end, fork/join, case/endcase; bracket depth. */
static void match_all(struct ctx *c)
{
	static const char *const cases[] = { "case", "casez", "casex", "randcase", NULL };
	static const char *const joins[] = { "join", "join_any", "join_none", NULL };
	long *br = xmalloc(st_mult((size_t)c->n + 1, sizeof(long)));
	long *be = xmalloc(st_mult((size_t)c->n + 1, sizeof(long)));
	long *fj = xmalloc(st_mult((size_t)c->n + 1, sizeof(long)));
	long *ce = xmalloc(st_mult((size_t)c->n + 1, sizeof(long)));
	long nbr = 0, nbe = 0, nfj = 0, nce = 0, i;

	for (i = 0; i < c->n; i++) {
		struct tok *t = &c->t[i];

		if (is_opener(c, i)) {
			t->depth = (unsigned)nbr;
			br[nbr++] = i;
		} else if (is_closer(c, i)) {
			char want = ttext(c, i)[0] == ')' ? '(' : ttext(c, i)[0] == ']' ? '[' : '{';

			if (nbr > 0 && ttext(c, br[nbr - 1])[0] == want) {
				nbr--;
				t->match = br[nbr];
				c->t[br[nbr]].match = i;
			}
			t->depth = (unsigned)nbr;
		} else {
			t->depth = (unsigned)nbr;
			if (is_kw(c, i, "begin")) {
				be[nbe++] = i;
			} else if (is_kw(c, i, "end")) {
				if (nbe > 0) {
					t->match = be[--nbe];
					c->t[t->match].match = i;
				}
			} else if (is_kw(c, i, "fork")) {
				fj[nfj++] = i;
			} else if (is_kw_any(c, i, joins)) {
				if (nfj > 0) {
					t->match = fj[--nfj];
					c->t[t->match].match = i;
				}
			} else if (is_kw_any(c, i, cases)) {
				ce[nce++] = i;
			} else if (is_kw(c, i, "endcase")) {
				if (nce > 0) {
					t->match = ce[--nce];
					c->t[t->match].match = i;
				}
			}
		}
	}
	free(br);
	free(be);
	free(fj);
	free(ce);
}

static int is_compiler_directive(const char *s, size_t n)
{
	static const char *const names[] = {
		"`define", "`undef", "`undefineall", "`ifdef", "`ifndef", "`elsif", "`else",
		"`endif", "`include", "`timescale", "`default_nettype", "`resetall",
		"`celldefine", "`endcelldefine", "`line", "`pragma", "`begin_keywords",
		"`end_keywords", "`unconnected_drive", "`nounconnected_drive", NULL,
	};
	const char *const *p;

	for (p = names; *p; p++)
		if (strlen(*p) == n && !memcmp(*p, s, n))
			return 1;
	return 0;
}

/* Mark directive lines, module headers and port declarations as never mutated. */
static void exclude_all(struct ctx *c)
{
	static const char *const ports[] = { "input", "output", "inout", NULL };
	long i, j;

	for (i = 0; i < c->n; i++) {
		if (c->t[i].kind != VLEX_DIRECTIVE ||
		    !is_compiler_directive(ttext(c, i), c->t[i].len))
			continue;
		c->t[i].excl = 1;
		for (j = i + 1; j < c->n && !(c->t[j].flags & VLEX_F_NL_BEFORE); j++)
			c->t[j].excl = 1;
		i = j - 1;
	}
	for (i = 0; i < c->n; i++) {
		unsigned d = c->t[i].depth;

		if (!is_kw(c, i, "module") && !is_kw(c, i, "macromodule") &&
		    !(c->t[i].depth == 0 && is_kw_any(c, i, ports)))
			continue;
		for (j = i; j < c->n; j++) {
			c->t[j].excl = 1;
			if (c->t[j].depth == d && is_op(c, j, ";"))
				break;
		}
		i = j;
	}
}

/* ---- statement structure ----------------------------------------------- */

/*
 * Whether the colon at index k ends a case-item label (as opposed to the
 * ':' of a ternary): walking back at the same depth, the statement boundary
 * (';', begin, end, default, the case expression) comes before any '?'.
 */
static int label_colon(const struct ctx *c, long k)
{
	static const char *const stops[] = { "begin", "end", "default", "endcase", NULL };
	long i = k - 1;
	int steps;

	for (steps = 0; i >= 0 && steps < LABEL_WALK_MAX; steps++) {
		if (is_op(c, i, ")") && c->t[i].match > 0) {
			long m = c->t[i].match;

			if (is_kw(c, m - 1, "case") || is_kw(c, m - 1, "casez") || is_kw(c, m - 1, "casex"))
				return 1;
			i = m - 1;
			continue;
		}
		if (is_closer(c, i) && c->t[i].match >= 0) {
			i = c->t[i].match - 1;
			continue;
		}
		if (is_op(c, i, "?") || is_op(c, i, ":") || is_opener(c, i))
			return 0;
		if (is_op(c, i, ";") || is_kw_any(c, i, stops))
			return 1;
		i--;
	}
	return 0;
}

/*
 * Whether a statement may start right after token j.  A timing control
 * (@(...), @*, @name, #d, #(d)) counts only when it itself starts a
 * statement, so `assign #1 y = a` and `wire #2 w = b` are no statements; d
 * bounds that look-back.
 */
static int stmt_before(const struct ctx *c, long j, int d)
{
	static const char *const kws[] = {
		"begin", "else", "fork", "end", "join", "join_any", "join_none", "endcase",
		"initial", "always", "always_ff", "always_comb", "always_latch", "final",
		"default", "forever", NULL,
	};
	static const char *const heads[] = {
		"if", "for", "while", "repeat", "wait", "foreach", NULL,
	};

	if (j < 0 || d > 8)
		return 0;
	if (is_op(c, j, ";") || is_kw_any(c, j, kws))
		return 1;
	if (is_op(c, j, ")") && c->t[j].match > 0) {
		long m = c->t[j].match;

		if (is_kw_any(c, m - 1, heads))
			return 1;
		if (is_op(c, m - 1, "@") || is_op(c, m - 1, "#"))
			return stmt_before(c, m - 2, d + 1);
		return 0;
	}
	if ((is_op(c, j, "*") || is_ident(c, j)) && is_op(c, j - 1, "@"))
		return stmt_before(c, j - 2, d + 1);
	if ((is_ident(c, j) || c->t[j].kind == VLEX_NUMBER) && is_op(c, j - 1, "#"))
		return stmt_before(c, j - 2, d + 1);
	/* begin : name, end : name */
	if (is_ident(c, j) && is_op(c, j - 1, ":") &&
	    (is_kw(c, j - 2, "begin") || is_kw(c, j - 2, "fork") || is_kw(c, j - 2, "end")))
		return 1;
	if (is_op(c, j, ":"))
		return label_colon(c, j);
	return 0;
}

/*
 * Whether the '=' or '<=' at k is a procedural assignment: an lvalue
 * (name, name[..], a.b[..], {..}) at bracket depth 0 that starts a statement.
 */
static int is_assignment(const struct ctx *c, long k)
{
	long j = k - 1;

	if (j < 0)
		return 0;
	if (is_op(c, j, "}") && c->t[j].match >= 0) {
		j = c->t[j].match - 1;
	} else {
		for (;;) {
			while (is_op(c, j, "]") && c->t[j].match >= 0)
				j = c->t[j].match - 1;
			if (!is_ident(c, j))
				return 0;
			j--;
			if (is_op(c, j, ".") && j >= 1) {
				j--;
				continue;
			}
			break;
		}
	}
	if (c->t[j + 1].depth != 0)
		return 0;
	return stmt_before(c, j, 0);
}

static void classify_assignments(struct ctx *c)
{
	long i;

	for (i = 0; i < c->n; i++)
		if (is_op(c, i, "=") || is_op(c, i, "<="))
			c->t[i].assign = (signed char)is_assignment(c, i);
}

/*
 * Index of the last token of the statement starting at j, or -1 when it
 * does not parse (then nothing built on it is mutated).
 */
static long parse_stmt(const struct ctx *c, long j, int d)
{
	static const char *const loops[] = { "for", "while", "repeat", "foreach", "wait", NULL };
	static const char *const cases[] = { "case", "casez", "casex", "randcase", NULL };
	static const char *const stops[] = {
		"begin", "end", "endcase", "fork", "join", "join_any", "join_none", "else", "if",
		"case", "casez", "casex", "always", "initial", "module", "endmodule", NULL,
	};
	long k, e;
	int steps;

	if (d > STMT_DEPTH_MAX || j < 0 || j >= c->n)
		return -1;
	if (is_kw(c, j, "begin") || is_kw(c, j, "fork")) {
		k = c->t[j].match;
		if (k < 0)
			return -1;
		if (is_op(c, k + 1, ":") && is_ident(c, k + 2))
			return k + 2;
		return k;
	}
	if (is_kw(c, j, "if")) {
		if (!is_op(c, j + 1, "(") || c->t[j + 1].match < 0)
			return -1;
		e = parse_stmt(c, c->t[j + 1].match + 1, d + 1);
		if (e < 0)
			return -1;
		if (is_kw(c, e + 1, "else"))
			return parse_stmt(c, e + 2, d + 1);
		return e;
	}
	if (is_kw_any(c, j, cases))
		return c->t[j].match;
	if (is_kw_any(c, j, loops)) {
		if (!is_op(c, j + 1, "(") || c->t[j + 1].match < 0)
			return -1;
		return parse_stmt(c, c->t[j + 1].match + 1, d + 1);
	}
	if (is_kw(c, j, "forever"))
		return parse_stmt(c, j + 1, d + 1);
	if (is_op(c, j, "@") || is_op(c, j, "#")) {
		if (is_op(c, j + 1, "(")) {
			if (c->t[j + 1].match < 0)
				return -1;
			return parse_stmt(c, c->t[j + 1].match + 1, d + 1);
		}
		return parse_stmt(c, j + 2, d + 1);
	}
	for (k = j, steps = 0; k < c->n && steps < STMT_SCAN_MAX; steps++) {
		if (is_opener(c, k)) {
			if (c->t[k].match < 0)
				return -1;
			k = c->t[k].match + 1;
			continue;
		}
		if (is_op(c, k, ";"))
			return k;
		if (is_kw_any(c, k, stops) || is_closer(c, k))
			return -1;
		k++;
	}
	return -1;
}

/* ---- site collection ----------------------------------------------------- */

/* Append s[0..n) to b as one printable line: blanks collapsed, capped. */
static void add_flat(struct buf *b, const char *s, size_t n, size_t cap)
{
	size_t i, out = 0;
	int blank = 0;

	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\v' || ch == '\f') {
			blank = 1;
			continue;
		}
		if (out >= cap) {
			buf_addstr(b, "...");
			return;
		}
		if (blank && out > 0) {
			buf_addch(b, ' ');
			out++;
		}
		blank = 0;
		buf_addch(b, ch >= 0x20 && ch < 0x7f ? ch : '?');
		out++;
	}
}

static void add_tok_flat(struct buf *b, const struct ctx *c, long i)
{
	add_flat(b, ttext(c, i), c->t[i].len, DESC_TEXT_MAX);
}

/*
 * Record a site unless its edit leaves the input unchanged.  Takes ownership
 * of ins (heap, NUL-terminated) and uses desc's contents.
 */
static void add_site(struct ctx *c, enum vmutate_op op, long anchor, size_t off, size_t del,
		     char *ins, size_t ins_len, const struct buf *desc)
{
	struct site_rec *r;
	struct buf full = BUF_INIT;

	if (!(c->ops & VMUTATE_BIT(op)) ||
	    (del == ins_len && !memcmp(c->src + off, ins, del))) {
		free(ins);
		return;
	}
	ALLOC_GROW(c->sites, c->nsites + 1, c->asites);
	r = &c->sites[c->nsites];
	r->s.op = op;
	r->s.line = c->t[anchor].line;
	r->s.col = c->t[anchor].col;
	r->s.off = off;
	r->s.del = del;
	r->s.ins = ins;
	r->s.ins_len = ins_len;
	buf_addf(&full, "line %lu col %lu: %s", r->s.line, r->s.col, desc->data);
	r->s.desc = buf_detach(&full, NULL);
	r->anchor = c->t[anchor].off;
	r->seq = c->nsites;
	c->nsites++;
}

/* A site that replaces token i by the string repl; desc "'old' -> 'new'". */
static void replace_tok(struct ctx *c, enum vmutate_op op, long i, const char *repl, const char *note)
{
	struct buf d = BUF_INIT;

	if (!(c->ops & VMUTATE_BIT(op)))
		return;
	buf_addch(&d, '\'');
	add_tok_flat(&d, c, i);
	buf_addstr(&d, "' -> '");
	add_flat(&d, repl, strlen(repl), DESC_TEXT_MAX);
	buf_addch(&d, '\'');
	if (note)
		buf_addf(&d, " (%s)", note);
	add_site(c, op, i, c->t[i].off, c->t[i].len, xstrdup(repl), strlen(repl), &d);
	buf_release(&d);
}

static void site_notdrop(struct ctx *c, long i)
{
	struct buf d = BUF_INIT;
	size_t off = c->t[i].off;
	const char *repl = "";

	/*
	 * Removing the byte could glue its neighbours into another operator
	 * ("-~-x" -> "--x"); a space keeps them apart.
	 */
	if (off > 0 && off + 1 < c->len) {
		unsigned char a = (unsigned char)c->src[off - 1], b = (unsigned char)c->src[off + 1];

		if (strchr("+-*/%<>=!~&|^", a) && a && strchr("+-*/%<>=!~&|^", b) && b)
			repl = " ";
	}
	buf_addf(&d, "'%c' removed", c->src[off]);
	add_site(c, VMUTATE_NOTDROP, i, off, 1, xstrdup(repl), strlen(repl), &d);
	buf_release(&d);
}

static void site_condneg(struct ctx *c, long i)
{
	long open = i + 1, close;
	size_t a, b;
	struct buf ins = BUF_INIT, d = BUF_INIT;

	if (!is_op(c, open, "(") || c->t[open].match <= open + 1)
		return;
	close = c->t[open].match;
	a = c->t[open].off + 1;
	b = c->t[close].off;
	buf_addstr(&ins, "!(");
	buf_add(&ins, c->src + a, b - a);
	buf_addch(&ins, ')');
	buf_addstr(&d, "'if (");
	add_flat(&d, c->src + a, b - a, DESC_TEXT_MAX);
	buf_addstr(&d, ")' -> 'if (!(");
	add_flat(&d, c->src + a, b - a, DESC_TEXT_MAX);
	buf_addstr(&d, "))'");
	{
		size_t n = ins.len;
		char *s = buf_detach(&ins, NULL);

		add_site(c, VMUTATE_CONDNEG, i, a, b - a, s, n, &d);
	}
	buf_release(&d);
}

/* ---- numbers ------------------------------------------------------------- */

struct num {
	unsigned base;        /* 2, 8, 10, 16 */
	int sized;
	unsigned long width;  /* declared size, or 32 */
	uint64_t val;
	size_t vstart;        /* offset of the value digits in the token */
	size_t ndigits;       /* digits written (underscores not counted) */
	int upper;            /* hex letters were upper case */
};

static int digit_value(unsigned char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

static int is_blank(unsigned char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

/*
 * Parse an integer literal whose every digit is known (no x/z/?, no real,
 * no time unit) and that fits 64 bits.  Returns 0, or -1 when the literal is
 * not one to mutate this way.
 */
static int parse_num(const char *t, size_t n, struct num *nm)
{
	size_t q, i, end;
	uint64_t v = 0;

	memset(nm, 0, sizeof(*nm));
	for (q = 0; q < n && t[q] != '\''; q++)
		;
	nm->base = 10;
	nm->width = 32;
	if (q == n) {
		i = 0;
	} else {
		/* size */
		end = q;
		while (end > 0 && is_blank((unsigned char)t[end - 1]))
			end--;
		if (end > 0) {
			unsigned long w = 0;

			for (i = 0; i < end; i++) {
				if (t[i] == '_')
					continue;
				if (t[i] < '0' || t[i] > '9' || w > 1000000)
					return -1;
				w = w * 10 + (unsigned long)(t[i] - '0');
			}
			if (w == 0)
				return -1;
			nm->sized = 1;
			nm->width = w;
		}
		i = q + 1;
		if (i < n && (t[i] == 's' || t[i] == 'S'))
			i++;
		if (i >= n)
			return -1;
		switch (t[i]) {
		case 'b': case 'B': nm->base = 2; break;
		case 'o': case 'O': nm->base = 8; break;
		case 'd': case 'D': nm->base = 10; break;
		case 'h': case 'H': nm->base = 16; break;
		default: return -1;
		}
		i++;
		while (i < n && is_blank((unsigned char)t[i]))
			i++;
	}
	nm->vstart = i;
	for (; i < n; i++) {
		int dv;

		if (t[i] == '_')
			continue;
		dv = digit_value((unsigned char)t[i]);
		if (dv < 0 || (unsigned)dv >= nm->base)
			return -1;
		if (t[i] >= 'A' && t[i] <= 'F')
			nm->upper = 1;
		if (v > (UINT64_MAX - (uint64_t)dv) / nm->base)
			return -1;
		v = v * nm->base + (uint64_t)dv;
		nm->ndigits++;
	}
	if (nm->ndigits == 0)
		return -1;
	nm->val = v;
	return 0;
}

static uint64_t num_max(const struct num *nm)
{
	if (nm->width >= 64)
		return UINT64_MAX;
	return ((uint64_t)1 << nm->width) - 1;
}

/* The token with its value digits replaced by v (same base, case, at least as many digits). */
static char *format_num(const char *t, const struct num *nm, uint64_t v, size_t *out_len)
{
	char digits[72];
	size_t nd = 0, i;
	struct buf b = BUF_INIT;
	const char *set = nm->upper ? "0123456789ABCDEF" : "0123456789abcdef";

	do {
		digits[nd++] = set[v % nm->base];
		v /= nm->base;
	} while (v);
	/* Keep the written width of b/o/h values (8'h07 -> 8'h08); decimals need no padding. */
	while (nm->base != 10 && nd < nm->ndigits && nd < sizeof(digits))
		digits[nd++] = '0';
	buf_add(&b, t, nm->vstart);
	for (i = nd; i > 0; i--)
		buf_addch(&b, digits[i - 1]);
	*out_len = b.len;
	return buf_detach(&b, NULL);
}

static void num_site(struct ctx *c, enum vmutate_op op, long i, const struct num *nm, uint64_t v)
{
	struct buf d = BUF_INIT;
	size_t n;
	char *s = format_num(ttext(c, i), nm, v, &n);

	buf_addch(&d, '\'');
	add_tok_flat(&d, c, i);
	buf_addstr(&d, "' -> '");
	add_flat(&d, s, n, DESC_TEXT_MAX);
	buf_addch(&d, '\'');
	add_site(c, op, i, c->t[i].off, c->t[i].len, s, n, &d);
	buf_release(&d);
}

static void site_number(struct ctx *c, long i)
{
	const char *t = ttext(c, i);
	size_t n = c->t[i].len;
	struct num nm;
	uint64_t cand[3], mx;
	int nc = 0, k;

	if (is_op(c, i - 1, "#"))  /* a delay, not logic */
		return;
	if (n == 2 && t[0] == '\'' && (t[1] == '0' || t[1] == '1')) {
		replace_tok(c, VMUTATE_CONST, i, t[1] == '0' ? "'1" : "'0", NULL);
		return;
	}
	if (parse_num(t, n, &nm))
		return;
	mx = num_max(&nm);
	if (nm.val > mx)
		return;
	if (nm.val < mx)
		cand[nc++] = nm.val + 1;
	if (nm.val > 0)
		cand[nc++] = nm.val - 1;
	for (k = 0; k < nc; k++)
		num_site(c, VMUTATE_CONST, i, &nm, cand[k]);
	if (nm.sized && nm.width >= 2 && nm.width <= 64) {
		uint64_t f = nm.val ^ ((uint64_t)1 << (nm.width - 1));

		for (k = 0; k < nc; k++)
			if (cand[k] == f)
				return;
		num_site(c, VMUTATE_BITFLIP, i, &nm, f);
	}
}

/* ---- binary operators and operand swaps --------------------------------- */

/* Precedence of token i as a binary operator (higher binds tighter), or -1. */
static int bin_prec(const struct ctx *c, long i)
{
	static const struct { const char *op; int prec; } tab[] = {
		{ "**", 11 }, { "*", 10 }, { "/", 10 }, { "%", 10 }, { "+", 9 }, { "-", 9 },
		{ "<<", 8 }, { ">>", 8 }, { "<<<", 8 }, { ">>>", 8 },
		{ "<", 7 }, { "<=", 7 }, { ">", 7 }, { ">=", 7 },
		{ "==", 6 }, { "!=", 6 }, { "===", 6 }, { "!==", 6 }, { "==?", 6 }, { "!=?", 6 },
		{ "&", 5 }, { "^", 4 }, { "~^", 4 }, { "^~", 4 }, { "|", 3 },
		{ "&&", 2 }, { "||", 1 }, { "->", 0 }, { "<->", 0 },
	};
	size_t k;

	if (i < 0 || i >= c->n || c->t[i].kind != VLEX_OP || !ends_operand(c, i - 1))
		return -1;
	if (is_op(c, i, "<=") && c->t[i].assign == 1)
		return -1;
	for (k = 0; k < sizeof(tab) / sizeof(tab[0]); k++)
		if (is_op(c, i, tab[k].op))
			return tab[k].prec;
	return -1;
}

static int simple_operand(const struct ctx *c, long i)
{
	return i >= 0 && i < c->n && !c->t[i].excl &&
	       ((c->t[i].kind == VLEX_IDENT && !(c->t[i].flags & VLEX_F_ESCAPED)) ||
		c->t[i].kind == VLEX_NUMBER);
}

/* 'a OP b' -> 'b OP a' when a OP b is a whole subexpression of single tokens. */
static void site_swap(struct ctx *c, long k)
{
	static const char *const noncomm[] = {
		"-", "/", "%", "<<", ">>", "<<<", ">>>", "<", "<=", ">", ">=", NULL,
	};
	static const char *const left_ok[] = { "(", "[", "{", ",", "=", "?", ":", ";", NULL };
	static const char *const right_ok[] = { ")", "]", "}", ",", ";", "?", ":", NULL };
	const char *const *p;
	long a = k - 1, b = k + 1, l = k - 2, r = k + 2;
	int prec = bin_prec(c, k), ok = 0;
	struct buf ins = BUF_INIT, d = BUF_INIT;
	size_t n;

	for (p = noncomm; *p && !ok; p++)
		ok = is_op(c, k, *p);
	if (!ok || prec < 0 || !simple_operand(c, a) || !simple_operand(c, b) || l < 0 || r >= c->n)
		return;
	ok = 0;
	for (p = left_ok; *p && !ok; p++)
		ok = is_op(c, l, *p);
	if (!ok && is_op(c, l, "<=") && c->t[l].assign == 1)
		ok = 1;
	if (!ok && (is_kw(c, l, "return") || is_kw(c, l, "assign")))
		ok = 1;
	if (!ok) {
		int lp = bin_prec(c, l);

		ok = lp >= 0 && lp < prec;
	}
	if (!ok)
		return;
	ok = 0;
	for (p = right_ok; *p && !ok; p++)
		ok = is_op(c, r, *p);
	if (!ok) {
		int rp = bin_prec(c, r);

		ok = rp >= 0 && rp <= prec;
	}
	if (!ok)
		return;
	/*
	 * A range bound ([W-1:0], x[AW-1:0]) swapped gives a reversed or
	 * negative range: iverilog rejects part-selects, declarations change
	 * width oddly.  Bounds are left to the const operator.
	 */
	if ((is_op(c, l, "[") && (is_op(c, r, ":") || is_op(c, r, "+:") || is_op(c, r, "-:"))) ||
	    (is_op(c, l, ":") && is_op(c, r, "]")))
		return;
	buf_add(&ins, ttext(c, b), c->t[b].len);
	buf_add(&ins, c->src + c->t[a].off + c->t[a].len, c->t[b].off - (c->t[a].off + c->t[a].len));
	buf_add(&ins, ttext(c, a), c->t[a].len);
	buf_addch(&d, '\'');
	add_tok_flat(&d, c, a);
	buf_addch(&d, ' ');
	add_tok_flat(&d, c, k);
	buf_addch(&d, ' ');
	add_tok_flat(&d, c, b);
	buf_addstr(&d, "' -> '");
	add_tok_flat(&d, c, b);
	buf_addch(&d, ' ');
	add_tok_flat(&d, c, k);
	buf_addch(&d, ' ');
	add_tok_flat(&d, c, a);
	buf_addch(&d, '\'');
	n = ins.len;
	add_site(c, VMUTATE_SWAP, a, c->t[a].off, c->t[b].off + c->t[b].len - c->t[a].off,
		 buf_detach(&ins, NULL), n, &d);
	buf_release(&d);
}

static void site_operator(struct ctx *c, long i)
{
	static const struct { const char *from, *to; } relops[] = {
		{ "<", "<=" }, { "<", ">" }, { "<=", "<" }, { "<=", ">=" }, { ">", ">=" },
		{ ">", "<" }, { ">=", ">" }, { ">=", "<=" }, { "==", "!=" }, { "!=", "==" },
		{ "===", "!==" }, { "!==", "===" },
	};
	size_t k;

	if (is_op(c, i, "+"))
		replace_tok(c, VMUTATE_ARITH, i, "-", NULL);
	else if (is_op(c, i, "-"))
		replace_tok(c, VMUTATE_ARITH, i, "+", NULL);
	else if (is_op(c, i, "*") && ends_operand(c, i - 1) && !is_op(c, i + 1, ")"))
		replace_tok(c, VMUTATE_ARITH, i, "+", NULL);

	if (!is_op(c, i, "<=") || c->t[i].assign == 0)
		for (k = 0; k < sizeof(relops) / sizeof(relops[0]); k++)
			if (is_op(c, i, relops[k].from))
				replace_tok(c, VMUTATE_RELOP, i, relops[k].to, NULL);

	if (is_op(c, i, "&&"))
		replace_tok(c, VMUTATE_LOGIC, i, "||", NULL);
	else if (is_op(c, i, "||"))
		replace_tok(c, VMUTATE_LOGIC, i, "&&", NULL);

	if (is_op(c, i, "&"))
		replace_tok(c, VMUTATE_BITWISE, i, "|", NULL);
	else if (is_op(c, i, "|"))
		replace_tok(c, VMUTATE_BITWISE, i, "&", NULL);
	else if (is_op(c, i, "^"))
		replace_tok(c, VMUTATE_BITWISE, i, "&", NULL);

	if (is_op(c, i, "~") || is_op(c, i, "!"))
		site_notdrop(c, i);

	if (is_op(c, i, "=") && c->t[i].assign == 1)
		replace_tok(c, VMUTATE_BLOCKING, i, "<=", "blocking to non-blocking");
	else if (is_op(c, i, "<=") && c->t[i].assign == 1)
		replace_tok(c, VMUTATE_BLOCKING, i, "=", "non-blocking to blocking");

	if (c->ops & VMUTATE_BIT(VMUTATE_SWAP))
		site_swap(c, i);
}

/* Whether any token in [a, b] is excluded. */
static int any_excluded(const struct ctx *c, long a, long b)
{
	for (; a <= b; a++)
		if (c->t[a].excl)
			return 1;
	return 0;
}

/* One site per item of the case statement at k, when it has two or more items. */
static void site_case(struct ctx *c, long k)
{
	struct item { long start, end; } *items = NULL;
	size_t nitems = 0, alloc = 0, x;
	long i, j, e;
	int steps;

	if (!is_op(c, k + 1, "(") || c->t[k + 1].match < 0 || c->t[k].match < 0)
		return;
	i = c->t[k + 1].match + 1;
	if (is_kw(c, i, "inside"))
		i++;
	while (i < c->n && !is_kw(c, i, "endcase")) {
		if (is_kw(c, i, "default")) {
			j = is_op(c, i + 1, ":") ? i + 2 : i + 1;
		} else {
			for (j = i, steps = 0; j < c->n && steps < LABEL_WALK_MAX; steps++) {
				if (is_opener(c, j) && c->t[j].match > j) {
					j = c->t[j].match + 1;
					continue;
				}
				if (is_op(c, j, ":") || is_op(c, j, ";") || c->t[j].kind == VLEX_KEYWORD)
					break;
				j++;
			}
			if (!is_op(c, j, ":"))
				goto out;
			j++;
		}
		e = parse_stmt(c, j, 0);
		if (e < 0)
			goto out;
		ALLOC_GROW(items, nitems + 1, alloc);
		items[nitems].start = i;
		items[nitems].end = e;
		nitems++;
		i = e + 1;
	}
	if (i != c->t[k].match || nitems < 2)
		goto out;
	for (x = 0; x < nitems; x++) {
		struct buf d = BUF_INIT;
		long s = items[x].start, t = items[x].end;
		size_t a = c->t[s].off, b = c->t[t].off + c->t[t].len;

		if (any_excluded(c, s, t))
			continue;
		if (is_kw(c, s, "default")) {
			buf_addstr(&d, "default item dropped");
		} else {
			long lab;

			buf_addstr(&d, "case item '");
			for (lab = s; !is_op(c, lab, ":"); lab++)
				;
			add_flat(&d, c->src + a, c->t[lab].off - a, DESC_TEXT_MAX);
			buf_addstr(&d, "' dropped");
		}
		add_site(c, VMUTATE_CASEDROP, s, a, b - a, xstrdup(""), 0, &d);
		buf_release(&d);
	}
out:
	free(items);
}

static int cmp_site(const void *pa, const void *pb)
{
	const struct site_rec *a = pa, *b = pb;

	if (a->anchor != b->anchor)
		return a->anchor < b->anchor ? -1 : 1;
	if (a->s.op != b->s.op)
		return a->s.op < b->s.op ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static int same_edit(const struct vmutate_site *a, const struct vmutate_site *b)
{
	return a->off == b->off && a->del == b->del && a->ins_len == b->ins_len &&
	       !memcmp(a->ins, b->ins, a->ins_len);
}

static void site_free(struct vmutate_site *s)
{
	free(s->ins);
	free(s->desc);
}

void vmutate_find_sites(const char *src, size_t len, unsigned ops, struct vmutate_sites *out)
{
	static const char *const cases[] = { "case", "casez", "casex", NULL };
	struct ctx c;
	long i;
	size_t x, y, group;

	memset(&c, 0, sizeof(c));
	c.src = src ? src : "";
	c.len = src ? len : 0;
	c.ops = ops ? ops & VMUTATE_ALL : VMUTATE_ALL;
	lex_all(&c);
	match_all(&c);
	exclude_all(&c);
	classify_assignments(&c);

	for (i = 0; i < c.n; i++) {
		if (c.t[i].excl)
			continue;
		switch (c.t[i].kind) {
		case VLEX_OP:
			site_operator(&c, i);
			break;
		case VLEX_NUMBER:
			site_number(&c, i);
			break;
		case VLEX_KEYWORD:
			if (is_kw(&c, i, "if"))
				site_condneg(&c, i);
			else if (is_kw(&c, i, "posedge"))
				replace_tok(&c, VMUTATE_EDGE, i, "negedge", NULL);
			else if (is_kw(&c, i, "negedge"))
				replace_tok(&c, VMUTATE_EDGE, i, "posedge", NULL);
			else if (is_kw_any(&c, i, cases) && (c.ops & VMUTATE_BIT(VMUTATE_CASEDROP)))
				site_case(&c, i);
			break;
		default:
			break;
		}
	}

	if (c.nsites)
		qsort(c.sites, c.nsites, sizeof(*c.sites), cmp_site);
	/* Drop repeated edits; equal edits share their anchor, so look within a group. */
	for (x = 0, group = 0; x < c.nsites; x++) {
		int dup = 0;

		if (x > 0 && c.sites[x].anchor != c.sites[x - 1].anchor)
			group = x;
		for (y = group; y < x && !dup; y++)
			dup = c.sites[y].s.ins && same_edit(&c.sites[y].s, &c.sites[x].s);
		if (dup) {
			site_free(&c.sites[x].s);
			c.sites[x].s.ins = NULL;
			continue;
		}
		ALLOC_GROW(out->v, out->nr + 1, out->alloc);
		out->v[out->nr++] = c.sites[x].s;
	}
	free(c.sites);
	free(c.t);
}

void vmutate_sites_release(struct vmutate_sites *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->nr; i++)
		site_free(&s->v[i]);
	free(s->v);
	s->v = NULL;
	s->nr = 0;
	s->alloc = 0;
}

char *vmutate_apply(const char *src, size_t len, const struct vmutate_site *s, size_t *out_len)
{
	size_t n = len - s->del + s->ins_len;
	char *t = xmalloc(n + 1);

	memcpy(t, src, s->off);
	memcpy(t + s->off, s->ins, s->ins_len);
	memcpy(t + s->off + s->ins_len, src + s->off + s->del, len - s->off - s->del);
	t[n] = '\0';
	if (out_len)
		*out_len = n;
	return t;
}

/* ---- sampling ------------------------------------------------------------ */

static uint64_t splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, bound), bound > 0, without modulo bias. */
static uint64_t uniform(uint64_t *state, uint64_t bound)
{
	uint64_t threshold = (0 - bound) % bound, r;

	do
		r = splitmix64(state);
	while (r < threshold);
	return r % bound;
}

static int cmp_size(const void *pa, const void *pb)
{
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;

	return a < b ? -1 : a > b;
}

struct vmutate_set *vmutate_generate(const char *src, size_t len, size_t max, uint64_t seed,
				     unsigned ops)
{
	struct vmutate_sites sites = VMUTATE_SITES_INIT;
	struct vmutate_set *set = xcalloc(1, sizeof(*set));
	size_t *pick, npick, i;
	uint64_t state = seed;

	if (!src)
		len = 0;
	vmutate_find_sites(src, len, ops, &sites);
	set->nsites = sites.nr;
	npick = (max == 0 || max > sites.nr) ? sites.nr : max;
	pick = xmalloc(st_mult(sites.nr + 1, sizeof(size_t)));
	for (i = 0; i < sites.nr; i++)
		pick[i] = i;
	if (npick < sites.nr) {
		/* Partial Fisher-Yates: the first npick slots become the sample. */
		for (i = 0; i < npick; i++) {
			size_t j = i + (size_t)uniform(&state, sites.nr - i), tmp = pick[i];

			pick[i] = pick[j];
			pick[j] = tmp;
		}
		qsort(pick, npick, sizeof(*pick), cmp_size);
	}
	set->v = xcalloc(npick + 1, sizeof(*set->v));
	for (i = 0; i < npick; i++) {
		const struct vmutate_site *s = &sites.v[pick[i]];
		struct vmutant *m = &set->v[i];

		m->op = s->op;
		m->line = s->line;
		m->col = s->col;
		m->site = pick[i];
		m->text = vmutate_apply(src ? src : "", len, s, &m->len);
		m->desc = xstrdup(s->desc);
	}
	set->nr = npick;
	free(pick);
	vmutate_sites_release(&sites);
	return set;
}

void vmutate_set_free(struct vmutate_set *set)
{
	size_t i;

	if (!set)
		return;
	for (i = 0; i < set->nr; i++) {
		free(set->v[i].text);
		free(set->v[i].desc);
	}
	free(set->v);
	free(set);
}

/* ---- compile check ------------------------------------------------------- */

enum vmutate_cc vmutate_compile(const char *dir, const char *text, size_t len, double timeout,
				struct buf *why, struct buf *err)
{
	static const char *const argv[] = { "iverilog", "-g2012", "-o", "/dev/null", "m.v", NULL };
	struct run_cmd cmd;
	struct run_result res = RUN_RESULT_INIT;
	struct buf path = BUF_INIT;
	enum vmutate_cc ret;
	const char *log;

	buf_addf(&path, "%s/m.v", dir);
	if (buf_write_file(path.data, text, len)) {
		buf_setf(err, "cannot write '%s': %s", path.data, strerror(errno));
		buf_release(&path);
		return VMUTATE_CC_ERROR;
	}
	memset(&cmd, 0, sizeof(cmd));
	cmd.argv = argv;
	cmd.dir = dir;
	cmd.lim.wall_sec = timeout;
	cmd.lim.out_cap = 64 * 1024;
	cmd.merge_stderr = 1;
	switch (run_command(&cmd, &res)) {
	case RUN_OK:
		ret = VMUTATE_CC_OK;
		break;
	case RUN_SPAWN_ERROR:
		buf_setf(err, "cannot run 'iverilog': %s", strerror(res.spawn_errno));
		ret = VMUTATE_CC_ERROR;
		break;
	case RUN_NONZERO:
		log = res.out.data;
		while (*log == '\n' || *log == ' ' || *log == '\t')
			log++;
		buf_reset(why);
		buf_add(why, log, strcspn(log, "\n") > 300 ? 300 : strcspn(log, "\n"));
		if (!why->len)
			buf_setf(why, "iverilog exited with status %d", res.code);
		ret = VMUTATE_CC_FAILED;
		break;
	case RUN_TIMEOUT:
		buf_setf(why, "iverilog took longer than %g s", timeout);
		ret = VMUTATE_CC_FAILED;
		break;
	default:
		buf_setf(why, "iverilog was killed by signal %d", res.signo);
		ret = VMUTATE_CC_FAILED;
		break;
	}
	unlink(path.data);
	buf_release(&path);
	run_result_release(&res);
	return ret;
}

long vmutate_keep_compiling(struct vmutate_set *set, const char *dir, double timeout,
			    void (*progress)(size_t done, size_t total, void *arg), void *arg,
			    struct buf *err)
{
	struct buf why = BUF_INIT;
	size_t i, kept = 0, total = set->nr;
	long removed = 0, ret = -1;

	for (i = 0; i < total; i++) {
		struct vmutant *m = &set->v[i];
		enum vmutate_cc cc;

		if (progress)
			progress(i, total, arg);
		cc = vmutate_compile(dir, m->text, m->len, timeout, &why, err);
		if (cc == VMUTATE_CC_ERROR) {
			/* Keep the unchecked rest so that the set stays consistent. */
			memmove(&set->v[kept], &set->v[i], (total - i) * sizeof(*set->v));
			set->nr = kept + (total - i);
			goto out;
		}
		if (cc == VMUTATE_CC_FAILED) {
			free(m->text);
			free(m->desc);
			removed++;
			continue;
		}
		set->v[kept++] = *m;
	}
	set->nr = kept;
	ret = removed;
out:
	buf_release(&why);
	return ret;
}
