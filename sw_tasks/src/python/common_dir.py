#@prompt
def common_dir(paths: list) -> str:
    """Return the longest run of whole leading components that all the given
    "/"-separated paths share, joined by "/".  The paths are normalized (no
    empty component, no trailing "/"), absolute ones start with "/".  When
    absolute paths share nothing but the root, return "/"; when nothing is
    shared, or the list is empty, return "".

    >>> common_dir(["/a/bc/d", "/a/b/e"])
    '/a'
    >>> common_dir(["src/main.c", "src/util/x.c"])
    'src'
    """
#@solution
    if not paths:
        return ""
    parts = [p.split("/") for p in paths]
    common = []
    for comps in zip(*parts):
        if all(c == comps[0] for c in comps):
            common.append(comps[0])
        else:
            break
    if common == [""]:
        return "/"
    return "/".join(common)
#@test
def check(candidate):
    assert candidate(["/a/bc/d", "/a/b/e"]) == "/a"
    assert candidate(["src/main.c", "src/util/x.c"]) == "src"
    assert candidate(["/usr/lib", "/usr/local/lib"]) == "/usr"
    assert candidate(["/x/y", "/z"]) == "/"
    assert candidate(["a/b", "c/d"]) == ""
    assert candidate([]) == ""
    assert candidate(["/a/b/c"]) == "/a/b/c"
    assert candidate(["/a/b", "/a/b"]) == "/a/b"
    assert candidate(["/a/b", "/a/b/c"]) == "/a/b"
    assert candidate(["/home/ann", "/home/anna"]) == "/home"
    assert candidate(["/a", "a"]) == ""
    assert candidate(["/a/b/c", "/a/x", "/a/b/d"]) == "/a"
