"""Fuzzing the content check: mutated YAML files and brief front matter never break `chipbrief check`.

content/ comes by pull request from strangers. Whatever bytes a file holds, loading and validating
must end with a list of located problems (or none), never an exception other than ContentError, and
never hang. Each example takes one file of the valid fixture, applies a few mutations of the kinds
that broke the check before (byte flips, truncation, explicit tags, duplicated keys, NULs and other
control characters, deep nesting, alias bombs, random unicode), and checks the copy in-process.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chipbrief.load import load_content
from chipbrief.problems import ContentError, Problem
from chipbrief.validate import check, validate
from conftest import FIXTURE

FILES = sorted(path.relative_to(FIXTURE).as_posix() for path in (FIXTURE / "content").rglob("*") if path.is_file())
#: Half the examples mutate a YAML file, half a brief (its front matter is YAML too, its body Markdown).
TARGETS = st.one_of(
    st.sampled_from([name for name in FILES if name.endswith(".yaml")]),
    st.sampled_from([name for name in FILES if name.endswith(".md")]),
)

ALIAS_BOMB = "".join(f"b{n}: &b{n} [{', '.join([f'*b{n - 1}' if n else 'lol'] * 9)}]\n" for n in range(10))

#: Fragments that each made, or could make, the check fail: inserted whole at a random place.
SNIPPETS = [
    "!!int 0xZZ",
    "!!bool maybe",
    "!!timestamp 2025-13-45",
    "!!float abc",
    "!!binary",
    "!!binary zz",
    "!!python/object:os.system echo",
    "!!python/name:os.system",
    "!!set {a, b}",
    "!!omap [a: 1]",
    "! x",
    "!local x",
    "%TAG ! tag:yaml.org,2002:\n--- !int 0xZZ\n",
    "&a [1, 2]",
    "*a",
    "*undefined",
    "<<: {status: confirmed}\n",
    "<<: *a\n",
    "? [a, b]\n: c\n",
    "0x_",
    "0b_",
    "1: one\ntrue: two\n",
    "null: x\n",
    "str: x\n",
    "'a[b': x\n",
    '"\\0\\e\\u202e": x\n',
    "\x00",
    "\x1b[31m",
    "\x7f",
    "\x85",
    "\u2028",
    "\u202e",
    "\ufeff",
    "\t",
    "\r",
    "---\n",
    "...\n",
    "'",
    '"',
    '"\\x00\\uD800"',
    "{",
    "[",
    ": :",
    "- - -",
    "TODO",
    ALIAS_BOMB,
]


def _deep(depth: int, shape: str) -> str:
    if shape == "flow list":
        return "[" * depth + "]" * depth
    if shape == "flow mapping":
        return "{a: " * depth + "}" * depth
    if shape == "unclosed":
        return "[" * depth
    return "".join(" " * n + f"k{n}:\n" for n in range(depth))


Mutation = Callable[[bytes], bytes]


@st.composite
def mutations(draw: st.DrawFn) -> Mutation:
    """One change to a file's bytes: flip, cut, insert a snippet, duplicate a line, nest deeply, add unicode."""
    kind = draw(
        st.sampled_from(["flip", "truncate", "snippet", "duplicate line", "deep", "unicode", "swap lines", "delete"])
    )
    where = draw(st.floats(min_value=0, max_value=1))
    if kind == "flip":
        byte = draw(st.integers(min_value=0, max_value=255))
        return lambda data: _at(data, where, lambda head, tail: head + bytes([byte]) + tail[1:])
    if kind == "truncate":
        return lambda data: _at(data, where, lambda head, tail: head)
    if kind == "delete":
        length = draw(st.integers(min_value=1, max_value=40))
        return lambda data: _at(data, where, lambda head, tail: head + tail[length:])
    if kind == "snippet":
        snippet = draw(st.sampled_from(SNIPPETS)).encode("utf-8")
        line_start = draw(st.booleans())
        return lambda data: _insert(data, where, snippet, line_start)
    if kind == "deep":
        depth = draw(st.sampled_from([19, 20, 21, 50, 999, 1_000, 1_001, 5_000]))
        shape = draw(st.sampled_from(["flow list", "flow mapping", "unclosed", "block"]))
        text = _deep(min(depth, 1_100) if shape == "block" else depth, shape).encode("utf-8")
        return lambda data: _insert(data, where, b"x: " + text + b"\n", True)
    if kind == "unicode":
        text = draw(st.text(min_size=1, max_size=20)).encode("utf-8", "surrogatepass")
        line_start = draw(st.booleans())
        return lambda data: _insert(data, where, text, line_start)
    if kind == "swap lines":
        other = draw(st.floats(min_value=0, max_value=1))
        return lambda data: _swap_lines(data, where, other)
    return lambda data: _duplicate_line(data, where)


def _at(data: bytes, where: float, change: Callable[[bytes, bytes], bytes]) -> bytes:
    offset = int(where * len(data))
    return change(data[:offset], data[offset:])


def _insert(data: bytes, where: float, snippet: bytes, line_start: bool) -> bytes:
    offset = int(where * len(data))
    if line_start:
        offset = data.rfind(b"\n", 0, offset) + 1
    return data[:offset] + snippet + data[offset:]


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True) or [b""]


def _duplicate_line(data: bytes, where: float) -> bytes:
    """Copy one line below the next: in a mapping, that is a key given twice."""
    lines = _lines(data)
    index = min(int(where * len(lines)), len(lines) - 1)
    return b"".join([*lines[: index + 2], lines[index], *lines[index + 2 :]])


def _swap_lines(data: bytes, where: float, other: float) -> bytes:
    lines = _lines(data)
    first, second = (min(int(at * len(lines)), len(lines) - 1) for at in (where, other))
    lines[first], lines[second] = lines[second], lines[first]
    return b"".join(lines)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One copy of the valid fixture's content/, reused by every example (each restores what it changed)."""
    root = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(FIXTURE / "content", root / "content")
    # Optional fields the fixture leaves out are fuzzed too: a dense/sparse reading that is our estimate.
    chip = root / "content/chips/acme-x1.yaml"
    chip.write_text(
        chip.read_text(encoding="utf-8").replace(
            "  tdp:\n",
            "  int8:\n    - {value: 296 TOP/s, sparse: true, sparse_estimated: twice the dense figure, "
            "source: example-2025-08-report, status: reported, as_of: 2025-08}\n  tdp:\n",
        ),
        encoding="utf-8",
    )
    assert "sparse_estimated" in chip.read_text(encoding="utf-8") and not validate(load_content(root))[1]
    yield root


def assert_located(problems: list[Problem]) -> None:
    """Every problem names a file under content/ and a line and column in it, and says what was expected."""
    for problem in problems:
        assert problem.path.startswith("content/"), problem
        assert problem.line >= 1 and problem.column >= 1, problem
        assert problem.message.startswith("expected"), problem
        assert "Traceback" not in str(problem)


@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(target=TARGETS, changes=st.lists(mutations(), min_size=1, max_size=3))
def test_mutated_content_gives_located_problems_never_an_exception(
    workspace: Path, target: str, changes: list[Mutation]
) -> None:
    path = workspace / target
    original = path.read_bytes()
    data = original
    for change in changes:
        data = change(data)
    path.write_bytes(data)
    try:
        started = time.perf_counter()
        _catalog, problems = validate(load_content(workspace))
        assert_located(problems)
        try:
            check(workspace)
        except ContentError as error:
            assert error.problems == problems
        else:
            assert problems == []
        assert time.perf_counter() - started < 10, "the check must stay fast on any input"
    finally:
        path.write_bytes(original)


def test_mutated_content_through_the_cli_exits_1_without_traceback(tmp_path: Path) -> None:
    """One file with several of the traps at once, checked by the real command in its own process."""
    shutil.copytree(FIXTURE / "content", tmp_path / "content")
    chip = tmp_path / "content/chips/acme-x1.yaml"
    data = chip.read_bytes()
    data = data.replace(b"workload: inference\n", b"workload: inference\nworkload: training\n", 1)
    data += b"name_en: !!python/object:os.system echo\n" + ALIAS_BOMB.encode() + b"x: " + b"[" * 10_000 + b"\n"
    chip.write_bytes(data)
    brief = tmp_path / "content/briefs/2025/acme-x1-french-report.md"
    brief.write_bytes(brief.read_bytes().replace(b"title: A French", b"title: A\x00 French", 1))
    result = subprocess.run(
        [sys.executable, "-m", "chipbrief", "check", "--root", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stderr.splitlines()
    assert lines[-1].endswith("found in content/")
    assert all(line.startswith("content/") for line in lines[:-1])
    assert "content/briefs/2025/acme-x1-french-report.md:2:9: expected text without control characters" in result.stderr
