#@prompt
def to_base(n: int, base: int) -> str:
    """Write the integer n in the given base, 2 to 36, with the digits 0-9
    then lowercase a-z, no leading zeros, and a leading "-" when n is
    negative.

    >>> to_base(255, 16)
    'ff'
    >>> to_base(-10, 2)
    '-1010'
    """
#@solution
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    if n == 0:
        return "0"
    sign = "-" if n < 0 else ""
    n = abs(n)
    out = []
    while n:
        n, r = divmod(n, base)
        out.append(digits[r])
    return sign + "".join(reversed(out))
#@test
def check(candidate):
    assert candidate(255, 16) == "ff"
    assert candidate(-10, 2) == "-1010"
    assert candidate(0, 7) == "0"
    assert candidate(35, 36) == "z"
    assert candidate(36, 36) == "10"
    assert candidate(8, 8) == "10"
    assert candidate(7, 8) == "7"
    assert candidate(-255, 16) == "-ff"
    assert candidate(1000, 10) == "1000"
    assert candidate(5, 2) == "101"
    assert candidate(2 ** 64, 16) == "1" + "0" * 16
    assert candidate(-1, 3) == "-1"
    assert candidate(100, 3) == "10201"
