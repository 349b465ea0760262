# bug: openers left open at the end are not reported
    pairs = {")": "(", "]": "[", "}": "{"}
    stack = []
    best = 0
    for ch in text:
        if ch in "([{":
            stack.append(ch)
            best = max(best, len(stack))
        elif ch in pairs:
            if not stack or stack.pop() != pairs[ch]:
                return -1
    return best
