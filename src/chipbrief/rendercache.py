"""The generator's cache: each rendered page (and data file) kept with what it was made from.

A unit of rendering (one page in one language, one language's charts, the data downloads, the
feeds) is stored under its name with
- its key: the digest of its own inputs (template, page path, language, front matter, the values
  handed to it, see `fingerprint`) and of what every unit shares (`shared_key`: the chipbrief
  package, templates/, installed package versions, Python, the site URL);
- its reads: each catalog read its render made (`chipbrief.reads`) and that read's digest then.

A later build reuses the output when the key is the same and every read still has its digest;
otherwise it renders the unit again, recording its reads. So an edit to one brief re-renders the
brief's page, the pages that list or cite it and the downloads, and no other page. The cache
lives in `.cache/render.pickle` (never committed), is replaced atomically, and holds only the
units of the last build: a page that went away leaves it.
"""

from __future__ import annotations

import logging
import os
import pickle
import platform
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from chipbrief.catalog import Catalog
from chipbrief.digests import PACKAGE, digest, package_versions, tree_digest
from chipbrief.reads import Digests, Read, Uncacheable, fingerprint, recording

log = logging.getLogger("mkdocs.plugins.chipbrief")

#: Where the cache lives, under the project root.
CACHE_FILE = Path(".cache") / "render.pickle"
#: Bumped when the file's layout changes, so an old file is ignored rather than misread.
FORMAT = 1

T = TypeVar("T")


@dataclass(frozen=True)
class Entry:
    """One unit's output with its key and its reads (each with its digest at render time)."""

    key: str
    reads: tuple[tuple[Read, str], ...]
    output: Any


class RenderCache:
    """The units of the last build, by name; `render` reuses or renders one (see the module's docstring)."""

    def __init__(self, path: Path | None, shared: str) -> None:
        self.path = path
        self.shared = shared
        self.previous: dict[str, Entry] = _load(path, shared) if path else {}
        self.current: dict[str, Entry] = {}
        self.digests: Digests | None = None
        self.rendered: list[str] = []
        """The units this build rendered (the rest came from the cache)."""
        self.hits = 0

    @classmethod
    def at(cls, root: Path, site_url: str) -> RenderCache:
        """The cache of the project at root, for a build with this site URL."""
        return cls(root / CACHE_FILE, shared_key(root, site_url))

    @classmethod
    def disabled(cls) -> RenderCache:
        """A cache that keeps nothing: every unit is rendered (check, export, tests of a clean render)."""
        return cls(None, "")

    def bind(self, catalog: Catalog) -> None:
        """Compare reads against this catalog (the build's validated content)."""
        self.digests = Digests(catalog)

    def render(self, name: str, inputs: Any, make: Callable[[], T]) -> T:
        """The unit's output: the cached one if its key and reads still hold, else `make()`, recorded."""
        if self.path is None:
            return make()
        digests = self.digests
        assert digests is not None, "bind the cache to the build's catalog first"
        try:
            key = digest(self.shared + "\0" + fingerprint(inputs, digests))
        except Uncacheable:
            self.rendered.append(name)
            return make()
        entry = self.previous.get(name)
        if entry is not None and entry.key == key and all(digests[read] == seen for read, seen in entry.reads):
            self.current[name] = entry
            self.hits += 1
            return entry.output
        with recording() as reads:
            output = make()
        self.current[name] = Entry(key, tuple(sorted((read, digests[read]) for read in reads)), output)
        self.rendered.append(name)
        return output

    def save(self) -> None:
        """Write this build's units (only them) in place of the last build's, atomically."""
        if self.path is None:
            return
        if not self.rendered and self.current.keys() == self.previous.keys():
            log.info("chipbrief: generator: every file reused from the cache")
            return  # the file on disk already holds exactly these units
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".render-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as stream:
                pickle.dump((FORMAT, self.shared, self.current), stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        log.info("chipbrief: generator: %d files rendered, %d reused from the cache", len(self.rendered), self.hits)


def forget(root: Path) -> None:
    """Drop the project's cache, so that the next build renders every unit (`chipbrief build --clean`)."""
    (root / CACHE_FILE).unlink(missing_ok=True)


def _load(path: Path, shared: str) -> dict[str, Entry]:
    """The last build's units, or none when the file is missing, unreadable, old or made from other inputs."""
    try:
        with path.open("rb") as stream:
            form, seen_shared, entries = pickle.load(stream)
    except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError, ImportError):
        return {}
    if form != FORMAT or seen_shared != shared or not isinstance(entries, dict):
        return {}
    return entries


def shared_key(root: Path, site_url: str) -> str:
    """The digest of what every unit is made from besides content: code, templates, packages, site URL."""
    parts = [
        f"format {FORMAT}",
        f"python {platform.python_version()}",
        *package_versions(),
        f"site_url {site_url}",
        tree_digest(PACKAGE),
        tree_digest(root / "templates"),
    ]
    return digest("\n".join(parts))
