# bug: bits above width are kept (format pads but never truncates)
    if width == 0:
        return 0
    return int(format(value, f"0{width}b")[::-1], 2)
