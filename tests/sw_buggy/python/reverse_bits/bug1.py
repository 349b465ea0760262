# bug: off by one in the target position (bit 0 lands on bit width)
    out = 0
    for i in range(width):
        if value >> i & 1:
            out |= 1 << (width - i)
    return out
