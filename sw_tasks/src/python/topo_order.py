#@prompt
import heapq


def topo_order(n: int, edges: list):
    """Order the nodes 0..n-1 so that for every edge (a, b) node a comes
    before node b, and return the lexicographically smallest such order as a
    list.  Edges may repeat.  Return None when the edges contain a cycle.

    >>> topo_order(3, [(2, 0)])
    [1, 2, 0]
    >>> topo_order(2, [(0, 1), (1, 0)]) is None
    True
    """
#@solution
    indeg = [0] * n
    succ = [[] for _ in range(n)]
    for a, b in edges:
        succ[a].append(b)
        indeg[b] += 1
    ready = [v for v in range(n) if indeg[v] == 0]
    heapq.heapify(ready)
    out = []
    while ready:
        v = heapq.heappop(ready)
        out.append(v)
        for w in succ[v]:
            indeg[w] -= 1
            if indeg[w] == 0:
                heapq.heappush(ready, w)
    return out if len(out) == n else None
#@test
def check(candidate):
    assert candidate(3, [(2, 0)]) == [1, 2, 0]
    assert candidate(2, [(0, 1), (1, 0)]) is None
    assert candidate(0, []) == []
    assert candidate(3, []) == [0, 1, 2]
    assert candidate(4, [(3, 2), (2, 1), (1, 0)]) == [3, 2, 1, 0]
    assert candidate(1, [(0, 0)]) is None
    assert candidate(5, [(0, 3), (1, 3), (3, 4), (2, 4)]) == [0, 1, 2, 3, 4]
    assert candidate(4, [(1, 0), (1, 0)]) == [1, 0, 2, 3]
    assert candidate(4, [(3, 1), (2, 1)]) == [0, 2, 3, 1]
    assert candidate(3, [(0, 1), (1, 2), (2, 1)]) is None
