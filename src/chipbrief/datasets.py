"""Data downloads: the validated content as JSON and CSV, the same bytes for the same content.

JSON files hold every entity as its model dumps it (claims with their sources, each with its
stable `id` and the `date` its value refers to). chips.csv is flat: one row per chip, one column
per spec in its canonical unit, several values joined with ';' in the order the content lists
them, and columns naming their sources and statuses. claims.csv is long: one row per claim.
sources.bib (BibTeX) and sources.csl.json (CSL-JSON) cite every source. CSV files start with a
UTF-8 byte-order mark so that spreadsheets read Chinese.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from chipbrief.catalog import Catalog, iter_claim_fields
from chipbrief.citations import bibtex, claim_id, csl_json
from chipbrief.models import RATE_FIELDS, Chip, RateClaim, Specs
from chipbrief.safety import csv_cell
from chipbrief.units import Quantity

#: Canonical unit of each chip spec column, as written into CSV headers.
SPEC_UNITS = {
    "memory_type": "",
    "memory_capacity": "byte",
    "memory_bandwidth": "byte_per_s",
    "fp64": "flop_per_s",
    "fp32": "flop_per_s",
    "tf32": "flop_per_s",
    "fp16": "flop_per_s",
    "bf16": "flop_per_s",
    "fp8": "flop_per_s",
    "fp4": "flop_per_s",
    "int8": "op_per_s",
    "tdp": "w",
    "die_area": "mm2",
    "transistors": "count",
    "tpp": "",
    "interconnect": "",
    "interconnect_bandwidth": "byte_per_s",
    "form_factor": "",
    "host_interface": "",
}
KINDS = ("sources", "companies", "chips", "events", "briefs")


def build_datasets(catalog: Catalog) -> dict[str, str]:
    """Every data file, by its path under the site: data/<kind>.json, data/<kind>.csv."""
    files: dict[str, str] = {}
    records = {kind: [_record(catalog, kind, entity) for entity in getattr(catalog, kind).values()] for kind in KINDS}
    for kind, dumped in records.items():
        files[f"data/{kind}.json"] = json.dumps(dumped, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    files["data/chips.csv"] = _csv(_chip_rows(catalog))
    files["data/companies.csv"] = _csv(_company_rows(catalog))
    for kind in ("sources", "events"):  # flat already: their JSON records become CSV rows as they are
        files[f"data/{kind}.csv"] = _csv([{k: _cell(v) for k, v in record.items()} for record in records[kind]])
    files["data/briefs.csv"] = _csv([_brief_row(b) for b in catalog.briefs.values()])
    files["data/claims.csv"] = _csv(claim_rows(catalog))
    files["data/sources.bib"] = bibtex(catalog.sources)
    files["data/sources.csl.json"] = csl_json(catalog.sources)
    files["data/export-control.json"] = export_control_json(catalog)
    return dict(sorted(files.items()))


def export_control_json(catalog: Catalog) -> str:
    """data/export-control.json: every rule (id, dates, kind, sources) and, per chip and rule, inputs and outcome.

    Each chip's entry under a rule lists one result per reading ("as stated", or "if dense" and
    "if sparse" when a figure does not say), with the figures it rests on and their sources.
    """
    from chipbrief.exportcontrol import assess_rule, readings
    from chipbrief.exportcontrol.rules import ordered

    rules = ordered(catalog.rules.values())
    data: dict[str, Any] = {
        "note": "Arithmetic on reported figures, not a legal determination.",
        "rules": [
            {
                "id": r.id,
                "title": r.title,
                "kind": r.kind,
                "effective": r.effective,
                "ended": r.ended,
                "federal_register": r.federal_register,
                "outcome_when_caught": r.outcome,
                "sources": r.sources,
            }
            for r in rules
        ],
        "chips": {},
    }
    for chip in catalog.chips.values():
        chip_readings = readings(chip, catalog)
        per_rule = {}
        for rule in rules:
            result = assess_rule(rule, chip, catalog, chip_readings)
            per_rule[rule.id] = [
                {
                    "reading": verdict.reading,
                    "outcome": verdict.outcome,
                    "missing": verdict.missing,
                    "why": verdict.why,
                    "inputs": [
                        {
                            "figure": i.metric,
                            "value": i.value,
                            "how": i.how,
                            "source": i.source,
                            "status": i.status,
                            "date": i.when,
                        }
                        for i in verdict.inputs
                    ],
                    "rests_on_estimated_or_rumored": bool(verdict.soft),
                }
                for verdict in result.verdicts
            ]
        data["chips"][chip.id] = per_rule
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _record(catalog: Catalog, kind: str, entity: Any) -> dict[str, Any]:
    if kind == "briefs":
        return {"id": entity.id, **entity.meta.model_dump(mode="json"), "body": entity.body.strip()}
    dumped = entity.model_dump(mode="json")
    if kind in ("companies", "chips"):
        for loc, claims in iter_claim_fields(entity):
            place: Any = dumped
            for key in loc:
                place = place[key]
            field = ".".join(str(part) for part in loc)
            for claim, record in zip(claims, place, strict=True):
                when = catalog.date_of(claim)
                record.update({"id": claim_id(field, claim), "date": when.date, "date_basis": when.basis})
    return dumped


#: The columns of claims.csv: one row per sourced value of every chip and company.
CLAIM_COLUMNS = (
    "entity_kind", "entity_id", "entity_name", "field", "claim_id", "value", "value_canonical", "unit",
    "dense_or_sparse", "dense_or_sparse_basis", "status", "as_of", "date", "date_basis", "source_id", "source_url",
    "note",
)  # fmt: skip


def claim_rows(catalog: Catalog) -> list[dict[str, str]]:
    """Every claim as one row (long format), with the date its value refers to and its source."""
    rows = []
    for kind in ("chips", "companies"):
        for entity in getattr(catalog, kind).values():
            for loc, claims in iter_claim_fields(entity):
                field = ".".join(str(part) for part in loc)
                unit = SPEC_UNITS.get(loc[-1], "") if loc[0] == "specs" else ("nm" if field == "process_node" else "")
                for claim in claims:
                    when = catalog.date_of(claim)
                    value = claim.value
                    rows.append(
                        {
                            "entity_kind": kind[:-1] if kind == "chips" else "company",
                            "entity_id": entity.id,
                            "entity_name": entity.name,
                            "field": field,
                            "claim_id": claim_id(field, claim),
                            "value": _plain(value),
                            "value_canonical": _canonical(value),
                            "unit": unit,
                            "dense_or_sparse": claim.density if isinstance(claim, RateClaim) else "",
                            "dense_or_sparse_basis": claim.density_basis if isinstance(claim, RateClaim) else "",
                            "status": claim.status,
                            "as_of": claim.as_of or "",
                            "date": when.date or "",
                            "date_basis": when.basis,
                            "source_id": claim.source,
                            "source_url": catalog.sources[claim.source].url,
                            "note": claim.note or "",
                        }
                    )
    return rows


def _plain(value: Any) -> str:
    if hasattr(value, "model_dump"):
        return ":".join(str(part) for part in value.model_dump().values())
    return str(value)


def _cell(value: Any) -> str:
    """A CSV cell: lists joined with ';', nothing as empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(_cell(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _canonical(value: Any) -> str:
    if isinstance(value, Quantity):
        return f"{value.value:g}"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _chip_rows(catalog: Catalog) -> list[dict[str, str]]:
    rows = []
    for chip in catalog.chips.values():
        row = {
            "id": chip.id,
            "name": chip.name,
            "name_zh": chip.name_zh or "",
            "designer": chip.designer,
            "status": chip.current_status,
            "status_history": ";".join(c.value for c in chip.status),
            "status_sources": ";".join(c.source for c in chip.status),
            "workload": chip.workload,
        }
        for name, claims in (
            ("foundry", chip.foundry),
            ("process_node_nm", chip.process_node),
            ("announced", chip.announced),
            ("released", chip.released),
        ):
            row[name] = ";".join(_canonical(c.value) for c in claims)
            row[f"{name}_sources"] = ";".join(c.source for c in claims)
        row.update(_spec_columns(chip))
        rows.append(row)
    return rows


def _spec_columns(chip: Chip) -> dict[str, str]:
    columns: dict[str, str] = {}
    for name in Specs.model_fields:
        claims = getattr(chip.specs, name)
        unit = SPEC_UNITS[name]
        column = f"{name}_{unit}" if unit else name
        columns[column] = ";".join(_canonical(c.value) for c in claims)
        if name in RATE_FIELDS:
            columns[f"{name}_sparse"] = ";".join(_cell(c.sparse) if c.sparse is not None else "unknown" for c in claims)
        columns[f"{name}_status"] = ";".join(c.status for c in claims)
        columns[f"{name}_sources"] = ";".join(c.source for c in claims)
    return columns


def _company_rows(catalog: Catalog) -> list[dict[str, str]]:
    rows = []
    for company in catalog.companies.values():
        rows.append(
            {
                "id": company.id,
                "name": company.name,
                "name_zh": company.name_zh or "",
                "pinyin": company.pinyin or "",
                "aliases": ";".join(company.aliases),
                "kind": company.kind,
                "website": company.website or "",
                "parent": ";".join(c.value for c in company.parent),
                "headquarters": ";".join(c.value for c in company.headquarters),
                "founded": ";".join(c.value for c in company.founded),
                "listings": ";".join(f"{c.value.exchange}:{c.value.ticker}" for c in company.listings),
                "sources": ";".join(company.sources),
            }
        )
    return rows


def _brief_row(brief: Any) -> dict[str, str]:
    meta = brief.meta
    return {
        "id": brief.id,
        "title": meta.title,
        "date": meta.date,
        "source": meta.source,
        "checked_against": ";".join(meta.checked_against),
        "original_language": meta.original_language,
        "original_title": meta.original_title or "",
        "companies": ";".join(meta.mentions.companies),
        "chips": ";".join(meta.mentions.chips),
        "tags": ";".join(meta.tags),
    }


def _csv(rows: list[dict[str, str]]) -> str:
    """CSV text with a UTF-8 byte-order mark, so spreadsheets read Chinese names right."""
    if not rows:
        return ""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows({key: csv_cell(value) for key, value in row.items()} for row in rows)
    return out.getvalue()
