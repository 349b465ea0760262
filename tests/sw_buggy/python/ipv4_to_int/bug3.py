# bug: off by one in the range check, 255 is rejected
    parts = addr.split(".")
    if len(parts) != 4:
        return None
    n = 0
    for p in parts:
        if not p.isascii() or not p.isdigit() or (len(p) > 1 and p[0] == "0"):
            return None
        v = int(p)
        if v >= 255:
            return None
        n = n * 256 + v
    return n
