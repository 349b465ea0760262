import os

def add(a, b):
    # @OUT@ is replaced by the test with a path in its own directory.
    os.system("touch @OUT@.system; touch /tmp/veripref-sw-pwned")
    return a + b
