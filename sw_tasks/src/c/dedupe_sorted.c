//@prompt
#include <stddef.h>

/* a[0..n-1] is sorted.  Remove repeated values in place so that each
 * distinct value appears once, in order, at the front of the array; return
 * how many values remain.  n may be 0 (a may then be NULL). */
size_t dedupe_sorted(int *a, size_t n) {
//@solution
    size_t w = 1;
    if (n == 0)
        return 0;
    for (size_t i = 1; i < n; i++)
        if (a[i] != a[w - 1])
            a[w++] = a[i];
    return w;
}
//@test
#include "vp_ctest.h"
#include <stddef.h>

size_t dedupe_sorted(int *a, size_t n);

/* Dedupe a copy of in[0..n-1]; true when it leaves exactly want[0..wn-1]. */
static int dd(const int *in, size_t n, const int *want, size_t wn)
{
    int buf[16];
    for (size_t i = 0; i < n; i++)
        buf[i] = in[i];
    if (dedupe_sorted(n ? buf : NULL, n) != wn)
        return 0;
    for (size_t i = 0; i < wn; i++)
        if (buf[i] != want[i])
            return 0;
    return 1;
}

VP_TESTS {
    VP_CHECK(dd((const int[]){1, 1, 2, 3, 3, 3, 4}, 7, (const int[]){1, 2, 3, 4}, 4));
    VP_CHECK(dd(NULL, 0, NULL, 0));
    VP_CHECK(dd((const int[]){5}, 1, (const int[]){5}, 1));
    VP_CHECK(dd((const int[]){2, 2, 2}, 3, (const int[]){2}, 1));
    VP_CHECK(dd((const int[]){1, 2, 3}, 3, (const int[]){1, 2, 3}, 3));
    VP_CHECK(dd((const int[]){-3, -3, 0, 0, 7}, 5, (const int[]){-3, 0, 7}, 3));
    VP_CHECK(dd((const int[]){1, 2, 2}, 3, (const int[]){1, 2}, 2));
    VP_CHECK(dd((const int[]){4, 4, 9}, 3, (const int[]){4, 9}, 2));
}
