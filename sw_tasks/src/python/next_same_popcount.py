#@prompt
def next_same_popcount(n: int) -> int:
    """Return the smallest integer greater than n that has as many 1 bits as
    n has.  n is a positive integer (it may be larger than 64 bits).

    >>> next_same_popcount(6)
    9
    >>> next_same_popcount(1)
    2
    """
#@solution
    c = n & -n
    r = n + c
    return r | (((n ^ r) >> 2) // c)
#@test
def check(candidate):
    assert candidate(6) == 9
    assert candidate(1) == 2
    assert candidate(3) == 5
    assert candidate(5) == 6
    assert candidate(7) == 11
    assert candidate(12) == 17
    assert candidate(8) == 16
    assert candidate(23) == 27
    assert candidate(14) == 19
    assert candidate(255) == 383
    assert candidate(2 ** 12) == 2 ** 13
    assert candidate(2 ** 70 + 1) == 2 ** 70 + 2
