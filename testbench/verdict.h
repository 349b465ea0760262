/*
 * verdict: read a simulation's output for the verdict protocol of
 * testbench/vp_harness.vh.
 *
 * Each grading job draws a fresh 64-bit nonce (verdict_nonce_new), compiles
 * the testbench with +define+VP_NONCE=<verdict_nonce_define()>, and after
 * the run hands the captured output to verdict_parse().  Only lines that
 * begin exactly with "@vp:<16 lowercase hex digits of the nonce>:" count:
 *
 *	@vp:<nonce>:FAIL <check name> got=<hex> exp=<hex> t=<time>
 *	@vp:<nonce>:DONE <checks passed> <checks total>
 *
 * Everything else — untagged lines, lines with another nonce, tagged text
 * preceded by anything on its line — is ignored, so a candidate that prints
 * verdict-looking text (it cannot know the nonce) changes nothing.  Lines end
 * at LF; one CR before the LF is dropped.  Reading the result:
 *
 *	done        a well-formed tagged DONE line came first among DONE lines
 *	passed/total its numbers (only when done)
 *	nfail       tagged FAIL lines (the harness prints at most 20)
 *	first_fail  "check 'sum_ff' got=00 exp=01 t=30" for the first FAIL line
 *	malformed   the first tagged DONE line was malformed (then done = 0):
 *	            missing or non-decimal numbers, trailing text, a number over
 *	            2^63-1, or passed > total
 *	multiple_done more than one tagged DONE line (the first one is used)
 *
 * A run without done is incomplete and never a pass; verdict_is_pass()
 * applies the whole rule.
 */
#ifndef VP_VERDICT_H
#define VP_VERDICT_H

#include "sim/buf.h"

#include <stddef.h>
#include <stdint.h>

struct verdict {
	int done;
	int malformed;
	int multiple_done;
	unsigned long long passed;
	unsigned long long total;
	unsigned long nfail;
	struct buf first_fail;  /* empty when nfail == 0; capped at 512 bytes */
};

/* Initialise (all zero, empty message).  Pair with verdict_release(). */
void verdict_init(struct verdict *v);
/* Free the message storage; v may be NULL.  The struct can be re-initialised. */
void verdict_release(struct verdict *v);

/*
 * Parse a run's output (any bytes, NULs included) for the given nonce,
 * replacing every field of v (which must have been initialised).
 */
void verdict_parse(struct verdict *v, const char *out, size_t len, uint64_t nonce);

/*
 * The job passed: done, not flagged multiple_done, total > 0,
 * passed == total and no FAIL line.  (A testbench with no checks proves
 * nothing, and a FAIL line with a full count means the output is
 * inconsistent.)
 */
int verdict_is_pass(const struct verdict *v);

/*
 * Draw a nonce from getrandom(2), falling back to /dev/urandom.  Never 0 (the
 * harness's default when VP_NONCE is not defined).  Returns 0, or -1 with
 * errno set when no randomness source can be read.
 */
int verdict_nonce_new(uint64_t *nonce);

/* Size of the buffers below, NUL included. */
#define VERDICT_DEFINE_SIZE 21  /* "64'h" + 16 digits + NUL */
#define VERDICT_TAG_SIZE 22     /* "@vp:" + 16 digits + ":" + NUL */

/* The Verilog literal for +define+VP_NONCE=...: "64'h0123456789abcdef". */
void verdict_nonce_define(uint64_t nonce, char buf[VERDICT_DEFINE_SIZE]);
/* The line prefix the harness prints: "@vp:0123456789abcdef:". */
void verdict_nonce_tag(uint64_t nonce, char buf[VERDICT_TAG_SIZE]);

#endif
