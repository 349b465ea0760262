#@prompt
def json_pointer_get(doc, pointer: str):
    """Resolve a JSON Pointer (RFC 6901) against doc, a tree of dicts, lists
    and scalars.  "" is the whole document; otherwise the pointer is "/"
    followed by reference tokens separated by "/", in which "~1" stands for
    "/" and "~0" for "~".  A token indexes a dict by key, or a list by a
    decimal index without leading zeros.  Raise KeyError when a token does
    not resolve.

    >>> json_pointer_get({"a": [10, {"b/c": 3}]}, "/a/1/b~1c")
    3
    >>> json_pointer_get({"a": 1}, "")
    {'a': 1}
    """
