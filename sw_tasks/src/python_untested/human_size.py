#@prompt
def human_size(n: int) -> str:
    """Format a byte count n >= 0 with binary units: below 1024 it is written
    as "<n> B"; otherwise divide by 1024 until the value is below 1024 (units
    KiB, MiB, GiB, TiB, then stay at PiB) and write it with one decimal
    as f"{value:.1f} {unit}" would.

    >>> human_size(512)
    '512 B'
    >>> human_size(1536)
    '1.5 KiB'
    """
