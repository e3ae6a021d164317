"""`chipbrief new`: skeletons that `chipbrief check` rejects only at their TODO lines, and accepts once filled."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from chipbrief.cli import main
from chipbrief.load import ContentLoader
from chipbrief.models import MODELS, BriefMeta
from chipbrief.schemas import schema_line

NEW_URL = "https://example.com/actualites/2026/une-nouvelle-puce.html"
FIXTURE_FR_URL = "https://example.org/fr/puce"  # the fixture source exemple-2025-09-fr has this URL

#: For each kind: the options, and the file it writes (briefs: under this year's folder).
KINDS = {
    "chip": (["--name", "Zeta Z1"], "content/chips/zeta-z1.yaml"),
    "company": (["--name", "Zeta Semiconductor"], "content/companies/zeta-semiconductor.yaml"),
    "event": (["--name", "Zeta launches the Z1"], "content/events/zeta-launches-the-z1.yaml"),
    "source": (["--url", NEW_URL, "--lang", "fr"], "content/sources/une-nouvelle-puce.yaml"),
    "brief": (["--url", FIXTURE_FR_URL, "--lang", "fr"], "content/briefs/{year}/puce.md"),
}

#: What a contributor writes over each TODO line, by field name.
FILLED = {
    "publisher": "Exemple Hebdo",
    "title": "Une nouvelle puce",
    "title_en": "A new chip",
    "published": "2026-01-02",
    "date": "{year}-01-02",
    "name": "A. Translator",
    "companies": "[acme]",
    "text": "Acme is said to ship a new chip.",
    "status": "reported",
    "designer": "acme",
    "workload": "inference",
    "kind": "report",
    "summary": "A chip, in our words.",
    "sources": "[example-2025-08-report]",
}
#: Where a field means something else in one kind: a chip's status step, a company's kind.
FILLED_FOR = {"chip": {"value": "announced", "source": "example-2025-08-report"}, "company": {"kind": "designer"}}
MODEL_OF_FOLDER = {**MODELS, "briefs": BriefMeta}
BODY = "Acme is said to ship a new chip. This brief says so in our own words."


def new(project: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["new", *args, "--root", str(project)])


def check(project: Path) -> Result:
    return CliRunner().invoke(main, ["check", "--root", str(project)])


def written(result: Result) -> list[str]:
    return re.findall(r"^wrote (.+)$", result.stdout, re.M)


def rel(project: Path, path: str) -> str:
    return Path(path).relative_to(project).as_posix()


def fill(path: Path, year: int) -> None:
    """Replace every TODO line with a real value, as a contributor would."""
    kind = {"chips": "chip", "companies": "company"}.get(path.parent.name, "")
    values = {**FILLED, **FILLED_FOR.get(kind, {})}
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if "TODO" in line:
            match = re.match(r"^(\s*(?:- )?)([a-z_]+):", line)
            line = f"{match[1]}{match[2]}: {values[match[2]].format(year=year)}" if match else BODY
        lines.append(line)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def problems(result: Result) -> list[tuple[str, int, str]]:
    """(path, line, message) of each problem `chipbrief check` printed."""
    found = re.findall(r"^(content/\S+?):(\d+):\d+: (.*)$", result.stderr, re.M)
    return [(path, int(line), message) for path, line, message in found]


# ---------------------------------------------------------------------------
# Each kind
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_each_kind_writes_its_skeleton(project: Path, kind: str) -> None:
    options, expected = KINDS[kind]
    expected = expected.format(year=date.today().year)
    result = new(project, kind, *options)
    assert result.exit_code == 0, result.output
    assert [rel(project, path) for path in written(result)] == [expected]
    assert result.stdout.endswith("next: fill in the fields marked TODO, then run `chipbrief check`\n")
    text = (project / expected).read_text(encoding="utf-8")
    assert "TODO" in text
    if kind == "brief":
        assert text.startswith("---\n")
        assert "\nsource: exemple-2025-09-fr  " in text  # the existing source with that URL
    else:
        assert text.startswith(schema_line(kind) + "\n")


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_skeleton_fails_the_check_only_at_its_todo_lines(project: Path, kind: str) -> None:
    options, _ = KINDS[kind]
    if kind == "brief":
        options = ["--url", NEW_URL, "--lang", "fr"]  # a brief and a new source
    paths = [rel(project, path) for path in written(new(project, kind, *options))]
    result = check(project)
    assert result.exit_code == 1
    found = problems(result)
    assert "expected valid YAML" not in result.stderr
    assert {path for path, _line, _message in found} == set(paths)  # each new file, and no other, has problems
    for path, line, message in found:
        assert "TODO" in (project / path).read_text(encoding="utf-8").splitlines()[line - 1], (path, line, message)
    for path in paths:  # and a required field left at TODO is always reported
        model = MODEL_OF_FOLDER[Path(path).parts[1]]
        lines = (project / path).read_text(encoding="utf-8").splitlines()
        required = [
            number
            for number, line in enumerate(lines, 1)
            if "TODO" in line
            and (match := re.match(r"^([a-z_]+):", line))
            and model.model_fields[match[1]].is_required()
        ]
        assert required, path
        assert set(required) <= {line for found_path, line, _message in found if found_path == path}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_filled_skeleton_passes_the_check(project: Path, kind: str) -> None:
    options, _ = KINDS[kind]
    if kind == "brief":
        options = ["--url", NEW_URL, "--lang", "fr"]
    paths = written(new(project, kind, *options))
    year = date.today().year
    for path in paths:
        fill(Path(path), year)
        assert "TODO" not in Path(path).read_text(encoding="utf-8")
    result = check(project)
    assert result.exit_code == 0, result.stderr
    plural = {"chip": "chips", "company": "companies", "event": "events", "source": "sources", "brief": "briefs"}[kind]
    before = {"sources": 2, "companies": 2, "chips": 1, "events": 1, "briefs": 1}
    assert f"{before[plural] + 1} {plural}" in result.stdout
    if kind == "brief":
        assert f"{before['sources'] + 1} sources" in result.stdout


def test_a_source_skeleton_records_url_language_and_todays_access_date(project: Path) -> None:
    result = new(project, "source", "--url", NEW_URL, "--lang", "FR")
    assert result.exit_code == 0, result.output
    data = yaml.load(Path(written(result)[0]).read_text(encoding="utf-8"), Loader=ContentLoader)
    assert data["url"] == NEW_URL
    assert data["language"] == "fr"
    assert data["accessed"] == date.today().isoformat()
    assert data["id"] == "une-nouvelle-puce"


def test_a_name_with_yaml_syntax_in_it_is_quoted(project: Path) -> None:
    result = new(project, "company", "--name", "Zeta: Labs #1", "--id", "zeta-labs")
    assert result.exit_code == 0, result.output
    path = Path(written(result)[0])
    assert yaml.load(path.read_text(encoding="utf-8"), Loader=ContentLoader)["name"] == "Zeta: Labs #1"
    fill(path, 2026)
    assert check(project).exit_code == 0


# ---------------------------------------------------------------------------
# Ids and files
# ---------------------------------------------------------------------------


def test_the_next_free_id_gets_a_number(project: Path) -> None:
    first = new(project, "chip", "--name", "Acme X1")  # the fixture has content/chips/acme-x1.yaml
    second = new(project, "chip", "--name", "Acme X1")
    assert [rel(project, path) for path in written(first) + written(second)] == [
        "content/chips/acme-x1-2.yaml",
        "content/chips/acme-x1-3.yaml",
    ]
    assert "\nid: acme-x1-3\n" in (project / "content/chips/acme-x1-3.yaml").read_text(encoding="utf-8")


def test_a_brief_id_is_taken_in_any_year(project: Path) -> None:
    url = (
        "https://example.net/acme-x1-french-report"  # the fixture brief is content/briefs/2025/acme-x1-french-report.md
    )
    result = new(project, "brief", "--url", url, "--lang", "en")
    assert result.exit_code == 0, result.output
    year = date.today().year
    assert [rel(project, path) for path in written(result)] == [
        f"content/briefs/{year}/acme-x1-french-report-2.md",
        "content/sources/acme-x1-french-report.yaml",
    ]


def test_an_id_from_a_number_only_url_starts_with_the_site(project: Path) -> None:
    result = new(project, "source", "--url", "https://news.cnyes.com/news/id/5678901?exp=a", "--lang", "zh")
    assert [rel(project, path) for path in written(result)] == ["content/sources/cnyes-5678901.yaml"]


@pytest.mark.parametrize(
    ("args", "existing"),
    [
        (["chip", "--name", "Other", "--id", "acme-x1"], "content/chips/acme-x1.yaml"),
        (["company", "--name", "Fab", "--id", "fabco"], "content/companies/fabco.yaml"),
        (["event", "--id", "2025-08-29-acme-x1-report"], "content/events/2025-08-29-acme-x1-report.yaml"),
        (
            ["source", "--url", NEW_URL, "--lang", "fr", "--id", "example-2025-08-report"],
            "content/sources/example-2025-08-report.yaml",
        ),
        (
            ["brief", "--url", NEW_URL, "--lang", "fr", "--id", "acme-x1-french-report"],
            "content/briefs/2025/acme-x1-french-report.md",
        ),
    ],
)
def test_it_refuses_to_overwrite_and_names_the_file(project: Path, args: list[str], existing: str) -> None:
    before = {path: path.read_bytes() for path in (project / "content").rglob("*") if path.is_file()}
    result = new(project, *args)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{existing} already exists; `chipbrief new` never overwrites")
    assert "Traceback" not in result.output
    assert before == {path: path.read_bytes() for path in (project / "content").rglob("*") if path.is_file()}


def test_a_source_whose_url_is_known_is_refused(project: Path) -> None:
    result = new(project, "source", "--url", FIXTURE_FR_URL + "/", "--lang", "fr")
    assert result.exit_code == 1
    assert result.stderr == (
        "content/sources/exemple-2025-09-fr.yaml already has this URL; one source per URL: edit that file\n"
    )


# ---------------------------------------------------------------------------
# A brief and its source
# ---------------------------------------------------------------------------


def test_a_brief_for_a_new_url_also_gets_its_source_and_points_at_it(project: Path) -> None:
    result = new(project, "brief", "--url", NEW_URL, "--lang", "fr")
    assert result.exit_code == 0, result.output
    year = date.today().year
    assert [rel(project, path) for path in written(result)] == [
        f"content/briefs/{year}/une-nouvelle-puce.md",
        "content/sources/une-nouvelle-puce.yaml",
    ]
    brief = (project / f"content/briefs/{year}/une-nouvelle-puce.md").read_text(encoding="utf-8")
    front = yaml.load(brief.split("---\n")[1], Loader=ContentLoader)
    assert front["source"] == "une-nouvelle-puce"
    assert front["claims"][0]["source"] == "une-nouvelle-puce"
    assert front["original_language"] == "fr"
    source = yaml.load(
        (project / "content/sources/une-nouvelle-puce.yaml").read_text(encoding="utf-8"), Loader=ContentLoader
    )
    assert source["url"] == NEW_URL


def test_a_brief_for_a_known_url_reuses_its_source(project: Path) -> None:
    sources = sorted((project / "content/sources").iterdir())
    result = new(project, "brief", "--url", FIXTURE_FR_URL + "/", "--lang", "fr")
    assert result.exit_code == 0, result.output
    assert len(written(result)) == 1
    front = yaml.load(Path(written(result)[0]).read_text(encoding="utf-8").split("---\n")[1], Loader=ContentLoader)
    assert front["source"] == "exemple-2025-09-fr"
    assert sorted((project / "content/sources").iterdir()) == sources


def test_an_english_brief_needs_no_translator(project: Path) -> None:
    paths = written(new(project, "brief", "--url", "https://example.com/a-new-chip", "--lang", "en"))
    assert all("translator" not in message for _path, _line, message in problems(check(project)))
    for path in paths:
        fill(Path(path), date.today().year)
    assert check(project).exit_code == 0


# ---------------------------------------------------------------------------
# Options
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["brief", "--lang", "fr"],
            "`chipbrief new brief` needs --url URL (the article's address, copied from your browser)\n",
        ),
        (
            ["source", "--url", NEW_URL],
            "`chipbrief new source` needs --lang CODE (the two-letter language of the original: en, fr, zh ...)\n",
        ),
        (
            ["brief"],
            "`chipbrief new brief` needs --url URL (the article's address, copied from your browser) and --lang CODE",
        ),
        (["chip"], "`chipbrief new chip` needs --name NAME (the chip's name in English)\n"),
        (["company", "--id", "zeta"], "`chipbrief new company` needs --name NAME (the company's name in English)\n"),
        (["event"], "`chipbrief new event` needs --name TITLE (what happened, in one line) or --id ID\n"),
        (
            ["brief", "--url", "ftp://example.com/a", "--lang", "fr"],
            "--url: expected an http:// or https:// URL, found 'ftp://example.com/a'\n",
        ),
        (
            ["source", "--url", "example.com/a", "--lang", "fr"],
            "--url: expected an http:// or https:// URL, found 'example.com/a'\n",
        ),
        (
            ["source", "--url", NEW_URL, "--lang", "fra"],
            "--lang: expected a two-letter ISO 639-1 language code (en, fr, zh ...), found 'fra'\n",
        ),
        (
            ["chip", "--name", "Zeta", "--id", "Zeta Z1"],
            "--id: expected a lower-case slug (a-z, 0-9 and '-'), found 'Zeta Z1'\n",
        ),
        (["chip", "--name", "寒武纪"], "cannot make an id from '寒武纪': give one with --id (a-z, 0-9 and '-')\n"),
        (["chip", "--name", "Zeta", "--url", NEW_URL], "--url is for brief and source, not chip: leave it out\n"),
    ],
)
def test_missing_or_wrong_options_say_what_to_do(project: Path, args: list[str], message: str) -> None:
    before = sorted(path for path in (project / "content").rglob("*"))
    result = new(project, *args)
    assert result.exit_code == 1
    assert result.stderr.startswith(message)
    assert "Traceback" not in result.output
    assert sorted(path for path in (project / "content").rglob("*")) == before


def test_a_root_without_content_is_refused(tmp_path: Path) -> None:
    result = new(tmp_path, "chip", "--name", "Zeta")
    assert result.exit_code == 1
    assert "no content/ folder here; run in the project folder or pass --root" in result.stderr
