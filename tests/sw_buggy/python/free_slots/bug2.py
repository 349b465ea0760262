# bug: a gap is not clipped at the end of the window
    gaps = []
    cur = lo
    for s, e in sorted(busy):
        if cur >= hi:
            break
        if s > cur:
            gaps.append((cur, s))
        cur = max(cur, e)
    if cur < hi:
        gaps.append((cur, hi))
    return gaps
