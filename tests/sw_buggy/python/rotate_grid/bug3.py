# bug: a whole number of turns returns the input itself, not a copy
    if k % 4 == 0:
        return grid
    g = [list(r) for r in grid]
    for _ in range(k % 4):
        g = [list(r) for r in zip(*g[::-1])]
    return g
