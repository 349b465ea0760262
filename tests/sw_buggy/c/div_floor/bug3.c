// bug: looks only at the sign of a, not at the sign of b
    int64_t q = a / b;
    if (a % b != 0 && a < 0)
        q--;
    return q;
}
