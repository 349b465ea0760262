# bug: numbers recognised with isdigit(), so "-7" is taken for an operator
    stack = []
    for t in tokens:
        if t.isdigit():
            stack.append(int(t))
            continue
        b = stack.pop()
        a = stack.pop()
        if t == "+":
            stack.append(a + b)
        elif t == "-":
            stack.append(a - b)
        elif t == "*":
            stack.append(a * b)
        else:
            q = abs(a) // abs(b)
            stack.append(q if (a >= 0) == (b >= 0) else -q)
    return stack[-1]
