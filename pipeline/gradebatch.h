/*
 * gradebatch: grade many candidates of one task in one simulation.
 *
 * Compiling is most of the cost of grading.  For a generated differential
 * bench (pipeline/tbdiff.h) this module compiles up to `batch` candidates
 * behind one stimulus generator and one reference (tbgen batch mode: every
 * module of slot k's candidate renamed with suffix _vpc<k>, one checker per
 * slot, each slot's verdict lines tagged with a nonce of its own), in Icarus
 * or Verilator, and reads every slot's verdict as grade_run() reads a single
 * run's.
 *
 * One candidate must never change another's verdict, and every result must
 * be the one grade_run() gives for that candidate alone.  So anything out of
 * the ordinary sends a candidate back to grade_run() (one simulation of its
 * own, hence the same outcome, counts and message by construction):
 *   - forbidden candidates, candidates whose ports (names, directions, known
 *     widths) differ from the interface, and candidates that are not
 *     "batchable": anything outside modules but comments and directives,
 *     an unterminated comment or string, nested modules, `line and the
 *     like, escaped identifiers, or a name of the batch's making (tb,
 *     __vpref_, _vpcNNNN) -- so that a batch that compiles vouches that each
 *     of its candidates compiles alone, and compiler line numbers stay
 *     inside their slot;
 *   - with `precheck`, candidates that fail a fast parse alone;
 *   - a batch whose compile fails drops the candidates the compiler's error
 *     lines name (cands.v line numbers, or a slot's wire or module name) and
 *     runs again;
 *   - a batch that otherwise fails to build, times out, crashes, exits
 *     nonzero or lacks a slot's well-formed DONE line is split (into single
 *     candidates when small, else about sqrt(n) parts) and re-run, down to
 *     single candidates; a candidate that still times out alone in a batch
 *     is `timeout` (message as grade_run()'s), any other failure alone goes
 *     to grade_run().
 * Every batch runs under the single run's deadline (grade_opts.run_timeout).
 * With Icarus a first batch of a few candidates measures the simulation time
 * per slot, and the batch size is cut so that a batch takes at most 40% of
 * the deadline; a batch that ends in time thus vouches for each candidate.
 * Once that cost is known, a batch of several candidates also gets a shorter
 * deadline, HANG_FACTOR times its expected time (at least 0.5 s), so that a
 * hang is split out quickly; a batch of one always runs under the full
 * deadline.  Verilator batch models are built at -O0 (sim_build.fast_build).
 * Each candidate file is compiled after `resetall and `timescale 1ns/1ps
 * (the state the single bench leaves) and followed by an `undef of every
 * macro it defines, so `default_nettype or a `define cannot leak into the
 * next candidate.  Identical candidates are simulated once (same_as).
 *
 * With keep_log, for benches without a tbdiff_bench, or for benches with a
 * reference module or a verdict adapter, grade_run() does the work.
 */
#ifndef VP_GRADEBATCH_H
#define VP_GRADEBATCH_H

#include "pipeline/grade.h"
#include "pipeline/tbdiff.h"
#include "sim/buf.h"

/* gradebatch_opts.batch: sized from measured costs (see gradebatch_run). */
#define GRADEBATCH_AUTO 0
/* The largest batch (testbench/tbgen.h TBGEN_MAX_SLOTS). */
#define GRADEBATCH_MAX 4096

/*
 * Parse a --batch value: "auto" (GRADEBATCH_AUTO) or a number in
 * 1..GRADEBATCH_MAX.  0, or -1 on anything else (*out untouched).
 */
int gradebatch_parse(const char *s, int *out);

struct gradebatch_opts {
	/*
	 * Candidates per simulation: 1 = grade_run() alone, K > 1 = at most K,
	 * GRADEBATCH_AUTO = chosen from the measured compile and run costs.
	 */
	int batch;
	/*
	 * diff[j] (ntb entries, or NULL for none): the differential bench whose
	 * single text (tbdiff_bench_text(diff[j], 0)) is tbs[j].text, or NULL
	 * for a bench that is graded per candidate.  Borrowed.
	 */
	const struct tbdiff_bench *const *diff;
	/*
	 * Pre-check every batchable candidate alone with a fast parse
	 * (`iverilog -t null`, `verilator --lint-only`) before building
	 * batches.  Off by default: it costs about a compile per candidate
	 * with Icarus, and the batch compile attributes errors itself (a
	 * batch that does not compile drops the candidates the compiler names
	 * by cands.v line and runs again, or is split when none is named).
	 */
	int precheck;
};

/* What the batch path did (for benchmarks and logs); all counts. */
struct gradebatch_stats {
	long prechecks;        /* iverilog -t null jobs */
	long precheck_failed;  /* candidates sent to grade_run() by them */
	long port_mismatch;    /* candidates sent to grade_run() by the port check */
	long unusual;          /* sent to grade_run() as not batchable (see gradebatch.c) */
	long batches;          /* batch simulations run (splits included) */
	long splits;           /* batches split after a failure */
	long blamed;           /* candidates named by a failed batch compile */
	long singles;          /* candidates graded by grade_run() (forbidden included) */
	long timeouts;         /* candidates isolated as timeout in a batch of one */
	double precheck_ms;    /* summed wall time of the pre-checks */
	long batch_used;       /* batch size after the probe (last bench) */
};

/*
 * Append the one-line summary of stats: "batch: size K, N simulations (S
 * splits), ..." (for `veripref grade` and the run's grade stage).
 */
void gradebatch_stats_line(const struct gradebatch_stats *st, struct buf *out);

/* Add st's counts to sum (batch_used: the larger). */
void gradebatch_stats_add(struct gradebatch_stats *sum, const struct gradebatch_stats *st);

/*
 * Same inputs, outputs and errors as grade_run() (cells in the order
 * candidate, testbench, simulator; -1 with err only on an infrastructure
 * failure).  stats may be NULL.
 */
int gradebatch_run(const struct grade_opts *o, const struct gradebatch_opts *bo,
		   const struct grade_testbench *tbs, int ntb,
		   const struct grade_candidate *cands, int ncand,
		   struct grade_cell **cells, size_t *ncells,
		   struct gradebatch_stats *stats, struct buf *err);

#endif
