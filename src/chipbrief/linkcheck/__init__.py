"""Checking that every source's URL and archive URL still leads somewhere (`chipbrief linkcheck`).

`checker` follows each URL and classifies where it ends; `guard` decides which addresses it may
connect to (only public ones) and connects only to those. The names below are the public face.
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
    format_summary,
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
    "format_summary",
]
