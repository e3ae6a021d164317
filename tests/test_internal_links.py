"""The built site's internal links and anchors, checked by LinkChecker over real HTTP on 127.0.0.1.

LinkChecker (PyPI `linkchecker`) checks anchors only with its AnchorCheck plugin, which a
config file (-f) enables; a missing anchor is a warning, so warnings fail these checks too.
Run as root it drops privileges to `nobody`, so its config lives in a folder others can read;
its report goes to a pipe. Every page of the site is a start URL and the recursion depth is 1:
each link on each page is checked once, and a page reached again through one of its anchors
(each URL#anchor is fetched on its own) is not parsed for links again. LinkChecker throttles a
host to about 3 requests a second unless the server answers with a `LinkChecker` header (its
documented way to allow more); ours does.
"""

from __future__ import annotations

import csv
import functools
import os
import posixpath
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from conftest import run_mkdocs

LINKCHECKER = Path(sys.executable).parent / "linkchecker"

CONFIG = """\
[checking]
threads=4
timeout=60
maxrequestspersecond=1000
[filtering]
checkextern=0
# Same-page anchors that the generator writes in pairs are not fetched again one by one (the
# site has ~12,000 footnote links and ~400 value permalinks; fetching the page once more for each
# took most of the run): a footnote reference and its note come from Markdown's footnotes
# extension, and that every value's permalink has its anchor is asserted in tests/test_citations.py.
# Links to other pages, and to anchors on other pages, are all checked.
ignore=
  [#](?:status|foundry|process-node|announced|released|parent|headquarters|founded|listings|specs-[a-z0-9-]+)-[0-9a-f]{8}$
  [#]fn(?:ref)?:
[AnchorCheck]
"""


class _SiteHandler(SimpleHTTPRequestHandler):
    """Serves the site's files; the LinkChecker header lifts LinkChecker's rate limit."""

    def end_headers(self) -> None:
        self.send_header("LinkChecker", "allow")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve site on 127.0.0.1 (a free port) with a real HTTP server; yield its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_SiteHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def page_urls(site: Path, base: str) -> list[str]:
    """The URL of every HTML page of the site, as a reader's browser would ask for it."""
    urls = []
    for path in sorted(site.rglob("*.html")):
        relative = path.relative_to(site).as_posix()
        urls.append(base + (relative.removesuffix("index.html") if path.name == "index.html" else relative))
    return urls


def run_linkchecker(start_urls: list[str], anchors: bool = True) -> tuple[subprocess.CompletedProcess[str], list[dict]]:
    """Run the installed linkchecker on start_urls and the links on them; return it and its CSV rows.

    Each URL is logged once, the first time it is reached (verbose CSV).
    """
    assert LINKCHECKER.exists(), f"expected the linkchecker command at {LINKCHECKER}: pip install linkchecker"
    workdir = Path(tempfile.mkdtemp(prefix="chipbrief-linkchecker-"))
    try:
        workdir.chmod(0o755)  # readable by `nobody`, whom LinkChecker becomes when run as root
        config = workdir / "linkcheckerrc"
        config.write_text(CONFIG if anchors else CONFIG.replace("[AnchorCheck]\n", ""), encoding="utf-8")
        config.chmod(0o644)
        command = [str(LINKCHECKER), "-f", str(config), "--no-status", "--verbose", "-o", "csv/utf-8"]
        result = subprocess.run(
            [*command, "--recursion-level", "1", "--stdin"],
            input="\n".join(start_urls) + "\n",
            capture_output=True,
            text=True,
            encoding="utf-8",
            cwd=workdir,
            env={**os.environ, "HOME": str(workdir)},
            timeout=1800,
        )
    finally:
        shutil.rmtree(workdir)
    # Comment lines start with "# "; a row's first field may start with "#" (a same-page anchor).
    lines = [line for line in result.stdout.splitlines(keepends=True) if not line.startswith("# ")]
    rows = list(csv.DictReader(lines, delimiter=";"))
    assert rows, f"linkchecker logged no URL:\n{result.stdout}\n{result.stderr}"
    return result, rows


def problems(rows: list[dict]) -> list[str]:
    """Every error and warning LinkChecker logged, one line each, saying where the link is."""
    return [
        f"{row['parentname']}:{row['line']}: {row['urlname']} -> {row['result']} {row['warningstring']}".strip()
        for row in rows
        if row["valid"] != "True" or row["warningstring"]
    ]


def test_every_internal_link_of_the_site_resolves(real_site: Path) -> None:
    """LinkChecker fetches every page and every link on it (anchors are checked below, in one pass:
    its AnchorCheck fetches the page again for each of the site's ~16,000 anchored links)."""
    with serve(real_site) as base:
        pages = page_urls(real_site, base)
        result, rows = run_linkchecker(pages, anchors=False)

    assert problems(rows) == []
    assert result.returncode == 0, result.stderr
    checked = {row["url"] for row in rows}
    assert set(pages) <= checked


class _Anchors(HTMLParser):
    """The ids a page defines and the links it makes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("id", "name") and value:
                self.ids.add(value)
            if name == "href" and value and tag == "a":
                self.hrefs.append(value)


def test_every_anchor_of_the_site_resolves(real_site: Path) -> None:
    """Every link with a #fragment to a page of the site points at an id that page defines."""
    parsed: dict[str, _Anchors] = {}
    for path in real_site.rglob("*.html"):
        parser = _Anchors()
        parser.feed(path.read_text(encoding="utf-8"))
        parsed[path.relative_to(real_site).as_posix()] = parser
    missing, checked = [], 0
    for page, parser in parsed.items():
        for href in parser.hrefs:
            target, _, fragment = href.partition("#")
            if not fragment or urlsplit(target).scheme or target.startswith("//"):
                continue
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page), target)) if target else page
            resolved = resolved.lstrip("./") if resolved != "." else ""
            if not resolved.endswith(".html"):
                resolved = posixpath.join(resolved, "index.html") if resolved else "index.html"
            checked += 1
            if resolved not in parsed or unquote(fragment) not in parsed[resolved].ids:
                missing.append(f"{page}: {href}")
    assert missing == []
    assert checked > 10_000  # the site's footnotes, permalinks and cross-page anchors were all looked at


def test_a_broken_internal_link_and_anchor_are_reported(project: Path, tmp_path: Path) -> None:
    """The checker reports what it should; shown on the small fixture site (a full crawl is the test above)."""
    site = tmp_path / "site"
    built = run_mkdocs(project, "--site-dir", str(site))
    assert built.returncode == 0, built.stdout + built.stderr
    assert (site / "chips" / "index.html").exists()
    home = site / "index.html"
    broken = '<a href="no-such-page/">gone</a> <a href="chips/#no-such-anchor">nowhere</a></body>'
    home.write_text(home.read_text(encoding="utf-8").replace("</body>", broken, 1), encoding="utf-8")

    with serve(site) as base:
        result, rows = run_linkchecker([base])

    assert result.returncode == 1
    by_url = {row["url"]: row for row in rows}
    missing = by_url[base + "no-such-page/"]
    assert missing["valid"] == "False" and "404" in missing["result"]
    anchor = by_url[base + "chips/#no-such-anchor"]
    assert "Anchor `no-such-anchor' (decoded: `no-such-anchor') not found." in anchor["warningstring"]
    assert len(problems(rows)) == 2, problems(rows)
    assert by_url[base + "chips/"]["valid"] == "True"
