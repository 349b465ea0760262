# bug: the end of an acronym is not split from the next word
    return re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name).lower()
