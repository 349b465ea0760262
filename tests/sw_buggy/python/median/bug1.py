# bug: an even count takes the upper middle value instead of the mean
    if not values:
        return None
    s = sorted(values)
    return s[len(s) // 2]
