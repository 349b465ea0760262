#@prompt
def histogram(values: list, lo: float, hi: float, bins: int) -> list:
    """Count values into `bins` equal-width bins spanning [lo, hi] (lo < hi).
    With w = (hi - lo) / bins, bin i holds the values in [lo + i*w,
    lo + (i+1)*w), except that the last bin also holds hi itself.  Values
    outside [lo, hi] are not counted.

    >>> histogram([0, 1, 2, 3, 4], 0, 4, 2)
    [2, 3]
    >>> histogram([], 0, 1, 3)
    [0, 0, 0]
    """
#@solution
    counts = [0] * bins
    w = (hi - lo) / bins
    for v in values:
        if lo <= v <= hi:
            i = min(int((v - lo) / w), bins - 1)
            counts[i] += 1
    return counts
#@test
def check(candidate):
    assert candidate([0, 1, 2, 3, 4], 0, 4, 2) == [2, 3]
    assert candidate([], 0, 1, 3) == [0, 0, 0]
    assert candidate([-1, 5, 0, 10, 11], 0, 10, 5) == [1, 0, 1, 0, 1]
    assert candidate([0.5, 1.5, 2.5], 0, 3, 3) == [1, 1, 1]
    assert candidate([1, 2], 1, 2, 1) == [2]
    assert candidate([-3, -2.5, -1], -3, -1, 2) == [2, 1]
    assert candidate([2, 2, 2], 0, 4, 4) == [0, 0, 3, 0]
    assert candidate([3.999], 0, 4, 4) == [0, 0, 0, 1]
    assert candidate([4, 4.0001], 0, 4, 4) == [0, 0, 0, 1]
    assert candidate([0, 1, 2, 3], 0, 3, 2) == [2, 2]
