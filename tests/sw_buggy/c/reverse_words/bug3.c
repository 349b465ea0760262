// bug: reverses the letters of each word but not the order of the words
    size_t n = strlen(s), start = 0;
    for (size_t k = 0; k <= n; k++) {
        if (s[k] == ' ' || s[k] == '\0') {
            for (size_t i = start, j = k - 1; k > 0 && i < j; i++, j--) {
                char t = s[i];
                s[i] = s[j];
                s[j] = t;
            }
            start = k + 1;
        }
    }
}
