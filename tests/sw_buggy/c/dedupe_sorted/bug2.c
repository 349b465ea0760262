// bug: compares each element with the next one and never keeps the last
    size_t w = 0;
    for (size_t i = 0; i + 1 < n; i++)
        if (a[i] != a[i + 1])
            a[w++] = a[i];
    return w;
}
