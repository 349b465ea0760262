/*
 * tbgen: the differential testbench generator.
 *
 * Given the interface of a task's top module (from an elaborator, see
 * sim/yosys.h), its clock and reset, and a seed, tbgen_differential() writes
 * the Verilog text of a module `tb` that instantiates the candidate (module
 * `top`, instance `dut`) and the renamed reference (instance `ref_i`) side by
 * side, drives both with identical stimuli and compares every output through
 * the verdict macros of vp_harness.vh.  The caller renames the reference's
 * modules and puts them in the same file; tbgen only needs the new name.
 *
 * Stimulus:
 *   - combinational: every input combination when the inputs total at most
 *     TBGEN_EXHAUSTIVE_BITS bits, otherwise `vectors` (default 10,000)
 *     random vectors mixed with corner values; compared 1 ns after applying.
 *   - sequential: clock period 10 ns; reset asserted for 3 cycles, then
 *     `cycles` (default 4,000) cycles of random + corner inputs with random
 *     reset pulses, 1 or 2 cycles long so that a synchronous reset always
 *     spans a rising edge: about 1 in 128 cycles in the first half (long
 *     reset-free runs reach deep states), 1 in 8 in the second (reset
 *     behaviour in many states).  Inputs change on the falling edge;
 *     outputs are compared 1 ns after each rising and each falling edge.
 *   - corner values per input: all zeros, all ones, a walking one,
 *     0101..., 1010..., max signed 0111..., min signed 1000...; the first
 *     64 vectors/cycles put every input in the same mode (all corners, then
 *     random, in turn); afterwards each input picks a corner value with
 *     probability 7/32 per vector, a random value otherwise.  Single-bit inputs also go through phases of 64 cycles in
 *     which they are mostly 1 or mostly 0, so FIFOs fill and drain.
 *   - randomness comes from a 64-bit LCG written in Verilog inside the
 *     testbench (upper bits only) and seeded with a constant derived from
 *     `seed` (tbgen_rng_init), so Icarus and Verilator see the same
 *     stimuli ($random is not used).
 *
 * Comparison: a reference output bit that is X or Z is don't-care; every
 * other bit must match exactly (4-state), so an X on the candidate where the
 * reference is 0 or 1 is a mismatch.  Each output at each compare point is
 * one `VP_CHECK named after the output; the first mismatch of each output
 * also prints one tagged NOTE line with the time, all inputs, expected and
 * actual values, and the end of the run prints a NOTE with the mismatch
 * count of every output that had any.
 *
 * Output is a pure function of the spec: the same spec gives byte-identical
 * text.  This module neither prints nor runs anything.
 */
#ifndef VP_TBGEN_H
#define VP_TBGEN_H

#include "sim/buf.h"

#include <stddef.h>
#include <stdint.h>

/* Exhaustive combinational testing up to this many input bits. */
#define TBGEN_EXHAUSTIVE_BITS 16
#define TBGEN_DEFAULT_CYCLES 4000
#define TBGEN_DEFAULT_VECTORS 10000
#define TBGEN_RESET_CYCLES 3

enum tbgen_dir {
	TBGEN_IN = 0,
	TBGEN_OUT,
	TBGEN_INOUT,
};

struct tbgen_port {
	const char *name;   /* a plain Verilog identifier */
	enum tbgen_dir dir;
	int width;          /* bits, >= 1 */
	int is_signed;
};

/* A parameter override applied to both instances: #(.name(value)). */
struct tbgen_param {
	const char *name;
	const char *value;  /* Verilog text of the value, e.g. "16" */
};

enum tbgen_kind {
	TBGEN_COMB = 0,
	TBGEN_SEQ,
};

/*
 * Don't-care conditions and stimulus constraints (task.json "dont_care" and
 * "constraints").  Expressions are Verilog expressions over the top module's
 * port names, integer literals, operators, parentheses and $signed /
 * $unsigned: an input names the value the bench drives, an output the
 * reference's value (the candidate's in signature mode).
 */
struct tbgen_when {
	const char *output;        /* compared only while expr holds */
	const char *expr;
};

/*
 * An output that may lag the reference by up to `cycles` clock cycles: at a
 * compare point the candidate also passes when it equals (under that
 * sample's care mask) the reference at the same clock phase 1..cycles cycles
 * earlier.  Sequential differential benches only; 1..TBGEN_MAX_LATENCY.
 */
struct tbgen_latency {
	const char *output;
	int cycles;
};

#define TBGEN_MAX_LATENCY 16

struct tbgen_hold {
	const char *const *inputs; /* kept unchanged ... */
	size_t ninputs;
	const char *expr;          /* ... after a rising edge at which expr held */
};

struct tbgen_range {
	const char *input;         /* at most 32 bits wide */
	uint64_t lo, hi;           /* legal values lo..hi (unsigned, inclusive) */
};

/* Everything the generator needs.  All pointers are borrowed. */
struct tbgen_spec {
	const char *top;             /* candidate module name */
	const char *ref_module;      /* the reference's renamed top module */
	const struct tbgen_port *ports;
	size_t nports;
	const struct tbgen_param *params;
	size_t nparams;
	enum tbgen_kind kind;
	const char *clock;           /* input port; required for TBGEN_SEQ */
	const char *reset;           /* input port, or NULL when there is none */
	int reset_active_low;        /* reset asserted at 0 */
	int reset_sync;              /* informational: pulses always span an edge */
	uint64_t seed;
	long cycles;                 /* sequential random cycles; 0: default */
	long vectors;                /* combinational random vectors; 0: default */

	/* Optional don't-cares and constraints (all may be empty). */
	const char *const *ignore;   /* outputs never compared */
	size_t nignore;
	const struct tbgen_when *when;
	size_t nwhen;
	const struct tbgen_latency *latency;
	size_t nlatency;
	const struct tbgen_hold *holds;   /* sequential only */
	size_t nholds;
	const struct tbgen_range *ranges;
	size_t nranges;
	/*
	 * Inputs must satisfy this (e.g. "!(rd_en && wr_en)").  A vector that
	 * breaks it is redrawn up to 64 times; if it still does, a
	 * combinational vector is not compared and a sequential cycle keeps
	 * the previous cycle's inputs.  Exhaustive benches skip illegal
	 * combinations (ranges included).
	 */
	const char *assume;
};

/*
 * Append the differential testbench for spec to out.  Returns 0, or -1 with
 * one sentence in err (out may then hold a partial text): an inout port
 * ("inout ports are not supported by differential testbenches (port 'x')"),
 * no outputs, a clock or reset that is not a 1-bit input, a sequential spec
 * without a clock, a name that is not a plain identifier, a top module
 * named like the testbench ("tb"), or a don't-care/constraint that names
 * something that is not a suitable port or uses anything but the expression
 * subset above (e.g. "expression 'v && foo' names 'foo', which is not a
 * port of 'top'").  Expressions are checked token by token, not parsed: a
 * malformed one shows up when the bench is compiled.
 */
int tbgen_differential(const struct tbgen_spec *spec, struct buf *out, struct buf *err);

/*
 * Signature mode, for tasks without a reference: the same stimulus drives
 * the candidate alone (spec->ref_module is ignored), and at every compare
 * point each output's defined bits and its known-bit mask are folded into a
 * 64-bit FNV-1a-style hash.  The end of the run prints
 *
 *	@vp:<nonce>:NOTE signature <16 hex digits> samples <compare points>
 *
 * followed by `VP_DONE with 0 checks: the signature, not a verdict, is the
 * result, so candidates can be clustered by behaviour.  Two candidates with
 * the same outputs at every compare point have the same signature.  Without
 * X/Z outputs Icarus and Verilator give the same signature; Verilator has
 * no X, so a design whose outputs are X in Icarus hashes differently there.
 * Errors as tbgen_differential(), with "signature" in the inout message.
 */
int tbgen_signature(const struct tbgen_spec *s, struct buf *out, struct buf *err);

/*
 * Batch mode: one stimulus generator and the reference drive nslots
 * candidates at once.  Slot k's candidate is module top<TBGEN_SLOT_SUFFIX_FMT
 * of k> (e.g. "adder8_vpc0003"), instance dut<k>; the caller renames every
 * module of that candidate with the same suffix and compiles them after
 * this text.  Each slot has a checker (module vp_b_chk, instance chk<k>)
 * running exactly the single bench's compare task and end-of-run summary
 * with counters of its own, so slot k prints the lines the single bench
 * would print for that candidate, tagged with tbgen_slot_nonce(nonce, k)
 * instead of the run's nonce; the bench $finish-es after every slot's DONE
 * line.  The text redefines VP_NONCE at its end (before the checker).
 * Errors as tbgen_differential(), plus an nslots outside 1..TBGEN_MAX_SLOTS.
 */
#define TBGEN_MAX_SLOTS 4096
#define TBGEN_SLOT_SUFFIX_FMT "_vpc%04d"
#define TBGEN_SLOT_NONCE_MUL 0x9e3779b97f4a7c15ull
int tbgen_differential_batch(const struct tbgen_spec *s, int nslots, struct buf *out,
			     struct buf *err);

/* The nonce of slot's verdict lines in a batch bench compiled with nonce. */
uint64_t tbgen_slot_nonce(uint64_t nonce, int slot);

/*
 * The 64-bit state the testbench's xorshift64 generator starts from for a
 * given seed (splitmix64 of the seed, never 0).  Exposed for tests.
 */
uint64_t tbgen_rng_init(uint64_t seed);

#endif
