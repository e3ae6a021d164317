"""The full-text index: Pagefind, run through its Python API over the built site's pages.

Pagefind reads each page's `data-pagefind-body` region (the page's own content, marked by
`overrides/partials/content.html`; header, nav, footer and search page stay out) and writes an
index split into small chunks, so a browser fetches only the chunks a query needs. The binary is
Pagefind's extended build 1.6.0 from the npm registry (`scripts/install-pagefind.sh`, run by
`make setup`): its Chinese segmenter (ICU4X) splits text as the browser splits queries. The Python
wrapper from PyPI (`pagefind` in requirements.txt) drives it through PAGEFIND_BINARY_PATH.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from pagefind.index import IndexConfig, PagefindIndex

#: The Pagefind release the index is built with (its JavaScript is written into the site with it).
PAGEFIND_VERSION = "1.6.0"
#: Where scripts/install-pagefind.sh puts the binary, inside the project.
BINARY = Path(".cache") / "pagefind" / PAGEFIND_VERSION / "pagefind_extended"
#: Inside the content region, what is not the page's own text: footnote lists, citation marks (every
#: <sup> on the site is one: footnote numbers, the commas between them, links to source records),
#: heading anchors, and each value's permalink and ready-made citation (which repeat the page's words).
EXCLUDE_SELECTORS = (".footnote", "sup", ".headerlink", ".cb-permalink", ".cb-cite")
#: Pagefind's ready-made interfaces, which the site does not use (search.js talks to pagefind.js).
UNUSED_FILES = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)
#: An index of the 40,000-page benchmark site takes under two minutes; this bounds a stuck run.
TIMEOUT_S = 1800


class PagefindError(Exception):
    """Pagefind is missing, is another version, or failed to index the site."""


@dataclass(frozen=True)
class IndexStats:
    """What one indexing run did."""

    pages: int
    seconds: float


def find_binary(*roots: Path) -> Path:
    """The Pagefind binary: PAGEFIND_BINARY_PATH if set, else the one installed under a root; checked to be 1.6.0."""
    given = os.environ.get("PAGEFIND_BINARY_PATH")
    candidates = [Path(given)] if given else [root / BINARY for root in roots]
    binary = next((path for path in candidates if path.is_file()), None)
    if binary is None:
        where = given or " or ".join(str(path) for path in candidates)
        raise PagefindError(f"Pagefind {PAGEFIND_VERSION} is not installed at {where}: run `make setup`")
    try:
        version = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=60).stdout.split()
    except OSError as error:
        raise PagefindError(f"{binary} does not run: {error}") from None
    if version[-1:] != [PAGEFIND_VERSION]:
        raise PagefindError(f"{binary} is {' '.join(version) or 'not Pagefind'}; expected pagefind {PAGEFIND_VERSION}")
    return binary


@contextmanager
def _binary_path(binary: Path) -> Iterator[None]:
    """PAGEFIND_BINARY_PATH set to binary for the wrapper, and restored afterwards."""
    before = os.environ.get("PAGEFIND_BINARY_PATH")
    os.environ["PAGEFIND_BINARY_PATH"] = str(binary)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("PAGEFIND_BINARY_PATH", None)
        else:
            os.environ["PAGEFIND_BINARY_PATH"] = before


def index_config(site_dir: Path) -> IndexConfig:
    """The index settings: one index over every page, segmented as Chinese, written to site_dir/pagefind.

    Pages are English with Chinese names, titles and quotes. Pagefind splits Chinese into words only
    in a zh index, and without stemming a zh index still finds English words (by prefix) and folds
    accents, so one index forced to zh serves all three languages.
    """
    return IndexConfig(
        force_language="zh",
        exclude_selectors=list(EXCLUDE_SELECTORS),
        output_path=str(site_dir / "pagefind"),
    )


async def _index(site_dir: Path) -> int:
    async with PagefindIndex(config=index_config(site_dir)) as index:
        work = asyncio.ensure_future(index.add_directory(str(site_dir)))
        # The wrapper never answers if the binary dies: watch its reader task too.
        reader = getattr(index._service, "_poll_task", None)
        waiting = {work, reader} if reader is not None else {work}
        done, _ = await asyncio.wait(waiting, timeout=TIMEOUT_S, return_when=asyncio.FIRST_COMPLETED)
        if work not in done:
            work.cancel()
            raise PagefindError("Pagefind stopped without finishing the index" if done else "Pagefind timed out")
        return int(work.result()["page_count"])


def build_index(site_dir: Path, binary: Path) -> IndexStats:
    """Index every page under site_dir into site_dir/pagefind, replacing any index there."""
    shutil.rmtree(site_dir / "pagefind", ignore_errors=True)
    start = time.perf_counter()
    with _binary_path(binary):
        try:
            pages = asyncio.run(_index(site_dir))
        except PagefindError:
            raise
        except Exception as error:  # the wrapper raises bare Exceptions with Pagefind's message
            raise PagefindError(f"Pagefind failed: {error}") from None
    for name in UNUSED_FILES:
        (site_dir / "pagefind" / name).unlink(missing_ok=True)
    if not (site_dir / "pagefind" / "pagefind.js").is_file():
        raise PagefindError(f"Pagefind wrote no index into {site_dir / 'pagefind'}")
    return IndexStats(pages, time.perf_counter() - start)
