# bug: the upper edge hi is excluded from the last bin
    counts = [0] * bins
    w = (hi - lo) / bins
    for v in values:
        if lo <= v < hi:
            i = min(int((v - lo) / w), bins - 1)
            counts[i] += 1
    return counts
