//@prompt
/* Return the day of the week of a date in the proleptic Gregorian calendar,
 * 0 = Sunday, 1 = Monday, ..., 6 = Saturday.  year >= 1, month is 1..12 and
 * day is valid for that month. */
int day_of_week(int year, int month, int day) {
//@solution
    static const int t[12] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
    if (month < 3)
        year -= 1;
    return (year + year / 4 - year / 100 + year / 400 + t[month - 1] + day) % 7;
}
//@test
#include "vp_ctest.h"

int day_of_week(int year, int month, int day);

VP_TESTS {
    VP_CHECK(day_of_week(2024, 1, 1) == 1);
    VP_CHECK(day_of_week(2000, 1, 1) == 6);
    VP_CHECK(day_of_week(1970, 1, 1) == 4);
    VP_CHECK(day_of_week(2024, 2, 29) == 4);
    VP_CHECK(day_of_week(2024, 3, 1) == 5);
    VP_CHECK(day_of_week(1900, 3, 1) == 4);
    VP_CHECK(day_of_week(2023, 12, 31) == 0);
    VP_CHECK(day_of_week(2100, 3, 1) == 1);
    VP_CHECK(day_of_week(2000, 2, 29) == 2);
    VP_CHECK(day_of_week(1999, 12, 31) == 5);
    VP_CHECK(day_of_week(2024, 7, 4) == 4);
}
