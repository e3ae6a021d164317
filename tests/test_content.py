"""The real content: valid as a whole, and briefs of the length and shape the site promises."""

from __future__ import annotations

import re

import pytest

from chipbrief.load import load_content
from chipbrief.validate import validate
from conftest import ROOT

CATALOG, PROBLEMS = validate(load_content(ROOT))


def test_all_content_is_valid() -> None:
    assert [str(problem) for problem in PROBLEMS] == []


@pytest.mark.parametrize("brief_id", sorted(CATALOG.briefs))
def test_brief_is_150_to_400_words_of_our_own(brief_id: str) -> None:
    brief = CATALOG.briefs[brief_id]
    words = len(re.findall(r"\w+(?:[’'-]\w+)*", brief.body))
    assert 150 <= words <= 400, f"{brief_id}: {words} words"


def test_briefs_cover_french_and_chinese_originals() -> None:
    languages = [brief.meta.original_language for brief in CATALOG.briefs.values()]
    assert len(CATALOG.briefs) >= 21
    assert languages.count("fr") >= 4 and languages.count("zh") >= 4


def test_translated_briefs_name_the_original_title_and_translator() -> None:
    for brief in CATALOG.briefs.values():
        if brief.meta.original_language != "en":
            assert brief.meta.translator is not None, brief.id
