# bug: the moved-down ones are not shifted right by two
    c = n & -n
    r = n + c
    return r | ((n ^ r) // c)
