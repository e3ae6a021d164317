"""Checking content: each file against its model, then every id and citation across files.

All problems in all files are collected first; the caller fails once with the whole list.
"""

from __future__ import annotations

import re
import types
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from chipbrief.catalog import Catalog, iter_refs
from chipbrief.load import BRIEFS, VOCABULARY, Loaded, Record, load_content
from chipbrief.models import MODELS, SLUG, Brief, BriefMeta, FieldError, Tag, TagVocabulary
from chipbrief.problems import ContentError, Problem

_KIND_NAMES = {
    "sources": "source",
    "companies": "company",
    "chips": "chip",
    "events": "event",
    "briefs": "brief",
    "rules": "rule",
}

#: Ids (of every kind, brief file names and tags) that would replace a page the site generates:
#: render.py writes the section pages chips/index.md, companies/index.md, sources/index.md,
#: briefs/index.md and tags/index.md beside the entity pages <kind>/<id>.md and tags/<tag>.md.
RESERVED_IDS = frozenset({"index"})
#: Event ids are anchors on the timeline page (timeline.md#<id>), beside its year headings
#: (#2025), the briefs' anchors (#brief-<id>) and the page's own element ids (#cb-timeline-company).
_SECTIONS = ("sources", "companies", "chips", "briefs", "tags")
_TIMELINE_ANCHORS = re.compile(r"\d{4}|brief-.*|cb-.*")


def check(root: Path) -> Catalog:
    """Load and validate root/content; return the catalog or raise ContentError with every problem."""
    catalog, problems = validate(load_content(root))
    if problems:
        raise ContentError(problems)
    return catalog


def validate(loaded: Loaded) -> tuple[Catalog, list[Problem]]:
    """Turn records into models and check references; return what is valid and every problem."""
    problems = list(loaded.problems)
    entities: dict[str, dict[str, Any]] = {kind: {} for kind in _KIND_NAMES}
    origins: dict[tuple[str, str], Record] = {}
    # files that exist but failed to read or validate: references to them are not "unknown"
    invalid: set[tuple[str, str]] = set(loaded.found)
    vocabularies = [record for record in loaded.records if record.kind == VOCABULARY]
    tags = _parse_vocabulary(vocabularies[0], problems) if vocabularies else {}
    for record in loaded.records:
        if record.kind == VOCABULARY:
            continue
        entity, record_problems = _parse(record)
        problems.extend(record_problems)
        if entity is None:
            invalid.add((record.kind, record.stem))
            continue
        ident = entity.id
        if (record.kind, ident) in origins:
            first = origins[(record.kind, ident)]
            message = f"expected a unique {_KIND_NAMES[record.kind]} id, found {ident!r} again (first in {first.path})"
            if record.kind == BRIEFS:  # a brief's id is its file name
                problems.append(Problem(record.path, 1, 1, "file name", message))
            else:
                problems.append(record.problem(("id",), message))
            continue
        origins[(record.kind, ident)] = record
        entities[record.kind][ident] = entity
    catalog = Catalog(**{kind: dict(sorted(found.items())) for kind, found in entities.items()}, tags=tags)
    problems.extend(_check_references(catalog, origins, invalid))
    if tags or (VOCABULARY, "tags") not in loaded.found:  # a vocabulary that failed to read: no cascade
        problems.extend(_check_tags(catalog, origins))
    problems.extend(_check_unique_urls(catalog, origins))
    return catalog, sorted(set(problems))


def _parse(record: Record) -> tuple[Any, list[Problem]]:
    """Validate one record against its model; check that its id matches its file name."""
    problems: list[Problem] = _placeholders(record)
    try:
        if record.kind == BRIEFS:
            meta = BriefMeta.model_validate(record.data)
            entity = Brief(id=_brief_id(record, problems), meta=meta, body=record.body)
        else:
            entity = MODELS[record.kind].model_validate(record.data)
    except ValidationError as error:
        model = BriefMeta if record.kind == BRIEFS else MODELS[record.kind]
        problems.extend(_problem_from(record, model, item) for item in error.errors())
        raw_id = record.data.get("id")
        if record.kind != BRIEFS and isinstance(raw_id, str) and raw_id != record.stem:
            problems.append(record.problem(("id",), f"expected the file name's id {record.stem!r}, found {raw_id!r}"))
        return None, problems
    if record.kind == BRIEFS:
        problems.extend(_check_brief(record, entity))
    elif entity.id != record.stem:
        problems.append(record.problem(("id",), f"expected the file name's id {record.stem!r}, found {entity.id!r}"))
    elif reserved := _reserved(record.kind, entity.id):
        problems.append(record.problem(("id",), reserved))
    return (entity if not problems else None), problems


def _reserved(kind: str, ident: str) -> str | None:
    """Why an id cannot be used because a generated page or anchor has that name; None if it can."""
    if ident in RESERVED_IDS:
        page = f"{kind}/{ident}.md" if kind in _SECTIONS else f"chips/{ident}.md"
        return f"expected an id other than {ident!r}, a name the site's own pages use ({page}), found {ident!r}"
    if kind == "events" and _TIMELINE_ANCHORS.fullmatch(ident):
        return (
            "expected an event id that is not a year and does not start with brief- or cb- "
            f"(the timeline page's own anchors), found {ident!r}"
        )
    return None


def _placeholders(record: Record) -> list[Problem]:
    """A TODO left from `chipbrief new`, in a field, a comment or a brief's text, is a problem."""
    problems = []
    for number, line in enumerate(record.yaml_text.splitlines(), start=record.first_line):
        if "TODO" in line:
            problems.append(Problem(record.path, number, line.index("TODO") + 1, "", _TODO))
    for number, line in enumerate(record.body.splitlines(), start=record.body_line):
        if "TODO" in line:
            problems.append(Problem(record.path, number, line.index("TODO") + 1, "body", _TODO))
    return problems


_TODO = "expected the placeholder to be filled in (or the line's TODO note removed), found TODO"


def _brief_id(record: Record, problems: list[Problem]) -> str:
    """The brief's id, its file name; a problem when that is not a slug or names a generated page."""
    stem = record.stem
    if not SLUG.fullmatch(stem):
        problems.append(Problem(record.path, 1, 1, "", f"expected a lower-case slug as file name, found {stem!r}"))
        return "invalid"
    if reserved := _reserved(BRIEFS, stem):
        problems.append(Problem(record.path, 1, 1, "file name", reserved))
        return "invalid"
    return stem


def _check_brief(record: Record, brief: Brief) -> list[Problem]:
    problems = []
    year = Path(record.path).parent.name
    if year != brief.meta.date[:4]:
        problems.append(
            record.problem(("date",), f"expected a date in {year} (the brief's folder), found {brief.meta.date!r}")
        )
    for index, tag in enumerate(brief.meta.tags):
        if reserved := _reserved("tags", tag):
            problems.append(record.problem(("tags", index), reserved))
    mentions = brief.meta.mentions
    if not mentions.companies and not mentions.chips:
        problems.append(record.problem(("mentions",), "expected at least one company or chip id, found none"))
    if not record.body.strip():
        problems.append(
            Problem(
                record.path, record.body_line, 1, "body", "expected the brief's text after the front matter, found none"
            )
        )
    return problems


def _check_references(
    catalog: Catalog, origins: dict[tuple[str, str], Record], invalid: set[tuple[str, str]]
) -> list[Problem]:
    problems = []
    for kind in ("companies", "chips", "events", "briefs", "rules"):
        for ident, entity in getattr(catalog, kind).items():
            record = origins[(kind, ident)]
            for loc, target, ref in iter_refs(kind, entity):
                if ref not in getattr(catalog, target) and (target, ref) not in invalid:
                    noun = _KIND_NAMES[target]
                    problems.append(
                        record.problem(
                            loc, f"expected the id of a {noun} in content/{target}/, found unknown {noun} {ref!r}"
                        )
                    )
    return problems


def _parse_vocabulary(record: Record, problems: list[Problem]) -> dict[str, Tag]:
    """The tags of content/tags.yaml by id; a problem for a malformed entry and for a tag or spelling listed twice."""
    try:
        vocabulary = TagVocabulary.model_validate(record.data)
    except ValidationError as error:
        problems.extend(_problem_from(record, TagVocabulary, item) for item in error.errors())
        return {}
    tags: dict[str, Tag] = {}
    spellings: dict[str, str] = {}
    for index, tag in enumerate(vocabulary.tags):
        if tag.id in tags or tag.id in spellings:
            first = tag.id if tag.id in tags else spellings[tag.id]
            message = f"expected each tag and spelling once, found {tag.id!r} again (already listed under {first!r})"
            problems.append(record.problem(("tags", index, "id"), message))
            continue
        if reserved := _reserved("tags", tag.id):
            problems.append(record.problem(("tags", index, "id"), reserved))
        tags[tag.id] = tag
        for number, spelling in enumerate(tag.replaces):
            if spelling in tags or spelling in spellings:
                message = f"expected each tag and spelling once, found {spelling!r} again"
                problems.append(record.problem(("tags", index, "replaces", number), message))
            spellings[spelling] = tag.id
    return dict(sorted(tags.items()))


def _check_tags(catalog: Catalog, origins: dict[tuple[str, str], Record]) -> list[Problem]:
    """Every brief's tags come from content/tags.yaml; a known other spelling names the tag to use."""
    problems = []
    spellings = {spelling: tag.id for tag in catalog.tags.values() for spelling in tag.replaces}
    for ident, brief in catalog.briefs.items():
        for index, tag in enumerate(brief.meta.tags):
            if tag in catalog.tags:
                continue
            if tag in spellings:
                found = f"{tag!r}, another spelling of {spellings[tag]!r}: write {spellings[tag]!r}"
            else:
                found = f"unknown tag {tag!r} (add it to content/tags.yaml if no listed tag covers its topic)"
            message = f"expected a tag listed in content/tags.yaml, found {found}"
            problems.append(origins[("briefs", ident)].problem(("tags", index), message))
    return problems


def _check_unique_urls(catalog: Catalog, origins: dict[tuple[str, str], Record]) -> list[Problem]:
    problems = []
    seen: dict[str, str] = {}
    for ident, source in catalog.sources.items():
        key = source.url.rstrip("/")
        if key in seen:
            record = origins[("sources", ident)]
            problems.append(
                record.problem(("url",), f"expected one source per URL, found the URL of source {seen[key]!r} again")
            )
        else:
            seen[key] = ident
    return problems


# ---------------------------------------------------------------------------
# pydantic errors -> problems that say what was expected and what was found
# ---------------------------------------------------------------------------


def _problem_from(record: Record, model: type[BaseModel], error: dict[str, Any]) -> Problem:
    """A problem from one pydantic error, at the field it names."""
    raw = tuple(error["loc"])
    # An unknown field's name is the contributor's own text, which may look like a union tag ('str', 'a[b')
    kept = raw[-1:] if error["type"] == "extra_forbidden" else ()
    loc = tuple(part for part in raw[: len(raw) - len(kept)] if not _is_union_tag(part)) + kept
    cause = (error.get("ctx") or {}).get("error")
    if isinstance(cause, FieldError):
        loc = (*loc, cause.field)
    message = _message(model, loc, error)
    return record.problem(loc, message, at_key=error["type"] == "extra_forbidden")


def _is_union_tag(part: str | int) -> bool:
    """pydantic adds the member type's name to locations inside unions: drop it."""
    return isinstance(part, str) and ("[" in part or part in {"str", "int", "float", "bool", "none"})


def _message(model: type[BaseModel], loc: tuple, error: dict[str, Any]) -> str:
    kind, found = error["type"], error.get("input")
    if kind == "missing":
        parent = _model_at(model, loc[:-1])
        field = parent.model_fields.get(str(loc[-1])) if parent and loc else None
        what = f": {field.description.rstrip('.')}" if field and field.description else ""
        return f"expected a value (this field is required{what}), found none"
    if kind == "extra_forbidden":
        parent = _model_at(model, loc[:-1])
        known = ", ".join(parent.model_fields) if parent else "the documented fields"
        return f"expected one of the known fields ({known}), found unknown field {loc[-1]!r}"
    if kind == "literal_error":
        return f"expected one of {error['ctx']['expected']}, found {_show(found)}"
    if kind in ("value_error", "assertion_error"):
        cause = error.get("ctx", {}).get("error")
        return str(cause) if cause else error["msg"]
    if kind == "string_type":
        hint = " (put it in quotes)" if isinstance(found, int | float) and not isinstance(found, bool) else ""
        return f"expected text, found {_show(found)}{hint}"
    if kind == "bool_type":
        return f"expected true or false, found {_show(found)}"
    if kind == "list_type":
        return f"expected a list, found {_show(found)}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"expected a mapping of fields, found {_show(found)}"
    if kind in ("too_short", "string_too_short"):
        what = "at least 1 item" if kind == "too_short" else "some text"
        return f"expected {what}, found {_show(found)}"
    if kind == "string_too_long":
        return f"expected at most {error['ctx']['max_length']} characters, found {len(found)}"
    if kind in ("float_type", "int_type", "float_parsing"):
        return f"expected a number, found {_show(found)}"
    if kind == "greater_than":
        return f"expected a number above {error['ctx']['gt']}, found {_show(found)}"
    return f"expected {error['msg'][0].lower()}{error['msg'][1:]}, found {_show(found)}"


def _show(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value) if value else "empty text"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return f"a list of {len(value)}" if value else "an empty list"
    return type(value).__name__


def _model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """Find the model class that holds the fields at loc, following lists, unions and generics."""
    current: Any = model
    for key in loc:
        if isinstance(key, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)) or key not in current.model_fields:
            return None
        current = _inner_model(current.model_fields[key].annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _inner_model(annotation: Any) -> Any:
    origin = typing.get_origin(annotation)
    if origin in (list, typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found = _inner_model(arg)
            if isinstance(found, type) and issubclass(found, BaseModel):
                return found
        return None
    if origin is typing.Annotated:
        return _inner_model(typing.get_args(annotation)[0])
    return annotation
