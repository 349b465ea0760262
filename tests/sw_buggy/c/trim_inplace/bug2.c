// bug: only the space character is trimmed, not tabs or newlines
    size_t start = 0, len = strlen(s);
    while (start < len && s[start] == ' ')
        start++;
    while (len > start && s[len - 1] == ' ')
        len--;
    memmove(s, s + start, len - start);
    s[len - start] = '\0';
    return len - start;
}
