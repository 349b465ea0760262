// bug: binary search whose mid * mid overflows 32 bits for large n
    uint32_t lo = 0, hi = n / 2 + 1;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo + 1) / 2;
        if (mid * mid <= n)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}
