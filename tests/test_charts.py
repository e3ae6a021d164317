"""Charts: drawn from the real content and from small fixture catalogs, as deterministic, sourced SVG."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from chipbrief.catalog import Catalog
from chipbrief.charts import CJK_FONT, Chart, font_family, render_charts
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


def test_text_is_drawn_as_outlines_without_a_date(real_charts: list[Chart]) -> None:
    for chart in real_charts:
        root = ET.fromstring(chart.svg.encode("utf-8"))
        assert root.find(f".//{SVG}text") is None, chart.slug  # no font needed on the reader's side
        assert "<dc:date>" not in chart.svg


def test_no_glyph_is_missing(real_charts: list[Chart]) -> None:
    """Glyph 0 is the font's 'missing' box: Chinese names must have real outlines."""
    for chart in real_charts:
        root = ET.fromstring(chart.svg.encode("utf-8"))
        glyph_ids = [path.get("id") for path in root.iter(f"{SVG}path") if path.get("id")]
        assert not [ident for ident in glyph_ids if ident.endswith("-0")], chart.slug


@pytest.mark.skipif(CJK_FONT not in font_family(), reason="Noto Sans CJK SC is not installed")
def test_chinese_names_are_drawn_with_the_cjk_font(real_charts: list[Chart]) -> None:
    from matplotlib import font_manager

    font = font_manager.get_font(font_manager.fontManager.findfont(font_manager.FontProperties(family=CJK_FONT)))
    glyph = f'id="{font.postscript_name}-{font.get_char_index(ord("昇")):x}"'  # 昇 of 昇腾910C
    assert glyph in by_slug(real_charts)["share-of-nvidia-h20"].svg


def test_font_falls_back_to_dejavu_when_the_cjk_font_is_missing() -> None:
    assert font_family({"DejaVu Sans", "Liberation Sans"}) == ["DejaVu Sans"]
    assert font_family({"DejaVu Sans", CJK_FONT}) == [CJK_FONT, "DejaVu Sans"]


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
        assert reference.sources == ("glennklockwood-h100",)
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
    assert "Not plotted: 1 chip whose sources do not say the figure is dense." in chart.description
    ET.fromstring(chart.svg.encode("utf-8"))  # an empty chart is still a valid SVG


def test_dense_fp16_stands_in_when_no_dense_bf16_is_sourced(project: Path) -> None:
    body = acme_x1(
        "{value: 296 TFLOP/s, sparse: true, source: example-2025-08-report, status: reported, as_of: 2025-08}"
    ) + (
        "  fp16:\n"
        "    - {value: 150 TFLOP/s, sparse: false, source: example-2025-08-report, status: reported, as_of: 2025-08}\n"
        "    - {value: 140 TFLOP/s, sparse: false, source: exemple-2025-09-fr, status: rumored, as_of: 2025-09}\n"
    )
    write_chip(project, "acme-x1", body)
    chart = by_slug(render_charts(check(project)))["throughput-vs-release"]
    assert [(row.chip_name, row.values[1].field, row.values[1].value) for row in chart.rows] == [
        ("Acme X1 (FP16)", "fp16", 140e12),
        ("Acme X1 (FP16)", "fp16", 150e12),
    ]


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
    assert shares == [
        ("acme-x1", "bf16", 100.0),
        ("acme-x1", "memory_capacity", 66.7),
        ("acme-x1", "memory_capacity", 100.0),
    ]
    assert "has no sourced memory bandwidth" in chart.description
    assert chart.title in ET.fromstring(chart.svg.encode("utf-8")).find(f"{SVG}title").text


def test_partial_dates_sit_at_the_start_of_their_period() -> None:
    from chipbrief.charts import _year_fraction

    assert _year_fraction("2025") == 2025.0
    assert _year_fraction("2024-03") == pytest.approx(2024 + 60 / 366)  # 2024 is a leap year
    assert _year_fraction("2025-03-02") == pytest.approx(2025 + 60 / 365)
