# bug: parts compared as strings, so "10" sorts before "9"
    pa = a.split(".")
    pb = b.split(".")
    n = max(len(pa), len(pb))
    pa += ["0"] * (n - len(pa))
    pb += ["0"] * (n - len(pb))
    return (pa > pb) - (pa < pb)
