// bug: no saturation, the value wraps around in unsigned arithmetic
    unsigned v = 0;
    int neg = 0;
    while (isspace((unsigned char)*s))
        s++;
    if (*s == '+' || *s == '-') {
        neg = *s == '-';
        s++;
    }
    while (isdigit((unsigned char)*s)) {
        v = v * 10u + (unsigned)(*s - '0');
        s++;
    }
    return neg ? (int)(0u - v) : (int)v;
}
