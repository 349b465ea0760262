# bug: parts with leading zeros are accepted
    parts = addr.split(".")
    if len(parts) != 4:
        return None
    n = 0
    for p in parts:
        if not p.isascii() or not p.isdigit():
            return None
        v = int(p)
        if v > 255:
            return None
        n = n * 256 + v
    return n
