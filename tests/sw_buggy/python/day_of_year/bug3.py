# bug: the 400-year exception is missing, so 2000 and 1600 are not leap
    y, m, d = (int(p) for p in date.split("-"))
    leap = y % 4 == 0 and y % 100 != 0
    days = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    return sum(days[: m - 1]) + d
