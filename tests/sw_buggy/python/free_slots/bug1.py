# bug: the covered point jumps to each interval's end, even backwards
    gaps = []
    cur = lo
    for s, e in sorted(busy):
        if cur >= hi:
            break
        if s > cur:
            gaps.append((cur, min(s, hi)))
        cur = e
    if cur < hi:
        gaps.append((cur, hi))
    return gaps
