#@prompt
def median(values: list):
    """Return the median of a list of numbers, or None when the list is empty.
    With an even count the median is the mean of the two middle values (a
    float).  The list passed in is left unchanged.

    >>> median([3, 1, 2])
    2
    >>> median([4, 1, 3, 2])
    2.5
    """
#@solution
    if not values:
        return None
    s = sorted(values)
    mid = len(s) // 2
    if len(s) % 2:
        return s[mid]
    return (s[mid - 1] + s[mid]) / 2
#@test
def check(candidate):
    assert candidate([3, 1, 2]) == 2
    assert candidate([4, 1, 3, 2]) == 2.5
    assert candidate([]) is None
    assert candidate([7]) == 7
    assert candidate([1, 2]) == 1.5
    assert candidate([5, 5, 5, 5]) == 5.0
    assert candidate([-3, -1, -2, -10]) == -2.5
    assert candidate([10, 0, 0, 10, 5]) == 5
    assert candidate([0.5, 0.25]) == 0.375
    xs = [3, 1, 2]
    candidate(xs)
    assert xs == [3, 1, 2]
