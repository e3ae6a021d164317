"""The validated content, indexed the ways pages need it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

from chipbrief.citations import ValueDate, value_date
from chipbrief.history import Change, History
from chipbrief.models import Brief, Chip, Claim, Company, Event, Rule, Source, Tag


@dataclass(frozen=True)
class Citation:
    """A place that names a source: which entity, and the field that cites it."""

    kind: str  # companies, chips, events, briefs, rules
    id: str
    field: str


@dataclass(frozen=True)
class Catalog:
    """Every entity by id, each mapping sorted by id so output is the same from run to run."""

    sources: dict[str, Source] = field(default_factory=dict)
    companies: dict[str, Company] = field(default_factory=dict)
    chips: dict[str, Chip] = field(default_factory=dict)
    events: dict[str, Event] = field(default_factory=dict)
    briefs: dict[str, Brief] = field(default_factory=dict)
    rules: dict[str, Rule] = field(default_factory=dict)
    """Export-control rule events, by id."""
    tags: dict[str, Tag] = field(default_factory=dict)
    """The topic tags of content/tags.yaml, by id."""
    history: History = field(default_factory=History)
    """What git says changed in each content file (empty outside a checkout)."""
    build_date: str = ""
    """The day the site is built (YYYY-MM-DD), the export-control panel's "today"; empty: the current day."""

    def history_of(self, kind: str, ident: str) -> list[Change]:
        """The commits that changed one entity's file, newest first."""
        if kind == "briefs":
            return self.history.of(f"content/briefs/{self.briefs[ident].meta.date[:4]}/{ident}.md")
        return self.history.of(f"content/{kind}/{ident}.yaml")

    def date_of(self, claim: Claim) -> ValueDate:
        """The date a claim's value refers to: its as_of, else its source's date, else undated."""
        return value_date(claim, self.sources[claim.source])

    @cached_property
    def briefs_newest_first(self) -> list[Brief]:
        return sorted(self.briefs.values(), key=lambda b: (b.meta.date, b.id), reverse=True)

    @cached_property
    def events_newest_first(self) -> list[Event]:
        return sorted(self.events.values(), key=lambda e: (e.date, e.id), reverse=True)

    @cached_property
    def chips_by_company(self) -> dict[str, list[Chip]]:
        """Chips a company designed or is said to make, by company id."""
        out: dict[str, list[Chip]] = defaultdict(list)
        for chip in self.chips.values():
            out[chip.designer].append(chip)
            for maker in {claim.value for claim in chip.foundry} - {chip.designer}:
                out[maker].append(chip)
        return out

    @cached_property
    def briefs_by_entity(self) -> dict[tuple[str, str], list[Brief]]:
        """Briefs that mention an entity, newest first, keyed by (kind, id)."""
        out: dict[tuple[str, str], list[Brief]] = defaultdict(list)
        for brief in self.briefs_newest_first:
            for company in brief.meta.mentions.companies:
                out[("companies", company)].append(brief)
            for chip in brief.meta.mentions.chips:
                out[("chips", chip)].append(brief)
        return out

    @cached_property
    def events_by_entity(self) -> dict[tuple[str, str], list[Event]]:
        """Events that involve an entity, newest first, keyed by (kind, id)."""
        out: dict[tuple[str, str], list[Event]] = defaultdict(list)
        for event in self.events_newest_first:
            for company in event.companies:
                out[("companies", company)].append(event)
            for chip in event.chips:
                out[("chips", chip)].append(event)
        return out

    @cached_property
    def citations(self) -> dict[str, list[Citation]]:
        """Every place that cites each source id."""
        out: dict[str, list[Citation]] = defaultdict(list)
        for kind in ("companies", "chips", "events", "briefs", "rules"):
            for ident, entity in getattr(self, kind).items():
                for loc, target, source in iter_refs(kind, entity):
                    citation = Citation(kind, ident, str(loc[0]) if loc[0] != "specs" else f"specs.{loc[1]}")
                    if target == "sources" and citation not in out[source]:
                        out[source].append(citation)
        return out


Loc = tuple[str | int, ...]


def iter_claim_fields(entity: Company | Chip) -> Iterator[tuple[Loc, list]]:
    """Yield (location, claims) for every claim list an entity holds."""
    if isinstance(entity, Company):
        for name in ("parent", "headquarters", "founded", "listings"):
            yield (name,), getattr(entity, name)
    else:
        for name in ("status", "foundry", "process_node", "announced", "released"):
            yield (name,), getattr(entity, name)
        for name in type(entity.specs).model_fields:
            yield ("specs", name), getattr(entity.specs, name)


def iter_refs(kind: str, entity: Source | Company | Chip | Event | Brief | Rule) -> Iterator[tuple[Loc, str, str]]:
    """Yield (location in the file, kind referred to, id) for every id an entity names."""
    if isinstance(entity, Company | Chip):
        for index, source in enumerate(entity.sources):
            yield ("sources", index), "sources", source
        if isinstance(entity, Chip):
            yield ("designer",), "companies", entity.designer
            for index, chip in enumerate(entity.see_also):
                yield ("see_also", index), "chips", chip
        for loc, claims in iter_claim_fields(entity):
            for index, claim in enumerate(claims):
                yield (*loc, index, "source"), "sources", claim.source
                if loc in (("parent",), ("foundry",)):
                    yield (*loc, index, "value"), "companies", claim.value
    elif isinstance(entity, Event):
        yield from _id_lists(entity, sources="sources", companies="companies", chips="chips")
    elif isinstance(entity, Rule):
        yield from _id_lists(entity, sources="sources", chips="chips", companies="companies", scope="rules")
    elif isinstance(entity, Brief):
        meta = entity.meta
        yield ("source",), "sources", meta.source
        for index, source in enumerate(meta.checked_against):
            yield ("checked_against", index), "sources", source
        for index, claim in enumerate(meta.claims):
            yield ("claims", index, "source"), "sources", claim.source
        if meta.quote:
            yield ("quote", "source"), "sources", meta.quote.source
        for index, company in enumerate(meta.mentions.companies):
            yield ("mentions", "companies", index), "companies", company
        for index, chip in enumerate(meta.mentions.chips):
            yield ("mentions", "chips", index), "chips", chip


def _id_lists(entity: Event | Rule, **targets: str) -> Iterator[tuple[Loc, str, str]]:
    """Yield (location, kind referred to, id) for each id in the entity's list fields, by field name -> kind."""
    for name, target in targets.items():
        for index, ident in enumerate(getattr(entity, name)):
            yield (name, index), target, ident
