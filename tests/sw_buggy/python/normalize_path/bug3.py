# bug: ".." at the root of an absolute path is kept ("/.." stays)
    absolute = path.startswith("/")
    out = []
    for c in path.split("/"):
        if c in ("", "."):
            continue
        if c == "..":
            if out and out[-1] != "..":
                out.pop()
            else:
                out.append("..")
        else:
            out.append(c)
    s = "/".join(out)
    if absolute:
        return "/" + s
    return s or "."
