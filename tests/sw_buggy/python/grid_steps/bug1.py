# bug: only right and down moves are tried (paths that turn back are missed)
    rows, cols = len(grid), len(grid[0])
    INF = float("inf")
    best = [[INF] * cols for _ in range(rows)]
    for r in range(rows):
        for c in range(cols):
            if grid[r][c] == "#":
                continue
            if r == 0 and c == 0:
                best[r][c] = 0
                continue
            up = best[r - 1][c] if r > 0 else INF
            left = best[r][c - 1] if c > 0 else INF
            best[r][c] = min(up, left) + 1
    d = best[rows - 1][cols - 1]
    return -1 if d == INF else d
