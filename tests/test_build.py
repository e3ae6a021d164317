"""The real MkDocs build, strict, of the real content and of broken content."""

from __future__ import annotations

import json
import re
from pathlib import Path

from chipbrief.load import load_content
from chipbrief.validate import validate
from conftest import ROOT, run_mkdocs


def test_every_entity_gets_a_page(real_site: Path) -> None:
    catalog, problems = validate(load_content(ROOT))
    assert not problems
    for kind in ("companies", "chips", "sources"):
        for ident in getattr(catalog, kind):
            assert (real_site / kind / ident / "index.html").is_file(), f"{kind}/{ident}"
    for brief in catalog.briefs.values():
        assert (real_site / "briefs" / brief.meta.date[:4] / brief.id / "index.html").is_file()
    for page in ("index.html", "timeline/index.html", "about/index.html", "chips/index.html"):
        assert (real_site / page).is_file()


def test_chip_page_shows_values_with_units_status_and_sources(real_site: Path) -> None:
    html = (real_site / "chips" / "nvidia-h20" / "index.html").read_text(encoding="utf-8")
    assert "148 TFLOP/s dense" in html
    assert 'class="cb-status cb-status--' in html
    assert 'class="footnote"' in html  # every value cites a footnote
    # every source cited on the page appears in its footnotes with a link to the original
    footnotes = html[html.index('class="footnote"') :]
    assert "original</a>" in footnotes


def test_no_page_loads_anything_from_another_host(real_site: Path) -> None:
    """Readers in mainland China must get the whole page from our host: no fonts, CDNs or APIs."""
    tag = re.compile(r"<(?:script|link|img|iframe|source|video|audio)\b[^>]*>", re.I)
    loads_from_elsewhere = re.compile(r"""\b(?:src|href)=["']?(?:https?:)?//""", re.I)
    offenders = []
    for page in real_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for match in tag.finditer(text):
            element = match.group(0)
            if 'rel="canonical"' in element:  # names the page's address; loads nothing
                continue
            if loads_from_elsewhere.search(element):
                offenders.append(f"{page.relative_to(real_site)}: {element}")
        assert "fonts.googleapis.com" not in text
    assert offenders == []


def test_search_index_keeps_chinese_names_whole(real_site: Path) -> None:
    """Material's index, split with our separator, holds 寒武纪, 昇腾, 平头哥 as words."""
    index = json.loads((real_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    separator = re.compile(index["config"]["separator"])
    tokens = set()
    for doc in index["docs"]:
        text = re.sub(r"<[^>]+>", " ", doc["title"] + " " + doc["text"])
        tokens.update(t.lower() for t in separator.split(text) if t)
    # d’inférence is found as its two words: ’ separates them in the index and in the query alike
    for word in ("寒武纪", "昇腾", "平头哥", "思元", "590", "inference", "inférence"):
        assert word in tokens, word


def test_broken_content_fails_the_build_with_every_problem_and_writes_nothing(project: Path) -> None:
    (project / "content/sources/example-2025-08-report.yaml").write_text(
        "id: example-2025-08-report\npublisher: P\nurl: javascript:x\nlanguage: en\naccessed: 2026-11-28\n"
        "published: 2025-13-45\n",
        encoding="utf-8",
    )
    site = project / "site"
    site.mkdir()
    (site / "previous.html").write_text("the last good build", encoding="utf-8")
    result = run_mkdocs(project)
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "Traceback" not in output
    assert "content/sources/example-2025-08-report.yaml:3:6: url: expected an http:// or https:// URL" in output
    assert "content/sources/example-2025-08-report.yaml:6:12: published: expected a date" in output
    assert sorted(p.name for p in site.iterdir()) == ["previous.html"]  # nothing cleaned, nothing half-written


def test_broken_template_names_the_template_line(project: Path) -> None:
    (project / "templates" / "chip.md.j2").write_text("# {{ chip.name }}\n\n{{ chip.no_such_field.x }}\n")
    result = run_mkdocs(project)
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "Traceback" not in output
    assert "templates/chip.md.j2:3: while rendering chips/acme-x1.md" in output


def test_fixture_site_builds_strict(project: Path) -> None:
    result = run_mkdocs(project)
    assert result.returncode == 0, result.stdout + result.stderr
    html = (project / "site" / "chips" / "acme-x1" / "index.html").read_text(encoding="utf-8")
    assert "sources differ" in html  # 96 GB and 64 GB are both shown
    assert "96 GB" in html and "64 GB" in html
