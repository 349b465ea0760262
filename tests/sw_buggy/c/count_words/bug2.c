// bug: counts only words preceded by white space, missing a word at the start
    int n = 0, prev_space = 0;
    for (; *s; s++) {
        int sp = isspace((unsigned char)*s) != 0;
        if (prev_space && !sp)
            n++;
        prev_space = sp;
    }
    return n;
}
