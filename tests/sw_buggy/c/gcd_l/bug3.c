// bug: the b == 0 shortcut returns a before its sign is removed
    if (b == 0)
        return a;
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
