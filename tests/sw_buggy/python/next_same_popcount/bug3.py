# bug: the search starts at n itself, so n is returned
    want = bin(n).count("1")
    m = n
    while bin(m).count("1") != want:
        m += 1
    return m
