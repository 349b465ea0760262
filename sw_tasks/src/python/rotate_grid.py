#@prompt
def rotate_grid(grid: list, k: int) -> list:
    """Rotate a rectangular grid (a list of rows, each a list) by k quarter
    turns clockwise; a negative k turns counter-clockwise.  Return a new grid
    made of new lists, leaving the input unchanged.

    >>> rotate_grid([[1, 2], [3, 4]], 1)
    [[3, 1], [4, 2]]
    >>> rotate_grid([[1, 2, 3]], -1)
    [[3], [2], [1]]
    """
#@solution
    g = [list(r) for r in grid]
    for _ in range(k % 4):
        g = [list(r) for r in zip(*g[::-1])]
    return g
#@test
def check(candidate):
    sq = [[1, 2], [3, 4]]
    assert candidate(sq, 1) == [[3, 1], [4, 2]]
    assert candidate([[1, 2, 3]], -1) == [[3], [2], [1]]
    assert candidate([[1, 2, 3]], 1) == [[1], [2], [3]]
    assert candidate(sq, 2) == [[4, 3], [2, 1]]
    assert candidate(sq, 0) == [[1, 2], [3, 4]]
    assert candidate(sq, 4) == [[1, 2], [3, 4]]
    assert candidate(sq, -1) == [[2, 4], [1, 3]]
    assert candidate(sq, 7) == [[2, 4], [1, 3]]
    assert candidate([[1, 2, 3], [4, 5, 6]], 1) == [[4, 1], [5, 2], [6, 3]]
    assert candidate([], 3) == []
    r = candidate(sq, 0)
    r[0][0] = 99
    assert sq == [[1, 2], [3, 4]]
