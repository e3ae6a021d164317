"""The real MkDocs build, strict, of the real content and of broken content; `chipbrief build`'s swap."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from chipbrief.load import load_content
from chipbrief.validate import validate
from conftest import ROOT, make_project, run_mkdocs


def test_every_entity_gets_a_page(real_site: Path) -> None:
    catalog, problems = validate(load_content(ROOT))
    assert not problems
    for kind in ("companies", "chips", "sources"):
        for ident in getattr(catalog, kind):
            assert (real_site / kind / ident / "index.html").is_file(), f"{kind}/{ident}"
    for brief in catalog.briefs.values():
        assert (real_site / "briefs" / brief.meta.date[:4] / brief.id / "index.html").is_file()
    for page in ("index.html", "timeline/index.html", "about/index.html", "chips/index.html"):
        assert (real_site / page).is_file()


def test_chip_page_shows_values_with_units_status_and_sources(real_site: Path) -> None:
    html = (real_site / "chips" / "nvidia-h20" / "index.html").read_text(encoding="utf-8")
    assert "296 TFLOP/s sparse" in html
    assert 'class="cb-status cb-status--' in html
    assert 'class="footnote"' in html  # every value cites a footnote
    # every source cited on the page appears in its footnotes with a link to where we read it
    footnotes = html[html.index('class="footnote"') :]
    assert "read at " in footnotes and "find an archived copy (lookup)</a>" in footnotes


def test_no_page_loads_anything_from_another_host(real_site: Path) -> None:
    """Readers in mainland China must get the whole page from our host: no fonts, CDNs or APIs."""
    tag = re.compile(r"<(?:script|link|img|iframe|source|video|audio)\b[^>]*>", re.I)
    loads_from_elsewhere = re.compile(r"""\b(?:src|href)=["']?(?:https?:)?//""", re.I)
    offenders = []
    for page in real_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for match in tag.finditer(text):
            element = match.group(0)
            if 'rel="canonical"' in element:  # names the page's address; loads nothing
                continue
            if loads_from_elsewhere.search(element):
                offenders.append(f"{page.relative_to(real_site)}: {element}")
        assert "fonts.googleapis.com" not in text
    assert offenders == []


def test_broken_content_fails_the_build_with_every_problem_and_writes_nothing(project: Path) -> None:
    (project / "content/sources/example-2025-08-report.yaml").write_text(
        "id: example-2025-08-report\npublisher: P\nurl: javascript:x\nlanguage: en\naccessed: 2026-11-28\n"
        "published: 2025-13-45\n",
        encoding="utf-8",
    )
    site = project / "site"
    site.mkdir()
    (site / "previous.html").write_text("the last good build", encoding="utf-8")
    result = run_mkdocs(project)
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "Traceback" not in output
    assert "content/sources/example-2025-08-report.yaml:3:6: url: expected an http:// or https:// URL" in output
    assert "content/sources/example-2025-08-report.yaml:6:12: published: expected a date" in output
    assert sorted(p.name for p in site.iterdir()) == ["previous.html"]  # nothing cleaned, nothing half-written


def test_broken_template_names_the_template_line(project: Path) -> None:
    (project / "templates" / "chip.md.j2").write_text("# {{ chip.name }}\n\n{{ chip.no_such_field.x }}\n")
    result = run_mkdocs(project)
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "Traceback" not in output
    assert "templates/chip.md.j2:3: while rendering chips/acme-x1.md" in output


def test_fixture_site_builds_strict(project: Path) -> None:
    result = run_mkdocs(project)
    assert result.returncode == 0, result.stdout + result.stderr
    html = (project / "site" / "chips" / "acme-x1" / "index.html").read_text(encoding="utf-8")
    assert "sources differ" in html  # 96 GB and 64 GB are both shown
    assert "96 GB" in html and "64 GB" in html


# `chipbrief build`: every problem printed, and the site swapped in only when complete.

# A second MkDocs hook for the interrupted-build tests: once every page is written into the
# temporary folder, it leaves a marker there and waits, so the test can signal a build that is
# certainly part-way (it never finishes on its own).
STALL_HOOK = """\
import pathlib
import time


def on_post_build(config):
    pathlib.Path(config.site_dir, "stalled-here").touch()
    time.sleep(120)
"""

# Ctrl-C in a terminal: SIGINT raises KeyboardInterrupt even when the test runner's shell ignores it.
AS_IN_A_TERMINAL = "import signal; signal.signal(signal.SIGINT, signal.default_int_handler)"


def chipbrief_build(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the real `chipbrief build` on a project, as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "chipbrief", "build", "--root", str(project), *args],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=600,
    )


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under folder, by relative path: its bytes and its modification time in ns."""
    return {
        path.relative_to(folder).as_posix(): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture project's site, built once by `chipbrief build`, for tests to copy as their previous build."""
    project = make_project(tmp_path_factory.mktemp("fixture-site") / "project")
    result = chipbrief_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


@pytest.fixture
def built_project(project: Path, fixture_site: Path) -> Path:
    """The fixture project with a previous build in site/ (a copy, with the files' own mtimes)."""
    shutil.copytree(fixture_site, project / "site")
    return project


def test_chipbrief_build_prints_every_content_problem_and_leaves_the_site(built_project: Path) -> None:
    before = snapshot(built_project / "site")
    entries = sorted(p.name for p in built_project.iterdir())
    (built_project / "content/companies/fabco.yaml").write_text("id: fabco\nkind: fab\n", encoding="utf-8")
    result = chipbrief_build(built_project)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stderr.splitlines()
    for problem in [
        "content/companies/fabco.yaml:1:1: name: expected a value (this field is required: Name in English), found none",
        "content/companies/fabco.yaml:1:1: sources: expected a value (this field is required: Sources that back the summary), "
        "found none",
        "content/companies/fabco.yaml:1:1: summary: expected a value (this field is required: One or two sentences in our "
        "words), found none",
        "content/companies/fabco.yaml:2:7: kind: expected one of 'designer', 'foundry', 'memory', 'cloud', "
        "'internet', 'ai-lab', 'telecom' or 'other', found 'fab'",
        "4 problems found in content/",
    ]:
        assert problem in lines
    assert "Aborted with a BuildError!" not in result.stderr  # MkDocs' summary, which hid the list
    assert snapshot(built_project / "site") == before  # same bytes, same mtimes
    assert sorted(p.name for p in built_project.iterdir()) == entries  # no temporary folder left


@pytest.mark.parametrize(
    ("breakage", "expected"),
    [
        pytest.param(
            ("docs/about.md", "\nSee [the missing page](nowhere.md).\n"),
            [
                "warning: Doc file 'about.md' contains a link 'nowhere.md', but the target is not found among "
                "documentation files.",
                "Aborted with 1 warnings in strict mode!",
            ],
            id="strict-warning",
        ),
        pytest.param(
            ("overrides/main.html", "{% block footer %}{{ config.no_such_option.x }}{% endblock %}\n"),
            ["overrides/main.html:", "template error: 'mkdocs.config.defaults.MkDocsConfig object' has no attribute"],
            id="theme-template-error",
        ),
    ],
)
def test_chipbrief_build_prints_any_other_failure_in_full(
    built_project: Path, breakage: tuple[str, str], expected: list[str]
) -> None:
    before = snapshot(built_project / "site")
    path, addition = breakage
    with (built_project / path).open("a", encoding="utf-8") as file:
        file.write(addition)
    result = chipbrief_build(built_project)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    for text in expected:
        assert text in result.stderr, result.stderr
    assert result.stderr.splitlines()[-1] == f"the build failed; {built_project / 'site'} was not touched"
    assert snapshot(built_project / "site") == before


@pytest.mark.parametrize(
    ("signum", "moment"),
    [
        (signal.SIGTERM, "temporary folder created"),
        (signal.SIGTERM, "every page written"),
        (signal.SIGINT, "every page written"),
    ],
)
def test_interrupted_build_leaves_the_previous_site_and_no_temporary_folder(
    built_project: Path, signum: signal.Signals, moment: str
) -> None:
    (built_project / "stall.py").write_text(STALL_HOOK, encoding="utf-8")
    config = built_project / "mkdocs.yml"
    hooks = "hooks:\n"
    config.write_text(config.read_text(encoding="utf-8").replace(hooks, hooks + "  - stall.py\n"), encoding="utf-8")
    before = snapshot(built_project / "site")
    entries = sorted(p.name for p in built_project.iterdir())
    command = f"{AS_IN_A_TERMINAL}; from chipbrief.cli import main; main()"
    process = subprocess.Popen(
        [sys.executable, "-c", command, "build", "--root", str(built_project)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    try:
        reached = ".site.building-*" + ("" if moment == "temporary folder created" else "/stalled-here")
        deadline = time.monotonic() + 120
        while not list(built_project.glob(reached)):
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "the build never reached the moment to stop it"
            time.sleep(0.01)
        if moment == "every page written":  # part-way indeed: the temporary folder holds the new site
            assert list(built_project.glob(".site.building-*/chips/acme-x1/index.html"))
        process.send_signal(signum)
        stdout, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 128 + signum
    assert "Traceback" not in stdout + stderr
    assert stderr.splitlines()[-1] == f"stopped by {signum.name}; the previous site was left as it was"
    assert snapshot(built_project / "site") == before
    # no temporary folder left; .cache/ may hold what the generator rendered before the stop (its own cache)
    assert sorted(p.name for p in built_project.iterdir() if p.name != ".cache") == entries


def test_successful_build_replaces_the_site(built_project: Path) -> None:
    site = built_project / "site"
    site.chmod(0o750)
    (site / "stale.html").write_text("a page the new build does not make", encoding="utf-8")
    old_page = (site / "chips" / "acme-x1" / "index.html").read_text(encoding="utf-8")
    chip = built_project / "content/chips/acme-x1.yaml"
    chip.write_text(
        chip.read_text(encoding="utf-8").replace("name: Acme X1", "name: Acme X1 Renamed"), encoding="utf-8"
    )
    entries = sorted(p.name for p in built_project.iterdir())
    result = chipbrief_build(built_project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == f"built the site into {site}\n"
    new_page = (site / "chips" / "acme-x1" / "index.html").read_text(encoding="utf-8")
    assert "Acme X1 Renamed" in new_page and "Acme X1 Renamed" not in old_page
    assert not (site / "stale.html").exists()  # replaced as a whole, not written over
    assert site.stat().st_mode & 0o777 == 0o750  # the site folder keeps its permissions
    # old site and temporary folder gone; .cache/ now holds the build's record, for the next incremental build
    assert sorted(p.name for p in built_project.iterdir() if p.name != ".cache") == entries
