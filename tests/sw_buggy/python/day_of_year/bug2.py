# bug: the days of the current month are counted as a full month
    y, m, d = (int(p) for p in date.split("-"))
    leap = y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)
    days = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    return sum(days[:m]) + d - 31
