/*
 * tbdiff: a task directory -> the text of a generated testbench.
 *
 * Reads DIR/task.json (top, clock, reset, params, dont_care, constraints)
 * and the reference DIR/ref.v (or an interface file), gets the interface from
 * Yosys (sim/yosys.h) and builds the bench with testbench/tbgen.h:
 *
 *   differential: the reference with every module renamed
 *                 <name>__vpref_<hash> (hash of its tokens), then module `tb`
 *                 comparing it with the candidate;
 *   signature:    module `tb` driving the candidate alone and printing a
 *                 hash of its outputs.
 *
 * Used by `veripref tbgen` (writes the text) and `veripref tbcheck` (grades
 * it).  task.json is read here with cJSON, not with testbench/task.h, because
 * the fields only generated benches use are not in struct task yet.
 * Nothing is printed; Yosys is the only process started.
 */
#ifndef VP_TBDIFF_H
#define VP_TBDIFF_H

#include "sim/buf.h"

#include <stddef.h>
#include <stdint.h>

enum tbdiff_kind {
	TBDIFF_DIFFERENTIAL = 0,
	TBDIFF_SIGNATURE,
};

struct tbdiff_opts {
	enum tbdiff_kind kind;
	uint64_t seed;              /* stimulus seed */
	/* "NAME=VALUE" strings (VALUE an integer) overriding or adding a
	   parameter of task.json's "params"; not owned. */
	const char *const *overrides;
	size_t noverrides;
	long cycles;                /* 0: tbgen's default */
	long vectors;               /* 0: tbgen's default */
	const char *interface_file; /* signature only: file declaring top
				       (NULL: DIR/ref.v) */
};

/* Differential, seed 1, no overrides, default cycles and vectors. */
void tbdiff_opts_init(struct tbdiff_opts *o);

/*
 * Append the testbench for the task in task_dir to out.  Returns 0, or -1
 * with one sentence in err (replaced): an unreadable or invalid task.json,
 * a missing reference, a malformed override, a Yosys failure, or an
 * interface the bench cannot drive.  out may hold a partial text on error.
 */
int tbdiff_generate(const char *task_dir, const struct tbdiff_opts *o, struct buf *out,
		    struct buf *err);

/*
 * The same in two steps, for callers that need several texts of one task
 * (the batch grader, pipeline/gradebatch.h): tbdiff_bench_new() reads the
 * task and runs Yosys once (NULL with err set on the errors above);
 * tbdiff_bench_text() appends the single bench (nslots 0, byte-identical to
 * tbdiff_generate() with the same options) or the batch bench of nslots
 * candidates (testbench/tbgen.h tbgen_differential_batch; differential
 * only).  0, or -1 with err set.  The bench owns everything; free with
 * tbdiff_bench_free() (NULL accepted).
 */
struct tbdiff_bench;
struct tbgen_port;

struct tbdiff_bench *tbdiff_bench_new(const char *task_dir, const struct tbdiff_opts *o,
				      struct buf *err);
int tbdiff_bench_text(const struct tbdiff_bench *b, int nslots, struct buf *out,
		      struct buf *err);
void tbdiff_bench_free(struct tbdiff_bench *b);
/*
 * The bench of task_dir whose single text is exactly text[0..len) (a file
 * written by `veripref tbgen --kind differential`, recognised by its header
 * and regenerated with the seed, cycles and vectors the header states), or
 * NULL: not such a bench (err empty), or the task cannot be elaborated (err
 * set).  Parameter overrides are not recovered: such a bench is not
 * recognised.
 */
struct tbdiff_bench *tbdiff_bench_recognise(const char *task_dir, const char *text, size_t len,
					    struct buf *err);
/* The task's top module and its interface (valid while b lives). */
const char *tbdiff_bench_top(const struct tbdiff_bench *b);
size_t tbdiff_bench_nports(const struct tbdiff_bench *b);
const struct tbgen_port *tbdiff_bench_ports(const struct tbdiff_bench *b);

#endif
