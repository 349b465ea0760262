/*
 * yosys: the interface of a Verilog module as a real elaborator sees it.
 *
 * yosys_extract() runs Yosys on one source file
 *
 *	read_verilog -sv src.v; hierarchy -top TOP [-chparam N V]...; proc;
 *	write_json out.json
 *
 * in a private temporary directory (60 s deadline by default) and hands the
 * JSON to yosys_parse_json(), which reads the top module's ports (declaration
 * order, direction, width, signedness) and parameters (elaborated values).
 * Because an elaborator computes them, ANSI and non-ANSI headers, parameters
 * and `[W-1:0]` ranges all come out right, which no regular expression does.
 *
 * Not for: equivalence checking (later), or anything about candidates.
 *
 * Ownership: a struct yosys_module owns every string and array in it;
 * yosys_module_release() frees them and leaves an empty module.
 */
#ifndef VP_YOSYS_H
#define VP_YOSYS_H

#include "sim/buf.h"

#include <stddef.h>

enum yosys_dir {
	YOSYS_INPUT = 0,
	YOSYS_OUTPUT,
	YOSYS_INOUT,
};

/* "input", "output", "inout". */
const char *yosys_dir_name(enum yosys_dir d);

struct yosys_port {
	char *name;
	enum yosys_dir dir;
	int width;          /* number of bits (>= 1) */
	int is_signed;      /* declared signed */
};

/*
 * A parameter.  `value` is decimal when Yosys gave a bit string of 0/1 of
 * at most 64 bits (as it does for integers), otherwise the text Yosys gave
 * (a longer or 4-state bit string, or a string parameter's contents).
 * `is_number` says which.
 */
struct yosys_param {
	char *name;
	char *value;
	int is_number;
};

struct yosys_module {
	char *name;
	struct yosys_port *ports;     /* declaration order */
	size_t nports;
	struct yosys_param *params;   /* the order of Yosys's JSON (by name) */
	size_t nparams;
};

#define YOSYS_MODULE_INIT { NULL, NULL, 0, NULL, 0 }

void yosys_module_init(struct yosys_module *m);
/* Free everything the module owns; accepts an empty or NULL module. */
void yosys_module_release(struct yosys_module *m);

/* The port named `name`, or NULL. */
const struct yosys_port *yosys_find_port(const struct yosys_module *m, const char *name);

/* A parameter override passed to `hierarchy -chparam`. */
struct yosys_chparam {
	const char *name;    /* a plain identifier */
	const char *value;   /* a decimal or sized/based Verilog integer literal */
};

/*
 * Parse Yosys's write_json output (json[0..len)) and fill *out (which must
 * be empty) with the module named `top`, or, when there is none, the module
 * Yosys marked as top.  Returns 0, or -1 with a sentence in err (malformed
 * JSON, no such module, a port without direction or bits).
 */
int yosys_parse_json(const char *json, size_t len, const char *top,
		     struct yosys_module *out, struct buf *err);

struct yosys_opts {
	double timeout;      /* seconds; 0 means 60 */
	const char *tmpdir;  /* where the private directory is made; NULL: /tmp */
};

/*
 * Elaborate `file` with `top` as the top module and the given parameter
 * overrides, and fill *out (which must be empty) with its interface.  opts
 * may be NULL.  Returns 0, or -1 with a sentence in err that names the file
 * and, when Yosys failed, carries Yosys's first error line (for example
 * "yosys cannot elaborate 'ref.v': ref.v:3: ERROR: syntax error, ...").
 * A missing or hung yosys is reported the same way.  The temporary
 * directory is always removed.
 */
int yosys_extract(const char *file, const char *top,
		  const struct yosys_chparam *chparams, size_t nchparams,
		  const struct yosys_opts *opts,
		  struct yosys_module *out, struct buf *err);

#endif
