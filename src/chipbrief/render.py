"""Rendering: the validated catalog through Jinja templates into Markdown pages.

`render_pages` is pure: the same catalog and templates give the same pages, byte for byte.
Each page gets a fresh context of its own; nothing is shared or mutated between pages.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import yaml
from markupsafe import Markup

from chipbrief.catalog import Catalog, iter_claim_fields
from chipbrief.models import Brief, Chip, Claim, Company, Listing, RateClaim, Source
from chipbrief.units import Quantity

LANGUAGE_NAMES = {"en": "English", "fr": "French", "zh": "Chinese", "ja": "Japanese", "ko": "Korean", "de": "German"}

#: Spec rows on chip pages, in reading order, with their labels.
SPEC_LABELS = {
    "memory_type": "Memory type",
    "memory_capacity": "Memory capacity",
    "memory_bandwidth": "Memory bandwidth",
    "fp64": "FP64",
    "fp32": "FP32",
    "tf32": "TF32",
    "fp16": "FP16",
    "bf16": "BF16",
    "fp8": "FP8",
    "fp4": "FP4",
    "int8": "INT8",
    "tdp": "TDP",
    "die_area": "Die area",
    "transistors": "Transistors",
    "interconnect": "Interconnect",
    "interconnect_bandwidth": "Interconnect bandwidth",
    "form_factor": "Form factor",
    "host_interface": "Host interface",
}

STATUS_HELP = {
    "confirmed": "stated by the maker or owner, or an official record",
    "reported": "reported by a named outlet; not confirmed by the maker",
    "rumored": "leaks or anonymous claims repeated without an outlet standing behind them",
    "estimated": "derived by an analyst or by arithmetic on other values",
}


def entity_uri(kind: str, entity: Any) -> str:
    """The source path of an entity's page inside the site."""
    if kind == "briefs":
        return f"briefs/{entity.meta.date[:4]}/{entity.id}.md"
    if kind == "events":
        return f"timeline.md#{entity.id}"
    return f"{kind}/{entity.id}.md"


@dataclass(frozen=True)
class Templates:
    """A Jinja environment over templates/, with the filters pages share."""

    env: jinja2.Environment

    @classmethod
    def from_folder(cls, folder: Path) -> Templates:
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(folder)),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        env.filters["language_name"] = lambda code: LANGUAGE_NAMES.get(code, code)
        env.filters["cell"] = _table_cell
        env.globals["SPEC_LABELS"] = SPEC_LABELS
        env.globals["STATUS_HELP"] = STATUS_HELP
        env.globals["status_badge"] = status_badge
        env.globals["source_label"] = source_label
        env.filters["field_label"] = field_label
        return cls(env)


def render_pages(catalog: Catalog, templates: Templates) -> dict[str, str]:
    """Render every page of the site: {source path: Markdown with front matter}."""
    pages: dict[str, str] = {}

    def page(uri: str, template: str, front: dict[str, Any], **values: Any) -> None:
        context = PageContext(catalog, uri)
        try:
            body = templates.env.get_template(template).render(catalog=catalog, page=context, **values)
        except jinja2.TemplateError as error:
            raise RenderError(_template_problem(template, uri, error)) from None
        except Exception as error:  # a template called something that failed: still point at the template line
            raise RenderError(_template_problem(template, uri, error)) from None
        pages[uri] = _front_matter(front) + body

    page("index.md", "home.md.j2", {"title": "chipbrief"})
    page("briefs/index.md", "briefs_index.md.j2", {"title": "Briefs"})
    page("companies/index.md", "companies_index.md.j2", {"title": "Companies"})
    page("chips/index.md", "chips_index.md.j2", {"title": "Chips"})
    page("sources/index.md", "sources_index.md.j2", {"title": "Sources"})
    page("timeline.md", "timeline.md.j2", {"title": "Timeline"})
    for company in catalog.companies.values():
        page(entity_uri("companies", company), "company.md.j2", {"title": company.name}, company=company)
    for chip in catalog.chips.values():
        page(entity_uri("chips", chip), "chip.md.j2", {"title": chip.name}, chip=chip)
    for source in catalog.sources.values():
        # Source records are reached from footnotes; in search, their headline titles would outrank
        # the company and chip pages readers look for. The sources index stays searchable.
        front = {"title": source_label(source), "search": {"exclude": True}}
        page(entity_uri("sources", source), "source.md.j2", front, source=source)
    for brief in catalog.briefs.values():
        # Tags stay out of front matter: Material's search boosts page tags a millionfold, which would
        # rank every brief tagged "cambricon" above Cambricon's own page.
        front = {"title": brief.meta.title, "date": brief.meta.date}
        page(entity_uri("briefs", brief), "brief.md.j2", front, brief=brief)
    return dict(sorted(pages.items()))


class RenderError(Exception):
    """A template failed: the message names the template file, its line and the page being rendered."""


def _template_problem(template: str, uri: str, error: Exception) -> str:
    line = getattr(error, "lineno", None)
    name = getattr(error, "filename", None) or template
    tb = error.__traceback__
    while tb is not None:  # Jinja rewrites frames to the template's own file and line
        if tb.tb_frame.f_code.co_filename.endswith(".j2"):
            name, line = tb.tb_frame.f_code.co_filename, tb.tb_lineno
        tb = tb.tb_next
    where = f"templates/{Path(name).name}:{line or 0}"
    return f"{where}: while rendering {uri}: {type(error).__name__}: {error}"


def _front_matter(front: dict[str, Any]) -> str:
    dumped = yaml.safe_dump(front, allow_unicode=True, sort_keys=True, width=1000)
    return f"---\n{dumped}---\n\n"


def field_label(field: str) -> str:
    """A reader's name for a content field: 'specs.memory_capacity' -> 'memory capacity'."""
    name = field.removeprefix("specs.")
    return (
        SPEC_LABELS.get(name, name.replace("_", " ")).lower()
        if name not in ("fp64", "fp32", "tf32", "fp16", "bf16", "fp8", "fp4", "int8")
        else name.upper()
    )


def source_label(source: Source) -> str:
    """A short human name for a source: its title, or its publisher and the URL's slug."""
    if source.title:
        return source.title
    slug = source.url.rstrip("/").rsplit("/", 1)[-1]
    return f"{source.publisher}: {slug}"


def _table_cell(text: str) -> str:
    """Make text safe inside a Markdown table cell."""
    return re.sub(r"\s*\n\s*", " ", str(text)).replace("|", "\\|")


class PageContext:
    """What a template needs to know about the page it renders: where it is, and how to link from it."""

    def __init__(self, catalog: Catalog, uri: str) -> None:
        self.catalog = catalog
        self.uri = uri
        self._footnotes: dict[str, int] = {}

    def link(self, target: str) -> str:
        """A relative link from this page to another page's source path (with optional #anchor)."""
        path, _, anchor = target.partition("#")
        relative = posixpath.relpath(path, posixpath.dirname(self.uri) or ".")
        return f"{relative}#{anchor}" if anchor else relative

    def to(self, kind: str, ident: str) -> str:
        """A relative link to an entity's page, by kind and id."""
        return self.link(entity_uri(kind, getattr(self.catalog, kind)[ident]))

    def name(self, kind: str, ident: str) -> str:
        entity = getattr(self.catalog, kind)[ident]
        if kind == "sources":
            return entity.publisher
        if kind == "briefs":
            return entity.meta.title
        if kind == "events":
            return f"{entity.date}: {entity.title}"
        return entity.name

    def cite(self, source_id: str) -> str:
        """A footnote reference to a source; its definition is written by `footnotes()`."""
        self._footnotes.setdefault(source_id, len(self._footnotes) + 1)
        return Markup(f"[^{source_id}]")

    def cites(self, source_ids: list[str]) -> Markup:
        """Footnote references to several sources, separated so their numbers do not run together."""
        return Markup("<sup>,</sup>".join(self.cite(source) for source in source_ids))

    def footnotes(self) -> str:
        """Footnote definitions for every source cited on this page, in order of first citation."""
        lines = []
        for source_id in self._footnotes:
            source = self.catalog.sources[source_id]
            lines.append(f"[^{source_id}]: {self.describe_source(source)}")
        return Markup("\n".join(lines))

    def describe_source(self, source: Source) -> str:
        """Publisher (outlet), title, date, link, archive link: one line."""
        parts = [f"**{_escape(source.publisher)}**"]
        if source.original_outlet:
            parts[0] += f" (text from {_escape(source.original_outlet)})"
        parts.append(f"*{_escape(source_label(source))}*")
        if source.title_en:
            parts.append(f"(“{_escape(source.title_en)}”)")
        parts.append(source.published or "date not known")
        links = [f"[original]({source.url})"]
        if source.archive_url:
            links.append(f"[archive]({source.archive_url})")
        links.append(f"[what cites it]({self.link(entity_uri('sources', source))})")
        tail = " · ".join(links)
        paywall = " (paywalled)" if source.paywalled else ""
        return Markup(", ".join(parts) + f"{paywall}. {tail}")

    def claim(self, claim: Claim, field: str = "") -> str:
        """One sourced value: value, dense/sparse, status badge, as-of date and citation."""
        text = self.value(claim.value, field)
        if isinstance(claim, RateClaim):
            text += {True: " sparse", False: " dense", None: " (dense or sparse not stated)"}[claim.sparse]
        note = f" ({_escape(claim.note)})" if claim.note else ""
        return Markup(
            f"{text} {status_badge(claim.status)} <small>as of {claim.as_of}</small>{note}{self.cite(claim.source)}"
        )

    def value(self, value: Any, field: str = "") -> Markup:
        """A claim's value for readers: human units, company links, escaped text."""
        if isinstance(value, Quantity):
            return Markup(value.human())
        if isinstance(value, Listing):
            return Markup(f"{_escape(value.exchange)}: {_escape(value.ticker)}")
        if field in ("foundry", "parent") and value in self.catalog.companies:
            return Markup(f"[{_escape(self.catalog.companies[value].name)}]({self.to('companies', value)})")
        if field == "specs.transistors":
            return Markup(f"{value / 1e9:.4g} billion")
        return Markup(_escape(str(value)))

    def claims(self, claims: list[Claim], field: str = "") -> str:
        """Every value of one field, side by side, flagged when the sources disagree."""
        if not claims:
            return Markup("—")
        rendered = "<br>".join(self.claim(claim, field) for claim in claims)
        if disagree(claims):
            rendered += '<br><span class="cb-disagree">sources differ</span>'
        return Markup(rendered)

    def claim_fields(self, entity: Company | Chip) -> list[tuple[str, list[Claim]]]:
        return [(".".join(loc), claims) for loc, claims in iter_claim_fields(entity)]

    def briefs_for(self, kind: str, ident: str) -> list[Brief]:
        return self.catalog.briefs_by_entity.get((kind, ident), [])

    def events_for(self, kind: str, ident: str) -> list[Any]:
        return self.catalog.events_by_entity.get((kind, ident), [])

    def brief_date(self, brief: Brief) -> str:
        return brief.meta.date


def disagree(claims: list[Claim]) -> bool:
    """Whether claims give more than one distinct value (dense and sparse counted apart)."""
    keys = set()
    for claim in claims:
        value = claim.value.value if isinstance(claim.value, Quantity) else claim.value
        keys.add((value, getattr(claim, "sparse", None)))
    return len(keys) > 1


def status_badge(status: str) -> Markup:
    """An inline label that shows how sure a value is, with the scale's meaning on hover."""
    return Markup(f'<span class="cb-status cb-status--{status}" title="{STATUS_HELP[status]}">{status}</span>')


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


def _escape(text: str) -> str:
    """Escape text for Markdown output built in Python (templates escape through Jinja)."""
    return _MD_SPECIAL.sub(r"\\\1", text)
