//@prompt
#include <stdint.h>

/* Return a divided by b rounded toward negative infinity (floor division),
 * unlike C's / which truncates toward zero.  b is not 0 and the quotient
 * fits in int64_t (a is not INT64_MIN when b is -1). */
int64_t div_floor(int64_t a, int64_t b) {
//@solution
    int64_t q = a / b;
    if (a % b != 0 && (a < 0) != (b < 0))
        q--;
    return q;
}
//@test
#include "vp_ctest.h"
#include <stdint.h>

int64_t div_floor(int64_t a, int64_t b);

VP_TESTS {
    VP_CHECK(div_floor(7, 2) == 3);
    VP_CHECK(div_floor(-7, 2) == -4);
    VP_CHECK(div_floor(7, -2) == -4);
    VP_CHECK(div_floor(-7, -2) == 3);
    VP_CHECK(div_floor(6, 3) == 2);
    VP_CHECK(div_floor(-6, 3) == -2);
    VP_CHECK(div_floor(0, 5) == 0);
    VP_CHECK(div_floor(-1, 10) == -1);
    VP_CHECK(div_floor(1, -10) == -1);
    VP_CHECK(div_floor(INT64_MIN, 1) == INT64_MIN);
    VP_CHECK(div_floor(INT64_MAX, -1) == -INT64_MAX);
    VP_CHECK(div_floor(-9, 3) == -3);
    VP_CHECK(div_floor(9, -4) == -3);
}
