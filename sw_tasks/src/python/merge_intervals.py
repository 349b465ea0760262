#@prompt
def merge_intervals(intervals: list) -> list:
    """Merge half-open intervals [start, end) given as (start, end) pairs in
    any order.  Overlapping intervals and intervals that touch (one ends where
    the next starts) are merged; empty intervals (start >= end) are dropped.
    Return the result as a sorted list of (start, end) tuples.

    >>> merge_intervals([(5, 8), (1, 3), (2, 4)])
    [(1, 4), (5, 8)]
    >>> merge_intervals([(1, 2), (2, 3)])
    [(1, 3)]
    """
#@solution
    out = []
    for s, e in sorted((s, e) for s, e in intervals if s < e):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out
#@test
def check(candidate):
    assert candidate([(5, 8), (1, 3), (2, 4)]) == [(1, 4), (5, 8)]
    assert candidate([(1, 2), (2, 3)]) == [(1, 3)]
    assert candidate([]) == []
    assert candidate([(3, 3)]) == []
    assert candidate([(1, 10), (2, 3)]) == [(1, 10)]
    assert candidate([(0, 1), (2, 3)]) == [(0, 1), (2, 3)]
    assert candidate([(-5, -1), (-2, 0)]) == [(-5, 0)]
    assert candidate([(4, 6), (1, 2), (2, 4)]) == [(1, 6)]
    assert candidate([(7, 5), (1, 2)]) == [(1, 2)]
    assert candidate([(1, 3), (1, 3)]) == [(1, 3)]
