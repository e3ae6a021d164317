"""The Chinese interface in Chromium: the language switch and search, at a phone's and a laptop's width.

The fixture project is built with the real strict MkDocs build and served on loopback; pages are opened
in Debian's chromium through Playwright, with every off-host request aborted. Screenshots for a reviewer
go to build/test-artifacts/i18n/ (or $CHIPBRIEF_ARTIFACTS/i18n/): never committed.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlparse

import pytest

from conftest import ARTIFACTS as CONFTEST_ARTIFACTS
from conftest import guard, make_project, run_mkdocs, serious_axe_violations, serve_folder

pytestmark = pytest.mark.browser

ARTIFACTS = CONFTEST_ARTIFACTS / "i18n"
WIDTHS = (390, 1280)
SWITCH = "a.cb-language"
BOX = "#cb-search input[name=q]"
BOX_RESULTS = "#cb-search-list .md-search-result__item:not(.cb-search-all) a"


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    project = make_project(tmp_path_factory.mktemp("i18n-browser") / "project")
    result = run_mkdocs(project)
    assert result.returncode == 0, result.stdout + result.stderr
    with serve_folder(project / "site") as url:
        yield url


@pytest.fixture
def open_page(browser, fixture_site: str):
    """Open a path of the fixture site at a width; the page's script errors and aborted requests are checked after."""
    opened = []

    def open_at(path: str, width: int):
        context = browser.new_context(service_workers="block", viewport={"width": width, "height": 900})
        context.aborted = guard(context, fixture_site)
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        page.goto(fixture_site + path)
        opened.append((context, page))
        return page

    yield open_at
    for context, page in opened:
        assert page.errors == [] and context.aborted == []
        context.close()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(
    ("path", "other", "lang"),
    [
        ("/chips/acme-x1/", "/zh/chips/acme-x1/", "zh-Hans"),
        ("/zh/chips/acme-x1/", "/chips/acme-x1/", "en"),
        ("/zh/companies/acme/", "/companies/acme/", "en"),
        ("/", "/zh/", "zh-Hans"),
    ],
)
def test_the_switch_is_on_screen_and_keeps_the_record(open_page, path: str, other: str, lang: str, width: int) -> None:
    page = open_page(path, width)
    switch = page.locator(SWITCH)
    assert switch.is_visible()
    box = switch.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= width  # inside the header, not pushed off screen
    assert box["height"] >= 24 and box["width"] >= 24  # a target a thumb can hit
    header = page.locator("header.md-header")
    assert header.evaluate("h => h.scrollWidth <= h.clientWidth")  # the switch adds no sideways scroll
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    name = (path.strip("/").replace("/", "-") or "home") + f"-{width}"
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))
    switch.click()
    page.wait_for_load_state("load")
    assert urlparse(page.url).path == other
    assert page.evaluate("document.documentElement.lang") == lang


@pytest.mark.parametrize("width", WIDTHS)
def test_search_from_a_chinese_page_finds_chinese_pages(open_page, width: int) -> None:
    page = open_page("/zh/chips/", width)
    if width < 1220:  # on a phone the header's search button opens the box
        page.locator("label.md-header__button[for=__search]").click()
    box = page.locator(BOX)
    box.click()
    box.press_sequentially("Acme")
    page.wait_for_function("() => document.getElementById('cb-search').getAttribute('data-cb-query') === 'Acme'")
    shown = [urlparse(h).path for h in page.locator(BOX_RESULTS).evaluate_all("as => as.map(a => a.href)")]
    assert shown and all(path.startswith("/zh/") for path in shown), shown
    assert page.locator("#cb-search .md-search-result__meta").inner_text().startswith("最佳匹配")
    page.screenshot(path=str(ARTIFACTS / f"search-zh-{width}.png"))


def test_search_from_an_english_page_finds_english_pages(open_page) -> None:
    page = open_page("/chips/", 1280)
    box = page.locator(BOX)
    box.click()
    box.press_sequentially("Acme")
    page.wait_for_function("() => document.getElementById('cb-search').getAttribute('data-cb-query') === 'Acme'")
    shown = [urlparse(h).path for h in page.locator(BOX_RESULTS).evaluate_all("as => as.map(a => a.href)")]
    assert shown and not any(path.startswith("/zh/") for path in shown), shown
    assert shown[0] in ("/companies/acme/", "/chips/acme-x1/")


def test_the_chinese_results_page_lists_chinese_pages(open_page) -> None:
    page = open_page("/zh/search/?q=Acme", 1280)
    page.wait_for_function("() => document.getElementById('search-results').hasAttribute('data-cb-done')")
    listed = page.locator("#search-results a.cb-search-result__link").evaluate_all("as => as.map(a => a.href)")
    assert listed and all(urlparse(h).path.startswith("/zh/") for h in listed), listed
    assert "搜索结果" in page.locator("#search-results .cb-search-status").inner_text()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(
    "path", ["/zh/", "/zh/chips/acme-x1/", "/zh/compare/", "/zh/briefs/2025/acme-x1-french-report/"]
)
def test_chinese_pages_are_axe_clean(open_page, path: str, width: int) -> None:
    """axe-core finds nothing serious on Chinese pages: the page's lang and every passage's lang valid, names
    and labels present (the switch, the Chinese navigation, translated form labels)."""
    page = open_page(path, width)
    serious = serious_axe_violations(page, language_rules=True)
    assert serious == [], serious
