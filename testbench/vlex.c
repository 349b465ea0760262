/*
 * vlex: a Verilog / SystemVerilog lexer over raw bytes.  See vlex.h.
 *
 * Written as one hand-made scanner loop rather than a generated table so that
 * every read is visibly bounds-checked: the input is hostile (candidate RTL,
 * random bytes) and the lexer must stay linear, total and in bounds.
 */
#include "testbench/vlex.h"

#include <stdlib.h>
#include <string.h>

/* IEEE 1800-2017 Annex B, sorted by strcmp for bsearch. */
static const char *const keywords[] = {
	"accept_on", "alias", "always", "always_comb", "always_ff", "always_latch", "and",
	"assert", "assign", "assume", "automatic", "before", "begin", "bind", "bins", "binsof",
	"bit", "break", "buf", "bufif0", "bufif1", "byte", "case", "casex", "casez", "cell",
	"chandle", "checker", "class", "clocking", "cmos", "config", "const", "constraint",
	"context", "continue", "cover", "covergroup", "coverpoint", "cross", "deassign",
	"default", "defparam", "design", "disable", "dist", "do", "edge", "else", "end",
	"endcase", "endchecker", "endclass", "endclocking", "endconfig", "endfunction",
	"endgenerate", "endgroup", "endinterface", "endmodule", "endpackage", "endprimitive",
	"endprogram", "endproperty", "endsequence", "endspecify", "endtable", "endtask", "enum",
	"event", "eventually", "expect", "export", "extends", "extern", "final", "first_match",
	"for", "force", "foreach", "forever", "fork", "forkjoin", "function", "generate",
	"genvar", "global", "highz0", "highz1", "if", "iff", "ifnone", "ignore_bins",
	"illegal_bins", "implements", "implies", "import", "incdir", "include", "initial",
	"inout", "input", "inside", "instance", "int", "integer", "interconnect", "interface",
	"intersect", "join", "join_any", "join_none", "large", "let", "liblist", "library",
	"local", "localparam", "logic", "longint", "macromodule", "matches", "medium",
	"modport", "module", "nand", "negedge", "nettype", "new", "nexttime", "nmos", "nor",
	"noshowcancelled", "not", "notif0", "notif1", "null", "or", "output", "package",
	"packed", "parameter", "pmos", "posedge", "primitive", "priority", "program",
	"property", "protected", "pull0", "pull1", "pulldown", "pullup", "pulsestyle_ondetect",
	"pulsestyle_onevent", "pure", "rand", "randc", "randcase", "randsequence", "rcmos",
	"real", "realtime", "ref", "reg", "reject_on", "release", "repeat", "restrict",
	"return", "rnmos", "rpmos", "rtran", "rtranif0", "rtranif1", "s_always", "s_eventually",
	"s_nexttime", "s_until", "s_until_with", "scalared", "sequence", "shortint",
	"shortreal", "showcancelled", "signed", "small", "soft", "solve", "specify",
	"specparam", "static", "string", "strong", "strong0", "strong1", "struct", "super",
	"supply0", "supply1", "sync_accept_on", "sync_reject_on", "table", "tagged", "task",
	"this", "throughout", "time", "timeprecision", "timeunit", "tran", "tranif0", "tranif1",
	"tri", "tri0", "tri1", "triand", "trior", "trireg", "type", "typedef", "union",
	"unique", "unique0", "unsigned", "until", "until_with", "untyped", "use", "uwire",
	"var", "vectored", "virtual", "void", "wait", "wait_order", "wand", "weak", "weak0",
	"weak1", "while", "wildcard", "wire", "with", "within", "wor", "xnor", "xor",
};

#define NKEYWORDS (sizeof(keywords) / sizeof(keywords[0]))

struct kwkey {
	const char *s;
	size_t n;
};

static int kwcmp(const void *a, const void *b)
{
	const struct kwkey *k = a;
	const char *w = *(const char *const *)b;
	size_t i;

	for (i = 0; i < k->n; i++) {
		unsigned char c = (unsigned char)k->s[i], d = (unsigned char)w[i];
		if (c != d)
			return d ? (int)c - (int)d : 1;
	}
	return w[i] ? -1 : 0;
}

int vlex_is_keyword(const char *s, size_t n)
{
	struct kwkey k = { s, n };

	if (n < 2 || n > 20)
		return 0;
	return bsearch(&k, keywords, NKEYWORDS, sizeof(keywords[0]), kwcmp) != NULL;
}

const char *vlex_kind_name(enum vlex_kind kind)
{
	switch (kind) {
	case VLEX_EOF: return "eof";
	case VLEX_IDENT: return "ident";
	case VLEX_KEYWORD: return "keyword";
	case VLEX_NUMBER: return "number";
	case VLEX_STRING: return "string";
	case VLEX_COMMENT: return "comment";
	case VLEX_DIRECTIVE: return "directive";
	case VLEX_SYSNAME: return "sysname";
	case VLEX_PASTE: return "paste";
	case VLEX_STRINGIFY: return "stringify";
	case VLEX_OP: return "op";
	case VLEX_INVALID: return "invalid";
	}
	return "?";
}

#define C_IDSTART 0x01  /* A-Z a-z _ */
#define C_IDCHAR  0x02  /* A-Z a-z 0-9 _ $ */
#define C_DIGIT   0x04
#define C_SPACE   0x08  /* space \t \n \r \v \f */
#define C_BASEDIG 0x10  /* digits of a based value: 0-9 a-f A-F x X z Z ? _ */
#define C_ESCEND  0x20  /* ends an escaped identifier: space \t \r \n */

/* Character classes, one table lookup per byte (gnu11 range initialisers). */
static const unsigned char cclass[256] = {
	['A' ... 'F'] = C_IDSTART | C_IDCHAR | C_BASEDIG,
	['G' ... 'W'] = C_IDSTART | C_IDCHAR,
	['X'] = C_IDSTART | C_IDCHAR | C_BASEDIG,
	['Y'] = C_IDSTART | C_IDCHAR,
	['Z'] = C_IDSTART | C_IDCHAR | C_BASEDIG,
	['a' ... 'f'] = C_IDSTART | C_IDCHAR | C_BASEDIG,
	['g' ... 'w'] = C_IDSTART | C_IDCHAR,
	['x'] = C_IDSTART | C_IDCHAR | C_BASEDIG,
	['y'] = C_IDSTART | C_IDCHAR,
	['z'] = C_IDSTART | C_IDCHAR | C_BASEDIG,
	['_'] = C_IDSTART | C_IDCHAR | C_BASEDIG,
	['0' ... '9'] = C_IDCHAR | C_DIGIT | C_BASEDIG,
	['$'] = C_IDCHAR,
	['?'] = C_BASEDIG,
	[' '] = C_SPACE | C_ESCEND,
	['\t'] = C_SPACE | C_ESCEND,
	['\n'] = C_SPACE | C_ESCEND,
	['\r'] = C_SPACE | C_ESCEND,
	['\v'] = C_SPACE,
	['\f'] = C_SPACE,
};

/* Operators longest first within each leading byte; matched in order. */
static const char *const ops[] = {
	"<<<=", ">>>=", "<->",
	"===", "!==", "==?", "!=?", "<<<", ">>>", "<<=", ">>=", "->>", "|->", "|=>",
	"**", "==", "!=", "<=", ">=", "&&", "||", "<<", ">>", "~&", "~|", "~^", "^~",
	"->", "+:", "-:", "::", "++", "--", "+=", "-=", "*=", "/=", "%=", "&=", "|=",
	"^=", "##", ".*", "&&&",
};

#define NOPS (sizeof(ops) / sizeof(ops[0]))

static size_t op_len(const unsigned char *p, size_t avail)
{
	size_t best = 1, i;

	for (i = 0; i < NOPS; i++) {
		size_t n;
		if (ops[i][0] != p[0])
			continue;
		n = strlen(ops[i]);
		if (n > best && n <= avail && !memcmp(p, ops[i], n))
			best = n;
	}
	return best;
}

static int is_op_byte(unsigned char c)
{
	return c && strchr("()[]{},;:.?#@=+-*/%&|^~!<>'", c) != NULL;
}

void vlex_init(struct vlex *lx, const void *data, size_t len)
{
	lx->p = data;
	lx->len = data ? len : 0;
	lx->pos = 0;
	lx->line = 1;
	lx->started = 0;
}

const char *vlex_tok_text(const struct vlex *lx, const struct vlex_tok *tok)
{
	return (const char *)lx->p + tok->off;
}

int vlex_tok_eq(const struct vlex *lx, const struct vlex_tok *tok, const char *s)
{
	size_t n = strlen(s);
	return tok->len == n && !memcmp(lx->p + tok->off, s, n);
}

static unsigned long count_nl(const unsigned char *p, size_t n)
{
	unsigned long k = 0;
	const unsigned char *end = p + n, *q;

	while (p < end && (q = memchr(p, '\n', (size_t)(end - p)))) {
		k++;
		p = q + 1;
	}
	return k;
}

/* Skip whitespace and line continuations from i; say whether a real newline was crossed. */
static size_t skip_ws(const struct vlex *lx, size_t i, int *nl, unsigned long *lines)
{
	const unsigned char *p = lx->p;

	for (;;) {
		if (i < lx->len && (cclass[p[i]] & C_SPACE)) {
			if (p[i] == '\n') {
				*nl = 1;
				(*lines)++;
			}
			i++;
		} else if (i + 1 < lx->len && p[i] == '\\' && p[i + 1] == '\n') {
			(*lines)++;
			i += 2;
		} else if (i + 2 < lx->len && p[i] == '\\' && p[i + 1] == '\r' && p[i + 2] == '\n') {
			(*lines)++;
			i += 3;
		} else {
			return i;
		}
	}
}

/* Skip blanks inside a number (no continuations): spaces, tabs, newlines. */
static size_t skip_num_ws(const struct vlex *lx, size_t i)
{
	while (i < lx->len && (cclass[lx->p[i]] & C_SPACE))
		i++;
	return i;
}

static int is_base(unsigned char c)
{
	return c == 'b' || c == 'B' || c == 'o' || c == 'O' || c == 'd' || c == 'D' ||
	       c == 'h' || c == 'H';
}

/*
 * At p[i] == '\'': if a base specifier follows ('h, 'sb, ...), return the end
 * of the based literal (base, blanks, value digits); else return i.
 */
static size_t based_tail(const struct vlex *lx, size_t i)
{
	const unsigned char *p = lx->p;
	size_t j = i + 1;

	if (j < lx->len && (p[j] == 's' || p[j] == 'S'))
		j++;
	if (j >= lx->len || !is_base(p[j]))
		return i;
	j++;
	{
		size_t k = skip_num_ws(lx, j);
		if (k < lx->len && (cclass[p[k]] & C_BASEDIG) && p[k] != '_')
			j = k;
	}
	while (j < lx->len && (cclass[p[j]] & C_BASEDIG))
		j++;
	return j;
}

static size_t digits(const struct vlex *lx, size_t i)
{
	while (i < lx->len && ((cclass[lx->p[i]] & C_DIGIT) || lx->p[i] == '_'))
		i++;
	return i;
}

/* A time unit directly after a number: s ms us ns ps fs, not followed by a name char. */
static size_t time_unit(const struct vlex *lx, size_t i)
{
	const unsigned char *p = lx->p;
	size_t j = i;

	if (j < lx->len && strchr("munpf", p[j]) && p[j])
		j++;
	if (j < lx->len && p[j] == 's' && (j + 1 >= lx->len || !(cclass[p[j + 1]] & C_IDCHAR)))
		return j + 1;
	return i;
}

static size_t lex_number(const struct vlex *lx, size_t i)
{
	const unsigned char *p = lx->p;
	size_t j = digits(lx, i), k;
	int real = 0;

	if (j + 1 < lx->len && p[j] == '.' && (cclass[p[j + 1]] & C_DIGIT)) {
		j = digits(lx, j + 1);
		real = 1;
	}
	if (j < lx->len && (p[j] == 'e' || p[j] == 'E')) {
		k = j + 1;
		if (k < lx->len && (p[k] == '+' || p[k] == '-'))
			k++;
		if (k < lx->len && (cclass[p[k]] & C_DIGIT)) {
			j = digits(lx, k);
			real = 1;
		}
	}
	if (!real) {
		k = skip_num_ws(lx, j);
		if (k < lx->len && p[k] == '\'') {
			size_t e = based_tail(lx, k);
			if (e > k)
				return e;
		}
	}
	return time_unit(lx, j);
}

int vlex_next(struct vlex *lx, struct vlex_tok *tok)
{
	const unsigned char *p = lx->p;
	const unsigned char *tab = cclass;
	size_t n = lx->len, i, j;
	unsigned long lines = 0;
	int nl = 0;
	unsigned char c;

	tok->flags = 0;
	i = skip_ws(lx, lx->pos, &nl, &lines);
	lx->line += lines;
	if (!lx->started) {
		tok->flags |= VLEX_F_FIRST;
		lx->started = 1;
	}
	if (nl)
		tok->flags |= VLEX_F_NL_BEFORE;
	tok->off = i;
	tok->line = lx->line;
	if (i >= n) {
		lx->pos = n;
		tok->kind = VLEX_EOF;
		tok->off = n;
		tok->len = 0;
		return 0;
	}
	c = p[i];
	j = i + 1;

	if (tab[c] & C_IDSTART) {
		while (j < n && (tab[p[j]] & C_IDCHAR))
			j++;
		tok->kind = vlex_is_keyword((const char *)p + i, j - i) ? VLEX_KEYWORD : VLEX_IDENT;
	} else if (tab[c] & C_DIGIT) {
		j = lex_number(lx, i);
		tok->kind = VLEX_NUMBER;
	} else if (c == '\'') {
		j = based_tail(lx, i);
		if (j > i) {
			tok->kind = VLEX_NUMBER;
		} else if (i + 1 < n && strchr("01xXzZ", p[i + 1]) && p[i + 1] &&
			   (i + 2 >= n || !(tab[p[i + 2]] & C_IDCHAR))) {
			j = i + 2;
			tok->kind = VLEX_NUMBER;
		} else {
			j = i + 1;
			tok->kind = VLEX_OP;
		}
	} else if (c == '$') {
		while (j < n && (tab[p[j]] & C_IDCHAR))
			j++;
		tok->kind = VLEX_SYSNAME;
	} else if (c == '"') {
		tok->kind = VLEX_STRING;
		for (;;) {
			if (j >= n) {
				tok->flags |= VLEX_F_UNTERMINATED;
				break;
			}
			if (p[j] == '"') {
				j++;
				break;
			}
			if (p[j] == '\n') {
				tok->flags |= VLEX_F_UNTERMINATED;
				break;
			}
			if (p[j] == '\\' && j + 1 < n) {
				if (p[j + 1] == '\n' ||
				    (p[j + 1] == '\r' && j + 2 < n && p[j + 2] == '\n'))
					tok->flags |= VLEX_F_CONTINUED;
				if (p[j + 1] == '\r' && j + 2 < n && p[j + 2] == '\n')
					j++;
				j += 2;
				continue;
			}
			j++;
		}
	} else if (c == '/' && j < n && p[j] == '/') {
		const unsigned char *e = memchr(p + j, '\n', n - j);
		j = e ? (size_t)(e - p) : n;
		tok->kind = VLEX_COMMENT;
	} else if (c == '/' && j < n && p[j] == '*') {
		tok->kind = VLEX_COMMENT;
		tok->flags |= VLEX_F_BLOCK;
		j++;
		for (;;) {
			const unsigned char *e = j < n ? memchr(p + j, '*', n - j) : NULL;
			if (!e) {
				j = n;
				tok->flags |= VLEX_F_UNTERMINATED;
				break;
			}
			j = (size_t)(e - p) + 1;
			if (j < n && p[j] == '/') {
				j++;
				break;
			}
		}
	} else if (c == '\\') {
		while (j < n && !(tab[p[j]] & C_ESCEND))
			j++;
		if (j > i + 1) {
			tok->kind = VLEX_IDENT;
			tok->flags |= VLEX_F_ESCAPED;
		} else {
			tok->kind = VLEX_INVALID;
		}
	} else if (c == '`') {
		if (j < n && p[j] == '`') {
			j++;
			tok->kind = VLEX_PASTE;
		} else if (j < n && p[j] == '"') {
			j++;
			tok->kind = VLEX_STRINGIFY;
		} else if (j + 2 < n && p[j] == '\\' && p[j + 1] == '`' && p[j + 2] == '"') {
			j += 3;
			tok->kind = VLEX_STRINGIFY;
		} else if (j < n && (tab[p[j]] & C_IDSTART)) {
			while (j < n && (tab[p[j]] & C_IDCHAR))
				j++;
			tok->kind = VLEX_DIRECTIVE;
		} else {
			tok->kind = VLEX_INVALID;
		}
	} else if (is_op_byte(c)) {
		j = i + op_len(p + i, n - i);
		tok->kind = VLEX_OP;
	} else {
		tok->kind = VLEX_INVALID;
	}

	tok->len = j - i;
	if (tok->kind == VLEX_COMMENT || tok->kind == VLEX_NUMBER || tok->kind == VLEX_STRING)
		lx->line += count_nl(p + i, j - i);
	lx->pos = j;
	return 1;
}
