"""Skeleton content files for `chipbrief new`: every field in place, TODO where a person must fill in.

A skeleton is shaped so that `chipbrief check` fails on it only at lines marked TODO: each
required value left to fill is a value the check rejects (`TODO` where an id, a date or a
choice goes, `null` where text goes), so nothing half-filled can pass unnoticed. Optional
fields are written out as `null` or `[]` with a comment that says what goes there.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from datetime import date
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml
from pydantic import TypeAdapter, ValidationError

from chipbrief import models
from chipbrief.load import ContentLoader
from chipbrief.schemas import schema_line

#: The content folder of each kind `chipbrief new` writes.
FOLDERS = {"brief": "briefs", "source": "sources", "chip": "chips", "company": "companies", "event": "events"}

_MAX_SLUG = 60
_PAGE_SUFFIX = re.compile(r"\.(s?html?|php|aspx?|jsp|cms)$")
_SECOND_LEVEL = {"com", "co", "net", "org", "gov", "edu", "ac"}


class ScaffoldError(Exception):
    """A request `chipbrief new` cannot carry out; the message says what is wrong and what to do."""


def new_entity(
    root: Path,
    kind: str,
    *,
    url: str | None,
    lang: str | None,
    ident: str | None,
    name: str | None,
    today: date | None = None,
) -> list[Path]:
    """Write the skeleton file(s) for a new entity of kind under root/content; return the paths written.

    A brief also gets a source skeleton when no source has its URL yet. Never overwrites a file.
    """
    if kind not in FOLDERS:
        raise ScaffoldError(f"expected a kind among {', '.join(FOLDERS)}, found {kind!r}")
    if not (root / "content").is_dir():
        raise ScaffoldError(f"{root / 'content'}: no content/ folder here; run in the project folder or pass --root")
    today = today or date.today()
    lang = lang.strip().lower() if lang is not None else None
    _check_options(kind, url=url, lang=lang, name=name, ident=ident)
    if ident is not None:
        _check_slug(ident, "--id")
    files = _plan(root, kind, url=url, lang=lang, ident=ident, name=name, today=today)
    for rel in files:
        if (root / rel).exists():
            raise ScaffoldError(
                f"{rel} already exists; `chipbrief new` never overwrites: edit it, or pick another --id"
            )
    written = []
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with path.open("x", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        except FileExistsError:
            raise ScaffoldError(f"{rel} already exists; `chipbrief new` never overwrites: edit it") from None
        written.append(path)
    return written


# ---------------------------------------------------------------------------
# Options
# ---------------------------------------------------------------------------

_OPTION_HELP = {
    "--url": "--url URL (the article's address, copied from your browser)",
    "--lang": "--lang CODE (the two-letter language of the original: en, fr, zh ...)",
}


def _check_options(kind: str, *, url: str | None, lang: str | None, name: str | None, ident: str | None) -> None:
    """Say which option is missing, misspelt or meant for another kind."""
    if kind in ("brief", "source"):
        missing = [_OPTION_HELP[option] for option, value in (("--url", url), ("--lang", lang)) if value is None]
        if missing:
            raise ScaffoldError(f"`chipbrief new {kind}` needs {' and '.join(missing)}")
        _check_value(models.Url, url, "--url")
        _check_value(models.Language, lang, "--lang")
        if name is not None:
            raise ScaffoldError(f"--name is for chip, company and event, not {kind}: leave it out")
        return
    for option, value in (("--url", url), ("--lang", lang)):
        if value is not None:
            raise ScaffoldError(f"{option} is for brief and source, not {kind}: leave it out")
    if kind in ("chip", "company") and not name:
        raise ScaffoldError(f"`chipbrief new {kind}` needs --name NAME (the {kind}'s name in English)")
    if kind == "event" and not name and not ident:
        raise ScaffoldError("`chipbrief new event` needs --name TITLE (what happened, in one line) or --id ID")


def _check_value(annotation: object, value: str | None, option: str) -> None:
    try:
        TypeAdapter(annotation).validate_python(value)
    except ValidationError as error:
        first = error.errors()[0]
        cause = (first.get("ctx") or {}).get("error")
        raise ScaffoldError(f"{option}: {cause or first['msg']}") from None


def _check_slug(ident: str, option: str) -> None:
    if not models.SLUG.match(ident):
        raise ScaffoldError(f"{option}: expected a lower-case slug (a-z, 0-9 and '-'), found {ident!r}")


# ---------------------------------------------------------------------------
# Ids
# ---------------------------------------------------------------------------


def slugify(text: str) -> str:
    """A lower-case slug from text: accents dropped, other characters turned into '-', at most 60 long."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(char for char in decomposed if not unicodedata.combining(char)).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.encode("ascii", "replace").decode()).strip("-")
    if len(slug) > _MAX_SLUG:
        cut = slug[:_MAX_SLUG]
        slug = cut[: cut.rfind("-")] if "-" in cut else cut
    return slug


def slug_from_url(url: str) -> str:
    """An id from a URL's last path segment; the site's name is put first when the segment has no word."""
    parts = urlsplit(url)
    segments = [segment for segment in unquote(parts.path).split("/") if segment]
    page = slugify(_PAGE_SUFFIX.sub("", segments[-1])) if segments else ""
    if re.search(r"[a-z]", page):
        return page
    site = _site_name(parts.hostname or "")
    return f"{site}-{page}".strip("-") if page else site


def _site_name(host: str) -> str:
    """The site's own label in a host name: news.cnyes.com -> cnyes, bbc.co.uk -> bbc."""
    labels = [label for label in host.lower().split(".") if label and label != "www"][:-1] or [host]
    while len(labels) > 1 and labels[-1] in _SECOND_LEVEL:
        labels.pop()
    return slugify(labels[-1])


def _next_free(base: str, taken: Callable[[str], bool]) -> str:
    """base itself if free, else base-2, base-3 ..."""
    candidate, number = base, 2
    while taken(candidate):
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def _derived(base: str, what: str) -> str:
    if not base:
        raise ScaffoldError(f"cannot make an id from {what}: give one with --id (a-z, 0-9 and '-')")
    return base


def _entity_path(kind: str, ident: str, year: int) -> str:
    if kind == "brief":
        return f"content/briefs/{year}/{ident}.md"
    return f"content/{FOLDERS[kind]}/{ident}.yaml"


def _taken(root: Path, kind: str) -> Callable[[str], bool]:
    """Whether an id is used by an entity of kind; a brief's id is used in any year's folder."""
    if kind == "brief":
        return lambda ident: any((root / "content" / "briefs").glob(f"*/{ident}.md"))
    return lambda ident: (root / _entity_path(kind, ident, 0)).exists()


def _existing_brief(root: Path, ident: str) -> str | None:
    found = sorted((root / "content" / "briefs").glob(f"*/{ident}.md"))
    return found[0].relative_to(root).as_posix() if found else None


def _source_with_url(root: Path, url: str) -> str | None:
    """The id of the source that already has this URL (ignoring a final '/'), if any."""
    wanted = url.rstrip("/")
    for path in sorted((root / "content" / "sources").glob("*.yaml")):
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=ContentLoader)
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue
        if isinstance(data, dict) and isinstance(data.get("url"), str) and data["url"].rstrip("/") == wanted:
            return path.stem
    return None


# ---------------------------------------------------------------------------
# What to write
# ---------------------------------------------------------------------------


def _plan(
    root: Path, kind: str, *, url: str | None, lang: str | None, ident: str | None, name: str | None, today: date
) -> dict[str, str]:
    """The files to write, by path relative to root, with their text."""
    if kind == "source":
        return _plan_source(root, url or "", lang or "", ident, today)
    if kind == "brief":
        return _plan_brief(root, url or "", lang or "", ident, today)
    base = ident or _next_free(_derived(slugify(name or ""), repr(name)), _taken(root, kind))
    text = {"chip": _chip_text, "company": _company_text, "event": _event_text}[kind](base, name)
    return {_entity_path(kind, base, 0): text}


def _plan_source(root: Path, url: str, lang: str, ident: str | None, today: date) -> dict[str, str]:
    """A source skeleton, unless a source already has this URL."""
    existing = _source_with_url(root, url)
    if existing:
        raise ScaffoldError(f"content/sources/{existing}.yaml already has this URL; one source per URL: edit that file")
    source_id = ident or _next_free(_derived(slug_from_url(url), url), _taken(root, "source"))
    return {_entity_path("source", source_id, 0): _source_text(source_id, url, lang, today)}


def _plan_brief(root: Path, url: str, lang: str, ident: str | None, today: date) -> dict[str, str]:
    """A brief skeleton in this year's folder, citing the source with its URL, or a new source skeleton."""
    brief_id = ident or _next_free(_derived(slug_from_url(url), url), _taken(root, "brief"))
    clash = _existing_brief(root, brief_id)
    if clash:
        raise ScaffoldError(f"{clash} already exists; `chipbrief new` never overwrites: edit it, or pick another --id")
    source_id = _source_with_url(root, url)
    files = {}
    if not source_id:
        source_id = _next_free(_derived(slug_from_url(url), url), _taken(root, "source"))
        files[_entity_path("source", source_id, 0)] = _source_text(source_id, url, lang, today)
    return {_entity_path("brief", brief_id, today.year): _brief_text(source_id, lang, today), **files}


def _scalar(value: str) -> str:
    """value as a YAML scalar: plain when it reads back the same, else double-quoted."""
    try:
        if yaml.load(f"key: {value}", Loader=ContentLoader) == {"key": value}:
            return value
    except yaml.YAMLError:
        pass
    return json.dumps(value, ensure_ascii=False)


def _yaml_file(kind: str, lines: list[str]) -> str:
    return "\n".join([schema_line(kind), *lines]) + "\n"


def _source_text(ident: str, url: str, lang: str, today: date) -> str:
    lines = [
        f"id: {ident}",
        "publisher: null  # TODO: the site or outlet at the URL, as it names itself",
        "original_outlet: null  # for a syndicated copy: the outlet that first published the text",
        "author: null  # optional: the author, as the page names them",
        "title: null  # TODO: the title in the original language and script, exactly as shown (required)",
    ]
    if lang != "en":
        lines.append("title_en: null  # TODO: the title in English, once title is filled in")
    lines += [
        f"url: {_scalar(url)}",
        f"language: {lang}",
        "published: null  # TODO: YYYY-MM-DD, YYYY-MM or YYYY as the page shows it; null if not visible",
        f"accessed: {today.isoformat()}",
        "archive_url: null  # optional: a copy in a web archive",
        "paywalled: false  # true if the page is behind a paywall",
        "note: null  # optional: e.g. where the original_outlet credit was seen",
    ]
    return _yaml_file("source", lines)


def _brief_text(source_id: str, lang: str, today: date) -> str:
    year = today.year
    if lang == "en":
        translator = ["translator: null  # optional for an English original"]
    else:
        translator = [
            "translator:  # required because original_language is not en",
            "  name: null  # TODO: your name if you translated it; for a tool's translation leave null, fill tool",
            "  tool: null  # the tool that translated it, e.g. Claude (Anthropic)",
            "  reviewed_by: null  # the person who reviewed a tool's translation; null if nobody yet",
        ]
    lines = [
        "---",
        "title: null  # TODO: a headline in our words, in English",
        f"date: TODO  # TODO: the original's publication date, YYYY-MM-DD (or YYYY-MM); not {year}? "
        "move this file to content/briefs/<its year>/",
        f"source: {source_id}  # the article briefed",
        "checked_against: []  # optional: ids of other sources you checked the claims against",
        f"original_language: {lang}",
        "original_title: null  # optional: the title as the original shows it; null if not seen",
        *translator,
        "mentions:",
        "  companies: [TODO]  # TODO: ids from content/companies/ (at least one company or chip)",
        "  chips: []  # ids from content/chips/",
        "tags: []  # optional: tags listed in content/tags.yaml, e.g. [inference]",
        "claims:  # the key claims, each with how sure it is; add one item per claim",
        "  - text: null  # TODO: one key claim, in our words",
        "    status: TODO  # confirmed, reported, rumored or estimated",
        f"    source: {source_id}",
        "quote: null  # optional: {text: at most one short quote in the original language, source: <source id>}",
        "---",
        "",
        "TODO: the brief in our own words, 150 to 400 words. Never paste the article's text.",
    ]
    return "\n".join(lines) + "\n"


def _company_text(ident: str, name: str | None) -> str:
    return _yaml_file(
        "company",
        [
            f"id: {ident}",
            f"name: {_scalar(name or '')}",
            "short_name: null  # optional: the name for tables and charts, e.g. TSMC",
            "name_zh: null  # optional: the Chinese name in simplified characters",
            "pinyin: null  # optional: pinyin of the Chinese name, with tone marks",
            "aliases: []  # other names readers search for",
            "kind: TODO  # designer, foundry, memory, cloud, internet, ai-lab, telecom or other",
            "website: null  # optional: only a URL you saw",
            "summary: null  # TODO: one or two sentences, our words",
            "sources: [TODO]  # TODO: ids of the sources (content/sources/) that back the summary",
            "parent: []  # claims, e.g. - {value: <company id>, source: <source id>, status: reported, as_of: 2025-08}",
            "headquarters: []  # claims; value: a city",
            'founded: []  # claims; value: a year in quotes ("2016"), YYYY-MM or YYYY-MM-DD',
            'listings: []  # claims; value: {exchange: SSE STAR, ticker: "688256"}',
        ],
    )


def _chip_text(ident: str, name: str | None) -> str:
    return _yaml_file(
        "chip",
        [
            f"id: {ident}",
            f"name: {_scalar(name or '')}",
            "name_zh: null  # optional: the Chinese name",
            "aliases: []  # other names readers search for",
            "designer: TODO  # TODO: the designer's company id (content/companies/)",
            "status:  # the status history, oldest first, the current status last; each step sourced",
            "  - value: TODO  # announced, sampling, in-production, halted, discontinued or reported-only",
            "    source: TODO  # the id of the source that says so",
            "    status: TODO  # how sure: confirmed, reported, rumored or estimated",
            "workload: TODO  # training, inference, both, or unknown when no source says",
            "summary: null  # TODO: one or two sentences, our words",
            "sources: [TODO]  # TODO: ids of the sources that back name, workload and summary",
            "foundry: []  # claims, e.g. - {value: <company id>, source: <source id>, status: reported, as_of: 2025}",
            "process_node: []  # claims; value: e.g. 7 nm",
            "announced: []  # claims; value: a date",
            "released: []  # claims; value: a date",
            "specs: {}  # each spec a list of claims in stated units (CONTRIBUTING.md, Chips), e.g.",
            "#   bf16:",
            "#     - {value: 780 TFLOP/s, sparse: false, source: <source id>, status: reported, as_of: 2025-07}",
            "see_also: []  # optional: chips that may be the same product, or its family",
        ],
    )


def _event_text(ident: str, name: str | None) -> str:
    title = f"title: {_scalar(name)}" if name else "title: null  # TODO: what happened, in one line"
    return _yaml_file(
        "event",
        [
            f"id: {ident}",
            "date: TODO  # TODO: YYYY-MM-DD, or YYYY-MM when only the month is known",
            title,
            "kind: TODO  # launch, roadmap, export-control, guidance, results, listing, report or other",
            "status: TODO  # confirmed, reported, rumored or estimated",
            "companies: []  # ids from content/companies/",
            "chips: []  # ids from content/chips/",
            "sources: [TODO]  # TODO: ids of the sources that report it",
            "summary: null  # TODO: one or two sentences, our words",
        ],
    )
