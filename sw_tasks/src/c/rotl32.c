//@prompt
#include <stdint.h>

/* Rotate the 32-bit value x left by n bits: the bits shifted out at the top
 * come back in at the bottom.  n may be any value; only n mod 32 matters,
 * and a rotation by 0 (or by 32) returns x unchanged. */
uint32_t rotl32(uint32_t x, unsigned n) {
//@solution
    n &= 31;
    if (n == 0)
        return x;
    return (x << n) | (x >> (32 - n));
}
//@test
#include "vp_ctest.h"
#include <stdint.h>

uint32_t rotl32(uint32_t x, unsigned n);

VP_TESTS {
    VP_CHECK(rotl32(0x80000001u, 1) == 0x00000003u);
    VP_CHECK(rotl32(0x12345678u, 8) == 0x34567812u);
    VP_CHECK(rotl32(0x12345678u, 0) == 0x12345678u);
    VP_CHECK(rotl32(0x12345678u, 32) == 0x12345678u);
    VP_CHECK(rotl32(1u, 31) == 0x80000000u);
    VP_CHECK(rotl32(0x12345678u, 36) == 0x23456781u);
    VP_CHECK(rotl32(0xF0000000u, 4) == 0x0000000Fu);
    VP_CHECK(rotl32(0u, 5) == 0u);
    VP_CHECK(rotl32(0xDEADBEEFu, 16) == 0xBEEFDEADu);
}
