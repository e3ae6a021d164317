"""Key figures: the few values a chip page leads with, picked from the chip's claims without hiding disagreement.

A reader comes to a chip page for about ten numbers (memory, bandwidth, dense BF16 and FP16, FP8,
INT8, TDP, node, foundry, status, and where the chip stands under US export controls). Each key
figure is chosen here, in Python, and the template only lays them out:

- Throughput prefers dense figures; without one, figures that do not say dense or sparse; without
  those, sparse figures. The value says which it is.
- Within that choice every distinct value is kept, surest first: when sources give different
  values, all of them are shown and the figure is marked as disputed (never one picked silently).
- Each value links to the claim it rests on (the claim's anchor in the full table below), with the
  claim's status and date. A value several sources give links to the surest, most recent of them.
- The current status is the last of the status history; the export-control figure is the outcome
  on the build's date, at most `estimated` (it is arithmetic on figures) and never surer than the
  figures it rests on, or `confirmed` when a rule names the chip.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from chipbrief.catalog import Catalog
from chipbrief.citations import STATUS_ORDER, claim_id, conflicting, value_histories
from chipbrief.models import Chip, Claim, RateClaim, choice_word, short_label
from chipbrief.units import Quantity

#: The key figures of a chip page, in reading order: (field, the reader's name for it, from the model).
KEY_FIELDS: tuple[tuple[str, str], ...] = tuple(
    (field, short_label(field))
    for field in (
        "specs.memory_capacity",
        "specs.memory_bandwidth",
        "specs.bf16",
        "specs.fp16",
        "specs.fp8",
        "specs.int8",
        "specs.tdp",
        "process_node",
        "foundry",
        "status",
    )
)
#: The anchor of the chip page's export-control section, which the export-control figure links to.
EXPORT_ANCHOR = "export-controls"


@dataclass(frozen=True)
class Shown:
    """One value of a key figure as readers see it, with the claim it rests on."""

    text: str  # '148 TFLOP/s', 'TSMC', 'halted'
    status: str  # confirmed, reported, rumored, estimated
    when: str  # 'as of 2024', 'undated (read 2026-11-28)', 'on 2026-12-01'
    anchor: str  # the claim's id on the page (its anchor), or the export-control section's
    qualifier: str = ""  # 'dense', 'sparse', 'if dense' ...: what the value counts, when that matters
    word: str = ""  # for our own words (a status, an outcome): the catalogue key a page translates; else ""


@dataclass(frozen=True)
class KeyFigure:
    """One key figure of a chip page: its name and every value shown for it (none when no source gives it)."""

    field: str  # 'specs.bf16', 'foundry', 'status', 'export_control'
    label: str
    values: tuple[Shown, ...]
    disputed: bool = False  # sources give different values for the same thing

    @property
    def known(self) -> bool:
        return bool(self.values)


def key_figures(catalog: Catalog, chip: Chip, export: Any | None = None) -> list[KeyFigure]:
    """The chip's key figures in reading order; `export` (its assessment, as `assess_chip` gives it) adds the last."""
    figures = [_claim_figure(catalog, chip, field, label) for field, label in KEY_FIELDS]
    if export is not None:
        figures.append(export_figure(export))
    return figures


def claims_of(chip: Chip, field: str) -> list[Claim]:
    """The claims of a chip field named like 'foundry', 'status' or 'specs.bf16'."""
    if field.startswith("specs."):
        return list(getattr(chip.specs, field.removeprefix("specs.")))
    return list(getattr(chip, field))


def candidates(claims: list[Claim]) -> list[Claim]:
    """The claims a key figure is chosen from: for throughput, the dense ones, else the unstated, else the sparse."""
    rates = [claim for claim in claims if isinstance(claim, RateClaim)]
    if not rates:
        return claims
    for sparse in (False, None, True):
        tier = [claim for claim in rates if claim.sparse is sparse]
        if tier:
            return tier
    return []


def surest(claims: list[Claim], catalog: Catalog) -> Claim:
    """The claim a value links to: the surest status, then the most recent date, then the last listed."""
    ranked = sorted(
        enumerate(claims),
        key=lambda item: (STATUS_ORDER.index(item[1].status), catalog.date_of(item[1]).sort_key, item[0]),
    )
    return ranked[-1][1]


def value_text(catalog: Catalog, field: str, value: Any) -> str:
    """A claim's value as a key figure reads: units with SI prefixes, a short company name, a status in words."""
    if isinstance(value, Quantity):
        return value.human()
    if field == "foundry" and value in catalog.companies:
        company = catalog.companies[value]
        return company.short_name or company.name
    if field == "status":
        return choice_word(value, "chip_status")
    return str(value)


def _claim_figure(catalog: Catalog, chip: Chip, field: str, label: str) -> KeyFigure:
    claims = claims_of(chip, field)
    if field == "status":
        return KeyFigure(field, label, (_status_value(catalog, chip),))
    chosen = candidates(claims)
    groups = [
        (surest(group, catalog), group) for group in value_histories(chosen, catalog.sources)
    ]  # one group per distinct value
    groups.sort(key=lambda pair: _rank(pair[0], catalog), reverse=True)
    values = tuple(_shown(catalog, field, best) for best, _ in groups)
    return KeyFigure(field, label, values, disputed=conflicting(chosen))


def _rank(claim: Claim, catalog: Catalog) -> tuple[int, str]:
    return STATUS_ORDER.index(claim.status), catalog.date_of(claim).sort_key


def _shown(catalog: Catalog, field: str, claim: Claim) -> Shown:
    qualifier = claim.density_words if isinstance(claim, RateClaim) else ""  # the value's page gives any reasoning
    text = value_text(catalog, field, claim.value)
    return Shown(
        text=text,
        status=claim.status,
        when=catalog.date_of(claim).words(),
        anchor=claim_id(field, claim),
        qualifier=qualifier,
        word=text if field == "status" else "",
    )


def _status_value(catalog: Catalog, chip: Chip) -> Shown:
    """The current status, resting on the surest claim of the history's last run of that status."""
    current = chip.current_status
    run: list[Claim] = []
    for claim in reversed(chip.status):
        if claim.value != current:
            break
        run.append(claim)
    return _shown(catalog, "status", surest(list(reversed(run)), catalog))


def export_figure(export: Any) -> KeyFigure:
    """Where the chip stands under US export controls on the build's date, as the chip's assessment gives it."""
    label = "Export controls"
    if export.current is None:
        return KeyFigure("export_control", label, ())
    span = export.periods[export.current]
    by_outcome: dict[str, list[tuple[str, list[Any]]]] = {}
    for index, (reading, outcome) in enumerate(span.headline.items()):
        verdicts = [a.verdicts[index] for a in span.rules if a.assessable and a.verdicts[index].outcome == outcome]
        by_outcome.setdefault(outcome, []).append((reading, verdicts))
    shown = []
    for outcome, readings in by_outcome.items():  # an outcome every reading gives is shown once, unqualified
        qualifier = "" if len(by_outcome) == 1 else " or ".join(reading for reading, _ in readings)
        verdicts = [verdict for _, found in readings for verdict in found]
        shown.append(
            Shown(
                text=outcome,
                word=outcome,
                status=_derived_status(outcome, verdicts),
                when=f"on {export.today}",
                anchor=EXPORT_ANCHOR,
                qualifier="" if qualifier == "as stated" else qualifier,
            )
        )
    return KeyFigure("export_control", label, tuple(shown))


def _derived_status(outcome: str, verdicts: list[Any]) -> str:
    """How sure an outcome is: confirmed when rules name the chip, else estimated or weaker (its weakest input)."""
    inputs = [item for verdict in verdicts for item in verdict.inputs]
    if verdicts and not inputs and outcome not in ("not-controlled", "unknown"):
        return "confirmed"  # the rules that decide name the chip itself: no arithmetic on figures
    statuses = ["estimated", *(item.status for item in inputs)]
    return min(statuses, key=STATUS_ORDER.index)
