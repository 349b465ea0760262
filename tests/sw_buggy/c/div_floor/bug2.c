// bug: steps down whenever the signs differ, even for an exact division
    int64_t q = a / b;
    if ((a < 0) != (b < 0))
        q--;
    return q;
}
