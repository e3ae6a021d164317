"""The record a build leaves of its output: for each file, what it was made from and what was written.

An incremental build trusts a file in the site folder only if the record says it was made from
the same input and the file on disk still has the size and modification time the build left it
with. The record lives under `.cache/build/` (never committed, never published), one per site
folder; `chipbrief build` moves it with the site when it swaps a finished build into place.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chipbrief.digests import digest

#: Bump when the record's layout changes: an old record is then ignored (a full build).
VERSION = 1
#: Where the records live, inside the project.
CACHE_FOLDER = Path(".cache") / "build"


@dataclass
class Output:
    """One file of the site: the digest of its input, its path in the site, and its size and mtime as written."""

    key: str
    dest: str
    size: int = -1
    mtime_ns: int = -1


@dataclass
class PageState:
    """What MkDocs knows of a page after reading it, which the pages built after it read.

    A page that is not rebuilt gets these back, so that navigation titles and anchor checks are
    those of a full build.
    """

    meta: dict[str, Any]
    title: str | None
    anchors: set[str] | None
    links: dict[str, dict[str, str]] | None


@dataclass
class Manifest:
    """The record of one build of one site folder."""

    shared: str
    structure: str
    outputs: dict[str, Output] = field(default_factory=dict)
    pages: dict[str, PageState] = field(default_factory=dict)
    search: str | None = None
    version: int = VERSION

    def trusts(self, src_uri: str, key: str, site_dir: Path) -> bool:
        """Whether the output of src_uri in site_dir was made from key and is still as it was written."""
        output = self.outputs.get(src_uri)
        if output is None or output.key != key:
            return False
        try:
            stat = (site_dir / output.dest).stat()
        except OSError:
            return False
        return stat.st_size == output.size and stat.st_mtime_ns == output.mtime_ns


def manifest_path(root: Path, site_dir: Path) -> Path:
    """The record for one site folder, under root/.cache/build/ (named by its path from root, if inside it).

    A project folder that is moved or copied whole, with its site and .cache/, keeps its record.
    """
    root, site_dir = root.resolve(), site_dir.resolve()
    name = site_dir.relative_to(root).as_posix() if site_dir.is_relative_to(root) else str(site_dir)
    return root / CACHE_FOLDER / f"site-{digest(name)[:16]}.pickle"


def load(root: Path, site_dir: Path) -> Manifest | None:
    """The last build's record for site_dir, or None when there is none or it cannot be read."""
    path = manifest_path(root, site_dir)
    try:
        with path.open("rb") as handle:
            manifest = pickle.load(handle)  # our own file under .cache/, written by save()
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        return None
    if not isinstance(manifest, Manifest) or manifest.version != VERSION:
        return None
    return manifest


def save(root: Path, site_dir: Path, manifest: Manifest) -> None:
    """Write the record for site_dir atomically (a temporary file renamed into place)."""
    path = manifest_path(root, site_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=path.name, dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            pickle.dump(manifest, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def forget(root: Path, site_dir: Path) -> None:
    """Remove the record for site_dir: its next build is a full one."""
    manifest_path(root, site_dir).unlink(missing_ok=True)


def move(root: Path, source: Path, target: Path) -> None:
    """Make the record of the site built in source the record of target (after the folder moved there)."""
    forget(root, target)
    with contextlib.suppress(FileNotFoundError):
        os.replace(manifest_path(root, source), manifest_path(root, target))


def copy(root: Path, source: Path, target: Path) -> None:
    """Give target (a copy of the site folder source) the record of source."""
    manifest = load(root, source)
    if manifest is None:
        forget(root, target)
    else:
        save(root, target, manifest)
