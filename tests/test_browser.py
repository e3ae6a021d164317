"""A reader's view: headless Chromium (Debian's chromium) searches the real site and follows links."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.browser

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files without a log line per request."""

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def served_site(real_site: Path) -> Iterator[str]:
    """The built site on a real HTTP server on loopback."""
    handler = functools.partial(QuietHandler, directory=str(real_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is required for the browser tests: run `make browser-deps`")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, served_site: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.requests = requests
    yield page
    context.close()


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
        ("昇腾", "/chips/huawei-ascend-"),
        ("Cambricon", "/companies/cambricon/"),
        ("Hanguang", "/chips/alibaba-hanguang-800/"),
        ("d’inférence", "/briefs/"),
    ],
)
def test_search_finds_the_right_page_first(page, served_site: str, query: str, expected: str) -> None:
    results = search(page, served_site, query)
    assert results, f"no result for {query}"
    assert results[0].startswith(expected), (query, results[:5])


def test_navigation_reaches_a_chip_and_its_source(page, served_site: str) -> None:
    page.goto(served_site + "/")
    page.get_by_role("link", name="Chips", exact=True).first.click()
    page.get_by_role("link", name="H20", exact=True).first.click()
    assert urlparse(page.url).path == "/chips/nvidia-h20/"
    page.get_by_role("link", name="what cites it").first.click()
    assert urlparse(page.url).path.startswith("/sources/")
    assert page.get_by_role("heading", name="What cites it").is_visible()


def test_no_request_leaves_the_site_host(page, served_site: str) -> None:
    search(page, served_site, "inference")
    page.goto(served_site + "/chips/huawei-ascend-910c/")
    page.wait_for_load_state("networkidle")
    host = urlparse(served_site).netloc
    foreign = [url for url in page.requests if urlparse(url).netloc not in (host, "")]
    assert foreign == []
