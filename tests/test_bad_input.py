"""The bad-input corpus: each mistake a contributor can make gets a precise, actionable problem.

Every case starts from the valid fixture, writes one broken file, and asserts the exact
`path:line:col: field: message` that `chipbrief check` prints.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from chipbrief.cli import main
from chipbrief.load import MAX_FILE_BYTES, MAX_LISTED, load_content
from chipbrief.models import Company, Source
from chipbrief.validate import validate
from conftest import FIXTURE

SOURCE = """\
id: example-2025-08-report
publisher: Example Daily
url: https://example.org/news/example-chip
language: en
accessed: 2026-11-28
"""

CASES: dict[str, tuple[str, str, str]] = {
    # name: (file to write, its text, the exact problem expected)
    "yaml syntax error": (
        "content/companies/fabco.yaml",
        "id: fabco\nname: [Fabco\nkind: foundry\n",
        "content/companies/fabco.yaml:3:5: expected valid YAML, found a syntax error: did not find expected ',' or ']'",
    ),
    "tab indentation": (
        "content/companies/fabco.yaml",
        "id: fabco\nname: Fabco\nlistings:\n\t- x\n",
        "content/companies/fabco.yaml:4:1: expected spaces for indentation, found a tab",
    ),
    "empty file": (
        "content/companies/fabco.yaml",
        "",
        "content/companies/fabco.yaml:1:1: expected a mapping of fields, found an empty file",
    ),
    "unknown field": (
        "content/sources/example-2025-08-report.yaml",
        SOURCE + "colour: blue\n",
        "content/sources/example-2025-08-report.yaml:6:1: colour: expected one of the known fields "
        f"({', '.join(Source.model_fields)}), found unknown field 'colour'",
    ),
    "unknown field named like a type": (
        "content/companies/fabco.yaml",
        "id: fabco\nname: Fabco\nkind: foundry\nsummary: s\nsources: [example-2025-08-report]\n'a[b': x\n",
        "content/companies/fabco.yaml:6:1: a[b: expected one of the known fields "
        f"({', '.join(Company.model_fields)}), found unknown field 'a[b'",
    ),
    "missing required field": (
        "content/sources/example-2025-08-report.yaml",
        SOURCE.replace("publisher: Example Daily\n", ""),
        "content/sources/example-2025-08-report.yaml:1:1: publisher: expected a value (this field is required: The site or outlet at the URL), found none",
    ),
    "wrong type": (
        "content/sources/example-2025-08-report.yaml",
        SOURCE + "paywalled: yes\n",
        "content/sources/example-2025-08-report.yaml:6:12: paywalled: expected true or false, found 'yes'",
    ),
    "impossible date": (
        "content/sources/example-2025-08-report.yaml",
        SOURCE + "published: 2025-13-45\n",
        "content/sources/example-2025-08-report.yaml:6:12: published: expected a date YYYY-MM-DD, YYYY-MM or YYYY, "
        "found '2025-13-45'",
    ),
    "unknown unit": (
        "content/chips/acme-x2.yaml",
        "id: acme-x2\nname: X2\ndesigner: acme\nstatus: [{value: announced, source: example-2025-08-report, status: reported}]\nworkload: training\nsummary: s\n"
        "sources: [example-2025-08-report]\nspecs:\n  bf16:\n"
        "    - {value: 148 TFLOPs, sparse: false, source: example-2025-08-report, status: reported, as_of: 2025}\n",
        "content/chips/acme-x2.yaml:10:15: specs.bf16[0].value: expected a unit of FLOP/s "
        "(FLOP/s, GFLOP/s, TFLOP/s, PFLOP/s), found 'TFLOPs'",
    ),
    "unknown company id": (
        "content/chips/acme-x2.yaml",
        "id: acme-x2\nname: X2\ndesigner: nobody\nstatus: [{value: announced, source: example-2025-08-report, status: reported}]\nworkload: training\nsummary: s\n"
        "sources: [example-2025-08-report]\n",
        "content/chips/acme-x2.yaml:3:11: designer: expected the id of a company in content/companies/, "
        "found unknown company 'nobody'",
    ),
    "unknown source id": (
        "content/companies/fabco.yaml",
        "id: fabco\nname: Fabco\nkind: foundry\nsummary: s\nsources: [example-2025-08-report, missing-source]\n",
        "content/companies/fabco.yaml:5:35: sources[1]: expected the id of a source in content/sources/, "
        "found unknown source 'missing-source'",
    ),
    "duplicate id": (
        "content/briefs/2025/acme-x1-french-report.md",
        None,  # a second brief with the same slug in another year folder: written by the test below
        "",
    ),
    "file name not matching id": (
        "content/companies/fabco.yaml",
        "id: fab-co\nname: Fabco\nkind: foundry\nsummary: s\nsources: [example-2025-08-report]\n",
        "content/companies/fabco.yaml:1:5: id: expected the file name's id 'fabco', found 'fab-co'",
    ),
    "javascript url": (
        "content/sources/example-2025-08-report.yaml",
        SOURCE.replace("https://example.org/news/example-chip", "javascript:alert(1)"),
        "content/sources/example-2025-08-report.yaml:3:6: url: expected an http:// or https:// URL, "
        "found 'javascript:alert(1)'",
    ),
    "path traversal id": (
        "content/events/2025-08-29-acme-x1-report.yaml",
        "id: 2025-08-29-acme-x1-report\ndate: 2025-08-29\ntitle: t\nkind: report\nstatus: reported\n"
        "chips: [../x]\nsources: [example-2025-08-report]\nsummary: s\n",
        "content/events/2025-08-29-acme-x1-report.yaml:6:9: chips[0]: expected a lower-case slug (a-z, 0-9 and '-'), "
        "found '../x'",
    ),
    "brief without a source": (
        "content/briefs/2025/acme-x1-french-report.md",
        "---\ntitle: t\ndate: 2025-09\noriginal_language: en\nmentions: {chips: [acme-x1]}\n"
        "claims: [{text: c, status: reported, source: exemple-2025-09-fr}]\n---\n\nBody.\n",
        "content/briefs/2025/acme-x1-french-report.md:2:1: source: expected a value (this field is required: Id of the source briefed), found none",
    ),
    "brief that mentions nothing": (
        "content/briefs/2025/acme-x1-french-report.md",
        "---\ntitle: t\ndate: 2025-09\nsource: exemple-2025-09-fr\noriginal_language: en\nmentions: {}\n"
        "claims: [{text: c, status: reported, source: exemple-2025-09-fr}]\n---\n\nBody.\n",
        "content/briefs/2025/acme-x1-french-report.md:6:1: mentions: expected at least one company or chip id, found none",
    ),
    "brief in the wrong year folder": (
        "content/briefs/2025/acme-x1-french-report.md",
        "---\ntitle: t\ndate: 2024-09\nsource: exemple-2025-09-fr\noriginal_language: en\nmentions: {chips: [acme-x1]}\n"
        "claims: [{text: c, status: reported, source: exemple-2025-09-fr}]\n---\n\nBody.\n",
        "content/briefs/2025/acme-x1-french-report.md:3:7: date: expected a date in 2025 (the brief's folder), "
        "found '2024-09'",
    ),
    "translated brief without translator": (
        "content/briefs/2025/acme-x1-french-report.md",
        "---\ntitle: t\ndate: 2025-09\nsource: exemple-2025-09-fr\noriginal_language: fr\nmentions: {chips: [acme-x1]}\n"
        "claims: [{text: c, status: reported, source: exemple-2025-09-fr}]\n---\n\nBody.\n",
        "content/briefs/2025/acme-x1-french-report.md:2:1: translator: expected a translator because "
        "original_language is not en, found none",
    ),
    "throughput without dense or sparse": (
        "content/chips/acme-x2.yaml",
        "id: acme-x2\nname: X2\ndesigner: acme\nstatus: [{value: announced, source: example-2025-08-report, status: reported}]\nworkload: training\nsummary: s\n"
        "sources: [example-2025-08-report]\nspecs:\n  int8:\n"
        "    - {value: 296 TOP/s, source: example-2025-08-report, status: reported, as_of: 2025}\n",
        "content/chips/acme-x2.yaml:10:7: specs.int8[0].sparse: expected a value (this field is required: true if the "
        "figure counts structured sparsity, false if dense, null if the source does not say), found none",
    ),
    "an estimated density that reads neither dense nor sparse": (
        "content/chips/acme-x2.yaml",
        "id: acme-x2\nname: X2\ndesigner: acme\nstatus: [{value: announced, source: example-2025-08-report, status: reported}]\nworkload: training\nsummary: s\n"
        "sources: [example-2025-08-report]\nspecs:\n  int8:\n"
        "    - {value: 296 TOP/s, sparse: null, sparse_estimated: half the sparse figure, source: example-2025-08-report, "
        "status: reported}\n",
        "content/chips/acme-x2.yaml:10:58: specs.int8[0].sparse_estimated: expected sparse: true or false (the reading "
        "the reasoning gives), found null",
    ),
    "unknown status": (
        "content/chips/acme-x2.yaml",
        "id: acme-x2\nname: X2\ndesigner: acme\nstatus: [{value: announced, source: example-2025-08-report, status: reported}]\nworkload: training\nsummary: s\n"
        "sources: [example-2025-08-report]\nprocess_node:\n"
        "  - {value: 5 nm, source: example-2025-08-report, status: certain, as_of: 2025}\n",
        "content/chips/acme-x2.yaml:9:59: process_node[0].status: expected one of 'confirmed', 'reported', "
        "'rumored' or 'estimated', found 'certain'",
    ),
    "number where text is expected": (
        "content/companies/fabco.yaml",
        "id: fabco\nname: Fabco\nkind: foundry\nsummary: s\nsources: [example-2025-08-report]\naliases: [910]\n",
        "content/companies/fabco.yaml:6:11: aliases[0]: expected text, found the number 910 (put it in quotes)",
    ),
    "placeholder left from chipbrief new": (
        "content/sources/example-2025-08-report.yaml",
        SOURCE + "title: null  # TODO: the title as the page shows it\n",
        "content/sources/example-2025-08-report.yaml:6:16: expected the placeholder to be filled in "
        "(or the line's TODO note removed), found TODO",
    ),
    "duplicate key": (
        "content/chips/acme-x2.yaml",
        "id: acme-x2\nname: X2\ndesigner: acme\nstatus: [{value: announced, source: example-2025-08-report, status: reported}]\nworkload: training\nsummary: s\n"
        "sources: [example-2025-08-report]\nstatus: sampling\n",
        "content/chips/acme-x2.yaml:8:1: status: expected each field once, found 'status' again (first at line 4)",
    ),
    "duplicate key deep in a claim": (
        "content/chips/acme-x2.yaml",
        "id: acme-x2\nname: X2\ndesigner: acme\nstatus: [{value: announced, source: example-2025-08-report, status: reported}]\nworkload: training\nsummary: s\n"
        "sources: [example-2025-08-report]\nspecs:\n  tdp:\n"
        "    - {value: 400 W, source: example-2025-08-report, status: reported, as_of: 2025, value: 300 W}\n",
        "content/chips/acme-x2.yaml:10:85: specs.tdp[0].value: expected each field once, found 'value' again "
        "(first at line 10)",
    ),
    "duplicate key in brief front matter": (
        "content/briefs/2025/acme-x1-french-report.md",
        "---\ntitle: t\ndate: 2025-09\nsource: exemple-2025-09-fr\noriginal_language: en\nmentions: {chips: [acme-x1]}\n"
        "claims: [{text: c, status: reported, source: exemple-2025-09-fr}]\ndate: 2024-01\n---\n\nBody.\n",
        "content/briefs/2025/acme-x1-french-report.md:8:1: date: expected each field once, found 'date' again "
        "(first at line 3)",
    ),
    "key that is not text": (
        "content/companies/fabco.yaml",
        "id: fabco\nname: Fabco\nkind: foundry\nsummary: s\nsources: [example-2025-08-report]\n1: a\n",
        "content/companies/fabco.yaml:6:1: expected a field name, found '1', which YAML reads as a number "
        "(put it in quotes)",
    ),
    "control character written as an escape": (
        "content/companies/fabco.yaml",
        'id: fabco\nname: "Fa\\0bco"\nkind: foundry\nsummary: s\nsources: [example-2025-08-report]\n',
        "content/companies/fabco.yaml:2:7: expected text without control characters, found U+0000 "
        "(written as an escape)",
    ),
    "merge key": (
        "content/companies/fabco.yaml",
        "id: fabco\nname: Fabco\nkind: foundry\nsummary: s\nsources: [example-2025-08-report]\n<<: {kind: other}\n",
        "content/companies/fabco.yaml:6:1: expected plain YAML values, found the merge key <<",
    ),
    "anchor": (
        "content/companies/fabco.yaml",
        "id: fabco\nname: &name Fabco\nkind: foundry\nsummary: s\nsources: [example-2025-08-report]\n",
        "content/companies/fabco.yaml:2:7: expected plain YAML values, found the anchor &name",
    ),
    "alias": (
        "content/companies/fabco.yaml",
        "id: fabco\nname: Fabco\nkind: foundry\nsummary: s\nsources: [example-2025-08-report]\naliases: [*name]\n",
        "content/companies/fabco.yaml:6:11: expected plain YAML values, found the alias *name",
    ),
    "number YAML cannot read": (
        "content/companies/fabco.yaml",
        "id: fabco\nname: Fabco\nkind: foundry\nsummary: s\nsources: [example-2025-08-report]\naliases: [0x_]\n",
        "content/companies/fabco.yaml:6:11: expected a number, found '0x_' (put text in quotes)",
    ),
    "nul byte": (
        "content/companies/fabco.yaml",
        "id: fabco\nname: Fa\x00bco\nkind: foundry\n",
        "content/companies/fabco.yaml:2:9: expected text without control characters, found U+0000",
    ),
    "bidirectional override in a brief's text": (
        "content/briefs/2025/acme-x1-french-report.md",
        (FIXTURE / "content/briefs/2025/acme-x1-french-report.md")
        .read_text(encoding="utf-8")
        .replace("A fixture brief", "A \u202efixture brief"),
        "content/briefs/2025/acme-x1-french-report.md:22:3: expected text without control characters, found U+202E",
    ),
    "nesting too deep": (
        "content/companies/fabco.yaml",
        "id: fabco\nname: Fabco\nkind: foundry\nsummary: s\nsources: [example-2025-08-report]\naliases: "
        + "[" * 25
        + "]" * 25
        + "\n",
        "content/companies/fabco.yaml:6:29: aliases"
        + "[0]" * 19
        + ": expected at most 20 levels of nesting, found more",
    ),
    "bytes that are not utf-8": (
        "content/companies/fabco.yaml",
        "id: fabco\nname: Fabc\udcff\n",  # written with surrogateescape: the byte 0xFF
        "content/companies/fabco.yaml:2:11: expected UTF-8 text, found invalid start byte (byte 0xFF)",
    ),
    "chip id index": (
        "content/chips/index.yaml",
        "id: index\nname: X2\ndesigner: acme\nstatus: [{value: announced, source: example-2025-08-report, status: reported}]\nworkload: training\nsummary: s\n"
        "sources: [example-2025-08-report]\n",
        "content/chips/index.yaml:1:5: id: expected an id other than 'index', a name the site's own pages use "
        "(chips/index.md), found 'index'",
    ),
    "source id index": (
        "content/sources/index.yaml",
        SOURCE.replace("example-2025-08-report", "index").replace("example-chip", "index-page")
        + "published: 2025\ntitle: A report\n",
        "content/sources/index.yaml:1:5: id: expected an id other than 'index', a name the site's own pages use "
        "(sources/index.md), found 'index'",
    ),
    "brief file named index": (
        "content/briefs/2025/index.md",
        (FIXTURE / "content/briefs/2025/acme-x1-french-report.md").read_text(encoding="utf-8"),
        "content/briefs/2025/index.md:1:1: file name: expected an id other than 'index', a name the site's own "
        "pages use (briefs/index.md), found 'index'",
    ),
    "tag index": (
        "content/briefs/2025/acme-x1-french-report.md",
        (FIXTURE / "content/briefs/2025/acme-x1-french-report.md")
        .read_text(encoding="utf-8")
        .replace("tags: [inference]", "tags: [inference, index]"),
        "content/briefs/2025/acme-x1-french-report.md:12:19: tags[1]: expected an id other than 'index', a name the "
        "site's own pages use (tags/index.md), found 'index'",
    ),
    "event id that is a timeline heading": (
        "content/events/2025.yaml",
        "id: '2025'\ndate: 2025-08-29\ntitle: t\nkind: report\nstatus: reported\n"
        "sources: [example-2025-08-report]\nsummary: s\n",
        "content/events/2025.yaml:1:5: id: expected an event id that is not a year and does not start with brief- "
        "or cb- (the timeline page's own anchors), found '2025'",
    ),
    "brief file name with a trailing newline": (
        "content/briefs/2025/acme-x1-french-report\n.md",
        (FIXTURE / "content/briefs/2025/acme-x1-french-report.md").read_text(encoding="utf-8"),
        "content/briefs/2025/acme-x1-french-report\n.md:1:1: expected a lower-case slug as file name, "
        "found 'acme-x1-french-report\\n'",
    ),
    "source without a title": (
        "content/sources/example-2025-08-report.yaml",
        SOURCE + "published: 2025\n",
        "content/sources/example-2025-08-report.yaml:1:1: title: expected a value (this field is required: Title in the "
        "original language and script, exactly as the page shows it; no title seen, no source), found none",
    ),
    "source that still gives a reason for having no title": (
        "content/sources/example-2025-08-report.yaml",
        SOURCE + "published: 2025\ntitle: A report\nuntitled: the page shows no headline\n",
        "content/sources/example-2025-08-report.yaml:8:1: untitled: expected one of the known fields (id, publisher, "
        "original_outlet, original_url, author, title, title_en, url, language, published, undated, accessed, archive_url, "
        "paywalled, note), found unknown field 'untitled'",
    ),
    "brief tag missing from the vocabulary": (
        "content/briefs/2025/acme-x1-french-report.md",
        (FIXTURE / "content/briefs/2025/acme-x1-french-report.md")
        .read_text(encoding="utf-8")
        .replace("tags: [inference]", "tags: [inference, memory]"),
        "content/briefs/2025/acme-x1-french-report.md:12:19: tags[1]: expected a tag listed in content/tags.yaml, "
        "found unknown tag 'memory' (add it to content/tags.yaml if no listed tag covers its topic)",
    ),
    "brief tag in another spelling": (
        "content/briefs/2025/acme-x1-french-report.md",
        (FIXTURE / "content/briefs/2025/acme-x1-french-report.md")
        .read_text(encoding="utf-8")
        .replace("tags: [inference]", "tags: [inferencing]"),
        "content/briefs/2025/acme-x1-french-report.md:12:8: tags[0]: expected a tag listed in content/tags.yaml, "
        "found 'inferencing', another spelling of 'inference': write 'inference'",
    ),
    "tag listed twice in the vocabulary": (
        "content/tags.yaml",
        "tags:\n  - {id: inference, label: Inference}\n  - {id: inference, label: Again}\n",
        "content/tags.yaml:3:10: tags[1].id: expected each tag and spelling once, found 'inference' again "
        "(already listed under 'inference')",
    ),
    "tag without a label": (
        "content/tags.yaml",
        "tags:\n  - {id: inference}\n",
        "content/tags.yaml:2:5: tags[0].label: expected a value (this field is required: The tag as readers see it, in English), found none",
    ),
    "file that is not yaml": (
        "content/chips/notes.txt",
        "x",
        "content/chips/notes.txt:1:1: expected a .yaml file in content/chips/, found 'notes.txt'",
    ),
}


def problems_for(project: Path) -> list[str]:
    _catalog, problems = validate(load_content(project))
    return [str(problem) for problem in problems]


def test_fixture_is_valid(project: Path) -> None:
    assert problems_for(project) == []


@pytest.mark.parametrize("name", [name for name, case in CASES.items() if case[1] is not None])
def test_bad_input_is_reported_precisely(project: Path, name: str) -> None:
    path, text, expected = CASES[name]
    (project / path).write_text(text, encoding="utf-8", errors="surrogateescape")
    assert expected in problems_for(project)


def test_duplicate_brief_id_names_both_files(project: Path) -> None:
    original = project / "content/briefs/2025/acme-x1-french-report.md"
    copy = project / "content/briefs/2026/acme-x1-french-report.md"
    copy.parent.mkdir()
    copy.write_text(original.read_text(encoding="utf-8").replace("date: 2025-09", "date: 2026-01"), encoding="utf-8")
    problems = problems_for(project)
    assert problems == [
        "content/briefs/2026/acme-x1-french-report.md:1:1: file name: expected a unique brief id, "
        "found 'acme-x1-french-report' again (first in content/briefs/2025/acme-x1-french-report.md)"
    ]


def test_duplicate_source_url_is_reported(project: Path) -> None:
    (project / "content/sources/example-copy.yaml").write_text(
        SOURCE.replace("id: example-2025-08-report", "id: example-copy") + "published: 2025\ntitle: A report\n",
        encoding="utf-8",
    )
    assert (
        "content/sources/example-copy.yaml:3:6: url: expected one source per URL, "
        "found the URL of source 'example-2025-08-report' again"
    ) in problems_for(project)


def test_every_problem_in_every_file_is_reported_at_once(project: Path) -> None:
    names = (
        "impossible date",
        "unknown unit",
        "tab indentation",
        "path traversal id",
        "brief in the wrong year folder",
    )
    for name in names:
        path, text, _ = CASES[name]
        (project / path).write_text(text, encoding="utf-8")
    problems = problems_for(project)
    for name in names:
        assert CASES[name][2] in problems


def test_dates_are_not_turned_into_python_dates(project: Path) -> None:
    """`country: NO` and 2025-08-29 stay the text they look like (no YAML 1.1 surprises)."""
    import yaml

    from chipbrief.load import ContentLoader

    assert yaml.load("a: 2025-08-29\nb: NO\nc: on\nd: true", Loader=ContentLoader) == {
        "a": "2025-08-29",
        "b": "NO",
        "c": "on",
        "d": True,
    }


# ---------------------------------------------------------------------------
# Traps a stranger's pull request can set: each refused at its line, never a traceback or a hang
# ---------------------------------------------------------------------------


def run_check(project: Path) -> subprocess.CompletedProcess[str]:
    """`chipbrief check` as a contributor runs it, in its own process, with a time limit."""
    return subprocess.run(
        [sys.executable, "-m", "chipbrief", "check", "--root", str(project)],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_duplicate_key_names_both_lines_through_the_cli(project: Path) -> None:
    fabco = project / "content/companies/fabco.yaml"
    fabco.write_text(fabco.read_text(encoding="utf-8") + "kind: designer\n", encoding="utf-8")
    result = run_check(project)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stderr.splitlines() == [
        "content/companies/fabco.yaml:6:1: kind: expected each field once, found 'kind' again (first at line 3)",
        "1 problem found in content/",
    ]


@pytest.mark.parametrize(
    ("value", "tag"),
    [
        ("!!int 0xZZ", "!!int"),
        ("!!bool maybe", "!!bool"),
        ("!!timestamp 2025-13-45", "!!timestamp"),
        ("!!float abc", "!!float"),
        ("!!binary zz", "!!binary"),
        ("!!python/object:os.system echo", "!!python/object:os.system"),
        ("!!str Fabco", "!!str"),
        ("! Fabco", "!"),
        ("!custom {a: 1}", "!custom"),
    ],
)
def test_explicit_tags_are_refused_at_their_line(project: Path, value: str, tag: str) -> None:
    (project / "content/companies/fabco.yaml").write_text(
        f"id: fabco\nkind: foundry\nname: {value}\nsummary: s\nsources: [example-2025-08-report]\n", encoding="utf-8"
    )
    assert problems_for(project) == [
        f"content/companies/fabco.yaml:3:7: expected plain YAML values, found the explicit tag {tag}"
    ]


def test_explicit_tag_through_the_cli_prints_no_traceback(project: Path) -> None:
    (project / "content/companies/fabco.yaml").write_text("id: fabco\nname: !!int 0xZZ\n", encoding="utf-8")
    result = run_check(project)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert "content/companies/fabco.yaml:2:7: expected plain YAML values, found the explicit tag !!int" in result.stderr


def test_alias_bomb_is_refused_at_once(project: Path) -> None:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 12)]
    (project / "content/companies/fabco.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = problems_for(project)
    assert problems[0] == "content/companies/fabco.yaml:1:5: expected plain YAML values, found the anchor &a0"
    assert len(problems) == MAX_LISTED + 1
    assert problems[-1].endswith("(and 90 more after it, not listed)")


def test_every_control_character_is_located_and_the_list_is_capped(project: Path) -> None:
    text = "id: fabco\n" + "name: x\x00\n" * 30 + "summary: \x1b[31m\r\n"
    (project / "content/companies/fabco.yaml").write_text(text, encoding="utf-8", newline="")
    problems = problems_for(project)
    assert problems[:2] == [
        "content/companies/fabco.yaml:2:8: expected text without control characters, found U+0000",
        "content/companies/fabco.yaml:3:8: expected text without control characters, found U+0000",
    ]
    assert len(problems) == MAX_LISTED + 1
    assert problems[-1] == (
        "content/companies/fabco.yaml:22:8: expected text without control characters, found U+0000 "
        "(and 10 more after it, not listed)"
    )


def test_control_character_through_the_cli(project: Path) -> None:
    (project / "content/companies/fabco.yaml").write_bytes(b"id: fabco\nname: Fa\x00bco\n")
    result = run_check(project)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stderr.splitlines()[0] == (
        "content/companies/fabco.yaml:2:9: expected text without control characters, found U+0000"
    )


def test_byte_order_mark_at_the_start_is_fine(project: Path) -> None:
    for path in (project / "content/companies/fabco.yaml", project / "content/briefs/2025/acme-x1-french-report.md"):
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert problems_for(project) == []


def test_citing_a_file_that_failed_to_parse_is_not_an_unknown_id(project: Path) -> None:
    """fabco.yaml is cited by the chip and the brief: its own problem is the only one."""
    (project / "content/companies/fabco.yaml").write_text("id: fabco\nname: [Fabco\n", encoding="utf-8")
    problems = problems_for(project)
    assert len(problems) == 1 and problems[0].startswith("content/companies/fabco.yaml:")


def test_citing_a_refused_file_is_not_an_unknown_id(project: Path) -> None:
    (project / "content/companies/fabco.yaml").write_bytes(b"id: fabco\x00\n")
    assert problems_for(project) == [
        "content/companies/fabco.yaml:1:10: expected text without control characters, found U+0000"
    ]


def test_symbolic_link_to_a_file_outside_is_refused(project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text("id: outside\nname: secret\n", encoding="utf-8")
    (project / "content/companies/outside.yaml").symlink_to(outside)
    assert problems_for(project) == [
        "content/companies/outside.yaml:1:1: expected a regular file, found a symbolic link"
    ]


def test_symbolic_link_inside_the_tree_is_refused_too(project: Path) -> None:
    (project / "content/companies/fabco-copy.yaml").symlink_to(project / "content/companies/fabco.yaml")
    assert problems_for(project) == [
        "content/companies/fabco-copy.yaml:1:1: expected a regular file, found a symbolic link"
    ]


def test_symbolic_link_as_a_content_folder_is_not_followed(project: Path, tmp_path: Path) -> None:
    real = project / "content/companies"
    real.rename(tmp_path / "companies")
    real.symlink_to(tmp_path / "companies")
    problems = problems_for(project)
    assert "content/companies:1:1: expected a folder, found a symbolic link" in problems
    assert not any(problem.startswith("content/companies/") for problem in problems)  # never read


def test_symbolic_link_to_a_system_folder_is_not_followed(project: Path) -> None:
    chips = project / "content/chips"
    for path in chips.iterdir():
        path.unlink()
    chips.rmdir()
    chips.symlink_to("/etc")
    result = run_check(project)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert "content/chips:1:1: expected a folder, found a symbolic link" in result.stderr.splitlines()
    assert "/etc" not in result.stderr and "passwd" not in result.stderr


def test_symbolic_links_in_briefs_are_not_followed(project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "secret.md").write_text("---\ntitle: t\n---\n", encoding="utf-8")
    (project / "content/briefs/2026").symlink_to(outside)
    (project / "content/briefs/2025/linked.md").symlink_to(outside / "secret.md")
    assert problems_for(project) == [
        "content/briefs/2025/linked.md:1:1: expected a regular file, found a symbolic link",
        "content/briefs/2026:1:1: expected a regular file, found a symbolic link",
    ]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need a POSIX system")
def test_named_pipe_is_refused_without_being_opened(project: Path) -> None:
    os.mkfifo(project / "content/chips/pipe.yaml")
    os.mkfifo(project / "content/briefs/2025/pipe.md")
    result = run_check(project)  # opening a FIFO would block until the time limit
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "content/briefs/2025/pipe.md:1:1: expected a regular file, found a named pipe (FIFO)",
        "content/chips/pipe.yaml:1:1: expected a regular file, found a named pipe (FIFO)",
        "2 problems found in content/",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "a: " + "[" * 10_000,
        "a: " + "[" * 10_000 + "]" * 10_000,
        "a: " + "{a: " * 5_000 + "}" * 5_000,
        "".join(" " * n + f"k{n}:\n" for n in range(1_100)),
        "- " * 5_000 + "x\n",
    ],
    ids=["unclosed flow lists", "flow lists", "flow mappings", "block mappings", "block lists"],
)
def test_very_deep_nesting_is_a_located_problem(project: Path, text: str) -> None:
    (project / "content/companies/fabco.yaml").write_text(text, encoding="utf-8")
    problems = problems_for(project)
    assert len(problems) == 1
    assert problems[0].startswith("content/companies/fabco.yaml:")
    assert "nesting" in problems[0]


def test_very_deep_nesting_through_the_cli(project: Path) -> None:
    (project / "content/companies/fabco.yaml").write_text("a: " + "[" * 10_000, encoding="utf-8")
    result = run_check(project)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert re.match(r"content/companies/fabco\.yaml:\d+:\d+: .*nesting", result.stderr)


def test_a_huge_file_is_refused_unread(project: Path) -> None:
    with (project / "content/sources/huge.yaml").open("wb") as file:
        file.truncate(MAX_FILE_BYTES * 50)
    assert problems_for(project) == [
        f"content/sources/huge.yaml:1:1: expected a file of at most {MAX_FILE_BYTES:,} bytes, found a larger one"
    ]


def test_check_output_is_the_same_in_process(project: Path) -> None:
    """The CLI prints what validate found, sorted, with the count: the in-process tests see the same."""
    (project / "content/companies/fabco.yaml").write_text("id: fabco\nname: &x Fabco\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--root", str(project)])
    assert result.exit_code == 1
    assert "content/companies/fabco.yaml:2:7: expected plain YAML values, found the anchor &x" in result.output
