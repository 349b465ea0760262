/*
 * vmutate: RTL mutants of a Verilog source, made at the level of lexer tokens.
 *
 * A mutant is the source with one small edit: an operator swapped, a constant
 * changed by one, an `if` condition negated, a `case` item dropped, ...  The
 * testbench stage measures a testbench by how many mutants of the reference it
 * kills; the sample stage uses mutants as offline hard negatives.
 *
 * Edits are made on the token stream of vlex, never by regular expressions,
 * so comments, strings and directive lines (`define, `timescale, ...) are
 * never touched.  The module header (from `module` to the `;` that ends its
 * port list, parameters included) and input/output/inout declarations are left
 * alone too: a mutated port no longer fits the testbench.  Every mutant
 * differs textually from the input.  Whether it still compiles is not known
 * here (the caller compiles it); whether it is equivalent to the input is not
 * known either (yosys decides that, elsewhere).
 *
 * Usage:
 *
 *	struct vmutate_set *set = vmutate_generate(src, len, 20, seed, 0);
 *	for (i = 0; i < set->nr; i++)
 *		... set->v[i].text, set->v[i].op, set->v[i].desc ...
 *	vmutate_set_free(set);
 *
 * Everything is deterministic and independent of the platform: the same
 * source, max, seed and operator mask give the same mutants in the same order.
 * Making mutants never fails except on allocation, which aborts (xalloc.h).
 * Input is any bytes; hostile input costs time linear in its length (a few
 * bounded look-backs per token) and never reads out of bounds.
 *
 * vmutate_compile() and vmutate_keep_compiling() run iverilog (through
 * sim/run.h) to keep only mutants that compile; they are the only functions
 * here that start processes.
 */
#ifndef VP_VMUTATE_H
#define VP_VMUTATE_H

#include "sim/buf.h"

#include <stddef.h>
#include <stdint.h>

/* Mutation operators; the numbers and short names are stable (they go into manifests). */
enum vmutate_op {
	VMUTATE_ARITH = 0,  /* "arith":    binary/unary '+' -> '-', '-' -> '+', binary '*' -> '+' */
	VMUTATE_RELOP,      /* "relop":    '<' -> '<=' and '>', '<=' -> '<' and '>=', '>' -> '>=' and '<',
			       '>=' -> '>' and '<=', '==' <-> '!=', '===' <-> '!==' */
	VMUTATE_LOGIC,      /* "logic":    '&&' <-> '||' */
	VMUTATE_BITWISE,    /* "bitwise":  '&' <-> '|', '^' -> '&' (binary or reduction) */
	VMUTATE_NOTDROP,    /* "notdrop":  a '~' or '!' removed */
	VMUTATE_CONDNEG,    /* "condneg":  if (c) -> if (!(c)) */
	VMUTATE_CONST,      /* "const":    a number +1 / -1, width and base kept (8'hFF -> 8'hFE,
			       3 -> 2, 3 -> 4, '0 <-> '1); off-by-one in ranges and comparisons */
	VMUTATE_BITFLIP,    /* "bitflip":  the top bit of a sized number flipped (4'd3 -> 4'd11) */
	VMUTATE_BLOCKING,   /* "blocking": procedural 'x = e' <-> 'x <= e' */
	VMUTATE_EDGE,       /* "edge":     posedge <-> negedge */
	VMUTATE_CASEDROP,   /* "casedrop": one case item (label through its statement) or default removed */
	VMUTATE_SWAP,       /* "swap":     'a - b' -> 'b - a' for a non-commutative operator and
			       single-token operands (- / % << >> <<< >>> < <= > >=), except
			       range bounds ([W-1:0]: reversed part-selects do not compile) */
	VMUTATE_NOPS
};

/* Mask of every operator (for the ops arguments below; 0 means the same). */
#define VMUTATE_ALL ((1u << VMUTATE_NOPS) - 1u)
#define VMUTATE_BIT(op) (1u << (op))

/* The short name of op ("relop"), or "?" for a value out of range. */
const char *vmutate_op_name(enum vmutate_op op);
/* Parse a short name.  Returns 0 and sets *op, or -1. */
int vmutate_op_parse(const char *name, enum vmutate_op *op);

/*
 * One mutation site: the input with bytes [off, off + del) replaced by
 * ins[0..ins_len).  line and col (1-based, col in bytes) locate the token the
 * edit is anchored at (the operator, the number, the `if`, the case label, the
 * left operand of a swap).  desc is one printable-ASCII line such as
 * "line 12 col 9: '+' -> '-'".  ins and desc are owned by the site.
 */
struct vmutate_site {
	enum vmutate_op op;
	unsigned long line;
	unsigned long col;
	size_t off;
	size_t del;
	char *ins;          /* NUL-terminated */
	size_t ins_len;
	char *desc;
};

struct vmutate_sites {
	struct vmutate_site *v;
	size_t nr;
	size_t alloc;
};

#define VMUTATE_SITES_INIT { NULL, 0, 0 }

/*
 * Append every mutation site of src[0..len) for the operators in ops (a mask
 * of VMUTATE_BIT()s; 0 means all) to out, in site order: by the byte offset of
 * the anchor token, then by operator table order.  No two sites make the same
 * edit and no site reproduces the input.  src may be NULL when len is 0.
 */
void vmutate_find_sites(const char *src, size_t len, unsigned ops, struct vmutate_sites *out);
/* Free the sites' strings and the array; s is empty afterwards.  Accepts NULL. */
void vmutate_sites_release(struct vmutate_sites *s);

/*
 * The mutated text of site s applied to src: a new NUL-terminated string the
 * caller frees; its length goes to *out_len when out_len is not NULL.
 */
char *vmutate_apply(const char *src, size_t len, const struct vmutate_site *s, size_t *out_len);

struct vmutant {
	enum vmutate_op op;
	unsigned long line;
	unsigned long col;
	size_t site;        /* index of the site in vmutate_find_sites() order */
	char *text;         /* the whole mutated source, NUL-terminated, owned */
	size_t len;
	char *desc;         /* owned; as vmutate_site.desc */
};

struct vmutate_set {
	struct vmutant *v;  /* nr mutants, in site order */
	size_t nr;
	size_t nsites;      /* how many sites there were to choose from */
};

/*
 * Mutants of src[0..len) for the operators in ops (0 means all).  When there
 * are at most max sites (or max is 0), every site gives one mutant, in site
 * order.  Otherwise max sites are drawn without replacement by a splitmix64
 * generator seeded with seed, and their mutants are returned in site order:
 * the same seed always draws the same sites.  Never returns NULL.
 */
struct vmutate_set *vmutate_generate(const char *src, size_t len, size_t max, uint64_t seed,
				     unsigned ops);
/* Free a set and everything in it.  Accepts NULL. */
void vmutate_set_free(struct vmutate_set *set);

enum vmutate_cc {
	VMUTATE_CC_OK = 0,  /* compiled */
	VMUTATE_CC_FAILED,  /* did not compile, took too long or crashed: a bad mutant */
	VMUTATE_CC_ERROR,   /* the compiler could not be run: an error of the run */
};

/*
 * Compile text[0..len) with `iverilog -g2012 -o /dev/null` as dir/m.v (dir
 * must exist; m.v is removed afterwards), killed after timeout seconds
 * (0: no limit).  VMUTATE_CC_FAILED puts the compiler's first line (or the
 * reason) in why; VMUTATE_CC_ERROR puts a sentence in err (iverilog missing,
 * m.v not writable, or a build without sim/run.c).
 */
enum vmutate_cc vmutate_compile(const char *dir, const char *text, size_t len, double timeout,
				struct buf *why, struct buf *err);

/*
 * Compile every mutant of set with vmutate_compile() in dir and remove (and
 * free) those that do not compile, keeping the order of the rest.  progress,
 * when not NULL, is called before each compile with the number done so far
 * and the total.  Returns the number removed, or -1 with err on
 * VMUTATE_CC_ERROR (set then holds the mutants checked so far plus those not
 * yet checked).
 */
long vmutate_keep_compiling(struct vmutate_set *set, const char *dir, double timeout,
			    void (*progress)(size_t done, size_t total, void *arg), void *arg,
			    struct buf *err);

#endif
