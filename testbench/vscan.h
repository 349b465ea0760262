/*
 * vscan: the forbidden-construct scan of candidate RTL.
 *
 * Before a candidate is simulated, its raw text is scanned for constructs
 * that could escape the sandbox's intent or forge a verdict: system tasks
 * outside a small allow-list ($display, $system, $fopen, Verilator's $c ...),
 * DPI imports, `include, token pasting, `bind`, hierarchical references into
 * the testbench, and names reserved for the harness (vp_*, `VP_*).
 *
 * No preprocessor is run.  The scan is sound without one because every '$'
 * that could ever reach the simulator is present in the raw text outside
 * strings and comments, provided the scan's view of where strings, comments
 * and escaped identifiers begin and end matches every simulator's.  Where
 * the views could differ the construct is forbidden outright: unterminated
 * strings and comments, strings continued over a line break, stringification
 * (`"), conditional directives (`endif ...) inside comments or strings,
 * escaped identifiers with quotes, backticks or non-printable bytes, NUL
 * bytes anywhere, and bytes that start no token.  Compiler directives are an
 * allow-list (`define, `ifdef ..., `timescale ...); a macro use is allowed
 * only when the candidate defines that macro itself.
 *
 * The scan is pure: no allocation escapes, nothing is printed.  The first
 * violation in text order wins (the NUL-byte check runs first, over the whole
 * input).
 */
#ifndef VP_VSCAN_H
#define VP_VSCAN_H

#include "sim/buf.h"

#include <stddef.h>

/* Default cap on the size of one candidate file: 2 MiB. */
#define VSCAN_MAX_SIZE_DEFAULT ((size_t)2 << 20)

enum vscan_result {
	VSCAN_CLEAN = 0,      /* nothing forbidden found */
	VSCAN_FORBIDDEN = 1,  /* a forbidden construct; the message says which */
};

/*
 * Scan data[0..len) (any bytes).  Returns VSCAN_CLEAN, or VSCAN_FORBIDDEN
 * after replacing the contents of *why with one sentence naming the
 * construct and its 1-based line, e.g.
 *
 *	system task '$display' is not allowed in candidate RTL (line 12)
 *	hierarchical reference 'tb.x' is not allowed in candidate RTL (line 3)
 *
 * and storing that line in *line when line is not NULL.  Quoted source text
 * in the message is cut to 64 bytes and non-printable bytes appear as \xNN.
 * why may be NULL.  Linear in len; no size limit is applied here (see
 * vscan_check_size).
 */
enum vscan_result vscan_check(const void *data, size_t len, struct buf *why,
			      unsigned long *line);

/*
 * Size gate, applied before vscan_check: returns 0 when len <= max, else -1
 * after replacing *why (may be NULL) with e.g.
 *
 *	candidate is 12.0 MiB, over the 2 MiB limit
 *
 * Sizes of 1 MiB and more print as MiB with one decimal, from 1 KiB as KiB,
 * below that as bytes; the limit prints without decimals when it is a whole
 * number of MiB or KiB.  max == 0 means VSCAN_MAX_SIZE_DEFAULT.
 */
int vscan_check_size(size_t len, size_t max, struct buf *why);

/*
 * Whether a system task/function name (with its '$') is on the allow-list:
 * $clog2 $signed $unsigned $bits $size $high $low $left $right $increment
 * $dimensions $countones $onehot $onehot0 $isunknown and the pure math
 * functions $ceil $floor $ln $log10 $exp $sqrt $pow $rtoi $itor $realtobits
 * $bitstoreal.
 */
int vscan_sysname_allowed(const char *name, size_t len);

#endif
