/*
 * extract: pull the code out of an LLM reply.
 *
 * Models answer with prose around Markdown fences.  extract_code() picks the
 * fenced block written in the requested language (```verilog, ```sv,
 * ```python, ```c ...), falling back to an unlabeled fence; when there are
 * several, the last one wins (models tend to refine).  A reply without any
 * fence is used whole when it looks like code.  A fence that is never closed
 * (the model ran out of tokens) yields its text and says so.
 *
 * Not for: parsing the code itself (testbench/ does Verilog).  Pure
 * functions: no I/O, no globals.
 */
#ifndef VP_EXTRACT_H
#define VP_EXTRACT_H

#include "sim/buf.h"

enum extract_status {
	EXTRACT_FENCE,      /* a complete fenced block in the language or unlabeled */
	EXTRACT_WHOLE,      /* no fence at all; the whole reply looks like code */
	EXTRACT_TRUNCATED,  /* the chosen block's fence is never closed */
	EXTRACT_NONE,       /* nothing usable: out is left empty */
};

/*
 * Extract code from reply (NUL-terminated) into out (reset first).
 *
 * lang names the wanted language: "verilog" (also accepts the tags
 * verilog, systemverilog, sv, v, vlog), "python" (python, py, python3),
 * "c" (c, h), or NULL for any language (the last fence of any tag).  The
 * lang argument itself may be any of the aliases.  An unknown lang matches
 * its own tag only.  Tags are compared case-insensitively.
 *
 * Lines ending in CRLF are handled: the code in out always uses "\n" and
 * ends with a newline unless empty.  Returns the kind of match.
 */
enum extract_status extract_code(const char *reply, const char *lang, struct buf *out);

/* A stable name for a status ("fence", "whole", "truncated", "none"). */
const char *extract_status_name(enum extract_status st);

/*
 * Whether text looks like source code in lang (same names as above; NULL
 * means any of them).  Used for replies without fences: Verilog needs a
 * `module` ... `endmodule` pair, Python a def/class/import line, C a
 * `#include` or a braced function body with statements.
 */
int extract_looks_like_code(const char *text, const char *lang);

#endif
