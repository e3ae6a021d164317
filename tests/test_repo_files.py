"""The repository's own files: CI workflows, pre-commit, issue forms, and CONTRIBUTING kept true to the code."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from chipbrief.cli import main
from chipbrief.models import Specs
from conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
ISSUE_FORMS = sorted(p for p in (ROOT / ".github" / "ISSUE_TEMPLATE").glob("*.yml") if p.name != "config.yml")
PINNED_USES = re.compile(r"^\s*(?:-\s+)?uses:\s+(?P<action>[\w.-]+/[\w./-]+)@(?P<ref>\S+)(?P<rest>.*)$")
SHA = re.compile(r"[0-9a-f]{40}")
VERSION_COMMENT = re.compile(r"^\s+# v\d+\.\d+\.\d+\b")


def load_yaml(path: Path) -> Any:
    """Parse a YAML file with the safe loader, as GitHub reads it (YAML 1.1: a bare `on` key becomes True)."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def triggers(workflow: dict[str, Any]) -> dict[str, Any]:
    """A workflow's `on:` block, whichever way the YAML loader keyed it."""
    on = workflow.get("on", workflow.get(True))
    assert isinstance(on, dict), f"expected `on:` to be a mapping, found {on!r}"
    return on


def all_uses(node: Any) -> list[str]:
    """Every `uses:` value anywhere in a parsed workflow (steps and reusable-workflow jobs)."""
    if isinstance(node, dict):
        found = [node["uses"]] if isinstance(node.get("uses"), str) else []
        return found + [u for value in node.values() for u in all_uses(value)]
    if isinstance(node, list):
        return [u for item in node for u in all_uses(item)]
    return []


def run_lines(workflow: dict[str, Any]) -> list[str]:
    """Every shell line the workflow's steps run."""
    return [
        line.strip()
        for job in workflow["jobs"].values()
        for step in job.get("steps", [])
        for line in str(step.get("run", "")).splitlines()
    ]


def ruff_pin() -> str:
    """The ruff version requirements.txt pins."""
    match = re.search(r"^ruff==(\S+)$", (ROOT / "requirements.txt").read_text(encoding="utf-8"), re.M)
    assert match, "expected a `ruff==X.Y.Z` line in requirements.txt, found none"
    return match.group(1)


def test_the_three_workflows_exist() -> None:
    assert {p.name for p in WORKFLOWS} >= {"pr.yml", "linkcheck.yml", "pages.yml"}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_parses_with_triggers_and_jobs(path: Path) -> None:
    workflow = load_yaml(path)
    assert isinstance(workflow, dict), f"{path.name}: expected a mapping, found {type(workflow).__name__}"
    assert triggers(workflow), f"{path.name}: expected at least one trigger"
    assert workflow.get("jobs"), f"{path.name}: expected jobs"
    for name, job in workflow["jobs"].items():
        assert job.get("runs-on") or job.get("uses"), f"{path.name}: job {name} has no runs-on"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_full_sha(path: Path) -> None:
    workflow = load_yaml(path)
    for uses in all_uses(workflow):
        if uses.startswith("./"):
            continue
        ref = uses.rpartition("@")[2]
        assert SHA.fullmatch(ref), f"{path.name}: {uses}: expected a 40-hex commit SHA, found {ref!r}"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_pin_names_its_version_and_where_it_was_seen(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for number, line in enumerate(text.splitlines(), 1):
        match = PINNED_USES.match(line)
        if not match:
            continue
        where = f"{path.name}:{number}"
        assert VERSION_COMMENT.match(match["rest"]), f"{where}: expected `# vX.Y.Z` after the SHA, found {line!r}"
        version = match["rest"].split("#", 1)[1].split()[0]
        # The header comment says where each pin was seen: `action version repository path`.
        assert re.search(rf"#\s+{re.escape(match['action'])} {re.escape(version)}\s+\S+/\S+ \S+", text), (
            f"{where}: expected a header comment naming where {match['action']} {version} was seen"
        )


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_one_sha_per_action_across_workflows(path: Path) -> None:
    pins: dict[str, set[str]] = {}
    for workflow in WORKFLOWS:
        for uses in all_uses(load_yaml(workflow)):
            action, _, ref = uses.rpartition("@")
            pins.setdefault(action, set()).add(ref)
    for uses in all_uses(load_yaml(path)):
        action = uses.rpartition("@")[0]
        assert len(pins[action]) == 1, f"{action}: expected one pin across workflows, found {sorted(pins[action])}"


def test_pull_request_workflow_is_read_only_and_runs_make_test() -> None:
    workflow = load_yaml(ROOT / ".github" / "workflows" / "pr.yml")
    on = triggers(workflow)
    assert "pull_request" in on
    assert on["push"]["branches"] == ["main"]
    assert workflow["permissions"] == {"contents": "read"}
    for name, job in workflow["jobs"].items():
        assert "permissions" not in job, f"pr.yml: job {name} must not widen the read-only permissions"
        assert job["runs-on"] == "ubuntu-latest"
    assert "make test" in run_lines(workflow)
    assert "bash scripts/install-system-deps.sh" in run_lines(workflow)
    # Debian, as on our machines (Ubuntu has no real chromium package), with the Python we support
    assert {job.get("container") for job in workflow["jobs"].values()} == {"python:3.11-bookworm"}
    # the browser tests' screenshots (conftest.ARTIFACTS) reach the reviewer, even when a test failed
    uploads = [
        step
        for job in workflow["jobs"].values()
        for step in job["steps"]
        if step.get("uses", "").startswith("actions/upload-artifact@")
    ]
    assert [(step["with"]["path"], step["if"]) for step in uploads] == [("build/test-artifacts/", "always()")]


def test_pages_workflow_grants_write_only_to_the_deploy_job() -> None:
    workflow = load_yaml(ROOT / ".github" / "workflows" / "pages.yml")
    assert triggers(workflow)["push"]["branches"] == ["main"]
    assert workflow["permissions"] == {"contents": "read"}
    jobs = workflow["jobs"]
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    for name, job in jobs.items():
        if name != "deploy":
            assert "write" not in job.get("permissions", {}).values(), f"pages.yml: job {name} may not write"
    build = jobs["build"]
    assert "make site" in run_lines({"jobs": {"build": build}})
    site_step = next(step for step in build["steps"] if step.get("run") == "make site")
    pages_step = next(step for step in build["steps"] if "configure-pages@" in str(step.get("uses")))
    expected_url = "${{ steps." + pages_step["id"] + ".outputs.base_url }}"
    assert site_step["env"]["CHIPBRIEF_SITE_URL"] == expected_url
    assert "CHIPBRIEF_SITE_URL" in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    upload = next(step for step in build["steps"] if "upload-pages-artifact@" in str(step.get("uses")))
    assert upload["with"]["path"] == "site"


def test_linkcheck_workflow_is_weekly_and_keeps_one_issue() -> None:
    workflow = load_yaml(ROOT / ".github" / "workflows" / "linkcheck.yml")
    on = triggers(workflow)
    assert "schedule" in on and "workflow_dispatch" in on
    assert workflow["permissions"] == {"contents": "read"}  # issues: write only in the report job (test_linkcheck)
    script = "\n".join(run_lines(workflow))
    assert "chipbrief linkcheck" in script
    assert 'title="Link check report"' in script
    assert "gh issue list" in script and "gh issue edit" in script and "gh issue create" in script
    cache = [s for s in workflow["jobs"]["linkcheck"]["steps"] if "actions/cache@" in str(s.get("uses"))]
    assert [s["with"]["path"] for s in cache] == [".cache/linkcheck.json"]


def test_pre_commit_ruff_rev_is_the_pinned_ruff() -> None:
    config = load_yaml(ROOT / ".pre-commit-config.yaml")
    ruff = [repo for repo in config["repos"] if repo["repo"] == "https://github.com/astral-sh/ruff-pre-commit"]
    assert len(ruff) == 1, "expected astral-sh/ruff-pre-commit once in .pre-commit-config.yaml"
    assert ruff[0]["rev"] == f"v{ruff_pin()}", f"expected rev v{ruff_pin()} (requirements.txt), found {ruff[0]['rev']}"
    ids = [hook["id"] for hook in ruff[0]["hooks"]]
    assert ids[-1] == "ruff-format" and ids[0] in {"ruff", "ruff-check"}
    assert "--fix" in ruff[0]["hooks"][0].get("args", [])


def test_pre_commit_runs_chipbrief_check_on_content() -> None:
    config = load_yaml(ROOT / ".pre-commit-config.yaml")
    hooks = [hook for repo in config["repos"] if repo["repo"] == "local" for hook in repo["hooks"]]
    check = [hook for hook in hooks if hook["entry"] == "chipbrief check"]
    assert len(check) == 1
    assert check[0]["language"] == "system"
    assert check[0]["pass_filenames"] is False
    assert re.search(check[0]["files"], "content/chips/nvidia-h20.yaml")
    assert not re.search(check[0]["files"], "src/chipbrief/cli.py")


@pytest.mark.parametrize("path", ISSUE_FORMS, ids=lambda p: p.name)
def test_issue_form_asks_for_the_value_its_source_and_status(path: Path) -> None:
    form = load_yaml(path)
    assert form["name"] and form["description"]
    inputs = [item for item in form["body"] if item["type"] != "markdown"]
    ids = [item["id"] for item in inputs]
    assert len(ids) == len(set(ids)), f"{path.name}: duplicate ids {ids}"
    assert {"source_url", "status"} <= set(ids)
    status = next(item for item in inputs if item["id"] == "status")
    assert status["type"] == "dropdown"
    named = [option.split()[0] for option in status["attributes"]["options"]]
    assert named == ["confirmed", "reported", "rumored", "estimated"]


def test_issue_forms_exist_and_blank_issues_stay_open() -> None:
    assert {p.name for p in ISSUE_FORMS} == {"data-correction.yml", "new-source.yml"}
    config = load_yaml(ROOT / ".github" / "ISSUE_TEMPLATE" / "config.yml")
    assert config["blank_issues_enabled"] is True


def test_pull_request_template_lists_the_checks() -> None:
    text = (ROOT / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    boxes = re.findall(r"^- \[ \] (.+)$", text, re.M)
    assert len(boxes) >= 6
    for needle in ("`status`", "`as_of`", "disagree", "150 to 400 words", "`translator`", "`chipbrief check`"):
        assert any(needle in box for box in boxes), f"expected a checklist item mentioning {needle}"
    assert any("`make test`" in box for box in boxes)


def test_contributing_names_only_real_make_targets_and_files() -> None:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z][\w-]*):", makefile, re.M))
    for target in set(re.findall(r"`make ([a-z][\w-]*)", text)):
        assert target in targets, f"CONTRIBUTING.md names `make {target}`, which the Makefile lacks"
    for path in set(re.findall(r"`((?:content|\.github|scripts|tests)/[\w./-]+\.\w+)`", text)):
        assert (ROOT / path).is_file(), f"CONTRIBUTING.md names {path}, which does not exist"


def test_contributing_shows_every_option_it_uses() -> None:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for use in re.finditer(r"chipbrief ([a-z][a-z-]*)([^`\n]*)", text):
        command = use[1]
        if command not in main.commands:
            continue  # prose such as "chipbrief is ..."; tests/test_cli.py checks commands in backticks
        options = {opt for param in main.commands[command].params for opt in param.opts} | {"--help"}
        for option in re.findall(r"(?<!\S)(--[a-z][a-z-]*)", use[2]):
            assert option in options, f"CONTRIBUTING.md uses `chipbrief {command} {option}`, which is not an option"


def test_contributing_spec_table_names_every_spec_field() -> None:
    """The spec-field table in CONTRIBUTING.md lists exactly the fields the chip model has."""
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    table = text.split("Spec fields (all optional", 1)[1].split("\n\n", 2)[1]
    named = set(re.findall(r"`([a-z0-9_]+)`", "\n".join(line.split("|")[1] for line in table.splitlines()[2:])))
    assert named == set(Specs.model_fields)


def test_readme_module_table_names_every_module() -> None:
    """The README's architecture table stays true: each module and package of the generator has a row."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("| module | job |") :]
    table = table[: table.index("\n\n")]
    package = ROOT / "src" / "chipbrief"
    names = {p.name for p in package.glob("*.py") if p.name not in ("__init__.py", "__main__.py")}
    names |= {f"{p.name}/" for p in package.iterdir() if p.is_dir() and (p / "__init__.py").is_file()}
    missing = sorted(name for name in names if f"`{name}`" not in table)
    assert not missing, f"README.md's module table has no row for: {missing}"
