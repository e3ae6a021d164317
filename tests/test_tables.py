"""Wide tables as rendered: full-width pages, the scroll cue's words in each language, compare's column choice."""

from __future__ import annotations

import html
import re
from pathlib import Path

import yaml

from chipbrief.render import Templates, render_pages
from chipbrief.validate import check
from conftest import ROOT


def render(project: Path) -> dict[str, str]:
    return render_pages(check(project), Templates.from_folder(ROOT / "templates"))


def front_matter(page: str) -> dict:
    return yaml.safe_load(page.split("---\n")[1])


def test_wide_index_pages_give_the_table_the_page_s_width(project: Path) -> None:
    pages = render(project)
    for uri in ("chips/index.md", "sources/index.md", "compare/index.md", "zh/chips/index.md", "zh/sources/index.md"):
        assert front_matter(pages[uri])["hide"] == ["navigation", "toc"], uri


def test_the_scroll_cue_words_come_from_the_page_s_catalogue(project: Path) -> None:
    pages = render(project)
    for uri in ("chips/index.md", "sources/index.md", "compare/index.md"):
        english = re.search(r'data-cb-cue-view="([^"]*)"', pages[uri])
        chinese = re.search(r'data-cb-cue-view="([^"]*)"', pages["zh/" + uri])
        assert english and "%(shown)s" in english[1] and "columns in view" in english[1], uri
        assert chinese and "%(shown)s" in chinese[1] and "列" in chinese[1], uri


def test_the_sources_index_shows_date_and_language_before_the_long_title(project: Path) -> None:
    header = next(line for line in render(project)["sources/index.md"].splitlines() if line.startswith("| Publisher"))
    assert [cell.strip() for cell in header.strip("|").split("|")] == ["Publisher", "Published", "Language", "Title"]


def test_compare_offers_a_box_for_every_column_but_the_name(project: Path) -> None:
    page = render(project)["compare/index.md"]
    choice = page[page.index('<details class="cb-columns"') : page.index("</details>")]
    boxes = [html.unescape(v) for v in re.findall(r'<input type="checkbox" value="([^"]+)" checked>', choice)]
    thead = page[page.index("<thead>") : page.index("</thead>")]
    columns = [html.unescape(v) for v in re.findall(r'data-cb-col="([^"]+)"', thead)]
    assert boxes == columns and len(columns) == thead.count("<th ") - 1  # all but the chip's name
    assert "memory_capacity" in columns  # the key the address carries (?cols=), as the browser reads it
    assert "hidden" in choice.split(">")[0]  # shown by chipbrief.js only: without script every column shows
