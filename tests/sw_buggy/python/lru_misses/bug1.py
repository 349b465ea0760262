# bug: a hit does not refresh the key, so the cache evicts first-in first-out
    cache = OrderedDict()
    misses = 0
    for k in accesses:
        if k in cache:
            continue
        misses += 1
        if capacity == 0:
            continue
        if len(cache) >= capacity:
            cache.popitem(last=False)
        cache[k] = True
    return misses
