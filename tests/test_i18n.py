"""The Chinese interface: every page in both languages, `lang` set, a switch to the same record, no English left.

The fixture project is built once with the real strict MkDocs build; its pages are read as a reader's
browser gets them. The browser test opens English and Chinese pages at a phone's and a laptop's width.
"""

from __future__ import annotations

import ast
import posixpath
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import get_args

import jinja2
import pytest
import yaml

from chipbrief.i18n import (
    CHINESE,
    ENGLISH,
    SCRIPT_STRINGS,
    Catalogue,
    alternates,
    counterpart,
    format_date,
    load_catalogues,
)
from chipbrief.models import CHOICES, RateClaim
from chipbrief.render import CHINA_LINEAGE, ascii_fold, data_dictionary
from conftest import FIXTURE, ROOT, make_project, run_mkdocs

TEMPLATES = ROOT / "templates"

#: Words a Chinese page may show in Latin letters: format and unit names, product terms, our own name.
ALLOWED = {
    *[
        "BF16",
        "FP16",
        "FP8",
        "FP32",
        "FP64",
        "TF32",
        "FP4",
        "INT8",
        "TDP",
        "TPP",
        "HBM",
        "HBM2E",
        "HBM3",
        "DRAM",
        "ECCN",
        "PCIe",
        "SXM",
        "OAM",
        "Atom",
        "JSON",
        "CSV",
    ],
    *[
        "BibTeX",
        "CSL",
        "chipbrief",
        "Pagefind",
        "MkDocs",
        "Material",
        "GB",
        "GiB",
        "TB",
        "TFLOP",
        "TOP",
        "FLOP",
        "PFLOP",
        "mm",
        "nm",
        "TB/s",
        "GB/s",
        "MIT",
        "CC",
        "BY",
    ],
    *[
        "YAML",
        "Markdown",
        "git",
        "id",
        "Zotero",
        "US",
        "Commerce",
        "Control",
        "List",
        "INT",
        "CSL-JSON",
        "csv",
        "Corrections",
        "AI",
        "JavaScript",
        "CFR",
        "UTF-8",
        "Schema",
        "SVG",
        "A090",
    ],
}
#: Chinese pages whose interface is not translated yet (issue 14, Chinese interface: what is left). A page
#: leaves this list when its template's strings are wrapped in _() and have Chinese in templates/i18n/zh.yaml.
NOT_YET_TRANSLATED: set[str] = set()


def _content_strings() -> list[str]:
    """Every string the fixture content gives (names, titles, summaries, brief text): content, not interface."""
    strings: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            strings.append(value)
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(key)
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for path in (FIXTURE / "content").rglob("*"):
        if path.suffix == ".yaml":
            walk(yaml.safe_load(path.read_text(encoding="utf-8")))
        elif path.suffix == ".md":
            _, front, body = path.read_text(encoding="utf-8").split("---", 2)
            walk(yaml.safe_load(front))
            strings.extend(line for line in body.splitlines() if line.strip())
    strings += [name for name, _ in CHINA_LINEAGE]  # product names the rules page lists (render.CHINA_LINEAGE)
    folded = [ascii_fold(s) for s in strings]  # pinyin as readers type it, shown beside the pinyin
    return sorted(set(strings + folded), key=len, reverse=True)


class _Text(HTMLParser):
    """The visible text of a page's content region, without code, scripts and passages marked in another language."""

    SKIP = frozenset({"script", "style", "code", "template"})
    VOID = frozenset({"br", "img", "input", "hr", "meta", "link", "source", "wbr"})

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._stack: list[bool] = []  # per open element: does it hide its text?
        self._in_content = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        values = dict(attrs)
        lang = values.get("lang") or ""
        hides = tag in self.SKIP or (bool(lang) and not lang.startswith("zh")) or "hidden" in values
        self._stack.append(hides)
        if "data-pagefind-body" in values:
            self._in_content = len(self._stack)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID or not self._stack:
            return
        if len(self._stack) == self._in_content:
            self._in_content = 0
        self._stack.pop()

    def handle_data(self, data: str) -> None:
        if self._in_content and not any(self._stack):
            self.parts.append(data)


def english_left(html: str, content: list[str]) -> set[str]:
    """Latin-letter words on a Chinese page's content region that are neither content nor allowed terms."""
    parser = _Text()
    parser.feed(html)
    text = re.sub(r"\S*[/#]\S*|\S+\.(?:json|csv|bib|xml|svg)\b", " ", " ".join(parser.parts))  # addresses, files
    for string in content:
        text = text.replace(string, " ")
    words = set(re.findall(r"[A-Za-z][A-Za-z0-9'’-]+", text))
    return {word for word in words if word not in ALLOWED and not any(word in s for s in content)}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("i18n") / "project")
    result = run_mkdocs(project)
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


def pages(site: Path) -> Iterator[tuple[str, Path]]:
    """Every HTML page of the built site, by its URL inside the site (chips/acme-x1/), but for the 404 page."""
    for path in sorted(site.rglob("index.html")):
        rel = path.relative_to(site).parent.as_posix()
        if rel.startswith(("pagefind", "search/aliases")):
            continue
        yield ("" if rel == "." else rel + "/"), path


def test_catalogue_translates_every_template_string() -> None:
    """Every `_("...")` of every template has a Chinese entry: a new interface string is never left in English."""
    extractor = jinja2.Environment(extensions=["jinja2.ext.i18n"])
    zh = load_catalogues(TEMPLATES)["zh"].messages
    missing = []
    for template in sorted(TEMPLATES.glob("*.j2")):
        for line, _, message in extractor.extract_translations(template.read_text(encoding="utf-8")):
            if isinstance(message, str) and message not in zh:
                missing.append(f"templates/{template.name}:{line}: {message!r}")
    assert not missing, "no Chinese in templates/i18n/zh.yaml for:\n" + "\n".join(missing)


def test_catalogue_translates_the_python_and_script_strings() -> None:
    """render.py's `t.text("...")`, charts.py's and search.js's `t("...")` strings have Chinese too, and the
    script's strings are exactly the ones each page's box carries (chipbrief.i18n.SCRIPT_STRINGS)."""
    zh = load_catalogues(TEMPLATES)["zh"].messages
    tree = ast.parse((ROOT / "src" / "chipbrief" / "render.py").read_text(encoding="utf-8"))
    said = [
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "text"
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    ]
    assert len(said) > 20
    assert [s for s in said if s not in zh] == []
    charts = ast.parse((ROOT / "src" / "chipbrief" / "charts.py").read_text(encoding="utf-8"))
    drawn = [
        node.args[0].value
        for node in ast.walk(charts)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "t"
        and node.args
        and isinstance(node.args[0], ast.Constant)
    ]
    assert len(drawn) > 20
    assert [s for s in drawn if s not in zh and s not in ("wide", "narrow", "-")] == []
    script = (ROOT / "docs" / "javascripts" / "search.js").read_text(encoding="utf-8")
    calls = set(re.findall(r'\bt\("((?:[^"\\]|\\.)+)"\)', script))
    assert calls == set(SCRIPT_STRINGS)
    assert [s for s in SCRIPT_STRINGS if s not in zh] == []


def test_catalogue_translates_every_density_reading() -> None:
    """Key figures pass a throughput's reading (dense, sparse, unstated, or our estimate) to `_()` at run time,
    where the template extractor cannot see it: each reading a claim can have has Chinese."""
    zh = load_catalogues(TEMPLATES)["zh"].messages
    claims = [
        RateClaim[str](value="1 TFLOP/s", source="s", status="reported", sparse=sparse, sparse_estimated=why)
        for sparse, why in [(True, None), (False, None), (None, None), (True, "2:1 pair"), (False, "2:1 pair")]
    ]
    readings = {claim.density_words for claim in claims}
    assert len(readings) == 5
    assert [words for words in sorted(readings) if words not in zh] == []


def test_catalogue_translates_the_data_page_field_descriptions() -> None:
    """The data page describes every field from the models' docstrings: each has Chinese, so an edited
    docstring is caught here rather than shown in English on /zh/data/."""
    zh = load_catalogues(TEMPLATES)["zh"].messages
    texts = [t for kind in data_dictionary() for t in (kind["doc"], *(f["description"] for f in kind["fields"]))]
    assert len(texts) > 80
    assert [t for t in texts if t and t not in zh] == []


def test_catalogue_translates_the_python_messages() -> None:
    """Every Message("...") template Python makes for readers (chipbrief.message) has Chinese, but for
    templates of placeholders only."""
    zh = load_catalogues(TEMPLATES)["zh"].messages
    templates = []
    for path in sorted((ROOT / "src" / "chipbrief").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            is_message = isinstance(func, ast.Name) and func.id == "Message"
            is_join = (
                isinstance(func, ast.Attribute) and func.attr == "join" and getattr(func.value, "id", "") == "Message"
            )
            if not (is_message or is_join):
                continue
            first = node.args[0]
            options = [first.body, first.orelse] if isinstance(first, ast.IfExp) else [first]
            templates += [o.value for o in options if isinstance(o, ast.Constant) and isinstance(o.value, str)]
    assert len(templates) > 30
    untranslated = [t for t in templates if t.strip() and t not in zh and re.sub(r"%\(\w+\)s", "", t).strip(" ")]
    assert untranslated == []


def test_catalogue_has_each_key_once_and_keeps_placeholders() -> None:
    """A key given twice would silently lose one translation; a dropped %(name)s would drop a value."""
    path = TEMPLATES / "i18n" / "zh.yaml"
    node = yaml.compose(path.read_text(encoding="utf-8"))
    keys = [key.value for key, _ in node.value]
    assert len(keys) == len(set(keys)), sorted({k for k in keys if keys.count(k) > 1})
    for key, value in yaml.safe_load(path.read_text(encoding="utf-8")).items():
        assert sorted(re.findall(r"%\((\w+)\)s", key)) == sorted(re.findall(r"%\((\w+)\)s", value)), key


def test_gettext_escapes_values_but_not_its_own_text() -> None:
    zh = Catalogue(CHINESE, {"Hello %(name)s": "你好 **%(name)s**"})
    out = str(zh.gettext("Hello %(name)s", name="<b>[x](javascript:1)"))
    assert out.startswith("你好 **") and out.endswith("**")  # the catalogue's own Markdown passes
    assert "<b>" not in out and "[x]" not in out  # the value's HTML and Markdown do not
    assert Catalogue(ENGLISH).gettext("Untranslated") == "Untranslated"


def test_dates_and_switch_targets() -> None:
    assert format_date("2025-08-29", CHINESE) == "2025年8月29日"
    assert format_date("2025-08", CHINESE) == "2025年8月"
    assert format_date("2025", ENGLISH) == "2025"
    assert counterpart("chips/acme-x1/", CHINESE) == "zh/chips/acme-x1/"
    assert counterpart("zh/chips/acme-x1/", ENGLISH) == "chips/acme-x1/"
    assert [a["url"] for a in alternates("zh/")] == ["./"]


def test_every_page_exists_in_both_languages_with_its_lang(site: Path) -> None:
    urls = dict(pages(site))
    english = [url for url in urls if not url.startswith("zh/")]
    chinese = [url for url in urls if url.startswith("zh/")]
    assert len(english) > 15
    assert sorted("zh/" + url for url in english) == sorted(chinese)
    for url, path in urls.items():
        html = path.read_text(encoding="utf-8")
        want = "zh-Hans" if url.startswith("zh/") else "en"
        assert f'<html lang="{want}"' in html, url


def test_language_switch_leads_to_the_same_record(site: Path) -> None:
    for url, path in pages(site):
        html = path.read_text(encoding="utf-8")
        links = re.findall(r'<a class="md-header__button cb-language" href="([^"]+)" hreflang="([^"]+)"', html)
        assert len(links) == 1, url
        href, hreflang = links[0]
        target = posixpath.normpath(posixpath.join(url or ".", href))
        target = "" if target == "." else target + "/"
        assert (site / target / "index.html").is_file(), (url, href)
        assert target == counterpart(url, CHINESE if hreflang == "zh-Hans" else ENGLISH), (url, href)


def test_chinese_pages_have_a_chinese_navigation_to_chinese_pages(site: Path) -> None:
    for url, path in pages(site):
        if not url.startswith("zh/"):
            continue
        html = path.read_text(encoding="utf-8")
        tabs = re.findall(r'<a href="([^"]+)" class="md-tabs__link">\s*([^<]+?)\s*</a>', html)
        assert len(tabs) >= 8, url
        for href, label in tabs:
            target = posixpath.normpath(posixpath.join(url, href)) + "/"
            assert target.startswith("zh/") or target == "zh/", (url, href)
            assert not re.search("[A-Za-z]", label), (url, label)
    chip = (site / "zh" / "chips" / "acme-x1" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'md-tabs__item--active">\s*<a href="../" class="md-tabs__link">\s*芯片', chip)


def test_chinese_pages_use_chinese_names_and_words(site: Path) -> None:
    chip = (site / "zh" / "chips" / "acme-x1" / "index.html").read_text(encoding="utf-8")
    assert "<title>示例一号" in chip
    assert "规格" in chip and "截至 2025年8月" in chip and "有报道" in chip
    status = re.search(r'<span class="cb-claim" id="status-[0-9a-f]+">([^<]*)<', chip)
    assert status and status.group(1).strip() == "送样", status  # a status value in Chinese, not "sampling"
    assert 'placeholder="搜索"' in chip  # Material's own strings
    company = (site / "zh" / "companies" / "acme" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../chips/acme-x1/"' in company  # links stay in Chinese
    brief = (site / "zh" / "briefs" / "2025" / "acme-x1-french-report" / "index.html").read_text(encoding="utf-8")
    assert "本简报为英文" in brief


def test_the_404_page_speaks_both_languages_and_leads_to_each_home(site: Path) -> None:
    page = (site / "404.html").read_text(encoding="utf-8")
    english = page[page.index('<section lang="en">') :]
    chinese = page[page.index('<section lang="zh-Hans">') :]
    assert "<h1>404: page not found</h1>" in english and "Go to the home page" in english
    assert "<h2>404：找不到此页面</h2>" in chinese and "前往中文首页" in chinese
    assert re.search(r'<a href="[^"]*/zh/">前往中文首页</a>', chinese)


#: What the data page's field descriptions name as a contributor writes it: every allowed value of a
#: choice field (in-production, ai-lab ...), the date forms and the tokens of a field's format.
DATA_PAGE_TERMS = {
    *(part for choice in CHOICES.values() for value in get_args(choice) for part in (value, *value.split("-"))),
    *["ISO", "YYYY", "YYYY-MM", "YYYY-MM-DD", "byte", "mm2", "x16", "yaml", "slug", "true", "false", "null"],
    *["LPDDR5", "TSMC"],  # examples in the descriptions
}


def test_no_english_interface_left_on_chinese_pages(site: Path) -> None:
    content = _content_strings()
    left = {}
    for url, path in pages(site):
        if url.startswith("zh/") and url not in NOT_YET_TRANSLATED:
            known = [*sorted(DATA_PAGE_TERMS, key=len, reverse=True), *content] if url == "zh/data/" else content
            words = english_left(path.read_text(encoding="utf-8"), known)
            if words:
                left[url] = sorted(words)
    assert not left, left
