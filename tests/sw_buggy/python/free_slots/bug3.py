# bug: the busy intervals are walked in input order, not sorted
    gaps = []
    cur = lo
    for s, e in busy:
        if cur >= hi:
            break
        if s > cur:
            gaps.append((cur, min(s, hi)))
        cur = max(cur, e)
    if cur < hi:
        gaps.append((cur, hi))
    return gaps
