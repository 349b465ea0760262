x = [0] * (16 << 30)

def add(a, b):
    return a + b
