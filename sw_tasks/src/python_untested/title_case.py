#@prompt
def title_case(text: str) -> str:
    """Capitalize a title: words are separated by single spaces; every word
    gets an uppercase first letter and lowercase rest, except the small words
    "a", "an", "and", "of", "the", "in", "on" and "to", which stay all
    lowercase unless they are the first or the last word.

    >>> title_case("the lord OF the rings")
    'The Lord of the Rings'
    >>> title_case("what it comes to")
    'What It Comes To'
    """
