"""Citations: the id of each claim, the date a value refers to, conflicts, and sources as CSL-JSON and BibTeX.

A claim's id is stable: a hash of the field, the source, the value and dense/sparse, so it
survives reordering and status changes (rumored -> confirmed keeps the id; a corrected value is
a new claim). The same id is the claim's anchor on its page and its `id` in the downloads.

The date a value refers to is the claim's `as_of` when the source states one; else the source's
publication date; a source without a date makes the value "undated", shown with the day we read
the page, never dressed up as an as-of date.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from chipbrief.models import Claim, RateClaim, Source
from chipbrief.units import Quantity

#: How sure each status is, from least to most: the order a value's history moves in.
STATUS_ORDER = ("rumored", "estimated", "reported", "confirmed")


def claim_value_key(claim: Claim) -> Any:
    """What two claims must share to give the same value: the value (canonical) and dense/sparse."""
    value = claim.value.value if isinstance(claim.value, Quantity) else claim.value
    if hasattr(value, "model_dump"):
        value = json.dumps(value.model_dump(mode="json"), sort_keys=True)
    return value, getattr(claim, "sparse", None)


def claim_id(field: str, claim: Claim) -> str:
    """The claim's stable id and page anchor, e.g. 'specs-bf16-3fa9c21b'."""
    value, sparse = claim_value_key(claim)
    digest = hashlib.sha1(f"{field}\x00{claim.source}\x00{value!r}\x00{sparse!r}".encode()).hexdigest()[:8]
    return f"{field.replace('.', '-').replace('_', '-')}-{digest}"


@dataclass(frozen=True)
class ValueDate:
    """The date a value refers to, and where that date comes from."""

    date: str | None  # YYYY[-MM[-DD]], or None when undated
    basis: str  # "stated" (the claim's as_of), "published" (the source's date) or "undated"
    read: str  # the day we read the source

    def words(self) -> str:
        """How a reader sees it: 'as of 2025-08', or 'undated (read 2026-11-28)'."""
        return f"as of {self.date}" if self.date else f"undated (read {self.read})"

    @property
    def sort_key(self) -> str:
        return self.date or ""


def value_date(claim: Claim, source: Source) -> ValueDate:
    """The date a claim's value refers to (see the module's docstring)."""
    if claim.as_of:
        return ValueDate(claim.as_of, "stated", source.accessed)
    if source.published:
        return ValueDate(source.published, "published", source.accessed)
    return ValueDate(None, "undated", source.accessed)


def as_of_is_access_date(claim: Claim, source: Source) -> bool:
    """Whether a claim's as_of is the day (or month, or year) we read the source rather than a date it states.

    An as_of that is also a prefix of the source's own publication date is the source's date, not ours.
    """
    if not claim.as_of or not source.accessed.startswith(claim.as_of):
        return False
    return not (source.published and source.published.startswith(claim.as_of))


def conflicting(claims: list[Claim]) -> bool:
    """Whether sources give different values for the same thing.

    Dense and sparse figures (and figures that do not say) are different things; one source
    repeating a value, or two sources agreeing, is no conflict.
    """
    by_kind: dict[Any, dict[Any, set[str]]] = {}
    for claim in claims:
        value, sparse = claim_value_key(claim)
        by_kind.setdefault(sparse, {}).setdefault(value, set()).add(claim.source)
    for values in by_kind.values():
        sources = set().union(*values.values())
        if len(values) > 1 and len(sources) > 1:
            return True
    return False


def value_histories(claims: list[Claim], sources: dict[str, Source]) -> list[list[Claim]]:
    """Claims grouped by value (dense and sparse apart), each group oldest first, groups in first-seen order.

    A group of several claims is one value's history: rumored, then reported, then confirmed.
    """
    groups: dict[Any, list[Claim]] = {}
    for claim in claims:
        groups.setdefault(claim_value_key(claim), []).append(claim)
    return [
        sorted(group, key=lambda c: (value_date(c, sources[c.source]).sort_key, STATUS_ORDER.index(c.status)))
        for group in groups.values()
    ]


def is_rate(claim: Claim) -> bool:
    return isinstance(claim, RateClaim)


# ---------------------------------------------------------------------------
# Sources as CSL-JSON and BibTeX
# ---------------------------------------------------------------------------


def _date_parts(date: str) -> dict[str, list[list[int]]]:
    return {"date-parts": [[int(part) for part in date.split("-")]]}


def csl_item(source: Source) -> dict[str, Any]:
    """One source as a CSL-JSON item (webpage or article-newspaper), as citation managers import it."""
    item: dict[str, Any] = {
        "id": source.id,
        "type": "webpage",
        "title": source.title,
        "container-title": source.publisher,
        "publisher": source.original_outlet or source.publisher,
        "URL": source.url,
        "accessed": _date_parts(source.accessed),
        "language": source.language,
    }
    if source.title_en:
        item["title-short"] = source.title_en
    if source.author:
        item["author"] = [{"literal": source.author}]
    if source.published:
        item["issued"] = _date_parts(source.published)
    if source.original_url:
        item["references"] = f"Original: {source.original_url}"
    if source.archive_url:
        item["archive_location"] = source.archive_url
    return item


def csl_json(sources: dict[str, Source]) -> str:
    """Every source as a CSL-JSON array, sorted by id."""
    return json.dumps([csl_item(s) for s in sources.values()], ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def bibtex(sources: dict[str, Source]) -> str:
    """Every source as a BibTeX @online entry (bibtexparser writes and escapes them)."""
    import bibtexparser
    from bibtexparser.model import Entry, Field

    library = bibtexparser.Library()
    for source in sources.values():
        fields = {
            "title": source.title,
            "organization": source.publisher,
            "url": source.url,
            "urldate": source.accessed,
            "langid": source.language,
        }
        if source.author:
            fields["author"] = source.author
        if source.published:
            fields["date"] = source.published
        if source.title_en:
            fields["titleaddon"] = source.title_en
        if source.original_outlet:
            fields["note"] = f"Text from {source.original_outlet}" + (
                f", original at {source.original_url}" if source.original_url else ""
            )
        cleaned = {key: _bibtex_text(value) for key, value in fields.items()}
        if "author" in cleaned:  # one literal name: "{Reuters staff}", never split into first and last
            cleaned["author"] = "{" + cleaned["author"] + "}"
        library.add(Entry("online", source.id, [Field(key, value) for key, value in cleaned.items()]))
    return bibtexparser.write_string(library)


def _bibtex_text(value: str) -> str:
    """Braces and backslashes from content cannot close a BibTeX field early."""
    return value.replace("\\", "/").replace("{", "(").replace("}", ")")
