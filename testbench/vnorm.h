/*
 * vnorm: a normalised 64-bit hash of Verilog text, for de-duplication.
 *
 * Two candidates with the same hash are simulated once.  The hash covers the
 * vlex token stream without comments and whitespace: reformatting, changing
 * comments or line endings (CRLF/LF) keeps it; changing, adding or removing
 * any token changes it (up to 64-bit collisions).  Tokens are separated, so
 * "a b" and "ab" differ.  Inside a based number the blanks are dropped
 * ("8 'h ff" hashes as "8'hff").  The one place where a line break is
 * meaning, the end of a compiler-directive line (a `define body ends there),
 * is hashed; other line breaks are not.
 *
 * Not a cryptographic hash: candidates are not adversaries of each other
 * (a collision would only make one candidate share another's results, and
 * both are graded as the same text's author intended).
 */
#ifndef VP_VNORM_H
#define VP_VNORM_H

#include <stddef.h>
#include <stdint.h>

/* Hash data[0..len) (any bytes; data may be NULL when len is 0). */
uint64_t vnorm_hash(const void *data, size_t len);

/* Write the hash as 16 lowercase hex digits and a NUL into out. */
void vnorm_hex(uint64_t hash, char out[17]);

#endif
