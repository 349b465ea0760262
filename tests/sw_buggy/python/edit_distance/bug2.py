# bug: each row starts at 0 instead of i, so deleting a prefix of a is free
    prev = list(range(len(b) + 1))
    for ca in a:
        cur = [0]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]
