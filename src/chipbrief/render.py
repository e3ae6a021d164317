"""Rendering: the validated catalog through Jinja templates into Markdown pages.

`render_pages` is pure: the same catalog and templates give the same pages, byte for byte.
Each page gets a fresh context of its own; nothing is shared or mutated between pages.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import babel
import jinja2
import yaml
from markupsafe import Markup

from chipbrief import safety
from chipbrief.catalog import Catalog, iter_claim_fields
from chipbrief.charts import render_charts
from chipbrief.citations import STATUS_ORDER, claim_id, conflicting, value_histories
from chipbrief.datasets import build_datasets
from chipbrief.exportcontrol import RULE_SOURCES, assess, assess_chip, caught_by, test_words
from chipbrief.feeds import build_feeds, company_feed_path
from chipbrief.models import (
    RATE_FIELDS,
    Brief,
    BriefMeta,
    Chip,
    Claim,
    Company,
    Event,
    Listing,
    RateClaim,
    Source,
    Specs,
    Tag,
)
from chipbrief.safety import plain
from chipbrief.schemas import json_schemas, render_schema
from chipbrief.units import Quantity

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
    "tpp": "TPP as stated",
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
    if kind == "rules":
        return f"rules/index.md#{entity.id}"
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
            # Every plain value a template prints is text, escaped for HTML and Markdown alike;
            # only Markup built by the helpers below (links, badges, sanitized bodies) passes as is.
            finalize=safety.text,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        env.filters["language_name"] = language_name
        env.globals["source_links"] = source_links
        env.globals["archive_lookup"] = archive_lookup_url
        env.filters["cell"] = safety.text
        env.filters["join"] = _join
        env.globals["external_link"] = safety.link
        env.globals["brief_body"] = safety.brief_body_html
        env.globals["SPEC_LABELS"] = SPEC_LABELS
        env.globals["STATUS_HELP"] = STATUS_HELP
        env.globals["status_badge"] = status_badge
        env.globals["export_assessment"] = assess
        env.globals["RULE_SOURCES"] = RULE_SOURCES
        env.globals["export_panel"] = export_panel
        env.globals["rule_test_words"] = test_words
        env.globals["CHINA_LINEAGE"] = CHINA_LINEAGE
        env.globals["source_label"] = source_label
        env.filters["field_label"] = field_label
        env.filters["ascii_fold"] = ascii_fold
        env.filters["short_name"] = short_name
        return cls(env)


def render_pages(catalog: Catalog, templates: Templates, site_url: str = "") -> dict[str, str]:
    """Render every page of the site: {source path: Markdown with front matter}."""
    pages: dict[str, str] = {}

    def page(uri: str, template: str, front: dict[str, Any], **values: Any) -> None:
        pages[uri] = render_page(templates, catalog, uri, template, front, site_url=site_url, **values)

    page("index.md", "home.md.j2", {"title": "chipbrief"})
    page("briefs/index.md", "briefs_index.md.j2", {"title": "Briefs"})
    page("companies/index.md", "companies_index.md.j2", {"title": "Companies"})
    page("chips/index.md", "chips_index.md.j2", {"title": "Chips"})
    page("sources/index.md", "sources_index.md.j2", {"title": "Sources"})
    page("timeline.md", "timeline.md.j2", {"title": "Timeline"}, entries=timeline_entries(catalog))
    wide = {"hide": ["navigation", "toc"]}
    page("compare/index.md", "compare.md.j2", {"title": "Compare chips", **wide}, columns=COMPARE_COLUMNS)
    page(
        "compare/versus.md", "versus.md.j2", {"title": "Versus"}, versus_data=versus_data(catalog, "compare/versus.md")
    )
    page(
        "data/index.md",
        "data_index.md.j2",
        {"title": "Data downloads"},
        kinds=data_dictionary(),
        example_citation=example_citation(catalog, site_url),
    )
    page(
        "rules/index.md",
        "rules.md.j2",
        {"title": "Export-control rules"},
        rules=rules_page(catalog),
        today=build_date(catalog),
    )
    tags = briefs_by_tag(catalog)
    page("tags/index.md", "tags_index.md.j2", {"title": "Tags"}, tags=tags)
    for tag, briefs in tags:
        page(f"tags/{tag.id}.md", "tag.md.j2", {"title": plain(f"Tag: {tag.label}")}, tag=tag, briefs=briefs)
    for company in catalog.companies.values():
        page(entity_uri("companies", company), "company.md.j2", {"title": plain(company.name)}, company=company)
    for chip in catalog.chips.values():
        page(entity_uri("chips", chip), "chip.md.j2", {"title": plain(chip.name)}, chip=chip)
    for source in catalog.sources.values():
        # Searchable like every page; search ranks source records after entity pages, briefs and tags.
        front = {"title": plain(source_label(source))}
        page(entity_uri("sources", source), "source.md.j2", front, source=source)
    for brief in catalog.briefs.values():
        # Tags stay out of front matter: the brief lists them itself, and the tag pages list the briefs.
        front = {"title": plain(brief.meta.title), "date": brief.meta.date}
        page(entity_uri("briefs", brief), "brief.md.j2", front, brief=brief)
    return dict(sorted(pages.items()))


class RenderError(Exception):
    """A template failed: the message names the template file, its line and the page being rendered."""

    def __init__(self, template: str, line: int, uri: str, cause: Exception) -> None:
        self.template, self.line, self.uri = template, line, uri
        super().__init__(f"{template}:{line}: while rendering {uri}: {type(cause).__name__}: {cause}")


def _render_error(template: str, uri: str, error: Exception) -> RenderError:
    line = getattr(error, "lineno", None)
    name = getattr(error, "filename", None) or template
    tb = error.__traceback__
    while tb is not None:  # Jinja rewrites frames to the template's own file and line
        if tb.tb_frame.f_code.co_filename.endswith(".j2"):
            name, line = tb.tb_frame.f_code.co_filename, tb.tb_lineno
        tb = tb.tb_next
    return RenderError(f"templates/{Path(name).name}", line or 0, uri, error)


def render_page(
    templates: Templates,
    catalog: Catalog,
    uri: str,
    template: str,
    front: dict[str, Any],
    site_url: str = "",
    **values: Any,
) -> str:
    """One page: front matter plus the template rendered with a fresh context of its own."""
    context = PageContext(catalog, uri, site_url)
    try:
        body = templates.env.get_template(template).render(catalog=catalog, page=context, **values)
    except Exception as error:  # a template, or a helper it called, failed: point at the template line
        raise _render_error(template, uri, error) from None
    return _front_matter(front) + body


def render_site(catalog: Catalog, templates: Templates, site_url: str) -> dict[str, str]:
    """Every generated file of the site: Markdown pages, charts, data downloads and feeds, by path."""
    files = render_pages(catalog, templates, site_url)
    charts = render_charts(catalog)
    for chart in charts:
        files[f"charts/{chart.slug}.svg"] = chart.svg
    files["charts/index.md"] = render_page(
        templates, catalog, "charts/index.md", "charts.md.j2", {"title": "Charts"}, charts=charts
    )
    files.update(build_datasets(catalog))
    files.update({f"data/schemas/{kind}.schema.json": render_schema(schema) for kind, schema in json_schemas().items()})
    files.update(build_feeds(catalog, site_url))
    return dict(sorted(files.items()))


#: Columns of the comparison table: (label, chip attribute or spec field, sortable as a number).
COMPARE_COLUMNS = [
    ("Foundry", "foundry", False),
    ("Node", "process_node", True),
    ("Memory", "specs.memory_capacity", True),
    ("Bandwidth", "specs.memory_bandwidth", True),
    ("BF16 dense", "specs.bf16", True),
    ("FP16 dense", "specs.fp16", True),
    ("INT8 dense", "specs.int8", True),
    ("TDP", "specs.tdp", True),
    ("Released", "released", False),
]


def claims_at(chip: Chip, field: str) -> list[Claim]:
    """The claims of a chip field named like 'foundry' or 'specs.bf16'; dense only for throughput."""
    claims = getattr(chip.specs, field[6:]) if field.startswith("specs.") else getattr(chip, field)
    if field.removeprefix("specs.") in RATE_FIELDS:
        return [claim for claim in claims if claim.sparse is False]
    return claims


#: Nvidia's China-market line, each chip after the one it was cut down from or replaced (ids; a chip
#: not in content is shown by name without a link).
CHINA_LINEAGE: tuple[tuple[str, str], ...] = (
    ("A100", ""),
    ("A800", ""),
    ("H100 SXM", "nvidia-h100-sxm"),
    ("H800", "nvidia-h800"),
    ("H20", "nvidia-h20"),
    ("H200", "nvidia-h200"),
    ("B30A", "nvidia-b30a"),
    ("RTX Pro 6000D", "nvidia-rtx-pro-6000d"),
)


def build_date(catalog: Catalog) -> str:
    """The build's "today" (YYYY-MM-DD): the catalog's build date, else the current day."""
    return catalog.build_date or dt.date.today().isoformat()


def export_panel(catalog: Catalog, chip: Chip) -> Any:
    """A chip against every rule, with the period of the build's date marked (for the chip page's panel)."""
    return assess_chip(chip, catalog, build_date(catalog))


def rules_page(catalog: Catalog) -> list[dict[str, Any]]:
    """Every rule in effective order, with the chips its test catches and those it leaves unknown."""
    from chipbrief.exportcontrol.rules import ordered

    out = []
    for rule in ordered(catalog.rules.values()):
        caught, unknown = caught_by(rule, catalog)
        out.append({"rule": rule, "caught": caught, "unknown": unknown})
    return out


def timeline_entries(catalog: Catalog) -> list[dict[str, Any]]:
    """Events and briefs on one list, newest first, each with the company ids it concerns."""
    entries = [
        {
            "date": e.date,
            "kind": "event",
            "item": e,
            "companies": sorted(set(e.companies) | _designers(catalog, e.chips)),
        }
        for e in catalog.events.values()
    ]
    for brief in catalog.briefs.values():
        companies = set(brief.meta.mentions.companies) | _designers(catalog, brief.meta.mentions.chips)
        entries.append({"date": brief.meta.date, "kind": "brief", "item": brief, "companies": sorted(companies)})
    return sorted(entries, key=lambda entry: (entry["date"], entry["kind"], entry["item"].id), reverse=True)


def _designers(catalog: Catalog, chip_ids: list[str]) -> set[str]:
    return {catalog.chips[chip].designer for chip in chip_ids if chip in catalog.chips}


def briefs_by_tag(catalog: Catalog) -> list[tuple[Tag, list[Brief]]]:
    """Briefs under each tag that has any, tags by id, briefs newest first (check puts every tag in the vocabulary)."""
    tags: dict[str, list[Brief]] = {}
    for brief in catalog.briefs_newest_first:
        for tag in brief.meta.tags:
            tags.setdefault(tag, []).append(brief)
    return [(catalog.tags[tag], briefs) for tag, briefs in sorted(tags.items())]


def example_citation(catalog: Catalog, site_url: str) -> str:
    """The ready citation of one real value, for the Data page's "how to cite" (the first chip's first figure)."""
    for chip in catalog.chips.values():
        for loc, claims in iter_claim_fields(chip):
            if claims and loc[0] == "specs":
                field = ".".join(str(part) for part in loc)
                return PageContext(catalog, entity_uri("chips", chip), site_url).citation(claims[0], field)
    return ""


def data_dictionary() -> list[dict[str, Any]]:
    """Every content kind's fields with their descriptions, from the models (nothing hand-kept)."""
    kinds = []
    for kind, model in (
        ("sources", Source),
        ("companies", Company),
        ("chips", Chip),
        ("events", Event),
        ("briefs", BriefMeta),
    ):
        kinds.append({"kind": kind, "doc": (model.__doc__ or "").strip(), "fields": _fields(model)})
    kinds.append({"kind": "chips: specs", "doc": (Specs.__doc__ or "").strip(), "fields": _fields(Specs)})
    kinds.append({"kind": "claims", "doc": (RateClaim.__doc__ or "").strip(), "fields": _fields(RateClaim[float])})
    return kinds


def _fields(model: type) -> list[dict[str, Any]]:
    return [
        # field names come from the models, not from content: they print as they are
        {"name": Markup(name), "required": info.is_required(), "description": info.description or ""}
        for name, info in model.model_fields.items()
    ]


def versus_data(catalog: Catalog, uri: str) -> Markup:
    """The chips' rows for the versus view, as JSON for its script (values already escaped as HTML)."""
    context = PageContext(catalog, uri)
    rows = [{"key": "designer", "label": "Designer"}, {"key": "status", "label": "Status"}]
    rows += [{"key": field, "label": label} for label, field, _ in COMPARE_COLUMNS]
    rows += [{"key": f"specs.{f}", "label": SPEC_LABELS[f]} for f in ("fp8", "fp32", "interconnect_bandwidth")]
    chips = {}
    for chip in catalog.chips.values():
        values = {"name": str(safety.text(chip.name)), "status": chip.current_status}
        values["designer"] = str(safety.text(short_name(catalog.companies[chip.designer])))
        for row in rows[2:]:
            values[row["key"]] = context.compare_values(claims_at(chip, row["key"]), row["key"])
        chips[chip.id] = values
    return safety.script_json({"rows": rows, "chips": chips})


def _front_matter(front: dict[str, Any]) -> str:
    dumped = yaml.safe_dump(front, allow_unicode=True, sort_keys=True, width=1000)
    return f"---\n{dumped}---\n\n"


def short_name(company: Company) -> str:
    """The name for tight spaces: the company's short_name, else its name."""
    return company.short_name or company.name


def ascii_fold(text: str) -> str:
    """Pinyin without tone marks, lower case and without spaces, as readers type it: Hánwǔjì -> hanwuji."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c) and not c.isspace()).lower()


def field_label(field: str) -> str:
    """A reader's name for a content field: 'specs.memory_capacity' -> 'memory capacity'."""
    name = field.removeprefix("specs.")
    if name in RATE_FIELDS:
        return name.upper()
    return SPEC_LABELS.get(name, name.replace("_", " ")).lower()


#: URL path segments that name no article: skipped when a source without a title is named by its URL.
_GENERIC_SEGMENTS = frozenset({"index.html", "index.htm", "index.php", "amp"})


def source_label(source: Source) -> str:
    """A short human name for a source: its title, or its publisher and the URL's slug, said to be an untitled page."""
    if source.title:
        return source.title
    url = urlsplit(source.url)
    segments = [s for s in url.path.split("/") if s and s.lower() not in _GENERIC_SEGMENTS]
    slug = segments[-1] if segments else url.query or url.netloc
    return f"{source.publisher}, untitled page: {slug}"


def _join(items: Any, separator: str = "") -> Markup:
    """Jinja's join, with every item and the separator written as text (Markup items pass as they are)."""
    return Markup(safety.text(separator)).join(safety.text(item) for item in items)


class PageContext:
    """What a template needs to know about the page it renders: where it is, and how to link from it."""

    def __init__(self, catalog: Catalog, uri: str, site_url: str = "") -> None:
        self.catalog = catalog
        self.uri = uri
        self.site_url = site_url
        kind, _, rest = uri.partition("/")
        entities = getattr(catalog, kind, {}) if kind in ("chips", "companies") else {}
        entity = entities.get(rest.removesuffix(".md"))
        self.entity_name = entity.name if entity else ""
        self._footnotes: dict[str, int] = {}

    def link(self, target: str) -> Markup:
        """A relative link from this page to another page's source path (with optional #anchor).

        Targets are built from ids (slugs) and fixed paths, never from free text, so the link is Markup.
        """
        path, _, anchor = target.partition("#")
        relative = posixpath.relpath(path, posixpath.dirname(self.uri) or ".")
        return Markup(f"{relative}#{anchor}" if anchor else relative)

    def href(self, target: str) -> Markup:
        """A relative URL, as the built site has it (directory URLs), for links inside raw HTML."""
        path, _, anchor = target.partition("#")
        here = _built_dir(self.uri)
        there = _built_dir(path)
        relative = posixpath.relpath(there, here) if there != here else "."
        relative = "./" if relative == "." else relative + "/"
        return Markup(f"{relative}#{anchor}" if anchor else relative)

    def compare_values(self, claims: list[Claim], field: str, density: bool = False) -> Markup:
        """Each distinct value of one field once, as HTML: numbered links to its sources and its status as text.

        Real conflicts (sources giving different values for the same thing) are marked as on chip pages.
        """
        grouped: dict[str, list[Claim]] = {}
        for claim in claims:
            text = self._plain_value(claim.value, field) + (self._density(claim) if density else "")
            grouped.setdefault(text, []).append(claim)
        parts = []
        for text, same in grouped.items():
            links = []
            for number, claim in enumerate(same, start=1):
                source = self.catalog.sources[claim.source]
                tip = f"{source.publisher} ({claim.status}, {self.catalog.date_of(claim).words()})"
                href = self.href(entity_uri("sources", source))
                links.append(f'<a href="{href}" title="{safety.text(tip)}">{number}</a>')
            surest = max((c.status for c in same), key=STATUS_ORDER.index)
            parts.append(f"{safety.text(text)}<sup>{' '.join(links)}</sup> {status_badge(surest)}")
        if conflicting(claims):
            parts.append(CONFLICT_MARK)
        return Markup("<br>".join(parts))

    def _plain_value(self, value: Any, field: str) -> str:
        if field in ("foundry", "parent") and value in self.catalog.companies:
            return short_name(self.catalog.companies[value])
        if isinstance(value, Quantity):
            return value.human()
        return str(value)

    def compare_cell(self, chip: Chip, field: str, numeric: bool) -> Markup:
        """A <td> of the comparison table, with a sort key (the highest value) for numeric columns."""
        claims = claims_at(chip, field)
        content = self.compare_values(claims, field) or "—"
        if numeric:
            values = [c.value.value for c in claims if isinstance(c.value, Quantity)]
            key = f"{max(values):.3f}" if values else "-1"
            return Markup(f'<td data-sort="{key}">{content}</td>')
        return Markup(f"<td>{content}</td>")

    def feed_for(self, company_id: str) -> Markup | None:
        """A link to the company's Atom feed, if it has one."""
        if self.catalog.briefs_by_entity.get(("companies", company_id)):
            return self.link(company_feed_path(company_id))
        return None

    def to(self, kind: str, ident: str) -> Markup:
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
        if kind == "rules":
            return entity.title
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
        parts = [f"**{safety.text(source.publisher)}**"]
        if source.original_outlet:
            parts[0] += f" (text from {safety.text(source.original_outlet)})"
        parts.append(f"*{safety.text(source_label(source))}*")
        if source.title_en:
            parts.append(f"(“{safety.text(source.title_en)}”)")
        parts.append(source.published or "undated")
        links = source_links(source)
        links.append(f"[what cites it]({self.link(entity_uri('sources', source))})")
        tail = " · ".join(links)
        paywall = " (paywalled)" if source.paywalled else ""
        return Markup(", ".join(parts) + f"{paywall}. {tail}")

    def claim(self, claim: Claim, field: str = "") -> Markup:
        """One sourced value, anchored by its id: value, dense/sparse, status, date, note, citation, cite box."""
        text = self.value(claim.value, field) + self._density(claim)
        note = f" ({safety.text(claim.note)})" if claim.note else ""
        when = self.catalog.date_of(claim).words() + self._read_on_copy(claim)
        return Markup(
            f'<span class="cb-claim" id="{claim_id(field, claim)}">{text} {status_badge(claim.status)} '
            f"<small>{when}</small>{note}{self.cite(claim.source)}{self._permalink(claim, field)}</span>"
        )

    def _read_on_copy(self, claim: Claim) -> str:
        """Words saying a value was read on a copy of another outlet's text, not on the outlet's own page."""
        source = self.catalog.sources[claim.source]
        if not source.original_outlet:
            return ""
        return f", read on a copy of {safety.text(source.original_outlet)}'s text"

    def _step(self, claim: Claim, field: str) -> Markup:
        """A later step in one value's history: how sure, as of when, from which source."""
        note = f" ({safety.text(claim.note)})" if claim.note else ""
        when = self.catalog.date_of(claim).words()
        return Markup(
            f'<span class="cb-claim cb-claim--step" id="{claim_id(field, claim)}">→ {status_badge(claim.status)} '
            f"<small>{when}</small>{note}{self.cite(claim.source)}{self._permalink(claim, field)}</span>"
        )

    @staticmethod
    def _density(claim: Claim) -> str:
        if not isinstance(claim, RateClaim):
            return ""
        return {True: " sparse", False: " dense", None: " (dense or sparse not stated)"}[claim.sparse]

    def _permalink(self, claim: Claim, field: str) -> Markup:
        """A link to this one value, and a ready citation of it."""
        ident = claim_id(field, claim)
        return Markup(
            f' <a class="cb-permalink" href="#{ident}" title="Link to this value">#</a>'
            f'<details class="cb-cite"><summary>cite</summary>{safety.text(self.citation(claim, field))}</details>'
        )

    def citation(self, claim: Claim, field: str) -> str:
        """A ready citation of one value: our page and the value's anchor, then the source it rests on."""
        source = self.catalog.sources[claim.source]
        page = f"{self.site_url.rstrip('/')}/{_built_dir(self.uri)}/#{claim_id(field, claim)}"
        value = self._plain_value(claim.value, field) + self._density(claim)
        what = (
            f"{self.entity_name}, {field_label(field)}: {value}"
            if self.entity_name
            else f"{field_label(field)}: {value}"
        )
        when = self.catalog.date_of(claim).words()
        dated = source.published or "undated"
        title = source.title or source_label(source)
        return (
            f"chipbrief, “{what}” ({claim.status}, {when}), {page}. "
            f"Source: {source.publisher}, “{title}”, {dated}, {source.url}, accessed {source.accessed}."
        )

    def value(self, value: Any, field: str = "") -> Markup:
        """A claim's value for readers: human units, company links, escaped text."""
        if isinstance(value, Quantity):
            return Markup(value.human())
        if isinstance(value, Listing):
            return Markup(f"{safety.text(value.exchange)}: {safety.text(value.ticker)}")
        if field in ("foundry", "parent") and value in self.catalog.companies:
            return Markup(f"[{safety.text(self.catalog.companies[value].name)}]({self.to('companies', value)})")
        if field == "specs.transistors":
            return Markup(f"{value / 1e9:.4g} billion")
        if field == "specs.tpp":
            return Markup(f"{value:,.6g}")
        return safety.text(value)

    def claims(self, claims: list[Claim], field: str = "") -> Markup:
        """Every value of one field, each with its history oldest first, flagged when sources disagree."""
        if not claims:
            return Markup("—")
        values = []
        for history in value_histories(claims, self.catalog.sources):
            first, *later = history
            values.append(" ".join([self.claim(first, field), *(self._step(claim, field) for claim in later)]))
        if conflicting(claims):
            values.append(CONFLICT_MARK)
        return Markup("<br>".join(values))

    def status_history(self, chip: Chip) -> Markup:
        """The chip's current status in words, then every sourced step of its history, oldest first."""
        steps = [self.claim(claim, "status") for claim in chip.status]
        if len(steps) == 1:
            return steps[0]
        return Markup(
            f"<strong>{safety.text(chip.current_status)}</strong> now. History, oldest first: " + " → ".join(steps)
        )

    def claim_fields(self, entity: Company | Chip) -> list[tuple[str, list[Claim]]]:
        return [(".".join(loc), claims) for loc, claims in iter_claim_fields(entity)]

    def briefs_for(self, kind: str, ident: str) -> list[Brief]:
        return self.catalog.briefs_by_entity.get((kind, ident), [])

    def events_for(self, kind: str, ident: str) -> list[Any]:
        return self.catalog.events_by_entity.get((kind, ident), [])


def source_links(source: Source) -> list[Markup]:
    """The links of a source, labelled honestly: where we read it (a copy, if it is one), the original, archives."""
    if source.original_outlet:
        links = [safety.link(source.url, f"read at: copy on {source.publisher}")]
        if source.original_url:
            links.append(safety.link(source.original_url, f"original: {source.original_outlet}"))
    else:
        links = [safety.link(source.url, f"read at {source.publisher}")]
    if source.archive_url:
        links.append(safety.link(source.archive_url, "archived copy"))
    links.append(safety.link(archive_lookup_url(source), "find an archived copy (lookup)"))
    return links


def archive_lookup_url(source: Source) -> str:
    """A Wayback Machine lookup of the page's captures around the day we read it (a search, not a copy)."""
    return f"https://web.archive.org/web/{source.accessed.replace('-', '')}000000*/{source.url}"


def language_name(code: str) -> str:
    """An ISO 639-1 code as its English name (Babel's CLDR data): 'fr' -> 'French'."""
    try:
        return babel.Locale.parse(code).get_display_name("en") or code
    except (ValueError, babel.UnknownLocaleError):
        return code


def _built_dir(uri: str) -> str:
    """The folder a source page is served from with directory URLs: chips/x.md -> chips/x."""
    if uri.endswith("index.md"):
        return posixpath.dirname(uri) or "."
    return uri[: -len(".md")] if uri.endswith(".md") else posixpath.dirname(uri) or "."


#: How every view marks a real conflict: sources giving different values for the same thing.
CONFLICT_MARK = Markup('<span class="cb-disagree">sources differ</span>')


def status_badge(status: str) -> Markup:
    """An inline label that shows how sure a value is, with the scale's meaning on hover."""
    return Markup(f'<span class="cb-status cb-status--{status}" title="{STATUS_HELP[status]}">{status}</span>')
