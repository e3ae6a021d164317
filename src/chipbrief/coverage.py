"""How complete the records are: which chips carry sourced specifications, and how many throughput
figures say whether they are dense or sparse.

The data page shows it, counted at build time from the same content, so a reader sees where the
record is thin and a contributor sees where a source would help most.
"""

from __future__ import annotations

from dataclasses import dataclass

from chipbrief.catalog import Catalog
from chipbrief.models import RATE_FIELDS, Chip, RateClaim

#: The spec fields (memory, throughput, power ...) a chip needs to count as a full record.
FULL_RECORD = 3


@dataclass(frozen=True)
class Coverage:
    """The content's depth at one build: chips by how many spec fields they carry, and throughput by density."""

    chips: int
    """All chip records."""
    full: int
    """Chips with FULL_RECORD or more sourced spec fields."""
    partial: int
    """Chips with at least one spec field, but fewer than FULL_RECORD."""
    bare: tuple[Chip, ...]
    """Chips with no sourced spec field at all (pages list them by the name they show)."""
    rates: int
    """Throughput values on record (every claim of every throughput field)."""
    stated: int
    """Throughput values whose source says dense or sparse."""
    estimated: int
    """Throughput values we read as dense or sparse, with our reasoning."""


def spec_fields(chip: Chip) -> int:
    """How many spec fields of the chip carry at least one sourced value."""
    return sum(1 for name in type(chip.specs).model_fields if getattr(chip.specs, name))


def coverage(catalog: Catalog) -> Coverage:
    """The coverage of the catalog's chips and throughput figures."""
    counts = {chip.id: spec_fields(chip) for chip in catalog.chips.values()}
    rates: list[RateClaim] = [
        claim for chip in catalog.chips.values() for field in RATE_FIELDS for claim in getattr(chip.specs, field)
    ]
    return Coverage(
        chips=len(counts),
        full=sum(1 for count in counts.values() if count >= FULL_RECORD),
        partial=sum(1 for count in counts.values() if 0 < count < FULL_RECORD),
        bare=tuple(chip for chip in catalog.chips.values() if counts[chip.id] == 0),
        rates=len(rates),
        stated=sum(1 for claim in rates if claim.density_basis == "stated"),
        estimated=sum(1 for claim in rates if claim.density_basis == "estimated"),
    )
