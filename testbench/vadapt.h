/*
 * vadapt: verdict adapters — grading with a human testbench that prints its
 * own verdict (VerilogEval's "Mismatches: 0 in 20 samples", RTLLM's "Your
 * Design Passed") instead of using the vp_harness.vh macros.
 *
 * One mechanism for every such bench, in two halves:
 *
 *  1. Before compiling, vadapt_tag_prints() rewrites the bench's own print
 *     calls ($display, $write, $strobe, $monitor and their b/h/o and $f...
 *     forms) whose format is a string literal, so that each printed line
 *     starts with "@vpo:<nonce>:"; the nonce is the grading job's
 *     `VP_NONCE (testbench/verdict.h), drawn fresh per job.
 *
 *  2. After the run, vadapt_parse() keeps only lines that start with that
 *     tag, strips it, and matches the rest against the task's rules
 *     (POSIX extended regular expressions from task.json "tb_verdict"):
 *
 *	pass   required; a tagged line matching it is the pass line
 *	fail   optional; any tagged line matching it fails the run
 *	       (VerilogEval's watchdog line "TIMEOUT")
 *	count  optional; exactly two groups, failures and total
 *	       ("^Mismatches: ([0-9]+) in ([0-9]+) samples$"); the last
 *	       matching line gives the check counts
 *
 *     The run passes when a pass line was seen, no fail line, and the count
 *     (if one was printed) has zero failures.
 *
 * Why a candidate cannot forge the verdict: it would have to print a line
 * that starts with the tag.  The forbidden-construct scan (vscan.h) rejects
 * every system task that prints ($display & co, $fwrite, $system, $error ...)
 * and every use of the reserved macro `VP_NONCE, in Icarus and Verilator
 * alike; what the simulators themselves print about a candidate (warnings,
 * assertion messages, $finish notices) starts with their own prefixes, never
 * with a nonce the candidate cannot know.  Untagged lines — everything the
 * candidate or the simulator could produce — are never read.
 *
 * Limits: a print whose format is not a string literal ($display(s)) and the
 * lines after an embedded "\n" in a format are not tagged, so they cannot be
 * pass lines; rules must match single lines.  Pure: nothing printed.
 */
#ifndef VP_VADAPT_H
#define VP_VADAPT_H

#include "sim/buf.h"
#include "testbench/verdict.h"

#include <regex.h>
#include <stddef.h>
#include <stdint.h>

/* The rules as written (strings borrowed).  pass == NULL means "no adapter". */
struct vadapt_rules {
	const char *pass;
	const char *fail;   /* NULL: none */
	const char *count;  /* NULL: none */
};

/* Compiled rules.  Pair vadapt_compile() with vadapt_release(). */
struct vadapt {
	regex_t pass, fail, count;
	int has_fail, has_count, compiled;
};

/*
 * Compile r (r->pass must not be NULL).  Returns 0, or -1 with one sentence
 * in err naming the rule ("rule 'count' ...") when a pattern does not compile
 * or 'count' does not have exactly two groups; a is then released.
 */
int vadapt_compile(struct vadapt *a, const struct vadapt_rules *r, struct buf *err);
/* Free the compiled patterns; a may be NULL or already released. */
void vadapt_release(struct vadapt *a);

/*
 * Append to out the bench src with every print call tagged (see above).
 * Every other byte is copied unchanged, so line numbers stay the same.
 * Returns the number of print calls tagged.
 */
size_t vadapt_tag_prints(const char *src, size_t len, struct buf *out);

/* The prefix of tagged lines: "@vpo:0123456789abcdef:" (size with NUL). */
#define VADAPT_TAG_SIZE 23
void vadapt_tag(uint64_t nonce, char buf[VADAPT_TAG_SIZE]);

/*
 * Read the output of a run that ended normally and fill v (initialised with
 * verdict_init) as the harness protocol would have: done = 1; when a count
 * line was seen, total and passed from it, else total 1 and passed 1 or 0;
 * nfail and first_fail describe why the run did not pass ("fail line
 * 'TIMEOUT'", "count line 'Mismatches: 3 in 20 samples'", "no line matched
 * the pass rule; last line: '...'").  verdict_is_pass(v) then applies.
 */
void vadapt_parse(const struct vadapt *a, const char *out, size_t len, uint64_t nonce,
		  struct verdict *v);

#endif
