# bug: a value holding "=" is cut at its second "="
    out = {}
    if qs.startswith("?"):
        qs = qs[1:]
    for part in qs.split("&"):
        if not part:
            continue
        pieces = part.split("=")
        key = pieces[0]
        value = pieces[1] if len(pieces) > 1 else ""
        out.setdefault(unquote_plus(key), []).append(unquote_plus(value))
    return out
