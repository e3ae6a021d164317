"""What a render reads from the catalog: a recording view of it, and the current digest of each thing read.

The generator's cache (`chipbrief.rendercache`) keys each rendered page on what its render
read. `track` wraps a catalog so that every lookup through it notes a read, while a `recording()`
is active:

- `("entity", kind, id)`: one entity, looked up by id (`catalog.chips[id]`, `.get`, `in`);
- `("all", kind)`: a whole kind, iterated or counted (`catalog.chips.values()`, `len(...)`), or read
  through a list built from all of it (`briefs_newest_first`);
- `("index", name, key)` and `("index", name)`: one entry, or all, of a derived index
  (`chips_by_company`, `briefs_by_entity`, `events_by_entity`, `citations`);
- `("history", path)` and `("history",)`: one file's git history, or all of it;
- `("build_date",)`: the build's day.

`Digests` gives the current digest of each such read over the untracked catalog. A render whose
reads all still have the digests they had is a render of the same data. Reads made outside any
recording (values computed once for several pages) are not noted: the cache fingerprints those
values instead (`fingerprint`, below).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from pydantic import BaseModel

from chipbrief.catalog import Catalog
from chipbrief.digests import digest
from chipbrief.history import History

Read = tuple[str, ...]

_ACTIVE: ContextVar[set[Read] | None] = ContextVar("chipbrief_reads", default=None)

#: The catalog's entity mappings, by attribute name (each is also the kind's name in a read).
KINDS = ("sources", "companies", "chips", "events", "briefs", "rules", "tags")
#: The catalog's derived indexes that pages read entry by entry.
INDEXES = ("chips_by_company", "briefs_by_entity", "events_by_entity", "citations")


def note(read: Read) -> None:
    """Note one read, if a recording is active."""
    reads = _ACTIVE.get()
    if reads is not None:
        reads.add(read)


@contextmanager
def recording() -> Iterator[set[Read]]:
    """Collect the reads made inside the block (a nested recording's reads count for the outer one too)."""
    outer = _ACTIVE.get()
    reads: set[Read] = set()
    token = _ACTIVE.set(reads)
    try:
        yield reads
    finally:
        _ACTIVE.reset(token)
        if outer is not None:
            outer |= reads


class TrackedDict(dict):
    """An entity mapping that notes each lookup by id, and any read of the whole mapping."""

    def __init__(self, kind: str, entities: Mapping[str, Any]) -> None:
        super().__init__(entities)
        self.kind = kind

    def __getitem__(self, key: str) -> Any:
        note(("entity", self.kind, key))
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:
        note(("entity", self.kind, key))
        return super().get(key, default)

    def __contains__(self, key: object) -> bool:
        note(("entity", self.kind, str(key)))
        return super().__contains__(key)

    def _whole(self) -> None:
        note(("all", self.kind))

    def __iter__(self) -> Iterator[str]:
        self._whole()
        return super().__iter__()

    def __len__(self) -> int:
        self._whole()
        return super().__len__()

    def keys(self) -> Any:
        self._whole()
        return super().keys()

    def values(self) -> Any:
        self._whole()
        return super().values()

    def items(self) -> Any:
        self._whole()
        return super().items()

    def __reduce__(self) -> Any:  # never pickled as a tracker
        return (dict, (dict(super().items()),))


class TrackedIndex(Mapping):
    """A derived index (key -> list) that notes each entry read, and any read of the whole index."""

    def __init__(self, name: str, entries: Mapping[Any, Any]) -> None:
        self.name = name
        self.entries = entries

    def __getitem__(self, key: Any) -> Any:
        note(("index", self.name, _key_text(key)))
        return self.entries[key]

    def get(self, key: Any, default: Any = None) -> Any:
        note(("index", self.name, _key_text(key)))
        return self.entries.get(key, default)

    def __contains__(self, key: object) -> bool:
        note(("index", self.name, _key_text(key)))
        return key in self.entries

    def __iter__(self) -> Iterator[Any]:
        note(("index", self.name))
        return iter(self.entries)

    def __len__(self) -> int:
        note(("index", self.name))
        return len(self.entries)


class TrackedHistory(History):
    """The git history, noting the file whose changes are read, or the whole history."""

    def __init__(self, history: History) -> None:
        super().__init__(history.changes)

    def of(self, path: str) -> list:
        note(("history", path))
        return super().of(path)

    @property
    def last_changed(self) -> str | None:
        note(("history",))
        return super().last_changed


class TrackedCatalog(Catalog):
    """A catalog whose reads are noted (see the module's docstring); made by `track`."""

    def __getattribute__(self, name: str) -> Any:
        if name == "build_date":
            note(("build_date",))
        return super().__getattribute__(name)

    @property
    def briefs_newest_first(self) -> list:  # type: ignore[override]
        note(("all", "briefs"))
        return object.__getattribute__(self, "_base").briefs_newest_first

    @property
    def events_newest_first(self) -> list:  # type: ignore[override]
        note(("all", "events"))
        return object.__getattribute__(self, "_base").events_newest_first

    @property
    def chips_by_company(self) -> Any:  # type: ignore[override]
        return object.__getattribute__(self, "_indexes")["chips_by_company"]

    @property
    def briefs_by_entity(self) -> Any:  # type: ignore[override]
        return object.__getattribute__(self, "_indexes")["briefs_by_entity"]

    @property
    def events_by_entity(self) -> Any:  # type: ignore[override]
        return object.__getattribute__(self, "_indexes")["events_by_entity"]

    @property
    def citations(self) -> Any:  # type: ignore[override]
        return object.__getattribute__(self, "_indexes")["citations"]


def track(catalog: Catalog) -> TrackedCatalog:
    """The same content as catalog, read through trackers."""
    tracked = TrackedCatalog(
        **{kind: TrackedDict(kind, getattr(catalog, kind)) for kind in KINDS},
        history=TrackedHistory(catalog.history),
        build_date=catalog.build_date,
    )
    object.__setattr__(tracked, "_base", catalog)
    indexes = {name: TrackedIndex(name, getattr(catalog, name)) for name in INDEXES}
    object.__setattr__(tracked, "_indexes", indexes)
    return tracked


def _key_text(key: Any) -> str:
    """An index key as text: ('chips', 'x') -> 'chips/x'."""
    return "/".join(key) if isinstance(key, tuple) else str(key)


class Digests:
    """The current digest of each read, over one build's (untracked) catalog; each computed once."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._known: dict[Read, str] = {}
        self._entities: dict[int, str] = {}  # id(entity object) -> its digest, for `of_entity`
        self._by_object: dict[int, tuple[str, str]] | None = None
        self._index_entries: dict[str, dict[str, Any]] = {}  # index name -> entries by key text

    def __getitem__(self, read: Read) -> str:
        known = self._known.get(read)
        if known is None:
            known = self._known[read] = self._compute(read)
        return known

    def _compute(self, read: Read) -> str:
        what = read[0]
        if what == "entity":
            entity = getattr(self.catalog, read[1]).get(read[2])
            return "absent" if entity is None else self._entity_digest(entity)
        if what == "all":
            entities = getattr(self.catalog, read[1])
            return digest("\n".join(f"{ident} {self._entity_digest(e)}" for ident, e in entities.items()))
        if what == "index":
            index = getattr(self.catalog, read[1])
            if len(read) == 2:
                return digest("\n".join(f"{_key_text(k)} {self.value(v)}" for k, v in index.items()))
            entries = self._index_entries.get(read[1])
            if entries is None:
                entries = self._index_entries[read[1]] = {_key_text(k): v for k, v in index.items()}
            return self.value(entries.get(read[2], []))
        if what == "history":
            history = self.catalog.history
            return digest(repr(history.of(read[1]) if len(read) == 2 else history.changes))
        if what == "build_date":
            return self.catalog.build_date
        raise ValueError(f"unknown read {read!r}")

    def _entity_digest(self, entity: BaseModel) -> str:
        known = self._entities.get(id(entity))
        if known is None:
            known = self._entities[id(entity)] = digest(type(entity).__name__ + entity.model_dump_json())
        return known

    def is_entity(self, value: object) -> bool:
        """Whether value is one of the catalog's entity objects (then `value()` uses its digest)."""
        if self._by_object is None:
            self._by_object = {
                id(entity): (kind, ident) for kind in KINDS for ident, entity in getattr(self.catalog, kind).items()
            }
        return id(value) in self._by_object

    def value(self, value: Any) -> str:
        """A digest of a value passed to a render: entities by their digest, the rest by what they hold."""
        return fingerprint(value, self)

    def entity(self, value: BaseModel) -> str:
        """The digest of one of the catalog's entity objects."""
        return self._entity_digest(value)


class Uncacheable(Exception):
    """A value handed to a render that has no stable digest: that unit is rendered every time."""


def fingerprint(value: Any, digests: Digests) -> str:
    """A digest of a value handed to a render: the catalog's entities by their digest, the rest by content.

    Plain data, lists, tuples, dicts, dataclasses and pydantic models are taken apart; a value that
    renders lazily (made per language inside the render, `chipbrief.render.PerLanguage`) counts by its
    kind only, since what it reads is recorded. Anything else raises Uncacheable.
    """
    parts: list[str] = []
    _walk(value, parts, digests)
    return digest("\0".join(parts))


def _walk(value: Any, parts: list[str], digests: Digests) -> None:
    if value is None or isinstance(value, str | int | float | bool):
        parts.append(f"{type(value).__name__}:{value!r}")
    elif isinstance(value, list | tuple):
        parts.append(f"{type(value).__name__}[{len(value)}")
        for item in value:
            _walk(item, parts, digests)
        parts.append("]")
    elif isinstance(value, dict):
        parts.append(f"dict[{len(value)}")
        for key, item in value.items():
            _walk(key, parts, digests)
            _walk(item, parts, digests)
        parts.append("]")
    elif isinstance(value, BaseModel):
        if digests.is_entity(value):
            parts.append(f"entity:{digests.entity(value)}")
        else:
            parts.append(f"{type(value).__qualname__}:{value.model_dump_json()}")
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        if getattr(value, "lazy_render", False):
            parts.append(f"lazy:{type(value).__qualname__}")
            return
        parts.append(f"{type(value).__qualname__}(")
        for field in dataclasses.fields(value):
            _walk(getattr(value, field.name), parts, digests)
        parts.append(")")
    else:
        raise Uncacheable(f"{type(value).__qualname__} has no stable digest")
