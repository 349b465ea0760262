# bug: the last window is missed (range stops one short)
    return [sum(values[i:i + k]) / k for i in range(len(values) - k)]
