"""Quantities with stated SI-style units: parsing '4.0 TB/s' and printing it back for humans."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

_DECIMAL = {"": 1.0, "k": 1e3, "M": 1e6, "G": 1e9, "T": 1e12, "P": 1e15, "E": 1e18}
_BINARY = {"KiB": 2.0**10, "MiB": 2.0**20, "GiB": 2.0**30, "TiB": 2.0**40}

#: For each canonical unit, the unit spellings a contributor may write and their factor.
UNITS: dict[str, dict[str, float]] = {
    "byte": {"B": 1.0, "kB": 1e3, "MB": 1e6, "GB": 1e9, "TB": 1e12, **_BINARY},
    "byte/s": {"B/s": 1.0, "kB/s": 1e3, "MB/s": 1e6, "GB/s": 1e9, "TB/s": 1e12},
    "FLOP/s": {"FLOP/s": 1.0, "GFLOP/s": 1e9, "TFLOP/s": 1e12, "PFLOP/s": 1e15},
    "OP/s": {"OP/s": 1.0, "GOP/s": 1e9, "TOP/s": 1e12, "POP/s": 1e15},
    "W": {"W": 1.0, "kW": 1e3},
    "nm": {"nm": 1.0},
    "mm2": {"mm2": 1.0, "mm²": 1.0},
}

#: How each canonical unit is printed for readers, by prefix.
_DISPLAY = {
    "byte": ("B", ["", "k", "M", "G", "T", "P"]),
    "byte/s": ("B/s", ["", "k", "M", "G", "T", "P"]),
    "FLOP/s": ("FLOP/s", ["", "k", "M", "G", "T", "P", "E"]),
    "OP/s": ("OP/s", ["", "k", "M", "G", "T", "P", "E"]),
    "W": ("W", ["", "k"]),
    "nm": ("nm", [""]),
    "mm2": ("mm²", [""]),
}

#: Values at or above this (in the canonical unit) are refused: no chip figure comes near, and
#: 1e400 would overflow to infinity.
MAX_VALUE = 1e30

_QUANTITY = re.compile(r"^\s*(?P<number>[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)\s+(?P<unit>\S+)\s*$")


@dataclass(frozen=True)
class Quantity:
    """A number in a canonical unit, with the text the contributor wrote."""

    value: float
    unit: str
    text: str

    def __str__(self) -> str:
        return self.text

    def human(self) -> str:
        """Return the value with the largest prefix that keeps it at or above 1, e.g. '4 TB/s'.

        As precise as the contributor wrote it (456.25 mm2 stays 456.25 mm²), and at least 4 significant digits.
        """
        return format_quantity(self.value, self.unit, digits=significant_digits(self.text))


def parse_quantity(raw: object, unit: str) -> Quantity:
    """Parse '148 TFLOP/s' for the canonical unit 'FLOP/s', or raise ValueError saying what was expected."""
    accepted = UNITS[unit]
    example = f"a number and a unit, e.g. '{_example(unit)}'"
    if not isinstance(raw, str):
        raise ValueError(f"expected {example}, found {raw!r}")
    match = _QUANTITY.fullmatch(raw)
    if not match:
        raise ValueError(f"expected {example}, found {raw!r}")
    written_unit = match["unit"]
    if written_unit not in accepted:
        choices = ", ".join(accepted)
        raise ValueError(f"expected a unit of {unit} ({choices}), found {written_unit!r}")
    value = float(match["number"]) * accepted[written_unit]
    if not 0 < value < MAX_VALUE:
        size = "zero" if value == 0 else "too large a number"
        raise ValueError(f"expected a positive number below 1e30 {unit}, found {size} in {raw.strip()!r}")
    return Quantity(value=value, unit=unit, text=raw.strip())


def format_quantity(value: float, unit: str, digits: int = 4) -> str:
    """Format a canonical value for readers, the one unit style of every page: 4.0e12 byte/s -> '4 TB/s'.

    SI prefixes (the largest that keeps the number at or above 1), `mm²` for area, `FLOP/s` and `OP/s`
    written alike (`2.048 POP/s` beside `1.024 PFLOP/s`); at most `digits` significant digits.
    """
    symbol, prefixes = _DISPLAY[unit]
    exponent = 0 if value == 0 else min(max(math.floor(math.log10(abs(value)) / 3), 0), len(prefixes) - 1)
    scaled = value / 10 ** (3 * exponent)
    return f"{scaled:.{max(digits, 4)}g} {prefixes[exponent]}{symbol}"


def significant_digits(text: str) -> int:
    """How many significant digits a written quantity has: '456.25 mm2' -> 5, '4.0 TB/s' -> 2, '80e9' -> 1."""
    mantissa = re.split(r"[eE]", text.split()[0])[0] if text.split() else ""
    digits = mantissa.replace(".", "").lstrip("0")
    return len(digits.rstrip("0")) if "." not in mantissa else len(digits)


def _example(unit: str) -> str:
    return {
        "byte": "96 GB",
        "byte/s": "4.0 TB/s",
        "FLOP/s": "148 TFLOP/s",
        "OP/s": "296 TOP/s",
        "W": "400 W",
        "nm": "7 nm",
        "mm2": "814 mm2",
    }[unit]
