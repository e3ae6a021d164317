"""Shared fixtures: the project root, a copy of the valid fixture content, a built site."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
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
