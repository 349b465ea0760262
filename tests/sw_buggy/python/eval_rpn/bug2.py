# bug: operands popped in the wrong order (b - a, b / a)
    stack = []
    for t in tokens:
        if t in ("+", "-", "*", "/"):
            a = stack.pop()
            b = stack.pop()
            if t == "+":
                stack.append(a + b)
            elif t == "-":
                stack.append(a - b)
            elif t == "*":
                stack.append(a * b)
            else:
                q = abs(a) // abs(b)
                stack.append(q if (a >= 0) == (b >= 0) else -q)
        else:
            stack.append(int(t))
    return stack[-1]
