//@prompt
#include <stddef.h>

/* a[0..n-1] is sorted in non-decreasing order.  Return the index of the
 * first element equal to key, or -1 when key is not in the array (n may be
 * 0).  Use O(log n) comparisons. */
long first_index(const int *a, size_t n, int key) {
//@solution
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (a[mid] < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (lo < n && a[lo] == key) ? (long)lo : -1;
}
//@test
#include "vp_ctest.h"
#include <stddef.h>

long first_index(const int *a, size_t n, int key);

static const int arr[8] = {1, 3, 3, 3, 5, 8, 8, 13};
static const int same[4] = {2, 2, 2, 2};
static const int one[1] = {7};

VP_TESTS {
    VP_CHECK(first_index(arr, 8, 3) == 1);
    VP_CHECK(first_index(arr, 8, 8) == 5);
    VP_CHECK(first_index(arr, 8, 1) == 0);
    VP_CHECK(first_index(arr, 8, 13) == 7);
    VP_CHECK(first_index(arr, 8, 5) == 4);
    VP_CHECK(first_index(arr, 8, 0) == -1);
    VP_CHECK(first_index(arr, 8, 4) == -1);
    VP_CHECK(first_index(arr, 8, 14) == -1);
    VP_CHECK(first_index(arr, 0, 1) == -1);
    VP_CHECK(first_index(same, 4, 2) == 0);
    VP_CHECK(first_index(one, 1, 7) == 0);
    VP_CHECK(first_index(one, 1, 6) == -1);
}
