# bug: every capital starts a new word, so acronyms are split letter by letter
    return re.sub(r"([A-Z])", r"_\1", name).lower().lstrip("_")
