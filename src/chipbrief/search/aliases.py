"""The alias table: every name a reader may type for a company, chip or publisher, mapped to its pages.

Search answers names before full text: `H20` is the H20's page, not the H200's; `中芯国际`, `SMIC`
and `smic` are SMIC; `寒武纪`, `寒武紀`, `hanwuji` and `Hánwǔjì` are Cambricon; `Bloomberg` is
Bloomberg's source records, newest first. Names come from content: name, short name, Chinese name,
pinyin, aliases and id of every company and chip, and each source's publisher (and the outlet it
relays); plus what can be derived from them without hand-kept lists: traditional characters
(OpenCC, at build time), the part of a name outside and inside brackets, a web address's name
(`cnyes.com` -> `cnyes`), the designer's name before a chip's, and a chip name's model number
(`Kunlun P800` -> `P800`).

Lookup compares names and queries in one `normalize`d form (case, accents, pinyin tones, spaces and
punctuation do not count). The table is a map from every such key *and every prefix of it* to the
best few entities, exact matches first, so a query is one lookup: `H20` gives the H20 first (an
exact match) and the H200 after it (a prefix match). The map is split into shards by a hash of the
key, so one query fetches one small file however large the site grows. `docs/javascripts/search.js`
implements the same `normalize` and `shard_of`; a browser test holds the two together.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, cached_property

from opencc import OpenCC

from chipbrief import safety
from chipbrief.catalog import Catalog
from chipbrief.i18n import CHINESE, ENGLISH, Catalogue
from chipbrief.models import Chip, Company, Source
from chipbrief.render import entity_uri

#: Keys shorter than this answer only exact queries (a one-character prefix would match too much).
MIN_PREFIX = 2
#: Prefixes are kept up to this many characters; a longer query must match a key exactly.
MAX_PREFIX = 32
#: At most this many entities answer one query by a name it begins ...
TOP = 5
#: ... and at most this many in all, exact matches first (a publisher may have thousands of records).
MOST = 10
#: The shard count is the smallest power of two that keeps shards under this many bytes on average.
SHARD_BYTES = 16_000
#: OpenCC conversions from simplified characters: Taiwan and Hong Kong forms differ (臺/台, 崑崙).
TRADITIONAL = ("s2t", "s2tw", "s2hk")

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_BRACKETED = re.compile(r"^(?P<outer>[^()]*?)\s*\((?P<inner>[^()]*)\)\s*$")
_MODEL = re.compile(r"^[A-Za-z]{0,4}\d+[A-Za-z0-9]*$")
_DOMAIN = re.compile(r"^(?:www\.)?(?P<name>[\w-]+)\.[\w.]+$")


def normalize(text: str) -> str:
    """The form names and queries are compared in: NFKC, lower case, no accents or tones, letters and digits only."""
    lowered = unicodedata.normalize("NFKC", text).lower()
    kept = "".join(ch for ch in unicodedata.normalize("NFD", lowered) if unicodedata.category(ch)[0] in "LN")
    return unicodedata.normalize("NFC", kept)


def fnv1a(text: str) -> int:
    """The 32-bit FNV-1a hash of text's UTF-8 bytes (search.js computes the same)."""
    value = 0x811C9DC5
    for byte in text.encode("utf-8"):
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value


def shard_of(key: str, shards: int) -> int:
    """Which shard holds a normalized key."""
    return fnv1a(key) % shards


@cache
def _converter(config: str) -> OpenCC:
    return OpenCC(config)


def traditional_forms(name: str) -> list[str]:
    """The name in traditional characters, as OpenCC writes it for Taiwan, Hong Kong and in general; [] if unchanged."""
    if not _HAN.search(name):
        return []
    forms = [_converter(config).convert(name) for config in TRADITIONAL]
    return [form for form in dict.fromkeys(forms) if form != name]


@dataclass(frozen=True)
class Entry:
    """One company or chip page that names can lead to."""

    url: str
    """The page's address inside the site, such as chips/nvidia-h20/."""
    title: str
    """The entity's name, as its page heading shows it."""
    detail: str
    """A short second line: what it is, and its Chinese name."""
    kind: str
    """company, chip or source."""
    detail_zh: str = ""
    """The second line in Chinese, for searches from Chinese pages (empty: the English one)."""


@dataclass(frozen=True)
class Name:
    """One key that leads to an entry, and how good a name it is (0: a main name, 1: an alias or derived)."""

    key: str
    rank: int


def _entry(kind: str, entity: Company | Chip | Source, catalog: Catalog, zh: Catalogue | None = None) -> Entry:
    url = entity_uri(kind, entity).removesuffix(".md") + "/"
    english = _detail(entity, catalog, Catalogue(ENGLISH))
    chinese = _detail(entity, catalog, zh) if zh is not None else ""
    if isinstance(entity, Source):
        return Entry(url, entity.title, english, "source", chinese)
    return Entry(url, entity.name, english, "company" if kind == "companies" else "chip", chinese)


def _detail(entity: Company | Chip | Source, catalog: Catalog, t: Catalogue) -> str:
    """A result's second line in one language: what it is (a chip: by whom), and its Chinese name."""
    if isinstance(entity, Source):
        if not entity.published:
            when = t.text("date not known")
        else:
            when = entity.published if t.language is ENGLISH else t.date(entity.published)
        return " · ".join([t.text("Source"), entity.publisher, when])
    if isinstance(entity, Company):
        label = t.text("Company")
    else:
        designer = catalog.companies.get(entity.designer)
        shown = (designer.short_name or designer.name) if designer and t.language is ENGLISH else None
        if designer and shown is None:
            shown = t.name(designer)
        label = t.text("Chip by %(designer)s", designer=shown) if designer else t.text("Chip")
    return " · ".join(part for part in (label, entity.name_zh) if part)


def _parts(name: str) -> list[str]:
    """A name; for `Siyuan 590 (MLU590)` its parts outside and inside the brackets; for `cnyes.com`, cnyes."""
    match = _BRACKETED.match(name)
    parts = [name, match["outer"], match["inner"]] if match and match["outer"] else [name]
    return parts + [domain["name"] for part in parts if (domain := _DOMAIN.match(part.strip()))]


def _model_numbers(name: str) -> list[str]:
    """Model-number words of a chip name: `Ascend 910C` -> 910C, `Kunlun P800` -> P800, `H100 SXM` -> H100."""
    return [word for word in re.split(r"[\s()]+", name) if _MODEL.match(word) and word != name]


def entity_names(kind: str, entity: Company | Chip | Source, catalog: Catalog) -> list[Name]:
    """Every key that leads to the entity, best names first, each once."""
    if isinstance(entity, Source):  # found by its publisher's name (not by its title: that is full text)
        main: list[str] = [entity.publisher]
        other: list[str] = [entity.original_outlet or ""]
    else:
        main = [entity.name, entity.name_zh or "", entity.id]
        other = list(entity.aliases)
    if isinstance(entity, Company):
        main += [entity.short_name or "", entity.pinyin or ""]
    elif isinstance(entity, Chip):
        designer = catalog.companies.get(entity.designer)
        other += _model_numbers(entity.name)
        if designer:
            for company_name in {designer.short_name or designer.name, designer.name}:
                other.append(f"{company_name} {entity.name}")
            if designer.name_zh and entity.name_zh and not entity.name_zh.startswith(designer.name_zh):
                other.append(designer.name_zh + entity.name_zh)
    names: dict[str, int] = {}
    for rank, group in ((0, main), (1, other)):
        for name in group:
            for part in _parts(name):
                for form in [part, *traditional_forms(part)]:
                    key = normalize(form)
                    if key and key not in names:
                        names[key] = rank
    return [Name(key, rank) for key, rank in names.items()]


@dataclass
class AliasTable:
    """Every entry, and for every key and key prefix the entries that answer it, best first."""

    entries: list[Entry]
    answers: dict[str, list[int]]
    """Normalized query -> indexes into entries: exact matches first, then the shortest keys it begins."""

    @cached_property
    def shards(self) -> int:
        """How many shard files the table is written as: the fewest (a power of two) that keep each small.

        A shard holds the keys that hash to it and a copy of every entry they answer, so more shards
        mean smaller keys per shard but more copies of the same entries: the count is the first power
        of two whose largest shard is under SHARD_BYTES, or the last one that made the largest shard
        at least a fifth smaller.
        """
        entry_bytes = [len(f"{e.url}{e.title}{e.detail}{e.kind}".encode()) + 16 for e in self.entries]
        keys = [(fnv1a(key), len(key.encode()) + 6 + 3 * len(found), found) for key, found in self.answers.items()]
        count, before = 1, None
        while count < 4096:
            sizes = [0] * count
            used: list[set[int]] = [set() for _ in range(count)]
            for hashed, size, found in keys:
                sizes[hashed % count] += size
                used[hashed % count].update(found)
            largest = max(size + sum(entry_bytes[i] for i in refs) for size, refs in zip(sizes, used, strict=True))
            if before is not None and largest > before * 0.8:
                return count // 2  # doubling no longer makes the largest shard much smaller
            if largest <= SHARD_BYTES:
                return count
            count, before = count * 2, largest
        return count

    def lookup(self, query: str) -> list[Entry]:
        """The entries that answer a query, as the browser finds them (for tests and tools)."""
        return [self.entries[i] for i in self.answers.get(normalize(query), [])]

    @cached_property
    def files(self) -> dict[str, str]:
        """The table as JSON files by name (`<shard>.json`), each with only the entries its keys need.

        Content is untrusted: the JSON is written with `<`, `>` and `&` escaped (`safety.script_json`),
        and search.js puts every string into the page as text, never as markup.
        """
        count = self.shards
        keys: list[dict[str, list[int]]] = [{} for _ in range(count)]
        for key, found in self.answers.items():
            keys[shard_of(key, count)][key] = found
        files = {}
        for number, shard in enumerate(keys):
            local: dict[int, int] = {}
            answers = {key: [local.setdefault(i, len(local)) for i in found] for key, found in shard.items()}
            entries = [[e.url, e.title, e.detail, e.kind, e.detail_zh] for e in (self.entries[i] for i in local)]
            files[f"{number}.json"] = str(safety.script_json({"answers": answers, "entries": entries}))
        return files

    @cached_property
    def version(self) -> str:
        """A digest of the whole table, so browsers never mix shards of two builds."""
        digest = hashlib.sha256()
        for name, text in sorted(self.files.items()):
            digest.update(name.encode() + b"\0" + text.encode() + b"\0")
        return digest.hexdigest()[:12]


def build_alias_table(catalog: Catalog, catalogues: Mapping[str, Catalogue] | None = None) -> AliasTable:
    """The alias table of every company, chip and source in the catalog; with the interface catalogues,
    each entry's second line in Chinese too.

    For one query, entries are ordered: exact matches first, then by the length of the key matched,
    by how good a name it is, companies before chips before sources, then in catalog order (sources
    newest first).
    """
    sources = sorted(catalog.sources.values(), key=lambda s: (s.published or "", s.id), reverse=True)
    kinds: list[tuple[str, list[Company] | list[Chip] | list[Source]]] = [
        ("companies", list(catalog.companies.values())),
        ("chips", list(catalog.chips.values())),
        ("sources", sources),
    ]
    entries: list[Entry] = []
    names: list[tuple[str, int, int, int]] = []  # (key, name rank, kind order, entry) of every name
    for order, (kind, entities) in enumerate(kinds):
        for entity in entities:
            index = len(entries)
            entries.append(_entry(kind, entity, catalog, (catalogues or {}).get(CHINESE.code)))
            names += [(name.key, name.rank, order, index) for name in entity_names(kind, entity, catalog)]
    candidates: dict[str, list[tuple[int, int, int, int, int]]] = {}
    for key, rank, order, index in names:
        for length in range(1, min(len(key), MAX_PREFIX) + 1):
            if length < MIN_PREFIX and length != len(key):
                continue
            exact = 0 if length == len(key) else 1
            candidates.setdefault(key[:length], []).append((exact, len(key), rank, order, index))
    answers: dict[str, list[int]] = {}
    for prefix, found in sorted(candidates.items()):
        best: list[int] = []
        for exact, *_, index in sorted(found):
            if index not in best and len(best) < (MOST if exact == 0 else TOP):
                best.append(index)
        answers[prefix] = best
    return AliasTable(entries, answers)
