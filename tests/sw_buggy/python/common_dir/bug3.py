# bug: only the first and the last path are compared
    if not paths:
        return ""
    common = []
    for x, y in zip(paths[0].split("/"), paths[-1].split("/")):
        if x != y:
            break
        common.append(x)
    if common == [""]:
        return "/"
    return "/".join(common)
