# bug: the hour is not zero-padded
    h, m = map(int, time.split(":"))
    t = (h * 60 + m + minutes) % 1440
    return f"{t // 60}:{t % 60:02d}"
