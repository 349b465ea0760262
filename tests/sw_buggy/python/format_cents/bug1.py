# bug: divmod of the signed amount floors, so -5 becomes -$1.95
    sign = "-" if cents < 0 else ""
    dollars, rest = divmod(cents, 100)
    return f"{sign}${abs(dollars):,}.{rest:02d}"
