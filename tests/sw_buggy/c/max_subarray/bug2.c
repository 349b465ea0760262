// bug: the best sum is kept in an int, so a sum beyond INT_MAX wraps
    long long cur;
    int best;
    if (n == 0)
        return 0;
    best = a[0];
    cur = a[0];
    for (size_t i = 1; i < n; i++) {
        cur = cur > 0 ? cur + a[i] : a[i];
        if (cur > best)
            best = (int)cur;
    }
    return best;
}
