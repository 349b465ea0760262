# bug: intervals are merged in input order, without sorting them first
    out = []
    for s, e in intervals:
        if s >= e:
            continue
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out
