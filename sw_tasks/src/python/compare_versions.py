#@prompt
def compare_versions(a: str, b: str) -> int:
    """Compare two dotted version strings made of non-negative integers, part
    by part as numbers; missing trailing parts count as 0.  Return -1 if a is
    older than b, 0 if they are equal, 1 if a is newer.

    >>> compare_versions("1.10", "1.9")
    1
    >>> compare_versions("2.0", "2")
    0
    """
#@solution
    pa = [int(x) for x in a.split(".")]
    pb = [int(x) for x in b.split(".")]
    n = max(len(pa), len(pb))
    pa += [0] * (n - len(pa))
    pb += [0] * (n - len(pb))
    return (pa > pb) - (pa < pb)
#@test
def check(candidate):
    assert candidate("1.10", "1.9") == 1
    assert candidate("2.0", "2") == 0
    assert candidate("1.2.3", "1.2.3") == 0
    assert candidate("1.2", "1.2.1") == -1
    assert candidate("1.2.1", "1.2") == 1
    assert candidate("0.9.9", "1") == -1
    assert candidate("3", "2.99") == 1
    assert candidate("1.01", "1.1") == 0
    assert candidate("1.0.0.0", "1") == 0
    assert candidate("10.0", "9.0") == 1
    assert candidate("1.2.0", "1.10") == -1
