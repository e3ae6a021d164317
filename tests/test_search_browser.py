"""Search as a reader uses it, in headless Chromium on the real site: relevance, keyboard, phone, paste, bytes.

The relevance table types each query into the real search box, key by key, and opens the results
page /search/?q=, and asserts the first result of both, and that the page lists the box's results
in the same order. One browser page serves the whole table, so it stays quick.
"""

from __future__ import annotations

import functools
import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlparse

import pytest

from chipbrief.search.aliases import normalize, shard_of
from conftest import AXE, guard, make_project, run_mkdocs, serve_folder

pytestmark = pytest.mark.browser

BOX = "#cb-search input[name=q]"
BOX_RESULTS = "#cb-search-list .md-search-result__item:not(.cb-search-all) a"
PAGE_RESULTS = "#search-results a.cb-search-result__link"

#: (query, the path the first result must have). Each answer was read off the content: the one page
#: a reader means. Names and model numbers come from the alias table; the rest is full text.
RELEVANCE = [
    # model numbers: exactly before as a beginning (H20 is not the H200)
    ("H20", "/chips/nvidia-h20/"),
    ("H200", "/chips/nvidia-h200/"),
    ("H800", "/chips/nvidia-h800/"),
    ("910C", "/chips/huawei-ascend-910c/"),
    ("910B", "/chips/huawei-ascend-910b/"),
    ("910", "/chips/huawei-ascend-910/"),
    ("950PR", "/chips/huawei-ascend-950pr/"),
    ("P800", "/chips/kunlunxin-p800/"),
    ("MLU370", "/chips/cambricon-mlu370/"),
    ("B30A", "/chips/nvidia-b30a/"),
    ("RTX Pro 6000D", "/chips/nvidia-rtx-pro-6000d/"),
    ("S4000", "/chips/moore-threads-mtt-s4000/"),
    ("810E", "/chips/alibaba-zhenwu-810e/"),
    # company short names
    ("SMIC", "/companies/smic/"),
    ("TSMC", "/companies/tsmc/"),
    ("MetaX", "/companies/metax/"),
    ("Cambricon", "/companies/cambricon/"),
    ("Moore Threads", "/companies/moore-threads/"),
    ("T-Head", "/companies/t-head/"),
    ("Kunlunxin", "/companies/kunlunxin/"),
    # Chinese, simplified
    ("中芯国际", "/companies/smic/"),
    ("寒武纪", "/companies/cambricon/"),
    ("英伟达", "/companies/nvidia/"),
    ("平头哥", "/companies/t-head/"),
    ("思元590", "/chips/cambricon-siyuan-590/"),
    ("天垓150", "/chips/iluvatar-corex-tiangai-150/"),
    ("燧原S60", "/chips/enflame-s60/"),
    ("昇腾910B", "/chips/huawei-ascend-910b/"),
    # Chinese, traditional (generated from the simplified names at build time)
    ("寒武紀", "/companies/cambricon/"),
    ("昇騰910C", "/chips/huawei-ascend-910c/"),
    ("中芯國際", "/companies/smic/"),
    ("華為", "/companies/huawei/"),
    ("摩爾線程", "/companies/moore-threads/"),
    ("臺積電", "/companies/tsmc/"),
    # pinyin, with and without tones
    ("hanwuji", "/companies/cambricon/"),
    ("Hánwǔjì", "/companies/cambricon/"),
    ("zhongxin guoji", "/companies/smic/"),
    ("Yīngwěidá", "/companies/nvidia/"),
    ("moer xiancheng", "/companies/moore-threads/"),
    ("Muxi", "/companies/metax/"),
    # French: accents, elisions (typographic and ASCII apostrophes), a French publisher
    ("d’intelligence", "/briefs/2025/xpression-alibaba-processeur-ia-nvidia/"),
    ("d'intelligence", "/briefs/2025/xpression-alibaba-processeur-ia-nvidia/"),
    ("fébrilement", "/briefs/2026/boursorama-kress-h200-licences-china/"),
    ("febrilement", "/briefs/2026/boursorama-kress-h200-licences-china/"),
    ("démantelé", "/briefs/2025/introl-nvidia-smuggling-gatekeeper-conviction/"),
    # topic words: entity pages first, then briefs
    ("backdoors", "/briefs/2025/trt-world-cac-summons-nvidia-h20/"),
    ("NDRC", "/briefs/2025/beeeye-ft-nvidia-h20-regles-energetiques/"),
    ("UE8M0", "/companies/deepseek/"),
    ("Sugon", "/companies/sugon/"),  # a name now: its own record comes before Hygon's page
    ("CloudMatrix", "/chips/huawei-cloudmatrix-384/"),  # likewise the system's own record, before Huawei's page
    # Chinese words inside sentences (source titles, quotes)
    ("獨角獸", "/briefs/2025/enflame-ipo-restart-cnyes/"),
    ("華爾街日報", "/sources/cnyes-2025-08-29-alibaba-new-chip-wsj/"),
    ("花港", "/briefs/2025/moore-threads-huagang-architecture-mdc/"),
    # publishers: their source records
    ("TechPowerUp", "/sources/techpowerup-2025-04-21-huawei-ascend-920c/"),
    ("Ferra.ru", "/sources/ferra-2025-03-27-nvidia-h20-ndrc/"),
    ("科技新報", "/sources/technews-2026-01-30-t-head-ppu-shipments/"),
]


def wait_for_box(page, query: str) -> list[str]:
    """The paths the box shows once it has answered query, best first."""
    page.wait_for_function(
        "q => document.getElementById('cb-search').getAttribute('data-cb-query') === q", arg=query, timeout=15000
    )
    return [urlparse(href).path for href in page.locator(BOX_RESULTS).evaluate_all("as => as.map(a => a.href)")]


def results_page(page, site: str, query: str) -> list[str]:
    """The paths /search/?q=query lists, in order."""
    page.goto(f"{site}/search/?q={quote(query)}")
    page.wait_for_function("() => document.getElementById('search-results').hasAttribute('data-cb-done')")
    return [urlparse(href).path for href in page.locator(PAGE_RESULTS).evaluate_all("as => as.map(a => a.href)")]


@pytest.fixture(scope="module")
def reader(browser, served_site: str):
    """One page, kept across the relevance table (a new context per query would cost seconds each)."""
    context = browser.new_context(service_workers="block", viewport={"width": 1280, "height": 900})
    aborted = guard(context, served_site)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.add_init_script(VIOLATIONS)
    yield page
    context.close()
    assert errors == [] and aborted == []


VIOLATIONS = """window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => window.__cspViolations.push(e.violatedDirective + " " + e.blockedURI));"""


def test_the_relevance_table_covers_each_kind_of_query() -> None:
    assert len(RELEVANCE) >= 40
    assert len({query for query, _ in RELEVANCE}) == len(RELEVANCE)


@pytest.mark.parametrize(("query", "expected"), RELEVANCE, ids=[query for query, _ in RELEVANCE])
def test_the_right_page_comes_first_in_the_box_and_on_the_results_page(
    reader, served_site: str, query: str, expected: str
) -> None:
    listed = results_page(reader, served_site, query)
    box = reader.locator(BOX)
    box.fill("")
    box.click()
    box.press_sequentially(query)  # typed key by key, as a reader types
    shown = wait_for_box(reader, query)
    assert shown and shown[0] == expected, (query, shown[:5])
    assert listed and listed[0] == expected, (query, listed[:5])
    assert listed[: len(shown)] == shown  # the results page lists the box's results, in the same order
    assert reader.evaluate("window.__cspViolations") == []


def test_see_all_results_opens_the_results_page(page, served_site: str) -> None:
    page.goto(served_site + "/chips/")
    box = page.locator(BOX)
    box.click()
    box.fill("Huawei")
    shown = wait_for_box(page, "Huawei")
    page.locator("#cb-search-list .cb-search-all a").click()
    page.wait_for_url("**/search/?q=Huawei")
    page.wait_for_function("() => document.getElementById('search-results').hasAttribute('data-cb-done')")
    listed = [urlparse(h).path for h in page.locator(PAGE_RESULTS).evaluate_all("as => as.map(a => a.href)")]
    assert listed[: len(shown)] == shown
    assert page.locator("#cb-search-page input[name=q]").input_value() == "Huawei"
    more = page.locator("#search-results button.cb-search-more")
    if more.is_visible():  # more results load below, the first ones stay where they were
        count = len(listed)
        more.click()
        page.wait_for_function(f"() => document.querySelectorAll('{PAGE_RESULTS}').length > {count}")
        after = [urlparse(h).path for h in page.locator(PAGE_RESULTS).evaluate_all("as => as.map(a => a.href)")]
        assert after[:count] == listed


def test_keyboard_slash_and_s_focus_arrows_move_enter_opens(page, served_site: str) -> None:
    page.goto(served_site + "/timeline/")
    box = page.locator(BOX)
    page.keyboard.press("/")
    assert box.evaluate("el => el === document.activeElement")
    page.keyboard.press("Escape")
    assert not box.evaluate("el => el === document.activeElement")
    assert not page.locator("#__search").is_checked()
    page.keyboard.press("s")
    assert box.evaluate("el => el === document.activeElement")
    assert box.input_value() == ""  # the s that opened the box is not typed into it
    page.keyboard.type("H20")
    shown = wait_for_box(page, "H20")
    page.keyboard.press("ArrowDown")
    assert urlparse(page.evaluate("document.activeElement.href")).path == shown[0]
    page.keyboard.press("ArrowDown")
    assert urlparse(page.evaluate("document.activeElement.href")).path == shown[1]
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert box.evaluate("el => el === document.activeElement")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")  # on a result: opens it
    page.wait_for_url("**" + shown[1])
    page.keyboard.press("/")
    page.keyboard.type("910C")
    page.keyboard.press("Enter")  # in the box: opens the first result, as soon as there is one
    page.wait_for_url("**/chips/huawei-ascend-910c/")


def test_pasted_text_searches_without_a_key_being_pressed(guarded_context, served_site: str) -> None:
    """Text inserted by a paste from the mouse menu, a drop or an input method comes with no key events."""
    context = guarded_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=served_site)
    page = context.new_page()
    page.goto(served_site + "/")
    page.evaluate(
        """() => { const box = document.querySelector('#cb-search input[name=q]');
                   box.focus(); document.execCommand('insertText', false, '寒武纪'); }"""
    )
    assert wait_for_box(page, "寒武纪")[0] == "/companies/cambricon/"
    page.evaluate("navigator.clipboard.writeText('910C')")
    box = page.locator(BOX)
    box.fill("")
    box.focus()
    page.keyboard.press("Control+V")
    assert box.input_value() == "910C"
    assert wait_for_box(page, "910C")[0] == "/chips/huawei-ascend-910c/"


def test_on_a_phone_the_search_button_opens_the_box(guarded_context, served_site: str) -> None:
    context = guarded_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(served_site + "/companies/")
    box = page.locator(BOX)
    # what a finger at the box's centre would touch: the box itself only once it is open
    on_top = "el => { const r = el.getBoundingClientRect(); return document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2) === el; }"
    assert not box.evaluate(on_top)
    page.locator("label.md-header__button[for=__search]").tap()
    page.wait_for_function(f"() => ({on_top})(document.querySelector('{BOX}'))")
    assert box.evaluate("el => el === document.activeElement")
    box.press_sequentially("SMIC")
    shown = wait_for_box(page, "SMIC")
    first = page.locator(BOX_RESULTS).first
    assert first.is_visible() and first.bounding_box()["width"] > 300
    first.tap()
    page.wait_for_url("**" + shown[0])
    assert shown[0] == "/companies/smic/"


def test_normalize_and_shards_agree_between_python_and_the_browser(reader, served_site: str) -> None:
    """search.js reimplements aliases.normalize and shard_of: the keys it looks up are the keys written."""
    reader.goto(served_site + "/")
    samples = ["H20", "Ｈ２０", "Hánwǔjì", "Mó'ěr Xiànchéng", "T-Head", "昇騰910C", "d’inférence", "ß İ ǅ", "☃ x"]
    got = reader.evaluate(
        "samples => samples.map(s => [window.chipbriefSearch.normalize(s), window.chipbriefSearch.shardOf(s, 64)])",
        samples,
    )
    assert got == [[normalize(s), shard_of(s, 64)] for s in samples]


# ---------------------------------------------------------------------------
# Bytes: nothing of the index on a page load; a first query under 250 KB
# ---------------------------------------------------------------------------


class _Counting(http.server.SimpleHTTPRequestHandler):
    """Serves the site and records (path, bytes written) of every response."""

    def setup(self) -> None:
        super().setup()
        raw = self.wfile
        handler = self

        class Writer:
            def write(self, data: bytes) -> int:
                handler.sent += len(data)
                return raw.write(data)

            def __getattr__(self, name: str):
                return getattr(raw, name)

        self.wfile = Writer()

    def handle_one_request(self) -> None:
        self.sent = 0
        super().handle_one_request()
        if getattr(self, "path", None):
            self.server.log.append((self.path.split("?")[0], self.sent))

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def counted_site(real_site: Path) -> Iterator[tuple[str, list[tuple[str, int]]]]:
    """The real site on a loopback server that counts the bytes it sends: (URL, [(path, bytes)])."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Counting, directory=str(real_site)))
    server.log = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", server.log
    server.shutdown()


INDEX = ("/pagefind/", "/search/aliases/")


@pytest.mark.parametrize("query", ["H20", "hanwuji", "d’inférence", "英伟达", "export controls"])
def test_a_page_load_fetches_no_index_and_a_first_query_under_250_kb(browser, counted_site, query: str) -> None:
    site, log = counted_site
    context = browser.new_context(service_workers="block")  # a cold cache for each query
    guard(context, site)
    page = context.new_page()
    log.clear()
    page.goto(site + "/chips/nvidia-h20/")
    page.wait_for_load_state("networkidle")
    loaded = [path for path, _ in log]
    assert loaded and not [path for path in loaded if path.startswith(INDEX)]
    log.clear()
    page.locator(BOX).fill(query)
    wait_for_box(page, query)
    page.wait_for_load_state("networkidle")
    fetched = dict(log)
    context.close()
    assert "/pagefind/pagefind.js" in fetched and any(path.startswith("/search/aliases/") for path in fetched)
    assert sum(n for _, n in log) < 250_000, sorted(log, key=lambda item: -item[1])[:8]


# ---------------------------------------------------------------------------
# Safety and accessibility of what search shows
# ---------------------------------------------------------------------------


MARKUP_NAME = "Acme <b>Bold</b> & <i>Co</i>"
MARKUP_SUMMARY = "Zorblax <img src=x onerror=alert(2)> & <script>alert(1)</script>"


@pytest.fixture(scope="module")
def markup_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The fixture project with markup characters in a company's name and summary, built and served."""
    project = make_project(tmp_path_factory.mktemp("markup") / "project")
    company = project / "content" / "companies" / "acme.yaml"
    text = company.read_text(encoding="utf-8")
    text = text.replace("name: Acme Semiconductor", f"name: {json.dumps(MARKUP_NAME)}")
    text = text.replace("summary: A fixture company used by the tests.", f"summary: {json.dumps(MARKUP_SUMMARY)}")
    company.write_text(text, encoding="utf-8")
    result = run_mkdocs(project)
    assert result.returncode == 0, result.stdout + result.stderr
    with serve_folder(project / "site") as url:
        yield url


def test_titles_and_excerpts_read_as_written_and_nothing_in_them_runs(browser, markup_site: str) -> None:
    context = browser.new_context(service_workers="block")
    guard(context, markup_site)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(markup_site + "/search/?q=Zorblax")
    page.wait_for_function("() => document.getElementById('search-results').hasAttribute('data-cb-done')")
    results = page.locator("#search-results")
    text = results.inner_text()
    assert MARKUP_NAME in text  # the company's title, letter for letter
    assert "Zorblax <img src=x onerror=alert(2)" in text  # the excerpt, as far as it reaches
    assert results.locator("script, img, b, i").count() == 0
    assert results.locator("mark").first.inner_text().strip() == "Zorblax"
    page.locator(BOX).fill("Acme")
    wait_for_box(page, "Acme")
    assert MARKUP_NAME in page.locator("#cb-search-list").inner_text()
    assert page.locator("#cb-search-list").locator("script, img, b, i").count() == 0
    context.close()
    assert dialogs == []


def test_the_open_box_and_the_results_page_have_no_serious_accessibility_violation(
    guarded_context, served_site: str
) -> None:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make test` (it fetches axe-core from the npm registry)")
    page = guarded_context(bypass_csp=True).new_page()  # axe is injected as an inline script
    found = []
    page.goto(served_site + "/search/?q=SMIC")
    page.wait_for_function("() => document.getElementById('search-results').hasAttribute('data-cb-done')")
    box = page.locator(BOX)
    box.fill("H20")
    wait_for_box(page, "H20")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    found += [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert found == []
