"""A second engine: ProperDocs (a maintained fork of MkDocs 1.6) builds the same site as MkDocs.

The fixture project is built by `mkdocs build --strict` and by `properdocs build --strict` from the
same mkdocs.yml (hook included); every file must match, byte for byte, except the generator tag
each engine writes into every page's head (and the search index, compared as a set of records).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import run_mkdocs
from test_incremental import differences

#: `<meta name="generator" content="mkdocs-1.6.1, mkdocs-material-9.8.2">`, and ProperDocs's own.
GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def run_properdocs(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the real `properdocs build --strict` on a project's mkdocs.yml."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "--strict", "-f", "mkdocs.yml", *args],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )


def without_generator_tag(site: Path) -> None:
    for page in site.rglob("*.html"):
        page.write_bytes(GENERATOR.sub(b'<meta name="generator">', page.read_bytes()))


def test_properdocs_builds_the_same_pages_as_mkdocs(project: Path, tmp_path: Path) -> None:
    pytest.importorskip("properdocs", reason="ProperDocs is pinned in requirements.txt: run `make setup`")
    ours, theirs = tmp_path / "mkdocs-site", tmp_path / "properdocs-site"
    result = run_mkdocs(project, "--site-dir", str(ours))
    assert result.returncode == 0, result.stdout + result.stderr
    shutil.rmtree(project / ".cache", ignore_errors=True)  # ProperDocs builds from scratch too
    result = run_properdocs(project, "--site-dir", str(theirs))
    assert result.returncode == 0, result.stdout + result.stderr
    assert b"properdocs" in (theirs / "index.html").read_bytes().lower()  # it was really the other engine
    without_generator_tag(ours)
    without_generator_tag(theirs)
    assert differences(theirs, ours) == []
