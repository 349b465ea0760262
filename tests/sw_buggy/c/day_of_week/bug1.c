// bug: January and February are not counted in the previous year
    static const int t[12] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
    return (year + year / 4 - year / 100 + year / 400 + t[month - 1] + day) % 7;
}
