// bug: signs are not removed, C's % keeps them and the result can be negative
    while (b != 0) {
        long t = a % b;
        a = b;
        b = t;
    }
    return a;
}
