# bug: a negative k also turns clockwise (abs taken)
    g = [list(r) for r in grid]
    for _ in range(abs(k) % 4):
        g = [list(r) for r in zip(*g[::-1])]
    return g
