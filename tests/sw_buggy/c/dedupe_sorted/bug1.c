// bug: an empty array reports one element
    size_t w = 1;
    for (size_t i = 1; i < n; i++)
        if (a[i] != a[w - 1])
            a[w++] = a[i];
    return w;
}
