# bug: with capacity 0 the cache still keeps the last key
    cache = OrderedDict()
    misses = 0
    for k in accesses:
        if k in cache:
            cache.move_to_end(k)
            continue
        misses += 1
        if cache and len(cache) >= capacity:
            cache.popitem(last=False)
        cache[k] = True
    return misses
