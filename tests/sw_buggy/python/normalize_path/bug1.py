# bug: ".." also cancels a kept ".." ("../.." collapses)
    absolute = path.startswith("/")
    out = []
    for c in path.split("/"):
        if c in ("", "."):
            continue
        if c == "..":
            if out:
                out.pop()
            elif not absolute:
                out.append("..")
        else:
            out.append(c)
    s = "/".join(out)
    if absolute:
        return "/" + s
    return s or "."
