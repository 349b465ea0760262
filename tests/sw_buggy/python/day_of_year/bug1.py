# bug: every year divisible by 4 is a leap year (1900 and 2100 too)
    y, m, d = (int(p) for p in date.split("-"))
    leap = y % 4 == 0
    days = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    return sum(days[: m - 1]) + d
