# bug: missing parts are not padded with zeros ("2.0" is newer than "2")
    pa = [int(x) for x in a.split(".")]
    pb = [int(x) for x in b.split(".")]
    return (pa > pb) - (pa < pb)
