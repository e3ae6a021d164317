"""The timeline page: events and briefs on one list, grouped by year, with what its filters offer.

Each entry carries what the page's filters select on (its kind, the companies and chips it concerns,
its year); the filters offer only values some entry has, in the order readers look them up.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from chipbrief.catalog import Catalog
from chipbrief.models import CHOICE_WORDS, Brief, Event

#: The kind of a brief on the timeline (events have their own kinds).
BRIEF_KIND = "brief"


@dataclass(frozen=True)
class Entry:
    """One line of the timeline: an event or a brief, and what the filters know of it."""

    date: str
    kind: str  # an event's kind, or "brief"
    item: Event | Brief
    companies: list[str]  # ids: those named, and the designers of the chips named
    chips: list[str]  # ids

    @property
    def is_brief(self) -> bool:
        return self.kind == BRIEF_KIND

    @property
    def year(self) -> str:
        return self.date[:4]


@dataclass(frozen=True)
class Year:
    """One year's heading on the timeline and its entries, newest first."""

    year: str
    entries: list[Entry]


@dataclass(frozen=True)
class Option:
    """One choice of a filter: the value written in the URL and the words a reader sees."""

    value: str
    label: str


@dataclass(frozen=True)
class Filters:
    """What each of the timeline's filters offers."""

    kinds: list[Option]
    companies: list[Option]
    chips: list[Option]
    years: list[Option]


def timeline_entries(catalog: Catalog) -> list[Entry]:
    """Events and briefs on one list, newest first, each with the companies and chips it concerns."""
    entries = [
        Entry(e.date, e.kind, e, sorted(set(e.companies) | _designers(catalog, e.chips)), sorted(e.chips))
        for e in catalog.events.values()
    ]
    for brief in catalog.briefs.values():
        mentions = brief.meta.mentions
        companies = sorted(set(mentions.companies) | _designers(catalog, mentions.chips))
        entries.append(Entry(brief.meta.date, BRIEF_KIND, brief, companies, sorted(mentions.chips)))
    return sorted(entries, key=lambda entry: (entry.date, not entry.is_brief, entry.item.id), reverse=True)


def timeline_years(entries: list[Entry]) -> list[Year]:
    """The entries under their year headings, newest year first (entries come newest first)."""
    return [Year(year, list(group)) for year, group in groupby(entries, key=lambda entry: entry.year)]


def timeline_filters(catalog: Catalog, entries: list[Entry]) -> Filters:
    """The choices of each filter: only values some entry has; names by the name shown, years newest first."""
    event_words = CHOICE_WORDS["event_kind"]
    kinds = {entry.kind for entry in entries}
    kind_options = [Option(kind, event_words[kind]) for kind in event_words if kind in kinds]
    if BRIEF_KIND in kinds:
        kind_options.insert(0, Option(BRIEF_KIND, "brief"))
    company_ids = {company for entry in entries for company in entry.companies}
    chip_ids = {chip for entry in entries for chip in entry.chips}
    return Filters(
        kinds=kind_options,
        companies=_by_name(catalog.companies, company_ids),
        chips=_by_name(catalog.chips, chip_ids),
        years=[Option(year, year) for year in sorted({entry.year for entry in entries}, reverse=True)],
    )


def _by_name(entities: dict, ids: set[str]) -> list[Option]:
    chosen = [entities[ident] for ident in ids if ident in entities]
    return [Option(e.id, e.name) for e in sorted(chosen, key=lambda e: (e.name.casefold(), e.id))]


def _designers(catalog: Catalog, chip_ids: list[str]) -> set[str]:
    return {catalog.chips[chip].designer for chip in chip_ids if chip in catalog.chips}
