# bug: only folds shifts up to 7, so codes wider than 8 bits decode wrong
    n = g
    for shift in range(1, 8):
        n ^= g >> shift
    return n
