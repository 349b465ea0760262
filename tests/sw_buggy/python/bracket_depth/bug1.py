# bug: one counter for all kinds, so a closer of the wrong kind is accepted
    depth = best = 0
    for ch in text:
        if ch in "([{":
            depth += 1
            best = max(best, depth)
        elif ch in ")]}":
            depth -= 1
            if depth < 0:
                return -1
    return -1 if depth else best
