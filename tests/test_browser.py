"""A reader's view: headless Chromium (Debian's chromium) searches the real site and follows links.

Search itself (relevance, keyboard, phone, paste, bytes) is tested in tests/test_search_browser.py.
"""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def search(page, served_site: str, query: str) -> list[str]:
    """Type a query into the site's search box and return the result links, best first."""
    page.goto(served_site + "/")
    box = page.locator("#cb-search input[name=q]")
    box.click()
    box.press_sequentially(query)
    page.wait_for_function(
        "q => document.getElementById('cb-search').getAttribute('data-cb-query') === q", arg=query, timeout=15000
    )
    links = page.locator("#cb-search-list .md-search-result__item:not(.cb-search-all) a")
    return [urlparse(links.nth(i).get_attribute("href")).path for i in range(links.count())]


def test_navigation_reaches_a_chip_and_its_source(page, served_site: str) -> None:
    page.goto(served_site + "/")
    page.get_by_role("link", name="Chips", exact=True).first.click()
    page.get_by_role("link", name="H20", exact=True).first.click()
    page.wait_for_url("**/chips/nvidia-h20/")
    page.get_by_role("link", name="what cites it").first.click()
    page.wait_for_url("**/sources/**")
    expect(page.get_by_role("heading", name="What cites it")).to_be_visible()


def test_no_request_leaves_the_site_host(page, served_site: str) -> None:
    assert search(page, served_site, "inference")  # the index, the alias table and the WebAssembly came too
    page.goto(served_site + "/chips/huawei-ascend-910c/")
    page.wait_for_load_state("networkidle")
    assert page.aborted == []  # every request off the site's host is aborted and listed there


@pytest.fixture
def elsewhere() -> Iterator[tuple[str, list[str]]]:
    """Another host (loopback, another port) that records every request reaching it: (its URL, the paths)."""
    hits: list[str] = []

    class Recorder(http.server.BaseHTTPRequestHandler):
        """Answers every GET and POST with 204 after recording its path."""

        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(204)
            self.end_headers()

        do_POST = do_GET

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()


PROBES = """async (elsewhere) => {
    const outcomes = {};
    for (const url of [elsewhere + "/fetch", "http://192.0.2.1/fetch"]) {
        try { await fetch(url, {mode: "no-cors"}); outcomes[url] = "loaded"; }
        catch (error) { outcomes[url] = "failed"; }
    }
    outcomes.img = await new Promise((done) => {
        const img = document.createElement("img");
        img.onload = () => done("loaded");
        img.onerror = () => done("failed");
        img.src = elsewhere + "/img.png";
        document.body.append(img);
    });
    outcomes.websocket = await new Promise((done) => {
        const socket = new WebSocket(elsewhere.replace("http:", "ws:") + "/socket");
        socket.onopen = () => done("opened");
        socket.onclose = () => done("closed");
    });
    outcomes.beacon = navigator.sendBeacon(elsewhere + "/beacon", "x");
    await new Promise((done) => setTimeout(done, 500));
    return outcomes;
}"""


def test_off_host_requests_are_aborted_before_they_leave(guarded_context, served_site: str, elsewhere) -> None:
    """A page script (a pull request's, say) cannot reach another host: each try is aborted and listed.

    The page's Content-Security-Policy would stop most of these first (tests/test_csp.py); it is
    bypassed here so that the routing is tested on its own.
    """
    url, hits = elsewhere
    context = guarded_context(bypass_csp=True)
    page = context.new_page()
    page.aborted = context.aborted
    page.goto(served_site + "/")
    outcomes = page.evaluate(PROBES, url)
    assert outcomes == {
        f"{url}/fetch": "failed",
        "http://192.0.2.1/fetch": "failed",
        "img": "failed",
        "websocket": "closed",
        "beacon": True,  # queued; its request is aborted like the others
    }
    expected = [f"{url}/fetch", "http://192.0.2.1/fetch", f"{url}/img.png", f"{url.replace('http:', 'ws:')}/socket"]
    assert page.aborted[: len(expected)] == expected
    assert sorted(page.aborted) == sorted([*expected, f"{url}/beacon"])
    assert hits == []  # nothing reached the other host: the routes abort before Chromium connects
