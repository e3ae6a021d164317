"""Chip pages lead with their key figures, and wide tables fit: headless Chromium at 390 px and 1280 px, light and dark.

Screenshots a reviewer needs go to build/test-artifacts/tables/ (or $CHIPBRIEF_ARTIFACTS/tables/): never
committed; CI keeps them as the run's artifact.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import artifacts_folder, serious_axe_violations

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 800}
VIEWS = [
    pytest.param(PHONE, "light", id="390-light"),
    pytest.param(PHONE, "dark", id="390-dark"),
    pytest.param(LAPTOP, "light", id="1280-light"),
    pytest.param(LAPTOP, "dark", id="1280-dark"),
]
WIDE_TABLES = ["/chips/", "/sources/", "/compare/", "/companies/", "/briefs/"]
#: The scroll containers of wide tables: Material's wrapper of a Markdown table inside .cb-wide, and the compare table's.
SCROLLERS = ".cb-wide .md-typeset__scrollwrap, .cb-table-wrap"


@pytest.fixture
def artifacts() -> Path:
    """Where screenshots go: build/test-artifacts/tables/ (conftest.ARTIFACTS), kept by CI for review."""
    return artifacts_folder("tables")


def open_page(guarded_context, served_site: str, path: str, viewport: dict, scheme: str = "light"):
    context = guarded_context(viewport=viewport, color_scheme=scheme)
    page = context.new_page()
    page.aborted = context.aborted
    page.goto(served_site + path)
    expected = "slate" if scheme == "dark" else "default"
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", expected)
    return page


def shot(page, artifacts: Path, name: str) -> None:
    page.screenshot(path=str(artifacts / f"{name}.png"), full_page=False)


# ---------------------------------------------------------------------------
# Key figures
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(("viewport", "scheme"), VIEWS)
def test_a_chip_page_leads_with_its_key_figures(guarded_context, served_site: str, artifacts: Path, viewport, scheme):
    page = open_page(guarded_context, served_site, "/chips/huawei-ascend-910c/", viewport, scheme)
    # The first thing after the title (a skip link to the sources, if any, aside) is the key-figure block.
    first = page.evaluate(
        """() => {
            let next = document.querySelector('article h1').nextElementSibling;
            while (next && next.matches('.cb-jump')) next = next.nextElementSibling;
            return next && next.className;
        }"""
    )
    assert first == "cb-keyfigures"
    block = page.locator("section.cb-keyfigures")
    labels = block.locator("dt").all_inner_texts()
    assert labels[:4] == ["Memory", "Memory bandwidth", "BF16", "FP16"] and labels[-1] == "Export controls"
    # It starts in the first screen, above the summary and the full table.
    assert block.bounding_box()["y"] < viewport["height"] / 2
    assert block.bounding_box()["y"] < page.locator("#facts").bounding_box()["y"]
    # Each known figure has its status, and disagreement is shown, not resolved.
    memory = block.locator(".cb-kf[data-cb-field='specs.memory_capacity']")
    expect(memory.locator(".cb-status")).to_have_count(1)
    expect(memory).to_contain_text("128 GB")
    foundry = block.locator(".cb-kf[data-cb-field='foundry']")
    expect(foundry).to_contain_text("TSMC")
    expect(foundry).to_contain_text("SMIC")
    expect(foundry).to_contain_text("sources differ")
    # The label and the value are big enough to read, and the figure's text is not cut.
    size = memory.locator(".cb-kf__value").evaluate("a => parseFloat(getComputedStyle(a).fontSize)")
    assert size >= 16
    assert page.evaluate("() => document.scrollingElement.scrollWidth") <= viewport["width"]
    shot(page, artifacts, f"chip-keyfigures-{viewport['width']}-{scheme}")


def test_each_key_figure_links_to_its_sourced_value(page, served_site: str) -> None:
    page.goto(served_site + "/chips/nvidia-h20/")
    links = page.locator("section.cb-keyfigures a.cb-kf__value")
    assert links.count() >= 8  # no titled source gives the H20 a BF16, INT8 or process figure
    for i in range(links.count()):
        target = links.nth(i).get_attribute("href")
        assert target.startswith("#")
        assert page.locator(f"[id='{target[1:]}']").count() == 1, target
    bandwidth = page.locator(".cb-kf[data-cb-field='specs.memory_bandwidth'] a.cb-kf__value")
    bandwidth.click()
    claim = page.locator(f"[id='{bandwidth.get_attribute('href')[1:]}']")
    expect(claim).to_be_in_viewport()
    expect(claim).to_contain_text("4 TB/s")
    expect(claim.locator(".cb-status")).to_have_count(1)  # the row below: the same value, status and source
    assert claim.locator("a.footnote-ref").count() >= 1


# ---------------------------------------------------------------------------
# Wide tables
# ---------------------------------------------------------------------------


def columns_out_of_view(page) -> list[dict]:
    """For each wide table: how many of its header cells end beyond its scroll container's right edge."""
    return page.evaluate(
        """(selector) => Array.from(document.querySelectorAll(selector)).map(scroller => {
            const box = scroller.getBoundingClientRect();
            const cells = Array.from(scroller.querySelector('table').rows[0].cells)
                .filter(cell => cell.offsetParent !== null);
            const cue = scroller.previousElementSibling;
            return {
                total: cells.length,
                cut: cells.filter(cell => cell.getBoundingClientRect().right > box.right + 1).length,
                cue: cue && cue.classList.contains('cb-scroll-cue') && !cue.hidden && cue.offsetParent !== null
                    ? cue.innerText : null,
            };
        })""",
        SCROLLERS,
    )


@pytest.mark.parametrize("path", WIDE_TABLES)
@pytest.mark.parametrize(("viewport", "scheme"), VIEWS)
def test_no_column_is_cut_off_without_a_visible_cue(
    guarded_context, served_site: str, artifacts: Path, path: str, viewport, scheme
) -> None:
    page = open_page(guarded_context, served_site, path, viewport, scheme)
    tables = columns_out_of_view(page)
    assert tables, f"no wide table on {path}"
    for table in tables:
        if table["cut"]:
            assert table["cue"], table
            assert f"for {table['cut']} more" in table["cue"], table
        else:
            assert table["cue"] is None, table
    assert page.evaluate("() => document.scrollingElement.scrollWidth") <= viewport["width"]  # the page never scrolls
    name = path.strip("/").replace("/", "-")
    shot(page, artifacts, f"table-{name}-{viewport['width']}-{scheme}")


@pytest.mark.parametrize("path", ["/chips/", "/sources/"])
def test_index_tables_use_the_full_width_at_1280(guarded_context, served_site: str, path: str) -> None:
    """The empty sidebars give way: every column of the chips and sources indexes shows at 1280 px."""
    page = open_page(guarded_context, served_site, path, LAPTOP)
    assert page.locator("article").bounding_box()["width"] > 1000
    for table in columns_out_of_view(page):
        assert table["cut"] == 0, table
    last = ["Language", "Title"] if path == "/sources/" else ["BF16", "FP16"]  # the columns the issue found hidden
    for name in last:
        header = page.locator(".cb-wide th", has_text=name).first
        expect(header).to_be_in_viewport(ratio=1)


@pytest.mark.parametrize("path", ["/compare/", "/chips/", "/sources/"])
def test_the_name_column_stays_in_view_while_scrolling_sideways(
    guarded_context, served_site: str, artifacts: Path, path: str
) -> None:
    page = open_page(guarded_context, served_site, path, PHONE)
    scroller = page.locator(SCROLLERS).first
    cue = page.locator(".cb-scroll-cue").first
    expect(cue).to_be_visible()
    row_name = scroller.locator("tbody tr").first.locator("> :first-child")
    before = row_name.bounding_box()
    cue.get_by_role("button", name="Scroll right").click()
    page.wait_for_function("(s) => document.querySelector(s).scrollLeft > 0", arg=SCROLLERS)
    scroller.evaluate("s => { s.scrollLeft = s.scrollWidth; }")
    page.wait_for_timeout(100)
    after = row_name.bounding_box()
    box = scroller.bounding_box()
    moved = scroller.evaluate("s => s.scrollLeft")
    assert moved > before["width"]  # scrolled far enough that an unpinned name column would be gone
    assert box["x"] - 1 <= after["x"] and after["x"] + after["width"] <= box["x"] + box["width"]  # still in view
    # ... and drawn on top: the point at its middle belongs to the name cell, not to a cell scrolled under it.
    centre = (after["x"] + after["width"] / 2, after["y"] + min(after["height"] / 2, 10))
    assert row_name.evaluate("(cell, p) => cell.contains(document.elementFromPoint(p[0], p[1]))", list(centre))
    expect(cue).to_contain_text("in view")
    expect(cue.get_by_role("button", name="Scroll left")).to_be_enabled()
    shot(page, artifacts, f"sticky-{path.strip('/')}-390")


# ---------------------------------------------------------------------------
# Compare: column choice in the URL, blanks last
# ---------------------------------------------------------------------------


def test_compare_column_choice_survives_a_reload(page, served_site: str) -> None:
    page.goto(served_site + "/compare/")
    box = page.locator(".cb-columns")
    expect(box).to_be_visible()
    expect(box).to_have_attribute("open", "")  # open on a wide screen (closed on a phone, where it is long)
    expect(box.locator("summary")).to_contain_text("13 of 13 shown")
    box.get_by_label("Released").uncheck()
    box.get_by_label("Workload").uncheck()
    page.select_option("select[data-cb-column=designer]", "huawei")
    assert "cols=" in page.url and "released" not in page.url.split("cols=")[1].split("&")[0]
    assert "designer=huawei" in page.url
    expect(box.locator("summary")).to_contain_text("11 of 13 shown")
    page.reload()
    headers = page.locator("#cb-compare thead th")
    expect(headers.filter(has_text="Released")).to_be_hidden()
    expect(headers.filter(has_text="Workload")).to_be_hidden()
    expect(headers.filter(has_text="Memory")).to_be_visible()
    expect(page.locator(".cb-columns").get_by_label("Released")).not_to_be_checked()
    expect(page.locator(".cb-columns").get_by_label("Memory")).to_be_checked()
    expect(page.locator("select[data-cb-column=designer]")).to_have_value("huawei")
    # Body cells go with their header: no row shows a Released cell.
    assert page.locator("#cb-compare tbody tr:not([hidden]) > :visible").count() == page.locator(
        "#cb-compare tbody tr:not([hidden])"
    ).count() * (headers.count() - 2)
    page.locator(".cb-columns").get_by_label("Released").check()
    page.locator(".cb-columns").get_by_label("Workload").check()
    assert "cols=" not in page.url  # every column: the address says nothing


def test_compare_column_choice_from_a_shared_address(page, served_site: str) -> None:
    page.goto(served_site + "/compare/?cols=bf16,memory_capacity")
    visible = [t.strip() for t in page.locator("#cb-compare thead th:visible").all_inner_texts()]
    assert visible == ["Chip", "Memory", "BF16 dense"]


@pytest.mark.parametrize("column", ["TDP", "INT8 dense", "Released"])
def test_compare_sorting_puts_blanks_last_both_ways(page, served_site: str, column: str) -> None:
    page.goto(served_site + "/compare/")
    header = page.locator("#cb-compare thead th", has_text=column)
    index = header.evaluate("th => th.cellIndex")
    for _ in range(2):
        header.click()
        texts = page.locator(f"#cb-compare tbody tr > :nth-child({index + 1})").all_inner_texts()
        blank = [text.strip() in ("", "—") for text in texts]
        assert any(blank) and not all(blank), column
        first_blank = blank.index(True)
        assert all(blank[first_blank:]), f"{column} {header.get_attribute('aria-sort')}: a value after a blank"
    assert header.get_attribute("aria-sort") in ("ascending", "descending")


def test_compare_numbers_sort_in_order_with_blanks_last(page, served_site: str) -> None:
    page.goto(served_site + "/compare/")
    header = page.locator("#cb-compare thead th", has_text="TDP")
    index = header.evaluate("th => th.cellIndex")
    seen = set()
    for _ in range(2):
        header.click()
        keys = page.locator(f"#cb-compare tbody tr > :nth-child({index + 1})").evaluate_all(
            "cells => cells.map(c => c.textContent.trim() === '—' ? null : parseFloat(c.dataset.sort))"
        )
        numbers = [key for key in keys if key is not None]
        assert keys[: len(numbers)] == numbers  # every blank after every number
        order = "up" if numbers == sorted(numbers) else "down" if numbers == sorted(numbers, reverse=True) else None
        assert order, numbers
        seen.add(order)
    assert seen == {"up", "down"}


# ---------------------------------------------------------------------------
# Accessibility of the pages touched here, at both widths and in dark mode
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/chips/huawei-ascend-910c/", *WIDE_TABLES])
@pytest.mark.parametrize(("viewport", "scheme"), [VIEWS[1], VIEWS[2], VIEWS[3]])
def test_touched_pages_are_axe_clean(guarded_context, served_site: str, path: str, viewport, scheme) -> None:
    page = open_page(guarded_context, served_site, path, viewport, scheme)
    serious = serious_axe_violations(page)
    assert serious == []
    assert page.aborted == []


@pytest.mark.parametrize("path", ["/zh/compare/", "/zh/sources/"])
def test_the_scroll_cue_speaks_the_page_language(guarded_context, served_site: str, path: str) -> None:
    page = open_page(guarded_context, served_site, path, PHONE)
    cue = page.locator(".cb-scroll-cue").first
    expect(cue).to_be_visible()
    expect(cue).to_contain_text("列")  # the catalogue's words, the numbers filled in
    assert "%(" not in cue.inner_text()
    expect(cue.locator("button").last).to_have_text("向右滚动 →")
