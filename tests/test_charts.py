"""Charts: drawn from the real content and from small fixture catalogs, as deterministic, sourced SVG."""

from __future__ import annotations

import hashlib
import itertools
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from chipbrief.catalog import Catalog
from chipbrief.charts import (
    LAYOUTS,
    MIN_FONT,
    SERIES_COLOURS,
    SHARE_METRICS,
    Chart,
    clipped,
    metric_label,
    render_charts,
)
from chipbrief.safety import UnsafeSvg, inline_svg
from chipbrief.validate import check
from conftest import ROOT

SVG = "{http://www.w3.org/2000/svg}"
CHIP_FIELDS = {"bf16", "fp16", "memory_capacity", "memory_bandwidth"}


@pytest.fixture(scope="module")
def real_catalog() -> Catalog:
    return check(ROOT)


@pytest.fixture(scope="module")
def real_charts(real_catalog: Catalog) -> list[Chart]:
    return render_charts(real_catalog)


def by_slug(charts: list[Chart]) -> dict[str, Chart]:
    return {chart.slug: chart for chart in charts}


def write_chip(project: Path, ident: str, body: str) -> None:
    (project / "content" / "chips" / f"{ident}.yaml").write_text(body, encoding="utf-8")


ACME_X1 = """\
id: acme-x1
name: Acme X1
name_zh: 示例一号
designer: acme
status: [{{value: sampling, source: example-2025-08-report, status: reported}}]
workload: inference
summary: A fixture chip.
sources: [example-2025-08-report]
released:
  - {{value: 2025-08, source: example-2025-08-report, status: reported, as_of: 2025-08}}
specs:
  memory_capacity:
    - {{value: 96 GB, source: example-2025-08-report, status: reported, as_of: 2025-08}}
    - {{value: 64 GB, source: exemple-2025-09-fr, status: rumored, as_of: 2025-09}}
  memory_bandwidth:
    - {{value: 4.0 TB/s, source: example-2025-08-report, status: reported, as_of: 2025-08}}
  bf16:
{bf16}
"""


def acme_x1(*bf16: str) -> str:
    return ACME_X1.format(bf16="\n".join(f"    - {claim}" for claim in bf16))


# ---------------------------------------------------------------------------
# The real content
# ---------------------------------------------------------------------------


def test_real_content_renders_every_chart(real_charts: list[Chart]) -> None:
    assert [chart.slug for chart in real_charts] == [
        "throughput-vs-release",
        "bandwidth-vs-capacity",
        "share-of-nvidia-h20",
        "share-of-nvidia-h100-sxm",
    ]
    for chart in real_charts:
        assert chart.rows, chart.slug
        assert chart.svg.startswith("<?xml")


def test_rendering_twice_gives_the_same_bytes(real_catalog: Catalog, real_charts: list[Chart]) -> None:
    again = render_charts(real_catalog)
    assert [chart.svg for chart in again] == [chart.svg for chart in real_charts]
    assert again == real_charts


def test_another_process_with_another_hash_seed_gives_the_same_bytes(real_charts: list[Chart]) -> None:
    script = (
        "import hashlib; from chipbrief.charts import render_charts; from chipbrief.validate import check; "
        f"from pathlib import Path; [print(hashlib.sha256(c.svg.encode()).hexdigest()) for c in render_charts(check(Path({str(ROOT)!r})))]"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [hashlib.sha256(chart.svg.encode()).hexdigest() for chart in real_charts]


def test_each_svg_parses_and_has_a_title_and_description(real_charts: list[Chart]) -> None:
    for chart in real_charts:
        root = ET.fromstring(chart.svg.encode("utf-8"))
        assert root.tag == f"{SVG}svg"
        assert root.get("role") == "img"
        title, desc = root[0], root[1]
        assert (title.tag, title.text) == (f"{SVG}title", chart.title)
        assert (desc.tag, desc.text) == (f"{SVG}desc", chart.description)
        assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
        assert ET.fromstring(chart.svg_element.encode("utf-8")).tag == f"{SVG}svg"


def drawings(charts: list[Chart]):
    """Every (chart, layout, parsed SVG root) of the charts."""
    for chart in charts:
        for layout in LAYOUTS:
            yield chart, layout.name, ET.fromstring(chart.drawings[layout.name].encode("utf-8"))


def test_every_drawing_parses_with_its_own_title_and_description(real_charts: list[Chart]) -> None:
    for chart, layout, root in drawings(real_charts):
        assert [root[0].text, root[1].text] == [chart.title, chart.description]
        assert root.get("aria-labelledby") == f"{chart.slug}-{layout}-title {chart.slug}-{layout}-desc"
        assert root.get("viewBox").split()[2] == {"wide": "648", "narrow": "342"}[layout]


def test_text_is_real_text_not_outlines_and_carries_no_date(real_charts: list[Chart]) -> None:
    for chart, layout, root in drawings(real_charts):
        texts = [element.text for element in root.iter(f"{SVG}text")]
        assert len(texts) > 10, (chart.slug, layout)
        glyphs = [path.get("id") for path in root.iter(f"{SVG}path") if "DejaVu" in (path.get("id") or "")]
        assert glyphs == [], (chart.slug, layout)  # no glyph drawn as a path
        assert "<dc:date>" not in chart.drawings[layout]
    labels = {text for _, _, root in drawings(real_charts) for text in (e.text for e in root.iter(f"{SVG}text"))}
    assert {"Ascend 910C (昇腾910C)", "昇腾910C", "H100 SXM", "Memory bandwidth"} <= labels  # Chinese as text too


def test_the_page_picks_the_font_and_a_standalone_file_has_a_fallback(real_charts: list[Chart]) -> None:
    for chart, layout, root in drawings(real_charts):
        for text in root.iter(f"{SVG}text"):
            assert "font-family" not in text.get("style", ""), (chart.slug, layout)  # CSS decides
        assert "Noto Sans CJK SC" in root.get("font-family") and "sans-serif" in root.get("font-family")


def test_no_text_is_smaller_than_eleven_units(real_charts: list[Chart]) -> None:
    """Shown at its own width (the column's, see tests/test_browser_charts.py), a unit is at least a px."""
    for chart, layout, root in drawings(real_charts):
        sizes = {float(re.search(r"font-size: ([0-9.]+)px", t.get("style"))[1]) for t in root.iter(f"{SVG}text")}
        assert min(sizes) >= MIN_FONT == 11.0, (chart.slug, layout, sorted(sizes))


def test_colours_are_css_variables_and_the_background_is_transparent(real_charts: list[Chart]) -> None:
    for chart, layout, root in drawings(real_charts):
        for element in root.iter():
            style = re.sub(r"var\(--cb-chart-[a-z0-9-]+, #[0-9a-f]{6}\)", "VAR", element.get("style", ""))
            assert not re.search(r"#[0-9a-fA-F]{3,6}\b|rgb", style), (chart.slug, layout, element.get("style"))
            fill = re.search(r"fill: ([^;]+)", style)
            if element.tag == f"{SVG}path" and fill and element.get("d", "").startswith("M 0 "):
                assert fill[1] == "none"  # the figure's own box: transparent, never a white box
    css = (ROOT / "docs" / "stylesheets" / "chipbrief.css").read_text(encoding="utf-8")
    light = css[css.index("/* Charts (issue 14)") :]
    for number, colour in enumerate(SERIES_COLOURS, start=1):
        assert f"--cb-chart-{number}: {colour};" in light  # the file's fallback is the page's light colour
        assert light.count(f"--cb-chart-{number}:") == 2  # and the slate scheme has its own


def test_ids_are_unique_across_every_drawing_of_the_page(real_charts: list[Chart]) -> None:
    ids = [element.get("id") for _, _, root in drawings(real_charts) for element in root.iter() if element.get("id")]
    assert len(ids) == len(set(ids))
    for chart, layout, _root in drawings(real_charts):
        for reference in re.findall(r'(?:href="#|url\(#)([^")]+)', chart.drawings[layout]):
            assert reference.startswith(f"{chart.slug}-{layout}-") and reference in ids


def tick_values(root: ET.Element, axis: str) -> list[float]:
    """The numbers of one axis's tick labels (x: 'xtick', y: 'ytick'), in drawing order."""
    values = []
    for group in root.iter(f"{SVG}g"):
        if re.search(rf"-{axis}tick_\d+$", group.get("id", "")):
            text = next(group.iter(f"{SVG}text"), None)
            if text is not None and text.text:
                values.append(float(text.text.rstrip("%")))
    return values


def test_percentage_axes_are_linear(real_charts: list[Chart]) -> None:
    for chart, layout, root in drawings(real_charts):
        if not chart.slug.startswith("share-of-"):
            continue
        values = sorted(set(tick_values(root, "x")))
        steps = {round(b - a, 6) for a, b in itertools.pairwise(values)}
        assert len(values) >= 3 and len(steps) == 1 and values[0] == 0, (chart.slug, layout, values)


def test_one_metric_per_series_never_fp16_beside_bf16(real_charts: list[Chart]) -> None:
    charts = by_slug(real_charts)
    assert {row.values[1].field for row in charts["throughput-vs-release"].rows} == {"bf16"}
    fields = [field for field, _ in SHARE_METRICS]
    assert fields == ["bf16", "memory_capacity", "memory_bandwidth"]
    for slug in ("share-of-nvidia-h20", "share-of-nvidia-h100-sxm"):
        for row in charts[slug].rows:
            value = row.values[0]
            assert value.field in fields
            assert row.cells[0] == metric_label(value.field) == value.label  # the table names the metric


def test_tables_have_a_header_per_value_and_name_the_metric(real_charts: list[Chart]) -> None:
    charts = by_slug(real_charts)
    assert charts["throughput-vs-release"].columns == ("Released (else announced)", "Dense BF16 throughput")
    assert charts["bandwidth-vs-capacity"].columns == ("Memory capacity", "Memory bandwidth")
    assert charts["share-of-nvidia-h20"].columns == ("Metric", "Value", "NVIDIA H20 value", "% of NVIDIA H20")
    for chart in real_charts:
        for row in chart.rows:
            assert len(row.cells) == len(chart.columns), (chart.slug, row)
    share = charts["share-of-nvidia-h20"]
    kinds = {row.cells[0]: row.cells[1] for row in share.rows}
    assert kinds["Memory bandwidth"].endswith("B/s") and kinds["Memory capacity"].endswith("GB")
    # The H20's dense BF16 is compared only while a titled source gives it (none does today).
    assert kinds.get("Dense BF16 throughput", "FLOP/s").endswith("FLOP/s")


def test_the_chart_page_table_headers(project: Path) -> None:
    from chipbrief.pipeline import generate

    page = generate(project, today="2026-12-01").files["charts/index.md"]
    assert "| Chip | Designer | Memory capacity | Memory bandwidth | Sources |" in page
    assert "*No chip has the figures this chart needs yet.*" in page  # the fixture has no dense BF16 figure
    assert page.count('<figure class="cb-chart">') == 2  # no reference chip in the fixture: two charts
    assert page.count("<svg ") == 4  # a wide and a narrow drawing each


def test_systems_are_left_out_and_said_so(real_catalog: Catalog, real_charts: list[Chart]) -> None:
    systems = {chip.id for chip in real_catalog.chips.values() if chip.kind == "system"}
    assert systems
    for chart in real_charts:
        assert not systems & {row.chip_id for row in chart.rows}
        assert "Systems are not compared with chips" in chart.description


INJECTED = '</text><script>alert(1)</script><text x="0">&amp; ]]> <!-- <a href="javascript:x">x</a>'
SHORT = '<b>&amp;"'  # short enough to be placed beside its point


@pytest.mark.parametrize("name", [INJECTED, SHORT])
def test_a_chip_name_is_text_in_the_drawing_never_markup(project: Path, name: str) -> None:
    body = acme_x1(
        "{value: 148 TFLOP/s, sparse: false, source: example-2025-08-report, status: reported, as_of: 2025-08}"
    ).replace("name: Acme X1", f"name: '{name}'")
    write_chip(project, "acme-x1", body)
    texts = set()
    for chart in render_charts(check(project)):
        for layout in chart.drawings:
            root = ET.fromstring(chart.drawings[layout].encode("utf-8"))
            assert {element.tag.removeprefix(SVG) for element in root.iter()} <= {
                "svg", "title", "desc", "defs", "g", "path", "use", "clipPath", "rect", "text"
            }  # fmt: skip
            inline_svg(chart.element(layout))  # the page's guard accepts it: nothing but chart elements
            texts |= {element.text for element in root.iter(f"{SVG}text")}
    if name == SHORT:
        assert name in texts  # shown as the very characters, parsed back from the XML


@pytest.mark.parametrize(
    "svg",
    [
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p>x</p></foreignObject></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink"><use x:href="https://e.com/a#b"/></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><text>unclosed</svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><g style="x" fill="javascript:alert(1)"/></svg>',
    ],
)
def test_inline_svg_refuses_what_a_chart_never_holds(svg: str) -> None:
    with pytest.raises(UnsafeSvg):
        inline_svg(svg)


def test_rows_carry_sources_that_exist_and_values_the_chip_claims(
    real_catalog: Catalog, real_charts: list[Chart]
) -> None:
    for chart in real_charts:
        for row in chart.rows:
            chip = real_catalog.chips[row.chip_id]
            assert (row.chip_name.removesuffix(" (FP16)"), row.designer_id) == (chip.name, chip.designer)
            assert row.sources and set(row.sources) <= set(real_catalog.sources), (chart.slug, row)
            for value in row.values:
                assert value.sources, (chart.slug, row)
                if value.field in CHIP_FIELDS:
                    claims = getattr(chip.specs, value.field)
                    claimed = {(claim.source, claim.value.value) for claim in claims}
                    assert {(source, value.value) for source in value.sources} <= claimed, (chart.slug, value)
                elif value.field in ("released", "announced"):
                    claimed = {(claim.source, claim.value) for claim in getattr(chip, value.field)}
                    assert {(source, value.value) for source in value.sources} <= claimed, (chart.slug, value)


def test_throughput_chart_plots_only_dense_claims_of_the_real_content(
    real_catalog: Catalog, real_charts: list[Chart]
) -> None:
    for row in by_slug(real_charts)["throughput-vs-release"].rows:
        rate = row.values[1]
        claims = getattr(real_catalog.chips[row.chip_id].specs, rate.field)
        assert {claim.sparse for claim in claims if claim.value.value == rate.value} == {False}


def test_share_rows_divide_by_the_reference_value(real_catalog: Catalog, real_charts: list[Chart]) -> None:
    h100 = real_catalog.chips["nvidia-h100-sxm"]
    chart = by_slug(real_charts)["share-of-nvidia-h100-sxm"]
    assert "nvidia-h100-sxm" not in {row.chip_id for row in chart.rows}
    for row in chart.rows:
        value, reference, share = row.values
        assert share.value == pytest.approx(100 * value.value / reference.value)
        assert set(share.sources) == {*value.sources, *reference.sources}
        claims = [c for c in getattr(h100.specs, value.field) if c.value.value == reference.value]
        assert reference.sources[0] in {claim.source for claim in claims}  # one sourced H100 value, the same for all
        assert len({r.values[1].sources for r in chart.rows if r.values[0].field == value.field}) == 1
        if value.field == "memory_bandwidth":
            assert reference.value == h100.specs.memory_bandwidth[0].value.value


# ---------------------------------------------------------------------------
# Small catalogs built from the fixture
# ---------------------------------------------------------------------------


def test_a_sparse_or_unstated_claim_is_not_plotted(project: Path) -> None:
    write_chip(
        project,
        "acme-x1",
        acme_x1(
            "{value: 148 TFLOP/s, sparse: false, source: example-2025-08-report, status: reported, as_of: 2025-08}",
            "{value: 296 TFLOP/s, sparse: true, source: example-2025-08-report, status: reported, as_of: 2025-08}",
            "{value: 200 TFLOP/s, sparse: null, source: exemple-2025-09-fr, status: rumored, as_of: 2025-09}",
        ),
    )
    chart = by_slug(render_charts(check(project)))["throughput-vs-release"]
    assert [(row.chip_id, [(v.field, v.value, v.sources) for v in row.values]) for row in chart.rows] == [
        (
            "acme-x1",
            [("released", "2025-08", ("example-2025-08-report",)), ("bf16", 148e12, ("example-2025-08-report",))],
        )
    ]
    assert "Not plotted" not in chart.description


def test_a_chip_with_only_sparse_or_unstated_figures_is_left_out_and_counted(project: Path) -> None:
    write_chip(
        project,
        "acme-x1",
        acme_x1(
            "{value: 296 TFLOP/s, sparse: true, source: example-2025-08-report, status: reported, as_of: 2025-08}",
            "{value: 200 TFLOP/s, sparse: null, source: exemple-2025-09-fr, status: rumored, as_of: 2025-09}",
        ),
    )
    chart = by_slug(render_charts(check(project)))["throughput-vs-release"]
    assert chart.rows == []
    assert "Not plotted: 1 chip whose sources do not say the BF16 figure is dense." in chart.description
    ET.fromstring(chart.svg.encode("utf-8"))  # an empty chart is still a valid SVG


def test_dense_fp16_is_never_plotted_as_bf16_and_the_chip_is_counted(project: Path) -> None:
    body = acme_x1(
        "{value: 296 TFLOP/s, sparse: true, source: example-2025-08-report, status: reported, as_of: 2025-08}"
    ) + (
        "  fp16:\n"
        "    - {value: 150 TFLOP/s, sparse: false, source: example-2025-08-report, status: reported, as_of: 2025-08}\n"
    )
    write_chip(project, "acme-x1", body)
    chart = by_slug(render_charts(check(project)))["throughput-vs-release"]
    assert chart.rows == []  # one metric per series: FP16 is not BF16
    assert "1 chip with a dense FP16 figure but no dense BF16 one" in chart.description


def test_disagreeing_sources_each_get_a_point(project: Path) -> None:
    chart = by_slug(render_charts(check(project)))["bandwidth-vs-capacity"]
    assert [(row.values[0].value, row.values[0].sources) for row in chart.rows] == [
        (64e9, ("exemple-2025-09-fr",)),
        (96e9, ("example-2025-08-report",)),
    ]


def test_share_chart_against_a_reference(project: Path) -> None:
    write_chip(
        project,
        "nvidia-h20",
        """\
id: nvidia-h20
name: H20
designer: fabco
status: [{value: in-production, source: example-2025-08-report, status: reported}]
workload: inference
summary: A fixture reference.
sources: [example-2025-08-report]
specs:
  memory_capacity:
    - {value: 96 GB, source: example-2025-08-report, status: reported, as_of: 2025-08}
  fp16:
    - {value: 148 TFLOP/s, sparse: false, source: exemple-2025-09-fr, status: reported, as_of: 2025-08}
    - {value: 296 TFLOP/s, sparse: true, source: exemple-2025-09-fr, status: reported, as_of: 2025-08}
""",
    )
    charts = by_slug(render_charts(check(project)))
    assert "share-of-nvidia-h100-sxm" not in charts  # no such chip in this catalog
    chart = charts["share-of-nvidia-h20"]
    shares = [(row.chip_id, row.values[0].field, round(row.values[2].value, 1)) for row in chart.rows]
    assert shares == [  # the reference's FP16 figure is no base for a BF16 bar
        ("acme-x1", "memory_capacity", 66.7),
        ("acme-x1", "memory_capacity", 100.0),
    ]
    assert "has no sourced Dense BF16 throughput, Memory bandwidth, so that is not compared." in chart.description
    assert chart.title in ET.fromstring(chart.svg.encode("utf-8")).find(f"{SVG}title").text


def test_every_interface_word_goes_through_the_translation(real_catalog: Catalog) -> None:
    """render_charts(catalog, t): titles, axis labels, legends, headers and descriptions come from t."""

    def marked(message: str, **variables: object) -> str:
        return "«" + (message % variables if variables else message) + "»"

    charts = by_slug(render_charts(real_catalog, marked))
    names = _names(real_catalog)
    for chart in charts.values():
        assert chart.title.startswith("«") and chart.description.startswith("«")
        assert all(column.startswith("«") for column in chart.columns), chart.columns
        for layout in chart.drawings:
            root = ET.fromstring(chart.drawings[layout].encode("utf-8"))
            words = [e.text for e in root.iter(f"{SVG}text") if e.text and e.text[0].isalpha()]
            untranslated = [w for w in words if not w.startswith("«") and not _is_name(w, names)]
            assert untranslated == [], (chart.slug, layout, untranslated)
    share = charts["share-of-nvidia-h20"]
    assert {"«Memory capacity»", "«Memory bandwidth»"} <= {row.cells[0] for row in share.rows} <= {
        "«Dense «BF16» throughput»".replace("«BF16»", "BF16"), "«Memory capacity»", "«Memory bandwidth»"}  # fmt: skip


def _is_name(word: str, names: set[str]) -> bool:
    """Whether a chart's word is a name, whole or cut short to fit with a trailing ellipsis."""
    if word in names:
        return True
    stem = word.removesuffix("…").rstrip()
    return word.endswith("…") and bool(stem) and any(name.startswith(stem) for name in names)


def _names(catalog: Catalog) -> set[str]:
    """What a chart may show untranslated: chip and company names, as the charts write them."""
    names = set()
    for chip in catalog.chips.values():
        names |= {chip.name, f"{chip.name} ({chip.name_zh})", chip.name_zh or chip.name}
    for company in catalog.companies.values():
        for name in (company.name, company.short_name or company.name):
            names |= {name, f"{name} ({company.name_zh})"}
    return names


def test_partial_dates_sit_at_the_start_of_their_period() -> None:
    from chipbrief.charts import _year_fraction

    assert _year_fraction("2025") == 2025.0
    assert _year_fraction("2024-03") == pytest.approx(2024 + 60 / 366)  # 2024 is a leap year
    assert _year_fraction("2025-03-02") == pytest.approx(2025 + 60 / 365)


def test_every_injection_payload_as_a_chip_name_stays_text_in_every_drawing(project: Path) -> None:
    """tests/test_injection.py's text payloads, each a chip's name: every drawing parses, holds nothing but chart
    elements (the page's guard, safety.inline_svg, accepts it) and shows the name as the very characters."""
    import yaml

    from test_injection import TEXT_PAYLOADS

    write_chip(project, "nvidia-h20", H20_REFERENCE)
    for number, payload in enumerate(TEXT_PAYLOADS):
        chip = {
            "id": f"payload-{number}",
            "name": payload,
            "designer": "acme",
            "status": [{"value": "sampling", "source": "example-2025-08-report", "status": "reported"}],
            "workload": "inference",
            "summary": "A fixture chip.",
            "sources": ["example-2025-08-report"],
            "specs": {
                "memory_capacity": [
                    {"value": "48 GB", "source": "example-2025-08-report", "status": "reported", "as_of": "2025-08"}
                ]
            },
        }
        write_chip(project, f"payload-{number}", yaml.safe_dump(chip, allow_unicode=True, sort_keys=False))
    catalog = check(project)
    charts = by_slug(render_charts(catalog))
    for chart in charts.values():
        for layout in chart.drawings:
            inline_svg(chart.element(layout))
    wide = ET.fromstring(charts["share-of-nvidia-h20"].svg.encode("utf-8"))
    labels = {element.text for element in wide.iter(f"{SVG}text")}
    names = [catalog.chips[f"payload-{number}"].name for number in range(len(TEXT_PAYLOADS))]
    one_line = [name for name in names if "\n" not in name]
    assert len(one_line) > 30
    missing = [name for name in one_line if clipped(name, 0.4 * 648) not in labels]
    assert missing == []  # every bar group is named letter for letter, a long name cut with an ellipsis
    assert "*" * 30 + "…" not in labels and any(
        label and label.startswith("*" * 30) and label.endswith("…") for label in labels
    )
    assert {name for name in one_line if len(name) < 30} <= labels


H20_REFERENCE = """\
id: nvidia-h20
name: H20
designer: fabco
status: [{value: in-production, source: example-2025-08-report, status: reported}]
workload: inference
summary: A fixture reference.
sources: [example-2025-08-report]
specs:
  memory_capacity:
    - {value: 96 GB, source: example-2025-08-report, status: reported, as_of: 2025-08}
"""
