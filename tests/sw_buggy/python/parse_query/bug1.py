# bug: "+" is not decoded to a space (unquote instead of unquote_plus)
    from urllib.parse import unquote
    out = {}
    if qs.startswith("?"):
        qs = qs[1:]
    for part in qs.split("&"):
        if not part:
            continue
        key, _, value = part.partition("=")
        out.setdefault(unquote(key), []).append(unquote(value))
    return out
