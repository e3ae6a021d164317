"""Key figures: which value of each key field a chip page leads with, and that none is picked silently."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from chipbrief.citations import claim_id
from chipbrief.exportcontrol import assess_chip
from chipbrief.keyfigures import EXPORT_ANCHOR, KEY_FIELDS, KeyFigure, key_figures
from chipbrief.validate import check
from conftest import ROOT


def figures(project: Path, chip: str = "acme-x1") -> dict[str, KeyFigure]:
    catalog = check(project)
    return {figure.field: figure for figure in key_figures(catalog, catalog.chips[chip])}


def edit_chip(project: Path, old: str, new: str) -> None:
    path = project / "content/chips/acme-x1.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


BF16 = "  bf16:\n    - {value: 148 TFLOP/s, sparse: false, source: example-2025-08-report, status: reported, as_of: 2025-08}\n"


def test_the_key_fields_in_reading_order(project: Path) -> None:
    assert [field for field, _ in KEY_FIELDS] == [
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
    ]
    shown = figures(project)
    assert list(shown) == [field for field, _ in KEY_FIELDS]
    assert shown["specs.memory_bandwidth"].values[0].text == "4 TB/s"
    assert shown["specs.tdp"].values[0].text == "400 W"
    assert shown["process_node"].values[0].text == "7 nm"
    assert shown["foundry"].values[0].text == "Fabco"  # the company's short name, not its id
    assert shown["foundry"].values[0].word == ""  # content: printed as text, never looked up as our words
    assert shown["status"].values[0].text == "sampling"


def test_a_field_no_source_gives_is_shown_as_unknown(project: Path) -> None:
    shown = figures(project)
    assert not shown["specs.fp8"].known and shown["specs.fp8"].values == ()
    assert shown["specs.bf16"].known


def test_dense_throughput_comes_before_unstated_and_sparse(project: Path) -> None:
    extra = (
        "    - {value: 300 TFLOP/s, sparse: true, source: exemple-2025-09-fr, status: reported, as_of: 2025-09}\n"
        "    - {value: 200 TFLOP/s, sparse: null, source: exemple-2025-09-fr, status: confirmed, as_of: 2025-09}\n"
    )
    edit_chip(project, BF16, BF16 + extra)
    (value,) = figures(project)["specs.bf16"].values
    assert (value.text, value.qualifier) == ("148 TFLOP/s", "dense")


def test_without_a_dense_figure_the_unstated_then_the_sparse_one_is_shown_and_says_so(project: Path) -> None:
    edit_chip(project, "sparse: false", "sparse: null")
    (value,) = figures(project)["specs.bf16"].values
    assert (value.text, value.qualifier) == ("148 TFLOP/s", "dense or sparse not stated")
    edit_chip(project, "sparse: null", "sparse: true")
    (value,) = figures(project)["specs.bf16"].values
    assert value.qualifier == "sparse"


def test_disagreeing_sources_are_all_shown_surest_first_and_marked(project: Path) -> None:
    memory = figures(project)["specs.memory_capacity"]  # the fixture: 96 GB reported, 64 GB rumored
    assert [(v.text, v.status) for v in memory.values] == [("96 GB", "reported"), ("64 GB", "rumored")]
    assert memory.disputed
    assert not figures(project)["specs.tdp"].disputed


def test_a_value_several_sources_give_links_to_the_surest_most_recent_claim(project: Path) -> None:
    again = "    - {value: 148 TFLOP/s, sparse: false, source: exemple-2025-09-fr, status: confirmed, as_of: 2025-09}\n"
    edit_chip(project, BF16, BF16 + again)
    catalog = check(project)
    chip = catalog.chips["acme-x1"]
    bf16 = next(f for f in key_figures(catalog, chip) if f.field == "specs.bf16")
    (value,) = bf16.values
    assert not bf16.disputed  # two sources agreeing is no conflict
    assert value.status == "confirmed" and value.when == "as of 2025-09"
    assert value.anchor == claim_id("specs.bf16", chip.specs.bf16[1])


def test_the_status_is_the_current_one_resting_on_its_surest_claim(project: Path) -> None:
    history = "  - {value: sampling, source: example-2025-08-report, status: reported, as_of: 2025-08}\n"
    later = (
        "  - {value: in-production, source: example-2025-08-report, status: confirmed, as_of: 2025-10}\n"
        "  - {value: in-production, source: exemple-2025-09-fr, status: rumored, as_of: 2025-11}\n"
    )
    edit_chip(project, history, history + later)
    catalog = check(project)
    chip = catalog.chips["acme-x1"]
    (value,) = next(f for f in key_figures(catalog, chip) if f.field == "status").values
    assert value.text == value.word == "in production"  # in words; `word` is what a page translates
    assert value.status == "confirmed"
    assert value.anchor == claim_id("status", chip.status[1])


def test_every_key_figure_links_to_an_anchor_on_the_rendered_page(project: Path) -> None:
    from chipbrief.render import Templates, render_pages

    page = render_pages(check(project), Templates.from_folder(ROOT / "templates"))["chips/acme-x1.md"]
    block = page[page.index('<section class="cb-keyfigures"') : page.index("</section>")]
    links = re.findall(r'href="#([^"]+)"', block)
    assert len(links) >= 8
    ids = set(re.findall(r'id="([^"]+)"', page)) | set(re.findall(r"\{ #([a-z-]+) \}", page))
    assert [link for link in links if link not in ids] == []
    assert page.index("cb-keyfigures") < page.index("cb-aliases" if "cb-aliases" in page else "A fixture chip.")


@pytest.fixture(scope="module")
def real_catalog():
    return check(ROOT)


def test_the_export_control_figure_is_the_outcome_on_the_build_date(real_catalog) -> None:
    """The H20, named by the April 2025 letters, is letter-based: resting on the rule, not on arithmetic."""
    chip = real_catalog.chips["nvidia-h20"]
    export = assess_chip(chip, real_catalog, "2025-06-01")
    figure = key_figures(real_catalog, chip, export)[-1]
    assert figure.field == "export_control"
    (value,) = figure.values
    assert (value.text, value.status, value.when, value.anchor) == (
        "letter-based",
        "confirmed",
        "on 2025-06-01",
        EXPORT_ANCHOR,
    )
    before = key_figures(real_catalog, chip, assess_chip(chip, real_catalog, "2020-01-01"))[-1]
    assert not before.known  # no rule in force yet


def test_an_outcome_computed_from_figures_is_at_most_estimated(real_catalog) -> None:
    chip = real_catalog.chips["nvidia-h100-sxm"]
    figure = key_figures(real_catalog, chip, assess_chip(chip, real_catalog, "2024-06-01"))[-1]
    (value,) = figure.values
    assert value.text == "controlled"
    assert value.status in ("estimated", "rumored")
