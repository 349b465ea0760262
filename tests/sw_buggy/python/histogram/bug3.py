# bug: the bin width is computed with integer division
    counts = [0] * bins
    w = (hi - lo) // bins
    for v in values:
        if lo <= v <= hi:
            i = min(int((v - lo) / w), bins - 1)
            counts[i] += 1
    return counts
