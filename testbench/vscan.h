/*
 * vscan: the forbidden-construct scan of candidate RTL.
 *
 * Before a candidate is simulated, its raw text is scanned for constructs
 * that could escape the sandbox's intent or forge a verdict.  No
 * preprocessor is run: the scan is sound without one because every '$' that
 * could reach the simulator is in the raw text outside strings and comments,
 * provided (a) the scan's view of where strings, comments and escaped
 * identifiers begin and end matches every simulator's, and (b) no name can
 * be assembled across a macro boundary.  Where either could fail, the
 * construct is forbidden outright.  The rules, in the words of the messages:
 *
 *   system task '$x'          any $name outside vscan_sysname_allowed(); a lone '$'
 *   token pasting '``'        anywhere (it could glue $sys``tem)
 *   macro stringification     `" and `\`" (string boundaries inside macros)
 *   compiler directive '`x'   every directive but `define `undef `ifdef `ifndef
 *                             `elsif `else `endif `timescale `default_nettype
 *                             `resetall `celldefine `endcelldefine
 *                             `unconnected_drive `nounconnected_drive `__FILE__
 *                             `__LINE__, and macro uses of macros the candidate
 *                             does not `define itself (so `include, `line,
 *                             `pragma, Verilator's `systemc_* C++ blocks ...)
 *   macro name 'include'      defining a macro under a directive's name
 *   macro use '`T' directly after 'x'   a macro use glued to a name, $name or
 *                             macro use before it ($dis`T calls $display in
 *                             Icarus and Verilator alike)
 *   text 'x' directly after a macro call   `M()x
 *   macro body ending in ...  a `define body ending in a $name, '.', import
 *                             or export; a comment spanning lines in a body
 *   DPI import / import 'import x'   import/export followed by a string, or
 *                             by anything but a package name
 *   keyword 'bind'
 *   hierarchical reference 'tb.x'   a '.' followed by a name or macro use,
 *                             unless the '.' directly follows a real '(' or
 *                             ',' (a named port connection; the '(' and ','
 *                             of a macro call do not count, since arguments
 *                             can be reordered); a '.' followed by anything
 *                             else is "token '.' outside a named port
 *                             connection"
 *   identifier 'vp_x' / macro '`VP_X' is reserved for the harness
 *                             (case-sensitive prefixes vp_ and VP_, escaped
 *                             names included)
 *   unterminated string / unterminated comment / string continued over a
 *   line break / compiler directive '`endif' inside a comment or string
 *                             (a simulator skipping an `ifdef region could
 *                             resume at a point the scan thinks is comment)
 *   escaped identifier '\x'   with a byte outside 0x21..0x7e, a ` or ", or a
 *                             leading $
 *   byte '\x00' anywhere; a CR not followed by LF; a """ string; any
 *                             byte or character that starts no token
 *
 * What the scan does not see: upward references by simple name to tasks and
 * functions of the testbench (a testbench must not wrap `VP_DONE in a task),
 * and macros of the testbench, which cannot reach the candidate when the
 * candidate file is compiled last.
 *
 * Pure: nothing escapes but the message; nothing is printed.  The first
 * violation in text order wins (the NUL-byte check runs first, over the
 * whole input).  Linear time.
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
