"""The generator's cache: after each kind of edit, a cached render gives exactly the files a fresh one gives.

Each test works on a copy of the real content: it renders with a warm cache (the cache left by
rendering the unedited copy), then renders the same edited copy with no cache at all, and
compares every generated file. It also checks that the cache did its job: what the edit touched
was rendered again, and pages that do not read it were not.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from chipbrief.i18n import LANGUAGES, localized
from chipbrief.pipeline import Generated, generate
from chipbrief.render import entity_uri
from chipbrief.rendercache import CACHE_FILE, RenderCache
from conftest import ROOT, make_project

TODAY = "2026-12-01"


def render(project: Path, today: str = TODAY) -> tuple[Generated, RenderCache]:
    """Generate project with its cache, as the hook does; the cache is saved for the next render."""
    cache = RenderCache.at(project, "")
    return generate(project, today=today, cache=cache), cache


def fresh(project: Path, today: str = TODAY) -> dict[str, str]:
    """Every file generated without any cache: the reference."""
    return generate(project, today=today).files


def both_languages(uri: str) -> set[str]:
    return {localized(uri, language) for language in LANGUAGES}


@pytest.fixture(scope="module")
def warm(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Generated]:
    """A copy of the real project, rendered once so that its cache holds every unit."""
    project = make_project(tmp_path_factory.mktemp("rendercache") / "project", ROOT / "content")
    generated, cache = render(project)
    assert len(cache.rendered) > 1000  # a cold cache renders every unit
    return project, generated


@pytest.fixture
def copy(warm: tuple[Path, Generated], tmp_path: Path) -> tuple[Path, Generated]:
    """The warm project and its cache, copied for one test to edit."""
    project, generated = warm
    return Path(shutil.copytree(project, tmp_path / "project")), generated


def test_a_cold_cache_renders_what_no_cache_renders_and_a_warm_one_renders_nothing(
    copy: tuple[Path, Generated],
) -> None:
    project, generated = copy
    assert generated.files == fresh(project)
    again, cache = render(project)
    assert cache.rendered == []
    assert again.files == generated.files


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path}: expected {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def first_brief(generated: Generated):
    return next(iter(sorted(generated.catalog.briefs.values(), key=lambda b: b.id)))


def brief_path(project: Path, brief) -> Path:
    return project / "content" / "briefs" / brief.meta.date[:4] / f"{brief.id}.md"


def chip_with_tdp(generated: Generated):
    return next(chip for chip in generated.catalog.chips.values() if chip.specs.tdp)


def unrelated_chip(generated: Generated, brief) -> str:
    """A chip page that neither names the brief nor cites its sources."""
    cited = {brief.meta.source, *brief.meta.checked_against, *(claim.source for claim in brief.meta.claims)}
    for chip in generated.catalog.chips.values():
        sources = {claim.source for _, claims in _claims(chip) for claim in claims} | set(chip.sources)
        if chip.id not in brief.meta.mentions.chips and not sources & cited:
            return entity_uri("chips", chip)
    raise AssertionError("every chip relates to the brief")


def _claims(chip):
    from chipbrief.catalog import iter_claim_fields

    return list(iter_claim_fields(chip))


def test_edited_brief_body_renders_its_pages_again_and_not_unrelated_ones(copy: tuple[Path, Generated]) -> None:
    project, generated = copy
    brief = first_brief(generated)
    path = brief_path(project, brief)
    path.write_text(path.read_text(encoding="utf-8") + "\nOne more sentence, edited.\n", encoding="utf-8")
    edited, cache = render(project)
    assert edited.files == fresh(project)
    rendered = set(cache.rendered)
    assert both_languages(entity_uri("briefs", brief)) <= rendered
    assert not both_languages(unrelated_chip(generated, brief)) & rendered
    assert len(rendered) < len(generated.files) / 10  # far from everything


def test_edited_chip_figure_renders_the_chip_and_the_pages_that_compare_it(copy: tuple[Path, Generated]) -> None:
    project, generated = copy
    chip = chip_with_tdp(generated)
    path = project / "content" / "chips" / f"{chip.id}.yaml"
    edit(path, "  tdp:\n    - {value: ", "  tdp:\n    - {value: 1")  # 350 W -> 1350 W
    edited, cache = render(project)
    assert edited.files == fresh(project)
    rendered = set(cache.rendered)
    assert both_languages(entity_uri("chips", chip)) | both_languages("compare/index.md") <= rendered
    assert "datasets" in rendered
    brief = first_brief(generated)
    if chip.id not in brief.meta.mentions.chips:
        assert not both_languages(entity_uri("briefs", brief)) & rendered


def test_edited_source_title_renders_the_pages_that_cite_it(copy: tuple[Path, Generated]) -> None:
    project, generated = copy
    catalog = generated.catalog
    source_id, citations = next((s, c) for s, c in sorted(catalog.citations.items()) if catalog.sources[s].title)
    title = catalog.sources[source_id].title
    path = project / "content" / "sources" / f"{source_id}.yaml"
    text = path.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.startswith("title:"))
    path.write_text(text.replace(line, "title: An edited title", 1), encoding="utf-8")
    edited, cache = render(project)
    assert edited.files == fresh(project)
    rendered = set(cache.rendered)
    assert both_languages(entity_uri("sources", catalog.sources[source_id])) <= rendered
    for citation in citations:
        if citation.kind in ("chips", "companies"):
            entity = getattr(catalog, citation.kind)[citation.id]
            assert both_languages(entity_uri(citation.kind, entity)) <= rendered, (title, citation)


def test_added_and_deleted_brief(copy: tuple[Path, Generated]) -> None:
    project, generated = copy
    brief = first_brief(generated)
    path = brief_path(project, brief)
    twin = path.with_name(f"{brief.id}-twin.md")
    twin.write_text(path.read_text(encoding="utf-8").replace("title: ", "title: Twin of ", 1), encoding="utf-8")
    edited, _ = render(project)
    assert edited.files == fresh(project)
    assert any(uri.endswith(f"{brief.id}-twin.md") for uri in edited.files)
    twin.unlink()
    edited, _ = render(project)
    assert edited.files == generated.files


def test_another_build_day_renders_what_shows_the_day(copy: tuple[Path, Generated]) -> None:
    project, generated = copy
    edited, cache = render(project, today="2027-06-01")
    assert edited.files == fresh(project, today="2027-06-01")
    rendered = set(cache.rendered)
    assert both_languages("rules/index.md") <= rendered
    assert not both_languages(entity_uri("briefs", first_brief(generated))) & rendered


def test_edited_template_renders_everything_again(copy: tuple[Path, Generated]) -> None:
    project, _ = copy
    template = project / "templates" / "brief.md.j2"
    template.write_text(template.read_text(encoding="utf-8") + "\nA line every brief now ends with.\n")
    edited, cache = render(project)
    assert edited.files == fresh(project)
    assert len(cache.rendered) > 1000


def test_an_unreadable_cache_is_ignored(copy: tuple[Path, Generated]) -> None:
    project, generated = copy
    (project / CACHE_FILE).write_bytes(b"not a pickle")
    again, cache = render(project)
    assert again.files == generated.files
    assert len(cache.rendered) > 1000
