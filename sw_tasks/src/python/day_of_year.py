#@prompt
def day_of_year(date: str) -> int:
    """Return the day of the year (1 for January 1st) of a Gregorian date
    written "YYYY-MM-DD".  Leap years are those divisible by 4, except
    centuries that are not divisible by 400.

    >>> day_of_year("2024-03-01")
    61
    >>> day_of_year("1900-12-31")
    365
    """
#@solution
    y, m, d = (int(p) for p in date.split("-"))
    leap = y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)
    days = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    return sum(days[: m - 1]) + d
#@test
def check(candidate):
    assert candidate("2024-03-01") == 61
    assert candidate("1900-12-31") == 365
    assert candidate("2000-12-31") == 366
    assert candidate("2023-01-01") == 1
    assert candidate("2023-12-31") == 365
    assert candidate("2024-12-31") == 366
    assert candidate("2100-03-01") == 60
    assert candidate("2000-03-01") == 61
    assert candidate("2023-02-28") == 59
    assert candidate("2024-02-29") == 60
    assert candidate("2023-07-04") == 185
    assert candidate("1600-03-01") == 61
