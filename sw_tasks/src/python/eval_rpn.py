#@prompt
def eval_rpn(tokens: list) -> int:
    """Evaluate integer arithmetic written in reverse Polish notation.  Each
    token is an integer (possibly negative, such as "-3") or one of the
    operators + - * /.  Division truncates toward zero, as in C.  The input is
    a valid expression and never divides by zero.

    >>> eval_rpn(["2", "3", "+", "4", "*"])
    20
    >>> eval_rpn(["-7", "2", "/"])
    -3
    """
#@solution
    stack = []
    for t in tokens:
        if t in ("+", "-", "*", "/"):
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
        else:
            stack.append(int(t))
    return stack[-1]
#@test
def check(candidate):
    assert candidate(["2", "3", "+", "4", "*"]) == 20
    assert candidate(["-7", "2", "/"]) == -3
    assert candidate(["7", "-2", "/"]) == -3
    assert candidate(["-7", "-2", "/"]) == 3
    assert candidate(["7", "2", "/"]) == 3
    assert candidate(["5", "8", "-"]) == -3
    assert candidate(["42"]) == 42
    assert candidate(["-5"]) == -5
    assert candidate(["1", "2", "3", "*", "+"]) == 7
    assert candidate(["10", "3", "-", "2", "/"]) == 3
    assert candidate(["6", "-4", "*"]) == -24
    assert candidate(["0", "-5", "/"]) == 0
    assert candidate(["4", "13", "5", "/", "+"]) == 6
