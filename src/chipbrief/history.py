"""What git says changed in each content file: read once per build, with one `git log` call.

Each chip and company page lists the commits that changed its file (date, short hash, the fields
changed), newest first; the data pages say when the data last changed. Outside a git checkout,
or in a shallow clone, the history is simply what git can see (possibly nothing); it never fails
a build.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

#: Top-level keys of a content file, as a diff line shows them ('+status: x', '-  bf16:' under specs).
_TOP_KEY = re.compile(r"^[-+]([a-z_][a-z0-9_]*):")
_SPEC_KEY = re.compile(r"^[-+] {2}([a-z_][a-z0-9_]*):")
_HUNK = re.compile(r"^@@ [^@]+ @@ ?(?P<context>[a-z_][a-z0-9_]*)?:?")
_SEPARATOR = "\x1e"


@dataclass(frozen=True)
class Change:
    """One commit that changed one content file."""

    commit: str  # full hash
    date: str  # YYYY-MM-DD (author date)
    subject: str
    fields: tuple[str, ...]  # top-level fields changed ('specs.bf16' for a spec), sorted; empty when added

    @property
    def short(self) -> str:
        return self.commit[:7]

    @property
    def headline(self) -> str:
        """The commit subject, cut at 120 characters for a list line."""
        return self.subject if len(self.subject) <= 120 else self.subject[:119].rstrip() + "…"


@dataclass(frozen=True)
class History:
    """Every content file's changes, newest first, and the date content last changed."""

    changes: dict[str, list[Change]] = field(default_factory=dict)  # by path relative to the project root

    def of(self, path: str) -> list[Change]:
        return self.changes.get(path, [])

    @property
    def last_changed(self) -> str | None:
        dates = [change.date for changes in self.changes.values() for change in changes]
        return max(dates) if dates else None


def read_history(root: Path) -> History:
    """The history of root/content from git (empty when git or the history is not there)."""
    try:
        result = subprocess.run(
            ["git", "log", "-p", "--unified=0", "--no-color", "--no-renames", "--date=short",
             f"--format={_SEPARATOR}%H%x09%ad%x09%s", "--", "content"],
            cwd=root, capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=120, check=False,
        )  # fmt: skip
    except (OSError, subprocess.TimeoutExpired):
        return History()
    if result.returncode != 0:
        return History()
    return History(parse_log(result.stdout))


def parse_log(log: str) -> dict[str, list[Change]]:
    """Parse `git log -p -U0` output (commits newest first) into each file's changes."""
    changes: dict[str, list[Change]] = {}
    for block in log.split(_SEPARATOR)[1:]:
        header, _, patch = block.partition("\n")
        commit, date, subject = [*header.split("\t", 2), "", ""][:3]
        for path, fields in _files_in(patch).items():
            changes.setdefault(path, []).append(Change(commit, date, subject, tuple(sorted(fields))))
    return changes


def _files_in(patch: str) -> dict[str, set[str]]:
    files: dict[str, set[str]] = {}
    current: set[str] | None = None
    context = ""
    added = False
    for line in patch.splitlines():
        if line.startswith("diff --git "):
            current, context, added = None, "", False
            continue
        if line.startswith("new file mode"):
            added = True
            continue
        if line.startswith("+++ "):
            path = line[4:].removeprefix("b/")
            if path != "/dev/null":
                current = files.setdefault(path, set())
            continue
        if line.startswith("--- "):
            if line.endswith("/dev/null"):
                added = True
            continue
        if current is None or added:
            continue
        hunk = _HUNK.match(line)
        if hunk:
            context = hunk["context"] or ""
            continue
        top = _TOP_KEY.match(line)
        spec = _SPEC_KEY.match(line)
        if top:
            current.add(top[1])
            context = top[1]
        elif spec and context == "specs":
            current.add(f"specs.{spec[1]}")
        elif line[:1] in "+-" and context:
            current.add(context)
    return files
