// bug: the running sum resets to 0, so an all-negative array gives 0
    long long best = 0, cur = 0;
    for (size_t i = 0; i < n; i++) {
        cur = cur + a[i] > 0 ? cur + a[i] : 0;
        if (cur > best)
            best = cur;
    }
    return best;
}
