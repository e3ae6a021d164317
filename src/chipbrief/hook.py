"""The MkDocs adapter: check content, render pages, and add them to the build in memory.

Named in mkdocs.yml under `hooks:`. It only calls the library: the same functions the CLI uses.
Content problems stop the build in `on_config`, before MkDocs cleans or writes site/, and are
reported as one error listing every problem, without a traceback.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import ClassVar

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

from chipbrief.problems import ContentError
from chipbrief.render import RenderError, Templates, render_site
from chipbrief.search import add_search_words
from chipbrief.validate import check

log = logging.getLogger("mkdocs.plugins.chipbrief")


class _Pages:
    """The files generated for the build in progress (set in on_config, read in on_files)."""

    current: ClassVar[dict[str, str]] = {}


def project_root(config: MkDocsConfig) -> Path:
    """The folder that holds mkdocs.yml, content/ and templates/."""
    return Path(config.config_file_path).resolve().parent


@event_priority(100)  # before Material's search plugin reads its settings
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    root = project_root(config)
    try:
        catalog = check(root)
    except ContentError as error:
        raise PluginError(f"content/ has problems; nothing was built.\n{error}") from None
    add_search_words(catalog)
    try:
        site_url = config.site_url or "http://127.0.0.1:8000/"
        _Pages.current = render_site(catalog, Templates.from_folder(root / "templates"), site_url)
    except RenderError as error:
        raise PluginError(str(error)) from None
    log.info("chipbrief: generated %d files from content/", len(_Pages.current))
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for uri, markdown in _Pages.current.items():
        existing = files.get_file_from_path(uri)
        if existing is not None:
            raise PluginError(f"docs/{uri} clashes with a generated page of the same path; rename or remove it.")
        files.append(File.generated(config, uri, content=markdown))
    return files
