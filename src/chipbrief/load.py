"""Reading content/ into records that remember where each value came from.

YAML is read with libyaml (CSafeLoader) with the implicit timestamp resolver removed, so dates
stay text for the models to check, and with YAML 1.1's yes/no/on/off booleans switched off,
so `country: NO` stays the text it looks like. Nothing in a file can execute.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from chipbrief.problems import Problem

#: The content folders read as YAML, one entity a file.
YAML_KINDS = ("sources", "companies", "chips", "events")
BRIEFS = "briefs"

_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")


class ContentLoader(yaml.CSafeLoader):
    """A libyaml safe loader that keeps dates as text and only accepts true/false as booleans."""


ContentLoader.yaml_implicit_resolvers = {
    first: [
        (tag, _BOOL if tag == "tag:yaml.org,2002:bool" else regexp)
        for tag, regexp in resolvers
        if tag != "tag:yaml.org,2002:timestamp"
    ]
    for first, resolvers in yaml.CSafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class Record:
    """One content file's data, with what is needed to point at a line within it."""

    kind: str
    path: str  # relative to the project root, with forward slashes
    data: Any
    yaml_text: str
    first_line: int = 1  # the file line on which yaml_text starts
    body: str = ""  # the Markdown after a brief's front matter
    body_line: int = 0

    @property
    def stem(self) -> str:
        return Path(self.path).stem

    @cached_property
    def _nodes(self) -> yaml.Node | None:
        return yaml.compose(self.yaml_text, Loader=ContentLoader)

    def locate(self, loc: tuple[str | int, ...], at_key: bool = False) -> tuple[int, int]:
        """Return the (line, column), 1-based, of the value at loc (or its key), or of its nearest parent."""
        node = self._nodes
        found = (node.start_mark.line, node.start_mark.column) if node else (0, 0)
        for key in loc:
            if isinstance(node, yaml.MappingNode):
                match = next((pair for pair in node.value if pair[0].value == key), None)
                if match is None:
                    break
                found = (match[0].start_mark.line, match[0].start_mark.column)
                node = match[1]
                if not at_key and not isinstance(node, yaml.MappingNode | yaml.SequenceNode):
                    found = (node.start_mark.line, node.start_mark.column)
            elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
                node = node.value[key]
                found = (node.start_mark.line, node.start_mark.column)
            else:
                break
        return found[0] + self.first_line, found[1] + 1

    def problem(self, loc: tuple[str | int, ...], message: str, at_key: bool = False) -> Problem:
        """A problem at the value that loc names (or at its key, for a field that should not be there)."""
        line, column = self.locate(loc, at_key)
        return Problem(self.path, line, column, dotted(loc), message)


@dataclass
class Loaded:
    """Every record that could be read, and a problem for every file that could not."""

    records: list[Record] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def dotted(loc: tuple[str | int, ...]) -> str:
    """Render a location as 'specs.bf16[0].value'."""
    out = ""
    for key in loc:
        out += f"[{key}]" if isinstance(key, int) else (f".{key}" if out else str(key))
    return out


def load_content(root: Path) -> Loaded:
    """Read every content file under root/content; never raise for bad input."""
    loaded = Loaded()
    content = root / "content"
    if not content.is_dir():
        loaded.problems.append(Problem(_rel(content, root), 0, 0, "", "expected a content/ folder, found none"))
        return loaded
    for kind in YAML_KINDS:
        for path in sorted((content / kind).glob("*")) if (content / kind).is_dir() else []:
            if path.name.startswith("."):
                continue
            if path.suffix != ".yaml" or not path.is_file():
                loaded.problems.append(
                    Problem(
                        _rel(path, root), 1, 1, "", f"expected a .yaml file in content/{kind}/, found {path.name!r}"
                    )
                )
                continue
            _read_yaml(path, kind, root, loaded)
    briefs = content / BRIEFS
    for path in sorted(briefs.rglob("*")) if briefs.is_dir() else []:
        if path.is_dir() or path.name.startswith("."):
            continue
        if path.suffix != ".md" or path.parent.parent != briefs:
            loaded.problems.append(
                Problem(
                    _rel(path, root), 1, 1, "", f"expected content/briefs/<year>/<slug>.md, found {_rel(path, root)!r}"
                )
            )
            continue
        _read_brief(path, root, loaded)
    return loaded


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _read_text(path: Path, root: Path, loaded: Loaded) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        loaded.problems.append(Problem(_rel(path, root), 1, 1, "", f"expected UTF-8 text, found {error.reason}"))
    except OSError as error:
        loaded.problems.append(Problem(_rel(path, root), 1, 1, "", f"cannot read file: {error.strerror}"))
    return None


def _parse(yaml_text: str, rel: str, first_line: int, loaded: Loaded) -> tuple[bool, Any]:
    try:
        return True, yaml.load(yaml_text, Loader=ContentLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + first_line, mark.column + 1) if mark else (first_line, 1)
        what = error.problem or "invalid YAML"
        if mark and _tab_at(yaml_text, mark.line, mark.column):
            what = "expected spaces for indentation, found a tab"
        else:
            what = f"expected valid YAML, found a syntax error: {what}"
        loaded.problems.append(Problem(rel, line, column, "", what))
    except yaml.YAMLError as error:
        loaded.problems.append(Problem(rel, first_line, 1, "", f"expected valid YAML, found: {error}"))
    return False, None


def _tab_at(text: str, line: int, column: int) -> bool:
    """Whether the YAML error position is in a line's leading tab indentation (libyaml's error is vague)."""
    lines = text.splitlines()
    if line >= len(lines):
        return False
    indent = lines[line][: len(lines[line]) - len(lines[line].lstrip(" \t"))]
    return "\t" in indent and column <= len(indent)


def _read_yaml(path: Path, kind: str, root: Path, loaded: Loaded) -> None:
    rel = _rel(path, root)
    text = _read_text(path, root, loaded)
    if text is None:
        return
    ok, data = _parse(text, rel, 1, loaded)
    if not ok:
        return
    if data is None:
        loaded.problems.append(Problem(rel, 1, 1, "", "expected a mapping of fields, found an empty file"))
        return
    if not isinstance(data, dict):
        loaded.problems.append(Problem(rel, 1, 1, "", f"expected a mapping of fields, found {_kind_of(data)}"))
        return
    loaded.records.append(Record(kind=kind, path=rel, data=data, yaml_text=text))


_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(?P<yaml>.*?)^---[ \t]*\r?$\n?", re.S | re.M)


def _read_brief(path: Path, root: Path, loaded: Loaded) -> None:
    rel = _rel(path, root)
    text = _read_text(path, root, loaded)
    if text is None:
        return
    match = _FRONT_MATTER.match(text)
    if not match:
        loaded.problems.append(
            Problem(rel, 1, 1, "", "expected front matter between '---' lines at the top, found none")
        )
        return
    ok, data = _parse(match["yaml"], rel, 2, loaded)
    if not ok:
        return
    if not isinstance(data, dict):
        found = "nothing" if data is None else _kind_of(data)
        loaded.problems.append(Problem(rel, 2, 1, "", f"expected front matter fields, found {found}"))
        return
    body = text[match.end() :]
    body_line = text[: match.end()].count("\n") + 1
    loaded.records.append(
        Record(kind=BRIEFS, path=rel, data=data, yaml_text=match["yaml"], first_line=2, body=body, body_line=body_line)
    )


def _kind_of(value: object) -> str:
    return {list: "a list", str: "a single text value", int: "a number", float: "a number", bool: "true/false"}.get(
        type(value), type(value).__name__
    )
