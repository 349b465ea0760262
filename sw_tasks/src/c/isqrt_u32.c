//@prompt
#include <stdint.h>

/* Return the integer square root of n: the largest r with r * r <= n, for
 * every 32-bit n, without floating point. */
uint32_t isqrt_u32(uint32_t n) {
//@solution
    uint32_t r = 0, bit = 1u << 30;
    while (bit > n)
        bit >>= 2;
    while (bit) {
        if (n >= r + bit) {
            n -= r + bit;
            r = (r >> 1) + bit;
        } else {
            r >>= 1;
        }
        bit >>= 2;
    }
    return r;
}
//@test
#include "vp_ctest.h"
#include <stdint.h>

uint32_t isqrt_u32(uint32_t n);

VP_TESTS {
    VP_CHECK(isqrt_u32(0) == 0);
    VP_CHECK(isqrt_u32(1) == 1);
    VP_CHECK(isqrt_u32(2) == 1);
    VP_CHECK(isqrt_u32(3) == 1);
    VP_CHECK(isqrt_u32(4) == 2);
    VP_CHECK(isqrt_u32(15) == 3);
    VP_CHECK(isqrt_u32(16) == 4);
    VP_CHECK(isqrt_u32(17) == 4);
    VP_CHECK(isqrt_u32(99) == 9);
    VP_CHECK(isqrt_u32(100) == 10);
    VP_CHECK(isqrt_u32(1000000) == 1000);
    VP_CHECK(isqrt_u32(4294836225u) == 65535);
    VP_CHECK(isqrt_u32(4294836224u) == 65534);
    VP_CHECK(isqrt_u32(4294967295u) == 65535);
}
