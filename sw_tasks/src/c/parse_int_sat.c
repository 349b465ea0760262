//@prompt
#include <ctype.h>
#include <limits.h>

/* Parse a decimal integer at the start of s, like atoi but with defined
 * behaviour on overflow: skip leading white space (isspace), accept one
 * optional '+' or '-', then read digits up to the first non-digit.  Return
 * 0 when there is no digit.  A value beyond the range of int saturates to
 * INT_MAX or INT_MIN. */
int parse_int_sat(const char *s) {
//@solution
    long long v = 0;
    int neg = 0;
    while (isspace((unsigned char)*s))
        s++;
    if (*s == '+' || *s == '-') {
        neg = *s == '-';
        s++;
    }
    while (isdigit((unsigned char)*s)) {
        v = v * 10 + (*s - '0');
        if (v > (long long)INT_MAX + 1)
            v = (long long)INT_MAX + 1;
        s++;
    }
    if (neg)
        v = -v;
    if (v > INT_MAX)
        return INT_MAX;
    if (v < INT_MIN)
        return INT_MIN;
    return (int)v;
}
//@test
#include "vp_ctest.h"
#include <limits.h>

int parse_int_sat(const char *s);

VP_TESTS {
    VP_CHECK(parse_int_sat("42") == 42);
    VP_CHECK(parse_int_sat("   -17xyz") == -17);
    VP_CHECK(parse_int_sat("+8") == 8);
    VP_CHECK(parse_int_sat("") == 0);
    VP_CHECK(parse_int_sat("abc") == 0);
    VP_CHECK(parse_int_sat("-") == 0);
    VP_CHECK(parse_int_sat("2147483647") == INT_MAX);
    VP_CHECK(parse_int_sat("2147483648") == INT_MAX);
    VP_CHECK(parse_int_sat("-2147483648") == INT_MIN);
    VP_CHECK(parse_int_sat("-2147483649") == INT_MIN);
    VP_CHECK(parse_int_sat("99999999999999999999") == INT_MAX);
    VP_CHECK(parse_int_sat("\t\n7") == 7);
    VP_CHECK(parse_int_sat("0012") == 12);
    VP_CHECK(parse_int_sat("- 5") == 0);
    VP_CHECK(parse_int_sat("12 34") == 12);
}
