"""JSON Schema files for editors, generated from the content models.

Each content kind gets one draft 2020-12 schema, derived from its pydantic model with
`model_json_schema(mode="validation")`, then made readable and true to YAML input:

- `$defs` get stable, readable names (`Claim_FlopRate` rather than pydantic's generic names);
- a partial date also accepts a bare year (`as_of: 2025` is a number in YAML, and the model
  accepts it), and a count also accepts number text (`77e9` is text to our YAML reader).

Content files point at these schemas through their first line (see `schema_line`), so editors
running yaml-language-server complete fields and flag mistakes as you type.
"""

from __future__ import annotations

import copy
import functools
import inspect
import json
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter

from chipbrief import models
from chipbrief.load import VOCABULARY

DRAFT = "https://json-schema.org/draft/2020-12/schema"

#: Each schema kind, its content folder and the model it is generated from.
KINDS: dict[str, tuple[str, type[BaseModel]]] = {
    "source": ("sources", models.Source),
    "company": ("companies", models.Company),
    "chip": ("chips", models.Chip),
    "event": ("events", models.Event),
    "brief": ("briefs", models.BriefMeta),
    "rule": ("rules", models.Rule),
    "tags": (VOCABULARY, models.TagVocabulary),
}

#: The schema a YAML content folder's files are checked against, by folder name.
FOLDER_KINDS = {folder: kind for kind, (folder, _model) in KINDS.items() if folder not in ("briefs", VOCABULARY)}

SCHEMA_LINE_PREFIX = "# yaml-language-server: $schema="

_YEAR = {"type": "integer", "minimum": 1000, "maximum": 9999, "description": "a year, e.g. 2025"}
_NUMBER_TEXT = {
    "type": "string",
    "pattern": r"^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$",
    "description": "a number written as text, e.g. 80e9",
}


def schema_line(kind: str) -> str:
    """The first line of a content YAML file of this kind (without the newline)."""
    return f"{SCHEMA_LINE_PREFIX}../../schemas/{kind}.schema.json"


def json_schemas() -> dict[str, dict[str, Any]]:
    """Generate the JSON Schema of every content kind, by kind name (source, company, chip, event, brief, rule ...)."""
    return {kind: copy.deepcopy(_schema_for(kind, folder, model)) for kind, (folder, model) in KINDS.items()}


def render_schema(schema: dict[str, Any]) -> str:
    """The exact text of a schema file: sorted keys, two-space indent, a final newline."""
    return json.dumps(schema, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def write_schemas(directory: Path) -> list[Path]:
    """Write `<kind>.schema.json` for every kind into directory; return the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for kind, schema in json_schemas().items():
        path = directory / f"{kind}.schema.json"
        path.write_text(render_schema(schema), encoding="utf-8", newline="\n")
        written.append(path)
    return written


# ---------------------------------------------------------------------------
# Generation
# ---------------------------------------------------------------------------


def _schema_for(kind: str, folder: str, model: type[BaseModel]) -> dict[str, Any]:
    schema = _fix_constraints(model.model_json_schema(mode="validation"))
    schema = _rename_defs(schema)
    schema = _widen(schema)
    where = {"brief": "content/briefs/<year>/<slug>.md, front matter", "tags": "content/tags.yaml"}.get(
        kind, f"content/{folder}/<id>.yaml"
    )
    schema["$schema"] = DRAFT
    schema["title"] = f"chipbrief {kind}"
    schema["description"] = (
        f"{inspect.cleandoc(model.__doc__ or model.__name__)}\n\n"
        f"File: {where}. Generated from chipbrief.models.{model.__name__} by `chipbrief schemas`; do not edit."
    )
    return schema


#: Keys that describe a value rather than constrain it: ignored when comparing schemas.
_ANNOTATIONS = ("title", "description", "default", "examples")

#: pydantic leaks these constraint names into some schemas; JSON Schema spells them so.
_CONSTRAINTS = {"gt": "exclusiveMinimum", "ge": "minimum", "lt": "exclusiveMaximum", "le": "maximum"}


@functools.cache
def _named_types() -> dict[str, dict[str, Any]]:
    """The JSON Schema of every named value type in models (Slug, PartialDate, FlopRate ...), by name."""
    found = {}
    for name, value in sorted(vars(models).items()):
        if not name.startswith("_") and typing.get_origin(value) in (typing.Annotated, typing.Literal):
            found[name] = _fix_constraints(TypeAdapter(value).json_schema(mode="validation"))
    return found


def _core(schema: object) -> object:
    """A schema without its annotations: what it accepts, for comparing two schemas."""
    if not isinstance(schema, dict):
        return schema
    return {key: value for key, value in schema.items() if key not in _ANNOTATIONS}


def _fix_constraints(node: Any) -> Any:
    """Spell numeric bounds the JSON Schema way (`gt` -> `exclusiveMinimum`), so validators apply them."""
    if isinstance(node, list):
        return [_fix_constraints(item) for item in node]
    if not isinstance(node, dict):
        return node
    numeric = node.get("type") in ("number", "integer")
    return {
        (_CONSTRAINTS[key] if numeric and key in _CONSTRAINTS else key): _fix_constraints(value)
        for key, value in node.items()
    }


def _rename_defs(schema: dict[str, Any]) -> dict[str, Any]:
    """Give `$defs` stable, readable names, e.g. `Claim_FlopRate`, and point every `$ref` at them."""
    defs: dict[str, Any] = schema.get("$defs", {})
    if not defs:
        return schema
    names: dict[str, str] = {}
    for key in sorted(defs, key=lambda key: "[" in defs[key].get("title", key)):  # plain models first
        names[key] = _readable_name(key, defs[key], names)
    if len(set(names.values())) != len(names):  # two defs would share a name: keep pydantic's
        names = {key: key for key in defs}
    renamed = _replace_refs(schema, {f"#/$defs/{old}": f"#/$defs/{new}" for old, new in names.items()})
    renamed["$defs"] = {names[key]: value for key, value in renamed["$defs"].items()}
    for old, new in names.items():
        _annotate_def(renamed["$defs"][new], generic=new != old and "[" in defs[old].get("title", ""), name=new)
    return renamed


def _annotate_def(definition: dict[str, Any], *, generic: bool, name: str) -> None:
    """Title a generic def `Claim[FlopRate]`, give it its class docstring, and say its value's unit."""
    base, _, value_type = name.partition("_")
    if generic:
        definition["title"] = f"{base}[{value_type}]"
        origin = getattr(models, base, None)
        if "description" not in definition and inspect.isclass(origin) and origin.__doc__:
            definition["description"] = inspect.cleandoc(origin.__doc__)
    unit = _named_types().get(value_type, {}).get("description") if generic else None
    value = definition.get("properties", {}).get("value", {})
    if unit and "description" in value and unit not in value["description"]:
        value["description"] = f"{value['description'].rstrip('.')}: {unit}."


def _readable_name(key: str, definition: dict[str, Any], names: dict[str, str]) -> str:
    """`Specs` for a plain model; `Claim_Slug` for a generic claim over the named type Slug."""
    title = definition.get("title", key)
    if "[" not in title:
        return title if title.isidentifier() else key
    value = definition.get("properties", {}).get("value", {})
    ref = value.get("$ref", "").removeprefix("#/$defs/")
    if ref:
        return f"{title.split('[')[0]}_{names.get(ref, ref)}"
    matches = [name for name, type_schema in _named_types().items() if _core(type_schema) == _core(value)]
    return f"{title.split('[')[0]}_{matches[0]}" if len(matches) == 1 else key


def _replace_refs(node: Any, refs: dict[str, str]) -> Any:
    if isinstance(node, dict):
        return {
            key: refs.get(value, value) if key == "$ref" else _replace_refs(value, refs) for key, value in node.items()
        }
    if isinstance(node, list):
        return [_replace_refs(item, refs) for item in node]
    return node


def _widen(schema: dict[str, Any]) -> dict[str, Any]:
    """Accept what the models accept from YAML but their declared JSON type leaves out."""
    types = _named_types()
    return _widen_node(schema, [(_core(types["PartialDate"]), _YEAR), (_core(types["Count"]), _NUMBER_TEXT)])


def _widen_node(node: Any, widenings: list[tuple[object, dict[str, Any]]]) -> Any:
    if isinstance(node, list):
        return [_widen_node(item, widenings) for item in node]
    if not isinstance(node, dict):
        return node
    for declared, extra in widenings:
        if _core(node) == declared:
            annotations = {key: value for key, value in node.items() if key in _ANNOTATIONS}
            return {**annotations, "anyOf": [declared, extra]}
    return {key: _widen_node(value, widenings) for key, value in node.items()}
