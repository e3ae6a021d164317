"""The JSON Schemas in schemas/: in step with the models, true to our content, and named by every content file."""

from __future__ import annotations

import copy
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from chipbrief.cli import main
from chipbrief.load import ContentLoader, Record, load_content
from chipbrief.models import Chip
from chipbrief.schemas import FOLDER_KINDS, KINDS, json_schemas, render_schema, schema_line, write_schemas
from chipbrief.units import UNITS
from conftest import FIXTURE, ROOT

SCHEMAS = json_schemas()
KIND_OF_FOLDER = {folder: kind for kind, (folder, _model) in KINDS.items()}
RECORDS = load_content(ROOT).records
SCRIPT = ROOT / "scripts" / "add_schema_lines.py"


def validator(kind: str) -> Draft202012Validator:
    """A draft 2020-12 validator for a kind's schema, checking formats (dates) too."""
    return Draft202012Validator(SCHEMAS[kind], format_checker=Draft202012Validator.FORMAT_CHECKER)


def errors(kind: str, data: Any) -> list[str]:
    return [
        f"{'.'.join(map(str, error.absolute_path))}: {error.message}" for error in validator(kind).iter_errors(data)
    ]


def fixture_chip() -> dict[str, Any]:
    """The valid fixture chip, as our YAML reader reads it."""
    text = (FIXTURE / "content" / "chips" / "acme-x1.yaml").read_text(encoding="utf-8")
    return yaml.load(text, Loader=ContentLoader)


# ---------------------------------------------------------------------------
# schemas/ is generated from the models
# ---------------------------------------------------------------------------


def test_schemas_folder_matches_the_models() -> None:
    folder = ROOT / "schemas"
    stale = [
        f"schemas/{kind}.schema.json"
        for kind, schema in SCHEMAS.items()
        if not (folder / f"{kind}.schema.json").is_file()
        or (folder / f"{kind}.schema.json").read_text(encoding="utf-8") != render_schema(schema)
    ]
    assert not stale, f"{', '.join(stale)} differ from src/chipbrief/models.py: run `chipbrief schemas` and commit"
    assert sorted(path.name for path in folder.iterdir()) == sorted(f"{kind}.schema.json" for kind in SCHEMAS)


def test_write_schemas_writes_the_same_bytes_every_time(tmp_path: Path) -> None:
    first = write_schemas(tmp_path / "a")
    second = write_schemas(tmp_path / "b")
    assert [path.name for path in first] == [
        f"{kind}.schema.json" for kind in ("source", "company", "chip", "event", "brief", "rule", "tags")
    ]
    for one, two in zip(first, second, strict=True):
        assert one.read_bytes() == two.read_bytes()
        assert one.read_bytes().endswith(b"}\n")


def test_the_schemas_command_writes_every_schema(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["schemas", "--root", str(tmp_path), "out"])
    assert result.exit_code == 0, result.output
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == sorted(
        f"{kind}.schema.json" for kind in SCHEMAS
    )
    assert (tmp_path / "out" / "chip.schema.json").read_text(encoding="utf-8") == render_schema(SCHEMAS["chip"])


@pytest.mark.parametrize("kind", sorted(SCHEMAS))
def test_each_schema_is_a_valid_draft_2020_12_schema_with_a_title_and_description(kind: str) -> None:
    schema = SCHEMAS[kind]
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert "$id" not in schema
    assert schema["title"] == f"chipbrief {kind}"
    assert schema["description"].startswith(KINDS[kind][1].__doc__.splitlines()[0])


def test_generic_claims_get_readable_definition_names() -> None:
    names = set(SCHEMAS["chip"]["$defs"])
    assert {"Claim_Bytes", "Claim_ByteRate", "RateClaim_FlopRate", "RateClaim_OpRate", "Claim_Count", "Specs"} <= names
    assert not [name for name in names if "Annotated" in name or "__" in name]


# ---------------------------------------------------------------------------
# The schemas describe our real content
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("record", RECORDS, ids=[record.path for record in RECORDS])
def test_every_content_file_validates_against_its_schema(record: Record) -> None:
    assert errors(KIND_OF_FOLDER[record.kind], record.data) == []


def test_every_kind_of_content_was_validated() -> None:
    assert {record.kind for record in RECORDS} == set(KIND_OF_FOLDER)
    assert len([record for record in RECORDS if record.kind == "briefs"]) >= 10


def test_the_fixture_chip_is_valid_for_both_the_model_and_the_schema() -> None:
    data = fixture_chip()
    Chip.model_validate(data)
    assert errors("chip", data) == []


def test_a_schema_rejects_an_unknown_field_at_the_top_and_inside_a_claim() -> None:
    data = fixture_chip()
    data["colour"] = "red"
    assert errors("chip", data) == [": Additional properties are not allowed ('colour' was unexpected)"]
    data = fixture_chip()
    data["specs"]["memory_capacity"][0]["unit"] = "GB"
    assert errors("chip", data) == [
        "specs.memory_capacity.0: Additional properties are not allowed ('unit' was unexpected)"
    ]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("memory_bandwidth", "4.0 TB"),  # a byte count where a rate goes
        ("memory_bandwidth", "4.0 Tbps"),
        ("bf16", "148 TFLOPS"),
        ("bf16", "148TFLOP/s"),
        ("int8", "296 TFLOP/s"),  # FLOP/s where OP/s goes
        ("memory_capacity", "96 gigabytes"),
        ("tdp", "400"),
    ],
)
def test_a_schema_rejects_a_bad_unit_string(field: str, value: str) -> None:
    data = fixture_chip()
    data["specs"][field] = [{"value": value, "sparse": False, "source": "s", "status": "reported", "as_of": "2025"}]
    if field in ("memory_bandwidth", "memory_capacity", "tdp"):
        del data["specs"][field][0]["sparse"]
    found = errors("chip", data)
    assert len(found) == 1 and found[0].startswith(f"specs.{field}.0.value: '{value}' does not match"), found


#: A spec field (or chip field) in each canonical unit.
FIELD_OF_UNIT = {
    "byte": "memory_capacity",
    "byte/s": "memory_bandwidth",
    "FLOP/s": "bf16",
    "OP/s": "int8",
    "W": "tdp",
    "mm2": "die_area",
    "nm": "process_node",
}


@pytest.mark.parametrize(("unit", "spelling"), [(unit, spelling) for unit in UNITS for spelling in UNITS[unit]])
def test_every_unit_the_model_accepts_is_accepted_by_the_schema(unit: str, spelling: str) -> None:
    field = FIELD_OF_UNIT[unit]
    claim: dict[str, Any] = {"value": f"1.5 {spelling}", "source": "s", "status": "reported", "as_of": "2025-08"}
    if unit in ("FLOP/s", "OP/s"):
        claim["sparse"] = None
    data = fixture_chip()
    if field == "process_node":
        data[field] = [claim]
    else:
        data["specs"][field] = [claim]
    Chip.model_validate(data)
    assert errors("chip", data) == []


@pytest.mark.parametrize("value", ["2025-08-29", "2025-08", "2025", 2025])
def test_partial_dates_the_model_accepts_are_accepted(value: object) -> None:
    data = fixture_chip()
    data["announced"] = [{"value": value, "source": "s", "status": "reported", "as_of": value}]
    Chip.model_validate(data)
    assert errors("chip", data) == []


@pytest.mark.parametrize("value", ["2025-8", "08/2025", "August 2025", "2025-08-29T10:00", 25])
def test_partial_dates_in_other_forms_are_rejected(value: object) -> None:
    data = fixture_chip()
    data["specs"]["tdp"][0]["as_of"] = value
    assert len(errors("chip", data)) == 1


def test_a_transistor_count_may_be_a_number_or_number_text_but_not_a_word() -> None:
    data = fixture_chip()
    claim = {"source": "s", "status": "reported", "as_of": "2025"}
    data["specs"]["transistors"] = [{"value": 80e9, **claim}, {"value": "77e9", **claim}]
    assert errors("chip", data) == []
    data["specs"]["transistors"] = [{"value": "many", **claim}, {"value": 0, **claim}]
    assert len(errors("chip", data)) == 2


def test_a_brief_front_matter_needs_its_fields() -> None:
    meta = next(record.data for record in RECORDS if record.kind == "briefs")
    broken = copy.deepcopy(meta)
    del broken["claims"]
    broken["mood"] = "upbeat"
    assert sorted(errors("brief", broken)) == [
        ": 'claims' is a required property",
        ": Additional properties are not allowed ('mood' was unexpected)",
    ]


# ---------------------------------------------------------------------------
# Editor support: every content YAML file names its schema on its first line
# ---------------------------------------------------------------------------

CONTENT_FILES = [
    (path, kind)
    for folder, kind in sorted(FOLDER_KINDS.items())
    for path in sorted((ROOT / "content" / folder).glob("*.yaml"))
]


def test_every_content_yaml_file_starts_with_its_schema_line() -> None:
    wrong = [
        path.relative_to(ROOT).as_posix()
        for path, kind in CONTENT_FILES
        if path.read_text(encoding="utf-8").partition("\n")[0] != schema_line(kind)
    ]
    assert len(CONTENT_FILES) > 100
    assert not wrong, f"first line is not the schema line in {wrong}: run `python scripts/add_schema_lines.py`"


@pytest.mark.parametrize("kind", sorted(FOLDER_KINDS.values()))
def test_the_schema_line_points_at_the_schema_file(kind: str) -> None:
    target = schema_line(kind).split("$schema=")[1]
    folder = next(folder for folder, folder_kind in FOLDER_KINDS.items() if folder_kind == kind)
    assert (ROOT / "content" / folder / target).resolve() == (ROOT / "schemas" / f"{kind}.schema.json")
    assert (ROOT / "content" / folder / target).is_file()


def run_script(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--root", str(root), *args], capture_output=True, text=True, timeout=60
    )


def test_the_script_adds_and_updates_the_line_and_changes_nothing_else(tmp_path: Path) -> None:
    shutil.copytree(FIXTURE / "content", tmp_path / "content")
    chip = tmp_path / "content" / "chips" / "acme-x1.yaml"
    company = tmp_path / "content" / "companies" / "acme.yaml"
    brief = next((tmp_path / "content" / "briefs").rglob("*.md"))
    chip_text, brief_text = chip.read_text(encoding="utf-8"), brief.read_text(encoding="utf-8")
    company.write_text(
        "# yaml-language-server: $schema=old/company.json\r\n"
        + company.read_text(encoding="utf-8").replace("\n", "\r\n"),
        encoding="utf-8",
        newline="",
    )
    company_rest = company.read_bytes().split(b"\r\n", 1)[1]

    check = run_script(tmp_path, "--check")
    assert check.returncode == 1
    assert f"{chip}:1: expected the first line '{schema_line('chip')}'" in check.stdout

    assert run_script(tmp_path).returncode == 0
    assert chip.read_text(encoding="utf-8") == schema_line("chip") + "\n" + chip_text
    assert company.read_bytes() == schema_line("company").encode() + b"\r\n" + company_rest
    assert brief.read_text(encoding="utf-8") == brief_text  # briefs are Markdown: untouched

    before = {path: path.read_bytes() for path in (tmp_path / "content").rglob("*") if path.is_file()}
    again = run_script(tmp_path)
    assert again.returncode == 0 and again.stdout == "0 files updated\n"
    assert before == {path: path.read_bytes() for path in (tmp_path / "content").rglob("*") if path.is_file()}
    assert run_script(tmp_path, "--check").returncode == 0


def test_content_with_schema_lines_still_checks_with_the_same_line_numbers(tmp_path: Path) -> None:
    """The checker reads real lines: a problem below the schema line is reported one line further down."""
    shutil.copytree(FIXTURE / "content", tmp_path / "content")
    company = tmp_path / "content" / "companies" / "fabco.yaml"
    company.write_text(company.read_text(encoding="utf-8").replace("kind: foundry", "kind: fab"), encoding="utf-8")
    line = company.read_text(encoding="utf-8").splitlines().index("kind: fab") + 1
    assert run_script(tmp_path).returncode == 0
    result = CliRunner().invoke(main, ["check", "--root", str(tmp_path)])
    assert result.exit_code == 1
    assert f"content/companies/fabco.yaml:{line + 1}:7: kind: expected one of" in result.stderr
