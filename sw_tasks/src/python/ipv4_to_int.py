#@prompt
def ipv4_to_int(addr: str):
    """Parse a dotted-quad IPv4 address into its 32-bit integer value, or
    return None when the text is not one: it must be exactly four parts
    separated by ".", each made only of ASCII digits, with a value from 0 to
    255 and no leading zero (a lone "0" is fine).

    >>> ipv4_to_int("192.168.1.1")
    3232235777
    >>> ipv4_to_int("1.2.3.04") is None
    True
    """
#@solution
    parts = addr.split(".")
    if len(parts) != 4:
        return None
    n = 0
    for p in parts:
        if not p.isascii() or not p.isdigit() or (len(p) > 1 and p[0] == "0"):
            return None
        v = int(p)
        if v > 255:
            return None
        n = n * 256 + v
    return n
#@test
def check(candidate):
    assert candidate("192.168.1.1") == 3232235777
    assert candidate("1.2.3.04") is None
    assert candidate("0.0.0.0") == 0
    assert candidate("255.255.255.255") == 4294967295
    assert candidate("256.1.1.1") is None
    assert candidate("1.2.3") is None
    assert candidate("1.2.3.4.5") is None
    assert candidate("1..3.4") is None
    assert candidate("10.0.0.1") == 167772161
    assert candidate(" 1.2.3.4") is None
    assert candidate("1.2.3.+4") is None
    assert candidate("127.0.0.1") == 2130706433
    assert candidate("1.2.3.-0") is None
