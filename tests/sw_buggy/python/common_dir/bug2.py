# bug: a shared root alone gives "" instead of "/"
    if not paths:
        return ""
    parts = [p.split("/") for p in paths]
    common = []
    for comps in zip(*parts):
        if all(c == comps[0] for c in comps):
            common.append(comps[0])
        else:
            break
    return "/".join(common)
