#@prompt
def gray_to_binary(g: int) -> int:
    """Decode a reflected binary Gray code: return the non-negative integer n
    whose Gray code n ^ (n >> 1) equals g.  g >= 0 and may have any number of
    bits.

    >>> gray_to_binary(0b110)
    4
    >>> gray_to_binary(0)
    0
    """
#@solution
    n = 0
    while g:
        n ^= g
        g >>= 1
    return n
#@test
def check(candidate):
    assert candidate(0b110) == 4
    assert candidate(0) == 0
    assert candidate(1) == 1
    assert candidate(3) == 2
    assert candidate(2) == 3
    assert candidate(7) == 5
    assert candidate(4) == 7
    assert candidate(12) == 8
    assert candidate(128) == 255
    assert candidate(540) == 1000
    assert candidate(1 << 63) == 2 ** 64 - 1
    assert all(candidate(n ^ (n >> 1)) == n for n in range(256))
