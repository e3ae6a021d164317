"""Rendering: the validated catalog through Jinja templates into Markdown pages.

`render_pages` is pure: the same catalog and templates give the same pages, byte for byte.
Each page gets a fresh context of its own; nothing is shared or mutated between pages.
"""

from __future__ import annotations

import datetime as dt
import functools
import posixpath
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import babel
import jinja2
import yaml
from markupsafe import Markup, escape

from chipbrief import safety
from chipbrief.briefpage import brief_dates, mentioned
from chipbrief.catalog import Catalog, iter_claim_fields
from chipbrief.charts import render_charts
from chipbrief.citations import STATUS_ORDER, claim_id, conflicting, value_histories
from chipbrief.coverage import FULL_RECORD, coverage
from chipbrief.datasets import build_datasets
from chipbrief.exportcontrol import RULE_SOURCES, assess, assess_chip, caught_by, test_words
from chipbrief.feeds import build_feeds, company_feed_path
from chipbrief.i18n import ENGLISH, LANGUAGES, Catalogue, Language, load_catalogues, localized
from chipbrief.keyfigures import key_figures
from chipbrief.models import (
    DENSITY_WORDS,
    RATE_FIELDS,
    SPEC_LABELS,
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
    choice_word,
)
from chipbrief.reads import track
from chipbrief.rendercache import RenderCache
from chipbrief.safety import plain
from chipbrief.schemas import json_schemas, render_schema
from chipbrief.timeline import timeline_entries, timeline_filters, timeline_years
from chipbrief.units import Quantity

#: Spec rows on chip pages, in reading order, with their labels.
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
    """A Jinja environment over templates/ per reader's language, with the filters pages share.

    `env` is the English one; `envs` holds one per language code, each with that language's
    catalogue (chipbrief.i18n) bound to `_`, `ngettext` and the helpers that write interface words.
    """

    env: jinja2.Environment
    envs: dict[str, jinja2.Environment]
    catalogues: dict[str, Catalogue]

    @classmethod
    def from_folder(cls, folder: Path, compiled: Path | None = None) -> Templates:
        """The templates of folder; with `compiled`, a folder where Jinja keeps compiled templates between builds."""
        catalogues = load_catalogues(folder)
        bytecode = jinja2.FileSystemBytecodeCache(str(compiled)) if compiled is not None else None
        if compiled is not None:
            compiled.mkdir(parents=True, exist_ok=True)
        envs = {code: cls._environment(folder, catalogue, bytecode) for code, catalogue in catalogues.items()}
        return cls(envs[ENGLISH.code], envs, catalogues)

    @staticmethod
    def _environment(
        folder: Path, catalogue: Catalogue, bytecode: jinja2.BytecodeCache | None = None
    ) -> jinja2.Environment:
        """The Jinja environment of one language: the shared filters, and that language's words."""
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(folder)),
            bytecode_cache=bytecode,  # keyed by each template's source: an edited template is compiled again
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
        env.globals["key_figures"] = key_figures
        env.globals["rule_test_words"] = test_words
        env.globals["CHINA_LINEAGE"] = CHINA_LINEAGE
        env.filters["field_label"] = field_label
        env.filters["ascii_fold"] = ascii_fold
        env.filters["short_name"] = short_name
        env.filters["word"] = choice_word
        env.filters["by_name"] = by_name
        env.globals["brief_dates"] = brief_dates
        env.globals["mentioned"] = mentioned
        # The reader's language (chipbrief.i18n): interface strings, dates, allowed values and names in its words.
        env.globals["lang"] = catalogue.language
        env.globals["_"] = env.globals["gettext"] = catalogue.gettext
        env.globals["ngettext"] = catalogue.ngettext
        env.filters["date"] = catalogue.date
        env.filters["message"] = catalogue.message  # words Python made (chipbrief.message), in this language
        env.filters["when"] = catalogue.when
        english_word = env.filters["word"]
        env.filters["word"] = lambda value, *choice: catalogue.text(english_word(value, *choice))
        env.filters["language_name"] = functools.partial(language_name, locale=catalogue.language.code)
        env.globals["status_badge"] = functools.partial(status_badge, catalogue=catalogue)
        env.globals["source_links"] = functools.partial(source_links, catalogue=catalogue)
        return env


@dataclass(frozen=True)
class PerLanguage:
    """A page value that differs by the reader's language: made from that language's catalogue.

    It is made inside the page's render, so the generator's cache records what it reads; it may
    close over the catalog, the page's path and the site URL, nothing else that varies by page.
    """

    make: Callable[[Catalogue], Any]
    lazy_render: ClassVar[bool] = True  # the render cache counts it by kind (chipbrief.rendercache)


def render_pages(
    catalog: Catalog, templates: Templates, site_url: str = "", cache: RenderCache | None = None
) -> dict[str, str]:
    """Render every page of the site once per language: {source path: Markdown with front matter}.

    English pages keep their paths (chips/x.md); each language's pages sit under its folder (zh/chips/x.md).
    A page's title is an interface string (translated), or, with `title`, made per language from content.
    With a cache bound to `catalog`, a page whose inputs and reads are unchanged is not rendered again.
    """
    cache = cache or RenderCache.disabled()
    pages: dict[str, str] = {}

    def page(
        uri: str, template: str, front: dict[str, Any], title: Callable[[Catalogue], str] | None = None, **values: Any
    ) -> None:
        for language in LANGUAGES:
            catalogue = templates.catalogues[language.code]
            own = {**front, "title": plain(title(catalogue)) if title else catalogue.text(front["title"])}

            def make(language: Language = language, catalogue: Catalogue = catalogue, own: dict = own) -> str:
                mine = {key: v.make(catalogue) if isinstance(v, PerLanguage) else v for key, v in values.items()}
                return render_page(templates, catalog, uri, template, own, site_url=site_url, language=language, **mine)

            here = localized(uri, language)
            pages[here] = cache.render(here, (template, uri, language.code, own, values), make)

    # The browser's title reads "<this> - chipbrief" (Material appends the site name), never "chipbrief - chipbrief".
    page("index.md", "home.md.j2", {"title": "Sourced briefings on China's AI-chip race"})
    page("briefs/index.md", "briefs_index.md.j2", {"title": "Briefs"})
    page("companies/index.md", "companies_index.md.j2", {"title": "Companies"})
    page("chips/index.md", "chips_index.md.j2", {"title": "Chips", "hide": ["navigation", "toc"]})
    page("sources/index.md", "sources_index.md.j2", {"title": "Sources", "hide": ["navigation", "toc"]})
    entries = timeline_entries(catalog)
    page(
        "timeline.md",
        "timeline.md.j2",
        {"title": "Timeline"},
        years=timeline_years(entries),
        filters=timeline_filters(catalog, entries),
    )
    wide = {"hide": ["navigation", "toc"]}
    page("compare/index.md", "compare.md.j2", {"title": "Compare chips", **wide}, columns=COMPARE_COLUMNS)
    versus = PerLanguage(lambda catalogue: versus_data(catalog, "compare/versus.md", catalogue))
    page("compare/versus.md", "versus.md.j2", {"title": "Versus"}, versus_data=versus)
    page(
        "data/index.md",
        "data_index.md.j2",
        {"title": "Data downloads"},
        kinds=data_dictionary(),
        coverage=coverage(catalog),
        coverage_bar=FULL_RECORD,
        example_citation=PerLanguage(lambda catalogue: example_citation(catalog, site_url, catalogue)),
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
        page(
            f"tags/{tag.id}.md",
            "tag.md.j2",
            {},
            title=lambda t, tag=tag: t.text("Tag: %(label)s", label=t.name(tag, "label")),
            tag=tag,
            briefs=briefs,
        )
    for company in catalog.companies.values():
        uri = entity_uri("companies", company)
        page(uri, "company.md.j2", {}, title=lambda t, c=company: t.name(c), company=company)
    for chip in catalog.chips.values():
        page(entity_uri("chips", chip), "chip.md.j2", {}, title=lambda t, c=chip: t.name(c), chip=chip)
    for source in catalog.sources.values():
        # Searchable like every page; search ranks source records after entity pages, briefs and tags.
        uri = entity_uri("sources", source)
        page(uri, "source.md.j2", {}, title=lambda t, s=source: s.title, source=source)
    for brief in catalog.briefs.values():
        # Tags stay out of front matter: the brief lists them itself, and the tag pages list the briefs.
        front = {"date": brief.meta.date}
        page(entity_uri("briefs", brief), "brief.md.j2", front, title=lambda t, b=brief: b.meta.title, brief=brief)
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
    language: Language = ENGLISH,
    **values: Any,
) -> str:
    """One page in one language: front matter plus the template rendered with a fresh context of its own.

    `uri` is the page's path in English; the context places it in the language's folder.
    """
    here = localized(uri, language)
    context = PageContext(catalog, here, site_url, templates.catalogues[language.code])
    try:
        body = templates.envs[language.code].get_template(template).render(catalog=catalog, page=context, **values)
    except Exception as error:  # a template, or a helper it called, failed: point at the template line
        raise _render_error(template, here, error) from None
    return _front_matter(front) + body


def render_site(
    catalog: Catalog, templates: Templates, site_url: str, cache: RenderCache | None = None
) -> dict[str, str]:
    """Every generated file of the site: Markdown pages, charts, data downloads and feeds, by path.

    With a cache (`chipbrief.rendercache`), each page and each group of downloads is rendered only
    when what it is made from changed; the files are the same either way.
    """
    if cache is not None and cache.path is not None:
        cache.bind(catalog)
        catalog = track(catalog)  # every read a render makes is recorded for the cache
    cache = cache or RenderCache.disabled()
    files = render_pages(catalog, templates, site_url, cache)
    for language in LANGUAGES:
        # Each language's charts page draws its charts with its own words; the SVG downloads are the English ones.
        catalogue = templates.catalogues[language.code]
        charts = cache.render(
            f"charts@{language.code}", (language.code,), lambda c=catalogue: render_charts(catalog, c.text)
        )
        if language is ENGLISH:
            for chart in charts:
                files[f"charts/{chart.slug}.svg"] = chart.svg
        front = {"title": catalogue.text("Charts")}
        here = localized("charts/index.md", language)
        files[here] = cache.render(
            here,
            ("charts.md.j2", language.code, front, charts),
            lambda front=front, language=language, charts=charts: render_page(
                templates, catalog, "charts/index.md", "charts.md.j2", front, language=language, charts=charts
            ),
        )
    files.update(cache.render("datasets", (), lambda: build_datasets(catalog)))
    files.update(
        cache.render(
            "schemas",
            (),
            lambda: {
                f"data/schemas/{kind}.schema.json": render_schema(schema) for kind, schema in json_schemas().items()
            },
        )
    )
    files.update(cache.render("feeds", (site_url,), lambda: build_feeds(catalog, site_url)))
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
    ("A100", "nvidia-a100"),
    ("A800", "nvidia-a800"),
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


def briefs_by_tag(catalog: Catalog) -> list[tuple[Tag, list[Brief]]]:
    """Briefs under each tag that has any, tags by id, briefs newest first (check puts every tag in the vocabulary)."""
    tags: dict[str, list[Brief]] = {}
    for brief in catalog.briefs_newest_first:
        for tag in brief.meta.tags:
            tags.setdefault(tag, []).append(brief)
    return [(catalog.tags[tag], briefs) for tag, briefs in sorted(tags.items())]


def example_citation(catalog: Catalog, site_url: str, catalogue: Catalogue | None = None) -> str:
    """The ready citation of one real value, for the Data page's "how to cite" (the first chip's first figure)."""
    t = catalogue or Catalogue(ENGLISH)
    for chip in catalog.chips.values():
        for loc, claims in iter_claim_fields(chip):
            if claims and loc[0] == "specs":
                field = ".".join(str(part) for part in loc)
                uri = localized(entity_uri("chips", chip), t.language)
                return PageContext(catalog, uri, site_url, t).citation(claims[0], field)
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


def versus_data(catalog: Catalog, uri: str, catalogue: Catalogue | None = None) -> Markup:
    """The chips' rows for the versus view, as JSON for its script (values already escaped as HTML), in a language."""
    t = catalogue or Catalogue(ENGLISH)
    context = PageContext(catalog, localized(uri, t.language), "", t)
    rows = [{"key": "designer", "label": t.text("Designer")}, {"key": "status", "label": t.text("Status")}]
    rows += [{"key": field, "label": t.text(label)} for label, field, _ in COMPARE_COLUMNS]
    rows += [{"key": f"specs.{f}", "label": t.text(SPEC_LABELS[f])} for f in ("fp8", "fp32", "interconnect_bandwidth")]
    chips = {}
    for chip in catalog.chips.values():
        values = {"name": str(safety.text(t.name(chip))), "status": t.word(chip.current_status)}
        values["designer"] = str(safety.text(short_name(catalog.companies[chip.designer])))
        for row in rows[2:]:
            values[row["key"]] = context.compare_values(claims_at(chip, row["key"]), row["key"])
        chips[chip.id] = values
    return safety.script_json({"rows": rows, "chips": chips})


def _front_matter(front: dict[str, Any]) -> str:
    dumped = yaml.safe_dump(front, allow_unicode=True, sort_keys=True, width=1000)
    return f"---\n{dumped}---\n\n"


def by_name(entities: Any, name: Callable[[Any], str] | None = None) -> list[Any]:
    """Companies (or chips) in the order readers look them up: by the name shown (`name`, e.g. the page
    language's `t.name`; else the English name), ignoring case, then by id."""
    shown = name or (lambda entity: entity.name)
    return sorted(entities, key=lambda entity: (shown(entity).casefold(), entity.id))


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


def _join(items: Any, separator: str = "") -> Markup:
    """Jinja's join, with every item and the separator written as text (Markup items pass as they are)."""
    # The separator is the template's own text, HTML-escaped but kept whole: safety.text would trim
    # it (", " became "," and " " nothing, which ran the timeline's company ids together).
    return escape(separator).join(safety.text(item) for item in items)


class PageContext:
    """What a template needs to know about the page it renders: where it is, and how to link from it."""

    def __init__(self, catalog: Catalog, uri: str, site_url: str = "", catalogue: Catalogue | None = None) -> None:
        self.catalog = catalog
        self.uri = uri
        self.site_url = site_url
        #: The reader's language and its interface strings; links to pages stay in this language.
        self.t = catalogue or Catalogue(ENGLISH)
        self.language = self.t.language
        kind, _, rest = uri.removeprefix(self.language.prefix).partition("/")
        entities = getattr(catalog, kind, {}) if kind in ("chips", "companies") else {}
        entity = entities.get(rest.removesuffix(".md"))
        self.entity_name = self.t.name(entity) if entity else ""
        self._footnotes: dict[str, int] = {}

    def _in_language(self, path: str) -> str:
        """A page's path in this page's language (pages exist in every language; data files, feeds and charts once)."""
        return localized(path, self.language) if path.endswith(".md") else path

    def link(self, target: str) -> Markup:
        """A relative link from this page to another page's source path (with optional #anchor).

        Targets are built from ids (slugs) and fixed paths, never from free text, so the link is Markup.
        """
        path, _, anchor = target.partition("#")
        path = self._in_language(path)
        relative = posixpath.relpath(path, posixpath.dirname(self.uri) or ".")
        return Markup(f"{relative}#{anchor}" if anchor else relative)

    def href(self, target: str) -> Markup:
        """A relative URL, as the built site has it (directory URLs), for links inside raw HTML."""
        path, _, anchor = target.partition("#")
        here = _built_dir(self.uri)
        there = _built_dir(self._in_language(path))
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
                tip = f"{source.publisher} ({self.t.word(claim.status)}, {self._when(claim)})"
                href = self.href(entity_uri("sources", source))
                links.append(f'<a href="{href}" title="{safety.text(tip)}">{number}</a>')
            surest = max((c.status for c in same), key=STATUS_ORDER.index)
            parts.append(f"{safety.text(text)}<sup>{' '.join(links)}</sup> {status_badge(surest, self.t)}")
        if conflicting(claims):
            parts.append(conflict_mark(self.t))
        return Markup("<br>".join(parts))

    def _plain_value(self, value: Any, field: str) -> str:
        if field == "status":
            return self.t.text(choice_word(value, "chip_status"))
        if field in ("foundry", "parent") and value in self.catalog.companies:
            return self.short_name(self.catalog.companies[value])
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

    def short_name(self, company: Company) -> str:
        """A company's name for tight spaces in the reader's language: its Chinese name on Chinese pages, if any."""
        own = self.t.name(company)
        return own if own != company.name else short_name(company)

    def _when(self, claim: Claim) -> str:
        """The date a value refers to, in words: 'as of 2025-08', or 'undated (read 2026-11-28)'."""
        date = self.catalog.date_of(claim)
        if date.date:
            return self.t.text("as of %(date)s", date=self.t.date(date.date))
        return self.t.text("undated (read %(read)s)", read=self.t.date(date.read))

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
            return f"{self.t.date(entity.date)}: {entity.title}"
        if kind == "rules":
            return entity.title
        return self.t.name(entity)

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
        t = self.t
        parts = [f"**{safety.text(source.publisher)}**"]
        if source.original_outlet:
            parts[0] += " " + t.text("(text from %(outlet)s)", outlet=safety.text(source.original_outlet))
        label = safety.text(source.title)
        # A title in its own language is marked so (Han text is then never set in a faux italic).
        foreign = source.language != "en"
        parts.append(f'*<span lang="{source.language}">{label}</span>*' if foreign else f"*{label}*")
        if source.title_en:
            parts.append(f"(“{safety.text(source.title_en)}”)")
        parts.append(t.date(source.published) if source.published else t.text("undated"))
        links = source_links(source, t)
        links.append(f"[{t.text('what cites it')}]({self.link(entity_uri('sources', source))})")
        tail = " · ".join(links)
        paywall = " " + t.text("(paywalled)") if source.paywalled else ""
        return Markup(", ".join(parts) + f"{paywall}. {tail}")

    def claim(self, claim: Claim, field: str = "") -> Markup:
        """One sourced value, anchored by its id: value, dense/sparse, status, date, note, citation, cite box."""
        density = self._density(claim)
        text = self.value(claim.value, field) + (Markup(" ") + safety.text(density) if density else "")
        note = f" ({safety.text(claim.note)})" if claim.note else ""
        when = self._when(claim) + self._read_on_copy(claim)
        return Markup(
            f'<span class="cb-claim" id="{claim_id(field, claim)}">{text} {status_badge(claim.status, self.t)} '
            f"<small>{when}</small>{note}{self.cite(claim.source)}{self._permalink(claim, field)}</span>"
        )

    def _read_on_copy(self, claim: Claim) -> str:
        """Words saying a value was read on a copy of another outlet's text, not on the outlet's own page."""
        source = self.catalog.sources[claim.source]
        if not source.original_outlet:
            return ""
        return self.t.text(", read on a copy of %(outlet)s's text", outlet=safety.text(source.original_outlet))

    def _step(self, claim: Claim, field: str) -> Markup:
        """A later step in one value's history: how sure, as of when, from which source."""
        note = f" ({safety.text(claim.note)})" if claim.note else ""
        when = self._when(claim)
        return Markup(
            f'<span class="cb-claim cb-claim--step" id="{claim_id(field, claim)}">→ '
            f"{status_badge(claim.status, self.t)} "
            f"<small>{when}</small>{note}{self.cite(claim.source)}{self._permalink(claim, field)}</span>"
        )

    def _density(self, claim: Claim) -> str:
        if not isinstance(claim, RateClaim):
            return ""
        reading = self.t.text(DENSITY_WORDS[claim.density])  # plain text: each caller escapes it where it lands
        if claim.density_basis == "estimated":
            return " " + self.t.text(
                "%(reading)s (estimated: %(reasoning)s)", reading=reading, reasoning=claim.sparse_estimated
            )
        return " " + (self.t.text("(%(reading)s)", reading=reading) if claim.density == "unstated" else reading)

    def _permalink(self, claim: Claim, field: str) -> Markup:
        """A link to this one value, and a ready citation of it."""
        ident = claim_id(field, claim)
        return Markup(
            f' <a class="cb-permalink" href="#{ident}" title="{self.t.text("Link to this value")}">#</a>'
            f'<details class="cb-cite"><summary>{self.t.text("cite")}</summary>'
            f"{safety.text(self.citation(claim, field))}</details>"
        )

    def citation(self, claim: Claim, field: str) -> str:
        """A ready citation of one value: our page and the value's anchor, then the source it rests on."""
        source = self.catalog.sources[claim.source]
        page = f"{self.site_url.rstrip('/')}/{_built_dir(self.uri)}/#{claim_id(field, claim)}"
        value = self._plain_value(claim.value, field) + self._density(claim)
        label = self.t.text(field_label(field))
        what = f"{self.entity_name}, {label}: {value}" if self.entity_name else f"{label}: {value}"
        when = self._when(claim)
        dated = self.t.date(source.published) if source.published else self.t.text("undated")
        title = source.title
        return self.t.text(
            "chipbrief, “%(what)s” (%(status)s, %(when)s), %(page)s. "
            "Source: %(publisher)s, “%(title)s”, %(dated)s, %(url)s, accessed %(accessed)s.",
            what=what,
            status=self.t.word(claim.status),
            when=when,
            page=page,
            publisher=source.publisher,
            title=title,
            dated=dated,
            url=source.url,
            accessed=self.t.date(source.accessed),
        )

    def value(self, value: Any, field: str = "") -> Markup:
        """A claim's value for readers: human units, company links, escaped text."""
        if isinstance(value, Quantity):
            return Markup(value.human())
        if isinstance(value, Listing):
            return Markup(f"{safety.text(value.exchange)}: {safety.text(value.ticker)}")
        if field in ("foundry", "parent") and value in self.catalog.companies:
            name = self.t.name(self.catalog.companies[value])
            return Markup(f"[{safety.text(name)}]({self.to('companies', value)})")
        if field == "specs.transistors":
            if self.language is not ENGLISH:  # Chinese counts in 亿 (10⁸)
                return Markup(self.t.text("%(count)s hundred million", count=f"{value / 1e8:.4g}"))
            return Markup(f"{value / 1e9:.4g} billion")
        if field == "specs.tpp":
            return Markup(f"{value:,.6g}")
        if field == "status":
            return safety.text(self.t.text(choice_word(value, "chip_status")))
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
            values.append(conflict_mark(self.t))
        return Markup("<br>".join(values))

    def status_history(self, chip: Chip) -> Markup:
        """The chip's current status in words, then every sourced step of its history, oldest first."""
        steps = [self.claim(claim, "status") for claim in chip.status]
        if len(steps) == 1:
            return steps[0]
        return Markup(
            f"<strong>{safety.text(self.t.text(choice_word(chip.current_status, 'chip_status')))}</strong>"
            + self.t.text(" now. History, oldest first: ")
            + " → ".join(steps)
        )

    def claim_fields(self, entity: Company | Chip) -> list[tuple[str, list[Claim]]]:
        return [(".".join(loc), claims) for loc, claims in iter_claim_fields(entity)]

    def briefs_for(self, kind: str, ident: str) -> list[Brief]:
        return self.catalog.briefs_by_entity.get((kind, ident), [])

    def events_for(self, kind: str, ident: str) -> list[Any]:
        return self.catalog.events_by_entity.get((kind, ident), [])


def source_links(source: Source, catalogue: Catalogue | None = None) -> list[Markup]:
    """The links of a source, labelled honestly: where we read it (a copy, if it is one), the original, archives."""
    t = catalogue or Catalogue(ENGLISH)
    if source.original_outlet:
        links = [safety.link(source.url, t.text("read at: copy on %(publisher)s", publisher=source.publisher))]
        if source.original_url:
            label = t.text("original: %(outlet)s", outlet=source.original_outlet)
            links.append(safety.link(source.original_url, label))
    else:
        links = [safety.link(source.url, t.text("read at %(publisher)s", publisher=source.publisher))]
    if source.archive_url:
        links.append(safety.link(source.archive_url, t.text("archived copy")))
    links.append(safety.link(archive_lookup_url(source), t.text("find an archived copy (lookup)")))
    return links


def archive_lookup_url(source: Source) -> str:
    """A Wayback Machine lookup of the page's captures around the day we read it (a search, not a copy)."""
    return f"https://web.archive.org/web/{source.accessed.replace('-', '')}000000*/{source.url}"


def language_name(code: str, locale: str = "en") -> str:
    """An ISO 639-1 code as its name in the reader's language (Babel's CLDR data): 'fr' -> 'French', '法语'."""
    try:
        return babel.Locale.parse(code).get_display_name(locale) or code
    except (ValueError, babel.UnknownLocaleError):
        return code


def _built_dir(uri: str) -> str:
    """The folder a source page is served from with directory URLs: chips/x.md -> chips/x."""
    if uri.endswith("index.md"):
        return posixpath.dirname(uri) or "."
    return uri[: -len(".md")] if uri.endswith(".md") else posixpath.dirname(uri) or "."


#: How every view marks a real conflict: sources giving different values for the same thing.
CONFLICT_MARK = Markup('<span class="cb-disagree">sources differ</span>')


def conflict_mark(catalogue: Catalogue | None = None) -> Markup:
    """CONFLICT_MARK in the reader's language."""
    if catalogue is None or catalogue.language is ENGLISH:
        return CONFLICT_MARK
    return Markup('<span class="cb-disagree">{}</span>').format(catalogue.text("sources differ"))


def status_badge(status: str, catalogue: Catalogue | None = None) -> Markup:
    """An inline label that shows how sure a value is, with the scale's meaning on hover, in the reader's language."""
    t = catalogue or Catalogue(ENGLISH)
    help_text, word = t.text(STATUS_HELP[status]), t.word(status)
    return Markup(f'<span class="cb-status cb-status--{status}" title="{help_text}">{word}</span>')
