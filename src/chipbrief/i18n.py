"""The reader's languages: interface-string catalogues, where each language's pages live, dates in words.

Every page is rendered once per language: English at the site's root, Chinese under `zh/`. The
interface strings (labels, headings, sentences of the templates and of `render.py`) are written in
English at the call, `_("Specifications")`, the way gettext marks them, so Babel's and Jinja's
extractors find every one (tests/test_i18n.py does). The translations live in one YAML
catalogue per language, `templates/i18n/<lang>.yaml`, keyed by the English text (or by a stable id
for words that name an allowed value, such as a status): plain files that content helpers can
review in a pull request, with no compile step (gettext's .mo files are binary). A string a
catalogue lacks falls back to its English text, so a new template line never breaks a build; the
test lists what is still untranslated.

Catalogue strings are ours (they sit beside the templates), so they pass as Markup, like a
template's own text; every value put into one (`%(name)s`) is content and is escaped by
`safety.text`, for HTML and Markdown alike. The message itself must therefore be our own words: a
literal, or a word our code chose (a status, a label); content goes in as a variable, never as the
message (an untranslated message passes unescaped, as its English).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from markupsafe import Markup

from chipbrief import safety
from chipbrief.message import Message


@dataclass(frozen=True)
class Language:
    """One reader's language: its code, the `lang` of its pages, the folder its pages live in, its own name."""

    code: str
    html_lang: str
    prefix: str
    own_name: str
    #: What the language switch says, in this language, to a reader about to come here.
    switch_title: str


ENGLISH = Language("en", "en", "", "English", "This page in English")
CHINESE = Language("zh", "zh-Hans", "zh/", "中文", "本页的中文版")
#: Every language the site is rendered in, the default (root) language first.
LANGUAGES: tuple[Language, ...] = (ENGLISH, CHINESE)
BY_CODE = {language.code: language for language in LANGUAGES}

#: Where the catalogues live, inside templates/.
CATALOGUE_FOLDER = "i18n"


class CatalogueError(Exception):
    """A catalogue file is missing, is not YAML, or is not a mapping of strings to strings."""


@dataclass(frozen=True)
class Catalogue:
    """The interface strings of one language: English text (or a stable id) -> that language's text."""

    language: Language
    messages: Mapping[str, str] = field(default_factory=dict)

    def text(self, message: str, **variables: Any) -> str:
        """The translation as plain text, for Python-side strings (titles, attributes); variables as given."""
        translated = self.messages.get(message) or message
        return translated % variables if variables else translated

    def message(self, message: object) -> str:
        """Words Python made (`chipbrief.message.Message`) in this language, as plain text; other values as given."""
        if not isinstance(message, Message):
            return str(message)
        translated = self.messages.get(message.template) or message.template
        if not message.values:
            return translated
        return translated % {name: self.message(value) for name, value in message.values.items()}

    def gettext(self, message: str, **variables: Any) -> Markup:
        """The translation as Markup (catalogue text is ours); each variable escaped as content text."""
        translated = Markup(self.messages.get(message) or message)
        if not variables:
            return translated
        return translated % {name: safety.text(value) for name, value in variables.items()}

    def ngettext(self, singular: str, plural: str, count: int, **variables: Any) -> Markup:
        """gettext for a counted phrase: `%(num)s` is the count. Chinese has one form; English two."""
        message = singular if count == 1 else plural
        return self.gettext(message, num=count, **variables)

    def word(self, value: str) -> str:
        """An allowed value (a status, a kind, a workload) as this language's word; the value itself if none."""
        return self.messages.get(value) or value

    def name(self, entity: Any, attribute: str = "name") -> str:
        """An entity's name in this language where content gives one (`name_zh`, `label_zh`), else its name."""
        if self.language is not ENGLISH:
            own = getattr(entity, f"{attribute}_{self.language.code}", None)
            if own:
                return own
        return getattr(entity, attribute)

    def when(self, words: str) -> str:
        """A value's date in words as citations.ValueDate and the key figures write it ('as of 2025-08',
        'undated (read 2026-11-28)', 'on 2026-12-01'), in this language; other text as it is."""
        for pattern, message, name in _WHEN:
            match = pattern.fullmatch(words)
            if match:
                return self.text(message, **{name: self.date(match[1])})
        return words

    def date(self, value: str | None) -> str:
        """A date as precise as it is given (YYYY, YYYY-MM, YYYY-MM-DD), in this language's form."""
        return format_date(value, self.language)


#: The English forms of a value's date, and the catalogue message each is said with.
_WHEN = (
    (re.compile(r"as of (\S+)"), "as of %(date)s", "date"),
    (re.compile(r"undated \(read (\S+)\)"), "undated (read %(read)s)", "read"),
    (re.compile(r"on (\S+)"), "on %(date)s", "date"),
)
_DATE = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def format_date(value: str | None, language: Language) -> str:
    """'2025-08-29' as the reader's language writes it: unchanged in English, 2025年8月29日 in Chinese."""
    if not value:
        return ""
    match = _DATE.fullmatch(value)
    if language.code != "zh" or not match:
        return value
    year, month, day = match.groups()
    words = f"{year}年"
    if month:
        words += f"{int(month)}月"
    if day:
        words += f"{int(day)}日"
    return words


def load_catalogues(templates: Path) -> dict[str, Catalogue]:
    """Every language's catalogue from templates/i18n/<code>.yaml (English may have none: its text is the key)."""
    catalogues = {}
    for language in LANGUAGES:
        path = templates / CATALOGUE_FOLDER / f"{language.code}.yaml"
        catalogues[language.code] = Catalogue(language, _read(path, required=language is not ENGLISH))
    return catalogues


def _read(path: Path, required: bool) -> dict[str, str]:
    if not path.is_file():
        if required:
            raise CatalogueError(f"{path}: expected the interface-string catalogue, found no file")
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        raise CatalogueError(f"{path}: expected YAML, found {error}") from None
    if not isinstance(data, dict):
        raise CatalogueError(
            f"{path}: expected a mapping of English text to its translation, found {type(data).__name__}"
        )
    for key, value in data.items():
        if not isinstance(key, str) or not isinstance(value, str):
            raise CatalogueError(f"{path}: {key!r}: expected a string translated to a string, found {value!r}")
    return data


def localized(uri: str, language: Language) -> str:
    """A page's source path in a language: chips/x.md -> zh/chips/x.md."""
    return language.prefix + uri


def page_language(url: str) -> Language:
    """The language of a built page, from its URL inside the site (zh/... is Chinese)."""
    for language in LANGUAGES:
        if language.prefix and (url.startswith(language.prefix) or url == language.prefix.rstrip("/")):
            return language
    return ENGLISH


def counterpart(url: str, language: Language) -> str:
    """The same page in another language, as a URL inside the site: zh/chips/x/ <-> chips/x/."""
    here = page_language(url)
    bare = url[len(here.prefix) :] if here.prefix else url
    return language.prefix + bare


def alternates(url: str) -> list[dict[str, str]]:
    """The language switch of a page: each other language's name, `lang` and the URL of the same record."""
    here = page_language(url)
    return [
        {
            "name": language.own_name,
            "lang": language.html_lang,
            "title": language.switch_title,
            "url": counterpart(url, language) or "./",
        }
        for language in LANGUAGES
        if language is not here
    ]


@dataclass(frozen=True)
class NavEntry:
    """One top-level entry of a language's navigation: its label, its URL inside the site, whether it is here."""

    title: str
    url: str
    active: bool


def navigation(entries: list[tuple[str, str]], url: str, catalogue: Catalogue) -> list[NavEntry]:
    """The site's top-level navigation (English label, URL) as a page in the catalogue's language shows it.

    The labels are interface strings, and each URL leads to the same section in that language; the entry
    whose section holds the page is active.
    """
    language = catalogue.language
    out = []
    for title, target in entries:
        own = counterpart(target, language) or "./"
        section = own if own.endswith("/") and own != language.prefix else own.rsplit("/", 1)[0] + "/"
        here = url == own or (section not in ("./", language.prefix) and url.startswith(section))
        out.append(NavEntry(catalogue.text(title), own, here))
    return out


#: The interface strings of docs/javascripts/search.js (its `t("...")` calls; a test keeps the two in step).
#: Each page's search box carries them in its language (data-cb-strings), so the catalogue stays the one place.
SCRIPT_STRINGS: tuple[str, ...] = (
    "Searching…",
    "Search could not load; try again.",
    "Best matches: names first, then pages",
    "No matching pages",
    "See all results",
    "Open as a page",
    "Type a name, a model number or words to search for.",
    "More results",
    "Results for “%s”: names first, then pages.",
    "No page matches “%s”.",
)


def script_strings(catalogue: Catalogue) -> str:
    """SCRIPT_STRINGS as JSON in the catalogue's language (English text -> its translation), for a page's scripts."""
    return json.dumps({text: catalogue.text(text) for text in SCRIPT_STRINGS}, ensure_ascii=False, sort_keys=True)
