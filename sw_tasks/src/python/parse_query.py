#@prompt
from urllib.parse import unquote_plus


def parse_query(qs: str) -> dict:
    """Parse a URL query string "k=v&k2=v2" into a dict that maps each key to
    the list of its values in order of appearance.  One leading "?" is
    ignored; empty pairs are skipped; a pair is split at its first "=", and a
    pair without "=" has the value "".  Keys and values are decoded after
    splitting: "+" is a space and %XX a UTF-8 byte.

    >>> parse_query("a=1&b=2&a=3")
    {'a': ['1', '3'], 'b': ['2']}
    >>> parse_query("?q=hello+world")
    {'q': ['hello world']}
    """
#@solution
    out = {}
    if qs.startswith("?"):
        qs = qs[1:]
    for part in qs.split("&"):
        if not part:
            continue
        key, _, value = part.partition("=")
        out.setdefault(unquote_plus(key), []).append(unquote_plus(value))
    return out
#@test
def check(candidate):
    assert candidate("a=1&b=2&a=3") == {"a": ["1", "3"], "b": ["2"]}
    assert candidate("?q=hello+world") == {"q": ["hello world"]}
    assert candidate("") == {}
    assert candidate("flag") == {"flag": [""]}
    assert candidate("x=a%3Db") == {"x": ["a=b"]}
    assert candidate("eq=1=2") == {"eq": ["1=2"]}
    assert candidate("a=&&b=%20") == {"a": [""], "b": [" "]}
    assert candidate("caf%C3%A9=%E2%82%AC") == {"caf\u00e9": ["\u20ac"]}
    assert candidate("k=%2B1") == {"k": ["+1"]}
    assert candidate("&&") == {}
    assert candidate("a+b=c") == {"a b": ["c"]}
    assert candidate("t=a%26b") == {"t": ["a&b"]}
