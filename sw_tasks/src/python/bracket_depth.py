#@prompt
def bracket_depth(text: str) -> int:
    """Return the deepest nesting of the brackets (), [] and {} in text; other
    characters are ignored.  Return -1 when the brackets are not balanced: a
    closer with no opener, a closer of the wrong kind, or an opener left open.

    >>> bracket_depth("a(b[c]{d})")
    2
    >>> bracket_depth("(]")
    -1
    """
#@solution
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
    return -1 if stack else best
#@test
def check(candidate):
    assert candidate("a(b[c]{d})") == 2
    assert candidate("(]") == -1
    assert candidate("") == 0
    assert candidate("no brackets") == 0
    assert candidate("()()()") == 1
    assert candidate("((()))") == 3
    assert candidate("([{}])") == 3
    assert candidate("(()") == -1
    assert candidate(")(") == -1
    assert candidate("{[}]") == -1
    assert candidate("x)") == -1
    assert candidate("[](){}[[]]") == 2
