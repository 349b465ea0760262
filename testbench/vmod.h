/*
 * vmod: module-level facts about Verilog source, and module renaming.
 *
 * Built on vlex, without a parser: it finds `module NAME` headers, their
 * port lists (ANSI and non-ANSI style) and instantiations of modules by the
 * shape of the token stream.  Used by the task loader and the grader (does
 * the top module exist, what are its ports), by the differential testbench
 * generator (port names, directions, widths), and to rename the modules of a
 * candidate or reference so both can live in one simulation.
 *
 * All functions take (src, len): any bytes.  Text inside comments and strings
 * is never matched.  Names of escaped identifiers are reported without the
 * backslash.
 */
#ifndef VP_VMOD_H
#define VP_VMOD_H

#include "sim/buf.h"

#include <stddef.h>

/* A list of module names; owns the strings. */
struct vmod_list {
	char **names;
	size_t nr, alloc;
};

#define VMOD_LIST_INIT { NULL, 0, 0 }

/* Free the names; the list is empty and reusable.  l may be NULL. */
void vmod_list_release(struct vmod_list *l);
/* Whether the list holds name. */
int vmod_list_has(const struct vmod_list *l, const char *name);

/*
 * Append to out the name of every module declared in src (the identifier
 * after `module` or `macromodule`, past an optional `automatic`/`static`),
 * in text order, without duplicates.  Returns the number appended.
 */
size_t vmod_declared(const char *src, size_t len, struct vmod_list *out);

/*
 * Rename every module declared in src, and every instantiation of those
 * modules within src, from NAME to NAME<suffix>; append the new text to out.
 * Every other byte is copied unchanged.  An instantiation is a declared
 * module's name followed by an identifier (the instance) or '#' (parameters);
 * an `endmodule : NAME` label is renamed too.  Escaped names stay escaped
 * (\n+x  ->  \n+x_sfx).  Returns the number of identifiers renamed, or -1
 * with a sentence in err when suffix is empty or has a character outside
 * [A-Za-z0-9_$] (nothing is appended then).
 */
long vmod_rename(const char *src, size_t len, const char *suffix, struct buf *out,
		 struct buf *err);

/*
 * Like vmod_rename(), except that the module declared as `from` (and its
 * instantiations) is renamed to exactly `to`, not to from<suffix>.  Used to
 * compile a task's reference under the name a human testbench instantiates
 * (task.json "tb_ref_module") while its other modules get the suffix, so that
 * they cannot clash with a candidate's.  Returns the number of identifiers
 * renamed, or -1 with a sentence in err when `to` is not a simple identifier
 * or the suffix is invalid (nothing is appended then).  When `from` is not
 * declared in src, only the suffix renaming happens.  A NULL suffix leaves
 * the other modules' names alone.
 */
long vmod_rename_to(const char *src, size_t len, const char *from, const char *to,
		    const char *suffix, struct buf *out, struct buf *err);

enum vmod_dir {
	VMOD_INPUT,
	VMOD_OUTPUT,
	VMOD_INOUT,
};

struct vmod_port {
	char *name;
	enum vmod_dir dir;
	/*
	 * The packed range as written, tokens joined without blanks
	 * ("[WIDTH-1:0]", "[3:0][7:0]"), or "" for none.
	 */
	char *range;
	/*
	 * Bits: 1 without a range, |msb-lsb|+1 (multiplied over packed
	 * dimensions) when every bound is a decimal literal, 32 for
	 * integer/int, 8 byte, 16 shortint, 64 longint/time; 0 = unknown
	 * (parameterised range, user-defined or real type).
	 */
	unsigned long width;
	int is_signed;
};

/* The ports of one module in declaration order; owns the strings. */
struct vmod_ports {
	struct vmod_port *v;
	size_t nr, alloc;
};

#define VMOD_PORTS_INIT { NULL, 0, 0 }

void vmod_ports_release(struct vmod_ports *p);
/* The port named name, or NULL. */
const struct vmod_port *vmod_ports_find(const struct vmod_ports *p, const char *name);
/* "input", "output" or "inout". */
const char *vmod_dir_name(enum vmod_dir dir);

/*
 * Extract the ports of the first module named module in src into out (which
 * is emptied first).  Handles ANSI headers (`input wire [7:0] a, b`, a port
 * without direction inheriting the previous one's) and non-ANSI ones
 * (`module m(a, b); input [7:0] a; output reg b;`, where a width missing
 * from the direction declaration is taken from a wire/reg/logic declaration
 * of the same name).  Declarations inside functions and tasks are skipped.
 * Returns 0, or -1 with one sentence in err: the module is not declared,
 * the header is cut off, a non-ANSI port has no direction declaration, or
 * the port list uses port expressions (`.a(x)`, `{a,b}`).
 */
int vmod_ports(const char *src, size_t len, const char *module, struct vmod_ports *out,
	       struct buf *err);

#endif
