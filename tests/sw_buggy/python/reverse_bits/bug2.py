# bug: reverses the binary string without padding it to width
    if value == 0:
        return 0
    return int(bin(value)[2:][::-1], 2)
