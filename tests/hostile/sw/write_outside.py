def add(a, b):
    for p in ("@OUT@.open", "/tmp/veripref-sw-pwned2", "/etc/veripref-pwned"):
        try:
            with open(p, "w") as f:
                f.write("pwned")
        except OSError:
            pass
    return a + b
