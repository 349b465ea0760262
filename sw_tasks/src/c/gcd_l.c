//@prompt
/* Return the greatest common divisor of a and b, always >= 0, for any signs
 * of a and b (neither is LONG_MIN).  gcd(x, 0) is |x| and gcd(0, 0) is 0. */
long gcd_l(long a, long b) {
//@solution
    if (a < 0)
        a = -a;
    if (b < 0)
        b = -b;
    while (b != 0) {
        long t = a % b;
        a = b;
        b = t;
    }
    return a;
}
//@test
#include "vp_ctest.h"

long gcd_l(long a, long b);

VP_TESTS {
    VP_CHECK(gcd_l(12, 18) == 6);
    VP_CHECK(gcd_l(-12, 18) == 6);
    VP_CHECK(gcd_l(12, -18) == 6);
    VP_CHECK(gcd_l(-12, -18) == 6);
    VP_CHECK(gcd_l(0, 5) == 5);
    VP_CHECK(gcd_l(5, 0) == 5);
    VP_CHECK(gcd_l(0, 0) == 0);
    VP_CHECK(gcd_l(17, 5) == 1);
    VP_CHECK(gcd_l(2000000014L, 3000000021L) == 1000000007L);
    VP_CHECK(gcd_l(-7, 0) == 7);
    VP_CHECK(gcd_l(270, 192) == 6);
}
