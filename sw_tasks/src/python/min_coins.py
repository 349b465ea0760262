#@prompt
def min_coins(amount: int, coins: list) -> int:
    """Return the fewest coins that add up to amount (>= 0), using as many of
    each coin value (positive integers) as needed, or -1 when no combination
    adds up to it.  An amount of 0 needs no coin.

    >>> min_coins(11, [1, 2, 5])
    3
    >>> min_coins(3, [2])
    -1
    """
#@solution
    inf = amount + 1
    best = [0] + [inf] * amount
    for a in range(1, amount + 1):
        for c in coins:
            if c <= a and best[a - c] + 1 < best[a]:
                best[a] = best[a - c] + 1
    return best[amount] if best[amount] != inf else -1
#@test
def check(candidate):
    assert candidate(11, [1, 2, 5]) == 3
    assert candidate(3, [2]) == -1
    assert candidate(0, [1]) == 0
    assert candidate(0, []) == 0
    assert candidate(7, []) == -1
    assert candidate(6, [1, 3, 4]) == 2
    assert candidate(12, [1, 6, 10]) == 2
    assert candidate(7, [2, 4]) == -1
    assert candidate(100, [1, 5, 10, 25]) == 4
    assert candidate(13, [5, 3]) == 3
    assert candidate(1, [2, 3]) == -1
