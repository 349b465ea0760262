# bug: depth measured before the push, one too small
    pairs = {")": "(", "]": "[", "}": "{"}
    stack = []
    best = 0
    for ch in text:
        if ch in "([{":
            best = max(best, len(stack))
            stack.append(ch)
        elif ch in pairs:
            if not stack or stack.pop() != pairs[ch]:
                return -1
    return -1 if stack else best
