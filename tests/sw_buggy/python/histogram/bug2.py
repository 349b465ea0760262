# bug: values below lo are not rejected (int() truncates them into bin 0)
    counts = [0] * bins
    w = (hi - lo) / bins
    for v in values:
        if v <= hi:
            i = min(int((v - lo) / w), bins - 1)
            counts[i] += 1
    return counts
