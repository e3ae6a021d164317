"""When the search index is written: at once, not at all (`--no-search`), or after a pause (`mkdocs serve`).

Pagefind indexes every page of the site on each run (it cannot add or replace one page), so an
incremental build keeps the index it has when no page changed, and otherwise runs it again. Under
`mkdocs serve` pages are rebuilt at once and the index follows once edits have paused for
`SERVE_PAUSE_S` seconds, run in a background thread; the log says so.
"""

from __future__ import annotations

import logging
import shutil
import threading
from collections.abc import Callable
from pathlib import Path

from chipbrief.search import ALIAS_FOLDER

log = logging.getLogger("mkdocs.plugins.chipbrief")

#: The config key `chipbrief build --no-search` sets on the build's config (not in mkdocs.yml).
NO_SEARCH = "chipbrief_no_search"
#: Seconds without a rebuild before `mkdocs serve` indexes the site.
SERVE_PAUSE_S = 3.0


def drop_search_index(site_dir: Path) -> None:
    """Remove the Pagefind index and the alias table from a site folder (as a build without search has none)."""
    shutil.rmtree(site_dir / "pagefind", ignore_errors=True)
    shutil.rmtree(site_dir / ALIAS_FOLDER, ignore_errors=True)
    parent = (site_dir / ALIAS_FOLDER).parent
    if parent.is_dir() and not any(parent.iterdir()):
        parent.rmdir()


class DeferredIndex:
    """Runs the last indexing job it was given once no other arrived for `pause` seconds (one at a time)."""

    def __init__(self, pause: float = SERVE_PAUSE_S) -> None:
        self.pause = pause
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()
        self._running = threading.Lock()

    def schedule(self, job: Callable[[], None]) -> None:
        """Run job after the pause, replacing any job still waiting."""
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
            self._timer = threading.Timer(self.pause, self._run, args=(job,))
            self._timer.daemon = True
            self._timer.start()
        log.info("chipbrief: pages rebuilt; the search index follows after a %.0f s pause without edits", self.pause)

    def _run(self, job: Callable[[], None]) -> None:
        with self._running:
            try:
                job()
            except Exception as error:  # a background thread: report, never raise into nothing
                log.error("chipbrief: search index not rebuilt: %s", error)
