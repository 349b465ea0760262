#@prompt
from collections import OrderedDict


def lru_misses(capacity: int, accesses: list) -> int:
    """Simulate a least-recently-used cache that holds at most `capacity` keys
    and return how many of the accesses miss.  A hit makes its key the most
    recently used; a miss inserts the key, first evicting the least recently
    used one when the cache is full.  With capacity 0 every access misses.

    >>> lru_misses(2, ["a", "b", "a", "c", "b"])
    4
    >>> lru_misses(0, ["a", "a"])
    2
    """
#@solution
    cache = OrderedDict()
    misses = 0
    for k in accesses:
        if k in cache:
            cache.move_to_end(k)
            continue
        misses += 1
        if capacity == 0:
            continue
        if len(cache) >= capacity:
            cache.popitem(last=False)
        cache[k] = True
    return misses
#@test
def check(candidate):
    assert candidate(2, ["a", "b", "a", "c", "b"]) == 4
    assert candidate(0, ["a", "a"]) == 2
    assert candidate(0, ["a", "a", "a"]) == 3
    assert candidate(1, ["a", "a", "b", "b", "a"]) == 3
    assert candidate(3, []) == 0
    assert candidate(3, [1, 2, 3, 1, 2, 3]) == 3
    assert candidate(2, [1, 2, 3, 1, 2, 3]) == 6
    assert candidate(2, [1, 2, 1, 3, 1, 2]) == 4
    assert candidate(10, list("abcabc")) == 3
    assert candidate(2, ["x"] * 5) == 1
