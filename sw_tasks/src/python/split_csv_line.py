#@prompt
def split_csv_line(line: str) -> list:
    """Split one line of CSV into its fields.  Fields are separated by commas;
    a double quote starts or ends a quoted stretch, inside which commas are
    plain text and a doubled quote "" stands for one quote character.
    Whitespace is kept.  An empty line holds one empty field.

    >>> split_csv_line('a,"b,c",d')
    ['a', 'b,c', 'd']
    >>> split_csv_line('x,"a ""b"" c"')
    ['x', 'a "b" c']
    """
#@solution
    fields = []
    cur = []
    quoted = False
    i = 0
    while i < len(line):
        ch = line[i]
        if quoted:
            if ch == '"':
                if i + 1 < len(line) and line[i + 1] == '"':
                    cur.append('"')
                    i += 1
                else:
                    quoted = False
            else:
                cur.append(ch)
        elif ch == '"':
            quoted = True
        elif ch == ",":
            fields.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
        i += 1
    fields.append("".join(cur))
    return fields
#@test
def check(candidate):
    assert candidate('a,"b,c",d') == ["a", "b,c", "d"]
    assert candidate('x,"a ""b"" c"') == ["x", 'a "b" c']
    assert candidate('"say ""hi""",') == ['say "hi"', ""]
    assert candidate("") == [""]
    assert candidate("a") == ["a"]
    assert candidate(",") == ["", ""]
    assert candidate("a,,b") == ["a", "", "b"]
    assert candidate(" a , b ") == [" a ", " b "]
    assert candidate('""') == [""]
    assert candidate('"",x') == ["", "x"]
    assert candidate('""""') == ['"']
    assert candidate('1,"2",3,') == ["1", "2", "3", ""]
    assert candidate('"a,b","c""d"') == ["a,b", 'c"d']
