# bug: runs longer than 9 are split into single-digit chunks ("9x3x")
    out = []
    i = 0
    while i < len(s):
        j = i
        while j < len(s) and s[j] == s[i] and j - i < 9:
            j += 1
        n = j - i
        out.append((str(n) if n > 1 else "") + s[i])
        i = j
    return "".join(out)
