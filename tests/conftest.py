"""Shared fixtures: the project root, a copy of the valid fixture content, a built site."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "valid"
#: Where browser tests put the screenshots a reviewer needs: $CHIPBRIEF_ARTIFACTS, else build/test-artifacts/.
#: Never committed; CI uploads the folder as the run's artifact (.github/workflows/pr.yml).
ARTIFACTS = Path(os.environ.get("CHIPBRIEF_ARTIFACTS") or ROOT / "build" / "test-artifacts")


def artifacts_folder(name: str) -> Path:
    """The screenshot folder of one test module (made if missing)."""
    folder = ARTIFACTS / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def make_project(target: Path, content: Path = FIXTURE / "content") -> Path:
    """Lay out a buildable project in target: the real mkdocs.yml, templates and docs, given content."""
    shutil.copytree(content, target / "content")
    shutil.copytree(ROOT / "templates", target / "templates")
    shutil.copytree(ROOT / "docs", target / "docs")
    shutil.copytree(ROOT / "overrides", target / "overrides")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    hook = (ROOT / "src" / "chipbrief" / "hook.py").as_posix()
    (target / "mkdocs.yml").write_text(config.replace("src/chipbrief/hook.py", hook), encoding="utf-8")
    return target


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh copy of the valid fixture project, to mutate."""
    return make_project(tmp_path / "project")


def run_mkdocs(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the real `mkdocs build --strict` on a project, as a user would."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", *args],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built once from the repository's own content/ with the strict build."""
    out = tmp_path_factory.mktemp("site") / "site"
    result = run_mkdocs(ROOT, "--site-dir", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    return out


# Browser fixtures: the real site on a real HTTP server, driven by Debian's chromium.

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

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


@contextlib.contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """A built site served by a real HTTP server on loopback, for as long as the block runs: its base URL."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


@pytest.fixture(scope="module")
def served_site(real_site: Path) -> Iterator[str]:
    """The built site on a real HTTP server on loopback."""
    with serve_folder(real_site) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is required for the browser tests: run `make system-deps`")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# Not network requests: these never leave the browser, whatever host they name.
LOCAL_SCHEMES = ("data", "blob", "about")


def off_host(url: str, site: str) -> bool:
    """Whether loading url would leave the served site's host (127.0.0.1:<port>)."""
    parts = urlparse(url)
    return parts.scheme not in LOCAL_SCHEMES and parts.netloc != urlparse(site).netloc


def guard(context, site: str) -> list[str]:
    """Keep a browser context on the site's host: abort every other request; return the aborted URLs.

    A pull request's page script runs in these tests, in CI, with network access: routing every
    request through Playwright aborts an off-host one before Chromium connects anywhere. WebSockets
    are routed too (and never connected to an off-host server), and service workers are blocked in
    new_context, since their requests would pass by the routes.
    """
    aborted: list[str] = []

    def route(route) -> None:
        if off_host(route.request.url, site):
            aborted.append(route.request.url)
            route.abort("blockedbyclient")
        else:
            route.continue_()

    def route_web_socket(socket) -> None:
        if off_host(socket.url, site):
            aborted.append(socket.url)
            socket.close()
        else:
            socket.connect_to_server()

    context.route("**/*", route)
    context.route_web_socket(re.compile(".*"), route_web_socket)
    return aborted


@pytest.fixture
def guarded_context(browser, served_site: str):
    """Make a new browser context that can reach only the served site; its aborted URLs are in .aborted."""
    contexts = []

    def new_context(**options):
        context = browser.new_context(service_workers="block", **options)
        context.aborted = guard(context, served_site)
        contexts.append(context)
        return context

    yield new_context
    for context in contexts:
        context.close()


@pytest.fixture
def page(guarded_context):
    """A page of a guarded context: off-host requests are aborted and listed in page.aborted."""
    context = guarded_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.aborted = context.aborted
    return page


#: axe-core, fetched from the npm registry by `make test` (served from our own disk, never a CDN).
AXE = ROOT / ".cache" / "npm" / "axe-core-4.14.1" / "axe.min.js"
#: Rules reported whatever their impact: a page's language must be declared and valid.
_AXE_LANGUAGE_RULES = ("html-lang-valid", "valid-lang", "html-has-lang")


def serious_axe_violations(page, language_rules: bool = False) -> list[str]:
    """axe-core's serious and critical findings on the page as it stands (and its language rules if asked).

    axe is evaluated through the browser's debugging protocol, so the page's Content-Security-Policy,
    which refuses inline scripts as it should, stays in force and nothing joins the page's own code.
    """
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make test` (it fetches axe-core from the npm registry)")
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;0")
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical") or (language_rules and v["id"] in _AXE_LANGUAGE_RULES)
    ]
