#@prompt
def reverse_bits(value: int, width: int) -> int:
    """Reverse the order of the low `width` bits of a non-negative value: bit 0
    becomes bit width-1 and so on.  Bits at or above `width` are discarded.
    width >= 0.

    >>> reverse_bits(0b0011, 4)
    12
    >>> reverse_bits(1, 8)
    128
    """
#@solution
    out = 0
    for i in range(width):
        if value >> i & 1:
            out |= 1 << (width - 1 - i)
    return out
#@test
def check(candidate):
    assert candidate(0b0011, 4) == 12
    assert candidate(1, 8) == 128
    assert candidate(0, 0) == 0
    assert candidate(5, 0) == 0
    assert candidate(0b1011, 4) == 13
    assert candidate(0x0F, 8) == 0xF0
    assert candidate(0x1FF, 8) == 0xFF
    assert candidate(0b100, 3) == 1
    assert candidate(1, 1) == 1
    assert candidate(0xDEADBEEF, 32) == 0xF77DB57B
    assert candidate(6, 2) == 1
