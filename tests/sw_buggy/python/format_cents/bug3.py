# bug: the sign is taken from the truncated dollars, lost under one dollar
    dollars = int(cents / 100)
    rest = abs(cents) % 100
    sign = "-" if dollars < 0 else ""
    return f"{sign}${abs(dollars):,}.{rest:02d}"
