# bug: the floor of p * n / 100 is used as a 0-based index
    s = sorted(values)
    return s[min(p * len(s) // 100, len(s) - 1)]
