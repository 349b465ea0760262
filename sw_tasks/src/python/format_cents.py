#@prompt
def format_cents(cents: int) -> str:
    """Format an integer amount of cents as dollars: a "$", the dollars with a
    comma every three digits, a point and exactly two digits of cents.  A
    negative amount starts with "-" before the "$".

    >>> format_cents(123456789)
    '$1,234,567.89'
    >>> format_cents(-5)
    '-$0.05'
    """
#@solution
    sign = "-" if cents < 0 else ""
    dollars, rest = divmod(abs(cents), 100)
    return f"{sign}${dollars:,}.{rest:02d}"
#@test
def check(candidate):
    assert candidate(123456789) == "$1,234,567.89"
    assert candidate(-5) == "-$0.05"
    assert candidate(0) == "$0.00"
    assert candidate(100) == "$1.00"
    assert candidate(99999) == "$999.99"
    assert candidate(100000) == "$1,000.00"
    assert candidate(-100050) == "-$1,000.50"
    assert candidate(7) == "$0.07"
    assert candidate(-1) == "-$0.01"
    assert candidate(100000000) == "$1,000,000.00"
    assert candidate(12345) == "$123.45"
