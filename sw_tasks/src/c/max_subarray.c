//@prompt
#include <stddef.h>

/* Return the largest sum of a non-empty run of consecutive elements of
 * a[0..n-1] (so the largest element when all are negative), computed
 * without overflow for any int values.  Return 0 when n is 0 (a may then be
 * NULL). */
long long max_subarray(const int *a, size_t n) {
//@solution
    long long best, cur;
    if (n == 0)
        return 0;
    best = cur = a[0];
    for (size_t i = 1; i < n; i++) {
        cur = cur > 0 ? cur + a[i] : a[i];
        if (cur > best)
            best = cur;
    }
    return best;
}
//@test
#include "vp_ctest.h"
#include <limits.h>
#include <stddef.h>

long long max_subarray(const int *a, size_t n);

VP_TESTS {
    VP_CHECK(max_subarray((const int[]){-2, 1, -3, 4, -1, 2, 1, -5, 4}, 9) == 6);
    VP_CHECK(max_subarray((const int[]){-3, -1, -2}, 3) == -1);
    VP_CHECK(max_subarray(NULL, 0) == 0);
    VP_CHECK(max_subarray((const int[]){5}, 1) == 5);
    VP_CHECK(max_subarray((const int[]){1, 2, 3}, 3) == 6);
    VP_CHECK(max_subarray((const int[]){-5}, 1) == -5);
    VP_CHECK(max_subarray((const int[]){2, -1, 2}, 3) == 3);
    VP_CHECK(max_subarray((const int[]){INT_MAX, INT_MAX}, 2) == 4294967294LL);
    VP_CHECK(max_subarray((const int[]){0, -1, 0}, 3) == 0);
    VP_CHECK(max_subarray((const int[]){3, -10, 4}, 3) == 4);
}
