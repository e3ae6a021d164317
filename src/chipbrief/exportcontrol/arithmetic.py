"""The export-control panel's arithmetic: where a chip's reported figures fall against ECCN 3A090.

Pure functions over a `Chip`: no I/O, no rendering. The US rule of October 2023 (Federal Register
2023-23055) classifies chips by 'total processing performance' (TPP) and 'performance density':

- 3A090.a: TPP >= 4800, or TPP >= 1600 and density >= 5.92;
- 3A090.b: TPP >= 2400 and < 4800 with density >= 1.6 and < 5.92,
  or TPP >= 1600 with density >= 3.2 and < 5.92.

TPP = 2 x MacTOPS x bit length, i.e. a dense throughput in tera-operations per second times the
bit length of its format (the highest over formats); density = TPP / die area in mm².

The arithmetic is exact: values are read from the figures as contributors wrote them
('989.4 TFLOP/s') into decimals, so float rounding never decides a boundary.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Literal

from chipbrief.models import Chip, Claim, RateClaim
from chipbrief.units import UNITS, Quantity

#: The sources, in content/sources/, that the thresholds and formulas rest on.
RULE_SOURCES: tuple[str, ...] = (
    "federalstatelaw-2023-10-bis-advanced-computing-rule",
    "pulsestacks-2024-04-nvidia-h20-rtx4090d-restrictions",
)

DISCLAIMER = (
    "This is arithmetic on reported figures, not a legal determination: "
    "it does not say how any authority classifies this chip."
)

TPP_A = Decimal(4800)  # 3A090.a on TPP alone
TPP_B = Decimal(2400)  # lower TPP bound of the first 3A090.b test
TPP_FLOOR = Decimal(1600)  # below this, neither 3A090.a nor .b
DENSITY_A = Decimal("5.92")  # 3A090.a with TPP >= 1600; upper bound of 3A090.b
DENSITY_B_LOW = Decimal("1.6")  # lower density bound of the first 3A090.b test
DENSITY_B_HIGH = Decimal("3.2")  # lower density bound of the second 3A090.b test
_THRESHOLDS = (TPP_A, TPP_B, TPP_FLOOR, DENSITY_A, DENSITY_B_LOW, DENSITY_B_HIGH)

#: Throughput fields counted for TPP, with the bit length each format is counted at.
BIT_LENGTHS: dict[str, int] = {
    "fp64": 64,
    "fp32": 32,
    "tf32": 32,  # TF32 values are stored in 32 bits
    "fp16": 16,
    "bf16": 16,
    "fp8": 8,
    "fp4": 4,
    "int8": 8,  # OP/s rather than FLOP/s
}

Classification = Literal["3A090.a", "3A090.b", "below 3A090 thresholds", "not computable"]

_TERA = Decimal(10) ** 12


@dataclass(frozen=True)
class TppInput:
    """One dense throughput figure and the TPP it gives, with where the figure comes from."""

    spec: str  # the spec field: fp16, int8 ...
    value: str  # the figure as readers see it (units.py): '989.4 TFLOP/s'
    bits: int
    tpp: float
    source: str
    status: str
    as_of: str
    chosen: bool = False  # the highest TPP, the one the classification rests on


@dataclass(frozen=True)
class DieArea:
    """One die-area figure, with where it comes from."""

    value: str  # as readers see it (units.py): '814 mm²'
    mm2: float
    source: str
    status: str
    as_of: str


@dataclass(frozen=True)
class StatedTpp:
    """One TPP figure as a source states it (specs.tpp), with where it comes from."""

    tpp: float
    source: str
    status: str
    as_of: str


@dataclass(frozen=True)
class Assessment:
    """Where one chip's reported figures fall against the 3A090 thresholds, and how we got there."""

    chip: str
    tpp: float | None
    tpp_inputs: list[TppInput]
    die_area: DieArea | None  # the smallest reported area, which gives the highest density
    density: float | None
    classification: Classification
    missing: list[str]
    explanation: str
    tpp_range: tuple[float, float] | None = None  # lowest and highest TPP over the dense figures
    die_area_inputs: list[DieArea] = field(default_factory=list)
    stated_tpp: list[StatedTpp] = field(default_factory=list)  # TPPs as sources state them
    tpp_is_stated: bool = False  # True when `tpp` is a stated figure, not computed
    disclaimer: str = DISCLAIMER


def tpp_from_dense(flops_per_s: float, bits: int) -> float:
    """Return the TPP of a dense throughput: tera-operations per second times bit length.

    Equivalent to 2 x MacTOPS x bits, since a multiply-accumulate counts as two operations.
    989.4e12 FLOP/s at 16 bits gives 15830.4.
    """
    if not flops_per_s >= 0 or flops_per_s == float("inf"):
        raise ValueError(f"expected a finite throughput of 0 or more in FLOP/s, found {flops_per_s!r}")
    if isinstance(bits, bool) or not isinstance(bits, int) or bits <= 0:
        raise ValueError(f"expected a bit length as a positive whole number, found {bits!r}")
    return float(_tpp(Decimal(repr(flops_per_s)), bits))


def _when(claim: Claim) -> str:
    """The date words of an input: its stated as-of date, or the source's own date (on the source's line)."""
    return f"as of {claim.as_of}" if claim.as_of else "dated by its source"


def assess(chip: Chip) -> Assessment:
    """Compute TPP, density and the 3A090 class from a chip's dense throughput and die-area claims.

    With no dense throughput on record, a TPP that a source states (specs.tpp) stands in for the
    computed one, and the explanation says so.
    """
    inputs, unused = _tpp_inputs(chip)
    stated = _stated_tpps(chip)
    areas = _die_areas(chip)
    area_exact, area = min(areas, key=lambda a: a[0]) if areas else (None, None)
    area_inputs = [a for _, a in areas]
    if not inputs and not stated:
        return Assessment(
            chip=chip.id,
            tpp=None,
            tpp_inputs=[],
            die_area=area,
            density=None,
            classification="not computable",
            missing=["dense throughput or a stated TPP", *(["die area"] if not areas else [])],
            explanation=" ".join(_no_tpp_words(unused)),
            die_area_inputs=area_inputs,
        )
    if inputs:
        tpp, best = max(inputs, key=lambda pair: pair[0])
        tpp_words = [*_tpp_words(inputs, best, tpp, unused), *_stated_words(stated, used=False)]
    else:
        tpp, best = max(t for t, _ in stated), None
        tpp_words = [*_no_tpp_words(unused), *_stated_words(stated, used=True)]
    density = tpp / area_exact if area_exact is not None else None
    classification, reason = classify(tpp, density)
    tpps = [t for t, _ in inputs] or [t for t, _ in stated]
    return Assessment(
        chip=chip.id,
        tpp=float(tpp),
        tpp_inputs=[replace(i, chosen=i is best) for _, i in inputs],
        die_area=area,
        density=float(density) if density is not None else None,
        classification=classification,
        missing=[] if areas else ["die area"],
        explanation=" ".join([*tpp_words, *_density_words(tpp, density, area, area_inputs), reason]),
        tpp_range=(float(min(tpps)), float(max(tpps))),
        die_area_inputs=area_inputs,
        stated_tpp=[s for _, s in stated],
        tpp_is_stated=not inputs,
    )


def classify(tpp: Decimal, density: Decimal | None) -> tuple[Classification, str]:
    """Return the 3A090 class for a TPP and a density (None when no die area), and why, in words."""
    t = _num(tpp)
    if tpp >= TPP_A:
        return "3A090.a", f"A TPP of {t} is at or above 4,800, so it reads as 3A090.a whatever the die area."
    if tpp < TPP_FLOOR:
        return "below 3A090 thresholds", f"A TPP of {t} is below 1,600, under every 3A090 test whatever the die area."
    if density is None:
        return "not computable", (
            f"A TPP of {t} lies between 1,600 and 4,800, where the class depends on performance density, "
            "which needs a die area: not computable."
        )
    d = _num(density)
    if density >= DENSITY_A:
        return "3A090.a", f"A TPP of {t} is at or above 1,600 and a density of {d} is at or above 5.92: 3A090.a."
    if tpp >= TPP_B and density >= DENSITY_B_LOW:
        return "3A090.b", (
            f"A TPP of {t} is at or above 2,400 and below 4,800, and a density of {d} is at or above 1.6 "
            "and below 5.92: 3A090.b."
        )
    if density >= DENSITY_B_HIGH:
        return "3A090.b", (
            f"A TPP of {t} is at or above 1,600 and a density of {d} is at or above 3.2 and below 5.92: 3A090.b."
        )
    if tpp >= TPP_B:
        why = f"a TPP of {t} is at or above 2,400 but a density of {d} is below 1.6"
    else:
        why = f"a TPP of {t} is below 2,400 and a density of {d} is below 3.2"
    return "below 3A090 thresholds", f"Below the 3A090 thresholds: {why}."


# ---------------------------------------------------------------------------
# Inputs
# ---------------------------------------------------------------------------


def _tpp_inputs(chip: Chip) -> tuple[list[tuple[Decimal, TppInput]], list[str]]:
    """Return the TPP of each dense throughput claim, and the claims left out (as words)."""
    inputs: list[tuple[Decimal, TppInput]] = []
    unused: list[str] = []
    for spec, bits in BIT_LENGTHS.items():
        claims: list[RateClaim[Quantity]] = getattr(chip.specs, spec)
        for claim in claims:
            if claim.sparse is not False:
                kind = "sparse" if claim.sparse else "sparsity not stated"
                unused.append(f"{spec.upper()} {claim.value.human()}, {kind}")
                continue
            tpp = _tpp(_exact(claim.value), bits)
            item = TppInput(spec, claim.value.human(), bits, float(tpp), claim.source, claim.status, _when(claim))
            inputs.append((tpp, item))
    return inputs, unused


def _stated_tpps(chip: Chip) -> list[tuple[Decimal, StatedTpp]]:
    """Return each TPP that a source states for the chip, exactly, with where it comes from."""
    return [
        (Decimal(repr(claim.value)), StatedTpp(claim.value, claim.source, claim.status, _when(claim)))
        for claim in chip.specs.tpp
    ]


def _die_areas(chip: Chip) -> list[tuple[Decimal, DieArea]]:
    """Return each positive die-area claim with its exact value in mm²."""
    areas = []
    for claim in chip.specs.die_area:
        exact = _exact(claim.value)
        if exact > 0:
            areas.append((exact, _die_area(claim, exact)))
    return areas


def _die_area(claim: Claim[Quantity], exact: Decimal) -> DieArea:
    return DieArea(claim.value.human(), float(exact), claim.source, claim.status, _when(claim))


def _exact(quantity: Quantity) -> Decimal:
    """Read a quantity's written figure exactly, in its canonical unit ('989.4 TFLOP/s' -> 989.4e12)."""
    number, unit = quantity.text.split()
    return Decimal(number) * Decimal(repr(UNITS[quantity.unit][unit]))


def _tpp(ops_per_s: Decimal, bits: int) -> Decimal:
    return ops_per_s / _TERA * bits


# ---------------------------------------------------------------------------
# Words
# ---------------------------------------------------------------------------


def _no_tpp_words(unused: list[str]) -> list[str]:
    words = ["TPP cannot be computed: no throughput figure on record is stated as dense."]
    if unused:
        words.append(
            f"Only figures with sparsity counted or not stated were found ({'; '.join(unused)}); "
            "this panel counts dense throughput only, so they are not used for TPP."
        )
    return words


def _stated_words(stated: list[tuple[Decimal, StatedTpp]], *, used: bool) -> list[str]:
    if not stated:
        return []
    said = "; ".join(f"{_num(t)} (source {s.source}, {s.status}, {s.as_of})" for t, s in stated)
    if used:
        return [f"A TPP is stated by a source instead: {said}; the highest is used below."]
    return [f"A TPP is also stated by a source: {said}; the computed TPP above is the one used."]


def _tpp_words(inputs: list[tuple[Decimal, TppInput]], best: TppInput, tpp: Decimal, unused: list[str]) -> list[str]:
    tera = "TOP/s" if best.spec == "int8" else "TFLOP/s"
    in_tera = "" if best.value.split()[1] == tera else f" = {_num(tpp / best.bits)} {tera}"
    words = [
        "TPP is the dense throughput in tera-operations per second times the bit length of its format.",
        f"Highest: {best.spec.upper()} {best.value} (dense){in_tera} x {best.bits} bits = {_num(tpp)} "
        f"(source {best.source}, {best.status}, {best.as_of}).",
    ]
    if any(item.spec == "tf32" for _, item in inputs):
        words.append("TF32 is counted at 32 bits, the width its values are stored in.")
    if len(inputs) > 1:
        low, high = min(t for t, _ in inputs), max(t for t, _ in inputs)
        if low == high:
            words.append(f"The {len(inputs)} dense figures all give the same TPP, {_num(high)}.")
        else:
            words.append(
                f"The {len(inputs)} dense figures give TPPs from {_num(low)} to {_num(high)}; "
                "the class is worked out on the highest."
            )
    if unused:
        words.append(f"Not used for TPP, as not stated as dense: {'; '.join(unused)}.")
    return words


def _density_words(tpp: Decimal, density: Decimal | None, area: DieArea | None, areas: list[DieArea]) -> list[str]:
    if density is None or area is None:
        return ["No die area is on record, so performance density (TPP / die area in mm²) is not computed."]
    words = [
        f"Performance density = TPP / die area = {_num(tpp)} / {area.value} = {_num(density)} "
        f"(die area: source {area.source}, {area.status}, {area.as_of})."
    ]
    if len(areas) > 1:
        written = ", ".join(a.value for a in areas)
        words.append(f"Die areas reported: {written}; the smallest gives the highest density and is used.")
    return words


def _num(value: Decimal) -> str:
    """Format a number for readers: thousands separators and at most as many decimals as it needs.

    Rounding never makes a value read as a threshold it is not equal to: 5.9199 shows as
    'about 5.9199', not '5.92'.
    """
    for places in range(2, 9):
        rounded = value.quantize(Decimal(1).scaleb(-places))
        if rounded == value:
            return _group(rounded)
        if rounded not in _THRESHOLDS:
            return f"about {_group(rounded)}"
    return f"about {_group(value.quantize(Decimal('1e-8')))}"


def _group(value: Decimal) -> str:
    text = f"{value:,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text
