"""The content model: typed, validated records for sources, companies, chips, events and briefs.

These pydantic models are the one definition of what content may hold: the checks, the
JSON Schema files and the documentation of fields are all derived from them.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Generic, Literal, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    WithJsonSchema,
    model_validator,
)

from chipbrief.units import Quantity, parse_quantity

# ---------------------------------------------------------------------------
# Scalar types
# ---------------------------------------------------------------------------

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
SLUG = re.compile(SLUG_PATTERN)


def _check_slug(value: str) -> str:
    if not SLUG.match(value):
        raise ValueError(f"expected a lower-case slug (a-z, 0-9 and '-'), found {value!r}")
    return value


Slug = Annotated[str, AfterValidator(_check_slug), WithJsonSchema({"type": "string", "pattern": SLUG_PATTERN})]
"""An id: lower-case letters, digits and hyphens; never a path, a space or '..'."""

_DATE_FORMS = {10: "%Y-%m-%d", 7: "%Y-%m", 4: "%Y"}


def _check_partial_date(value: object) -> str:
    text = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
    if isinstance(text, str):
        form = _DATE_FORMS.get(len(text))
        if form and re.fullmatch(r"\d{4}(-\d{2}){0,2}", text):
            try:
                dt.datetime.strptime(text, form)
            except ValueError:
                pass
            else:
                return text
    raise ValueError(f"expected a date YYYY-MM-DD, YYYY-MM or YYYY, found {value!r}")


PartialDate = Annotated[
    str,
    PlainValidator(_check_partial_date),
    WithJsonSchema({"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"}),
]
"""A date as precise as the source allows: 2025-08-29, 2025-08 or 2025."""


def _check_full_date(value: object) -> str:
    if isinstance(value, str) and len(value) == 10:
        return _check_partial_date(value)
    raise ValueError(f"expected a full date YYYY-MM-DD, found {value!r}")


FullDate = Annotated[
    str,
    PlainValidator(_check_full_date),
    WithJsonSchema({"type": "string", "format": "date"}),
]


def _check_url(value: str) -> str:
    if not re.match(r"^https?://[^\s/?#]+\.[^\s/?#]+([/?#]\S*)?$", value):
        raise ValueError(f"expected an http:// or https:// URL, found {value!r}")
    return value


Url = Annotated[
    str, AfterValidator(_check_url), WithJsonSchema({"type": "string", "format": "uri", "pattern": "^https?://"})
]


def _check_language(value: str) -> str:
    if not re.fullmatch(r"[a-z]{2}", value):
        raise ValueError(f"expected a two-letter ISO 639-1 language code (en, fr, zh ...), found {value!r}")
    return value


Language = Annotated[str, AfterValidator(_check_language), WithJsonSchema({"type": "string", "pattern": "^[a-z]{2}$"})]

Text = Annotated[str, Field(min_length=1)]


def _strip_number_text(value: object) -> object:
    """Let transistors be written as 80e9 or 80000000000 alike."""
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return value
    return value


def _quantity(unit: str, pattern: str) -> object:
    return Annotated[
        Quantity,
        PlainValidator(lambda raw: parse_quantity(raw, unit)),
        PlainSerializer(lambda q: q.text, return_type=str),
        WithJsonSchema({"type": "string", "pattern": pattern, "description": f"a number and a unit of {unit}"}),
    ]


Bytes = _quantity("byte", r"^[0-9.eE+-]+ (B|kB|MB|GB|TB|KiB|MiB|GiB|TiB)$")
ByteRate = _quantity("byte/s", r"^[0-9.eE+-]+ (B|kB|MB|GB|TB)/s$")
FlopRate = _quantity("FLOP/s", r"^[0-9.eE+-]+ (|G|T|P)FLOP/s$")
OpRate = _quantity("OP/s", r"^[0-9.eE+-]+ (|G|T|P)OP/s$")
Watts = _quantity("W", r"^[0-9.eE+-]+ (W|kW)$")
Nanometres = _quantity("nm", r"^[0-9.eE+-]+ nm$")
SquareMillimetres = _quantity("mm2", r"^[0-9.eE+-]+ (mm2|mm²)$")
Count = Annotated[float, BeforeValidator(_strip_number_text), Field(gt=0)]

Status = Literal["confirmed", "reported", "rumored", "estimated"]
"""How sure a fact is: stated by its owner, reported by a named outlet, rumoured, or derived."""

V = TypeVar("V")


class Strict(BaseModel):
    """Base for every content model: unknown fields are errors, types are not coerced."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


# ---------------------------------------------------------------------------
# Claims: one sourced value
# ---------------------------------------------------------------------------


class Claim(Strict, Generic[V]):
    """One value as one source gave it, with how sure it is and as of when."""

    value: V
    source: Slug
    status: Status
    as_of: PartialDate
    note: str | None = None


class RateClaim(Claim[V], Generic[V]):
    """A throughput value, which must say whether it counts structured sparsity.

    `sparse: null` says, explicitly, that the source does not state which.
    """

    sparse: bool | None


class Listing(Strict):
    """Where a company's shares trade."""

    exchange: Text
    ticker: Text


# ---------------------------------------------------------------------------
# Content kinds
# ---------------------------------------------------------------------------


class Source(Strict):
    """A publication a fact or brief rests on."""

    id: Slug
    publisher: Text
    original_outlet: Text | None = None
    author: Text | None = None
    title: Text | None = None
    title_en: Text | None = None
    url: Url
    language: Language
    published: PartialDate | None = None
    accessed: FullDate
    archive_url: Url | None = None
    paywalled: bool = False
    note: Text | None = None

    @model_validator(mode="after")
    def _english_title_for_foreign_titles(self) -> Source:
        if self.language != "en" and self.title and not self.title_en:
            raise FieldError("title_en", "expected an English title because language is not en, found none")
        return self


CompanyKind = Literal["designer", "foundry", "memory", "cloud", "internet", "ai-lab", "telecom", "other"]


class Company(Strict):
    """A company: chip designer, foundry, memory maker, cloud or buyer."""

    id: Slug
    name: Text
    name_zh: Text | None = None
    pinyin: Text | None = None
    aliases: list[Text] = []
    kind: CompanyKind
    website: Url | None = None
    summary: Text
    sources: list[Slug] = Field(min_length=1)
    parent: list[Claim[Slug]] = []
    headquarters: list[Claim[Text]] = []
    founded: list[Claim[PartialDate]] = []
    listings: list[Claim[Listing]] = []


class Specs(Strict):
    """A chip's specifications; each field holds every sourced value, in stated units."""

    memory_type: list[Claim[Text]] = []
    memory_capacity: list[Claim[Bytes]] = []
    memory_bandwidth: list[Claim[ByteRate]] = []
    fp64: list[RateClaim[FlopRate]] = []
    fp32: list[RateClaim[FlopRate]] = []
    tf32: list[RateClaim[FlopRate]] = []
    fp16: list[RateClaim[FlopRate]] = []
    bf16: list[RateClaim[FlopRate]] = []
    fp8: list[RateClaim[FlopRate]] = []
    fp4: list[RateClaim[FlopRate]] = []
    int8: list[RateClaim[OpRate]] = []
    tdp: list[Claim[Watts]] = []
    die_area: list[Claim[SquareMillimetres]] = []
    transistors: list[Claim[Count]] = []
    interconnect: list[Claim[Text]] = []
    interconnect_bandwidth: list[Claim[ByteRate]] = []
    form_factor: list[Claim[Text]] = []
    host_interface: list[Claim[Text]] = []


ChipStatus = Literal["announced", "sampling", "in-production", "discontinued", "reported-only"]
Workload = Literal["training", "inference", "both", "unknown"]


class Chip(Strict):
    """An AI accelerator, with every figure sourced."""

    id: Slug
    name: Text
    name_zh: Text | None = None
    aliases: list[Text] = []
    designer: Slug
    status: ChipStatus
    workload: Workload
    summary: Text
    sources: list[Slug] = Field(min_length=1)
    foundry: list[Claim[Slug]] = []
    process_node: list[Claim[Nanometres]] = []
    announced: list[Claim[PartialDate]] = []
    released: list[Claim[PartialDate]] = []
    specs: Specs = Specs()
    see_also: list[Slug] = []


EventKind = Literal["launch", "roadmap", "export-control", "guidance", "results", "listing", "report", "other"]


class Event(Strict):
    """A dated happening for the timeline."""

    id: Slug
    date: PartialDate
    title: Text
    kind: EventKind
    status: Status
    companies: list[Slug] = []
    chips: list[Slug] = []
    sources: list[Slug] = Field(min_length=1)
    summary: Text


class Translator(Strict):
    """Who translated a brief: a person, or a tool and the person who reviewed its output."""

    name: Text | None = None
    tool: Text | None = None
    reviewed_by: Text | None = None

    @model_validator(mode="after")
    def _someone(self) -> Translator:
        if not self.name and not self.tool:
            raise FieldError("name", "expected a translator's name or a tool, found neither")
        return self


class Mentions(Strict):
    """Entities a brief mentions, by id."""

    companies: list[Slug] = []
    chips: list[Slug] = []


class BriefClaim(Strict):
    """A key claim of the article briefed, with how sure it is."""

    text: Text
    status: Status
    source: Slug


class Quote(Strict):
    """At most one short quote, in the original language, attributed."""

    text: Annotated[str, Field(min_length=1, max_length=300)]
    source: Slug


class BriefMeta(Strict):
    """The front matter of a brief."""

    title: Text
    date: PartialDate
    source: Slug
    checked_against: list[Slug] = []
    original_language: Language
    original_title: Text | None = None
    translator: Translator | None = None
    mentions: Mentions
    tags: list[Slug] = []
    claims: list[BriefClaim] = Field(min_length=1)
    quote: Quote | None = None

    @model_validator(mode="after")
    def _translated_needs_translator(self) -> BriefMeta:
        if self.original_language != "en" and self.translator is None:
            raise FieldError("translator", "expected a translator because original_language is not en, found none")
        return self


class Brief(Strict):
    """A brief: its front matter, its id (the file's slug) and its body in our own words."""

    id: Slug
    meta: BriefMeta
    body: str


class FieldError(ValueError):
    """A model-level check that belongs to one field, so the error can point at its line."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


#: The model for each YAML content folder.
MODELS: dict[str, type[Strict]] = {
    "sources": Source,
    "companies": Company,
    "chips": Chip,
    "events": Event,
}
