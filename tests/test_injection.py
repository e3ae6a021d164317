"""An attacker's pull request: payloads in every text and URL field, checked and built for real.

Every free-text field of every content kind gets payloads (the fields are found from the models:
any leaf that accepts arbitrary text); the site is built with the real strict MkDocs build and
every page is parsed with an HTML parser for event-handler attributes, script URLs and scripts
that are not ours. Payloads that `check` refuses must be refused with path:line; whatever `check`
accepts must build.
"""

from __future__ import annotations

import copy
import csv
import io
import posixpath
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from chipbrief.models import MODELS, BriefMeta, TagVocabulary
from chipbrief.pipeline import generate
from chipbrief.problems import ContentError
from conftest import guard, make_project, run_mkdocs, serve_folder

#: Text payloads: each must come out as the same visible text, never as markup or a link.
TEXT_PAYLOADS = [
    "<script>alert(1)</script>",
    "X <svg onload=alert(1)>",
    '"><img src=x onerror=alert(1)>',
    "'><img src=x onerror=alert(1)>",
    "</title><script>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
    "</script><script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "[x]( javascript:alert(1) )",
    "[x][ref]\n\n[ref]: javascript:alert(1)",
    '<a href="javascript:alert(1)">x</a>',
    "<javascript:alert(1)>",
    "<https://evil.example/>",
    "![x](https://evil.example/track.png)",
    "{: onclick=alert(1) }",
    'x {: #id onclick="alert(1)" }',
    "x {:",
    "{ .x onmouseover=alert(1) }",
    "[^x] footnote [^x]: javascript:alert(1)",
    '!!! danger "<img src=x onerror=alert(1)>"',
    "# heading\n\n    indented <script>alert(1)</script>",
    "| a | b |\n|---|---|\n| <svg onload=alert(1)> | x |",
    "1. list\n- item\n> quote <script>alert(1)</script>",
    "$\\frac{1}{0}$ mathtext $x^",
    "{{ 7*7 }} {% raw %} {# jinja #}",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "javascript&colon;alert(1)",
    "<iframe src=//evil.example></iframe>",
    "<style>body{display:none}</style>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "`code <script>alert(1)</script>`",
    "back\\slash \\<script\\>alert(1)\\</script\\>",
    "line<br>sep <!-- comment --> ]]> <![CDATA[x]]> <?php x ?>",
    '"onmouseover="alert(1)',
    '=HYPERLINK("https://evil.example","x")',
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "*" * 200 + "x" + "*" * 200,
]

#: URL payloads: every one must be refused by `check` at the URL's line.
BAD_URLS = [
    "https://evil.example/x)<svg/onload=alert(1)>",
    "javascript:alert(1)",
    "JAVASCRIPT:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    'https://a.example/x"onmouseover="alert(1)',
    "https://a.example/x'onmouseover='alert(1)",
    "https://a.example/x\n",
    "https://a.example/x y",
    "https://a.example/[x](javascript:alert(1))",
    "https://a.example/x`y",
    "https://a.example/{: onclick=alert(1) }",
    "//evil.example/x",
    "https://user@evil.example/",
    "https://a.example/x\\y",
    "https://a.example/x|y",
]

#: URLs that are odd but real: accepted, and the built href is the URL letter for letter.
ODD_GOOD_URLS = [
    "https://a.example/path_with_under*scores?x=1&y=2;z=3#frag!$",
    "https://b.example/新闻/燧原科技",
    "https://c.example:8443/%E9%98%BF%E9%87%8C?q=a+b,c@d",
]


# ---------------------------------------------------------------------------
# An enriched project: the fixture with every optional text and URL field present
# ---------------------------------------------------------------------------


def _claim(value: Any, **extra: Any) -> dict[str, Any]:
    return {"value": value, "source": "example-2025-08-report", "status": "reported", "as_of": "2025-08", **extra}


def enriched_records() -> dict[str, dict[str, Any]]:
    """Every content file of the injection project, by path, with every optional text field filled."""
    source = {
        "id": "example-2025-08-report",
        "publisher": "Example Daily",
        "original_outlet": "Example Wire",
        "author": "A. Writer",
        "title": "A report on an example chip",
        "url": "https://example.org/news/example-chip",
        "language": "en",
        "published": "2025-08-29",
        "accessed": "2026-11-28",
        "archive_url": "https://archive.example.org/web/2026/https://example.org/news/example-chip",
        "note": "Seen on the outlet's own site.",
    }
    source_fr = {
        "id": "exemple-2025-09-fr",
        "publisher": "Exemple Quotidien",
        "title": "Une puce d’inférence d’exemple",
        "title_en": "An example inference chip",
        "url": "https://example.org/fr/puce",
        "language": "fr",
        "published": "2025-09",
        "accessed": "2026-11-28",
    }
    acme = {
        "id": "acme",
        "name": "Acme Semiconductor",
        "short_name": "Acme",
        "name_zh": "示例芯片",
        "pinyin": "Shìlì Xīnpiàn",
        "aliases": ["Acme", "示例"],
        "kind": "designer",
        "website": "https://acme.example.com/",
        "summary": "A fixture company used by the tests.",
        "sources": ["example-2025-08-report"],
        "parent": [_claim("fabco", note="A parent note.")],
        "headquarters": [_claim("Hangzhou", note="A city note.")],
        "founded": [_claim("2019")],
        "listings": [_claim({"exchange": "SSE STAR", "ticker": "688000"}, note="A listing note.")],
    }
    fabco = {
        "id": "fabco",
        "name": "Fabco",
        "kind": "foundry",
        "summary": "A fixture foundry.",
        "sources": ["example-2025-08-report"],
    }
    chip = {
        "id": "acme-x1",
        "name": "Acme X1",
        "name_zh": "示例一号",
        "aliases": ["X1", "AX-1"],
        "designer": "acme",
        "status": [_claim("sampling", note="A status note.")],
        "workload": "inference",
        "summary": "A fixture chip.",
        "sources": ["example-2025-08-report"],
        "foundry": [_claim("fabco", note="A foundry note.")],
        "process_node": [_claim("7 nm")],
        "specs": {
            "memory_type": [_claim("HBM3", note="A memory note.")],
            "memory_capacity": [_claim("96 GB"), _claim("64 GB", source="exemple-2025-09-fr", status="rumored")],
            "memory_bandwidth": [_claim("4.0 TB/s")],
            "bf16": [_claim("148 TFLOP/s", sparse=False, note="A throughput note.")],
            "int8": [_claim("296 TOP/s", sparse=True, sparse_estimated="A density reasoning.")],
            "tdp": [_claim("400 W")],
            "die_area": [_claim("600 mm2")],
            "interconnect": [_claim("AcmeLink")],
            "form_factor": [_claim("OAM")],
            "host_interface": [_claim("PCIe 5.0 x16")],
        },
    }
    event = {
        "id": "2025-08-29-acme-x1-report",
        "date": "2025-08-29",
        "title": "Example Daily reports the Acme X1",
        "kind": "report",
        "status": "reported",
        "companies": ["acme"],
        "chips": ["acme-x1"],
        "sources": ["example-2025-08-report"],
        "summary": "A fixture event.",
    }
    brief = {
        "title": "A French outlet describes the Acme X1",
        "date": "2025-09",
        "source": "exemple-2025-09-fr",
        "checked_against": ["example-2025-08-report"],
        "original_language": "fr",
        "original_title": "Une puce d’inférence d’exemple",
        "translator": {"name": "A. Translator", "tool": "Test tool", "reviewed_by": "A. Reviewer"},
        "mentions": {"companies": ["acme", "fabco"], "chips": ["acme-x1"]},
        "tags": ["inference"],
        "claims": [{"text": "The Acme X1 has 64 GB of memory.", "status": "rumored", "source": "exemple-2025-09-fr"}],
        "quote": {"text": "puce d’inférence", "source": "exemple-2025-09-fr"},
    }
    rule = {
        "id": "2025-01-example-rule",
        "title": "An example export-control rule",
        "kind": "policy",
        "effective": "2025-01-02",
        "ended": "2025-06-01",
        "ended_note": "An ending note.",
        "federal_register": "90 FR 1",
        "outcome": "case-by-case",
        "tests": [{"label": "example test", "all": [{"metric": "tpp", "op": "<", "value": 21000}]}],
        "chips": ["acme-x1"],
        "companies": ["acme"],
        "summary": "A fixture rule.",
        "not_public": "A note on what is not public.",
        "unverified": "A note on the text not seen.",
        "sources": ["example-2025-08-report"],
    }
    # A page whose stored copy showed no date: it says why, and that reason is shown to readers.
    undated = {
        "id": "example-undated-page",
        "publisher": "Example Wire",
        "title": "An undated page",
        "url": "https://example.org/news/undated-page",
        "language": "en",
        "undated": "The stored copy shows no date.",
        "accessed": "2026-11-28",
    }
    tags = {
        "tags": [
            {
                "id": "inference",
                "label": "Inference",
                "label_zh": "推理",
                "description": "Chips that run trained models.",
            }
        ]
    }
    bare_chip = {  # no spec field: the data page's coverage section lists it by name
        "id": "acme-x0",
        "name": "Acme X0",
        "name_zh": "示例零号",
        "designer": "acme",
        "status": [_claim("announced", note="A bare chip's status note.")],
        "workload": "unknown",
        "summary": "A fixture chip without figures.",
        "sources": ["example-2025-08-report"],
    }
    return {
        "content/rules/2025-01-example-rule.yaml": rule,
        "content/sources/example-2025-08-report.yaml": source,
        "content/sources/exemple-2025-09-fr.yaml": source_fr,
        "content/sources/example-undated-page.yaml": undated,
        "content/companies/acme.yaml": acme,
        "content/companies/fabco.yaml": fabco,
        "content/chips/acme-x1.yaml": chip,
        "content/chips/acme-x0.yaml": bare_chip,
        "content/events/2025-08-29-acme-x1-report.yaml": event,
        "content/briefs/2025/acme-x1-french-report.md": brief,
        "content/tags.yaml": tags,
    }


BODY = "A fixture brief about a chip for d’inférence workloads.\n"


def write_project(target: Path, records: dict[str, dict[str, Any]], body: str = BODY) -> Path:
    """A buildable project holding records (YAML files and one brief) and the real templates."""
    project = make_project(target)
    for path, data in records.items():
        (project / path).parent.mkdir(parents=True, exist_ok=True)  # content/rules/ is not in the fixture
        dumped = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
        text = f"---\n{dumped}---\n\n{body}" if path.endswith(".md") else dumped
        (project / path).write_text(text, encoding="utf-8")
    return project


def _model_for(path: str) -> type:
    if path == "content/tags.yaml":
        return TagVocabulary
    return BriefMeta if "/briefs/" in path else MODELS[path.split("/")[1]]


Leaf = tuple[str, tuple[Any, ...]]


def _leaves(data: Any, loc: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], Any]]:
    if isinstance(data, dict):
        return [leaf for key, value in data.items() for leaf in _leaves(value, (*loc, key))]
    if isinstance(data, list):
        return [leaf for index, value in enumerate(data) for leaf in _leaves(value, (*loc, index))]
    return [(loc, data)]


def _set(data: Any, loc: tuple[Any, ...], value: Any) -> None:
    for key in loc[:-1]:
        data = data[key]
    data[loc[-1]] = value


def _accepts(path: str, data: dict[str, Any], loc: tuple[Any, ...], value: str) -> bool:
    probe = copy.deepcopy(data)
    _set(probe, loc, value)
    try:
        _model_for(path).model_validate(probe)
    except ValueError:
        return False
    return True


def text_fields(records: dict[str, dict[str, Any]]) -> list[Leaf]:
    """Every leaf that takes free text: it accepts a probe with markup characters and spaces."""
    return [
        (path, loc)
        for path, data in records.items()
        for loc, value in _leaves(data)
        if isinstance(value, str) and _accepts(path, data, loc, "Free <text> & [more] {: x} | *y*")
    ]


def url_fields(records: dict[str, dict[str, Any]]) -> list[Leaf]:
    """Every leaf that holds a URL."""
    return [
        (path, loc)
        for path, data in records.items()
        for loc, value in _leaves(data)
        if isinstance(value, str) and value.startswith("https://") and not _accepts(path, data, loc, "Free text")
    ]


def test_the_corpus_reaches_every_text_and_url_field() -> None:
    """The field discovery finds what a reader sees: a test that found no fields would pass vacuously."""
    found = {
        (path.split("/")[1], tuple(k for k in loc if isinstance(k, str)))
        for path, loc in text_fields(enriched_records())
    }
    for expected in [
        ("chips", ("name",)),
        ("chips", ("name_zh",)),
        ("chips", ("aliases",)),
        ("chips", ("summary",)),
        ("chips", ("specs", "memory_type", "value")),
        ("chips", ("specs", "bf16", "note")),
        ("chips", ("specs", "int8", "sparse_estimated")),
        ("companies", ("name",)),
        ("companies", ("short_name",)),
        ("companies", ("pinyin",)),
        ("companies", ("listings", "value", "exchange")),
        ("companies", ("headquarters", "value")),
        ("sources", ("publisher",)),
        ("sources", ("title",)),
        ("sources", ("title_en",)),
        ("sources", ("author",)),
        ("sources", ("original_outlet",)),
        ("sources", ("note",)),
        ("sources", ("undated",)),
        ("events", ("title",)),
        ("events", ("summary",)),
        ("briefs", ("title",)),
        ("briefs", ("original_title",)),
        ("briefs", ("translator", "name")),
        ("briefs", ("translator", "tool")),
        ("briefs", ("claims", "text")),
        ("briefs", ("quote", "text")),
        ("tags.yaml", ("tags", "label")),
        ("tags.yaml", ("tags", "label_zh")),
        ("tags.yaml", ("tags", "description")),
    ]:
        assert expected in found, expected
    assert len(text_fields(enriched_records())) >= 30
    urls = {(path.split("/")[1], loc) for path, loc in url_fields(enriched_records())}
    assert urls >= {("sources", ("url",)), ("sources", ("archive_url",)), ("companies", ("website",))}
    assert len(TEXT_PAYLOADS) >= 30


# ---------------------------------------------------------------------------
# Scanning the built site
# ---------------------------------------------------------------------------

_SCRIPT_URL = re.compile(r"^(?:javascript|vbscript|data):", re.I)
_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "srcdoc", "background"}
_OUR_SCRIPT = re.compile(r"(?:assets/javascripts|javascripts)/[^/]")


class _Scanner(HTMLParser):
    """Collects what a payload could have become: handlers, script URLs, foreign scripts and frames."""

    def __init__(self, folder: str) -> None:
        super().__init__(convert_charrefs=True)
        self.folder = folder  # the page's folder inside the site, to resolve relative script paths
        self.offences: list[str] = []
        self._in_script: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on"):
                self.offences.append(f"<{tag} {name}={value!r}>")
            if name in _URL_ATTRIBUTES and value and _SCRIPT_URL.match(re.sub(r"[\x00-\x20]", "", value)):
                self.offences.append(f"<{tag} {name}={value!r}>")
        if tag in {"iframe", "frame", "object", "embed", "base", "form"} and tag != "form":
            self.offences.append(f"<{tag}>")
        if tag == "script":
            attributes = dict(attrs)
            src = attributes.get("src")
            if src is not None and not _OUR_SCRIPT.match(
                posixpath.normpath(posixpath.join(self.folder, src)).lstrip("/")
            ):
                self.offences.append(f"<script src={src!r}>")
            self._in_script = "data" if attributes.get("type") == "application/json" else "code"

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = None

    def handle_data(self, data: str) -> None:
        if self._in_script == "code" and "alert" in data:
            self.offences.append(f"<script>{data[:80]}")


def scan_site(site: Path) -> list[str]:
    """Every offence in every built HTML page, as 'page: what'."""
    offences = []
    for page in sorted(site.rglob("*.html")):
        scanner = _Scanner(page.parent.relative_to(site).as_posix())
        scanner.feed(page.read_text(encoding="utf-8"))
        offences += [f"{page.relative_to(site)}: {offence}" for offence in scanner.offences]
    return offences


class _Text(HTMLParser):
    """The visible text of a page's article, as a reader's browser shows it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._skip += tag in {"script", "style"}

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in {"script", "style"}

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible_text(page: Path) -> str:
    parser = _Text()
    parser.feed(page.read_text(encoding="utf-8"))
    return re.sub(r"\s+", " ", "".join(parser.parts))


def test_scanner_finds_what_it_looks_for(tmp_path: Path) -> None:
    """The scan would catch a live payload: it is not a check that cannot fail."""
    (tmp_path / "a.html").write_text(  # five offences
        '<p><svg onload=alert(1)></svg><a href=" javascript:alert(1)">x</a><script>alert(1)</script>'
        '<script src="https://evil.example/x.js"></script><iframe src="x"></iframe></p>',
        encoding="utf-8",
    )
    assert len(scan_site(tmp_path)) == 5


# ---------------------------------------------------------------------------
# The corpus, checked and built
# ---------------------------------------------------------------------------


def _with_text_payloads(offset: int) -> tuple[dict[str, dict[str, Any]], dict[Leaf, str]]:
    records = enriched_records()
    placed: dict[Leaf, str] = {}
    for index, (path, loc) in enumerate(text_fields(records)):
        payload = TEXT_PAYLOADS[(index + offset) % len(TEXT_PAYLOADS)]
        _set(records[path], loc, f"{payload} ({index})")
        placed[(path, loc)] = payload
    return records, placed


def _fields_per_payload() -> int:
    return len(text_fields(enriched_records()))


@pytest.fixture(scope="module", params=[0, 19], ids=["offset-0", "offset-19"])
def injected_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """The injection project built for real: payloads in every text field and in the brief body."""
    records, placed = _with_text_payloads(request.param)
    body = (
        BODY
        + "\n"
        + "\n\n".join(
            ["*" * 5000 + "x" + "*" * 5000, "An [honest link](https://example.org/) and *emphasis*.", "&lt;b&gt;"]
        )
    )
    project = write_project(tmp_path_factory.mktemp("injected"), records, body)
    generate(project)  # check accepts it: no ContentError
    result = run_mkdocs(project, "--site-dir", str(project / "site"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    return project / "site", placed


def test_no_payload_becomes_markup_script_or_link(injected_site: tuple[Path, dict]) -> None:
    site, placed = injected_site
    assert {payload for payload in placed.values()} >= set(TEXT_PAYLOADS[: min(len(TEXT_PAYLOADS), len(placed))])
    # The scan walks the whole site: every Chinese page (zh/, where name_zh and label_zh are shown) too.
    assert (site / "zh" / "chips" / "acme-x1" / "index.html").is_file()
    chinese = len(list(site.glob("zh/**/*.html")))
    assert chinese == len(list(site.glob("**/*.html"))) - chinese - 1  # all but the 404 page
    assert scan_site(site) == []


def test_payloads_read_as_the_text_that_was_written(injected_site: tuple[Path, dict]) -> None:
    """Escaping keeps the words: the chip's name shows letter for letter, markup characters included."""
    site, placed = injected_site
    name = next(
        payload for (path, loc), payload in placed.items() if path.endswith("acme-x1.yaml") and loc == ("name",)
    )
    page = visible_text(site / "chips" / "acme-x1" / "index.html")
    assert re.sub(r"\s+", " ", name).strip() in page
    title = (
        (site / "chips" / "acme-x1" / "index.html").read_text(encoding="utf-8").split("<title>")[1].split("</title>")[0]
    )
    assert "<" not in title  # the title element holds text only
    bare = next(
        payload for (path, loc), payload in placed.items() if path.endswith("acme-x0.yaml") and loc == ("name",)
    )
    assert re.sub(r"\s+", " ", bare).strip() in visible_text(site / "data" / "index.html")  # the coverage list


def test_csv_cells_that_look_like_formulas_are_neutralised(injected_site: tuple[Path, dict]) -> None:
    site, _ = injected_site
    for path in (site / "data").glob("*.csv"):
        for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8"))):
            for cell in row:
                assert not cell.startswith(("=", "+", "@")), (path.name, cell)
                assert not cell.startswith("-") or re.fullmatch(r"-[0-9.e+-]+", cell), (path.name, cell)


@pytest.mark.parametrize("bad_url", BAD_URLS)
def test_check_refuses_every_bad_url_at_its_line(tmp_path: Path, bad_url: str) -> None:
    records = enriched_records()
    fields = url_fields(records)
    for path, loc in fields:
        _set(records[path], loc, bad_url)
    project = write_project(tmp_path / "p", records)
    with pytest.raises(ContentError) as raised:
        generate(project)
    located = {(p.path, p.field) for p in raised.value.problems if p.line >= 1 and "expected" in p.message}
    for path, loc in fields:
        assert (path, ".".join(str(k) for k in loc)) in located, (path, loc, raised.value.problems)


def test_odd_but_real_urls_are_kept_letter_for_letter(tmp_path: Path) -> None:
    records = enriched_records()
    records["content/sources/example-2025-08-report.yaml"]["url"] = ODD_GOOD_URLS[0]
    records["content/sources/exemple-2025-09-fr.yaml"]["url"] = ODD_GOOD_URLS[1]
    records["content/companies/acme.yaml"]["website"] = ODD_GOOD_URLS[2]
    project = write_project(tmp_path / "p", records)
    result = run_mkdocs(project, "--site-dir", str(project / "site"))
    assert result.returncode == 0, result.stdout + result.stderr

    class Hrefs(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.hrefs: set[str] = set()

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.hrefs.update(value for name, value in attrs if name == "href" and value)

    parser = Hrefs()
    for page in ("sources/example-2025-08-report", "sources/exemple-2025-09-fr", "companies/acme"):
        parser.feed((project / "site" / page / "index.html").read_text(encoding="utf-8"))
    assert set(ODD_GOOD_URLS) <= parser.hrefs


@pytest.mark.parametrize(
    ("body", "line", "expected"),
    [
        ("Fine.\n\n<script>alert(1)</script>\n", 3, "raw HTML"),
        ("Fine.\n\nA <img src=x onerror=alert(1)> here.\n", 3, "raw HTML"),
        ("[x](javascript:alert(1))\n", 1, "http(s), relative or # link"),
        ("[x][r]\n\n[r]: javascript:alert(1)\n", 3, "http(s), relative or # link"),
        ("<javascript:alert(1)>\n", 1, "http(s) link"),
        ("Text\n\n![x](https://evil.example/t.png)\n", 3, "no images"),
        ("A paragraph {: onclick=alert(1) }\n", 1, "attribute lists"),
        ("[a](" * 300 + "\n", 1, "'[' in one paragraph"),
        ("x" * 20_001, 1, "at most 20,000 characters"),
    ],
)
def test_check_refuses_markup_in_a_brief_body_at_its_line(tmp_path: Path, body: str, line: int, expected: str) -> None:
    project = write_project(tmp_path / "p", enriched_records(), body)
    with pytest.raises(ContentError) as raised:
        generate(project)
    brief = "content/briefs/2025/acme-x1-french-report.md"
    body_line = (project / brief).read_text(encoding="utf-8").split("\n---\n", 1)[0].count(
        "\n"
    ) + 4  # front matter, closing ---, blank line
    assert any(
        p.path == brief and p.line == body_line + line - 1 and expected in p.message for p in raised.value.problems
    ), raised.value.problems


@pytest.mark.parametrize(
    ("loc", "value", "expected"),
    [
        (("summary",), "*" * 5000 + "x" + "*" * 5000, "at most 3000 characters"),
        (("summary",), "[a](" * 16000, "at most 3000 characters"),
        (("name",), "n" * 501, "at most 500 characters"),
        (("specs", "memory_capacity", 0, "value"), "0 GB", "positive number"),
        (("specs", "memory_bandwidth", 0, "value"), "1e400 TB/s", "too large"),
    ],
)
def test_check_bounds_what_the_renderer_cannot_take(tmp_path: Path, loc: tuple, value: str, expected: str) -> None:
    records = enriched_records()
    _set(records["content/chips/acme-x1.yaml"], loc, value)
    project = write_project(tmp_path / "p", records)
    with pytest.raises(ContentError) as raised:
        generate(project)
    assert any(
        p.path == "content/chips/acme-x1.yaml" and p.line > 1 and expected in p.message for p in raised.value.problems
    ), raised.value.problems


# ---------------------------------------------------------------------------
# In a real browser: no payload ever runs, in pages or in search results
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def served_injected_site(injected_site: tuple[Path, dict]) -> Iterator[str]:
    site, _ = injected_site
    with serve_folder(site) as url:
        yield url


INJECTED_PAGES = [
    "/",
    "/chips/acme-x1/",
    "/companies/acme/",
    "/sources/example-2025-08-report/",
    "/briefs/2025/acme-x1-french-report/",
    "/timeline/",
    "/compare/",
    "/compare/versus/?a=acme-x1&b=acme-x1",
    "/charts/",
    "/chips/",
    "/sources/",
    # The Chinese pages show Chinese names (name_zh, label_zh) in titles, links and the navigation.
    "/zh/",
    "/zh/chips/acme-x1/",
    "/zh/companies/acme/",
    "/zh/briefs/2025/acme-x1-french-report/",
    "/zh/timeline/",
    "/zh/compare/versus/?a=acme-x1&b=acme-x1",
    # Export-control reasons name the chip and quote claim notes, translated where shown (chipbrief.message).
    "/rules/",
    "/zh/rules/",
    "/data/",  # its coverage section lists the chips without figures by name
    "/zh/data/",
    "/404.html",
    "/zh/tags/",  # last: the searches below run from a Chinese page, whose name results carry a Chinese line
]


@pytest.mark.browser
def test_no_payload_runs_in_chromium_on_any_page_or_in_search(browser, served_injected_site: str) -> None:
    """Every payload calls alert(): a dialog would mean one ran. Pages are opened, and search shows them."""
    context = browser.new_context(service_workers="block")
    aborted = guard(context, served_injected_site)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for path in INJECTED_PAGES:
        page.goto(served_injected_site + path)
        page.wait_for_load_state("networkidle")
        page.mouse.move(200, 300)  # onmouseover payloads
        for link in page.locator("article a").all()[:40]:
            link.hover(timeout=2000, force=True)
    for query in ["script", "alert", "onerror", "svg", "javascript"]:
        box = page.locator("input.md-search__input")
        box.click()
        box.fill(query)
        page.wait_for_timeout(800)
        page.keyboard.press("Escape")
    context.close()
    assert dialogs == []
    assert aborted == []  # no payload made the browser ask another host for anything
