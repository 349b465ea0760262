// bug: finds the smallest r with r * r >= n, the ceiling for non-squares
    uint64_t lo = 0, hi = 65536;
    while (lo < hi) {
        uint64_t mid = (lo + hi) / 2;
        if (mid * mid < n)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (uint32_t)lo;
}
