#@prompt
from datetime import date, timedelta


def business_days(start: str, end: str) -> int:
    """Count the weekdays (Monday to Friday) from start, included, to end,
    excluded; dates are written "YYYY-MM-DD".  Return 0 when end is not after
    start.

    >>> business_days("2024-01-01", "2024-01-08")
    5
    >>> business_days("2024-01-06", "2024-01-08")
    0
    """
#@solution
    a, b = date.fromisoformat(start), date.fromisoformat(end)
    n = 0
    while a < b:
        if a.weekday() < 5:
            n += 1
        a += timedelta(days=1)
    return n
#@test
def check(candidate):
    assert candidate("2024-01-01", "2024-01-08") == 5
    assert candidate("2024-01-06", "2024-01-08") == 0
    assert candidate("2024-01-05", "2024-01-06") == 1
    assert candidate("2024-01-08", "2024-01-08") == 0
    assert candidate("2024-01-10", "2024-01-01") == 0
    assert candidate("2024-01-01", "2024-01-31") == 22
    assert candidate("2024-02-26", "2024-03-04") == 5
    assert candidate("2023-12-29", "2024-01-02") == 2
    assert candidate("2024-01-07", "2024-01-14") == 5
    assert candidate("2024-01-01", "2025-01-01") == 262
