def add(a, b):
    x = bytearray(64 << 30)
    return a + b
