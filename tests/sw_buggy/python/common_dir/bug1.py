# bug: common prefix taken character by character, cutting inside a name
    if not paths:
        return ""
    first = paths[0]
    n = len(first)
    for p in paths[1:]:
        k = 0
        while k < min(n, len(p)) and p[k] == first[k]:
            k += 1
        n = k
    return first[:n].rstrip("/") if n < len(first) else first
