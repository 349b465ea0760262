# bug: greedy, largest coin first, which is not optimal for every coin set
    n = 0
    for c in sorted(coins, reverse=True):
        n += amount // c
        amount %= c
    return n if amount == 0 else -1
