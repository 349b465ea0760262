// bug: counts the distinct values but never moves them forward
    size_t w = 1;
    if (n == 0)
        return 0;
    for (size_t i = 1; i < n; i++)
        if (a[i] != a[i - 1])
            w++;
    return w;
}
