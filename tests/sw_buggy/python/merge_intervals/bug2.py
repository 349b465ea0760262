# bug: a merged interval takes the later end, even when it is contained
    out = []
    for s, e in sorted((s, e) for s, e in intervals if s < e):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out
