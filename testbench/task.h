/*
 * task: load and validate one RTL task directory.
 *
 * A task is a folder rtl_tasks/<id>/ holding
 *
 *	task.json  {"id": str, "top": str, "clock": str|null, "reset": str|null,
 *	            "reset_active": "high"|"low", "reset_sync": bool,
 *	            "kind": "comb"|"seq", "tags": [str, ...]}
 *	           (further fields are allowed and ignored: params, dont_care,
 *	           constraints ... are reserved for later)
 *	spec.md    the natural-language specification (required, not blank)
 *	ref.v      the reference implementation (optional)
 *	tb/NAME.v  human testbenches using vp_harness.vh (zero or more)
 *
 * Human testbenches written for other suites (VerilogEval, RTLLM) are
 * declared in two optional task.json fields, each either one value for
 * every bench or an object mapping bench file names to values:
 *
 *	"tb_ref_module": "RefModule"   the bench instantiates the reference
 *	           under this name: the grader compiles ref.v with module 'top'
 *	           renamed to it (and its other modules suffixed) next to the
 *	           bench and the candidate.  Needs ref.v; must differ from 'top'.
 *	"tb_verdict": {"pass": ERE, "fail": ERE, "count": ERE}
 *	           the bench prints its own verdict; see testbench/vadapt.h.
 *	           'pass' is required, 'fail' and 'count' optional.
 *	           Per bench: {"test.v": {"pass": ...}, ...}.
 *
 * task_load() checks everything it can and reports every problem, not just
 * the first, so a task author fixes a task in one round: missing fields,
 * wrong types, bad enum values, duplicate keys, an id that differs from the
 * directory name, a "seq" task without a clock, a top module absent from
 * ref.v, a clock or reset that is not an input port of the top module.
 * Only the task module reads files; nothing is printed.
 */
#ifndef VP_TASK_H
#define VP_TASK_H

#include "sim/buf.h"
#include "testbench/vmod.h"

#include <stddef.h>

enum task_kind {
	TASK_COMB,
	TASK_SEQ,
};

struct task_tb {
	char *name;  /* file name, e.g. "tb_corner.v" */
	char *path;  /* "<dir>/tb/<name>" */
	char *text;  /* contents, NUL-terminated */
	size_t len;
	char *ref_module;     /* "tb_ref_module" for this bench, or NULL */
	char *verdict_pass;   /* "tb_verdict" rules for this bench; all NULL */
	char *verdict_fail;   /*   when it reports through vp_harness.vh */
	char *verdict_count;
};

/* A loaded task.  Owns every string and array in it. */
struct task {
	char *dir;            /* as given, without trailing slashes */
	char *id;
	char *top;
	char *clock;          /* NULL for null */
	char *reset;          /* NULL for null */
	int reset_active_high;
	int reset_sync;
	enum task_kind kind;
	char **tags;
	size_t ntags;
	char *spec;           /* spec.md, NUL-terminated */
	size_t spec_len;
	char *ref;            /* ref.v, NUL-terminated; NULL when the task has none */
	size_t ref_len;
	struct vmod_ports ports;  /* of top in ref.v; empty when there is no ref.v */
	struct task_tb *tbs;  /* sorted by name (strcmp) */
	size_t ntbs;
};

/* Files larger than this are rejected (task.json, spec.md, ref.v, each testbench). */
#define TASK_FILE_MAX ((size_t)16 << 20)

/* An empty task, safe to task_release(). */
void task_init(struct task *t);

/*
 * Load the task in dir into t (initialised with task_init or released).
 * Returns 0 with t filled, or -1 with t empty and err (replaced) holding one
 * sentence per problem, lines separated by '\n' (no trailing newline), each
 * naming the file and, for task.json, the field:
 *
 *	rtl_tasks/x/task.json: field 'kind' must be "comb" or "seq", not "sequential".
 *	rtl_tasks/x/ref.v: module 'x' (field 'top' of task.json) is not declared.
 */
int task_load(struct task *t, const char *dir, struct buf *err);

/* Free everything; t is empty (as after task_init) afterwards.  t may be NULL. */
void task_release(struct task *t);

/* "comb" or "seq". */
const char *task_kind_name(enum task_kind kind);

#endif
