"""Search without a browser: the alias table, what the build indexes, and how it fails.

The browser side (the box, the results page, relevance, bytes fetched) is tests/test_search_browser.py.
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from chipbrief.load import load_content
from chipbrief.search import build_alias_table, ignore_cross_references, normalize
from chipbrief.search.aliases import MOST, SHARD_BYTES, TOP, AliasTable, Entry, shard_of, traditional_forms
from chipbrief.search.pagefind import PAGEFIND_VERSION, UNUSED_FILES, PagefindError, find_binary
from chipbrief.validate import check, validate
from conftest import ROOT, run_mkdocs


@pytest.fixture(scope="module")
def table() -> AliasTable:
    """The alias table of the real content."""
    catalog, problems = validate(load_content(ROOT))
    assert not problems
    return build_alias_table(catalog)


def urls(table: AliasTable, query: str) -> list[str]:
    return [entry.url for entry in table.lookup(query)]


# ---------------------------------------------------------------------------
# The alias table
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("H20", "h20"),
        ("Ｈ２０", "h20"),  # full-width, as a Chinese keyboard types it
        ("Ascend 910C", "ascend910c"),
        ("T-Head", "thead"),
        ("Hánwǔjì", "hanwuji"),
        ("Mó'ěr Xiànchéng", "moerxiancheng"),
        ("inférence", "inference"),
        ("中芯国际", "中芯国际"),
        ("  SMIC. ", "smic"),
        ("d’inférence", "dinference"),
    ],
)
def test_names_and_queries_compare_without_case_accents_tones_or_punctuation(text: str, key: str) -> None:
    assert normalize(text) == key


def test_model_numbers_match_exactly_before_they_match_as_prefixes(table: AliasTable) -> None:
    assert urls(table, "H20")[:2] == ["chips/nvidia-h20/", "chips/nvidia-h200/"]
    assert urls(table, "910C") == ["chips/huawei-ascend-910c/"]
    assert urls(table, "910")[0] == "chips/huawei-ascend-910/"
    assert set(urls(table, "910")[1:3]) == {"chips/huawei-ascend-910b/", "chips/huawei-ascend-910c/"}


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("SMIC", "companies/smic/"),
        ("中芯国际", "companies/smic/"),
        ("寒武纪", "companies/cambricon/"),
        ("寒武紀", "companies/cambricon/"),
        ("hanwuji", "companies/cambricon/"),
        ("Hánwǔjì", "companies/cambricon/"),
        ("昇騰910C", "chips/huawei-ascend-910c/"),
        ("华为昇腾910C", "chips/huawei-ascend-910c/"),  # the designer's name before the chip's
        ("Nvidia H20", "chips/nvidia-h20/"),
        ("MLU590", "chips/cambricon-siyuan-590/"),  # the part of a name in brackets
        ("P800", "chips/kunlunxin-p800/"),
        ("huawei-ascend-910b", "chips/huawei-ascend-910b/"),  # an id
        ("TechPowerUp", "sources/techpowerup-"),  # a publisher's records (any of them: ids ending in "-")
    ],
)
def test_names_answer_with_their_entity_first(table: AliasTable, query: str, first: str) -> None:
    found = urls(table, query)[0]
    assert found.startswith(first) if first.endswith("-") else found == first


def test_traditional_characters_are_generated_not_kept_by_hand(table: AliasTable) -> None:
    """No company or chip file spells 寒武紀 or 昇騰: the table has them from OpenCC."""
    files = [*(ROOT / "content" / "companies").glob("*.yaml"), *(ROOT / "content" / "chips").glob("*.yaml")]
    text = "".join(p.read_text(encoding="utf-8") for p in files)
    assert "寒武紀" not in text and "昇騰" not in text
    assert traditional_forms("寒武纪") == ["寒武紀"]
    assert set(traditional_forms("台积电")) == {"臺積電", "台積電"}  # Taiwan and Hong Kong write it differently
    assert traditional_forms("Cambricon") == []
    assert urls(table, "寒武紀")[0] == "companies/cambricon/"


def test_a_beginning_answers_a_few_entities_shortest_names_first(table: AliasTable) -> None:
    assert len(table.answers["huaweiasc"]) == TOP  # many Ascend chips begin so: the best few only
    # the shortest names come first: Ascend 310 and Ascend 910 (both ten characters) before the 910B and 910C
    assert set(urls(table, "Huawei Asc")[:2]) == {"chips/huawei-ascend-310/", "chips/huawei-ascend-910/"}
    assert urls(table, "Huawei")[0] == "companies/huawei/"
    assert table.lookup("寒") == []  # one character answers only a one-character name
    assert table.lookup("no such name at all") == []


def test_shards_hold_every_key_where_the_browser_looks_and_escape_markup(project: Path) -> None:
    """Content is untrusted: a name with markup is JSON text with <, > and & escaped, and reads back the same."""
    company = project / "content" / "companies" / "acme.yaml"
    name = "Acme </script><img src=x onerror=alert(1)> & Co"
    company.write_text(company.read_text(encoding="utf-8").replace("Acme Semiconductor", name), encoding="utf-8")
    table = build_alias_table(check(project))
    files = table.files
    assert len(files) == table.shards
    for text in files.values():
        assert "<" not in text and ">" not in text and "&" not in text
    for key, found in table.answers.items():
        shard = json.loads(files[f"{shard_of(key, table.shards)}.json"])
        assert [shard["entries"][i][0] for i in shard["answers"][key]] == [table.entries[i].url for i in found]
    assert table.lookup("acme")[0].title == name


def test_a_publisher_with_hundreds_of_records_answers_with_its_newest_few(project: Path) -> None:
    """One name with many entries (300 records of one publisher) stays one small answer and one small shard."""
    source = (project / "content" / "sources" / "example-2025-08-report.yaml").read_text(encoding="utf-8")
    for n in range(300):
        text = source.replace("id: example-2025-08-report", f"id: flood-{n}")
        text = text.replace("2025-08-29", f"2025-01-{n % 28 + 1:02d}").replace("example-chip", f"flood-{n}")
        (project / "content" / "sources" / f"flood-{n}.yaml").write_text(text, encoding="utf-8")
    table = build_alias_table(check(project))
    found = table.lookup("Example Daily")
    assert len(found) == MOST
    assert found[0].url == "sources/example-2025-08-report/"  # the newest (2025-08-29) first
    assert max(len(text.encode()) for text in table.files.values()) <= SHARD_BYTES * 1.5


def test_a_large_table_is_split_into_small_shards() -> None:
    entries = [Entry(f"chips/chip-{n}/", f"Chip {n}", "Chip by Company", "chip") for n in range(20_000)]
    answers = {f"chip{n}": [n] for n in range(20_000)}
    table = AliasTable(entries, answers)
    assert table.shards > 16
    assert max(len(text.encode()) for text in table.files.values()) <= SHARD_BYTES * 1.5
    small = AliasTable(entries[:3], {"chip1": [1]})
    assert small.shards == 1


def test_cross_reference_sections_are_kept_out_of_the_index() -> None:
    html = (
        '<p>Own words.</p><h2 id="events">Events</h2><ul><li>An event</li></ul>'
        '<h2 id="briefs-that-mention-acme">Briefs that mention Acme</h2><ul><li>A brief title</li></ul>'
        '<div class="footnote"><ol><li>A source</li></ol></div>'
    )
    marked = BeautifulSoup(ignore_cross_references(html), "html.parser")
    ignored = marked.select("[data-pagefind-ignore]")
    assert [node.get_text(" ", strip=True) for node in ignored] == ["Briefs that mention Acme A brief title"]
    assert marked.select_one(".footnote").find_parent(attrs={"data-pagefind-ignore": True}) is None


# ---------------------------------------------------------------------------
# The built site
# ---------------------------------------------------------------------------


def soup(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def fragments(site: Path) -> dict[str, dict]:
    """Pagefind's stored text of every indexed page, by URL (its fragments are gzipped JSON)."""
    out = {}
    for path in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(path.read_bytes())
        record = json.loads(data[data.index(b"{") :])
        out[record["url"]] = record
    return out


def test_materials_search_is_gone(real_site: Path) -> None:
    assert not (real_site / "search" / "search_index.json").exists()
    home = (real_site / "index.html").read_text(encoding="utf-8")
    assert 'data-md-component="search"' not in home  # Material's search must not start
    assert "jieba" not in (ROOT / "requirements.txt").read_text(encoding="utf-8")
    assert not re.search(r"^\s*- search\b", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M)


def test_the_index_is_pagefind_built_at_the_end_of_the_build(real_site: Path) -> None:
    folder = real_site / "pagefind"
    entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["version"] == PAGEFIND_VERSION
    assert list(entry["languages"]) == ["zh"]  # one index, segmented as Chinese, for all three languages
    assert (folder / "pagefind.js").is_file() and list(folder.glob("wasm.*.pagefind"))
    assert not [name for name in UNUSED_FILES if (folder / name).exists()]
    indexed = [p for p in real_site.rglob("*.html") if "data-pagefind-body" in p.read_text(encoding="utf-8")]
    assert entry["languages"]["zh"]["page_count"] == len(indexed) > 300


@pytest.mark.parametrize(
    ("path", "group", "kind"),
    [
        ("chips/nvidia-h20", "entity", "Chip"),
        ("companies/smic", "entity", "Company"),
        ("briefs/2025/nvidia-5-5bn-h20-charge", "brief", "Brief"),
        ("tags/h20", "tag", "Tag"),
        ("sources/techpowerup-2022-08-24-biren-br100-hot-chips", "source", "Source"),
        ("sources", "other", "Page"),
        ("companies", "other", "Page"),
        ("", "other", "Page"),
        ("about", "other", "Page"),
    ],
)
def test_each_page_marks_its_own_content_with_a_search_group(real_site: Path, path: str, group: str, kind: str) -> None:
    page = soup(real_site, path)
    (body,) = page.select("[data-pagefind-body]")
    assert body["data-pagefind-filter"] == f"group:{group}"
    assert body["data-pagefind-meta"] == f"kind:{kind}"
    assert body.find_parent("article") is not None
    assert body.select("header, nav, footer, .md-header, .md-sidebar, .md-footer") == []


def test_the_search_page_and_404_are_not_indexed(real_site: Path) -> None:
    assert soup(real_site, "search").select("[data-pagefind-body]") == []
    assert "data-pagefind-body" not in (real_site / "404.html").read_text(encoding="utf-8")
    assert soup(real_site, "search").select_one("#search-results") is not None


def test_only_main_content_is_indexed(real_site: Path) -> None:
    """A chip's own words are in the index; its footnote list, nav, footer and cross-reference lists are not."""
    stored = fragments(real_site)
    h20 = stored["/chips/nvidia-h20/"]["content"].replace("\u200b", "")
    assert "Cut-down Hopper GPU" in h20
    assert not re.search(r"\d\s*,\s*\d\s*,", h20[:400])  # no footnote numbers after the summary
    assert "what cites it" not in h20 and "Jump back to footnote" not in h20  # the footnote list
    assert "Briefs that mention" not in h20  # other pages' titles
    assert "chipbrief, “H20, foundry" not in h20  # the ready-made citations beside values
    assert "Made with" not in h20 and "Skip to content" not in h20  # footer, header
    # source records are searchable now (they were excluded from Material's index)
    assert "/sources/techpowerup-2022-08-24-biren-br100-hot-chips/" in stored
    assert "/search/" not in stored


def test_alias_shards_are_in_the_site_where_the_box_says(real_site: Path) -> None:
    box = soup(real_site, "chips/nvidia-h20").select_one("#cb-search")
    shards = int(box["data-cb-shards"])
    files = sorted((real_site / box["data-cb-aliases"]).glob("*.json"))
    assert len(files) == shards and len(box["data-cb-version"]) == 12
    found = [json.loads(p.read_text(encoding="utf-8")) for p in files]
    assert any("h20" in shard["answers"] for shard in found)
    assert max(p.stat().st_size for p in files) <= SHARD_BYTES * 1.5


def test_every_page_allows_webassembly_and_nothing_looser(real_site: Path) -> None:
    html = (real_site / "chips" / "nvidia-h20" / "index.html").read_text(encoding="utf-8")
    policy = re.search(r'Content-Security-Policy" content="([^"]+)"', html)[1]
    script_src = next(d for d in policy.split("; ") if d.startswith("script-src"))
    assert "'wasm-unsafe-eval'" in script_src.split()
    assert "'unsafe-eval'" not in script_src.split() and "'unsafe-inline'" not in script_src.split()


# ---------------------------------------------------------------------------
# Pagefind missing or wrong: the build says so
# ---------------------------------------------------------------------------


def test_a_missing_or_wrong_pagefind_fails_the_build_and_says_how_to_fix_it(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(project / "no-such-pagefind"))
    result = run_mkdocs(project)
    assert result.returncode == 1
    assert f"Pagefind {PAGEFIND_VERSION} is not installed" in result.stdout + result.stderr
    assert "make setup" in result.stdout + result.stderr
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", "/bin/echo")
    with pytest.raises(PagefindError, match="expected pagefind"):
        find_binary()


def test_the_pinned_pagefind_is_installed_by_the_project(monkeypatch: pytest.MonkeyPatch) -> None:
    """`make setup` runs scripts/install-pagefind.sh, which pins the version and the binary's SHA-256."""
    script = (ROOT / "scripts" / "install-pagefind.sh").read_text(encoding="utf-8")
    assert f"VERSION={PAGEFIND_VERSION}" in script and "sha256sum --check" in script
    setup = re.search(r"^setup:(.*)$", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M)
    assert "$(PAGEFIND)" in setup[1]
    monkeypatch.delenv("PAGEFIND_BINARY_PATH", raising=False)
    assert find_binary(ROOT) == ROOT / ".cache" / "pagefind" / PAGEFIND_VERSION / "pagefind_extended"
