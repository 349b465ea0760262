#@prompt
from collections import deque


def grid_steps(grid: list) -> int:
    """grid is a non-empty list of equal-length strings where "." is open and
    "#" is a wall.  Return the fewest moves (up, down, left or right, one cell
    each) from the top-left cell to the bottom-right cell, or -1 when there is
    no path or either of those cells is a wall.  A 1x1 open grid needs 0 moves.

    >>> grid_steps(["..", ".."])
    2
    >>> grid_steps([".#", "#."])
    -1
    """
#@solution
    rows, cols = len(grid), len(grid[0])
    if grid[0][0] == "#" or grid[rows - 1][cols - 1] == "#":
        return -1
    dist = {(0, 0): 0}
    q = deque([(0, 0)])
    while q:
        r, c = q.popleft()
        if (r, c) == (rows - 1, cols - 1):
            return dist[(r, c)]
        for dr, dc in ((1, 0), (-1, 0), (0, 1), (0, -1)):
            nr, nc = r + dr, c + dc
            if 0 <= nr < rows and 0 <= nc < cols and grid[nr][nc] == "." and (nr, nc) not in dist:
                dist[(nr, nc)] = dist[(r, c)] + 1
                q.append((nr, nc))
    return -1
#@test
def check(candidate):
    assert candidate(["..", ".."]) == 2
    assert candidate([".#", "#."]) == -1
    assert candidate(["."]) == 0
    assert candidate(["#"]) == -1
    assert candidate(["..#", "#..", "#.."]) == 4
    assert candidate(["....", "###.", "....", ".###", "...."]) == 13
    assert candidate(["...", "...", "..#"]) == -1
    assert candidate(["....."]) == 4
    assert candidate([".", ".", "."]) == 2
    assert candidate(["...", ".#.", "..."]) == 4
    assert candidate([".#...", ".#.#.", "...#."]) == 10
    assert candidate(["#..", "...", "..."]) == -1
