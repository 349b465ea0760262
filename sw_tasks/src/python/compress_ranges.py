#@prompt
def compress_ranges(nums: list) -> str:
    """Describe a list of integers as sorted, comma-separated ranges: a run of
    consecutive values becomes "first-last" and a value alone stays alone.
    Duplicates are ignored.  Negative numbers are written as they are, so
    -3, -2, -1 gives "-3--1".  An empty list gives "".

    >>> compress_ranges([5, 1, 2, 3, 7, 8])
    '1-3,5,7-8'
    >>> compress_ranges([4])
    '4'
    """
#@solution
    vals = sorted(set(nums))
    parts = []
    i = 0
    while i < len(vals):
        j = i
        while j + 1 < len(vals) and vals[j + 1] == vals[j] + 1:
            j += 1
        parts.append(str(vals[i]) if i == j else f"{vals[i]}-{vals[j]}")
        i = j + 1
    return ",".join(parts)
#@test
def check(candidate):
    assert candidate([5, 1, 2, 3, 7, 8]) == "1-3,5,7-8"
    assert candidate([4]) == "4"
    assert candidate([]) == ""
    assert candidate([1, 1, 2, 2]) == "1-2"
    assert candidate([-3, -2, -1, 1]) == "-3--1,1"
    assert candidate([10, 9, 8]) == "8-10"
    assert candidate([1, 3, 5]) == "1,3,5"
    assert candidate([0, 1]) == "0-1"
    assert candidate([-1, 0, 1]) == "-1-1"
    assert candidate([100, 2, 3, 4, 101, 50]) == "2-4,50,100-101"
