# bug: the last run is never flushed
    out = []
    prev, n = None, 0
    for ch in s:
        if ch == prev:
            n += 1
        else:
            if prev is not None:
                out.append((str(n) if n > 1 else "") + prev)
            prev, n = ch, 1
    return "".join(out)
