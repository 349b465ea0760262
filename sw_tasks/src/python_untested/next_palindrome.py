#@prompt
def next_palindrome(n: int) -> int:
    """Return the smallest integer greater than n whose decimal digits read
    the same forwards and backwards.  n >= 0 and may be very large, so
    counting up one by one is too slow.

    >>> next_palindrome(123)
    131
    >>> next_palindrome(999)
    1001
    """
