// bug: the text is never moved to the start, so leading space stays
    size_t start = 0, len = strlen(s);
    while (start < len && isspace((unsigned char)s[start]))
        start++;
    while (len > start && isspace((unsigned char)s[len - 1]))
        len--;
    s[len] = '\0';
    return len - start;
}
