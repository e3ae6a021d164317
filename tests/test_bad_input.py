"""The bad-input corpus: each mistake a contributor can make gets a precise, actionable problem.

Every case starts from the valid fixture, writes one broken file, and asserts the exact
`path:line:col: field: message` that `chipbrief check` prints.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from chipbrief.load import load_content
from chipbrief.validate import validate

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
        "content/sources/example-2025-08-report.yaml:6:1: colour: expected one of the known fields (id, publisher, "
        "original_outlet, author, title, title_en, url, language, published, accessed, archive_url, paywalled, note), "
        "found unknown field 'colour'",
    ),
    "missing required field": (
        "content/sources/example-2025-08-report.yaml",
        SOURCE.replace("publisher: Example Daily\n", ""),
        "content/sources/example-2025-08-report.yaml:1:1: publisher: expected a value (this field is required), found none",
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
        "id: acme-x2\nname: X2\ndesigner: acme\nstatus: announced\nworkload: training\nsummary: s\n"
        "sources: [example-2025-08-report]\nspecs:\n  bf16:\n"
        "    - {value: 148 TFLOPs, sparse: false, source: example-2025-08-report, status: reported, as_of: 2025}\n",
        "content/chips/acme-x2.yaml:10:15: specs.bf16[0].value: expected a unit of FLOP/s "
        "(FLOP/s, GFLOP/s, TFLOP/s, PFLOP/s), found 'TFLOPs'",
    ),
    "unknown company id": (
        "content/chips/acme-x2.yaml",
        "id: acme-x2\nname: X2\ndesigner: nobody\nstatus: announced\nworkload: training\nsummary: s\n"
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
        "content/briefs/2025/acme-x1-french-report.md:2:1: source: expected a value (this field is required), found none",
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
        "id: acme-x2\nname: X2\ndesigner: acme\nstatus: announced\nworkload: training\nsummary: s\n"
        "sources: [example-2025-08-report]\nspecs:\n  int8:\n"
        "    - {value: 296 TOP/s, source: example-2025-08-report, status: reported, as_of: 2025}\n",
        "content/chips/acme-x2.yaml:10:7: specs.int8[0].sparse: expected a value (this field is required), found none",
    ),
    "unknown status": (
        "content/chips/acme-x2.yaml",
        "id: acme-x2\nname: X2\ndesigner: acme\nstatus: announced\nworkload: training\nsummary: s\n"
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
    (project / path).write_text(text, encoding="utf-8")
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
        SOURCE.replace("id: example-2025-08-report", "id: example-copy"), encoding="utf-8"
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
