/*
 * vnorm: normalised hash of Verilog text.  See vnorm.h.
 *
 * FNV-1a over a framed token stream (kind byte, length, bytes), closed with
 * a 64-bit finaliser so that nearby inputs spread over all bits.
 */
#include "testbench/vnorm.h"
#include "testbench/vlex.h"

#include <stdio.h>

#define FNV_OFFSET 0xcbf29ce484222325ULL
#define FNV_PRIME  0x100000001b3ULL

static inline uint64_t mix_byte(uint64_t h, unsigned char c)
{
	return (h ^ c) * FNV_PRIME;
}

static uint64_t mix_u64(uint64_t h, uint64_t v)
{
	int i;
	for (i = 0; i < 8; i++)
		h = mix_byte(h, (unsigned char)(v >> (8 * i)));
	return h;
}

static uint64_t finalise(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

/* Marker "kinds" outside enum vlex_kind. */
#define MARK_DIRECTIVE_EOL 0xfe

uint64_t vnorm_hash(const void *data, size_t len)
{
	const unsigned char *p = data;
	struct vlex lx;
	struct vlex_tok t;
	uint64_t h = FNV_OFFSET;
	int in_directive = 0;

	vlex_init(&lx, data, len);
	while (vlex_next(&lx, &t)) {
		size_t i, n = 0;

		if (t.kind == VLEX_COMMENT)
			continue;
		if (in_directive && (t.flags & VLEX_F_NL_BEFORE)) {
			h = mix_byte(h, MARK_DIRECTIVE_EOL);
			in_directive = 0;
		}
		if (t.kind == VLEX_DIRECTIVE)
			in_directive = 1;
		h = mix_byte(h, (unsigned char)t.kind);
		if (t.kind == VLEX_NUMBER) {
			for (i = 0; i < t.len; i++) {
				unsigned char c = p[t.off + i];
				if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f')
					continue;
				h = mix_byte(h, c);
				n++;
			}
		} else {
			for (i = 0; i < t.len; i++)
				h = mix_byte(h, p[t.off + i]);
			n = t.len;
		}
		/* Length after the bytes: the framing keeps "ab"+"c" apart from "a"+"bc". */
		h = mix_u64(h, n);
	}
	return finalise(h);
}

void vnorm_hex(uint64_t hash, char out[17])
{
	snprintf(out, 17, "%016llx", (unsigned long long)hash);
}
