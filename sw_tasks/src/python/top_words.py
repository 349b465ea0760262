#@prompt
import re


def top_words(text: str, k: int) -> list:
    """Return the k most frequent words of text as (word, count) pairs, the
    most frequent first and equal counts in alphabetical order.  A word is a
    maximal run of the letters a-z once the text is lowercased; anything else
    separates words.  Fewer than k pairs come back when there are fewer
    distinct words.

    >>> top_words("the cat and the hat", 2)
    [('the', 2), ('and', 1)]
    """
#@solution
    counts = {}
    for w in re.findall(r"[a-z]+", text.lower()):
        counts[w] = counts.get(w, 0) + 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:k]
#@test
def check(candidate):
    assert candidate("the cat and the hat", 2) == [("the", 2), ("and", 1)]
    assert candidate("", 3) == []
    assert candidate("b a c", 5) == [("a", 1), ("b", 1), ("c", 1)]
    assert candidate("Apple apple APPLE pie", 1) == [("apple", 3)]
    assert candidate("x, y; x! y? z", 3) == [("x", 2), ("y", 2), ("z", 1)]
    assert candidate("don't stop", 3) == [("don", 1), ("stop", 1), ("t", 1)]
    assert candidate("a a b b b", 0) == []
    assert candidate("zz yy zz yy xx", 2) == [("yy", 2), ("zz", 2)]
    assert candidate("one2three", 2) == [("one", 1), ("three", 1)]
