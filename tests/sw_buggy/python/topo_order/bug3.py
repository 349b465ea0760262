# bug: successors kept in a set but in-degrees count repeated edges
    indeg = [0] * n
    succ = [set() for _ in range(n)]
    for a, b in edges:
        succ[a].add(b)
        indeg[b] += 1
    ready = [v for v in range(n) if indeg[v] == 0]
    heapq.heapify(ready)
    out = []
    while ready:
        v = heapq.heappop(ready)
        out.append(v)
        for w in sorted(succ[v]):
            indeg[w] -= 1
            if indeg[w] == 0:
                heapq.heappush(ready, w)
    return out if len(out) == n else None
