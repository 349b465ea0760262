// bug: odd months get 31 days and even ones 30, wrong from August on
    if (month < 1 || month > 12)
        return 0;
    if (month == 2)
        return (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
    return month % 2 == 1 ? 31 : 30;
}
