// bug: searches past equal elements and returns the last occurrence
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (a[mid] <= key)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (lo > 0 && a[lo - 1] == key) ? (long)(lo - 1) : -1;
}
