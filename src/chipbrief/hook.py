"""The MkDocs adapter: check content, render pages, add them to the build in memory, lock pages down.

Named in mkdocs.yml under `hooks:`. It only calls the library: the same functions the CLI uses.
Content problems stop the build in `on_config`, before MkDocs cleans or writes site/, and are
reported as one error listing every problem, without a traceback. Every HTML page gets a
Content-Security-Policy (see `chipbrief.csp`); the search index is built last, in on_post_build.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import ClassVar

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Link, Navigation
from mkdocs.structure.pages import Page

from chipbrief.build import NO_SEARCH, DeferredIndex, Rebuild, drop_search_index, quiet_dirty_warning
from chipbrief.csp import add_content_security_policy
from chipbrief.i18n import (
    ENGLISH,
    LANGUAGES,
    Catalogue,
    alternates,
    load_catalogues,
    navigation,
    page_language,
    script_strings,
)
from chipbrief.pipeline import UNKNOWN_SITE_URL, generate
from chipbrief.problems import ContentError
from chipbrief.rendercache import RenderCache
from chipbrief.search import AliasTable, PagefindError, ignore_cross_references, prepare, write

log = logging.getLogger("mkdocs.plugins.chipbrief")


class _Build:
    """What this build generated (set in on_config, read in on_files) and whether it is `mkdocs serve`."""

    pages: ClassVar[dict[str, str]] = {}
    serving: ClassVar[bool] = False
    aliases: ClassVar[AliasTable | None] = None
    catalogues: ClassVar[dict[str, Catalogue] | None] = None
    rebuild: ClassVar[Rebuild | None] = None
    deferred: ClassVar[DeferredIndex] = DeferredIndex()


def project_root(config: MkDocsConfig) -> Path:
    """The folder that holds mkdocs.yml, content/ and templates/."""
    return Path(config.config_file_path).resolve().parent


def on_startup(command: str, dirty: bool) -> None:
    _Build.serving = command == "serve"
    quiet_dirty_warning()  # under this hook a dirty build is exact (chipbrief.build.incremental)


@event_priority(100)  # before any plugin acts: content problems stop the build first
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    root = project_root(config)
    try:
        site_url = config.site_url or UNKNOWN_SITE_URL
        generated = generate(root, site_url, cache=RenderCache.at(root, site_url))
    except ContentError as error:
        raise PluginError(f"content/ has problems; nothing was built.\n{error}") from None
    _Build.catalogues = None  # read again for this build: `mkdocs serve` rebuilds when templates/ change
    _Build.aliases = prepare(generated.catalog, config.extra, _catalogues(config))
    _Build.pages = generated.files
    log.info("chipbrief: generated %d files from content/", len(_Build.pages))
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for uri, markdown in _Build.pages.items():
        existing = files.get_file_from_path(uri)
        if existing is not None:
            raise PluginError(f"docs/{uri} clashes with a generated page of the same path; rename or remove it.")
        files.append(File.generated(config, uri, content=markdown))
    return _plan_rebuild(files, config)


def _plan_rebuild(files: Files, config: MkDocsConfig) -> Files:
    """Decide which files this build writes (all, unless a dirty build finds its last record still true)."""
    _Build.rebuild = Rebuild(project_root(config), config, files, serving=_Build.serving)
    _Build.rebuild.plan()
    return files


def on_env(env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    if _Build.rebuild is not None:
        _Build.rebuild.restore()  # pages not rebuilt keep their titles and anchors for the pages that are
    return env


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    """Give the header's language switch the same page in the other language, and a page not in English
    the navigation in its own language: the same sections, labelled from its catalogue (chipbrief.i18n)."""
    context["chipbrief_alternates"] = alternates(page.url)
    language = page_language(page.url)
    context["chipbrief_search_page"] = language.prefix + "search/"
    if language is not ENGLISH:
        catalogue = _catalogues(config)[language.code]
        context["chipbrief_script_strings"] = script_strings(catalogue)
        top = [(item.title, item.url) for item in nav.items if getattr(item, "url", None) is not None]
        links = []
        for entry in navigation(top, page.url, catalogue):
            link = Link(entry.title, entry.url)
            link.active = entry.active
            links.append(link)
        own = Navigation(links, [])
        own.homepage = Link(config.site_name, language.prefix)  # the logo leads to this language's home
        context["nav"] = own
    return context


def _catalogues(config: MkDocsConfig) -> dict[str, Catalogue]:
    if _Build.catalogues is None:  # once per build: the interface strings of every language
        _Build.catalogues = load_catalogues(project_root(config) / "templates")
    return _Build.catalogues


def on_template_context(context: dict, template_name: str, config: MkDocsConfig) -> dict:
    """Give the 404 page its words in every language (overrides/404.html): one page serves them all."""
    if template_name == "404.html":
        catalogues = _catalogues(config)
        context["chipbrief_not_found"] = [
            {
                "lang": language.html_lang,
                "title": catalogues[language.code].text("404: page not found"),
                "text": catalogues[language.code].text("There is no page at this address."),
                "home": language.prefix or ".",
                "home_label": catalogues[language.code].text("Go to the home page"),
            }
            for language in LANGUAGES
        ]
    return context


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return ignore_cross_references(html)  # lists of other pages stay out of the search index


@event_priority(-100)  # after every other plugin has changed the page
def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    if _Build.serving:  # `mkdocs serve` injects an inline live-reload script of its own
        return output
    return add_content_security_policy(output, page.content or "")


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    if _Build.serving or not template_name.endswith(".html"):
        return output_content
    return add_content_security_policy(output_content, "")


def on_post_build(config: MkDocsConfig) -> None:
    """Write the search alias table and the Pagefind index into the built site (chipbrief.search)."""
    rebuild, _Build.rebuild = _Build.rebuild, None
    site_dir, aliases, root = Path(config.site_dir), _Build.aliases, project_root(config)
    if aliases is None:
        return
    if config.get(NO_SEARCH):  # chipbrief build --no-search
        drop_search_index(site_dir)
        if rebuild is not None:
            rebuild.record(search=False)
        return
    if rebuild is not None and rebuild.search_current():
        log.info("chipbrief: no page changed; the search index is kept")
        rebuild.record(search=True)
        return
    if rebuild is not None:
        rebuild.record(search=not _Build.serving)
    if _Build.serving:
        _Build.deferred.schedule(lambda: _write_search(site_dir, aliases, root))
        return
    _write_search(site_dir, aliases, root)


def _write_search(site_dir: Path, aliases: AliasTable, root: Path) -> None:
    try:
        stats = write(site_dir, aliases, root)
    except PagefindError as error:
        raise PluginError(f"search index: {error}") from None
    log.info("chipbrief: indexed %d pages for search in %.1f s", stats.pages, stats.seconds)


def on_build_error(error: Exception) -> None:
    if _Build.rebuild is not None:
        _Build.rebuild.abandon()  # the site folder may be half-written: the next build is a full one
        _Build.rebuild = None
