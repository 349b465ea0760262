# bug: Saturday (weekday 5) counts as a business day
    a, b = date.fromisoformat(start), date.fromisoformat(end)
    n = 0
    while a < b:
        if a.weekday() <= 5:
            n += 1
        a += timedelta(days=1)
    return n
