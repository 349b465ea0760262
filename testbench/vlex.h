/*
 * vlex: a Verilog / SystemVerilog lexer over raw bytes.
 *
 * The lexer is the base of everything in testbench/ that reads Verilog text:
 * the forbidden-construct scan (vscan), the normalised hash (vnorm), module
 * renaming and port extraction (vmod).  It does not preprocess: directives
 * and macro uses are tokens, macro bodies are lexed in place like any text.
 *
 * Input is (data, len): any bytes, NULs included.  The lexer never reads
 * outside [data, data+len), never allocates, always makes progress (every
 * call consumes at least one byte until the end) and is linear in len.  A
 * byte that starts no token becomes a one-byte VLEX_INVALID token; nothing is
 * ever an error.
 *
 * Usage:
 *
 *	struct vlex lx;
 *	struct vlex_tok t;
 *	vlex_init(&lx, data, len);
 *	while (vlex_next(&lx, &t))
 *		... t.kind, data + t.off, t.len, t.line ...
 *
 * Whitespace (space, tab, CR, LF, VT, FF) and a backslash immediately followed
 * by a newline (a line continuation) separate tokens and are not tokens.
 */
#ifndef VP_VLEX_H
#define VP_VLEX_H

#include <stddef.h>

enum vlex_kind {
	VLEX_EOF = 0,
	/*
	 * [A-Za-z_][A-Za-z0-9_$]*, or an escaped identifier: a backslash and
	 * every following byte up to (not including) a space, tab, CR or LF
	 * (flag VLEX_F_ESCAPED; the token includes the backslash).
	 */
	VLEX_IDENT,
	VLEX_KEYWORD,    /* an IEEE 1800-2017 reserved word (a superset of 1364-2005) */
	/*
	 * Decimal 42, 1_000; real 1.5, 1e3, 2.5E-3; with an optional time unit
	 * (10ns); based [size] '[s]<b|o|d|h> value, where whitespace may
	 * separate size, base and value ("8 'h ff" is one token); unbased
	 * unsized '0 '1 'x 'z.
	 */
	VLEX_NUMBER,
	/*
	 * "..." with backslash escapes, ending at the closing quote.  An
	 * unescaped newline or the end of input ends it early with
	 * VLEX_F_UNTERMINATED (the newline is not part of the token).  A
	 * backslash-newline inside is kept and sets VLEX_F_CONTINUED.
	 */
	VLEX_STRING,
	/*
	 * // to the end of the line (newline excluded), or / * ... * / (flag
	 * VLEX_F_BLOCK; first * / closes, no nesting).  A block comment that
	 * reaches the end of input has VLEX_F_UNTERMINATED.
	 */
	VLEX_COMMENT,
	/* `name: a compiler directive (`define, `ifdef ...) or a macro use. */
	VLEX_DIRECTIVE,
	/* $name ($display, $clog2); a '$' not followed by a name char is a lone "$". */
	VLEX_SYSNAME,
	VLEX_PASTE,      /* `` (macro token pasting) */
	VLEX_STRINGIFY,  /* `" or `\`" (macro stringification) */
	VLEX_OP,         /* operators and punctuation, longest match: <<<= === ( ; ... */
	VLEX_INVALID,    /* one byte that starts no token (control byte, non-ASCII, lone `) */
};

/* Token flags. */
#define VLEX_F_ESCAPED      0x01u  /* VLEX_IDENT written \name */
#define VLEX_F_BLOCK        0x02u  /* VLEX_COMMENT of the / * * / form */
#define VLEX_F_UNTERMINATED 0x04u  /* VLEX_STRING or block VLEX_COMMENT never closed */
#define VLEX_F_CONTINUED    0x08u  /* VLEX_STRING contains a backslash-newline */
/*
 * An unescaped newline lies between the previous token and this one (or this
 * is the first token of the input and a newline precedes it).  A `define body
 * ends before the first token carrying this flag.
 */
#define VLEX_F_NL_BEFORE    0x10u
/* The token is the first one of the input. */
#define VLEX_F_FIRST        0x20u

struct vlex_tok {
	enum vlex_kind kind;
	unsigned flags;     /* VLEX_F_* */
	size_t off;         /* byte offset of the first byte in the input */
	size_t len;         /* length in bytes (>= 1 except for VLEX_EOF) */
	unsigned long line; /* 1-based line of the first byte */
};

/* Lexer state; fields are private. */
struct vlex {
	const unsigned char *p;
	size_t len;
	size_t pos;
	unsigned long line;
	int started;
};

/* Start lexing data[0..len).  data may be NULL when len is 0.  Borrowed: it must outlive lx. */
void vlex_init(struct vlex *lx, const void *data, size_t len);

/*
 * Store the next token in *tok and return 1; at the end of input store a
 * VLEX_EOF token (off = len, len = 0) and return 0, every time it is called.
 */
int vlex_next(struct vlex *lx, struct vlex_tok *tok);

/* Whether the token's bytes equal the NUL-terminated string s. */
int vlex_tok_eq(const struct vlex *lx, const struct vlex_tok *tok, const char *s);
/* Pointer to the token's first byte (not NUL-terminated). */
const char *vlex_tok_text(const struct vlex *lx, const struct vlex_tok *tok);

/* Whether s[0..n) is a reserved word (case-sensitive). */
int vlex_is_keyword(const char *s, size_t n);

/* A short lower-case name for a kind ("ident", "number", ...), for messages and tests. */
const char *vlex_kind_name(enum vlex_kind kind);

#endif
