"""Reader features in headless Chromium: compare table, versus view, charts, feeds, accessibility."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import AXE, serious_axe_violations

pytestmark = pytest.mark.browser


def column_texts(page, index: int) -> list[str]:
    return page.locator(f"#cb-compare tbody tr:not([hidden]) > :nth-child({index})").all_inner_texts()


def test_compare_table_sorts_by_a_column(page, served_site: str) -> None:
    page.goto(served_site + "/compare/")
    header = page.locator("#cb-compare thead th", has_text="Memory")
    header.click()
    first = header.get_attribute("aria-sort")
    header.click()  # second click: the other direction
    assert {first, header.get_attribute("aria-sort")} == {"ascending", "descending"}
    values = [t for t in column_texts(page, 7) if t != "—"]
    numbers = [float(v.split()[0]) for v in values if v.split()[1] == "GB"]
    assert numbers == sorted(numbers) or numbers == sorted(numbers, reverse=True)


def test_compare_table_filters_by_designer(page, served_site: str) -> None:
    page.goto(served_site + "/compare/")
    total = page.locator("#cb-compare tbody tr").count()
    page.select_option("select[data-cb-column=designer]", "huawei")
    shown = page.locator("#cb-compare tbody tr:not([hidden])")
    assert 0 < shown.count() < total
    assert set(column_texts(page, 2)) == {"Huawei"}
    assert page.locator("output[data-cb-count]").inner_text() == f"{shown.count()} shown"


def test_compare_table_is_complete_without_javascript(guarded_context, served_site: str) -> None:
    context = guarded_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served_site + "/compare/")
    assert page.locator("#cb-compare tbody tr").count() > 25
    assert not page.locator("form.cb-filters").is_visible()
    assert context.aborted == []


def test_versus_view_shows_two_chips_side_by_side(page, served_site: str) -> None:
    page.goto(served_site + "/chips/huawei-ascend-910c/")
    page.get_by_role("link", name="side by side with another chip").click()
    page.wait_for_url("**/compare/versus/**")
    expect(page.locator("[data-cb-a]")).to_have_text("Ascend 910C")
    expect(page.locator("[data-cb-b]")).to_have_text("H20")
    page.select_option("select[name=b]", "nvidia-h100-sxm")
    expect(page.locator("[data-cb-b]")).to_have_text("H100 SXM")
    assert "b=nvidia-h100-sxm" in page.url


def test_timeline_filters_by_company(page, served_site: str) -> None:
    page.goto(served_site + "/timeline/")
    entries = page.locator(".cb-entry")
    total = entries.count()
    page.select_option("#cb-timeline-company", "cambricon")
    shown = page.locator(".cb-entry:not([hidden])")
    assert 0 < shown.count() < total
    for i in range(shown.count()):
        assert "cambricon" in shown.nth(i).get_attribute("data-cb-companies").split()
    dates = [t.split(":")[0] for t in shown.locator("h3").all_inner_texts()]
    assert dates == sorted(dates, reverse=True)


def test_chart_page_inlines_its_svgs_and_links_the_files(page, served_site: str) -> None:
    """Charts are inline SVG (so they read the page's CSS: fonts, dark scheme); each links its standalone file."""
    page.goto(served_site + "/charts/")
    drawings = page.locator("figure.cb-chart svg[role='img']")
    assert drawings.count() >= 6  # a wide and a narrow drawing per chart
    assert page.locator("img[src$='.svg']").count() == 0
    links = page.locator("a[href$='.svg']")
    assert links.count() >= 3
    for i in range(links.count()):
        response = page.request.get(links.nth(i).evaluate("a => a.href"))
        assert response.status == 200 and "<svg" in response.text()


def test_feed_link_is_followable(page, served_site: str) -> None:
    page.goto(served_site + "/briefs/")
    href = page.get_by_role("link", name="Atom feed").get_attribute("href")
    response = page.request.get(
        page.url.rsplit("/", 1)[0] + "/" + href if not href.startswith("/") else served_site + href
    )
    assert response.status == 200
    assert "<feed" in response.text()


PAGE_KINDS = [
    "/",
    "/chips/nvidia-h20/",
    "/companies/cambricon/",
    "/briefs/2025/alibaba-inference-chip-wsj-report/",
    "/sources/wccftech-2025-08-alibaba-new-ai-chip/",
    "/compare/",
    "/compare/versus/",
    "/timeline/",
    "/charts/",
    "/data/",
    "/tags/",
]


@pytest.mark.parametrize("path", PAGE_KINDS)
def test_no_serious_accessibility_violation(page, served_site: str, path: str) -> None:
    page.goto(served_site + path)
    serious = serious_axe_violations(page)
    assert serious == []
    assert page.aborted == []  # nothing tried to leave the site's host


def test_axe_is_served_locally_not_from_a_cdn() -> None:
    assert AXE.exists() or not Path(".ci").exists()


def _set_export_date(page, day: str) -> None:
    page.locator("form[data-cb-ec-date] input[type=date]").fill(day)


def test_export_control_date_control_shows_the_rules_in_force_on_that_day(page, served_site: str) -> None:
    """The chip page's date control shows the one period holding the chosen day, and its rules."""
    page.goto(served_site + "/chips/nvidia-h20/")
    form = page.locator("form[data-cb-ec-date]")
    expect(form).to_be_visible()
    shown = page.locator(".cb-ec-period:not([hidden])")
    expect(shown).to_have_count(1)  # the build's day, before any choice
    for day, rule, absent in [
        ("2023-06-01", "2022-10-advanced-computing", "2023-10-advanced-computing"),
        ("2024-01-01", "2023-10-advanced-computing", "2025-04-h20-mi308-letters"),
        ("2025-05-01", "2025-04-h20-mi308-letters", "2026-01-license-review-policy"),
    ]:
        _set_export_date(page, day)
        expect(shown).to_have_count(1)
        start, until = shown.get_attribute("data-cb-from"), shown.get_attribute("data-cb-until")
        assert start <= day and (not until or day < until), (day, start, until)
        rules = shown.locator("table a").all_inner_texts()
        assert rule in rules and absent not in rules, (day, rules)
        expect(page.locator("[data-cb-ec-none]")).to_be_hidden()
    expect(shown).to_contain_text("letter-based")  # April 2025: the H20 needs a licence by letter
    _set_export_date(page, "2021-01-01")
    expect(shown).to_have_count(0)
    expect(page.locator("[data-cb-ec-none]")).to_be_visible()


def test_export_control_periods_all_show_without_javascript(guarded_context, served_site: str) -> None:
    """Without script the date control stays hidden and the build day's period is the one shown."""
    context = guarded_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served_site + "/chips/nvidia-h20/")
    assert not page.locator("form[data-cb-ec-date]").is_visible()
    assert page.locator(".cb-ec-period:not([hidden])").count() == 1
    assert page.locator(".cb-ec-period").count() > 3
