"""Checking that every source's URL and archive URL still leads somewhere, touching only public hosts.

Each link ends in one outcome:

- ok: the server answered 2xx (possibly after redirects that came back to the same URL);
- redirected: the server answered 2xx at another URL; the chain of hops is reported;
- broken: 404, 410, any other 4xx or 5xx after retries, a redirect loop or too many hops,
  connection refused, a failed DNS lookup, or a URL of the wrong form;
- timed_out: no answer within the timeout, or no final answer within the URL's time budget;
- not_public: the URL, or one of its redirects, leads to localhost or an address that is not
  globally routable (loopback, private, link-local such as 169.254.169.254, ...); nothing was
  sent to it (see `guard`);
- blocked: 401, 403 or 429 after retries: the site refuses automated checks, a person must look;
- not_checked: the run's time budget ran out before this URL had a final answer.

Broken, timed_out and not_public fail the run. Requests run concurrently, at most `per_host` in
flight to one host. HEAD comes first; when the server refuses it (any 4xx or 5xx but 429, or a
protocol error), GET is sent and its body is not read. 5xx, 429 and connection errors are
retried with exponential backoff; a 429's Retry-After (seconds) is waited for when it is at most
`retry_after_cap`, and ends the retries when longer. No wait runs past the URL's budget
(`url_budget`, counted from its first request), and the whole run stops after `run_budget`.
Good results (ok, redirected) are kept in a JSON cache and not checked again while younger than
`max_age_days`; a failure is always checked again, since it is what the reader of the report is
about to act on.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import os
import socket
import ssl
import tempfile
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field, replace
from importlib import metadata
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx

from chipbrief.catalog import Catalog
from chipbrief.linkcheck import guard

OUTCOMES = ("broken", "timed_out", "not_public", "blocked", "redirected", "ok", "not_checked")
"""Every outcome, in the order the report lists them: what needs action first."""

FAILING = frozenset({"broken", "timed_out", "not_public"})
BLOCKING_STATUSES = frozenset({401, 403, 429})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
CACHED_OUTCOMES = frozenset({"ok", "redirected"})
CACHE_VERSION = 1
FIELDS = ("url", "archive_url")


def _user_agent() -> str:
    """The User-Agent sent with every request: it names chipbrief, so site owners know who asks."""
    try:
        version = metadata.version("chipbrief")
    except metadata.PackageNotFoundError:
        version = "dev"
    return f"chipbrief-linkcheck/{version} (source link checker of the chipbrief site; python-httpx)"


USER_AGENT = _user_agent()


@dataclass
class LinkCheckOptions:
    """How to check: offline or not, timeouts, time budgets, politeness limits, cache, retries.

    `backoff` is the first retry's wait in seconds (doubled on each further retry); a 429's
    Retry-After longer than `retry_after_cap` ends the retries instead of being waited for.
    `url_budget` is the most seconds one URL may take, from its first request to its final
    answer (retries, waits and redirects included); `run_budget` the most the whole run may
    take, after which unfinished URLs are not_checked. `allow_private` lets the checker connect
    to loopback and private addresses (for tests against a local server; never for content).
    `now` and `sleep` are the clock and the wait, replaceable so a caller (or a test) controls time.
    """

    offline: bool
    timeout: float
    per_host: int
    cache_path: Path
    max_age_days: float
    retries: int = 3
    concurrency: int = 16
    now: Callable[[], float] = time.time
    backoff: float = 1.0
    retry_after_cap: float = 30.0
    max_redirects: int = 10
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    url_budget: float = 60.0
    run_budget: float = 1200.0
    allow_private: bool = False


@dataclass(frozen=True)
class Hop:
    """One redirect: the status the server answered and the URL it pointed to."""

    status: int
    location: str


@dataclass(frozen=True)
class Check:
    """What checking one URL found, whoever cites it."""

    outcome: str
    status: int | None = None
    final_url: str | None = None
    redirects: tuple[Hop, ...] = ()
    error: str | None = None
    checked_at: float = 0.0
    cached: bool = False


@dataclass(frozen=True)
class LinkResult:
    """One link of one source: which source and field, the URL and what checking it found."""

    source_id: str
    field: str  # "url" or "archive_url"
    url: str
    outcome: str
    status: int | None
    final_url: str | None
    redirects: tuple[Hop, ...]
    error: str | None
    checked_at: float
    cached: bool = False
    archive_url: str | None = None  # the source's archive URL, for advice on a failing link
    archive_outcome: str | None = None  # what checking that archive URL found, when it was checked


@dataclass
class LinkReport:
    """Every link checked, plus notes about the run (offline mode, cache trouble)."""

    results: list[LinkResult]
    offline: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        """True when any link is broken, timed out or not public."""
        return any(result.outcome in FAILING for result in self.results)

    def by_outcome(self) -> dict[str, list[LinkResult]]:
        """The results grouped by outcome, every outcome present (maybe empty)."""
        groups: dict[str, list[LinkResult]] = {outcome: [] for outcome in OUTCOMES}
        for result in self.results:
            groups[result.outcome].append(result)
        return groups


# ---------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------


def check_links(catalog: Catalog, options: LinkCheckOptions) -> LinkReport:
    """Check every source's `url` and `archive_url`; return one result per link."""
    links = list(_iter_links(catalog))
    if options.offline:
        checks = {url: _offline_check(url, options) for _, _, url in links}
        return LinkReport(_results(catalog, links, checks), offline=True)
    notes: list[str] = []
    cache = _load_cache(options.cache_path, notes)
    fresh = _fresh(cache, options)
    urls = sorted({url for _, _, url in links})
    to_check = [url for url in urls if url not in fresh]
    checks = dict(fresh)
    if to_check:
        checks.update(asyncio.run(_check_all(to_check, options)))
    _save_cache(options.cache_path, _cache_entries(fresh, checks), notes)
    return LinkReport(_results(catalog, links, checks), notes=notes)


def _iter_links(catalog: Catalog) -> Iterator[tuple[str, str, str]]:
    """Yield (source id, field, url) for every URL a source records, in a stable order."""
    for ident in sorted(catalog.sources):
        source = catalog.sources[ident]
        for name in FIELDS:
            url = getattr(source, name)
            if url:
                yield ident, name, url


def _results(catalog: Catalog, links: list[tuple[str, str, str]], checks: dict[str, Check]) -> list[LinkResult]:
    """Pair each link with what checking its URL found."""
    results = []
    for ident, name, url in links:
        check = checks[url]
        archive = catalog.sources[ident].archive_url if name == "url" else None
        results.append(
            LinkResult(
                source_id=ident,
                field=name,
                url=url,
                outcome=check.outcome,
                status=check.status,
                final_url=check.final_url,
                redirects=check.redirects,
                error=check.error,
                checked_at=check.checked_at,
                cached=check.cached,
                archive_url=archive,
                archive_outcome=checks[archive].outcome if archive and archive in checks else None,
            )
        )
    return results


# ---------------------------------------------------------------------------
# URL form (offline mode, and before any request)
# ---------------------------------------------------------------------------


def _offline_check(url: str, options: LinkCheckOptions) -> Check:
    """Judge a URL without any request: its form, and a host that is localhost or a non-public IP."""
    now = options.now()
    bad_form = _form_check(url, now)
    if bad_form:
        return bad_form
    reason = None if options.allow_private else guard.refusal_without_lookup(urlsplit(url).hostname or "")
    return Check("not_public", error=reason, checked_at=now) if reason else Check("ok", checked_at=now)


def _form_check(url: str, now: float) -> Check | None:
    """Return a broken Check when the URL is not an http(s) URL with a host, else None."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError as error:
        return Check("broken", error=f"expected an http:// or https:// URL, found {url!r} ({error})", checked_at=now)
    if parts.scheme not in ("http", "https"):
        found = parts.scheme or "none"
        return Check("broken", error=f"expected the scheme http or https, found {found} in {url!r}", checked_at=now)
    if not host:
        return Check(
            "broken", error=f"expected a host name after {parts.scheme}://, found none in {url!r}", checked_at=now
        )
    if any(char.isspace() for char in url):
        return Check("broken", error=f"expected a URL without spaces, found {url!r}", checked_at=now)
    return None


# ---------------------------------------------------------------------------
# Checking over HTTP
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Answer:
    """One request's result: a status with its Location and Retry-After, or an error outcome."""

    status: int | None = None
    location: str | None = None
    retry_after: str | None = None
    outcome: str | None = None  # set when no status: "broken", "timed_out" or "not_public"
    error: str | None = None
    retry: bool = False  # the error is a connection error worth retrying
    note: str | None = None  # why the retries stopped early, when they did


async def _check_all(urls: list[str], options: LinkCheckOptions) -> dict[str, Check]:
    """Check every URL concurrently within the run's budget, honouring the overall and per-host limits."""
    limits = httpx.Limits(max_connections=options.concurrency, max_keepalive_connections=options.concurrency)
    async with httpx.AsyncClient(
        transport=guard.GuardedTransport(limits=limits, allow_private=options.allow_private),
        headers={"User-Agent": USER_AGENT, "Accept": "*/*"},
        timeout=httpx.Timeout(options.timeout),
        follow_redirects=False,
        trust_env=False,
    ) as client:
        checker = _Checker(client, options)
        tasks = {url: asyncio.create_task(checker.check(url)) for url in urls}
        done, pending = await asyncio.wait(tasks.values(), timeout=max(0.0, options.run_budget))
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
    late = Check(
        "not_checked",
        error=f"not checked: the run's budget of {options.run_budget:g} s ran out first",
        checked_at=options.now(),
    )
    return {url: task.result() if task in done else late for url, task in tasks.items()}


class _Budget:
    """One URL's time budget: a deadline set at its first request, enforced by an asyncio timeout."""

    def __init__(self, seconds: float, timeout: asyncio.Timeout) -> None:
        self.seconds = seconds
        self.timeout = timeout
        self.deadline: float | None = None

    def start(self) -> None:
        """Start the clock, once: time spent queueing for a free slot before then does not count."""
        if self.deadline is None:
            self.deadline = asyncio.get_running_loop().time() + self.seconds
            self.timeout.reschedule(self.deadline)

    def remaining(self) -> float:
        """Seconds left before the deadline (all of them before the clock starts)."""
        if self.deadline is None:
            return self.seconds
        return self.deadline - asyncio.get_running_loop().time()


class _Checker:
    """Checks URLs through one client, with a semaphore overall and one per host."""

    def __init__(self, client: httpx.AsyncClient, options: LinkCheckOptions) -> None:
        self.client = client
        self.options = options
        self.overall = asyncio.Semaphore(max(1, options.concurrency))
        self.hosts: dict[str, asyncio.Semaphore] = defaultdict(lambda: asyncio.Semaphore(max(1, options.per_host)))

    async def check(self, url: str) -> Check:
        """Follow the URL's redirects and classify where it ends, within the URL's time budget."""
        now = self.options.now()
        hops: list[Hop] = []
        try:
            async with asyncio.timeout(None) as timeout:
                return await self._follow(url, hops, _Budget(self.options.url_budget, timeout), now)
        except TimeoutError:
            error = f"no final answer within the {self.options.url_budget:g} s budget for one URL"
            final = hops[-1].location if hops else url
            return Check("timed_out", final_url=final, redirects=tuple(hops), error=error, checked_at=now)

    async def _follow(self, url: str, hops: list[Hop], budget: _Budget, now: float) -> Check:
        """Request the URL and each redirect in turn (every hop passes the guard); record hops as they come."""
        current = url
        for _ in range(self.options.max_redirects + 1):
            bad_form = _form_check(current, now)
            if bad_form:
                return replace(bad_form, redirects=tuple(hops), final_url=current)
            answer = await self._fetch(current, budget)
            if answer.status is None:
                outcome, hops_so_far = answer.outcome or "broken", tuple(hops)
                error = _with_note(answer.error, answer.note)
                return Check(outcome, final_url=current, redirects=hops_so_far, error=error, checked_at=now)
            if answer.status in REDIRECT_STATUSES and answer.location:
                current = urljoin(current, answer.location)
                hops.append(Hop(answer.status, current))
                continue
            return _classify(url, current, answer, tuple(hops), now)
        return Check("broken", error=_too_many_redirects(url, hops), redirects=tuple(hops), checked_at=now)

    async def _fetch(self, url: str, budget: _Budget) -> _Answer:
        """Ask for one URL: HEAD first, GET when HEAD is refused; retry what is worth retrying."""
        method = "HEAD"
        attempt = 0
        while True:
            answer = await self._request(method, url, budget)
            if method == "HEAD" and _head_refused(answer):
                method = "GET"
                continue
            if attempt >= self.options.retries or not _worth_retrying(answer):
                return answer
            delay, refusal = self._delay(answer, attempt, budget)
            if refusal:
                return replace(answer, note=refusal)
            await self.options.sleep(delay)
            attempt += 1

    def _delay(self, answer: _Answer, attempt: int, budget: _Budget) -> tuple[float, str | None]:
        """Seconds to wait before retry number attempt + 1 (Retry-After, else backoff), or why not to retry.

        A Retry-After above the cap ends the retries rather than being shortened: the server
        asked not to be asked again so soon. No wait may run past the URL's budget.
        """
        delay = self.options.backoff * 2**attempt
        if answer.status == 429 and answer.retry_after:
            seconds = _retry_after_seconds(answer.retry_after)
            if seconds is not None and seconds > self.options.retry_after_cap:
                cap = self.options.retry_after_cap
                return 0.0, f"not retried: it asked to wait {seconds:g} s, more than the {cap:g} s cap"
            if seconds is not None:
                delay = seconds
        if delay >= budget.remaining():
            return 0.0, f"retries stopped: the next wait ({delay:g} s) would pass the URL's budget"
        return delay, None

    async def _request(self, method: str, url: str, budget: _Budget) -> _Answer:
        """Send one request within the host's and the overall limit; never raise."""
        host = urlsplit(url).netloc.lower()
        async with self.hosts[host], self.overall:
            budget.start()
            try:
                async with asyncio.timeout(self.options.timeout):
                    return await self._send(method, url)
            except guard.NotPublicError as error:
                return _Answer(outcome="not_public", error=error.reason)
            except (TimeoutError, httpx.TimeoutException):
                return _Answer(outcome="timed_out", error=f"no answer within {self.options.timeout:g} s ({method})")
            except httpx.ConnectError as error:
                return _Answer(outcome="broken", error=_describe_connect_error(url, error), retry=True)
            except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as error:
                return _Answer(outcome="broken", error=f"{method}: {_first_line(error)}", retry=True)
            except (httpx.HTTPError, httpx.InvalidURL, ValueError) as error:
                return _Answer(outcome="broken", error=f"{method}: {_first_line(error)}")

    async def _send(self, method: str, url: str) -> _Answer:
        """Send the request and read only the headers."""
        async with self.client.stream(method, url) as response:
            return _Answer(
                status=response.status_code,
                location=response.headers.get("location"),
                retry_after=response.headers.get("retry-after"),
            )


def _head_refused(answer: _Answer) -> bool:
    """True when a HEAD answer says nothing about the page, so GET should be tried."""
    if answer.status is not None:
        return answer.status >= 400 and answer.status != 429
    return answer.outcome == "broken" and answer.error is not None and answer.error.startswith("HEAD:")


def _worth_retrying(answer: _Answer) -> bool:
    """5xx, 429 and connection errors may pass on a later try; nothing else will."""
    if answer.status is not None:
        return answer.status >= 500 or answer.status == 429
    return answer.retry


def _retry_after_seconds(value: str) -> float | None:
    """Read Retry-After in its seconds form; None for the date form or nonsense."""
    try:
        seconds = float(value.strip())
    except ValueError:
        return None
    return seconds if seconds >= 0 else None


def _with_note(error: str | None, note: str | None) -> str | None:
    """The error, followed by why the retries stopped early when they did."""
    return f"{error}; {note}" if error and note else error or note


def _classify(url: str, final: str, answer: _Answer, hops: tuple[Hop, ...], now: float) -> Check:
    """Turn the last answer of a chain into an outcome."""
    status = answer.status
    assert status is not None
    if 200 <= status < 300:
        outcome = "redirected" if final != url else "ok"
        return Check(outcome, status=status, final_url=final, redirects=hops, checked_at=now)
    if status in BLOCKING_STATUSES:
        error = f"HTTP {status}: the site refuses automated checks; open the link in a browser"
        error = _with_note(error, answer.note)
        return Check("blocked", status=status, final_url=final, redirects=hops, error=error, checked_at=now)
    if status in REDIRECT_STATUSES:
        error = f"HTTP {status} without a Location header"
    else:
        error = f"HTTP {status}" + (f" at {final}" if hops else "")
    error = _with_note(error, answer.note)
    return Check("broken", status=status, final_url=final, redirects=hops, error=error, checked_at=now)


def _too_many_redirects(url: str, hops: list[Hop]) -> str:
    """Name a redirect loop when the chain comes back to a URL it visited, else too many hops."""
    seen = [url, *(hop.location for hop in hops)]
    if len(set(seen)) < len(seen):
        return f"redirect loop: {' -> '.join(seen[: len(set(seen)) + 1])}"
    return f"more than {len(hops) - 1} redirects"


def _describe_connect_error(url: str, error: httpx.ConnectError) -> str:
    """Say in plain words why the connection failed: DNS, refused, TLS or other."""
    host = urlsplit(url).netloc
    for cause in _causes(error):
        if isinstance(cause, socket.gaierror):
            return f"DNS lookup failed for {urlsplit(url).hostname}: {cause.strerror or cause}"
        if isinstance(cause, ConnectionRefusedError):
            return f"connection refused by {host}"
        if isinstance(cause, ssl.SSLError):
            return f"TLS failed with {host}: {_first_line(cause)}"
    text = _first_line(error)
    if "Name or service not known" in text or "nodename nor servname" in text or "getaddrinfo" in text:
        return f"DNS lookup failed for {urlsplit(url).hostname}: {text}"
    if "refused" in text.lower():
        return f"connection refused by {host}"
    return f"cannot connect to {host}: {text or type(error).__name__}"


def _causes(error: BaseException) -> Iterator[BaseException]:
    """Yield the error and each error it was raised from, without looping."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


# ---------------------------------------------------------------------------
# The results cache
# ---------------------------------------------------------------------------


def _load_cache(path: Path, notes: list[str]) -> dict[str, Check]:
    """Read the cache; a missing file is empty, an unreadable one is noted and ignored."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        notes.append(f"{path}: cache unreadable ({_first_line(error)}); every link was checked")
        return {}
    if not isinstance(data, dict) or data.get("version") != CACHE_VERSION or not isinstance(data.get("results"), dict):
        notes.append(f"{path}: expected a chipbrief linkcheck cache of version {CACHE_VERSION}; every link was checked")
        return {}
    cache = {}
    for url, entry in data["results"].items():
        check = _check_from_json(entry)
        if check is not None:
            cache[url] = check
    return cache


def _check_from_json(entry: object) -> Check | None:
    """Rebuild a cached Check; None for an entry of the wrong shape."""
    try:
        assert isinstance(entry, dict)
        return Check(
            outcome=str(entry["outcome"]),
            status=entry.get("status"),
            final_url=entry.get("final_url"),
            redirects=tuple(Hop(int(hop[0]), str(hop[1])) for hop in entry.get("redirects", [])),
            error=entry.get("error"),
            checked_at=float(entry["checked_at"]),
            cached=True,
        )
    except (AssertionError, KeyError, TypeError, ValueError, IndexError):
        return None


def _fresh(cache: dict[str, Check], options: LinkCheckOptions) -> dict[str, Check]:
    """The cached good results younger than max_age_days."""
    oldest = options.now() - options.max_age_days * 86400
    return {
        url: check for url, check in cache.items() if check.outcome in CACHED_OUTCOMES and check.checked_at >= oldest
    }


def _cache_entries(fresh: dict[str, Check], checks: dict[str, Check]) -> dict[str, Check]:
    """What the new cache holds: still-fresh entries and this run's good results."""
    entries = dict(fresh)
    for url, check in checks.items():
        if check.outcome in CACHED_OUTCOMES:
            entries[url] = check
        else:
            entries.pop(url, None)
    return entries


def _save_cache(path: Path, entries: dict[str, Check], notes: list[str]) -> None:
    """Write the cache atomically (a temporary file renamed over it); note a failure."""
    data = {
        "version": CACHE_VERSION,
        "results": {
            url: {
                "outcome": check.outcome,
                "status": check.status,
                "final_url": check.final_url,
                "redirects": [[hop.status, hop.location] for hop in check.redirects],
                "error": check.error,
                "checked_at": check.checked_at,
            }
            for url, check in sorted(entries.items())
        },
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}-", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                json.dump(data, stream, indent=1, ensure_ascii=False)
                stream.write("\n")
            os.replace(temporary, path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
    except OSError as error:
        notes.append(f"{path}: cache not written ({_first_line(error)}); the next run checks every link again")


# ---------------------------------------------------------------------------
# The report
# ---------------------------------------------------------------------------

_TITLES = {
    "broken": "broken",
    "timed_out": "timed out",
    "not_public": "not public (localhost or a non-public address: nothing was requested; do not open these)",
    "blocked": "blocked (the site refuses automated checks: open these in a browser)",
    "redirected": "redirected (consider recording the final URL)",
    "ok": "ok",
    "not_checked": "not checked (the run's time budget ran out first; the next run checks them)",
}


def _label(report: LinkReport, outcome: str) -> str:
    """An outcome as the report's first line counts it."""
    return "well-formed" if report.offline and outcome == "ok" else outcome.replace("_", " ")


def _headline(report: LinkReport) -> str:
    """The report's first line: how many links, and how many of each outcome."""
    groups = report.by_outcome()
    counts = ", ".join(f"{len(groups[outcome])} {_label(report, outcome)}" for outcome in OUTCOMES)
    cached = sum(result.cached for result in report.results)
    return f"{len(report.results)} links: {counts}" + (f" ({cached} from the cache)" if cached else "")


def format_summary(report: LinkReport) -> str:
    """Return a report fit to publish: counts, then each link that is not ok as source, field and HTTP status.

    It holds no text a remote server chose (no error message, Location or final URL) and no
    URL: only outcome names, status numbers and source ids, which content/ validates as slugs.
    """
    groups = report.by_outcome()
    lines = [_headline(report)]
    for outcome in OUTCOMES:
        if outcome == "ok" or not groups[outcome]:
            continue
        lines.append("")
        lines.append(f"{_label(report, outcome)} ({len(groups[outcome])}):")
        for result in groups[outcome]:
            status = f": HTTP {result.status}" if result.status is not None else ""
            lines.append(f"  {result.source_id} {result.field}{status}")
    return "\n".join(lines)


def format_report(report: LinkReport) -> str:
    """Return the report: a count per outcome, then the links grouped by outcome."""
    groups = report.by_outcome()
    lines = [_headline(report)]
    if report.offline:
        lines.append("offline: only the form and host of each URL were checked; no request was made")
    lines.extend(f"note: {note}" for note in report.notes)
    for outcome in OUTCOMES:
        if groups[outcome]:
            lines.append("")
            title = "well-formed (no request made)" if report.offline and outcome == "ok" else _TITLES[outcome]
            lines.append(f"{title} ({len(groups[outcome])}):")
            for result in groups[outcome]:
                lines.extend(_format_result(result))
    return "\n".join(lines)


def _format_result(result: LinkResult) -> list[str]:
    """The lines for one link: where it is, what happened, and what to do."""
    lines = [f"  {result.source_id} {result.field}: {result.url}"]
    if result.redirects:
        chain = " -> ".join(f"{hop.status} {hop.location}" for hop in result.redirects)
        end = f" -> {result.status}" if result.status is not None else ""
        lines.append(f"    redirects: {chain}{end}")
    if result.error:
        lines.append(f"    {result.error}")
    if result.cached:
        lines.append(f"    (cached result of {_when(result.checked_at)})")
    if result.outcome in FAILING:
        lines.append(f"    {_advice(result)}")
    return lines


def _advice(result: LinkResult) -> str:
    """What a reader should do about a failing link."""
    where = f"content/sources/{result.source_id}.yaml"
    if result.outcome == "not_public":
        return f"a source must cite a public address: replace {result.field} in {where}"
    if result.field == "archive_url":
        return f"the archive URL itself fails: replace archive_url in {where}"
    if result.archive_url:
        also = f" (also {result.archive_outcome.replace('_', ' ')})" if result.archive_outcome in FAILING else ""
        return f"archive: {result.archive_url}{also}"
    return f"no archive URL recorded: add archive_url to {where}"


def _when(timestamp: float) -> str:
    return dt.datetime.fromtimestamp(timestamp, dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
