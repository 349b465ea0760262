// bug: rotates right instead of left
    n &= 31;
    if (n == 0)
        return x;
    return (x >> n) | (x << (32 - n));
}
