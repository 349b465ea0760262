# bug: a FIFO queue instead of a min-heap, so the order is not the smallest
    from collections import deque
    indeg = [0] * n
    succ = [[] for _ in range(n)]
    for a, b in edges:
        succ[a].append(b)
        indeg[b] += 1
    ready = deque(v for v in range(n) if indeg[v] == 0)
    out = []
    while ready:
        v = ready.popleft()
        out.append(v)
        for w in succ[v]:
            indeg[w] -= 1
            if indeg[w] == 0:
                ready.append(w)
    return out if len(out) == n else None
