// bug: the last word is not turned back (only spaces end a word)
    size_t n = strlen(s), start = 0;
    if (n == 0)
        return;
    for (size_t i = 0, j = n - 1; i < j; i++, j--) {
        char t = s[i];
        s[i] = s[j];
        s[j] = t;
    }
    for (size_t k = 0; k < n; k++) {
        if (s[k] == ' ') {
            for (size_t i = start, j = k - 1; i < j; i++, j--) {
                char t = s[i];
                s[i] = s[j];
                s[j] = t;
            }
            start = k + 1;
        }
    }
}
