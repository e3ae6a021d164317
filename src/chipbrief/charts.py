"""Charts of the sourced chip specs, drawn at build time as deterministic, accessible SVG.

`render_charts` is pure: the same catalog gives the same charts, byte for byte, with no
network and no global state changed (matplotlib settings live in an `rc_context`, figures
are plain `Figure` objects that pyplot never tracks).

What a reader gets:
- Text is real SVG `<text>` (`svg.fonttype: none`): it can be selected, searched and
  translated. The drawing names no font of its own in a text element; the page's CSS picks the
  font (`--cb-chart-font`, the reader's own fonts, Chinese included), and a standalone file falls
  back to the stack on its root. Layout is measured with DejaVu Sans, which matplotlib bundles,
  so the bytes do not depend on the fonts a machine has.
- Colours are CSS variables (`--cb-chart-fg`, `--cb-chart-1` ...) with light-scheme fallbacks,
  and the background is transparent: an inline chart follows Material's light and slate schemes.
- Each chart is drawn twice, for a wide column (648 units across) and a narrow one (342), with no
  text smaller than 11 units: shown at the column's width, labels stay at least 11 px (the page's
  CSS picks the drawing by the column's width, with a container query).
- Percentages use a linear axis; every series is one metric (throughput is dense BF16 only).
- Each chart returns the numbers it plots, with the source ids of every value and the table's
  column headers, so the table under it carries the same facts.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import unicodedata
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import product
from xml.sax.saxutils import escape, quoteattr

import matplotlib
from markupsafe import Markup
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, LogLocator, MaxNLocator, NullFormatter

from chipbrief.catalog import Catalog
from chipbrief.models import Chip, Claim
from chipbrief.safety import inline_svg
from chipbrief.units import format_quantity

#: The NVIDIA chips that the percentage charts compare against, in page order.
REFERENCES = ("nvidia-h20", "nvidia-h100-sxm")

#: The font matplotlib measures text with: bundled with matplotlib, so layout is the same everywhere.
MEASURE_FONT = "DejaVu Sans"
#: The fonts a standalone SVG file asks for (an inline chart takes the page's --cb-chart-font instead).
FONT_STACK = (
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", '
    '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif'
)
#: The smallest text in any chart, in SVG user units (px when shown at the drawing's own width).
MIN_FONT = 11.0
_FONT = {"tick": 11.0, "point": 11.0, "legend": 11.0, "label": 12.0, "title": 14.0}


@dataclass(frozen=True)
class Layout:
    """One drawing of a chart: its name (the CSS class suffix) and width in SVG units (1/72 in)."""

    name: str
    width: float

    @property
    def narrow(self) -> bool:
        return self.name == "narrow"


#: The wide drawing fits the desktop column (about 720 px at 1280), the narrow one a phone's (358 px at 390).
WIDE = Layout("wide", 648.0)
NARROW = Layout("narrow", 342.0)
LAYOUTS = (WIDE, NARROW)

# Colours: drawn with sentinel colours, then rewritten as CSS variables with the light-scheme value as
# fallback. docs/stylesheets/chipbrief.css sets the variables for Material's default and slate schemes.
_INKS = {
    "#000001": ("--cb-chart-fg", "#1f1f1f"),  # text, axes, ticks, the 100% line
    "#000002": ("--cb-chart-grid", "#d9d9d9"),
    "#000003": ("--cb-chart-bg", "#ffffff"),  # marker outlines, which must read as the page's background
}
#: Series colours (light scheme): Okabe-Ito, distinguishable with colour-blindness; markers tell them apart too.
SERIES_COLOURS = ("#0072b2", "#d55e00", "#007a5a", "#b4518c", "#a66f00", "#2b8cc4", "#6b6b6b", "#8c6d31")
_SERIES_SENTINEL = "#0001{:02x}"
for _i, _colour in enumerate(SERIES_COLOURS):
    _INKS[_SERIES_SENTINEL.format(_i)] = (f"--cb-chart-{_i + 1}", _colour)
FG, GRID, BG = "#000001", "#000002", "#000003"

_MARKERS = ("o", "s", "^", "D", "v", "P", "X")  # 7 markers x 8 colours: 56 distinct designers
_STATUS_RANK = {"confirmed": 0, "reported": 1, "estimated": 2, "rumored": 3}
_LOG_RATIO = 30.0  # a scatter axis is logarithmic when the largest value is this many times the smallest
_SVG_TAG = re.compile(r"<svg\b[^>]*>")
_TAG = re.compile(r"<[^>]*>")  # text content never holds a raw '<' or '>': matplotlib escapes them
_HEX = re.compile(r"#[0-9a-f]{6}\b")
_FONT_FAMILY = re.compile(r"font-family: [^;\"]*(; )?")


#: Turns an interface string (English, with %(name)s variables) into the reader's language: i18n's Catalogue.text.
Translate = Callable[..., str]


def english(message: str, **variables: object) -> str:
    """The English interface: the message itself, its variables filled in."""
    return message % variables if variables else message


def series(index: int) -> str:
    """The (sentinel) colour of series number index, for matplotlib."""
    return _SERIES_SENTINEL.format(index % len(SERIES_COLOURS))


# ---------------------------------------------------------------------------
# What a chart returns
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Value:
    """One plotted number (or date) of a chip: which field, in canonical units, and its sources."""

    field: str  # bf16, memory_capacity, memory_bandwidth, released, announced, percent, reference
    label: str  # the metric, for readers: "Dense BF16 throughput", "Released", "% of H20"
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
    """One plotted point or bar: the chip, the values that place it and the table cells that show them."""

    chip_id: str
    chip_name: str
    designer_id: str
    values: tuple[Value, ...]
    cells: tuple[str, ...]  # one per column of the chart's table, after Chip and Designer

    @property
    def sources(self) -> tuple[str, ...]:
        """Every source id behind this row, sorted."""
        return tuple(sorted({source for value in self.values for source in value.sources}))


@dataclass(frozen=True)
class Chart:
    """A rendered chart: slug (file name), words for readers, a drawing per layout, table columns and rows."""

    slug: str
    title: str
    description: str
    drawings: dict[str, str]  # layout name -> SVG document
    columns: tuple[str, ...]  # the table's headers between Designer and Sources
    rows: list[ChartRow]

    @property
    def svg(self) -> str:
        """The wide drawing as a standalone SVG file (charts/<slug>.svg)."""
        return self.drawings[WIDE.name]

    @property
    def svg_element(self) -> str:
        """The wide drawing without the XML declaration and doctype, for inlining in an HTML page."""
        return self.element(WIDE.name)

    def element(self, layout: str) -> str:
        """One drawing without its XML declaration and doctype, for inlining in an HTML page."""
        svg = self.drawings[layout]
        match = _SVG_TAG.search(svg)
        return svg[match.start() :] if match else svg

    def inline(self, layout: str) -> Markup:
        """One drawing for a page's HTML, checked by `safety.inline_svg` (which refuses anything but a chart)."""
        return inline_svg(self.element(layout))


# ---------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------


def render_charts(catalog: Catalog, t: Translate = english) -> list[Chart]:
    """Draw every chart from the catalog: throughput by date, bandwidth by capacity, % of references.

    `t` translates the interface words (titles, axis labels, legends, table headers, descriptions);
    every string it is given is written in English at the call, as `_()` strings are.
    """
    style = _Style.of(catalog)
    charts = [_throughput_vs_release(catalog, style, t), _bandwidth_vs_capacity(catalog, style, t)]
    for reference in REFERENCES:
        if reference in catalog.chips:
            charts.append(_share_of_reference(catalog, catalog.chips[reference], t))
    return charts


# ---------------------------------------------------------------------------
# Picking values
# ---------------------------------------------------------------------------


def _distinct(pairs: Iterable[tuple[float | str, str]]) -> list[tuple[float | str, tuple[str, ...]]]:
    """Group (value, source) pairs by value: each distinct value once, with all its sources, sorted."""
    grouped: dict[float | str, set[str]] = {}
    for value, source in pairs:
        grouped.setdefault(value, set()).add(source)
    return [(value, tuple(sorted(sources))) for value, sources in sorted(grouped.items())]


def _dense(chip: Chip, field: str) -> list[Claim]:
    """The claims of one throughput field that the sources call dense."""
    return [claim for claim in getattr(chip.specs, field) if claim.sparse is False]


def metric_label(field: str, t: Translate = english) -> str:
    """A spec field as a chart's metric: 'Dense BF16 throughput', 'Memory capacity'."""
    if field in ("bf16", "fp16", "fp8", "fp32", "int8"):
        return t("Dense %(format)s throughput", format=field.upper())
    if field == "memory_capacity":
        return t("Memory capacity")
    if field == "memory_bandwidth":
        return t("Memory bandwidth")
    raise ValueError(f"no chart metric for {field!r}")


def _quantity_values(field: str, claims: Sequence[Claim], t: Translate = english) -> list[Value]:
    """One Value per distinct quantity among the claims, in canonical units."""
    if not claims:
        return []
    unit = claims[0].value.unit
    pairs = ((claim.value.value, claim.source) for claim in claims)
    return [Value(field, metric_label(field, t), value, unit, sources) for value, sources in _distinct(pairs)]


def _date_values(chip: Chip, t: Translate = english) -> list[Value]:
    """The chip's release dates, else its announcement dates, one Value per distinct date."""
    field, claims = ("released", chip.released) if chip.released else ("announced", chip.announced)
    label = t("Released") if field == "released" else t("Announced")
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
    """The chips and cards the charts compare, by designer and id; systems (racks, pods) are left out."""
    chips = (chip for chip in catalog.chips.values() if chip.kind != "system")
    return sorted(chips, key=lambda chip: (chip.designer, chip.id))


def _systems_note(catalog: Catalog, t: Translate) -> list[str]:
    """The sentence that says which systems are left out, and why; none when there are none."""
    names = sorted(chip.name for chip in catalog.chips.values() if chip.kind == "system")
    if not names:
        return []
    return [t("Systems are not compared with chips, so these are left out: %(names)s.", names=", ".join(names))]


def _reference_name(catalog: Catalog, chip: Chip) -> str:
    designer = catalog.companies.get(chip.designer)
    brand = designer.name.split()[0] if designer else ""
    return chip.name if not brand or chip.name.startswith(brand) else f"{brand} {chip.name}"


def _chips(count: int, t: Translate) -> str:
    return t("1 chip") if count == 1 else t("%(count)s chips", count=count)


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
            name = (company.short_name or company.name) if company else designer  # the name for tight spaces
            label = f"{name} ({company.name_zh})" if company and company.name_zh else name
            labels[designer] = clipped(label, 0.8 * NARROW.width, _FONT["legend"])
        return cls(
            colours={d: series(i) for i, d in enumerate(designers)},
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
    """A scatter axis: logarithmic where the range demands it (the label says so), else linear from zero."""
    if _needs_log(values):
        (ax.set_xscale if which == "x" else ax.set_yscale)("log")
        _log_axis(ax.xaxis if which == "x" else ax.yaxis)
        low, high = min(values), max(values)
        (ax.set_xlim if which == "x" else ax.set_ylim)(low / 1.6, high * 1.6)
    else:
        _linear_axis(ax, which, values)


def _linear_axis(ax: Axes, which: str, values: Sequence[float]) -> None:
    """A linear axis from zero with head room for the labels at its far end."""
    high = max(values, default=1.0) or 1.0
    (ax.set_xlim if which == "x" else ax.set_ylim)(0, high * 1.18)
    axis = ax.xaxis if which == "x" else ax.yaxis
    axis.set_major_locator(MaxNLocator(nbins=5 if which == "x" else 6, min_n_ticks=3))
    axis.set_major_formatter(FuncFormatter(_plain_number))


def _is_log(ax: Axes, which: str) -> bool:
    return (ax.get_xscale() if which == "x" else ax.get_yscale()) == "log"


def _axis_label(text: str, log: bool, t: Translate) -> str:
    return t("%(label)s, log scale", label=text) if log else text


def _empty(ax: Axes, message: str) -> None:
    ax.text(0.5, 0.5, message, transform=ax.transAxes, ha="center", va="center", fontsize=_FONT["label"], wrap=True)
    ax.set_xticks([])
    ax.set_yticks([])


def text_width(text: str, size: float) -> float:
    """The width of one line of text in points, generous for any reader's font: wide (CJK) letters count 1 em."""
    ems = sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.62 for ch in text)
    return ems * size


def clipped(text: str, width: float, size: float = _FONT["tick"]) -> str:
    """One line of text cut to a width in points, with an ellipsis: a long name never squeezes the plot away.

    The table under the chart keeps the whole name.
    """
    if text_width(text, size) <= width:
        return text
    while text and text_width(text + "…", size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


class _Labels:
    """Places point labels beside their points; a label that would cover another or leave the axes is left out."""

    _CANDIDATES = ((6, 3, "left"), (6, -14, "left"), (-6, 3, "right"), (-6, -14, "right"))

    def __init__(self, ax: Axes) -> None:
        self.ax = ax
        self.boxes: list[tuple[float, float, float, float]] = []  # placed labels, in points
        self.left_out = 0

    def place(self, text: str, x: float, y: float) -> None:
        """Annotate (x, y) with text on the first side whose box overlaps no label placed before."""
        size = _FONT["point"]
        scale = 72.0 / self.ax.figure.dpi
        px, py = (value * scale for value in self.ax.transData.transform((x, y)))
        x0, y0, x1, y1 = (value * scale for value in self.ax.bbox.extents)
        width, height = text_width(text, size), size * 1.2
        for dx, dy, align in self._CANDIDATES:
            left = px + dx if align == "left" else px + dx - width
            box = (left, py + dy, left + width, py + dy + height)
            inside = x0 <= box[0] and box[2] <= x1 and y0 <= box[1] and box[3] <= y1
            if inside and not any(_overlap(box, other) for other in self.boxes):
                break
        else:
            self.left_out += 1
            return
        self.boxes.append(box)
        label = self.ax.annotate(
            text, (x, y), xytext=(dx, dy), textcoords="offset points", ha=align, va="bottom", fontsize=size, color=FG
        )
        label.set_in_layout(False)


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _scatter(ax: Axes, layout: Layout, style: _Style, points: list[tuple[ChartRow, float, float]], t: Translate) -> int:
    """Plot points coloured and marked by designer; join a chip's disagreeing points; label each chip once.

    Returns how many chips have no name beside their point (there was no room); the table names every one.
    """
    by_chip: dict[str, list[tuple[ChartRow, float, float]]] = {}
    for point in points:
        by_chip.setdefault(point[0].chip_id, []).append(point)
    by_designer: dict[str, list[tuple[float, float]]] = {}
    for chip_points in by_chip.values():
        row = chip_points[0][0]
        xs = [x for _, x, _ in chip_points]
        ys = [y for _, _, y in chip_points]
        if len(chip_points) > 1:
            ax.plot(xs, ys, color=style.colours[row.designer_id], linewidth=1.0, alpha=0.7, zorder=1)
        by_designer.setdefault(row.designer_id, []).extend(zip(xs, ys, strict=True))
    for designer, xys in by_designer.items():  # one collection per designer: far fewer artists to lay out
        colour, marker = style.colours[designer], style.markers[designer]
        xs, ys = [x for x, _ in xys], [y for _, y in xys]
        ax.scatter(xs, ys, color=colour, marker=marker, s=48, zorder=2, label=style.labels[designer],
                   edgecolors=BG, linewidths=0.8)  # fmt: skip
    if by_designer:
        handles, labels = ax.get_legend_handles_labels()
        order = sorted(range(len(labels)), key=lambda i: labels[i])
        _legend(ax, layout, [handles[i] for i in order], [labels[i] for i in order], t("Designer"))
    ax.figure.draw_without_rendering()  # the final layout: point labels are placed against it
    placer = _Labels(ax)
    for chip_points in by_chip.values():
        xs = [x for _, x, _ in chip_points]
        ys = [y for _, _, y in chip_points]
        top = max(range(len(ys)), key=lambda i: (ys[i], xs[i]))
        placer.place(chip_points[0][0].chip_name, xs[top], ys[top])
    return placer.left_out


def _legend_columns(labels: Iterable[str], layout: Layout) -> int:
    """Legend columns under the plot: as many as the longest label allows across the drawing."""
    longest = max((text_width(label, _FONT["legend"]) for label in labels), default=0.0)
    return max(1, min(3, int((layout.width - 20) // (longest + 40))))


def _scatter_height(labels: Iterable[str], layout: Layout) -> float:
    """A scatter's height in inches: the plot, then the legend's rows under it."""
    labels = list(labels)
    rows = math.ceil(len(labels) / _legend_columns(labels, layout)) + 1  # + the title row
    plot = 4.6 if layout.narrow else 4.4
    return plot + rows * _FONT["legend"] * 1.45 / 72.0


def _legend(ax: Axes, layout: Layout, handles: list, labels: list[str], title: str | None) -> None:
    """The legend under the plot, so the plot keeps the drawing's whole width."""
    ax.figure.legend(
        handles,
        labels,
        title=title,
        loc="outside lower center",
        ncols=_legend_columns(labels, layout),
        fontsize=_FONT["legend"],
        title_fontsize=_FONT["legend"],
        frameon=False,
        labelcolor=FG,
        alignment="left",
    )


def _draw(
    slug: str,
    title: str,
    description: str,
    height: Callable[[Layout], float],
    draw: Callable[[Axes, Layout], None],
    suptitle: bool = True,
) -> dict[str, str]:
    """Draw one chart in every layout, with fixed settings; return each SVG, with <title> and <desc>.

    The wide drawing shows the title on top (`suptitle`), or leaves it to `draw` (a legend on top carries it);
    the narrow one has none: a phone shows the page's heading right above, and the drawing keeps its room.
    """
    drawings = {}
    for layout in LAYOUTS:
        settings = {
            "svg.fonttype": "none",  # real <text>: selectable, searchable, translatable
            "svg.hashsalt": f"chipbrief-{slug}-{layout.name}",
            "font.family": "sans-serif",
            "font.sans-serif": [MEASURE_FONT],
            "font.size": _FONT["tick"],
            "axes.unicode_minus": False,
            "text.parse_math": False,  # a '$' in a chip's name is text, never mathtext (which can fail to parse)
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid": True,
            "axes.axisbelow": True,
            "axes.edgecolor": FG,
            "axes.labelcolor": FG,
            "axes.titlecolor": FG,
            "axes.labelsize": _FONT["label"],
            "xtick.color": FG,
            "ytick.color": FG,
            "xtick.labelsize": _FONT["tick"],
            "ytick.labelsize": _FONT["tick"],
            "grid.color": GRID,
            "grid.linewidth": 0.7,
            "text.color": FG,
            "legend.labelcolor": FG,
        }
        with matplotlib.rc_context(settings), warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=r"Glyph \d+ .* missing from")  # measured as a box; fine
            figure = Figure(figsize=(layout.width / 72.0, height(layout)), layout="constrained")
            ax = figure.add_subplot()
            if suptitle and not layout.narrow:
                figure.suptitle(title, fontsize=_FONT["title"], x=0.0, ha="left", color=FG)
            draw(ax, layout)
            buffer = io.StringIO()
            figure.savefig(buffer, format="svg", metadata={"Date": None}, transparent=True)
        figure.clear()
        drawings[layout.name] = _finish(buffer.getvalue(), f"{slug}-{layout.name}", title, description)
    return drawings


def _finish(svg: str, prefix: str, title: str, description: str) -> str:
    """Make matplotlib's SVG fit the page: CSS colours and font, ids of its own, a role, <title> and <desc>."""
    svg = re.sub(r"\s*<metadata>.*?</metadata>", "", svg, count=1, flags=re.S)
    svg = re.sub(r'\s*<style type="text/css">[^<]*</style>', "", svg, count=1)  # it would style the whole page
    svg = _TAG.sub(lambda match: _retag(match.group(0), prefix), svg)
    match = _SVG_TAG.search(svg)
    if match is None:  # matplotlib always writes one; keep the text unchanged if not
        return svg
    tag = match.group(0)
    attributes = (
        f' class="cb-chart-svg" role="img" aria-labelledby={quoteattr(f"{prefix}-title {prefix}-desc")}'
        f' font-family={quoteattr(FONT_STACK)} stroke-linejoin="round" stroke-linecap="butt"'
    )
    head = (
        f'\n <title id="{prefix}-title">{escape(title)}</title>\n <desc id="{prefix}-desc">{escape(description)}</desc>'
    )
    return svg[: match.start()] + tag[:-1] + attributes + ">" + head + svg[match.end() :]


def _retag(tag: str, prefix: str) -> str:
    """One tag: colours as CSS variables, no font-family of its own, every id and reference prefixed."""
    tag = re.sub(r'style="([^"]*)"', lambda m: f'style="{_inks(_FONT_FAMILY.sub("", m[1]))}"', tag)
    tag = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}-{m[1]}"', tag)
    tag = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}-{m[1]})", tag)
    return re.sub(r'href="#([^"]+)"', lambda m: f'href="#{prefix}-{m[1]}"', tag)


def _inks(style: str) -> str:
    def ink(match: re.Match[str]) -> str:
        if match.group(0) not in _INKS:
            return match.group(0)
        variable, fallback = _INKS[match.group(0)]
        return f"var({variable}, {fallback})"

    return _HEX.sub(ink, style)


# ---------------------------------------------------------------------------
# Chart 1: dense BF16 throughput against release date
# ---------------------------------------------------------------------------


def _throughput_vs_release(catalog: Catalog, style: _Style, t: Translate) -> Chart:
    """Dense BF16 throughput of each chip against its release (else announcement) date."""
    slug = "throughput-vs-release"
    title = t("Dense BF16 throughput by release date")
    rows: list[ChartRow] = []
    fp16_only = not_dense = no_date = 0
    for chip in _sorted_chips(catalog):
        claims = _dense(chip, "bf16")
        if not claims:
            fp16_only += bool(_dense(chip, "fp16"))
            not_dense += bool(chip.specs.bf16) and not _dense(chip, "fp16")
            continue
        dates = _date_values(chip, t)
        if not dates:
            no_date += 1
            continue
        for date, rate in product(dates, _quantity_values("bf16", claims, t)):
            when = date.value if date.field == "released" else t("%(date)s (announced)", date=date.value)
            rows.append(ChartRow(chip.id, chip.name, chip.designer, (date, rate), (str(when), rate.human())))
    points = [(row, _year_fraction(str(row.values[0].value)), float(row.values[1].value) / 1e12) for row in rows]
    left_out = []
    if fp16_only:
        left_out.append(t("%(chips)s with a dense FP16 figure but no dense BF16 one", chips=_chips(fp16_only, t)))
    if not_dense:
        left_out.append(t("%(chips)s whose sources do not say the BF16 figure is dense", chips=_chips(not_dense, t)))
    if no_date:
        left_out.append(t("%(chips)s with no sourced release or announcement date", chips=_chips(no_date, t)))
    date_label = t("Released (else announced)")

    def axes(ax: Axes, layout: Layout) -> None:
        years = [x for _, x, _ in points]
        low, high = (math.floor(min(years)), math.floor(max(years))) if years else (2020, 2025)
        ax.set_xlim(low - 0.5, high + 1.5)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=4 if layout.narrow else 8))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:.0f}"))
        _scale_axis(ax, "y", [y for _, _, y in points])
        ax.set_xlabel(date_label)
        ax.set_ylabel(_axis_label(t("Dense BF16 (TFLOP/s)"), _is_log(ax, "y"), t))

    sentences = [
        t(
            "Scatter plot of %(chips)s: dense (not sparse) BF16 throughput in TFLOP/s against the release date, "
            "or the announcement date where no release is sourced; a partial date is placed at the start of its "
            "period.",
            chips=_chips(len({r.chip_id for r in rows}), t),
        ),
        t("Colour and marker show the designer."),
        t("Where sources disagree, every value is plotted and a line joins them."),
        t("FP16 figures are not mixed in: they are not the same metric."),
        *([t("Not plotted: %(reasons)s.", reasons="; ".join(left_out))] if left_out else []),
        *_systems_note(catalog, t),
    ]
    empty = t("No chip has a dense BF16 figure with a date yet")
    columns = (date_label, metric_label("bf16", t))
    return _scatter_chart(slug, title, style, rows, points, axes, empty, sentences, columns, t)


# ---------------------------------------------------------------------------
# Chart 2: memory bandwidth against capacity
# ---------------------------------------------------------------------------


def _bandwidth_vs_capacity(catalog: Catalog, style: _Style, t: Translate) -> Chart:
    """Memory bandwidth of each chip against its memory capacity, every sourced pair plotted."""
    slug = "bandwidth-vs-capacity"
    title = t("Memory bandwidth by memory capacity")
    rows: list[ChartRow] = []
    for chip in _sorted_chips(catalog):
        capacities = _quantity_values("memory_capacity", chip.specs.memory_capacity, t)
        bandwidths = _quantity_values("memory_bandwidth", chip.specs.memory_bandwidth, t)
        for pair in product(capacities, bandwidths):
            rows.append(ChartRow(chip.id, chip.name, chip.designer, pair, tuple(value.human() for value in pair)))
    points = [(row, float(row.values[0].value) / 1e9, float(row.values[1].value) / 1e12) for row in rows]

    def axes(ax: Axes, layout: Layout) -> None:
        _scale_axis(ax, "x", [x for _, x, _ in points])
        _scale_axis(ax, "y", [y for _, _, y in points])
        ax.set_xlabel(_axis_label(t("Memory capacity (GB)"), _is_log(ax, "x"), t))
        ax.set_ylabel(_axis_label(t("Memory bandwidth (TB/s)"), _is_log(ax, "y"), t))

    sentences = [
        t(
            "Scatter plot of %(chips)s: memory bandwidth in TB/s against memory capacity in GB, for chips with "
            "both figures sourced.",
            chips=_chips(len({r.chip_id for r in rows}), t),
        ),
        t("Colour and marker show the designer; chips are named where there is room, and all in the table."),
        t("Where sources disagree, every combination of values is plotted and a line joins them."),
        *_systems_note(catalog, t),
    ]
    empty = t("No chip has both a memory capacity and a memory bandwidth yet")
    columns = (metric_label("memory_capacity", t), metric_label("memory_bandwidth", t))
    return _scatter_chart(slug, title, style, rows, points, axes, empty, sentences, columns, t)


def _scatter_chart(
    slug: str,
    title: str,
    style: _Style,
    rows: list[ChartRow],
    points: list[tuple[ChartRow, float, float]],
    axes: Callable[[Axes, Layout], None],
    empty: str,
    sentences: list[str],
    columns: tuple[str, ...],
    t: Translate,
) -> Chart:
    """A scatter chart of chips by designer: `axes` sets its scales and labels, `empty` shows when no point has both.

    Both scatter charts share this: the drawing in each layout, its height (room for the legend), the
    description read by screen readers (the sentences, joined) and the table of the same numbers.
    """

    def draw(ax: Axes, layout: Layout) -> None:
        axes(ax, layout)
        if not points:
            _empty(ax, empty)
            return
        _scatter(ax, layout, style, points, t)

    def height(layout: Layout) -> float:
        return _scatter_height({style.labels[row.designer_id] for row in rows}, layout)

    description = " ".join(sentences)
    return Chart(slug, title, description, _draw(slug, title, description, height, draw), columns, rows)


# ---------------------------------------------------------------------------
# Chart 3: each chip's figures as a share of an NVIDIA reference
# ---------------------------------------------------------------------------

#: The metrics compared with a reference chip, one bar series each, in drawing order.
SHARE_METRICS: tuple[tuple[str, Callable[[Chip], list[Claim]]], ...] = (
    ("bf16", lambda chip: _dense(chip, "bf16")),
    ("memory_capacity", lambda chip: list(chip.specs.memory_capacity)),
    ("memory_bandwidth", lambda chip: list(chip.specs.memory_bandwidth)),
)


def _share_of_reference(catalog: Catalog, reference: Chip, t: Translate) -> Chart:
    """Bars of each chip's dense BF16 throughput, memory capacity and bandwidth as % of the reference chip's."""
    slug = f"share-of-{reference.id}"
    ref_name = _reference_name(catalog, reference)
    title = t("Chips as a percentage of the %(reference)s", reference=ref_name)
    share_label = t("%% of %(reference)s", reference=ref_name)
    bases: dict[str, Value] = {}
    for field, pick in SHARE_METRICS:
        claims = pick(reference)
        if claims:
            chosen = _preferred(catalog, claims)
            label = t("%(reference)s: %(metric)s", reference=ref_name, metric=metric_label(field, t))
            bases[field] = Value("reference", label, chosen.value.value, chosen.value.unit, (chosen.source,))
    rows: list[ChartRow] = []
    bars: list[tuple[Chip, str, float]] = []  # (chip, metric field, percent)
    for chip in _sorted_chips(catalog):
        if chip.id == reference.id:
            continue
        for field, pick in SHARE_METRICS:
            claims = pick(chip)
            if field not in bases or not claims:
                continue
            base = bases[field]
            for value in _quantity_values(field, claims, t):
                percent = 100.0 * float(value.value) / float(base.value)
                sources = tuple(sorted({*value.sources, *base.sources}))
                share = Value("percent", share_label, percent, "%", sources)
                cells = (value.label, value.human(), base.human(), share.human())
                rows.append(ChartRow(chip.id, chip.name, chip.designer, (value, base, share), cells))
                bars.append((chip, field, percent))

    def draw(ax: Axes, layout: Layout) -> None:
        _bars(ax, layout, bars, ref_name, t, title)

    kept = [metric_label(field, t) for field, _ in SHARE_METRICS if field in bases]
    missing = [metric_label(field, t) for field, _ in SHARE_METRICS if field not in bases]
    base_words = "; ".join(f"{value.label} = {value.human()} ({value.sources[0]})" for value in bases.values())
    sentences = [
        t(
            "Horizontal bar chart of %(chips)s: each figure as a percentage of the %(reference)s's (dashed 100%% "
            "line), on a linear axis, one bar series per metric: %(metrics)s.",
            chips=_chips(len({r.chip_id for r in rows}), t),
            reference=ref_name,
            metrics=", ".join(kept) or "-",
        ),
        t("Reference values: %(values)s.", values=base_words or "-"),
        t("Throughput counts only dense BF16 figures (FP16 is another metric)."),
        t("A chip lacking a figure has no bar for it; where sources disagree, each value has its own bar."),
        t("Where sources disagree on the reference, the value with the surest status, then the newest, is used."),
        *(
            [
                t(
                    "The %(reference)s has no sourced %(metrics)s, so that is not compared.",
                    reference=ref_name,
                    metrics=", ".join(missing),
                )
            ]
            if missing
            else []
        ),
        *_systems_note(catalog, t),
    ]
    description = " ".join(sentences)

    def height(layout: Layout) -> float:
        chips = len({chip.id for chip, _, _ in bars})
        per_bar = 0.19 if not layout.narrow else 0.2
        per_chip = 0.1 if not layout.narrow else 0.32  # the narrow drawing names each chip on two lines
        legend = 0.45 if not layout.narrow else 0.75
        return max(3.0, 1.4 + legend + per_bar * len(bars) + per_chip * chips)

    drawings = _draw(slug, title, description, height, draw, suptitle=False)
    columns = (t("Metric"), t("Value"), t("%(reference)s value", reference=ref_name), share_label)
    return Chart(slug, title, description, drawings, columns, rows)


def _chip_tick(chip: Chip, layout: Layout) -> str:
    """A bar group's label: name and Chinese name, on two lines in the narrow drawing; at most 40% of the width."""
    room = 0.4 * layout.width
    if not chip.name_zh:
        return clipped(chip.name, room)
    if layout.narrow:
        return f"{clipped(chip.name, room)}\n{clipped(chip.name_zh, room)}"
    return clipped(f"{chip.name} ({chip.name_zh})", room)


def _bars(
    ax: Axes, layout: Layout, bars: list[tuple[Chip, str, float]], ref_name: str, t: Translate, title: str
) -> None:
    """Grouped horizontal bars, one group per chip, top to bottom, on a linear axis with a 100% line.

    The legend sits on top, under the chart's title (its own title, in the wide drawing), where a tall chart
    is read from.
    """
    if not bars:
        _empty(ax, t("No chip has a figure the %(reference)s can be compared with yet", reference=ref_name))
        if not layout.narrow:
            ax.set_title(title, fontsize=_FONT["title"], loc="left", color=FG)
        return
    positions: list[float] = []
    ticks: dict[str, tuple[str, list[float]]] = {}  # chip id -> (label, its bars' positions)
    y = 0.0
    previous = None
    for chip, _field, _percent in bars:
        if previous is not None and chip.id != previous:
            y += 0.6  # gap between chips
        positions.append(y)
        ticks.setdefault(chip.id, (_chip_tick(chip, layout), []))[1].append(y)
        previous = chip.id
        y += 1.0
    colours = {field: series(index) for index, (field, _) in enumerate(SHARE_METRICS)}
    seen: set[str] = set()
    for (_chip, field, percent), position in zip(bars, positions, strict=True):
        legend = metric_label(field, t) if field not in seen else None
        seen.add(field)
        ax.barh(position, percent, height=0.8, color=colours[field], label=legend)
        label = ax.annotate(f"{percent:.0f}%", (percent, position), xytext=(3, 0), textcoords="offset points",
                            va="center", fontsize=_FONT["tick"], color=FG)  # fmt: skip
        label.set_in_layout(False)
    ax.axvline(100.0, color=FG, linewidth=1.2, linestyle="--", zorder=3)
    groups = list(ticks.values())
    ax.set_yticks([sum(ys) / len(ys) for _, ys in groups], [label for label, _ in groups], fontsize=_FONT["tick"])
    ax.tick_params(axis="y", length=0)
    ax.tick_params(axis="x", labeltop=True, top=True)  # a tall chart: the scale at both ends
    ax.set_ylim(y - 0.4, -0.6)  # first chip at the top
    ax.grid(axis="y", visible=False)
    percents = [percent for _, _, percent in bars]
    _linear_axis(ax, "x", [*percents, 100.0])
    ax.set_xlim(0, max(*percents, 100.0) * (1.22 if layout.narrow else 1.12))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}%"))
    ax.set_xlabel(t("%% of the %(reference)s's value", reference=ref_name))
    handles, labels = ax.get_legend_handles_labels()
    names = [metric_label(field, t) for field, _ in SHARE_METRICS]
    order = [labels.index(name) for name in names if name in labels]
    ax.figure.legend(
        [handles[i] for i in order],
        [labels[i] for i in order],
        loc="outside upper left",
        ncols=1 if layout.narrow else len(order),
        fontsize=_FONT["legend"],
        frameon=False,
        labelcolor=FG,
        title=None if layout.narrow else title,
        title_fontsize=_FONT["title"],
        alignment="left",
    )
