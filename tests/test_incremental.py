"""Incremental builds: after each kind of edit, `chipbrief build` writes what a clean build writes.

Every test builds the small fixture project for real (`chipbrief build`, MkDocs, the hook and
Pagefind), edits it, rebuilds incrementally, then builds it again with `--clean` into another
folder and compares the two trees file by file, byte for byte; the Pagefind index is compared as
the set of its page records where its bytes differ. Each test also checks that the incremental
build did what it says: which pages it rewrote (their modification times) and which it kept.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import make_project, run_mkdocs

PAGE = "briefs/2025/acme-x1-french-report/index.html"
#: The same brief's page in the Chinese interface: an edit to the brief rewrites both.
ZH_PAGE = f"zh/{PAGE}"
BRIEF = Path("content/briefs/2025/acme-x1-french-report.md")


def build(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run `chipbrief build` on project as a user would; fail the test if it fails."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "chipbrief", "build", "--root", str(project), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        cwd=project,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def tree(site: Path) -> dict[str, bytes]:
    """Every file of a site by its path inside it."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def search_records(files: dict[str, bytes]) -> set[str]:
    """The Pagefind index as a set: one JSON text per indexed page (its fragment), plus the page count."""
    records = {
        json.dumps(json.loads(gzip.decompress(data)), sort_keys=True)
        for path, data in files.items()
        if path.startswith("pagefind/fragment/")
    }
    entry = json.loads(files["pagefind/pagefind-entry.json"])
    pages = {language: meta["page_count"] for language, meta in entry["languages"].items()}
    return records | {json.dumps(pages, sort_keys=True)}


def differences(incremental: Path, clean: Path) -> list[str]:
    """What differs between two built sites: missing, extra and changed files (the search index as a set)."""
    ours, theirs = tree(incremental), tree(clean)
    problems = [f"only in the incremental build: {path}" for path in sorted(ours.keys() - theirs.keys())]
    problems += [f"only in the clean build: {path}" for path in sorted(theirs.keys() - ours.keys())]
    changed = sorted(path for path in ours.keys() & theirs.keys() if ours[path] != theirs[path])
    index_changed = [path for path in changed if path.startswith("pagefind/")]
    problems += [f"differs: {path}" for path in changed if not path.startswith("pagefind/")]
    if index_changed and search_records(ours) != search_records(theirs):
        problems.append(f"the search index holds other pages or other text ({len(index_changed)} files differ)")
    return problems


def mtimes(site: Path) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in site.rglob("*.html")}


def rewritten(before: dict[str, int], site: Path) -> set[str]:
    """The HTML pages an incremental build wrote anew (it copies the others with their times)."""
    after = mtimes(site)
    return {path for path, mtime in after.items() if before.get(path) != mtime}


def assert_same_as_clean(project: Path, *args: str) -> None:
    clean = project.parent / "clean"
    build(project, "--clean", "--site-dir", str(clean), *args)
    assert differences(project / "site", clean) == []


@pytest.fixture(scope="module")
def built_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture project, built once for the module (a full build, since there is no site yet)."""
    project = make_project(tmp_path_factory.mktemp("incremental") / "project")
    build(project)
    return project


@pytest.fixture
def built(built_once: Path, tmp_path: Path) -> Path:
    """A copy of the built project, its site and its build record (times kept), for one test to edit."""
    return Path(shutil.copytree(built_once, tmp_path / "project", symlinks=True))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path}: expected {old!r} in the fixture"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_no_change_rewrites_no_page_and_keeps_the_index(built: Path) -> None:
    before = mtimes(built / "site")
    index = (built / "site" / "pagefind" / "pagefind-entry.json").stat().st_mtime_ns
    build(built)
    assert rewritten(before, built / "site") == {"404.html"}  # theme templates are written every time
    assert (built / "site" / "pagefind" / "pagefind-entry.json").stat().st_mtime_ns == index
    assert_same_as_clean(built)


def test_edited_brief_body_rebuilds_that_page_only(built: Path) -> None:
    before = mtimes(built / "site")
    edit(built / BRIEF, "A fixture brief about", "An edited fixture brief about")
    build(built)
    assert "An edited fixture brief" in (built / "site" / PAGE).read_text(encoding="utf-8")
    assert rewritten(before, built / "site") == {PAGE, ZH_PAGE, "404.html"}
    assert_same_as_clean(built)


def test_edited_title_rebuilds_every_page(built: Path) -> None:
    before = mtimes(built / "site")
    edit(built / BRIEF, "title: A French outlet describes the Acme X1", "title: A French outlet on the Acme X1")
    build(built)
    assert rewritten(before, built / "site") == set(before)
    assert_same_as_clean(built)


def test_edited_template_rebuilds_the_pages_that_use_it(built: Path) -> None:
    before = mtimes(built / "site")
    template = built / "templates" / "company.md.j2"
    template.write_text(template.read_text(encoding="utf-8") + "\nA line every company page now ends with.\n")
    build(built)
    changed = rewritten(before, built / "site")
    assert {"companies/acme/index.html", "companies/fabco/index.html"} <= changed
    assert PAGE not in changed and ZH_PAGE not in changed
    assert_same_as_clean(built)


def test_edited_chip_rebuilds_the_aggregate_pages_that_read_it(built: Path) -> None:
    before = mtimes(built / "site")
    edit(built / "content/chips/acme-x1.yaml", "{value: 400 W,", "{value: 350 W,")
    build(built)
    changed = rewritten(before, built / "site")
    assert {"chips/acme-x1/index.html", "compare/index.html"} <= changed
    assert "350" in (built / "site" / "compare/index.html").read_text(encoding="utf-8")
    assert PAGE not in changed and ZH_PAGE not in changed
    assert_same_as_clean(built)


def test_added_then_deleted_page(built: Path) -> None:
    copy = built / BRIEF.with_name("acme-x1-second-report.md")
    copy.write_text((built / BRIEF).read_text(encoding="utf-8").replace("title: A French", "title: Another French"))
    build(built)
    assert (built / "site/briefs/2025/acme-x1-second-report/index.html").is_file()
    assert_same_as_clean(built)
    copy.unlink()
    build(built)
    assert not (built / "site/briefs/2025/acme-x1-second-report").exists()
    assert_same_as_clean(built)


def test_the_replaced_site_is_kept_and_the_next_build_starts_from_it(built: Path) -> None:
    """The site a build replaces becomes the spare under .cache/spare/ (no copy of the site, no removal of the
    old one); the next build starts from it, two edits behind, and still writes what a clean build writes."""
    edit(built / BRIEF, "A fixture brief about", "A first edit of a fixture brief about")
    build(built)
    [spare] = (built / ".cache" / "spare").iterdir()
    assert "A fixture brief about" in (spare / PAGE).read_text(encoding="utf-8")  # the site before this build
    edit(built / BRIEF, "A first edit of", "A second edit of")
    build(built)
    assert "A second edit of" in (built / "site" / PAGE).read_text(encoding="utf-8")
    assert "A first edit of" in (spare / PAGE).read_text(encoding="utf-8")  # the site the second build replaced
    assert_same_as_clean(built)


def test_no_search_after_a_build_with_search(built: Path) -> None:
    build(built, "--no-search")
    assert not (built / "site" / "pagefind").exists()
    assert_same_as_clean(built, "--no-search")
    build(built)  # and back: the index is written again
    assert (built / "site" / "pagefind" / "pagefind.js").is_file()
    assert_same_as_clean(built)


def test_plain_mkdocs_dirty_build_is_exact_and_passes_strict(built: Path) -> None:
    edit(built / BRIEF, "A fixture brief about", "A dirtily edited fixture brief about")
    result = run_mkdocs(built, "--dirty")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "incremental build" in result.stderr
    assert_same_as_clean(built)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition: Callable[[], bool], what: str, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.3)


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def test_serve_rebuilds_the_edited_page_at_once_and_the_index_after_a_pause(project: Path) -> None:
    port = free_port()
    log = project.parent / "serve.log"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--dev-addr", f"127.0.0.1:{port}"]
    with log.open("w") as out:
        server = subprocess.Popen(command, cwd=project, stdout=out, stderr=subprocess.STDOUT, env=env)
    try:
        page = f"http://127.0.0.1:{port}/briefs/2025/acme-x1-french-report/"
        wait_for(lambda: "A fixture brief about" in fetch(page), "the first build")
        wait_for(lambda: "indexed" in log.read_text(), "the first search index")
        edit(project / BRIEF, "A fixture brief about", "A served, edited fixture brief about")
        wait_for(lambda: "A served, edited fixture brief" in fetch(page), "the rebuilt page")
        text = log.read_text()
        assert "incremental build: writing" in text and "pages: 2\n" in text, text  # the brief, in both languages
        assert "the search index follows after a 3 s pause" in text, text
        wait_for(lambda: log.read_text().count("indexed") >= 2, "the search index after the pause")
    finally:
        server.terminate()
        server.wait(timeout=30)
