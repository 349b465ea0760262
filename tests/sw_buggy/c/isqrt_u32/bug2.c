// bug: the trial bit starts at an odd power of two (1 << 31)
    uint32_t r = 0, bit = 1u << 31;
    while (bit > n)
        bit >>= 2;
    while (bit) {
        if (n >= r + bit) {
            n -= r + bit;
            r = (r >> 1) + bit;
        } else {
            r >>= 1;
        }
        bit >>= 2;
    }
    return r;
}
