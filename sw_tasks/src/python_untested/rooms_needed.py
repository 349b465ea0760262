#@prompt
def rooms_needed(meetings: list) -> int:
    """Each meeting is a (start, end) pair of minutes with start < end and
    occupies a room over the half-open interval [start, end), so a room freed
    at time t can host a meeting starting at t.  Return the fewest rooms that
    can hold all the meetings (0 for no meeting).

    >>> rooms_needed([(0, 30), (5, 10), (15, 20)])
    2
    >>> rooms_needed([(1, 2), (2, 3)])
    1
    """
