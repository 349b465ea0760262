# bug: shifts before folding, so the top bit is never taken
    n = 0
    while g:
        g >>= 1
        n ^= g
    return n
