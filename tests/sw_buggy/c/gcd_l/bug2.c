// bug: a zero argument returns 0 instead of the other value
    if (a == 0 || b == 0)
        return 0;
    if (a < 0)
        a = -a;
    if (b < 0)
        b = -b;
    while (b != 0) {
        long t = a % b;
        a = b;
        b = t;
    }
    return a;
}
