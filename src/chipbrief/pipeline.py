"""The whole generator in one call: load, validate, check brief bodies, render every file.

`chipbrief check`, `chipbrief export` and the MkDocs hook all go through `generate`, so whatever
`check` accepts is exactly what the build renders: a page that cannot be rendered is a content
problem, reported at the content file that caused it, never a traceback in the build.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from chipbrief.catalog import Catalog, iter_claim_fields
from chipbrief.citations import as_of_is_access_date, claim_id
from chipbrief.history import read_history
from chipbrief.load import BRIEFS, Loaded, Record, load_content
from chipbrief.problems import ContentError, Problem
from chipbrief.render import RenderError, Templates, entity_uri, render_site
from chipbrief.rendercache import RenderCache
from chipbrief.safety import brief_body_problems
from chipbrief.validate import validate

#: The published address when none is configured: empty, so no build writes a local address;
#: canonical links and absolute feed links appear only when CHIPBRIEF_SITE_URL gives the real one.
UNKNOWN_SITE_URL = ""
#: Where a cached build keeps Jinja's compiled templates (under the project root, never committed).
COMPILED_TEMPLATES = Path(".cache") / "templates"


@dataclass(frozen=True)
class Generated:
    """The validated content and every file generated from it, by path inside the site."""

    catalog: Catalog
    files: dict[str, str]


def generate(
    root: Path, site_url: str = UNKNOWN_SITE_URL, today: str | None = None, cache: RenderCache | None = None
) -> Generated:
    """Check root/content and render every page, data file and feed; raise ContentError with every problem.

    `today` (YYYY-MM-DD) is the build's date, the export-control panel's default; left out, the
    current day. Tests pass it so that output does not depend on the day they run. With a `cache`
    (the build's, `chipbrief.rendercache`), only what an edit changed is rendered again, and the
    cache is saved for the next build.
    """
    loaded = load_content(root)
    catalog, problems = validate(loaded)
    problems += body_problems(loaded)
    problems += claim_problems(loaded, catalog)
    if problems:
        raise ContentError(problems)
    catalog = dataclasses.replace(catalog, history=read_history(root), build_date=today or dt.date.today().isoformat())
    try:
        compiled = root / COMPILED_TEMPLATES if cache is not None else None
        files = render_site(catalog, Templates.from_folder(root / "templates", compiled), site_url, cache)
    except RenderError as error:
        raise ContentError([_render_problem(catalog, error)]) from None
    if cache is not None:
        cache.save()
    return Generated(catalog, files)


def body_problems(loaded: Loaded) -> list[Problem]:
    """Every brief body construct the sanitizer would drop (raw HTML, images, unsafe links), by file line."""
    problems = []
    for record in loaded.records:
        if record.kind != BRIEFS:
            continue
        for issue in brief_body_problems(record.body):
            problems.append(
                Problem(record.path, record.body_line + issue.line - 1, issue.column, "body", issue.message)
            )
    return problems


def claim_problems(loaded: Loaded, catalog: Catalog) -> list[Problem]:
    """Claims whose as_of is the day we read the source, and claims given twice (their ids would clash)."""
    records = {(record.kind, record.stem): record for record in loaded.records}
    problems = []
    for kind in ("companies", "chips"):
        for ident, entity in getattr(catalog, kind).items():
            record = records[(kind, ident)]
            seen: dict[str, int] = {}
            for loc, claims in iter_claim_fields(entity):
                field = ".".join(str(part) for part in loc)
                for index, claim in enumerate(claims):
                    source = catalog.sources.get(claim.source)
                    if source and as_of_is_access_date(claim, source):
                        problems.append(
                            record.problem(
                                (*loc, index, "as_of"),
                                f"expected the date the value refers to, as the source states it (or no as_of, "
                                f"to use the source's publication date), found {claim.as_of!r}, the day the "
                                f"source was read (accessed {source.accessed})",
                            )
                        )
                    ident_of_claim = claim_id(field, claim)
                    if ident_of_claim in seen:
                        problems.append(
                            record.problem(
                                (*loc, index),
                                f"expected each value once per source, found the value of [{seen[ident_of_claim]}] "
                                "again from the same source (give one claim; a changed status is a new as_of)",
                            )
                        )
                    seen.setdefault(ident_of_claim, index)
    for ident, chip in catalog.chips.items():
        if all(claim.source in catalog.sources for claim in chip.status):  # else the source's own problem says it
            problems.extend(_status_order(records[("chips", ident)], catalog, chip.status))
    return problems


def _status_order(record: Record, catalog: Catalog, history: list) -> list[Problem]:
    """A current status (the last claim) that a newer dated claim contradicts is a problem at the newer one."""
    if any(claim.source not in catalog.sources for claim in history):
        return []  # an unknown or invalid source is reported already; its claim has no date to compare
    current = catalog.date_of(history[-1]).date
    if not current:
        return []
    problems = []
    for index, claim in enumerate(history[:-1]):
        when = catalog.date_of(claim).date
        if when and when[: len(current)] > current and claim.value != history[-1].value:
            problems.append(
                record.problem(
                    ("status", index),
                    f"expected the status history oldest first, the current status last; found {claim.value!r} "
                    f"as of {when}, newer than the current {history[-1].value!r} as of {current}",
                )
            )
    return problems


def _render_problem(catalog: Catalog, error: RenderError) -> Problem:
    """A render failure as a problem in the content file whose page failed (or the template, for index pages)."""
    path = _content_path(catalog, error.uri)
    if path:
        return Problem(path, 1, 1, "", f"expected content the page {error.uri} can be rendered from, found {error}")
    return Problem(error.template, error.line, 1, "", str(error))


def _content_path(catalog: Catalog, uri: str) -> str | None:
    for kind in ("sources", "companies", "chips", "briefs"):
        for ident, entity in getattr(catalog, kind).items():
            if entity_uri(kind, entity) == uri:
                if kind == "briefs":
                    return f"content/briefs/{entity.meta.date[:4]}/{ident}.md"
                return f"content/{kind}/{ident}.yaml"
    return None
