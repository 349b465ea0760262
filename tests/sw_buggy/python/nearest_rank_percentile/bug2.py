# bug: p = 0 gives rank 0, which indexes the largest value
    s = sorted(values)
    rank = (p * len(s) + 99) // 100
    return s[rank - 1]
