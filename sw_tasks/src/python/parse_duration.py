#@prompt
import re


def parse_duration(text: str) -> int:
    """Convert a duration such as "1h30m" into seconds.  The text is one or
    more <digits><unit> groups with the units d (day), h, m and s, each unit
    at most once and in that order, with nothing between the groups; whitespace
    around the whole text is ignored.  Raise ValueError for anything else,
    including a text with no group at all.

    >>> parse_duration("1h30m")
    5400
    >>> parse_duration("2d5s")
    172805
    """
#@solution
    t = text.strip()
    m = re.fullmatch(r"(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?", t)
    if not t or m is None:
        raise ValueError(f"bad duration: {text!r}")
    d, h, mi, s = (int(g) if g else 0 for g in m.groups())
    return ((d * 24 + h) * 60 + mi) * 60 + s
#@test
def check(candidate):
    def raises(text):
        try:
            candidate(text)
        except ValueError:
            return True
        return False

    assert candidate("1h30m") == 5400
    assert candidate("2d5s") == 172805
    assert candidate("45s") == 45
    assert candidate("0s") == 0
    assert candidate(" 10m ") == 600
    assert candidate("1d1h1m1s") == 90061
    assert candidate("90m") == 5400
    assert raises("")
    assert raises("5")
    assert raises("1m1h")
    assert raises("1h 30m")
    assert raises("-5s")
