# bug: integer division truncates the means
    if k > len(values):
        return []
    total = sum(values[:k])
    out = [total // k]
    for i in range(k, len(values)):
        total += values[i] - values[i - k]
        out.append(total // k)
    return out
