"""Reading content/ into records that remember where each value came from.

YAML is read with libyaml (CSafeLoader) with the implicit timestamp resolver removed, so dates
stay text for the models to check, and with YAML 1.1's yes/no/on/off booleans switched off,
so `country: NO` stays the text it looks like. Nothing in a file can execute.

content/ arrives by pull request from strangers, so a file is refused, with a problem at its
line, rather than read in any way that could surprise a reviewer: only regular files of at most
MAX_FILE_BYTES are opened (never a symbolic link, a named pipe or a device), text must be UTF-8
without control characters (raw or as escapes), and YAML must be plain: no explicit tags
(`!!int`), no anchors or aliases (`&a`, `*a`, which also allow alias bombs), no merge keys
(`<<`), keys that are text and given once per mapping, and at most MAX_DEPTH levels of nesting.

Each file is parsed once: the node tree is checked, then the data is constructed from that same
tree. Positions are not kept: a file with a problem is composed again to locate it (keeping every
file's nodes made the garbage collector double the time of `chipbrief check`).
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property
from itertools import islice
from pathlib import Path
from typing import Any

import yaml

from chipbrief.problems import Problem

#: The content folders read as YAML, one entity a file.
YAML_KINDS = ("sources", "companies", "chips", "events", "rules")
#: The tag vocabulary: one file, content/tags.yaml, read as one record of this kind.
VOCABULARY = "vocabulary"
TAGS_FILE = "tags.yaml"
BRIEFS = "briefs"

#: The largest content file read, in bytes (a brief is a few kB).
MAX_FILE_BYTES = 1_000_000
#: The deepest nesting of lists and mappings accepted (content needs about 5).
MAX_DEPTH = 20
#: Problems of one kind listed per file; the next one says how many more there are.
MAX_LISTED = 20

_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"
_VALUE = "tag:yaml.org,2002:value"
_NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")

#: Control characters (Unicode category Cc except tab, line feed and carriage return), a byte-order
#: mark after the start, the Unicode line and paragraph separators (libyaml counts them as line
#: breaks, editors do not) and the bidirectional overrides and isolates, which make text read
#: differently from what is published ("Trojan Source").
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")
#: Characters without which a YAML text can hold no tag (!), anchor (&) or alias (*).
_INDICATORS = re.compile(r"[!&*]")
_BREAK = re.compile(r"\r\n|\r|\n")

_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


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

#: Where each value of a file is: {location: (key line, key column, line, column, is a list or mapping)},
#: 0-based as libyaml counts; the key line is -1 for list items and for the document itself, at ().
Positions = dict[tuple[str | int, ...], tuple[int, int, int, int, bool]]


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
    def _positions(self) -> Positions:
        """Where each value is, found on the first problem in this file (most files have none).

        The text was parsed and checked when the record was loaded; composing it again here, for the
        few files with a problem, is cheaper than keeping every file's node tree or positions in memory.
        """
        loader = ContentLoader(self.yaml_text)
        try:
            node = loader.get_single_node()
            positions: Positions = {}
            if node is not None:
                _inspect(node, _Where(self.path, self.first_line), positions)
            return positions
        finally:
            loader.dispose()

    def locate(self, loc: tuple[str | int, ...], at_key: bool = False) -> tuple[int, int]:
        """Return the (line, column), 1-based, of the value at loc (or its key), or of its nearest parent."""
        positions = self._positions
        root = positions.get(())
        found = (root[2], root[3]) if root else (0, 0)
        for end in range(1, len(loc) + 1):
            entry = positions.get(loc[:end])
            if entry is None:
                break
            key_line, key_column, line, column, collection = entry
            if key_line < 0:
                found = (line, column)
            else:
                found = (key_line, key_column) if at_key or collection else (line, column)
        return found[0] + self.first_line, found[1] + 1

    def problem(self, loc: tuple[str | int, ...], message: str, at_key: bool = False) -> Problem:
        """A problem at the value that loc names (or at its key, for a field that should not be there)."""
        line, column = self.locate(loc, at_key)
        return Problem(self.path, line, column, dotted(loc), message)


@dataclass
class Loaded:
    """Every record that could be read, a problem for every file that could not, and every file found."""

    records: list[Record] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: (kind, stem) of every content file found, read or not: citing one that failed is no "unknown id".
    found: set[tuple[str, str]] = field(default_factory=set)


def dotted(loc: tuple[str | int, ...]) -> str:
    """Render a location as 'specs.bf16[0].value'."""
    out = ""
    for key in loc:
        out += f"[{key}]" if isinstance(key, int) else (f".{key}" if out else str(key))
    return out


# ---------------------------------------------------------------------------
# Finding files: regular files only, never following a symbolic link
# ---------------------------------------------------------------------------


def load_content(root: Path) -> Loaded:
    """Read every content file under root/content; never raise for bad input."""
    loaded = Loaded()
    content = _File(str(root / "content"), _rel(root / "content", root))
    if not _is_folder(content, loaded, required=True):
        return loaded
    for kind in YAML_KINDS:
        folder = content.child(kind)
        if _is_folder(folder, loaded):
            for entry in _entries(folder, loaded):
                _read_entry(entry, folder.child(entry.name), kind, loaded)
    vocabulary = content.child(TAGS_FILE)
    if os.path.lexists(vocabulary.path):
        loaded.found.add((VOCABULARY, "tags"))
        if special := _special_path(vocabulary.path):
            loaded.problems.append(Problem(vocabulary.rel, 1, 1, "", f"expected a regular file, found {special}"))
        else:
            _read_yaml(vocabulary, VOCABULARY, loaded)
    briefs = content.child(BRIEFS)
    if _is_folder(briefs, loaded):
        for file, placed in _brief_files(briefs, loaded):
            _read_brief(file, placed, loaded)
    return loaded


@dataclass(frozen=True)
class _File:
    """A path to open, and the same path relative to the project root, as problems name it."""

    path: str
    rel: str

    def child(self, name: str) -> _File:
        return _File(os.path.join(self.path, name), f"{self.rel}/{name}")


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _is_folder(folder: _File, loaded: Loaded, required: bool = False) -> bool:
    """Whether a real folder (not a link to one) is there; a problem when something else is, or none is but must be."""
    try:
        mode = os.lstat(folder.path).st_mode
    except OSError:
        if required:
            loaded.problems.append(Problem(folder.rel, 0, 0, "", "expected a content/ folder, found none"))
        return False
    if stat.S_ISDIR(mode):
        return True
    loaded.problems.append(Problem(folder.rel, 1, 1, "", f"expected a folder, found {_file_kind(mode)}"))
    return False


def _file_kind(mode: int) -> str:
    """Name what a file is, for a problem: a symbolic link, a named pipe (FIFO) ..."""
    kinds = (
        (stat.S_ISLNK, "a symbolic link"),
        (stat.S_ISFIFO, "a named pipe (FIFO)"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a device"),
        (stat.S_ISBLK, "a device"),
        (stat.S_ISREG, "a file"),
        (stat.S_ISDIR, "a folder"),
    )
    return next((name for test, name in kinds if test(mode)), "a special file")


def _entries(folder: _File, loaded: Loaded) -> list[os.DirEntry[str]]:
    """The entries of a folder, by name, leaving out hidden ones (.gitkeep, editor files)."""
    try:
        with os.scandir(folder.path) as found:
            return sorted((entry for entry in found if not entry.name.startswith(".")), key=lambda e: e.name)
    except OSError as error:
        loaded.problems.append(Problem(folder.rel, 1, 1, "", f"expected a readable folder, found {error.strerror}"))
        return []


def _special(entry: os.DirEntry[str]) -> str | None:
    """What an entry is when it is neither a regular file nor a real folder (None when it is one of those)."""
    try:
        if entry.is_symlink():
            return "a symbolic link"
        if entry.is_file(follow_symlinks=False) or entry.is_dir(follow_symlinks=False):
            return None
        return _file_kind(entry.stat(follow_symlinks=False).st_mode)
    except OSError:
        return "a file that cannot be examined"


def _special_path(path: str) -> str | None:
    """What a path is when it is not a regular file (None when it is one), without following a link."""
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return "a file that cannot be examined"
    return None if stat.S_ISREG(mode) else _file_kind(mode)


def _read_entry(entry: os.DirEntry[str], file: _File, kind: str, loaded: Loaded) -> None:
    """Read one entry of a YAML content folder, or say why not."""
    is_yaml = entry.name.endswith(".yaml")
    if is_yaml:
        loaded.found.add((kind, entry.name.removesuffix(".yaml")))
    special = _special(entry)
    if special:
        loaded.problems.append(Problem(file.rel, 1, 1, "", f"expected a regular file, found {special}"))
    elif not is_yaml or entry.is_dir(follow_symlinks=False):
        message = f"expected a .yaml file in content/{kind}/, found {entry.name!r}"
        loaded.problems.append(Problem(file.rel, 1, 1, "", message))
    else:
        _read_yaml(file, kind, loaded)


def _brief_files(briefs: _File, loaded: Loaded) -> list[tuple[_File, bool]]:
    """Every regular file under content/briefs/ and whether it is at <year>/<slug>.md, not following links."""
    files: list[tuple[_File, bool]] = []
    folders = [(briefs, 0)]
    while folders:
        folder, depth = folders.pop()
        for entry in _entries(folder, loaded):
            file = folder.child(entry.name)
            placed = depth == 1 and entry.name.endswith(".md")
            if placed:
                loaded.found.add((BRIEFS, entry.name.removesuffix(".md")))
            special = _special(entry)
            if special:
                loaded.problems.append(Problem(file.rel, 1, 1, "", f"expected a regular file, found {special}"))
            elif entry.is_dir(follow_symlinks=False):
                folders.append((file, depth + 1))
            else:
                files.append((file, placed))
    return sorted(files, key=lambda item: item[0].rel)


# ---------------------------------------------------------------------------
# Reading text: bounded, UTF-8, without control characters
# ---------------------------------------------------------------------------


def _read_text(file: _File, loaded: Loaded) -> str | None:
    """The file's text, or None with a problem: not a regular file, too big, not UTF-8, control characters."""
    rel = file.rel
    data = _read_bytes(file.path, rel, loaded)
    if data is None:
        return None
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _byte_position(data, error.start)
        message = f"expected UTF-8 text, found {error.reason} (byte 0x{data[error.start]:02X})"
        loaded.problems.append(Problem(rel, line, column, "", message))
        return None
    problems = _control_characters(text, rel)
    if problems:
        loaded.problems.extend(problems)
        return None
    return text


def _read_bytes(path: str, rel: str, loaded: Loaded) -> bytes | None:
    """The bytes of a regular file of at most MAX_FILE_BYTES, opened without following a link or blocking."""
    try:
        descriptor = os.open(path, _OPEN_FLAGS)
    except OSError as error:
        found = "a symbolic link" if os.path.islink(path) else error.strerror
        loaded.problems.append(Problem(rel, 1, 1, "", f"expected a readable regular file, found {found}"))
        return None
    with os.fdopen(descriptor, "rb") as file:
        info = os.fstat(file.fileno())
        if not stat.S_ISREG(info.st_mode):
            loaded.problems.append(Problem(rel, 1, 1, "", f"expected a regular file, found {_file_kind(info.st_mode)}"))
            return None
        try:  # read a byte more than the size says, to notice a file that grows beyond the limit
            data = file.read(min(info.st_size, MAX_FILE_BYTES) + 1)
        except OSError as error:
            loaded.problems.append(Problem(rel, 1, 1, "", f"expected a readable regular file, found {error.strerror}"))
            return None
    if len(data) > MAX_FILE_BYTES:
        message = f"expected a file of at most {MAX_FILE_BYTES:,} bytes, found a larger one"
        loaded.problems.append(Problem(rel, 1, 1, "", message))
        return None
    return data


def _byte_position(data: bytes, offset: int) -> tuple[int, int]:
    """The 1-based line and column (in characters) of a byte offset."""
    start = data.rfind(b"\n", 0, offset) + 1
    return data.count(b"\n", 0, offset) + 1, len(data[start:offset].decode("utf-8", "replace")) + 1


def _text_position(text: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column of a character offset, counting line breaks as libyaml does."""
    before = text[:offset]
    start = max(before.rfind("\n"), before.rfind("\r")) + 1
    return len(_BREAK.findall(before)) + 1, offset - start + 1


def _control_characters(text: str, rel: str) -> list[Problem]:
    """A problem at each control character in text (MAX_LISTED of them, then how many more)."""
    if not _CONTROL.search(text):
        return []
    problems = []
    for match in islice(_CONTROL.finditer(text), MAX_LISTED + 1):
        line, column = _text_position(text, match.start())
        found = f"U+{ord(match.group()):04X}"
        problems.append(Problem(rel, line, column, "", f"expected text without control characters, found {found}"))
    return _capped(problems, len(_CONTROL.findall(text)) if len(problems) > MAX_LISTED else len(problems))


def _capped(problems: list[Problem], total: int) -> list[Problem]:
    """The first MAX_LISTED problems; the next one also says how many more were not listed."""
    if total <= MAX_LISTED:
        return problems
    last = problems[MAX_LISTED]
    more = total - MAX_LISTED - 1
    return [*problems[:MAX_LISTED], replace(last, message=f"{last.message} (and {more} more after it, not listed)")]


# ---------------------------------------------------------------------------
# Parsing YAML: plain YAML only, parsed once
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Where:
    """Turns a libyaml mark into a problem in the file (yaml text starting at first_line)."""

    path: str
    first_line: int

    def __call__(self, mark: yaml.Mark | None, loc: str, message: str) -> Problem:
        if mark is None:
            return Problem(self.path, self.first_line, 1, loc, message)
        return Problem(self.path, mark.line + self.first_line, mark.column + 1, loc, message)


def _parse(yaml_text: str, rel: str, first_line: int, loaded: Loaded) -> tuple[bool, Any]:
    """Parse YAML once: refuse what plain content never needs, then construct the data from the checked tree.

    Returns whether it could be read, and the data; problems go to loaded.
    """
    where = _Where(rel, first_line)
    loader = ContentLoader(yaml_text)
    try:
        problems = _refused_syntax(yaml_text, where) if _INDICATORS.search(yaml_text) else []
        if not problems:
            node = loader.get_single_node()
            if node is None:
                return True, None
            problems = _inspect(node, where)
            if "\\" in yaml_text:  # only a double-quoted escape can make a control character the text lacks
                problems += _escaped_controls(node, where)
            if not problems:
                data, problem = _construct(loader, node, where)
                if problem is None:
                    return True, data
                problems = [problem]
    except yaml.MarkedYAMLError as error:
        problems = [_syntax_problem(error, yaml_text, where)]
    except yaml.YAMLError as error:
        problems = [where(None, "", f"expected valid YAML, found: {error}")]
    except RecursionError:
        problems = [where(None, "", f"expected at most {MAX_DEPTH} levels of nesting, found deeper nesting")]
    finally:
        loader.dispose()
    loaded.problems.extend(problems)
    return False, None


def _syntax_problem(error: yaml.MarkedYAMLError, yaml_text: str, where: _Where) -> Problem:
    """A libyaml error as a problem at its mark, naming a tab in the indentation when that is the cause."""
    mark = error.problem_mark or error.context_mark
    if mark and _tab_at(yaml_text, mark.line, mark.column):
        return where(mark, "", "expected spaces for indentation, found a tab")
    return where(mark, "", f"expected valid YAML, found a syntax error: {error.problem or 'invalid YAML'}")


def _tab_at(text: str, line: int, column: int) -> bool:
    """Whether the YAML error position is in a line's leading tab indentation (libyaml's error is vague)."""
    lines = text.splitlines()
    if line >= len(lines):
        return False
    indent = lines[line][: len(lines[line]) - len(lines[line].lstrip(" \t"))]
    return "\t" in indent and column <= len(indent)


def _refused_syntax(yaml_text: str, where: _Where) -> list[Problem]:
    """A problem at each explicit tag, anchor and alias (read as events, before anything is composed)."""
    problems: list[Problem] = []
    total = 0
    loader = ContentLoader(yaml_text)
    try:
        while loader.check_event():
            event = loader.get_event()
            for what in _not_plain(event):
                total += 1
                if len(problems) <= MAX_LISTED:
                    problems.append(where(event.start_mark, "", f"expected plain YAML values, found {what}"))
    except yaml.MarkedYAMLError as error:
        if not problems:
            raise
        return [*_capped(problems, total), _syntax_problem(error, yaml_text, where)]  # both, as they are both there
    finally:
        loader.dispose()
    return _capped(problems, total)


def _not_plain(event: yaml.Event) -> list[str]:
    """What in one parser event is not plain YAML: an alias, an anchor, an explicit tag."""
    anchor = getattr(event, "anchor", None)
    if isinstance(event, yaml.AliasEvent):
        return [f"the alias *{_clip(anchor or '')}"]
    tag = getattr(event, "tag", None)
    found = [f"the anchor &{_clip(anchor)}"] if anchor else []
    return [*found, f"the explicit tag {_short_tag(tag)}"] if tag else found


def _short_tag(tag: str) -> str:
    """A tag as it is written: tag:yaml.org,2002:int is !!int."""
    return _clip("!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag)


def _clip(text: str, limit: int = 40) -> str:
    """Text for a message, shortened to limit characters."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _inspect(root: yaml.Node, where: _Where, positions: Positions | None = None) -> list[Problem]:
    """Walk the node tree once: a problem for each duplicate or odd key and too deep nesting; fill positions if given.

    This runs on every file, so it is one tight loop without recursion (see _odd_key for the rare cases).
    """
    scalar, sequence = yaml.ScalarNode, yaml.SequenceNode
    if positions is not None:
        positions[()] = (-1, -1, root.start_mark.line, root.start_mark.column, True)
    problems: list[Problem] = []
    pending: list[tuple[tuple[str | int, ...], yaml.Node, int]] = [((), root, 1)]
    while pending:
        loc, node, depth = pending.pop()
        if depth > MAX_DEPTH:
            message = f"expected at most {MAX_DEPTH} levels of nesting, found more"
            problems.append(where(node.start_mark, dotted(loc), message))
            break
        if type(node) is sequence:
            for index, child in enumerate(node.value):
                if positions is not None:
                    mark = child.start_mark
                    positions[(*loc, index)] = (-1, -1, mark.line, mark.column, type(child) is not scalar)
                if type(child) is not scalar:
                    pending.append(((*loc, index), child, depth + 1))
            continue
        if type(node) is scalar:
            continue
        seen: dict[object, yaml.Node] = {}
        for key, child in node.value:
            same = key.value if type(key) is scalar and key.tag == _STR else _odd_key(key, loc, where, problems)
            if same is _REFUSED:
                continue
            first = seen.setdefault(same, key)
            if first is not key:
                line = first.start_mark.line + where.first_line
                message = f"expected each field once, found {_clip(key.value)!r} again (first at line {line})"
                problems.append(where(key.start_mark, dotted((*loc, key.value)), message))
            elif positions is not None:
                key_mark, mark = key.start_mark, child.start_mark
                collection = type(child) is not scalar
                positions[(*loc, key.value)] = (key_mark.line, key_mark.column, mark.line, mark.column, collection)
            if type(child) is not scalar and first is key:
                pending.append(((*loc, key.value), child, depth + 1))
    return problems


_REFUSED = object()


def _odd_key(key: yaml.Node, loc: tuple[str | int, ...], where: _Where, problems: list[Problem]) -> object:
    """The name a key that is not plain text stands for, or _REFUSED with a problem (every key is a field name)."""
    if isinstance(key, yaml.ScalarNode) and key.tag == _VALUE:  # `=`, which PyYAML reads as the text "="
        return key.value
    if not isinstance(key, yaml.ScalarNode):
        shape = "a list" if isinstance(key, yaml.SequenceNode) else "a mapping"
        message = f"expected a field name, found {shape} as a key"
    elif key.tag == _MERGE:
        message = "expected plain YAML values, found the merge key <<"
    else:
        reads_as = _READS_AS.get(key.tag, "something other than text")
        message = (
            f"expected a field name, found {_clip(key.value)!r}, which YAML reads as {reads_as} (put it in quotes)"
        )
    problems.append(where(key.start_mark, dotted(loc), message))
    return _REFUSED


_READS_AS = {
    "tag:yaml.org,2002:int": "a number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:bool": "true or false",
    "tag:yaml.org,2002:null": "null",
}


def _escaped_controls(root: yaml.Node, where: _Where) -> list[Problem]:
    """A problem at each double-quoted text whose escapes ("\\0", "\\e", "\\u202e") make a control character."""
    problems: list[Problem] = []
    pending = [root]
    while pending:
        node = pending.pop()
        if isinstance(node, yaml.ScalarNode):
            found = _CONTROL.search(node.value) if node.style == '"' else None
            if found:
                message = (
                    f"expected text without control characters, found U+{ord(found.group()):04X} (written as an escape)"
                )
                problems.append(where(node.start_mark, "", message))
        elif isinstance(node, yaml.SequenceNode):
            pending.extend(reversed(node.value))
        else:
            pending.extend(part for pair in reversed(node.value) for part in reversed(pair))
    return problems[:MAX_LISTED]


def _construct(loader: ContentLoader, node: yaml.Node, where: _Where) -> tuple[Any, Problem | None]:
    """Construct the data from the checked tree; or a located problem if a value cannot be read."""
    try:
        return loader.construct_document(node), None
    except yaml.MarkedYAMLError:
        raise
    except Exception as error:  # PyYAML's constructors raise ValueError, KeyError ... on values they cannot read
        return None, _unreadable(loader, node, where, error)


def _unreadable(loader: ContentLoader, root: yaml.Node, where: _Where, error: Exception) -> Problem:
    """A problem at the first scalar PyYAML cannot construct, such as 0x_ (an int to YAML 1.1)."""
    pending = [root]
    while pending:
        node = pending.pop()
        if isinstance(node, yaml.ScalarNode):
            if node.tag != _STR and _fails(loader, node):
                expected = "a number" if node.tag in _NUMBER_TAGS else "a value YAML can read"
                return where(
                    node.start_mark, "", f"expected {expected}, found {_clip(node.value)!r} (put text in quotes)"
                )
            continue
        items = node.value if isinstance(node, yaml.SequenceNode) else [part for pair in node.value for part in pair]
        pending.extend(reversed(items))
    return where(
        root.start_mark, "", f"expected values YAML can read, found {type(error).__name__}: {_clip(str(error))}"
    )


def _fails(loader: ContentLoader, node: yaml.ScalarNode) -> bool:
    """Whether PyYAML's constructor for this scalar's tag raises on its text."""
    construct: Callable[[Any, yaml.Node], object] | None = ContentLoader.yaml_constructors.get(node.tag)
    try:
        construct(loader, node) if construct else None
    except Exception:
        return True
    return False


# ---------------------------------------------------------------------------
# The two kinds of content file
# ---------------------------------------------------------------------------


def _read_yaml(file: _File, kind: str, loaded: Loaded) -> None:
    text = _read_text(file, loaded)
    if text is None:
        return
    ok, data = _parse(text, file.rel, 1, loaded)
    if not ok:
        return
    if data is None:
        loaded.problems.append(Problem(file.rel, 1, 1, "", "expected a mapping of fields, found an empty file"))
        return
    if not isinstance(data, dict):
        loaded.problems.append(Problem(file.rel, 1, 1, "", f"expected a mapping of fields, found {_kind_of(data)}"))
        return
    loaded.records.append(Record(kind=kind, path=file.rel, data=data, yaml_text=text))


_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(?P<yaml>.*?)^---[ \t]*\r?$\n?", re.S | re.M)


def _read_brief(file: _File, placed: bool, loaded: Loaded) -> None:
    rel = file.rel
    if not placed:
        loaded.problems.append(Problem(rel, 1, 1, "", f"expected content/briefs/<year>/<slug>.md, found {rel!r}"))
        return
    text = _read_text(file, loaded)
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
