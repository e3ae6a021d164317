"""Citations readers can trust: value dates, conflicts, claim ids, citation exports, record history."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import subprocess
from pathlib import Path

import bibtexparser
import pytest

from chipbrief.citations import claim_id, conflicting, value_date, value_histories
from chipbrief.history import parse_log, read_history
from chipbrief.models import Claim, RateClaim, Source
from chipbrief.pipeline import generate
from chipbrief.problems import ContentError
from chipbrief.units import parse_quantity
from conftest import run_mkdocs

SOURCE = Source.model_validate(
    {
        "id": "s1",
        "publisher": "P",
        "title": "A report",
        "url": "https://p.example/a",
        "language": "en",
        "published": "2025-08-29",
        "accessed": "2026-11-28",
    }
)
UNDATED = SOURCE.model_copy(update={"id": "s2", "published": None, "undated": "the page shows no date"})


def rate(value: str, sparse: bool | None, source: str = "s1", status: str = "reported", **extra) -> RateClaim:
    return RateClaim(value=parse_quantity(value, "FLOP/s"), sparse=sparse, source=source, status=status, **extra)  # type: ignore[call-arg]


# --- dates --------------------------------------------------------------------


def test_a_value_is_dated_by_its_claim_then_its_source_else_undated() -> None:
    stated = rate("1 PFLOP/s", False, as_of="2025-04")
    plain = rate("1 PFLOP/s", False)
    assert value_date(stated, SOURCE).words() == "as of 2025-04"
    assert value_date(plain, SOURCE).words() == "as of 2025-08-29"
    assert value_date(plain, UNDATED).words() == "undated (read 2026-11-28)"
    assert value_date(plain, UNDATED).basis == "undated"


@pytest.mark.parametrize("as_of", ["2026-11-28", "2026-11", "2026"])
def test_check_refuses_an_as_of_that_is_the_access_date(project: Path, as_of: str) -> None:
    chip = project / "content/chips/acme-x1.yaml"
    text = chip.read_text(encoding="utf-8").replace(
        "{value: 4.0 TB/s, source: example-2025-08-report, status: reported, as_of: 2025-08}",
        f"{{value: 4.0 TB/s, source: example-2025-08-report, status: reported, as_of: {as_of}}}",
    )
    chip.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        generate(project)
    (problem,) = raised.value.problems
    assert problem.path == "content/chips/acme-x1.yaml" and problem.field.endswith("as_of")
    assert problem.line == text.splitlines().index(next(ln for ln in text.splitlines() if "4.0 TB/s" in ln)) + 1
    assert "the day the source was read" in problem.message


def test_an_as_of_that_is_also_the_publication_date_is_the_sources_own(project: Path) -> None:
    source = project / "content/sources/example-2025-08-report.yaml"
    source.write_text(
        source.read_text(encoding="utf-8").replace("published: 2025-08-29", "published: 2026-11-28"), encoding="utf-8"
    )
    chip = project / "content/chips/acme-x1.yaml"
    chip.write_text(
        chip.read_text(encoding="utf-8").replace(
            "status: reported, as_of: 2025-08}", "status: reported, as_of: 2026-11}"
        ),
        encoding="utf-8",
    )
    generate(project)  # no problem: the source was published that month


# --- conflicts and histories ----------------------------------------------------


def test_dense_and_sparse_figures_from_one_source_are_no_conflict() -> None:
    assert not conflicting([rate("1 PFLOP/s", False), rate("2 PFLOP/s", True)])
    assert not conflicting([rate("1 PFLOP/s", False), rate("1 PFLOP/s", False, source="s2")])


def test_different_values_of_the_same_thing_from_two_sources_conflict() -> None:
    assert conflicting([rate("1 PFLOP/s", False), rate("1.2 PFLOP/s", False, source="s2")])
    assert conflicting([rate("400 TFLOP/s", None), rate("768 TFLOP/s", None, source="s2")])


def test_one_values_history_reads_oldest_first() -> None:
    later = rate("1 PFLOP/s", False, source="s1", status="confirmed", as_of="2025-09")
    earlier = rate("1 PFLOP/s", False, source="s2", status="rumored", as_of="2025-03")
    (history,) = value_histories([later, earlier], {"s1": SOURCE, "s2": UNDATED})
    assert [c.status for c in history] == ["rumored", "confirmed"]


def test_claim_ids_are_stable_and_distinct() -> None:
    dense, sparse = rate("1 PFLOP/s", False), rate("2 PFLOP/s", True)
    assert claim_id("specs.bf16", dense) == claim_id("specs.bf16", rate("1 PFLOP/s", False, status="confirmed"))
    assert claim_id("specs.bf16", dense) != claim_id("specs.bf16", sparse)
    assert claim_id("specs.bf16", dense) != claim_id("specs.fp16", dense)
    assert re.fullmatch(r"specs-bf16-[0-9a-f]{8}", claim_id("specs.bf16", dense))
    assert claim_id("foundry", Claim[str](value="tsmc", source="s1", status="reported")).startswith("foundry-")


# --- the built site ---------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from conftest import make_project

    project = make_project(tmp_path_factory.mktemp("cite") / "project")
    result = run_mkdocs(project, "--site-dir", str(project / "site"))
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


def test_every_value_has_an_anchor_a_permalink_and_a_citation(built: Path) -> None:
    page = (built / "chips" / "acme-x1" / "index.html").read_text(encoding="utf-8")
    chips = json.loads((built / "data" / "chips.json").read_text(encoding="utf-8"))
    ids = [claim["id"] for chip in chips for claims in chip["specs"].values() for claim in claims]
    assert len(ids) == len(set(ids)) >= 5
    for ident in ids:
        assert f'id="{ident}"' in page and f'href="#{ident}"' in page
    assert page.count('class="cb-cite"') == page.count('class="cb-claim')
    assert "chipbrief, “Acme X1, memory bandwidth: 4 TB/s” (reported, as of 2025-08)" in page


def test_claims_csv_is_long_with_a_bom_and_every_claim(built: Path) -> None:
    raw = (built / "data" / "claims.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    chips = json.loads((built / "data" / "chips.json").read_text(encoding="utf-8"))
    companies = json.loads((built / "data" / "companies.json").read_text(encoding="utf-8"))
    count = sum(len(c) for chip in chips for c in chip["specs"].values())
    count += sum(len(chip[f]) for chip in chips for f in ("status", "foundry", "process_node", "announced", "released"))
    count += sum(len(co[f]) for co in companies for f in ("parent", "headquarters", "founded", "listings"))
    assert len(rows) == count
    bf16 = next(r for r in rows if r["field"] == "specs.bf16")
    assert bf16["dense_or_sparse"] == "dense" and bf16["unit"] == "flop_per_s" and bf16["value_canonical"] == "1.48e+14"
    assert bf16["source_url"] == "https://example.org/news/example-chip" and bf16["date"] == "2025-08"
    for name in ("chips.csv", "companies.csv", "sources.csv"):
        assert (built / "data" / name).read_bytes().startswith(b"\xef\xbb\xbf")


def test_every_source_is_in_bibtex_and_csl_json(built: Path) -> None:
    library = bibtexparser.parse_string((built / "data" / "sources.bib").read_text(encoding="utf-8"))
    assert not library.failed_blocks
    keys = {entry.key for entry in library.entries}
    items = json.loads((built / "data" / "sources.csl.json").read_text(encoding="utf-8"))
    assert keys == {item["id"] for item in items} == {"example-2025-08-report", "exemple-2025-09-fr"}
    for item in items:
        assert {"id", "type", "title", "URL", "accessed"} <= set(item)
    dated = next(i for i in items if i["id"] == "example-2025-08-report")
    assert dated["issued"] == {"date-parts": [[2025, 8, 29]]}


def test_no_built_file_names_a_local_address(built: Path) -> None:
    for path in built.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".xml", ".json", ".csv", ".bib"}:
            text = path.read_text(encoding="utf-8")
            assert "127.0.0.1" not in text and "localhost" not in text, path


def test_the_feed_link_does_not_make_material_fetch_a_sitemap_beside_it(built: Path) -> None:
    page = (built / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<link rel="alternate feed" type="application/atom\+xml"', page)
    assert not re.search(r'<link rel="alternate"[^>]*atom', page)


@pytest.mark.browser
def test_a_page_view_requests_no_sitemap(page, served_site: str) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(served_site + "/chips/nvidia-h20/")
    page.wait_for_load_state("networkidle")
    assert not [url for url in requested if "sitemap" in url]


def test_a_copy_is_labelled_as_a_copy(project: Path) -> None:
    source = project / "content/sources/example-2025-08-report.yaml"
    source.write_text(
        source.read_text(encoding="utf-8")
        + "original_outlet: Example Wire\noriginal_url: https://wire.example.org/story\n",
        encoding="utf-8",
    )
    files = generate(project).files
    chip = files["chips/acme-x1.md"]
    assert '<a href="https://example.org/news/example-chip">read at: copy on Example Daily</a>' in chip
    assert '<a href="https://wire.example.org/story">original: Example Wire</a>' in chip
    assert "https://web.archive.org/web/20261128000000*/https://example.org/news/example-chip" in html.unescape(chip)
    assert "a copy on Example Daily of text by Example Wire" in files["sources/example-2025-08-report.md"]


# --- history from git -----------------------------------------------------------

LOG = (
    "\x1eaaaaaaa1111\t2026-11-30\tFix the X1's bandwidth\n\n"
    "diff --git a/content/chips/x.yaml b/content/chips/x.yaml\n--- a/content/chips/x.yaml\n+++ b/content/chips/x.yaml\n"
    "@@ -10 +10 @@ specs:\n-    - {value: 3 TB/s}\n+    - {value: 4 TB/s}\n"
    "@@ -3 +3 @@ name: X\n-status: announced\n+status: sampling\n"
    "\x1ebbbbbbb2222\t2026-11-01\tAdd the X1\n\n"
    "diff --git a/content/chips/x.yaml b/content/chips/x.yaml\nnew file mode 100644\n--- /dev/null\n+++ b/content/chips/x.yaml\n"
    "@@ -0,0 +1,3 @@\n+id: x\n+name: X\n+status: announced\n"
)


def test_history_names_each_commits_changed_fields_newest_first() -> None:
    (latest, first) = parse_log(LOG)["content/chips/x.yaml"]
    assert (latest.short, latest.date, latest.fields) == ("aaaaaaa", "2026-11-30", ("specs", "status"))
    assert (first.short, first.fields) == ("bbbbbbb", ())


def test_chip_pages_list_the_commits_of_their_file(project: Path) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=project, check=True, capture_output=True)

    git("init", "-q")
    git("-c", "user.name=t", "-c", "user.email=t@t", "add", ".")
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "Add the fixture")
    chip = project / "content/chips/acme-x1.yaml"
    chip.write_text(chip.read_text(encoding="utf-8").replace("workload: inference", "workload: both"), encoding="utf-8")
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-am", "Correct the X1's workload <b>")
    assert [c.subject for c in read_history(project).of("content/chips/acme-x1.yaml")] == [
        "Correct the X1's workload <b>",
        "Add the fixture",
    ]
    page = generate(project).files["chips/acme-x1.md"]
    history = page[page.index("## History of this record") :]
    # a commit subject is someone's English words, escaped and marked as English on every language's page
    assert 'changed workload: <span lang="en">Correct the X1&#39;s workload &#60;b&#62;</span>' in history
    assert history.index("Correct the X1") < history.index('added: <span lang="en">Add the fixture')


def test_no_git_history_is_no_failure(project: Path) -> None:
    """A copy of the project outside git (a tarball, a temporary folder) builds and says so."""
    assert read_history(project).changes == {}
    page = generate(project).files["chips/acme-x1.md"]
    assert "built outside the project" in page[page.index("## History of this record") :]


def test_a_source_is_dated_or_says_why_not(project: Path) -> None:
    source = project / "content/sources/example-2025-08-report.yaml"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("published: 2025-08-29\n", ""), encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        generate(project)
    assert any(p.field == "published" and "undated: saying why" in p.message for p in raised.value.problems)
    source.write_text(text.replace("published: 2025-08-29\n", "undated: the page shows no date\n"), encoding="utf-8")
    page = generate(project).files["sources/example-2025-08-report.md"]
    assert "| Published | undated: the page shows no date |" in page
    source.write_text(text + "undated: also\n", encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        generate(project)
    assert any(p.field == "undated" for p in raised.value.problems)
