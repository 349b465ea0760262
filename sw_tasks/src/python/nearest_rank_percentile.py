#@prompt
def nearest_rank_percentile(values: list, p: int):
    """Return the p-th percentile of a non-empty list by the nearest-rank
    method, for an integer p from 0 to 100: sort the values and take the one at
    1-based rank ceil(p * n / 100), or the smallest value when p is 0.

    >>> nearest_rank_percentile([15, 20, 35, 40, 50], 30)
    20
    >>> nearest_rank_percentile([15, 20, 35, 40, 50], 100)
    50
    """
#@solution
    s = sorted(values)
    rank = (p * len(s) + 99) // 100
    return s[max(rank, 1) - 1]
#@test
def check(candidate):
    xs = [15, 20, 35, 40, 50]
    assert candidate(xs, 30) == 20
    assert candidate(xs, 100) == 50
    assert candidate(xs, 0) == 15
    assert candidate(xs, 5) == 15
    assert candidate(xs, 20) == 15
    assert candidate(xs, 21) == 20
    assert candidate(xs, 40) == 20
    assert candidate(xs, 50) == 35
    assert candidate(xs, 80) == 40
    assert candidate(xs, 81) == 50
    assert candidate([3, 1, 2], 50) == 2
    assert candidate([7], 0) == 7
    assert candidate([7], 100) == 7
