// bug: off by one, the last element is never considered
    long long best, cur;
    if (n == 0)
        return 0;
    best = cur = a[0];
    for (size_t i = 1; i + 1 < n; i++) {
        cur = cur > 0 ? cur + a[i] : a[i];
        if (cur > best)
            best = cur;
    }
    return best;
}
