/*
 * equiv: is a mutant of a design equivalent to the design?  Decided by
 * Yosys in bounded time, with three verdicts.
 *
 * Both sources are elaborated separately (hierarchy -top TOP; proc; flatten;
 * memory) and renamed gold and gate.  Two attempts share one deadline:
 *
 * 1. structural: clk2fflogic, then equiv_make / equiv_simple -seq 5 /
 *    equiv_induct -seq 5 / equiv_status.  Fast (well under a second here)
 *    and only ever trusted when every pair is proven.  clk2fflogic comes
 *    first: without it a flip-flop moved to the other clock edge was
 *    "proven" the same (measured here on a counter).
 * 2. a miter comparing every output (miter -equiv -ignore_gold_x: an X the
 *    original drives is a don't care, as in a differential testbench), made
 *    clock-accurate by clk2fflogic (plain `sat` clocks every flip-flop on
 *    one global edge), then
 *
 *	sat -tempinduct -prove trigger 0 -enable_undef -set-def-inputs
 *	    -set-init-undef -maxsteps N
 *
 *    which searches for a counterexample of up to N steps from an unknown
 *    initial state and tries to close an induction proof.  -enable_undef and
 *    -set-def-inputs are required with -ignore_gold_x: without them Yosys
 *    0.23 called a buggy design equivalent (measured here).
 *
 *	EQUIV_EQUIVALENT   1 or 2 proved no input sequence tells them apart
 *	EQUIV_DIFFERENT    a counterexample (the detail names its last step)
 *	EQUIV_UNKNOWN      neither within N steps, Yosys could not read or
 *	                   prove it, or the deadline passed (a 128x2 memory took
 *	                   over 120 s here)
 *
 * Only EQUIV_EQUIVALENT should ever change a score.  Yosys runs through
 * sim/run.h with a wall-clock deadline, CPU and memory limits, in a private
 * temporary directory that is always removed.  Not sandboxed: the inputs
 * are a task's reference and mutants of it, not candidates.
 */
#ifndef VP_EQUIV_H
#define VP_EQUIV_H

#include "sim/buf.h"

#include <stddef.h>

enum equiv_verdict {
	EQUIV_EQUIVALENT = 0,
	EQUIV_DIFFERENT,
	EQUIV_UNKNOWN,
};

/* "equivalent", "not_equivalent", "unknown". */
const char *equiv_verdict_name(enum equiv_verdict v);

struct equiv_opts {
	double timeout;       /* seconds of wall clock for both attempts */
	unsigned max_steps;   /* -maxsteps (after clk2fflogic a clock cycle is 2 steps) */
	const char *tmpdir;   /* where the private directory goes; NULL: /tmp */
	size_t mem_bytes;     /* RLIMIT_AS of Yosys; 0: no limit */
};

/* 20 s, 40 steps, /tmp, 4 GiB. */
void equiv_opts_init(struct equiv_opts *o);

/*
 * Compare gate[0..gate_len) against gold[0..gold_len), both declaring module
 * top with the same ports.  Sets *v and puts one line in detail (replaced):
 * "proven by equiv_simple/equiv_induct" or "proven by sat -tempinduct", the
 * counterexample's last step ("step 4: in_clk=1 in_en=0 in_rst=1 gold_q=1
 * gate_q=255"), or why the verdict is unknown.  Returns 0, or -1
 * with a sentence in err when Yosys cannot be run at all (not installed) or
 * the temporary directory cannot be made: errors of the run, not verdicts.
 * o may be NULL for the defaults.
 */
int equiv_check(const char *gold, size_t gold_len, const char *gate, size_t gate_len,
		const char *top, const struct equiv_opts *o, enum equiv_verdict *v,
		struct buf *detail, struct buf *err);

#endif
