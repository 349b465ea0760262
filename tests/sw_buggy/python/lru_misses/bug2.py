# bug: evicts only when over capacity, so the cache holds capacity + 1 keys
    cache = OrderedDict()
    misses = 0
    for k in accesses:
        if k in cache:
            cache.move_to_end(k)
            continue
        misses += 1
        if capacity == 0:
            continue
        if len(cache) > capacity:
            cache.popitem(last=False)
        cache[k] = True
    return misses
