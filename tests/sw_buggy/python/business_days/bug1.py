# bug: the end date is counted too
    a, b = date.fromisoformat(start), date.fromisoformat(end)
    n = 0
    while a <= b:
        if a.weekday() < 5:
            n += 1
        a += timedelta(days=1)
    return n
