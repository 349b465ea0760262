//@prompt
/* Return the number of days in the given month (1 = January .. 12 =
 * December) of a Gregorian year, where leap years are those divisible by 4
 * except centuries not divisible by 400.  Return 0 for a month outside
 * 1..12. */
int days_in_month(int year, int month) {
//@solution
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12)
        return 0;
    if (month == 2 && year % 4 == 0 && (year % 100 != 0 || year % 400 == 0))
        return 29;
    return days[month - 1];
}
//@test
#include "vp_ctest.h"

int days_in_month(int year, int month);

VP_TESTS {
    VP_CHECK(days_in_month(2024, 2) == 29);
    VP_CHECK(days_in_month(2023, 2) == 28);
    VP_CHECK(days_in_month(1900, 2) == 28);
    VP_CHECK(days_in_month(2000, 2) == 29);
    VP_CHECK(days_in_month(2100, 2) == 28);
    VP_CHECK(days_in_month(2023, 1) == 31);
    VP_CHECK(days_in_month(2023, 4) == 30);
    VP_CHECK(days_in_month(2023, 7) == 31);
    VP_CHECK(days_in_month(2023, 8) == 31);
    VP_CHECK(days_in_month(2023, 9) == 30);
    VP_CHECK(days_in_month(2023, 12) == 31);
    VP_CHECK(days_in_month(2023, 0) == 0);
    VP_CHECK(days_in_month(2023, 13) == 0);
}
