// bug: off by one in the right shift, the wrapped bits land one place low
    n &= 31;
    if (n == 0)
        return x;
    return (x << n) | (x >> (31 - n));
}
