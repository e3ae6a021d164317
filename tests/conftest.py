"""Shared fixtures: the project root, a copy of the valid fixture content, a built site."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "valid"


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
