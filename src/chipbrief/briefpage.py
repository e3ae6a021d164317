"""What a brief's page says about the brief itself: its own dates, the original's, and what it mentions.

A brief has two dates a reader needs apart: when we wrote it (the day its file entered the project's
git history, and the last day it changed) and when the original was published (the source's own date,
or, when the page shows none, the date of the event the brief gives in its front matter).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from chipbrief.catalog import Catalog
from chipbrief.models import Brief, Chip, Company, Tag


def _english(entity: Any, attribute: str = "name") -> str:
    return getattr(entity, attribute)


@dataclass(frozen=True)
class BriefDates:
    """A brief's own dates (empty when the site was built outside git) and its original's."""

    written: str
    """The day the brief was added (YYYY-MM-DD), or "" when no history is available."""
    updated: str
    """The last day it changed, when later than written; else ""."""
    original: str
    """The original's publication date as its page shows it, or "" when the page shows none."""
    reported: str
    """The brief's front-matter date: the original's date, or the date of the event it reports."""


@dataclass(frozen=True)
class Mentioned:
    """What a brief mentions, kind by kind, each in the order readers look names up."""

    companies: list[Company]
    chips: list[Chip]
    tags: list[Tag]


def brief_dates(catalog: Catalog, brief: Brief) -> BriefDates:
    """The brief's own dates from its file's history, and the original's from its source record."""
    changes = catalog.history_of("briefs", brief.id)  # newest first
    written = changes[-1].date if changes else ""
    updated = changes[0].date if changes and changes[0].date != written else ""
    original = catalog.sources[brief.meta.source].published or ""
    return BriefDates(written=written, updated=updated, original=original, reported=brief.meta.date)


def mentioned(catalog: Catalog, brief: Brief, name: Callable[..., str] = _english) -> Mentioned:
    """The companies, chips and tags a brief names, each sorted by the name a reader sees.

    `name(entity, attribute)` gives the name shown (the page language's `t.name`); English by default.
    """
    meta = brief.meta

    def by_name(entities: Iterable[Any], attribute: str = "name") -> list[Any]:
        return sorted(entities, key=lambda entity: (name(entity, attribute).casefold(), entity.id))

    return Mentioned(
        companies=by_name(catalog.companies[c] for c in meta.mentions.companies),
        chips=by_name(catalog.chips[c] for c in meta.mentions.chips),
        tags=by_name((catalog.tags[t] for t in meta.tags), "label"),
    )
