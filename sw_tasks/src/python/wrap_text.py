#@prompt
def wrap_text(text: str, width: int) -> list:
    """Greedy word wrap.  Split text into words at any whitespace and fill
    lines of at most width characters, words separated by one space; a word
    longer than width sits alone on its own line, unbroken.  Return the lines
    ([] when text has no words).

    >>> wrap_text("the quick brown fox", 10)
    ['the quick', 'brown fox']
    >>> wrap_text("hello", 3)
    ['hello']
    """
#@solution
    lines = []
    cur = ""
    for w in text.split():
        if not cur:
            cur = w
        elif len(cur) + 1 + len(w) <= width:
            cur += " " + w
        else:
            lines.append(cur)
            cur = w
    if cur:
        lines.append(cur)
    return lines
#@test
def check(candidate):
    assert candidate("the quick brown fox", 10) == ["the quick", "brown fox"]
    assert candidate("hello", 3) == ["hello"]
    assert candidate("", 5) == []
    assert candidate("   ", 5) == []
    assert candidate("a b c", 5) == ["a b c"]
    assert candidate("a b c", 4) == ["a b", "c"]
    assert candidate("hi incomprehensibilities ok", 6) == ["hi", "incomprehensibilities", "ok"]
    assert candidate("one  two\nthree", 20) == ["one two three"]
    assert candidate("aa bb cc dd", 5) == ["aa bb", "cc dd"]
    assert candidate("x", 1) == ["x"]
