"""Charts of the sourced chip specs, drawn at build time as deterministic, accessible SVG.

`render_charts` is pure: the same catalog gives the same charts, byte for byte, with no
network and no global state changed (matplotlib settings live in an `rc_context`, figures
are plain `Figure` objects that pyplot never tracks). Text is drawn as outlines, so Chinese
names need no font on the reader's side. Each chart also returns the numbers it plots, with
the source ids of every value, so a table under the chart can carry the same facts.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import product
from xml.sax.saxutils import escape, quoteattr

import matplotlib
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, LogLocator, MaxNLocator, NullFormatter

from chipbrief.catalog import Catalog
from chipbrief.models import Chip, Claim
from chipbrief.units import format_quantity

#: The NVIDIA chips that the percentage charts compare against, in page order.
REFERENCES = ("nvidia-h20", "nvidia-h100-sxm")

#: Preferred font for Chinese labels; DejaVu Sans (bundled with matplotlib) when it is missing.
CJK_FONT = "Noto Sans CJK SC"
FALLBACK_FONT = "DejaVu Sans"

_COLOURS = (
    "#1f77b4",
    "#d62728",
    "#2ca02c",
    "#ff7f0e",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#17becf",
    "#7f7f7f",
    "#bcbd22",
)
_MARKERS = ("o", "s", "^", "D", "v", "P", "X")  # 7 markers x 10 colours: 70 distinct designers
_STATUS_RANK = {"confirmed": 0, "reported": 1, "estimated": 2, "rumored": 3}
_LOG_RATIO = 30.0  # use a log axis when the largest value is this many times the smallest
_SCALE = {"FLOP/s": (1e12, "TFLOP/s"), "byte/s": (1e12, "TB/s"), "byte": (1e9, "GB")}
_SVG_TAG = re.compile(r"<svg\b[^>]*>")


# ---------------------------------------------------------------------------
# What a chart returns
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Value:
    """One plotted number (or date) of a chip: which field, in canonical units, and its sources."""

    field: str  # bf16, fp16, memory_capacity, memory_bandwidth, released, announced, percent, reference
    label: str  # for a table header: "Dense BF16", "Released", "% of H20"
    value: float | str  # canonical unit (FLOP/s, byte, byte/s, %); dates as the source wrote them
    unit: str  # FLOP/s, byte, byte/s, %, date
    sources: tuple[str, ...]  # every source id that gives this value, sorted

    def human(self) -> str:
        """The value for readers: '752 TFLOP/s', '128 GB', '2025-08', '508%'."""
        if isinstance(self.value, str):
            return self.value
        if self.unit == "%":
            return f"{self.value:.0f}%"
        return format_quantity(self.value, self.unit)


@dataclass(frozen=True)
class ChartRow:
    """One plotted point or bar: the chip and the values that place it."""

    chip_id: str
    chip_name: str
    designer_id: str
    values: tuple[Value, ...]

    @property
    def sources(self) -> tuple[str, ...]:
        """Every source id behind this row, sorted."""
        return tuple(sorted({source for value in self.values for source in value.sources}))


@dataclass(frozen=True)
class Chart:
    """A rendered chart: its slug (file name), words for readers, the SVG and the numbers plotted."""

    slug: str
    title: str
    description: str
    svg: str
    rows: list[ChartRow]

    @property
    def svg_element(self) -> str:
        """The SVG without the XML declaration and doctype, for inlining in an HTML page."""
        match = _SVG_TAG.search(self.svg)
        return self.svg[match.start() :] if match else self.svg


# ---------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------


def render_charts(catalog: Catalog) -> list[Chart]:
    """Draw every chart from the catalog: throughput by date, bandwidth by capacity, % of references."""
    style = _Style.of(catalog)
    charts = [_throughput_vs_release(catalog, style), _bandwidth_vs_capacity(catalog, style)]
    for reference in REFERENCES:
        if reference in catalog.chips:
            charts.append(_share_of_reference(catalog, catalog.chips[reference]))
    return charts


def font_family(available: Iterable[str] | None = None) -> list[str]:
    """The font list for charts: Noto Sans CJK SC when installed, else DejaVu Sans, silently."""
    names = {entry.name for entry in font_manager.fontManager.ttflist} if available is None else set(available)
    return [CJK_FONT, FALLBACK_FONT] if CJK_FONT in names else [FALLBACK_FONT]


# ---------------------------------------------------------------------------
# Picking values
# ---------------------------------------------------------------------------


def _distinct(pairs: Iterable[tuple[float | str, str]]) -> list[tuple[float | str, tuple[str, ...]]]:
    """Group (value, source) pairs by value: each distinct value once, with all its sources, sorted."""
    grouped: dict[float | str, set[str]] = {}
    for value, source in pairs:
        grouped.setdefault(value, set()).add(source)
    return [(value, tuple(sorted(sources))) for value, sources in sorted(grouped.items())]


def _dense_throughput(chip: Chip) -> tuple[str, list[Claim]]:
    """The field and claims of the chip's dense BF16 figures, else its dense FP16 ones; ('', []) if none."""
    for field in ("bf16", "fp16"):
        dense = [claim for claim in getattr(chip.specs, field) if claim.sparse is False]
        if dense:
            return field, dense
    return "", []


def _has_throughput(chip: Chip) -> bool:
    return bool(chip.specs.bf16 or chip.specs.fp16)


def _quantity_values(field: str, label: str, claims: Sequence[Claim]) -> list[Value]:
    """One Value per distinct quantity among the claims, in canonical units."""
    if not claims:
        return []
    unit = claims[0].value.unit
    pairs = ((claim.value.value, claim.source) for claim in claims)
    return [Value(field, label, value, unit, sources) for value, sources in _distinct(pairs)]


def _date_values(chip: Chip) -> list[Value]:
    """The chip's release dates, else its announcement dates, one Value per distinct date."""
    field, claims = ("released", chip.released) if chip.released else ("announced", chip.announced)
    label = field.capitalize()
    return [
        Value(field, label, date, "date", sources) for date, sources in _distinct((c.value, c.source) for c in claims)
    ]


def _year_fraction(date: str) -> float:
    """A partial date as a fractional year, at the first day of its period: '2025-07' -> 2025.49."""
    parts = [int(part) for part in date.split("-")]
    day = dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    start = dt.date(day.year, 1, 1)
    length = (dt.date(day.year + 1, 1, 1) - start).days
    return day.year + (day - start).days / length


def _preferred(catalog: Catalog, claims: Sequence[Claim]) -> Claim:
    """The reference claim to divide by: the surest status, then the newest, then by source id."""
    ordered = sorted(claims, key=lambda claim: (claim.source, claim.value.value))
    ordered.sort(key=lambda claim: catalog.date_of(claim).sort_key, reverse=True)
    ordered.sort(key=lambda claim: _STATUS_RANK[claim.status])
    return ordered[0]


def _sorted_chips(catalog: Catalog) -> list[Chip]:
    return sorted(catalog.chips.values(), key=lambda chip: (chip.designer, chip.id))


def _chip_label(chip: Chip) -> str:
    return f"{chip.name} ({chip.name_zh})" if chip.name_zh else chip.name


def _reference_name(catalog: Catalog, chip: Chip) -> str:
    designer = catalog.companies.get(chip.designer)
    brand = designer.name.split()[0] if designer else ""
    return chip.name if not brand or chip.name.startswith(brand) else f"{brand} {chip.name}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


# ---------------------------------------------------------------------------
# Drawing helpers
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Style:
    """A colour, marker and legend label per designer, the same in every chart."""

    colours: dict[str, str]
    markers: dict[str, str]
    labels: dict[str, str]

    @classmethod
    def of(cls, catalog: Catalog) -> _Style:
        designers = sorted({chip.designer for chip in catalog.chips.values()})
        labels = {}
        for designer in designers:
            company = catalog.companies.get(designer)
            name = company.name if company else designer
            labels[designer] = f"{name} ({company.name_zh})" if company and company.name_zh else name
        return cls(
            colours={d: _COLOURS[i % len(_COLOURS)] for i, d in enumerate(designers)},
            markers={d: _MARKERS[i % len(_MARKERS)] for i, d in enumerate(designers)},
            labels=labels,
        )


def _needs_log(values: Sequence[float]) -> bool:
    positive = [value for value in values if value > 0]
    return bool(positive) and max(positive) / min(positive) >= _LOG_RATIO


def _plain_number(value: float, _position: object = None) -> str:
    return f"{value:g}"


def _log_axis(axis: object) -> None:
    """Label a log axis with plain numbers at 1, 2 and 5 of each decade."""
    axis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
    axis.set_major_formatter(FuncFormatter(_plain_number))
    axis.set_minor_formatter(NullFormatter())


def _scale_axis(ax: Axes, which: str, values: Sequence[float]) -> None:
    """Log scale where the range demands it, else linear from zero."""
    if _needs_log(values):
        (ax.set_xscale if which == "x" else ax.set_yscale)("log")
        _log_axis(ax.xaxis if which == "x" else ax.yaxis)
        low, high = min(values), max(values)
        (ax.set_xlim if which == "x" else ax.set_ylim)(low / 1.6, high * 1.6)
    else:
        high = max(values, default=1.0) or 1.0
        (ax.set_xlim if which == "x" else ax.set_ylim)(0, high * 1.18)


def _empty(ax: Axes, message: str) -> None:
    ax.text(0.5, 0.5, message, transform=ax.transAxes, ha="center", va="center", fontsize=11, color="#555555")


class _Labels:
    """Places point labels beside their points, trying other sides when a label would cover another."""

    _FONT_SIZE = 8.0
    _CANDIDATES = ((5, 4, "left"), (5, -12, "left"), (-5, 4, "right"), (-5, -12, "right"))

    def __init__(self, ax: Axes) -> None:
        self.ax = ax
        self.boxes: list[tuple[float, float, float, float]] = []  # placed labels, in points

    def place(self, text: str, x: float, y: float) -> None:
        """Annotate (x, y) with text on the first side whose box overlaps no label placed before."""
        scale = 72.0 / self.ax.figure.dpi
        px, py = (value * scale for value in self.ax.transData.transform((x, y)))
        width, height = 0.56 * self._FONT_SIZE * len(text), self._FONT_SIZE * 1.1
        for dx, dy, align in self._CANDIDATES:
            left = px + dx if align == "left" else px + dx - width
            box = (left, py + dy, left + width, py + dy + height)
            if not any(_overlap(box, other) for other in self.boxes):
                break
        else:
            dx, dy, align = self._CANDIDATES[0]
            left = px + dx
            box = (left, py + dy, left + width, py + dy + height)
        self.boxes.append(box)
        self.ax.annotate(
            text, (x, y), xytext=(dx, dy), textcoords="offset points", ha=align, va="bottom", fontsize=self._FONT_SIZE
        )


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _footnote(ax: Axes, text: str) -> None:
    """A small note under the axes, e.g. what the chart leaves out and why."""
    ax.annotate(text, (0.0, -0.16), xycoords="axes fraction", fontsize=8, color="#555555", va="top", wrap=True)


def _scatter(ax: Axes, style: _Style, points: list[tuple[ChartRow, float, float]]) -> None:
    """Plot points coloured and marked by designer; join a chip's disagreeing points; label each chip once."""
    by_chip: dict[str, list[tuple[ChartRow, float, float]]] = {}
    for point in points:
        by_chip.setdefault(point[0].chip_id, []).append(point)
    shown: set[str] = set()
    placer = _Labels(ax)
    for chip_points in by_chip.values():
        row = chip_points[0][0]
        colour, marker = style.colours[row.designer_id], style.markers[row.designer_id]
        xs = [x for _, x, _ in chip_points]
        ys = [y for _, _, y in chip_points]
        if len(chip_points) > 1:
            ax.plot(xs, ys, color=colour, linewidth=0.8, alpha=0.6, zorder=1)
        label = style.labels[row.designer_id] if row.designer_id not in shown else None
        shown.add(row.designer_id)
        ax.scatter(xs, ys, color=colour, marker=marker, s=42, zorder=2, label=label, edgecolors="white")
        top = max(range(len(ys)), key=lambda i: (ys[i], xs[i]))
        placer.place(row.chip_name, xs[top], ys[top])
    if shown:
        handles, labels = ax.get_legend_handles_labels()
        order = sorted(range(len(labels)), key=lambda i: labels[i])
        ax.legend(
            [handles[i] for i in order],
            [labels[i] for i in order],
            title="Designer",
            loc="upper left",
            bbox_to_anchor=(1.01, 1.0),
            fontsize=8,
            title_fontsize=9,
            frameon=False,
        )


def _draw(slug: str, title: str, description: str, size: tuple[float, float], draw: Callable[[Axes], None]) -> str:
    """Draw one figure with fixed settings and return its SVG text with <title> and <desc>."""
    settings = {
        "svg.fonttype": "path",
        "svg.hashsalt": f"chipbrief-{slug}",
        "font.family": "sans-serif",
        "font.sans-serif": font_family(),
        "axes.unicode_minus": False,
        "text.parse_math": False,  # a '$' in a chip's name is text, never mathtext (which can fail to parse)
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "grid.color": "#dddddd",
        "grid.linewidth": 0.6,
        "axes.axisbelow": True,
    }
    with matplotlib.rc_context(settings), warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .* missing from")  # no CJK font: boxes, no noise
        figure = Figure(figsize=size)
        ax = figure.add_subplot()
        ax.set_title(title, fontsize=12, loc="left")
        draw(ax)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    figure.clear()
    return _accessible(buffer.getvalue(), slug, title, description)


def _accessible(svg: str, slug: str, title: str, description: str) -> str:
    """Give the SVG a role, a <title> and a <desc> that screen readers announce."""
    match = _SVG_TAG.search(svg)
    if match is None:  # matplotlib always writes one; keep the text unchanged if not
        return svg
    tag = match.group(0)
    labelled = f'{tag[:-1]} role="img" aria-labelledby={quoteattr(f"{slug}-title {slug}-desc")}>'
    head = f'\n <title id="{slug}-title">{escape(title)}</title>\n <desc id="{slug}-desc">{escape(description)}</desc>'
    return svg[: match.start()] + labelled + head + svg[match.end() :]


# ---------------------------------------------------------------------------
# Chart 1: dense throughput against release date
# ---------------------------------------------------------------------------


def _throughput_vs_release(catalog: Catalog, style: _Style) -> Chart:
    """Dense BF16 (else FP16) throughput of each chip against its release (else announcement) date."""
    slug = "throughput-vs-release"
    title = "Dense BF16/FP16 throughput by release date"
    rows: list[ChartRow] = []
    not_dense = no_date = 0
    for chip in _sorted_chips(catalog):
        field, claims = _dense_throughput(chip)
        if not claims:
            not_dense += _has_throughput(chip)
            continue
        dates = _date_values(chip)
        if not dates:
            no_date += 1
            continue
        rates = _quantity_values(field, f"Dense {field.upper()}", claims)
        name = chip.name if field == "bf16" else f"{chip.name} (FP16)"
        rows += [ChartRow(chip.id, name, chip.designer, (date, rate)) for date, rate in product(dates, rates)]
    points = [(row, _year_fraction(row.values[0].value), row.values[1].value / 1e12) for row in rows]
    left_out = []
    if not_dense:
        left_out.append(f"{_plural(not_dense, 'chip')} whose sources do not say the figure is dense")
    if no_date:
        left_out.append(f"{_plural(no_date, 'chip')} with no sourced release or announcement date")

    def draw(ax: Axes) -> None:
        ax.set_xlabel("Release date (announcement date where no release is sourced)")
        ax.set_ylabel("Dense BF16 throughput, FP16 where no BF16 (TFLOP/s)")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:.0f}"))
        years = [x for _, x, _ in points]
        low, high = (math.floor(min(years)), math.floor(max(years))) if years else (2020, 2025)
        ax.set_xlim(low - 0.5, high + 1.5)
        _scale_axis(ax, "y", [y for _, _, y in points])
        _scatter(ax, style, points)
        if not points:
            _empty(ax, "No chip has a dense throughput figure with a date yet")
        if left_out:
            _footnote(ax, f"Not plotted: {'; '.join(left_out)}.")

    description = (
        f"Scatter plot of {_plural(len({r.chip_id for r in rows}), 'chip')}: dense (not sparse) BF16 throughput "
        "in TFLOP/s, or FP16 where no BF16 figure is sourced, against the release date, or the announcement "
        "date where no release is sourced; a partial date is placed at the start of its period. Colour and "
        "marker show the designer. Where sources disagree, every value is plotted and a line joins them."
        + (f" Not plotted: {'; '.join(left_out)}." if left_out else "")
    )
    svg = _draw(slug, title, description, (9.0, 5.5), draw)
    return Chart(slug, title, description, svg, rows)


# ---------------------------------------------------------------------------
# Chart 2: memory bandwidth against capacity
# ---------------------------------------------------------------------------


def _bandwidth_vs_capacity(catalog: Catalog, style: _Style) -> Chart:
    """Memory bandwidth of each chip against its memory capacity, every sourced pair plotted."""
    slug = "bandwidth-vs-capacity"
    title = "Memory bandwidth by memory capacity"
    rows: list[ChartRow] = []
    for chip in _sorted_chips(catalog):
        capacities = _quantity_values("memory_capacity", "Memory capacity", chip.specs.memory_capacity)
        bandwidths = _quantity_values("memory_bandwidth", "Memory bandwidth", chip.specs.memory_bandwidth)
        rows += [ChartRow(chip.id, chip.name, chip.designer, pair) for pair in product(capacities, bandwidths)]
    points = [(row, row.values[0].value / 1e9, row.values[1].value / 1e12) for row in rows]

    def draw(ax: Axes) -> None:
        ax.set_xlabel("Memory capacity (GB)")
        ax.set_ylabel("Memory bandwidth (TB/s)")
        _scale_axis(ax, "x", [x for _, x, _ in points])
        _scale_axis(ax, "y", [y for _, _, y in points])
        _scatter(ax, style, points)
        if not points:
            _empty(ax, "No chip has both a memory capacity and a memory bandwidth yet")

    description = (
        f"Scatter plot of {_plural(len({r.chip_id for r in rows}), 'chip')}: memory bandwidth in TB/s against "
        "memory capacity in GB, for chips with both figures sourced. Colour and marker show the designer. "
        "Where sources disagree, every combination of values is plotted and a line joins them."
    )
    svg = _draw(slug, title, description, (9.0, 5.5), draw)
    return Chart(slug, title, description, svg, rows)


# ---------------------------------------------------------------------------
# Chart 3: each chip's figures as a share of an NVIDIA reference
# ---------------------------------------------------------------------------

_Metric = tuple[str, str, Callable[[Chip], tuple[str, list[Claim]]]]
_METRICS: tuple[_Metric, ...] = (
    ("throughput", "Dense BF16/FP16", _dense_throughput),
    ("memory_capacity", "Memory capacity", lambda chip: ("memory_capacity", list(chip.specs.memory_capacity))),
    ("memory_bandwidth", "Memory bandwidth", lambda chip: ("memory_bandwidth", list(chip.specs.memory_bandwidth))),
)
_METRIC_WORDS = {
    "Dense BF16/FP16": "dense BF16/FP16 throughput",
    "Memory capacity": "memory capacity",
    "Memory bandwidth": "memory bandwidth",
}


def _series(labels: Sequence[str]) -> str:
    """Metric labels as words in a sentence: 'memory capacity and memory bandwidth'."""
    words = [_METRIC_WORDS[label] for label in labels]
    return " and ".join(filter(None, [", ".join(words[:-1]), words[-1]])) if words else ""


_METRIC_COLOURS = {"throughput": "#1f77b4", "memory_capacity": "#ff7f0e", "memory_bandwidth": "#2ca02c"}


def _field_label(field: str) -> str:
    return f"Dense {field.upper()}" if field in ("bf16", "fp16") else field.replace("_", " ").capitalize()


def _share_of_reference(catalog: Catalog, reference: Chip) -> Chart:
    """Bars of each chip's dense throughput, memory capacity and bandwidth as % of the reference chip's."""
    slug = f"share-of-{reference.id}"
    ref_name = _reference_name(catalog, reference)
    title = f"Chips as a percentage of the {ref_name}"
    bases: dict[str, Value] = {}
    for key, _label, pick in _METRICS:
        field, claims = pick(reference)
        if claims:
            chosen = _preferred(catalog, claims)
            label = f"{ref_name} {_field_label(field)}"
            bases[key] = Value("reference", label, chosen.value.value, chosen.value.unit, (chosen.source,))
    rows: list[ChartRow] = []
    bars: list[tuple[str, str, float]] = []  # (chip label, metric key, percent)
    for chip in _sorted_chips(catalog):
        if chip.id == reference.id:
            continue
        for key, _label, pick in _METRICS:
            field, claims = pick(chip)
            if key not in bases or not claims:
                continue
            base = bases[key]
            for value in _quantity_values(field, _field_label(field), claims):
                percent = 100.0 * value.value / base.value
                share = Value(
                    "percent", f"% of {ref_name}", percent, "%", tuple(sorted({*value.sources, *base.sources}))
                )
                rows.append(ChartRow(chip.id, chip.name, chip.designer, (value, base, share)))
                bars.append((_chip_label(chip), key, percent))

    def draw(ax: Axes) -> None:
        _bars(ax, bars, ref_name)

    kept = [label for key, label, _ in _METRICS if key in bases]
    missing = [label for key, label, _ in _METRICS if key not in bases]
    base_words = "; ".join(f"{value.label} = {value.human()} ({value.sources[0]})" for value in bases.values())
    description = (
        f"Horizontal bar chart of {_plural(len({r.chip_id for r in rows}), 'chip')}: "
        f"{_series(kept) or 'no figure'} as a percentage of the {ref_name}'s "
        f"(100% line). Reference values: {base_words or 'none sourced'}. Throughput counts only figures "
        "the sources call dense: BF16, or FP16 where no BF16 figure is sourced. A chip lacking a figure has "
        "no bar for it; where sources disagree, each value has its own bar. Where sources disagree on the "
        "reference, the value with the surest status, then the newest, is used."
        + (f" The {ref_name} has no sourced {_series(missing)}, so that is not compared." if missing else "")
    )
    height = max(3.0, 1.2 + 0.24 * len(bars) + 0.12 * len({label for label, _, _ in bars}))
    svg = _draw(slug, title, description, (9.0, height), draw)
    return Chart(slug, title, description, svg, rows)


def _bars(ax: Axes, bars: list[tuple[str, str, float]], ref_name: str) -> None:
    """Draw grouped horizontal bars, one group per chip, top to bottom, with a 100% reference line."""
    if not bars:
        _empty(ax, f"No chip has a figure the {ref_name} can be compared with yet")
        ax.set_yticks([])
        return
    positions: list[float] = []
    ticks: dict[str, list[float]] = {}
    y = 0.0
    previous = None
    for label, _key, _percent in bars:
        if previous is not None and label != previous:
            y += 0.6  # gap between chips
        positions.append(y)
        ticks.setdefault(label, []).append(y)
        previous = label
        y += 1.0
    percents = [percent for _, _, percent in bars]
    names = {key: label for key, label, _ in _METRICS}
    seen: set[str] = set()
    for (_label, key, percent), position in zip(bars, positions, strict=True):
        legend = names[key] if key not in seen else None
        seen.add(key)
        ax.barh(position, percent, height=0.8, color=_METRIC_COLOURS[key], label=legend)
        ax.annotate(f"{percent:.0f}%", (percent, position), xytext=(3, 0), textcoords="offset points",
                    va="center", fontsize=7)  # fmt: skip
    ax.axvline(100.0, color="#333333", linewidth=1.0, linestyle="--", zorder=3)
    ax.set_yticks([sum(ys) / len(ys) for ys in ticks.values()], list(ticks), fontsize=8)
    ax.tick_params(axis="y", length=0)
    ax.set_ylim(y - 0.4, -0.6)  # first chip at the top
    ax.grid(axis="y", visible=False)
    _scale_axis(ax, "x", [*percents, 100.0])
    ax.set_xlabel(f"Percentage of the {ref_name}'s value (%)")
    handles, labels = ax.get_legend_handles_labels()
    order = [labels.index(names[key]) for key, _, _ in _METRICS if names[key] in labels]
    ax.legend([handles[i] for i in order], [labels[i] for i in order], loc="lower right", fontsize=8, framealpha=0.9)
