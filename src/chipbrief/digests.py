"""Stable digests of text, files, folders and the installed packages: what both caches key on.

The generator's cache (`chipbrief.rendercache`) and the build's (`chipbrief.build.fingerprint`)
both digest the chipbrief package, templates/ and every installed package's version. They share
these functions, which import nothing of MkDocs, so `chipbrief check` stays free of it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

#: The chipbrief package: every module of the generator and the hook, an input of every page.
PACKAGE = Path(__file__).resolve().parent


def digest(data: bytes | str) -> str:
    """The SHA-256 of data (text as UTF-8), in hex."""
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


def tree_digest(path: Path, skip_suffix: str | None = None) -> str:
    """The digest of a file, or of every file under a folder by path and bytes (Python caches skipped)."""
    if path.is_file():
        return f"{path.name} {digest(path.read_bytes())}"
    if not path.is_dir():
        return f"{path.name} absent"
    entries: list[str] = []
    for item in sorted(_files_under(path)):
        if skip_suffix and item.name.endswith(skip_suffix):
            continue
        entries.append(f"{item.relative_to(path).as_posix()} {digest(item.read_bytes())}")
    return f"{path.name}/ {digest(chr(10).join(entries))}"


def package_versions() -> list[str]:
    """Every installed distribution as name==version, sorted (MkDocs, Material, Markdown, their plugins...)."""
    return sorted({f"{dist.metadata['Name']}=={dist.version}" for dist in metadata.distributions()})


def _files_under(folder: Path) -> Iterable[Path]:
    for item in folder.rglob("*"):
        if "__pycache__" in item.parts or item.suffix == ".pyc" or not item.is_file():
            continue
        yield item
