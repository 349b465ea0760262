# bug: encodes instead of decoding (g ^ (g >> 1))
    return g ^ (g >> 1)
