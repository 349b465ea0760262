#@prompt
def clock_add(time: str, minutes: int) -> str:
    """Add a number of minutes (possibly negative, possibly more than a day)
    to a 24-hour clock time "HH:MM" and return the new time of day as
    "HH:MM", wrapping around midnight.

    >>> clock_add("23:45", 30)
    '00:15'
    >>> clock_add("00:10", -20)
    '23:50'
    """
#@solution
    h, m = map(int, time.split(":"))
    t = (h * 60 + m + minutes) % 1440
    return f"{t // 60:02d}:{t % 60:02d}"
#@test
def check(candidate):
    assert candidate("23:45", 30) == "00:15"
    assert candidate("00:10", -20) == "23:50"
    assert candidate("12:00", 0) == "12:00"
    assert candidate("09:05", 60) == "10:05"
    assert candidate("00:00", 1440) == "00:00"
    assert candidate("00:00", -1) == "23:59"
    assert candidate("10:30", -1440 * 3 - 31) == "09:59"
    assert candidate("23:59", 1) == "00:00"
    assert candidate("05:07", 2) == "05:09"
    assert candidate("13:00", 10000) == "11:40"
    assert candidate("01:00", -61) == "23:59"
