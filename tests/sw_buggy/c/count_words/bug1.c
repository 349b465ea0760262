// bug: counts the spaces plus one, so runs of spaces make extra words
    int n = 1;
    if (*s == '\0')
        return 0;
    for (; *s; s++)
        if (isspace((unsigned char)*s))
            n++;
    return n;
}
