# bug: the text is not lowercased, so "Apple" and "apple" differ
    counts = {}
    for w in re.findall(r"[A-Za-z]+", text):
        counts[w] = counts.get(w, 0) + 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:k]
