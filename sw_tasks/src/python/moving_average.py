#@prompt
def moving_average(values: list, k: int) -> list:
    """Return the mean of every window of k consecutive values, in order, as
    floats: len(values) - k + 1 of them, or none when k is larger than the
    list.  k >= 1.

    >>> moving_average([1, 2, 3, 4], 2)
    [1.5, 2.5, 3.5]
    >>> moving_average([1, 2], 3)
    []
    """
#@solution
    if k > len(values):
        return []
    total = sum(values[:k])
    out = [total / k]
    for i in range(k, len(values)):
        total += values[i] - values[i - k]
        out.append(total / k)
    return out
#@test
def check(candidate):
    assert candidate([1, 2, 3, 4], 2) == [1.5, 2.5, 3.5]
    assert candidate([1, 2], 3) == []
    assert candidate([], 1) == []
    assert candidate([5], 1) == [5.0]
    assert candidate([1, 2, 3, 4], 4) == [2.5]
    assert candidate([1, 2, 3, 4], 1) == [1.0, 2.0, 3.0, 4.0]
    assert candidate([2, 4, 6, 8, 10], 3) == [4.0, 6.0, 8.0]
    assert candidate([-1, 1, -1, 1], 2) == [0.0, 0.0, 0.0]
    assert candidate([0, 0, 9], 3) == [3.0]
