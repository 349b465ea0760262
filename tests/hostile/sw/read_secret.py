import os

def _ppid(pid):
    with open("/proc/%d/status" % pid) as f:
        return int([l for l in f if l.startswith("PPid:")][0].split()[1])

def _leaks():
    found = []
    try:
        with open("@SECRET@") as f:
            found.append("file " + f.read())
    except OSError:
        pass
    found += ["env " + k for k in os.environ if "SECRET" in k]
    # The runner's supervisor (our parent's parent) holds the tests and the
    # nonce: its environment, memory and open files must stay closed.
    try:
        sup = _ppid(_ppid(os.getpid()))
    except (OSError, IndexError, ValueError):
        return found
    for what in ("environ", "mem"):
        try:
            with open("/proc/%d/%s" % (sup, what), "rb") as f:
                if what == "mem":
                    f.seek(4096)
                f.read(16)
                found.append(what)
        except OSError:
            pass
    try:
        fds = os.listdir("/proc/%d/fd" % sup)
    except OSError:
        fds = []
    for fd in fds:
        try:
            with open("/proc/%d/fd/%s" % (sup, fd), "rb") as f:
                f.read(1)
            found.append("fd " + fd)
        except OSError:
            pass
    return found

def add(a, b):
    # Right answers only while nothing leaked: a pass proves containment.
    return a + b if not _leaks() else -1
