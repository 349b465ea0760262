// bug: uppercase hex digits are rejected
    int v = 0;
    for (int i = 0; i < 2; i++) {
        char c = s[i];
        int d;
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if (c >= 'a' && c <= 'f')
            d = c - 'a' + 10;
        else
            return -1;
        v = v * 16 + d;
    }
    return s[2] == '\0' ? v : -1;
}
