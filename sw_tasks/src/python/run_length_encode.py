#@prompt
def run_length_encode(s: str) -> str:
    """Compress runs of a repeated character: each run becomes its length
    followed by the character, and the length is left out when it is 1.
    Characters are compared exactly (case matters).

    >>> run_length_encode("aaabcc")
    '3ab2c'
    >>> run_length_encode("")
    ''
    """
#@solution
    out = []
    i = 0
    while i < len(s):
        j = i
        while j < len(s) and s[j] == s[i]:
            j += 1
        n = j - i
        out.append((str(n) if n > 1 else "") + s[i])
        i = j
    return "".join(out)
#@test
def check(candidate):
    assert candidate("aaabcc") == "3ab2c"
    assert candidate("") == ""
    assert candidate("a") == "a"
    assert candidate("abc") == "abc"
    assert candidate("zzzz") == "4z"
    assert candidate("aabbaa") == "2a2b2a"
    assert candidate("x" * 12) == "12x"
    assert candidate("abbb") == "a3b"
    assert candidate("  !") == "2 !"
    assert candidate("AaA") == "AaA"
