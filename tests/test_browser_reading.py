"""Reading the site in headless Chromium, on a phone and a laptop, light and dark: type sizes, Han text,
the timeline's filters, the keyboard (the search box, the jump to sources, footnotes) and axe-core.

Each test runs at 390 px and at 1280 px, in the light and the dark scheme. The screenshots a reviewer
needs are written to build/test-artifacts/reading/ (or $CHIPBRIEF_ARTIFACTS/reading/; not committed; CI keeps them as artifacts).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import ARTIFACTS, serious_axe_violations

pytestmark = pytest.mark.browser

SHOTS = ARTIFACTS / "reading"

READERS = {
    "phone": {"viewport": {"width": 390, "height": 844}, "color_scheme": "light"},
    "laptop": {"viewport": {"width": 1280, "height": 900}, "color_scheme": "light"},
    "phone-dark": {"viewport": {"width": 390, "height": 844}, "color_scheme": "dark"},
    "laptop-dark": {"viewport": {"width": 1280, "height": 900}, "color_scheme": "dark"},
}

CHIP = "/chips/nvidia-h20/"
COMPANY = "/companies/cambricon/"
BRIEF = "/briefs/2025/alibaba-inference-chip-wsj-report/"


@pytest.fixture(params=list(READERS))
def reader(request, guarded_context):
    """A page on the served site as one kind of reader has it (width, colour scheme); named for screenshots."""
    context = guarded_context(**READERS[request.param])
    page = context.new_page()
    page.reader = request.param
    page.aborted = context.aborted
    return page


def shoot(page, name: str) -> None:
    """A full-page screenshot for the reviewer, named by what it shows and by the reader."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{page.reader}.png"), full_page=True)


def open_page(page, site: str, path: str) -> None:
    page.goto(site + path)
    scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    assert scheme == ("slate" if page.reader.endswith("dark") else "default")


# Sizes and styles as the browser computes them, for every element that shows one of these, visible or not.
SMALL_PRINT = ".cb-status, .cb-claim small, .cb-date, .md-typeset small, .cb-permalink, details.cb-cite > summary"

SIZES = """selector => [...document.querySelectorAll(selector)]
  .filter(e => e.textContent.trim())
  .map(e => [e.className || e.tagName, e.textContent.trim().slice(0, 30), parseFloat(getComputedStyle(e).fontSize)])"""


@pytest.mark.parametrize("path", [CHIP, "/compare/", "/chips/", "/timeline/", BRIEF])
def test_badges_and_dates_are_at_least_12_px(reader, served_site: str, path: str) -> None:
    open_page(reader, served_site, path)
    sizes = reader.evaluate(SIZES, SMALL_PRINT)
    assert sizes, "no status badge or date on the page"
    assert [s for s in sizes if s[2] < 12] == []


HAN_STYLES = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.querySelector('.md-content'), NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!/\\p{Script=Han}/u.test(node.textContent)) continue;
    const style = getComputedStyle(node.parentElement);
    out.push([node.textContent.trim().slice(0, 20), style.fontStyle, style.fontSynthesis]);
  }
  return out;
}"""


@pytest.mark.parametrize("path", ["/", COMPANY, "/companies/", CHIP])
def test_han_text_is_never_set_in_faux_italic(reader, served_site: str, path: str) -> None:
    open_page(reader, served_site, path)
    styles = reader.evaluate(HAN_STYLES)
    assert styles, "no Han text on the page"
    assert [s for s in styles if s[1] != "normal"] == []


def test_home_page_has_a_proper_title(reader, served_site: str) -> None:
    open_page(reader, served_site, "/")
    assert reader.title() == "Sourced briefings on China's AI-chip race - chipbrief"


# ---- The timeline's filters ----


def visible_entries(page) -> list[dict[str, str]]:
    return page.locator(".cb-entry:visible").evaluate_all(
        "entries => entries.map(e => ({...e.dataset, year: e.closest('.cb-year').dataset.cbYear}))"
    )


def assert_no_empty_year_shows(page) -> None:
    years = page.locator(".cb-year").evaluate_all(
        "ys => ys.map(y => [y.dataset.cbYear, y.checkVisibility(), y.querySelector('h2').checkVisibility(),"
        " [...y.querySelectorAll('.cb-entry')].some(e => e.checkVisibility())])"
    )
    for year, shown, heading, has_entry in years:
        assert shown == heading == has_entry, year


def test_timeline_filters_by_kind_company_chip_and_year_and_keeps_them_in_the_url(reader, served_site: str) -> None:
    open_page(reader, served_site, "/timeline/")
    total = reader.locator(".cb-entry").count()
    reader.select_option("#cb-timeline-kind", "brief")
    reader.select_option("#cb-timeline-company", "huawei")
    shown = visible_entries(reader)
    assert 0 < len(shown) < total
    assert all(e["cbKind"] == "brief" and "huawei" in e["cbCompanies"].split() for e in shown)
    assert_no_empty_year_shows(reader)
    assert re.search(r"[?&]kind=brief(&|$)", reader.url) and re.search(r"[?&]company=huawei(&|$)", reader.url)
    expect(reader.locator("output[data-cb-count]")).to_have_text(f"{len(shown)} / {total}")

    # The URL round trip: a fresh load of the filtered address shows the same choices and the same entries.
    reader.goto(reader.url)
    assert reader.locator("#cb-timeline-kind").input_value() == "brief"
    assert reader.locator("#cb-timeline-company").input_value() == "huawei"
    assert visible_entries(reader) == shown

    reader.select_option("#cb-timeline-kind", "")
    reader.select_option("#cb-timeline-company", "")
    reader.select_option("#cb-timeline-chip", "huawei-ascend-910c")
    by_chip = visible_entries(reader)
    assert by_chip and all("huawei-ascend-910c" in e["cbChips"].split() for e in by_chip)
    assert "chip=huawei-ascend-910c" in reader.url and "kind=" not in reader.url
    years = sorted({e["year"] for e in by_chip}, reverse=True)
    reader.select_option("#cb-timeline-year", years[-1])
    assert {e["year"] for e in visible_entries(reader)} == {years[-1]}
    assert_no_empty_year_shows(reader)
    # The table of contents (laptop) lists only the years still shown.
    if reader.viewport_size["width"] >= 1220:
        toc = reader.locator(".md-sidebar--secondary .md-nav--secondary > .md-nav__list > li:visible > a")
        toc = toc.all_inner_texts()
        assert [t.strip() for t in toc] == [years[-1]]
    # The filters fit the screen: no name in a list widens the page (a phone scrolled sideways before).
    assert reader.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shoot(reader, "timeline-filtered")


def test_timeline_filters_in_the_url_on_arrival(reader, served_site: str) -> None:
    open_page(reader, served_site, "/timeline/?kind=export-control&year=2025")
    shown = visible_entries(reader)
    assert shown and {(e["cbKind"], e["year"]) for e in shown} == {("export-control", "2025")}
    assert_no_empty_year_shows(reader)
    # An unknown value in the URL selects nothing rather than hiding every entry.
    open_page(reader, served_site, "/timeline/?company=no-such-company")
    assert reader.locator("#cb-timeline-company").input_value() == ""
    assert len(visible_entries(reader)) == reader.locator(".cb-entry").count()


def test_timeline_without_javascript_shows_every_entry_and_no_filter(guarded_context, served_site: str) -> None:
    context = guarded_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(served_site + "/timeline/?kind=brief")
    assert not page.locator("#cb-timeline-filters").is_visible()
    assert page.locator(".cb-entry:visible").count() == page.locator(".cb-entry").count() > 40


# ---- Brief pages ----


def test_brief_shows_its_date_and_the_original_s_and_mentions_kind_by_kind(reader, served_site: str) -> None:
    open_page(reader, served_site, BRIEF)
    dates = reader.locator(".cb-dates").inner_text()
    assert re.search(r"Brief written \d{4}-\d{2}-\d{2}", dates)
    assert "2025-08-29" in dates  # the original's (the events it reports, when its page shows no date)
    mentioned = reader.locator("h2#mentioned ~ p")
    labels = mentioned.locator("strong").all_inner_texts()
    assert labels[:3] == ["Companies:", "Chips:", "Tags:"]
    companies = mentioned.nth(0).locator("a").all_inner_texts()
    assert companies == sorted(companies, key=str.casefold) and "NVIDIA Corporation" in companies
    assert all("/companies/" in h for h in mentioned.nth(0).locator("a").evaluate_all("l => l.map(a => a.href)"))
    assert all("/chips/" in h for h in mentioned.nth(1).locator("a").evaluate_all("l => l.map(a => a.href)"))
    shoot(reader, "brief")


# ---- Keyboard ----

FOCUSED = """() => { const e = document.activeElement;
  return {tag: e.tagName, text: (e.textContent || '').trim().slice(0, 40), id: e.id, href: e.getAttribute('href') || '',
          visible: e.checkVisibility({opacityProperty: true, visibilityProperty: true}),
          inSearch: Boolean(e.closest('#cb-search')), inFootnotes: Boolean(e.closest('.footnote'))}; }"""


def test_tab_from_the_search_box_reaches_only_visible_elements(reader, served_site: str) -> None:
    open_page(reader, served_site, CHIP)
    reader.locator("input[name=q]").focus()  # the search box, as Tab or `/` reaches it
    seen = []
    for _ in range(12):
        reader.keyboard.press("Tab")
        reader.wait_for_timeout(50)
        seen.append(reader.evaluate(FOCUSED))
    assert [f for f in seen if f["inSearch"]] == []  # nothing of the closed box is a tab stop
    # Visible once the browser has finished any fade: the element focused is not hidden.
    assert [f for f in seen if not f["visible"]] == []
    assert not reader.locator("#__search").is_checked()  # Tab out of the box closed it


def press_until(page, predicate: str, limit: int) -> int:
    """Press Tab until the focused element matches predicate (JS, given the element); the number of presses."""
    for count in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => {{ const e = document.activeElement; return Boolean({predicate}); }}"):
            return count
    raise AssertionError(f"not reached in {limit} presses of Tab: {predicate}")


@pytest.mark.parametrize("path", [CHIP, COMPANY])
def test_few_key_presses_from_the_top_to_the_first_source(reader, served_site: str, path: str) -> None:
    open_page(reader, served_site, path)
    # The skip link, then the jump to sources near the top of the content, then the first source's link.
    to_skip = press_until(reader, "e.classList.contains('md-skip')", 2)
    reader.keyboard.press("Enter")
    to_jump = press_until(reader, "e.getAttribute('href') === '#sources'", 4)
    reader.keyboard.press("Enter")
    assert reader.locator("#sources").is_visible()
    to_source = press_until(reader, "e.closest('.footnote li') && !e.classList.contains('footnote-backref')", 3)
    presses = to_skip + 1 + to_jump + 1 + to_source
    assert presses <= 10, presses  # it was 90 Tabs on the H20's page
    focused = reader.evaluate(FOCUSED)
    assert focused["inFootnotes"] and focused["visible"] and focused["href"].startswith("http")


def test_focus_follows_a_footnote_and_comes_back(reader, served_site: str) -> None:
    open_page(reader, served_site, CHIP)
    mark = reader.locator(".md-content a.footnote-ref").nth(3)
    target = mark.get_attribute("href")
    mark.focus()
    reader.keyboard.press("Enter")
    # The fragment's hashchange comes after the key press returns: wait for it, then look.
    reader.wait_for_function(
        "target => location.hash === target && document.activeElement !== document.body", arg=target
    )
    focused = reader.evaluate(FOCUSED)
    assert "#" + focused["id"] == target and focused["tag"] == "LI"  # on the source, not the page's body
    assert reader.locator(target.replace(":", "\\:")).is_visible()
    reader.keyboard.press("Tab")  # the next stop is that source's own first link
    after = reader.evaluate(FOCUSED)
    assert after["inFootnotes"] and after["href"].startswith("http")
    shoot(reader, "footnote-followed")

    mark_id = mark.evaluate("a => a.parentElement.id")
    back = reader.locator(f"{target.replace(':', chr(92) + ':')} a.footnote-backref[href='#{mark_id}']")
    back.focus()
    reader.keyboard.press("Enter")
    reader.wait_for_function("mark => location.hash === '#' + mark", arg=mark_id)
    reader.wait_for_function("() => document.activeElement.classList.contains('footnote-ref')")
    returned = reader.evaluate(FOCUSED)
    assert returned["href"] == target and returned["tag"] == "A"  # back on the citation mark it came from

    mark.focus()
    reader.keyboard.press("Enter")
    reader.go_back()  # the browser's Back, from the footnote to where the reader was: the mark
    reader.wait_for_function("() => document.activeElement.classList.contains('footnote-ref')")


# ---- axe-core on the pages these features touch ----


@pytest.mark.parametrize("path", ["/", "/timeline/?kind=brief&company=huawei", BRIEF, CHIP, COMPANY, "/companies/"])
def test_reading_pages_have_no_serious_accessibility_violation(reader, served_site: str, path: str) -> None:
    open_page(reader, served_site, path)
    serious = serious_axe_violations(reader)
    assert serious == []
    assert reader.aborted == []
    if path in ("/", CHIP):
        shoot(reader, Path(path.strip("/") or "home").name)
