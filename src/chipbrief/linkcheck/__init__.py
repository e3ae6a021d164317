"""Checking that every source's URL and archive URL still leads somewhere (`chipbrief linkcheck`).

`checker` follows each URL and classifies where it ends; the names below are its public face.
"""

from chipbrief.linkcheck.checker import (
    OUTCOMES,
    Check,
    Hop,
    LinkCheckOptions,
    LinkReport,
    LinkResult,
    check_links,
    format_report,
)

__all__ = [
    "OUTCOMES",
    "Check",
    "Hop",
    "LinkCheckOptions",
    "LinkReport",
    "LinkResult",
    "check_links",
    "format_report",
]
