"""`chipbrief linkcheck` against a real HTTP server on 127.0.0.1: outcomes, retries, cache, report."""

from __future__ import annotations

import asyncio
import json
import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from chipbrief.catalog import Catalog
from chipbrief.cli import main
from chipbrief.linkcheck import Hop, LinkCheckOptions, LinkReport, LinkResult, check_links, format_report
from chipbrief.models import Source

T0 = 1_800_000_000.0
DAY = 86400.0
BACKOFF = 0.001


class Sleeps:
    """A stand-in for asyncio.sleep that records each wait the checker asks for, and waits not."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)
        await asyncio.sleep(0)


def start_server() -> HTTPServer:
    """A real threaded HTTP server on 127.0.0.1, with no handler until a test adds some."""
    httpserver = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    httpserver.start()
    return httpserver


@pytest.fixture(scope="module")
def running_server() -> Iterator[HTTPServer]:
    httpserver = start_server()
    yield httpserver
    httpserver.clear()
    httpserver.stop()


@pytest.fixture
def server(running_server: HTTPServer) -> Iterator[HTTPServer]:
    """The module's server, cleared of handlers and log; unexpected requests fail the test."""
    running_server.clear()
    yield running_server
    try:
        running_server.check_assertions()
        running_server.check_handler_errors()
    finally:
        running_server.clear()


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def make_options(tmp_path: Path, sleeps: Sleeps):
    """Options with a small backoff, a recorded sleep and a fixed clock; keyword overrides."""

    def make(**overrides: object) -> LinkCheckOptions:
        values: dict[str, object] = {
            "offline": False,
            "timeout": 5.0,
            "per_host": 2,
            "cache_path": tmp_path / "cache" / "linkcheck.json",
            "max_age_days": 7.0,
            "retries": 3,
            "backoff": BACKOFF,
            "sleep": sleeps,
            "now": lambda: T0,
        }
        values.update(overrides)
        return LinkCheckOptions(**values)  # type: ignore[arg-type]

    return make


def catalog_of(*sources: tuple[str, str] | tuple[str, str, str | None]) -> Catalog:
    """A catalog of sources given as (id, url) or (id, url, archive_url)."""
    built = {}
    for ident, url, *archive in sources:
        built[ident] = Source(
            id=ident,
            publisher="Example Daily",
            title="An example report",
            url=url,
            language="en",
            accessed="2026-11-28",
            archive_url=archive[0] if archive else None,
        )
    return Catalog(sources=built)


def only(report: LinkReport) -> LinkResult:
    assert len(report.results) == 1, report.results
    return report.results[0]


def methods(server: HTTPServer) -> list[tuple[str, str]]:
    """(method, path) of every request the server saw, in order."""
    return [(request.method, request.path) for request, _ in server.log]


def redirect(location: str, status: int) -> Response:
    return Response("", status=status, headers={"Location": location})


# ---------------------------------------------------------------------------
# Outcomes
# ---------------------------------------------------------------------------


def test_a_200_is_ok_checked_with_head_and_a_user_agent_naming_chipbrief(server, make_options) -> None:
    server.expect_request("/page").respond_with_data("hello")
    url = server.url_for("/page")

    result = only(check_links(catalog_of(("a", url)), make_options()))

    assert (result.outcome, result.status, result.final_url, result.redirects) == ("ok", 200, url, ())
    assert (result.source_id, result.field, result.url, result.checked_at) == ("a", "url", url, T0)
    assert methods(server) == [("HEAD", "/page")]
    assert "chipbrief" in server.log[0][0].headers["User-Agent"]


def test_a_301_then_308_chain_is_redirected_and_the_chain_reported(server, make_options) -> None:
    server.expect_request("/old").respond_with_response(redirect("/middle", 301))
    server.expect_request("/middle").respond_with_response(redirect(server.url_for("/new"), 308))
    server.expect_request("/new").respond_with_data("here")
    catalog = catalog_of(("a", server.url_for("/old")))

    report = check_links(catalog, make_options())

    result = only(report)
    assert result.outcome == "redirected"
    assert result.status == 200
    assert result.final_url == server.url_for("/new")
    assert result.redirects == (Hop(301, server.url_for("/middle")), Hop(308, server.url_for("/new")))
    assert not report.failed
    text = format_report(report)
    assert "1 links: 0 broken, 0 timed out, 0 blocked, 1 redirected, 0 ok" in text
    assert f"redirects: 301 {server.url_for('/middle')} -> 308 {server.url_for('/new')} -> 200" in text


def test_a_redirect_loop_is_broken_and_named(server, make_options) -> None:
    server.expect_request("/a").respond_with_response(redirect("/b", 302))
    server.expect_request("/b").respond_with_response(redirect("/a", 302))
    a, b = server.url_for("/a"), server.url_for("/b")

    result = only(check_links(catalog_of(("loop", a)), make_options(max_redirects=10)))

    assert result.outcome == "broken"
    assert result.error == f"redirect loop: {a} -> {b} -> {a}"
    assert len(server.log) == 11  # the first request and 10 redirects followed, then it stops


@pytest.mark.parametrize("status", [404, 410])
def test_404_and_410_are_broken_after_head_and_get(server, make_options, sleeps, status) -> None:
    server.expect_request("/gone").respond_with_data("no", status=status)

    report = check_links(catalog_of(("a", server.url_for("/gone"))), make_options())

    result = only(report)
    assert (result.outcome, result.status, result.error) == ("broken", status, f"HTTP {status}")
    assert report.failed
    assert methods(server) == [("HEAD", "/gone"), ("GET", "/gone")]
    assert sleeps.delays == []  # a 4xx is not retried


def test_head_405_falls_back_to_get(server, make_options) -> None:
    server.expect_request("/page", method="HEAD").respond_with_data("", status=405)
    server.expect_request("/page", method="GET").respond_with_data("hello")

    result = only(check_links(catalog_of(("a", server.url_for("/page"))), make_options()))

    assert (result.outcome, result.status) == ("ok", 200)
    assert methods(server) == [("HEAD", "/page"), ("GET", "/page")]


def test_a_429_waits_for_retry_after_then_succeeds(server, make_options, sleeps) -> None:
    server.expect_oneshot_request("/busy").respond_with_data("slow down", status=429, headers={"Retry-After": "2"})
    server.expect_request("/busy").respond_with_data("hello")

    result = only(check_links(catalog_of(("a", server.url_for("/busy"))), make_options()))

    assert (result.outcome, result.status) == ("ok", 200)
    assert sleeps.delays == [2.0]
    assert methods(server) == [("HEAD", "/busy"), ("HEAD", "/busy")]  # a 429 is no reason to try GET


def test_retry_after_is_capped(server, make_options, sleeps) -> None:
    server.expect_oneshot_request("/busy").respond_with_data("", status=429, headers={"Retry-After": "3600"})
    server.expect_request("/busy").respond_with_data("hello")

    result = only(check_links(catalog_of(("a", server.url_for("/busy"))), make_options(retry_after_cap=5.0)))

    assert result.outcome == "ok"
    assert sleeps.delays == [5.0]


def test_a_429_that_persists_is_blocked_after_the_retries(server, make_options, sleeps) -> None:
    server.expect_request("/busy").respond_with_data("", status=429, headers={"Retry-After": "1"})

    report = check_links(catalog_of(("a", server.url_for("/busy"))), make_options(retries=2))

    result = only(report)
    assert (result.outcome, result.status) == ("blocked", 429)
    assert sleeps.delays == [1.0, 1.0]
    assert len(server.log) == 3
    assert not report.failed  # blocked asks a person to look; it does not fail the run


def test_403_is_blocked_and_not_retried(server, make_options, sleeps) -> None:
    server.expect_request("/private").respond_with_data("no robots", status=403)

    result = only(check_links(catalog_of(("a", server.url_for("/private"))), make_options()))

    assert (result.outcome, result.status) == ("blocked", 403)
    assert sleeps.delays == []


def test_a_500_on_head_then_200_is_ok(server, make_options) -> None:
    server.expect_oneshot_request("/flaky").respond_with_data("oops", status=500)
    server.expect_request("/flaky").respond_with_data("hello")

    result = only(check_links(catalog_of(("a", server.url_for("/flaky"))), make_options()))

    assert (result.outcome, result.status) == ("ok", 200)
    assert methods(server) == [("HEAD", "/flaky"), ("GET", "/flaky")]


def test_500s_are_retried_with_exponential_backoff_then_succeed(server, make_options, sleeps) -> None:
    server.expect_request("/flaky", method="HEAD").respond_with_data("", status=405)
    server.expect_oneshot_request("/flaky", method="GET").respond_with_data("oops", status=500)
    server.expect_oneshot_request("/flaky", method="GET").respond_with_data("oops", status=503)
    server.expect_request("/flaky", method="GET").respond_with_data("hello")

    result = only(check_links(catalog_of(("a", server.url_for("/flaky"))), make_options()))

    assert (result.outcome, result.status) == ("ok", 200)
    assert sleeps.delays == [BACKOFF, 2 * BACKOFF]
    assert [method for method, _ in methods(server)] == ["HEAD", "GET", "GET", "GET"]


def test_a_500_that_persists_is_broken_after_the_retries(server, make_options, sleeps) -> None:
    server.expect_request("/down").respond_with_data("oops", status=500)

    result = only(check_links(catalog_of(("a", server.url_for("/down"))), make_options(retries=3)))

    assert (result.outcome, result.status, result.error) == ("broken", 500, "HTTP 500")
    assert sleeps.delays == [BACKOFF, 2 * BACKOFF, 4 * BACKOFF]
    assert len(server.log) == 1 + 4  # HEAD, then GET and its three retries


def test_a_slow_response_times_out(make_options) -> None:
    released = threading.Event()

    def slow(request: Request) -> Response:
        released.wait(10)
        return Response("late")

    own = start_server()  # its own server: the held request must not outlive the test
    try:
        own.expect_request("/slow").respond_with_handler(slow)
        report = check_links(catalog_of(("a", own.url_for("/slow"))), make_options(timeout=0.3))
    finally:
        released.set()
        own.stop()

    result = only(report)
    assert (result.outcome, result.status) == ("timed_out", None)
    assert result.error == "no answer within 0.3 s (HEAD)"
    assert report.failed
    assert [request.method for request, _ in own.log] == ["HEAD"]  # a timeout is not retried


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (bound, then closed)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_refused_connection_is_broken_after_retries(make_options, sleeps) -> None:
    port = closed_port()
    url = f"http://127.0.0.1:{port}/page"

    result = only(check_links(catalog_of(("a", url)), make_options()))

    assert result.outcome == "broken"
    assert result.error == f"connection refused by 127.0.0.1:{port}"
    assert sleeps.delays == [BACKOFF, 2 * BACKOFF, 4 * BACKOFF]


def test_requests_to_one_host_stay_within_per_host(server, make_options) -> None:
    lock = threading.Lock()
    state = {"now": 0, "max": 0}

    def counted(request: Request) -> Response:
        with lock:
            state["now"] += 1
            state["max"] = max(state["max"], state["now"])
        time.sleep(0.3)
        with lock:
            state["now"] -= 1
        return Response("hello")

    server.expect_request("/p").respond_with_handler(counted)
    catalog = catalog_of(*((f"s{index}", server.url_for(f"/p?n={index}")) for index in range(6)))

    report = check_links(catalog, make_options(per_host=2))

    assert [result.outcome for result in report.results] == ["ok"] * 6
    assert state["max"] == 2


def test_one_url_cited_twice_is_requested_once(server, make_options) -> None:
    server.expect_request("/page").respond_with_data("hello")
    server.expect_request("/other").respond_with_data("", status=404)
    url = server.url_for("/page")

    report = check_links(catalog_of(("a", url), ("b", server.url_for("/other"), url)), make_options())

    assert methods(server).count(("HEAD", "/page")) == 1
    assert len(server.log) == 1 + 2  # /page once; /other HEAD then GET
    assert [(r.source_id, r.field, r.outcome) for r in report.results] == [
        ("a", "url", "ok"),
        ("b", "url", "broken"),
        ("b", "archive_url", "ok"),
    ]


# ---------------------------------------------------------------------------
# Cache
# ---------------------------------------------------------------------------


def test_fresh_results_come_from_the_cache_and_stale_ones_are_checked_again(server, make_options, tmp_path) -> None:
    server.expect_request("/page").respond_with_data("hello")
    catalog = catalog_of(("a", server.url_for("/page")))
    cache = tmp_path / "cache" / "linkcheck.json"

    check_links(catalog, make_options(now=lambda: T0))
    assert len(server.log) == 1
    saved = json.loads(cache.read_text(encoding="utf-8"))
    assert saved["results"][server.url_for("/page")]["outcome"] == "ok"
    assert sorted(path.name for path in cache.parent.iterdir()) == ["linkcheck.json"]  # no temporary file left

    server.clear_log()
    second = check_links(catalog, make_options(now=lambda: T0 + 6 * DAY))
    assert server.log == []
    assert only(second).cached and only(second).outcome == "ok" and only(second).checked_at == T0
    assert "(1 from the cache)" in format_report(second)

    third = check_links(catalog, make_options(now=lambda: T0 + 8 * DAY))
    assert len(server.log) == 1
    assert not only(third).cached and only(third).checked_at == T0 + 8 * DAY


def test_failures_are_not_cached(server, make_options, tmp_path) -> None:
    server.expect_request("/gone").respond_with_data("", status=404)
    catalog = catalog_of(("a", server.url_for("/gone")))

    check_links(catalog, make_options())
    server.clear_log()
    again = check_links(catalog, make_options(now=lambda: T0 + 60))

    assert len(server.log) == 2  # HEAD and GET again: a failure is always rechecked
    cache = json.loads((tmp_path / "cache" / "linkcheck.json").read_text(encoding="utf-8"))
    assert cache["results"] == {}
    assert only(again).outcome == "broken" and not only(again).cached


def test_an_unreadable_cache_is_noted_and_every_link_checked(server, make_options, tmp_path) -> None:
    server.expect_request("/page").respond_with_data("hello")
    cache = tmp_path / "cache" / "linkcheck.json"
    cache.parent.mkdir()
    cache.write_text("{not json", encoding="utf-8")

    report = check_links(catalog_of(("a", server.url_for("/page"))), make_options())

    assert len(server.log) == 1
    assert f"note: {cache}: cache unreadable (" in format_report(report)
    assert json.loads(cache.read_text(encoding="utf-8"))["version"] == 1  # replaced by a good one


# ---------------------------------------------------------------------------
# Offline
# ---------------------------------------------------------------------------


def test_offline_checks_form_only_and_makes_no_request(server, make_options, tmp_path) -> None:
    server.expect_request("/page").respond_with_data("", status=404)
    good = server.url_for("/page")
    bad_scheme = Source.model_construct(id="ftp", url="ftp://files.example.org/x", archive_url=None)
    no_host = Source.model_construct(id="nohost", url="https:///path", archive_url=None)
    catalog = Catalog(sources={"a": catalog_of(("a", good)).sources["a"], "ftp": bad_scheme, "nohost": no_host})

    report = check_links(catalog, make_options(offline=True))

    assert server.log == []
    assert not (tmp_path / "cache").exists()
    assert [(r.source_id, r.outcome, r.error) for r in report.results] == [
        ("a", "ok", None),
        ("ftp", "broken", "expected the scheme http or https, found ftp in 'ftp://files.example.org/x'"),
        ("nohost", "broken", "expected a host name after https://, found none in 'https:///path'"),
    ]
    text = format_report(report)
    assert "offline: only the form of each URL was checked; no request was made" in text
    assert f"well-formed (no request made) (1):\n  a url: {good}" in text


# ---------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------


def test_report_points_a_broken_link_at_its_archive_or_asks_for_one(server, make_options) -> None:
    server.expect_request("/gone").respond_with_data("", status=404)
    server.expect_request("/also-gone").respond_with_data("", status=410)
    server.expect_request("/archived").respond_with_data("a copy")
    gone, also_gone, archived = server.url_for("/gone"), server.url_for("/also-gone"), server.url_for("/archived")
    catalog = catalog_of(("with-archive", gone, archived), ("without-archive", also_gone))

    report = check_links(catalog, make_options())
    text = format_report(report)

    assert text.splitlines()[0] == "3 links: 2 broken, 0 timed out, 0 blocked, 0 redirected, 1 ok"
    broken = text.split("broken (2):\n", 1)[1].split("\n\n", 1)[0]
    assert broken.splitlines() == [
        f"  with-archive url: {gone}",
        "    HTTP 404",
        f"    archive: {archived}",
        f"  without-archive url: {also_gone}",
        "    HTTP 410",
        "    no archive URL recorded: add archive_url to content/sources/without-archive.yaml",
    ]
    assert f"ok (1):\n  with-archive archive_url: {archived}" in text


def test_report_says_when_the_archive_fails_too(server, make_options) -> None:
    server.expect_request("/gone").respond_with_data("", status=404)
    gone, dead_archive = server.url_for("/gone"), server.url_for("/gone-archive")
    server.expect_request("/gone-archive").respond_with_data("", status=404)

    text = format_report(check_links(catalog_of(("s", gone, dead_archive)), make_options()))

    assert f"    archive: {dead_archive} (also broken)" in text
    assert "    the archive URL itself fails: replace archive_url in content/sources/s.yaml" in text


# ---------------------------------------------------------------------------
# The command
# ---------------------------------------------------------------------------


def point_fixture_sources_at(project: Path, base: str) -> None:
    """Rewrite each source of the fixture project to cite base/<its id>."""
    for path in (project / "content" / "sources").glob("*.yaml"):
        lines = path.read_text(encoding="utf-8").splitlines()
        lines = [f"url: {base}/{path.stem}" if line.startswith("url:") else line for line in lines]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_command_offline_exits_0_on_well_formed_urls(project: Path) -> None:
    result = CliRunner().invoke(main, ["linkcheck", "--root", str(project), "--offline"])

    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "2 links: 0 broken, 0 timed out, 0 blocked, 0 redirected, 2 well-formed"
    assert not (project / ".cache").exists()


def test_command_exits_1_on_a_broken_link_and_writes_its_cache_under_root(server, project: Path) -> None:
    server.expect_request(re.compile("^/gone/")).respond_with_data("", status=404)
    server.expect_request(re.compile("^/page/")).respond_with_data("hello")
    point_fixture_sources_at(project, server.url_for("/gone"))

    result = CliRunner().invoke(main, ["linkcheck", "--root", str(project), "--timeout", "5"])

    assert result.exit_code == 1, result.output
    assert "no archive URL recorded: add archive_url to content/sources/example-2025-08-report.yaml" in result.output

    point_fixture_sources_at(project, server.url_for("/page"))
    result = CliRunner().invoke(main, ["linkcheck", "--root", str(project)])
    assert result.exit_code == 0, result.output
    cached = json.loads((project / ".cache" / "linkcheck.json").read_text(encoding="utf-8"))
    assert sorted(cached["results"]) == [
        server.url_for("/page/example-2025-08-report"),
        server.url_for("/page/exemple-2025-09-fr"),
    ]
