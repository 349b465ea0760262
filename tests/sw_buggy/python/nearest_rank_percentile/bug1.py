# bug: the rank is rounded instead of rounded up
    s = sorted(values)
    rank = round(p * len(s) / 100)
    return s[max(rank, 1) - 1]
