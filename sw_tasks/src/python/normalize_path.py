#@prompt
def normalize_path(path: str) -> str:
    """Normalize a "/"-separated path as text, without looking at any file
    system: repeated slashes collapse, "." components go, and ".." removes the
    component before it.  In an absolute path a ".." at the root stays at the
    root; in a relative path the ".." that cannot go are kept at the front.
    An empty result is "/" for an absolute path and "." for a relative one;
    there is never a trailing slash otherwise.

    >>> normalize_path("/a/./b/../c//")
    '/a/c'
    >>> normalize_path("../x/../../y")
    '../../y'
    """
#@solution
    absolute = path.startswith("/")
    out = []
    for c in path.split("/"):
        if c in ("", "."):
            continue
        if c == "..":
            if out and out[-1] != "..":
                out.pop()
            elif not absolute:
                out.append("..")
        else:
            out.append(c)
    s = "/".join(out)
    if absolute:
        return "/" + s
    return s or "."
#@test
def check(candidate):
    assert candidate("/a/./b/../c//") == "/a/c"
    assert candidate("../x/../../y") == "../../y"
    assert candidate("") == "."
    assert candidate("/") == "/"
    assert candidate("/..") == "/"
    assert candidate("/../a") == "/a"
    assert candidate("a/..") == "."
    assert candidate("./a/b/.") == "a/b"
    assert candidate("a//b///c") == "a/b/c"
    assert candidate("a/b/../../..") == ".."
    assert candidate("/a/b/c/../../d") == "/a/d"
    assert candidate("..") == ".."
