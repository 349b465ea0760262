# bug: groups are accepted in any order ("1m1h" is 3660)
    t = text.strip()
    if not t:
        raise ValueError(f"bad duration: {text!r}")
    mult = {"d": 86400, "h": 3600, "m": 60, "s": 1}
    parts = re.findall(r"(\d+)([dhms])", t)
    if "".join(n + u for n, u in parts) != t:
        raise ValueError(f"bad duration: {text!r}")
    return sum(int(n) * mult[u] for n, u in parts)
