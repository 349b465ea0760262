// bug: the century corrections are missing (Julian leap rule)
    static const int t[12] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
    if (month < 3)
        year -= 1;
    return (year + year / 4 + t[month - 1] + day) % 7;
}
