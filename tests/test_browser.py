"""A reader's view: headless Chromium (Debian's chromium) searches the real site and follows links."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def search(page, served_site: str, query: str) -> list[str]:
    """Type a query into Material's search box and return the result links, best first."""
    page.goto(served_site + "/")
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    box.press("End")
    page.wait_for_selector(".md-search-result__link", timeout=15000)
    links = page.locator(".md-search-result__link")
    return [urlparse(links.nth(i).get_attribute("href")).path for i in range(links.count())]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("寒武纪", "/companies/cambricon/"),
        ("平头哥", "/companies/t-head/"),
        ("思元590", "/chips/cambricon-siyuan-590/"),
        ("天垓150", "/chips/iluvatar-corex-tiangai-150/"),
        ("燧原S60", "/chips/enflame-s60/"),
        ("昇腾", "/chips/huawei-ascend-"),
        ("hanwuji", "/companies/cambricon/"),
        ("d’inférence", "/briefs/"),
    ],
)
def test_search_finds_the_right_page_first(page, served_site: str, query: str, expected: str) -> None:
    results = search(page, served_site, query)
    assert results, f"no result for {query}"
    assert results[0].startswith(expected), (query, results[:5])


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Cambricon", "/companies/cambricon/"),
        ("Hanguang", "/chips/alibaba-hanguang-800/"),
        ("MetaX", "/companies/metax/"),
    ],
)
def test_english_name_finds_the_entity_page_near_the_top(page, served_site: str, query: str, expected: str) -> None:
    """Material's ranking can put briefs about a company above its page (README: known limitations)."""
    pages = list(dict.fromkeys(search(page, served_site, query)))
    assert expected in pages[:3], (query, pages[:5])


def test_navigation_reaches_a_chip_and_its_source(page, served_site: str) -> None:
    page.goto(served_site + "/")
    page.get_by_role("link", name="Chips", exact=True).first.click()
    page.get_by_role("link", name="H20", exact=True).first.click()
    page.wait_for_url("**/chips/nvidia-h20/")
    page.get_by_role("link", name="what cites it").first.click()
    page.wait_for_url("**/sources/**")
    expect(page.get_by_role("heading", name="What cites it")).to_be_visible()


def test_no_request_leaves_the_site_host(page, served_site: str) -> None:
    search(page, served_site, "inference")
    page.goto(served_site + "/chips/huawei-ascend-910c/")
    page.wait_for_load_state("networkidle")
    host = urlparse(served_site).netloc
    foreign = [url for url in page.requests if urlparse(url).netloc not in (host, "")]
    assert foreign == []
