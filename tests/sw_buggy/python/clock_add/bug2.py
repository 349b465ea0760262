# bug: off by one in the day length, wraps modulo 1439 minutes
    h, m = map(int, time.split(":"))
    t = (h * 60 + m + minutes) % 1439
    return f"{t // 60:02d}:{t % 60:02d}"
