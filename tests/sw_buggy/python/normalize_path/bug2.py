# bug: leading ".." of a relative path are dropped as if at a root
    absolute = path.startswith("/")
    out = []
    for c in path.split("/"):
        if c in ("", "."):
            continue
        if c == "..":
            if out:
                out.pop()
        else:
            out.append(c)
    s = "/".join(out)
    if absolute:
        return "/" + s
    return s or "."
