# bug: minutes wrap without carrying into the hour
    h, m = map(int, time.split(":"))
    m2 = (m + minutes) % 60
    h2 = (h + minutes // 60) % 24
    return f"{h2:02d}:{m2:02d}"
