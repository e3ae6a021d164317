"""`chipbrief linkcheck` against a real HTTP server on 127.0.0.1: outcomes, retries, budgets, the address guard, cache, report.

The checker refuses loopback by default, so tests that talk to their server pass
`allow_private=True` (`make_options`), and the guard's tests leave it out (`guarded_options`).
An audit hook makes sure no test sends anything past loopback: while a test runs, a connect to
any other address, or a DNS lookup of a real name, raises before it happens.
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import re
import socket
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import httpcore
import pytest
import yaml
from click.testing import CliRunner
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from chipbrief.catalog import Catalog
from chipbrief.cli import main
from chipbrief.linkcheck import (
    Hop,
    LinkCheckOptions,
    LinkReport,
    LinkResult,
    check_links,
    format_report,
    format_summary,
    guard,
)
from chipbrief.models import Source
from conftest import ROOT

T0 = 1_800_000_000.0
DAY = 86400.0
BACKOFF = 0.001
PRETEND_PUBLIC = "127.0.0.2"  # a loopback address the guard's tests treat as public, to play a public site
PUBLIC_LOOKING = "8.8.8.8"  # only ever an answer of the fake DNS; the audit hook forbids connecting to it


# ---------------------------------------------------------------------------
# No traffic past loopback
# ---------------------------------------------------------------------------


class Network:
    """What the tests' sockets did while the guard below was on: connects and real DNS lookups."""

    active: ClassVar[bool] = False
    connects: ClassVar[list[tuple[str, int]]] = []
    lookups: ClassVar[list[str]] = []


def _is_literal(host: object) -> bool:
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    try:
        ipaddress.ip_address(str(host).split("%", 1)[0])
    except ValueError:
        return False
    return True


def _audit(event: str, args: tuple[Any, ...]) -> None:
    """Refuse, before it happens, any connect past loopback and any lookup of a real name."""
    if not Network.active:
        return
    if event == "socket.connect":
        address = args[1]
        host = address[0] if isinstance(address, tuple) else address
        if not (_is_literal(host) and ipaddress.ip_address(str(host).split("%", 1)[0]).is_loopback):
            raise RuntimeError(f"a test tried to connect to {address!r}: only loopback is allowed")
        Network.connects.append((str(host), int(address[1])))
    elif event == "socket.getaddrinfo":
        if not _is_literal(args[0]):
            raise RuntimeError(f"a test tried a real DNS lookup of {args[0]!r}: use the fake_dns fixture")
        Network.lookups.append(str(args[0]))


sys.addaudithook(_audit)


@pytest.fixture(autouse=True)
def loopback_only() -> Iterator[type[Network]]:
    """Every test of this module runs with the audit hook on, and a fresh record of connects and lookups."""
    Network.connects, Network.lookups, Network.active = [], [], True
    try:
        yield Network
    finally:
        Network.active = False


class FakeDNS:
    """Answers getaddrinfo for made-up names (each answer in turn, the last one repeated); literals go to the real one."""

    def __init__(self) -> None:
        self.answers: dict[str, list[list[str]]] = {}
        self.asked: list[str] = []
        self.real = socket.getaddrinfo

    def set(self, name: str, *answers: list[str]) -> None:
        self.answers[name] = list(answers)

    def getaddrinfo(self, host: Any, port: Any, family: int = 0, type: int = 0, proto: int = 0, flags: int = 0) -> Any:
        name = host.decode("ascii") if isinstance(host, bytes) else host
        if name not in self.answers:
            return self.real(host, port, family, type, proto, flags)
        self.asked.append(name)
        queue = self.answers[name]
        answer = queue.pop(0) if len(queue) > 1 else queue[0]
        return [
            (socket.AF_INET6, socket.SOCK_STREAM, 6, "", (address, int(port or 0), 0, 0))
            if ":" in address
            else (socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, int(port or 0)))
            for address in answer
        ]


@pytest.fixture
def fake_dns(monkeypatch: pytest.MonkeyPatch) -> FakeDNS:
    dns = FakeDNS()
    monkeypatch.setattr(socket, "getaddrinfo", dns.getaddrinfo)
    return dns


@pytest.fixture
def pretend_public(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let the guard take 127.0.0.2 for a public address (and judge every other one as it does)."""
    real = guard.is_public
    monkeypatch.setattr(guard, "is_public", lambda address: address == PRETEND_PUBLIC or real(address))


class Sleeps:
    """A stand-in for asyncio.sleep that records each wait the checker asks for, and waits not."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)
        await asyncio.sleep(0)


def start_server(host: str = "127.0.0.1") -> HTTPServer:
    """A real threaded HTTP server on a loopback address, with no handler until a test adds some."""
    httpserver = HTTPServer(host=host, port=0, threaded=True)
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
def guarded_options(tmp_path: Path, sleeps: Sleeps):
    """Options as the command builds them (the guard on), with a small backoff, a recorded sleep, a fixed clock."""

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


@pytest.fixture
def make_options(guarded_options):
    """Options that may reach the tests' server on 127.0.0.1 (allow_private); keyword overrides."""

    def make(**overrides: object) -> LinkCheckOptions:
        return guarded_options(**{"allow_private": True, **overrides})

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
            published="2025-08-29",
            accessed="2026-11-28",
            archive_url=archive[0] if archive else None,
        )
    return Catalog(sources=built)


def unvalidated(ident: str, url: str) -> Source:
    """A source built without validation, for URLs the content models refuse (such as [::1])."""
    return Source.model_construct(id=ident, publisher="Example Daily", url=url, language="en", archive_url=None)


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
    assert "1 links: 0 broken, 0 timed out, 0 not public, 0 blocked, 1 redirected, 0 ok, 0 not checked" in text
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


def test_a_retry_after_above_the_cap_ends_the_retries_without_waiting(server, make_options, sleeps) -> None:
    server.expect_request("/busy").respond_with_data("", status=429, headers={"Retry-After": "2000"})

    started = time.monotonic()
    result = only(check_links(catalog_of(("a", server.url_for("/busy"))), make_options()))  # the default cap: 30 s

    assert (result.outcome, result.status) == ("blocked", 429)
    assert result.error == (
        "HTTP 429: the site refuses automated checks; open the link in a browser; "
        "not retried: it asked to wait 2000 s, more than the 30 s cap"
    )
    assert sleeps.delays == []
    assert len(server.log) == 1
    assert time.monotonic() - started < 5


@pytest.mark.parametrize(
    ("status", "headers", "backoff", "wait"),
    [(429, {"Retry-After": "20"}, BACKOFF, 20), (503, {}, 20.0, 20)],
    ids=["retry-after", "backoff"],
)
def test_no_wait_runs_past_the_url_budget(server, make_options, sleeps, status, headers, backoff, wait) -> None:
    server.expect_request("/busy").respond_with_data("", status=status, headers=headers)

    options = make_options(url_budget=10.0, backoff=backoff)
    result = only(check_links(catalog_of(("a", server.url_for("/busy"))), options))

    assert result.status == status
    assert result.error.endswith(f"retries stopped: the next wait ({wait} s) would pass the URL's budget")
    assert sleeps.delays == []


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


def test_a_url_that_takes_longer_than_its_budget_times_out(make_options) -> None:
    released = threading.Event()
    own = start_server()
    own.expect_request("/slow").respond_with_handler(lambda request: released.wait(10) and Response("late"))
    try:
        started = time.monotonic()
        report = check_links(catalog_of(("a", own.url_for("/slow"))), make_options(timeout=5.0, url_budget=0.3))
        elapsed = time.monotonic() - started
    finally:
        released.set()
        own.stop()

    result = only(report)
    assert (result.outcome, result.error) == ("timed_out", "no final answer within the 0.3 s budget for one URL")
    assert elapsed < 3  # the budget, not the 5 s request timeout, ended it
    assert report.failed


def test_the_url_budget_starts_at_its_first_request_not_while_it_queues(server, make_options) -> None:
    server.expect_request("/p").respond_with_handler(lambda request: time.sleep(0.3) or Response("hello"))
    catalog = catalog_of(*((f"s{index}", server.url_for(f"/p?n={index}")) for index in range(3)))

    report = check_links(catalog, make_options(per_host=1, url_budget=0.5))  # the last one waits 0.6 s for its turn

    assert [result.outcome for result in report.results] == ["ok"] * 3


def test_urls_without_an_answer_when_the_run_budget_ends_are_not_checked(server, make_options, tmp_path) -> None:
    server.expect_request("/page").respond_with_data("hello")
    released = threading.Event()
    own = start_server()
    own.expect_request(re.compile("^/slow")).respond_with_handler(lambda request: released.wait(10) and Response(""))
    catalog = catalog_of(("a", server.url_for("/page")), ("b", own.url_for("/slow/1")), ("c", own.url_for("/slow/2")))
    try:
        started = time.monotonic()
        report = check_links(catalog, make_options(per_host=1, run_budget=0.5))  # c queues behind b
        elapsed = time.monotonic() - started
    finally:
        released.set()
        own.stop()

    assert [(r.source_id, r.outcome) for r in report.results] == [
        ("a", "ok"),
        ("b", "not_checked"),
        ("c", "not_checked"),
    ]
    assert report.results[1].error == "not checked: the run's budget of 0.5 s ran out first"
    assert elapsed < 3
    assert not report.failed
    text = format_report(report)
    assert "3 links: 0 broken, 0 timed out, 0 not public, 0 blocked, 0 redirected, 1 ok, 2 not checked" in text
    assert "not checked (the run's time budget ran out first; the next run checks them) (2):" in text
    cache = json.loads((tmp_path / "cache" / "linkcheck.json").read_text(encoding="utf-8"))
    assert sorted(cache["results"]) == [server.url_for("/page")]


# ---------------------------------------------------------------------------
# The address guard: only public addresses, nothing sent anywhere else
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("address", ["8.8.8.8", "1.1.1.1", "2001:4860:4860::8888", "::ffff:8.8.8.8"])
def test_global_unicast_addresses_are_public(address: str) -> None:
    assert guard.is_public(address)


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "127.1.2.3",
        "10.0.0.1",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",  # cloud metadata
        "100.64.0.1",  # carrier-grade NAT
        "0.0.0.0",
        "192.0.2.1",  # documentation
        "224.0.0.1",  # multicast: is_global is True for it on Python 3.11
        "240.0.0.1",
        "255.255.255.255",
        "::1",
        "::",
        "fe80::1",
        "fe80::1%eth0",
        "fc00::1",
        "fd12:3456::1",
        "ff02::1",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
        "::ffff:169.254.169.254",
        "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
        "2002:7f00:1::",  # 6to4 of 127.0.0.1
        "2002:a00:1::",  # 6to4 of 10.0.0.1
        "not an address",
    ],
)
def test_every_non_public_address_is_refused(address: str) -> None:
    assert not guard.is_public(address)


@pytest.mark.parametrize("host", ["localhost", "LocalHost.", "api.localhost"])
def test_localhost_names_are_refused_by_name(host: str) -> None:
    assert guard.refusal_without_lookup(host) == guard.LOCALHOST


@pytest.mark.parametrize(
    ("host", "reason"),
    [
        ("127.0.0.1", guard.LITERAL),
        ("localhost", guard.LOCALHOST),
        ("[::1]", guard.LITERAL),
        ("10.0.0.1", guard.LITERAL),
        ("169.254.169.254", guard.LITERAL),
        ("[::ffff:127.0.0.1]", guard.LITERAL),
        ("0.0.0.0", guard.LITERAL),
    ],
)
def test_non_public_hosts_are_refused_by_default_without_any_connection(
    server, guarded_options, loopback_only, host, reason
) -> None:
    server.expect_request("/page").respond_with_data("hello")  # what a request would have found
    url = f"http://{host}:{server.port}/page"

    report = check_links(Catalog(sources={"a": unvalidated("a", url)}), guarded_options())

    result = only(report)
    assert (result.outcome, result.status, result.error) == ("not_public", None, reason)
    assert report.failed
    assert server.log == []
    assert loopback_only.connects == []  # not even a TCP handshake
    if host == "localhost":
        assert loopback_only.lookups == []  # refused by name, before any lookup
    text = format_report(report)
    assert "not public (localhost or a non-public address: nothing was requested; do not open these) (1):" in text
    assert "a source must cite a public address: replace url in content/sources/a.yaml" in text


@pytest.mark.parametrize(
    "answer",
    [[PUBLIC_LOOKING, "10.0.0.1"], ["2001:4860:4860::8888", "::1"], ["::ffff:127.0.0.1"], ["169.254.169.254"]],
    ids=["one-of-two-private", "one-of-two-loopback-v6", "mapped-loopback", "metadata"],
)
def test_a_name_is_refused_when_any_address_it_resolves_to_is_not_public(
    guarded_options, fake_dns, loopback_only, answer
) -> None:
    fake_dns.set("intranet.test", answer)

    result = only(check_links(catalog_of(("a", "http://intranet.test/page")), guarded_options()))

    assert (result.outcome, result.error) == ("not_public", guard.RESOLVED)
    assert fake_dns.asked == ["intranet.test"]  # resolved once
    assert loopback_only.connects == []


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("http://127.0.0.1:{port}/secret", guard.LITERAL),
        ("http://localhost:{port}/secret", guard.LOCALHOST),
        ("http://private.test:{port}/secret", guard.RESOLVED),
    ],
    ids=["literal", "localhost", "name"],
)
def test_a_redirect_to_loopback_is_refused_at_the_hop(
    server, guarded_options, fake_dns, pretend_public, loopback_only, target, reason
) -> None:
    server.expect_request("/secret").respond_with_data("the loopback-only page")
    secret = target.format(port=server.port)
    public = start_server(PRETEND_PUBLIC)  # plays a public site that redirects inward
    public.expect_request("/start").respond_with_response(redirect(secret, 302))
    fake_dns.set("public.test", [PRETEND_PUBLIC])
    fake_dns.set("private.test", ["127.0.0.1"])
    start = f"http://public.test:{public.port}/start"
    try:
        report = check_links(catalog_of(("a", start)), guarded_options())
        first_hop = methods(public)
    finally:
        public.stop()

    result = only(report)
    assert (result.outcome, result.error) == ("not_public", reason)
    assert (result.redirects, result.final_url) == ((Hop(302, secret),), secret)
    assert first_hop == [("HEAD", "/start")]  # the first host was reached: the refusal is the hop's
    assert server.log == []
    assert ("127.0.0.1", server.port) not in loopback_only.connects


def test_the_redirect_target_of_the_hop_test_is_reachable_when_allowed(server, make_options, fake_dns) -> None:
    """The control for the test above: with the guard off, the same hop reaches the page."""
    server.expect_request("/secret").respond_with_data("the loopback-only page")
    public = start_server(PRETEND_PUBLIC)
    public.expect_request("/start").respond_with_response(redirect(f"http://127.0.0.1:{server.port}/secret", 302))
    fake_dns.set("public.test", [PRETEND_PUBLIC])
    try:
        result = only(check_links(catalog_of(("a", f"http://public.test:{public.port}/start")), make_options()))
    finally:
        public.stop()

    assert (result.outcome, result.status) == ("redirected", 200)
    assert methods(server) == [("HEAD", "/secret")]


def test_the_connection_goes_to_the_address_that_was_checked(
    guarded_options, fake_dns, pretend_public, loopback_only
) -> None:
    """DNS rebinding: the name answers a public address first and loopback after; only the first is used."""
    public = start_server(PRETEND_PUBLIC)
    public.expect_request("/page").respond_with_data("hello")
    fake_dns.set("rebind.test", [PRETEND_PUBLIC], ["127.0.0.1"])
    try:
        result = only(check_links(catalog_of(("a", f"http://rebind.test:{public.port}/page")), guarded_options()))
        received = [(request.method, request.path, request.headers["Host"]) for request, _ in public.log]
    finally:
        public.stop()

    assert (result.outcome, result.status) == ("ok", 200)
    assert received == [("HEAD", "/page", f"rebind.test:{public.port}")]  # the name is kept for Host (and TLS)
    assert fake_dns.asked == ["rebind.test"]  # resolved once, by the guard; httpx never resolved it again
    assert [host for host, _ in loopback_only.connects] == [PRETEND_PUBLIC]


class Misdirected(httpcore.AsyncNetworkBackend):
    """Connects to 127.0.0.1 whatever address it is given, as a hijacked route would."""

    def __init__(self) -> None:
        self.real = httpcore.AnyIOBackend()

    async def connect_tcp(self, host: str, port: int, **options: Any) -> httpcore.AsyncNetworkStream:
        return await self.real.connect_tcp("127.0.0.1", port, **options)


def test_a_connection_whose_peer_is_not_public_is_closed_before_anything_is_sent(
    server, pretend_public, loopback_only
) -> None:
    backend = guard.GuardedBackend(inner=Misdirected())

    with pytest.raises(guard.NotPublicError) as refused:
        asyncio.run(backend.connect_tcp(PRETEND_PUBLIC, server.port, timeout=5))

    assert refused.value.reason == guard.PEER
    assert loopback_only.connects == [("127.0.0.1", server.port)]  # it did connect, then checked the peer
    assert server.log == []


def test_offline_refuses_localhost_and_non_public_ip_hosts_without_a_lookup(guarded_options, loopback_only) -> None:
    urls = {"a": "http://127.0.0.1/x", "b": "http://localhost/x", "c": "http://[::1]/x", "d": "https://example.org/x"}
    catalog = Catalog(sources={ident: unvalidated(ident, url) for ident, url in urls.items()})

    report = check_links(catalog, guarded_options(offline=True))

    assert [(r.source_id, r.outcome, r.error) for r in report.results] == [
        ("a", "not_public", guard.LITERAL),
        ("b", "not_public", guard.LOCALHOST),
        ("c", "not_public", guard.LITERAL),
        ("d", "ok", None),
    ]
    assert (loopback_only.lookups, loopback_only.connects) == ([], [])


# ---------------------------------------------------------------------------
# The summary for publishing
# ---------------------------------------------------------------------------


def test_the_summary_holds_outcomes_statuses_and_source_ids_only(server, make_options, guarded_options) -> None:
    evil = "/moved?@everyone-`code`-<img src=x>"
    server.expect_request("/gone").respond_with_data("", status=404)
    server.expect_request("/old").respond_with_response(redirect(evil, 301))
    server.expect_request("/moved").respond_with_data("here")
    server.expect_request("/private").respond_with_data("no robots", status=403)
    server.expect_request("/page").respond_with_data("hello")
    refused_port = closed_port()
    catalog = catalog_of(
        ("gone", server.url_for("/gone"), server.url_for("/page")),
        ("moved", server.url_for("/old")),
        ("private", server.url_for("/private")),
        ("refused", f"http://127.0.0.1:{refused_port}/x"),
    )
    report = check_links(catalog, make_options(retries=0))
    local = check_links(catalog_of(("local", "http://127.0.0.1/x")), guarded_options())
    report.results.extend(local.results)

    summary = format_summary(report)

    assert summary.splitlines() == [
        "6 links: 2 broken, 0 timed out, 1 not public, 1 blocked, 1 redirected, 1 ok, 0 not checked",
        "",
        "broken (2):",
        "  gone url: HTTP 404",
        "  refused url",
        "",
        "not public (1):",
        "  local url",
        "",
        "blocked (1):",
        "  private url: HTTP 403",
        "",
        "redirected (1):",
        "  moved url: HTTP 200",
    ]
    assert "everyone" in format_report(report)  # the full report, for the run's log, does show it


# ---------------------------------------------------------------------------
# The weekly workflow
# ---------------------------------------------------------------------------


def test_the_weekly_workflow_gives_the_issue_token_only_to_the_job_that_requests_nothing() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "linkcheck.yml").read_text(encoding="utf-8"))
    assert workflow["permissions"] == {"contents": "read"}
    check, report = workflow["jobs"]["linkcheck"], workflow["jobs"]["report"]
    assert check.get("permissions", {"contents": "read"}) == {"contents": "read"}
    assert report["permissions"] == {"issues": "write"}
    assert report["needs"] == "linkcheck"

    check_script = "\n".join(str(step.get("run", "")) for step in check["steps"])
    assert "chipbrief linkcheck --summary linkcheck-summary.txt" in check_script
    assert "GH_TOKEN" not in str(check) and "secrets." not in str(check)

    assert not any("uses" in step for step in report["steps"])  # no checkout: none of the repository's code runs
    report_text = str(report)
    assert "needs.linkcheck.outputs.summary" in report_text
    assert "linkcheck.txt" not in report_text and "chipbrief linkcheck " not in report_text
    assert "${{ needs" not in "\n".join(str(step.get("run", "")) for step in report["steps"])  # via env only


def test_command_refuses_loopback_without_allow_private_and_writes_the_summary(
    server, project: Path, tmp_path: Path
) -> None:
    server.expect_request(re.compile("^/page/")).respond_with_data("hello")
    point_fixture_sources_at(project, server.url_for("/page"))
    summary = tmp_path / "summary.txt"

    result = CliRunner().invoke(main, ["linkcheck", "--root", str(project), "--summary", str(summary)])

    assert result.exit_code == 1, result.output
    assert result.output.splitlines()[0].startswith("2 links: 0 broken, 0 timed out, 2 not public,")
    assert server.log == []
    assert summary.read_text(encoding="utf-8").splitlines()[2:] == [
        "not public (2):",
        "  example-2025-08-report url",
        "  exemple-2025-09-fr url",
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
    assert "offline: only the form and host of each URL were checked; no request was made" in text
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

    assert text.splitlines()[0] == (
        "3 links: 2 broken, 0 timed out, 0 not public, 0 blocked, 0 redirected, 1 ok, 0 not checked"
    )
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
    assert result.output.splitlines()[0] == (
        "2 links: 0 broken, 0 timed out, 0 not public, 0 blocked, 0 redirected, 2 well-formed, 0 not checked"
    )
    assert not (project / ".cache").exists()


def test_command_exits_1_on_a_broken_link_and_writes_its_cache_under_root(server, project: Path) -> None:
    server.expect_request(re.compile("^/gone/")).respond_with_data("", status=404)
    server.expect_request(re.compile("^/page/")).respond_with_data("hello")
    point_fixture_sources_at(project, server.url_for("/gone"))

    command = ["linkcheck", "--root", str(project), "--allow-private"]
    result = CliRunner().invoke(main, [*command, "--timeout", "5"])

    assert result.exit_code == 1, result.output
    assert "no archive URL recorded: add archive_url to content/sources/example-2025-08-report.yaml" in result.output

    point_fixture_sources_at(project, server.url_for("/page"))
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 0, result.output
    cached = json.loads((project / ".cache" / "linkcheck.json").read_text(encoding="utf-8"))
    assert sorted(cached["results"]) == [
        server.url_for("/page/example-2025-08-report"),
        server.url_for("/page/exemple-2025-09-fr"),
    ]
