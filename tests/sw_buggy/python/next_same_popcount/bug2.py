# bug: n & (n - 1) clears the lowest set bit instead of isolating it
    c = n & (n - 1)
    r = n + c
    return r | (((n ^ r) >> 2) // c)
