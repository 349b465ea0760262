# bug: each quarter turn goes counter-clockwise
    g = [list(r) for r in grid]
    for _ in range(k % 4):
        g = [list(r) for r in zip(*g)][::-1]
    return g
