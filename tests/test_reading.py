"""What readers see, rendered for real from the fixture project: allowed values in words, one unit style,
companies by name, a brief's dates and mentions kind by kind, the timeline's filters, the home title."""

from __future__ import annotations

import re
from pathlib import Path
from typing import get_args

import pytest

from chipbrief.briefpage import brief_dates, mentioned
from chipbrief.models import CHOICE_WORDS, CHOICES, choice_word
from chipbrief.render import Templates, render_pages
from chipbrief.timeline import timeline_entries, timeline_filters, timeline_years
from chipbrief.units import parse_quantity, significant_digits
from chipbrief.validate import check
from conftest import ROOT


def render(project: Path) -> dict[str, str]:
    return render_pages(check(project), Templates.from_folder(ROOT / "templates"))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


# ---- Allowed values in words, from one place ----


def test_every_allowed_value_of_every_choice_has_words() -> None:
    assert set(CHOICE_WORDS) == set(CHOICES)
    for choice, literal in CHOICES.items():
        assert list(CHOICE_WORDS[choice]) == list(get_args(literal)), choice
        assert all(re.fullmatch(r"[A-Za-z][A-Za-z ]*", words) for words in CHOICE_WORDS[choice].values())


def test_slugs_read_as_words() -> None:
    assert choice_word("in-production", "chip_status") == "in production"
    assert choice_word("reported-only", "chip_status") == "reported only"
    assert choice_word("ai-lab", "company_kind") == "AI lab"
    assert choice_word("export-control", "event_kind") == "export control"


def test_pages_show_statuses_and_kinds_as_words(project: Path) -> None:
    edit(project / "content/chips/acme-x1.yaml", "value: sampling", "value: in-production")
    edit(project / "content/companies/acme.yaml", "kind: designer", "kind: ai-lab")
    pages = render(project)
    chip, company, index = pages["chips/acme-x1.md"], pages["companies/acme.md"], pages["companies/index.md"]
    assert "<strong>in production</strong>" in chip or "in production <span" in chip
    assert "in-production" not in re.sub(r'id="[^"]*"|cb-status--[a-z-]+', "", chip)
    assert "| Kind | AI lab |" in company and "| AI lab |" in index
    assert "ai-lab" not in company.replace("companies/", "")


# ---- One unit style ----


@pytest.mark.parametrize(
    ("text", "unit", "shown"),
    [
        ("456.25 mm2", "mm2", "456.25 mm²"),  # as precise as written, and mm², not mm2
        ("814 mm²", "mm2", "814 mm²"),
        ("2048 TOP/s", "OP/s", "2.048 POP/s"),  # the SI prefix, as FLOP/s has it
        ("1024 TFLOP/s", "FLOP/s", "1.024 PFLOP/s"),
        ("1.398 TB/s", "byte/s", "1.398 TB/s"),
        ("4.0 TB/s", "byte/s", "4 TB/s"),
        ("64 GiB", "byte", "68.72 GB"),
        ("1.23456 PFLOP/s", "FLOP/s", "1.23456 PFLOP/s"),
    ],
)
def test_values_print_in_one_unit_style(text: str, unit: str, shown: str) -> None:
    assert parse_quantity(text, unit).human() == shown


def test_significant_digits_of_written_numbers() -> None:
    assert [significant_digits(t) for t in ("456.25 mm2", "4.0 TB/s", "2048 TOP/s", "80e9", "0.05 W")] == [
        5,
        2,
        4,
        1,
        1,
    ]


# ---- Companies by the name shown ----


def test_companies_index_lists_companies_by_name_not_by_id(project: Path) -> None:
    # fabco sorts after acme by id; named "Aardvark Foundry" it must come first.
    fabco = project / "content/companies/fabco.yaml"
    fabco.write_text(
        re.sub(r"(?m)^name: .*$", "name: Aardvark Foundry", fabco.read_text(encoding="utf-8")), encoding="utf-8"
    )
    index = render(project)["companies/index.md"]
    rows = [line for line in index.splitlines() if line.startswith("| [")]
    assert rows[0].startswith("| [Aardvark Foundry]") and "Acme" in rows[1]


def test_chips_index_lists_chips_by_name_not_by_id(project: Path) -> None:
    # a chip whose id sorts last but whose name sorts first must lead the table
    chips = project / "content/chips"
    text = (chips / "acme-x1.yaml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^id: .*$", "id: zz-aardvark-z1", text)
    text = re.sub(r"(?m)^name: .*$", "name: Aardvark Z1", text)
    (chips / "zz-aardvark-z1.yaml").write_text(text, encoding="utf-8")
    for uri in ("chips/index.md", "zh/chips/index.md"):
        rows = [line for line in render(project)[uri].splitlines() if line.startswith("| [")]
        assert rows[0].startswith("| [Aardvark Z1]") and "Acme" in rows[1], uri


# ---- A brief's dates and what it mentions ----


def test_brief_dates_without_history_say_so_and_keep_the_original_s(project: Path) -> None:
    catalog = check(project)
    brief = catalog.briefs["acme-x1-french-report"]
    dates = brief_dates(catalog, brief)
    assert dates.written == "" and dates.reported == "2025-09"
    assert dates.original == (catalog.sources["exemple-2025-09-fr"].published or "")
    page = render(project)["briefs/2025/acme-x1-french-report.md"]
    assert "Brief: date not recorded" in page


def test_brief_mentions_companies_chips_and_tags_apart(project: Path) -> None:
    catalog = check(project)
    named = mentioned(catalog, catalog.briefs["acme-x1-french-report"])
    assert [c.id for c in named.companies] == sorted(
        ["acme", "fabco"], key=lambda i: catalog.companies[i].name.casefold()
    )
    assert [c.id for c in named.chips] == ["acme-x1"] and [t.id for t in named.tags] == ["inference"]
    page = render(project)["briefs/2025/acme-x1-french-report.md"]
    section = page[page.index("## Mentioned") :]
    companies, chips, tags = (
        re.search(rf"^\*\*{label}:\*\* (.*)$", section, re.M) for label in ("Companies", "Chips", "Tags")
    )
    assert companies and chips and tags
    assert "companies/acme.md" in companies[1] and "chips/" not in companies[1]
    assert "chips/acme-x1.md" in chips[1] and "companies/" not in chips[1]
    assert "tags/inference.md" in tags[1]


# ---- The timeline ----


def test_timeline_entries_carry_what_the_filters_select_on(project: Path) -> None:
    catalog = check(project)
    entries = timeline_entries(catalog)
    kinds = {entry.kind for entry in entries}
    assert kinds == {"brief", catalog.events["2025-08-29-acme-x1-report"].kind}
    brief = next(entry for entry in entries if entry.is_brief)
    assert brief.companies == ["acme", "fabco"] and brief.chips == ["acme-x1"]
    years = timeline_years(entries)
    assert [year.year for year in years] == ["2025"] and sum(len(y.entries) for y in years) == len(entries)
    filters = timeline_filters(catalog, entries)
    assert filters.kinds[0].value == "brief"
    assert [o.label for o in filters.companies] == sorted((o.label for o in filters.companies), key=str.casefold)
    assert [o.value for o in filters.chips] == ["acme-x1"] and [o.value for o in filters.years] == ["2025"]


def test_timeline_page_has_the_four_filters_and_entries_with_space_separated_ids(project: Path) -> None:
    page = render(project)["timeline.md"]
    for name in ("kind", "company", "chip", "year"):
        assert f'id="cb-timeline-{name}" name="{name}"' in page
    assert 'data-cb-companies="acme fabco"' in page  # ids apart, not run together
    assert '<div class="cb-year" data-cb-year="2025" markdown>' in page


# ---- The home page's title ----


def test_home_page_title_is_not_the_site_name_again(project: Path) -> None:
    home = render(project)["index.md"]
    front = home.split("---")[1]
    assert "title: Sourced briefings on China's AI-chip race" in front or "title: Sourced briefings on China" in front
