"""The `chipbrief` command: behaviour, and its documentation kept in step with the code."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from chipbrief.cli import main
from conftest import ROOT

COMMANDS = sorted(main.commands)


def documented_commands(path: Path) -> set[str]:
    """Commands named in a document: `chipbrief NAME`, or a line of a code block starting with it."""
    text = path.read_text(encoding="utf-8")
    return set(re.findall(r"(?:`|^|bin/)chipbrief ([a-z][a-z-]+)", text, re.M)) - {"command"}


@pytest.mark.parametrize("doc", ["README.md", "CONTRIBUTING.md"])
def test_every_documented_command_exists(doc: str) -> None:
    assert documented_commands(ROOT / doc) <= set(COMMANDS)


def test_readme_documents_every_command() -> None:
    assert documented_commands(ROOT / "README.md") == set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_with_an_example(name: str) -> None:
    result = CliRunner().invoke(main, [name, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output and f"chipbrief {name}" in result.output


def test_check_passes_on_valid_content(project: Path) -> None:
    result = CliRunner().invoke(main, ["check", "--root", str(project)])
    assert result.exit_code == 0
    assert result.output == "content/ is valid: 2 sources, 2 companies, 1 chips, 1 events, 1 briefs\n"


def test_check_prints_every_problem_and_exits_1_without_traceback(project: Path) -> None:
    (project / "content/companies/fabco.yaml").write_text("id: fabco\nkind: fab\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "chipbrief", "check", "--root", str(project)], capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        "content/companies/fabco.yaml:1:1: name: expected a value (this field is required: Name in English), found none",
        "content/companies/fabco.yaml:1:1: sources: expected a value (this field is required: Sources that back the summary), "
        "found none",
        "content/companies/fabco.yaml:1:1: summary: expected a value (this field is required: One or two sentences in our "
        "words), found none",
        "content/companies/fabco.yaml:2:7: kind: expected one of 'designer', 'foundry', 'memory', 'cloud', "
        "'internet', 'ai-lab', 'telecom' or 'other', found 'fab'",
        "4 problems found in content/",
    ]


def test_export_writes_pages_and_replaces_the_target_only_when_complete(project: Path, tmp_path: Path) -> None:
    target = tmp_path / "out"
    result = CliRunner().invoke(main, ["export", "--root", str(project), str(target)])
    assert result.exit_code == 0, result.output
    assert (target / "chips" / "acme-x1.md").read_text(encoding="utf-8").startswith("---\ntitle: Acme X1\n")
    assert (target / "about.md").is_file()
    (project / "content/chips/acme-x1.yaml").write_text("id: acme-x1\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["export", "--root", str(project), str(target)])
    assert result.exit_code == 1
    assert (target / "chips" / "acme-x1.md").is_file()  # the last good export is untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "project"]  # no staging folder left behind


def test_build_command_builds_the_site_and_restores_the_signal_handlers(project: Path, tmp_path: Path) -> None:
    site = tmp_path / "built"
    handlers = {signum: signal.getsignal(signum) for signum in (signal.SIGTERM, signal.SIGINT)}
    result = CliRunner().invoke(main, ["build", "--root", str(project), "--site-dir", str(site)])
    assert result.exit_code == 0, result.output
    assert result.output == f"built the site into {site}\n"
    assert (site / "chips" / "acme-x1" / "index.html").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["built", "project"]  # no temporary folder left
    assert {signum: signal.getsignal(signum) for signum in handlers} == handlers
