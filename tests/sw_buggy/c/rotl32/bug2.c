// bug: the count is reduced modulo 31 instead of 32
    n %= 31;
    if (n == 0)
        return x;
    return (x << n) | (x >> (32 - n));
}
