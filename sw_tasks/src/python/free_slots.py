#@prompt
def free_slots(busy: list, lo: int, hi: int) -> list:
    """Return the gaps of the window [lo, hi) that no busy interval covers.
    Busy intervals are non-empty half-open (start, end) pairs in any order;
    they may overlap each other and stick out of the window.  The gaps are
    returned sorted, as (start, end) tuples, and no gap is empty.

    >>> free_slots([(9, 10), (12, 13)], 8, 14)
    [(8, 9), (10, 12), (13, 14)]
    >>> free_slots([], 0, 5)
    [(0, 5)]
    """
#@solution
    gaps = []
    cur = lo
    for s, e in sorted(busy):
        if cur >= hi:
            break
        if s > cur:
            gaps.append((cur, min(s, hi)))
        cur = max(cur, e)
    if cur < hi:
        gaps.append((cur, hi))
    return gaps
#@test
def check(candidate):
    assert candidate([(9, 10), (12, 13)], 8, 14) == [(8, 9), (10, 12), (13, 14)]
    assert candidate([], 0, 5) == [(0, 5)]
    assert candidate([(0, 5)], 0, 5) == []
    assert candidate([(1, 3), (2, 6)], 0, 8) == [(0, 1), (6, 8)]
    assert candidate([(1, 10), (2, 3)], 0, 12) == [(0, 1), (10, 12)]
    assert candidate([(-5, 2), (20, 30)], 0, 10) == [(2, 10)]
    assert candidate([(4, 5), (1, 2)], 0, 6) == [(0, 1), (2, 4), (5, 6)]
    assert candidate([(3, 4)], 3, 4) == []
    assert candidate([(0, 2), (2, 4)], 0, 4) == []
    assert candidate([(1, 2)], 5, 5) == []
    assert candidate([(6, 9)], 0, 7) == [(0, 6)]
