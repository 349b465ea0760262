#@prompt
import re


def camel_to_snake(name: str) -> str:
    """Convert a camelCase or PascalCase identifier to snake_case.  A run of
    capitals is an acronym and forms one word, except that its last capital
    starts the next word when a lowercase letter follows it; digits stay with
    the word before them.  Underscores already present are kept.

    >>> camel_to_snake("parseHTTPResponse")
    'parse_http_response'
    >>> camel_to_snake("userID2")
    'user_id2'
    """
#@solution
    s = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", name)
    s = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", s)
    return s.lower()
#@test
def check(candidate):
    assert candidate("parseHTTPResponse") == "parse_http_response"
    assert candidate("userID2") == "user_id2"
    assert candidate("") == ""
    assert candidate("simple") == "simple"
    assert candidate("Simple") == "simple"
    assert candidate("XMLHttpRequest") == "xml_http_request"
    assert candidate("getX") == "get_x"
    assert candidate("ABC") == "abc"
    assert candidate("already_snake") == "already_snake"
    assert candidate("version2Beta") == "version2_beta"
    assert candidate("aB") == "a_b"
    assert candidate("HTMLParser") == "html_parser"
