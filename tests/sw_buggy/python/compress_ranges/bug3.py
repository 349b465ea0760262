# bug: the last run is never written out
    vals = sorted(set(nums))
    parts = []
    start = prev = None
    for v in vals:
        if prev is not None and v == prev + 1:
            prev = v
            continue
        if start is not None:
            parts.append(str(start) if start == prev else f"{start}-{prev}")
        start = prev = v
    return ",".join(parts)
