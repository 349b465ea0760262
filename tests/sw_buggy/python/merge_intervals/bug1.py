# bug: touching intervals ([1,2) and [2,3)) are not merged
    out = []
    for s, e in sorted((s, e) for s, e in intervals if s < e):
        if out and s < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out
