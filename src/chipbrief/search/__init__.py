"""Site search: names first from the alias table, then Pagefind's full text, loaded only when a reader searches.

The hook calls `prepare` in on_config (the table is built from the catalog, and its shard count
and version are put in `config.extra` for the search box's markup) and `write` in on_post_build
(the table's shards and the Pagefind index are written into the built site). The browser side is
`docs/javascripts/search.js`; the box is `overrides/partials/search.html`; the results page for
`/search/?q=` is `docs/search.md`.

Files in the built site:
    search/aliases/<n>.json   the alias table's shards
    pagefind/                 Pagefind's index, its pagefind.js and its WebAssembly
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from chipbrief.catalog import Catalog
from chipbrief.i18n import Catalogue
from chipbrief.search.aliases import AliasTable, build_alias_table, normalize
from chipbrief.search.pagefind import PAGEFIND_VERSION, IndexStats, PagefindError, build_index, find_binary

__all__ = [
    "PAGEFIND_VERSION",
    "AliasTable",
    "IndexStats",
    "PagefindError",
    "build_alias_table",
    "build_index",
    "find_binary",
    "ignore_cross_references",
    "normalize",
    "prepare",
    "write",
]

#: Where the alias table's shards go inside the site.
ALIAS_FOLDER = "search/aliases"
#: The repository this package was installed from (an editable install), where `make setup` puts Pagefind.
REPOSITORY = Path(__file__).resolve().parents[3]


#: Sections that list other pages rather than say something of their own (a company's briefs, what
#: cites a source, a record's history): their words are those pages' words, and indexed here they
#: would put every company a brief mentions above the brief itself.
CROSS_REFERENCES = re.compile(r'<h2 id="(?:briefs-that-mention-[^"]*|what-cites-it|history-of-this-record)"')
_SECTION_END = re.compile(r'<h2[\s>]|<div class="footnote">')


def ignore_cross_references(content: str) -> str:
    """A page's content HTML with each cross-reference section (heading to next h2) marked data-pagefind-ignore."""
    out, at = [], 0
    for match in CROSS_REFERENCES.finditer(content):
        if match.start() < at:
            continue
        end = _SECTION_END.search(content, match.end())
        stop = end.start() if end else len(content)
        out += [content[at : match.start()], "<div data-pagefind-ignore>", content[match.start() : stop], "</div>\n"]
        at = stop
    return "".join([*out, content[at:]])


def prepare(catalog: Catalog, extra: dict[str, Any], catalogues: Mapping[str, Catalogue] | None = None) -> AliasTable:
    """Build the alias table and tell the templates (config.extra.chipbrief_search) how to fetch it;
    with the interface catalogues, each result's second line is in Chinese too, for Chinese pages."""
    table = build_alias_table(catalog, catalogues)
    extra["chipbrief_search"] = {"folder": ALIAS_FOLDER, "shards": table.shards, "version": table.version}
    return table


def write(site_dir: Path, table: AliasTable, project_root: Path) -> IndexStats:
    """Write the alias shards and the Pagefind index into a built site; raise PagefindError on failure."""
    folder = site_dir / ALIAS_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.json"):
        old.unlink()
    for name, text in table.files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return build_index(site_dir, find_binary(project_root, REPOSITORY))
