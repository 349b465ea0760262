# bug: decodes the whole string before splitting, so %26 splits a pair
    out = {}
    qs = unquote_plus(qs)
    if qs.startswith("?"):
        qs = qs[1:]
    for part in qs.split("&"):
        if not part:
            continue
        key, _, value = part.partition("=")
        out.setdefault(key, []).append(value)
    return out
