// bug: every year divisible by 4 is a leap year
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12)
        return 0;
    if (month == 2 && year % 4 == 0)
        return 29;
    return days[month - 1];
}
