"""Rendering: pure, deterministic pages with sourced, human-readable values."""

from __future__ import annotations

import html
from pathlib import Path

from chipbrief.datasets import SPEC_UNITS, claim_rows
from chipbrief.models import Specs
from chipbrief.render import SPEC_LABELS, Templates, render_pages
from chipbrief.validate import check
from conftest import ROOT


def render(project: Path) -> dict[str, str]:
    return render_pages(check(project), Templates.from_folder(ROOT / "templates"))


def test_rendering_is_deterministic(project: Path) -> None:
    assert render(project) == render(project)


def test_pages_for_every_entity_and_index(project: Path) -> None:
    pages = sorted(render(project))
    english = [uri for uri in pages if not uri.startswith("zh/")]
    assert [uri for uri in pages if uri.startswith("zh/")] == ["zh/" + uri for uri in english]  # chipbrief.i18n
    assert english == [
        "briefs/2025/acme-x1-french-report.md",
        "briefs/index.md",
        "chips/acme-x1.md",
        "chips/index.md",
        "companies/acme.md",
        "companies/fabco.md",
        "companies/index.md",
        "compare/index.md",
        "compare/versus.md",
        "data/index.md",
        "index.md",
        "rules/index.md",
        "sources/example-2025-08-report.md",
        "sources/exemple-2025-09-fr.md",
        "sources/index.md",
        "tags/index.md",
        "tags/inference.md",
        "timeline.md",
    ]


def test_chip_page_shows_every_value_with_unit_status_date_and_source(project: Path) -> None:
    page = render(project)["chips/acme-x1.md"]
    assert "148 TFLOP/s dense" in page
    assert "4 TB/s" in page
    assert '64 GB <span class="cb-status cb-status--rumored"' in page
    assert "rumored</span> <small>as of 2025-09</small>[^exemple-2025-09-fr]" in page
    assert "96 GB" in page and "64 GB" in page and "sources differ" in page
    assert "[^example-2025-08-report]: **Example Daily**, *A report on an example chip*, 2025-08-29." in page
    assert '<a href="https://example.org/news/example-chip">read at Example Daily</a>' in page


def test_unstated_sparsity_is_said(project: Path) -> None:
    chip = project / "content/chips/acme-x1.yaml"
    chip.write_text(chip.read_text(encoding="utf-8").replace("sparse: false", "sparse: null"), encoding="utf-8")
    assert "148 TFLOP/s (dense or sparse not stated)" in render(project)["chips/acme-x1.md"]


def test_an_estimated_density_is_shown_as_our_reading_with_its_reasoning(project: Path) -> None:
    chip = project / "content/chips/acme-x1.yaml"
    chip.write_text(
        chip.read_text(encoding="utf-8").replace(
            "sparse: false,", "sparse: false, sparse_estimated: half the maker's sparse figure,"
        ),
        encoding="utf-8",
    )
    page = html.unescape(render(project)["chips/acme-x1.md"])
    assert "148 TFLOP/s dense (estimated: half the maker's sparse figure)" in page
    assert '148 TFLOP/s</a> <span class="cb-kf__qualifier">dense (estimated)</span>' in page
    rows = [row for row in claim_rows(check(project)) if row["field"] == "specs.bf16"]
    assert rows and {(row["dense_or_sparse"], row["dense_or_sparse_basis"]) for row in rows} == {("dense", "estimated")}


def test_brief_page_has_provenance_and_links_to_what_it_mentions(project: Path) -> None:
    page = render(project)["briefs/2025/acme-x1-french-report.md"]
    assert "**Original:** French" in page
    assert "machine translation by Test tool; not yet reviewed by a person." in page
    assert "[Acme X1](../../chips/acme-x1.md)" in page
    assert "[Acme Semiconductor](../../companies/acme.md)" in page


def test_company_page_lists_its_chips_and_the_briefs_that_mention_it(project: Path) -> None:
    page = render(project)["companies/fabco.md"]
    assert "[Acme X1](../chips/acme-x1.md)" in page  # as the reported foundry
    assert "[A French outlet describes the Acme X1](../briefs/2025/acme-x1-french-report.md)" in page


def test_source_page_lists_what_cites_it(project: Path) -> None:
    page = render(project)["sources/exemple-2025-09-fr.md"]
    assert "[Acme X1](../chips/acme-x1.md) (chip): memory capacity" in page
    assert "[A French outlet describes the Acme X1](../briefs/2025/acme-x1-french-report.md) (brief): source" in page


def test_contributor_text_cannot_inject_html(project: Path) -> None:
    company = project / "content/companies/fabco.yaml"
    company.write_text(
        company.read_text(encoding="utf-8").replace("A fixture foundry.", "<script>alert(1)</script>"),
        encoding="utf-8",
    )
    page = render(project)["companies/fabco.md"]
    assert "<script>" not in page and "&#60;script&#62;" in page


def test_every_spec_field_has_a_label_and_a_data_unit() -> None:
    """Chip pages and the CSV columns name every spec field of the model, no more, no fewer."""
    assert list(SPEC_LABELS) == list(Specs.model_fields)
    assert set(SPEC_UNITS) == set(Specs.model_fields)


def test_chips_index_has_one_table_row_per_chip(project: Path) -> None:
    chip = project / "content/chips/acme-x1.yaml"
    text = (
        chip.read_text(encoding="utf-8").replace("id: acme-x1", "id: acme-x2").replace("name: Acme X1", "name: Acme X2")
    )
    (project / "content/chips/acme-x2.yaml").write_text(text, encoding="utf-8")
    page = render(project)["chips/index.md"]
    rows = [line for line in page.splitlines() if line.startswith("| [")]
    assert len(rows) == len(check(project).chips)
    assert all(line.count(" |") >= 9 for line in rows)


def test_a_value_read_on_a_copy_says_whose_text_it_was(project: Path) -> None:
    """A fact resting on a copy (a syndicated or mirrored page) says so beside the value, not only in the footnote."""
    source = project / "content/sources/example-2025-08-report.yaml"
    plain_page = render(project)["chips/acme-x1.md"]
    assert "read on a copy" not in plain_page
    source.write_text(
        source.read_text(encoding="utf-8").replace(
            "publisher: Example Daily", "publisher: Example Daily\noriginal_outlet: Wire & Co"
        ),
        encoding="utf-8",
    )
    page = render(project)["chips/acme-x1.md"]
    assert "read on a copy of Wire & Co's text" in html.unescape(page)
    assert "Wire & Co" not in page  # written escaped


def test_data_page_counts_coverage_and_names_the_chips_without_figures(project: Path) -> None:
    """The coverage section counts chips by their sourced spec fields and throughput by density, from content."""
    bare = (project / "content" / "chips" / "acme-x1.yaml").read_text(encoding="utf-8")
    bare = bare.replace("id: acme-x1", "id: acme-x0").replace("name: Acme X1", "name: Acme X0")
    bare = bare.replace("name_zh: 示例一号", "name_zh: 示例零号").split("specs:")[0]
    (project / "content" / "chips" / "acme-x0.yaml").write_text(bare, encoding="utf-8")
    pages = render(project)
    english, chinese = pages["data/index.md"], pages["zh/data/index.md"]
    assert "**1** of 2 chips carry 3 or more sourced spec fields" in english
    assert "**0** carry one or two; **1** carry none yet." in english
    assert "Chips with no sourced specification yet: [Acme X0](../chips/acme-x0.md)." in english
    assert "Acme X1](../chips/acme-x1.md)" not in english  # it has figures
    assert "2 款芯片中，**1** 款有 3 项或以上注明来源的规格" in chinese
    assert "[示例零号](../chips/acme-x0.md)" in chinese
    # The fixture's one throughput figure, BF16 148 TFLOP/s, is dense by its source.
    assert "**1** of 1 throughput figures say whether they are dense or sparse: 1 by their source, 0 by our" in english
