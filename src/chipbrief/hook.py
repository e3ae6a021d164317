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

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from chipbrief.csp import add_content_security_policy
from chipbrief.pipeline import UNKNOWN_SITE_URL, generate
from chipbrief.problems import ContentError
from chipbrief.search import AliasTable, PagefindError, ignore_cross_references, prepare, write

log = logging.getLogger("mkdocs.plugins.chipbrief")


class _Build:
    """What this build generated (set in on_config, read in on_files) and whether it is `mkdocs serve`."""

    pages: ClassVar[dict[str, str]] = {}
    serving: ClassVar[bool] = False
    aliases: ClassVar[AliasTable | None] = None


def project_root(config: MkDocsConfig) -> Path:
    """The folder that holds mkdocs.yml, content/ and templates/."""
    return Path(config.config_file_path).resolve().parent


def on_startup(command: str, dirty: bool) -> None:
    _Build.serving = command == "serve"


@event_priority(100)  # before any plugin acts: content problems stop the build first
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    root = project_root(config)
    try:
        generated = generate(root, config.site_url or UNKNOWN_SITE_URL)
    except ContentError as error:
        raise PluginError(f"content/ has problems; nothing was built.\n{error}") from None
    _Build.aliases = prepare(generated.catalog, config.extra)
    _Build.pages = generated.files
    log.info("chipbrief: generated %d files from content/", len(_Build.pages))
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for uri, markdown in _Build.pages.items():
        existing = files.get_file_from_path(uri)
        if existing is not None:
            raise PluginError(f"docs/{uri} clashes with a generated page of the same path; rename or remove it.")
        files.append(File.generated(config, uri, content=markdown))
    return files


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
    if _Build.aliases is None:
        return
    try:
        stats = write(Path(config.site_dir), _Build.aliases, project_root(config))
    except PagefindError as error:
        raise PluginError(f"search index: {error}") from None
    log.info("chipbrief: indexed %d pages for search in %.1f s", stats.pages, stats.seconds)
