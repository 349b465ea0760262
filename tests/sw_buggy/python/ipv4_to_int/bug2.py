# bug: parts are checked with int(), which accepts spaces and signs
    parts = addr.split(".")
    if len(parts) != 4:
        return None
    n = 0
    for p in parts:
        try:
            v = int(p)
        except ValueError:
            return None
        if (len(p) > 1 and p[0] == "0") or v < 0 or v > 255:
            return None
        n = n * 256 + v
    return n
