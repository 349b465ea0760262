// bug: clamps to INT_MAX before applying the sign, so INT_MIN is unreachable
    long long v = 0;
    int neg = 0;
    while (isspace((unsigned char)*s))
        s++;
    if (*s == '+' || *s == '-') {
        neg = *s == '-';
        s++;
    }
    while (isdigit((unsigned char)*s)) {
        v = v * 10 + (*s - '0');
        if (v > INT_MAX)
            v = INT_MAX;
        s++;
    }
    return (int)(neg ? -v : v);
}
