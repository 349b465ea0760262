import sys

def add(a, b):
    chunk = "x" * (1 << 20)
    for _ in range(200):
        sys.stdout.write(chunk)
        sys.stderr.write(chunk)
    return a + b
