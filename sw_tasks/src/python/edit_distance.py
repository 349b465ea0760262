#@prompt
def edit_distance(a: str, b: str) -> int:
    """Return the Levenshtein distance between a and b: the fewest
    single-character insertions, deletions and substitutions that turn a
    into b.

    >>> edit_distance("kitten", "sitting")
    3
    >>> edit_distance("", "ab")
    2
    """
#@solution
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]
#@test
def check(candidate):
    assert candidate("kitten", "sitting") == 3
    assert candidate("", "ab") == 2
    assert candidate("", "") == 0
    assert candidate("abc", "") == 3
    assert candidate("same", "same") == 0
    assert candidate("flaw", "lawn") == 2
    assert candidate("a", "b") == 1
    assert candidate("ab", "ba") == 2
    assert candidate("intention", "execution") == 5
    assert candidate("abc", "abcd") == 1
    assert candidate("xabc", "abc") == 1
    assert candidate("sunday", "saturday") == 3
