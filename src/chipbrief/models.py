"""The content model: typed, validated records for sources, companies, chips, events and briefs.

These pydantic models are the one definition of what content may hold: the checks, the
JSON Schema files and the documentation of fields are all derived from them.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Generic, Literal, TypeVar, get_args

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

from chipbrief.safety import BODY_MAX_LENGTH, URL_MAX_LENGTH, url_problem
from chipbrief.units import Quantity, parse_quantity

# ---------------------------------------------------------------------------
# Scalar types
# ---------------------------------------------------------------------------

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
#: An id matched as a whole string: `\Z`, unlike `$`, lets no trailing newline through.
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,99}\Z")
SLUG_MAX_LENGTH = 100


def _check_slug(value: str) -> str:
    if not SLUG.fullmatch(value):
        if len(value) > SLUG_MAX_LENGTH:
            raise ValueError(f"expected an id of at most {SLUG_MAX_LENGTH} characters, found {len(value)}")
        raise ValueError(f"expected a lower-case slug (a-z, 0-9 and '-'), found {value!r}")
    return value


Slug = Annotated[
    str,
    AfterValidator(_check_slug),
    WithJsonSchema({"type": "string", "pattern": SLUG_PATTERN, "maxLength": SLUG_MAX_LENGTH}),
]
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
    problem = url_problem(value)
    if problem:
        raise ValueError(problem)
    return value


Url = Annotated[
    str,
    AfterValidator(_check_url),
    WithJsonSchema(
        {
            "type": "string",
            "format": "uri",
            "maxLength": URL_MAX_LENGTH,
            "pattern": "^https?://[^\\s\"'<>()\\[\\]{}|\\\\^`]+$",
        }
    ),
]
"""An http(s) URL checked as a whole string: a host name, no whitespace, quotes, brackets or markup characters."""


def _check_language(value: str) -> str:
    if not re.fullmatch(r"[a-z]{2}", value):
        raise ValueError(f"expected a two-letter ISO 639-1 language code (en, fr, zh ...), found {value!r}")
    return value


Language = Annotated[str, AfterValidator(_check_language), WithJsonSchema({"type": "string", "pattern": "^[a-z]{2}$"})]

#: The longest one-line text (names, titles, publishers): far above any real name, below what slows a page.
LINE_MAX_LENGTH = 500
#: The longest prose field (summaries, notes, claim texts).
PROSE_MAX_LENGTH = 3000

Text = Annotated[str, Field(min_length=1, max_length=LINE_MAX_LENGTH)]
"""One line of text: a name, a title, a publisher."""
Prose = Annotated[str, Field(min_length=1, max_length=PROSE_MAX_LENGTH)]
"""A few sentences in our words: a summary, a note, a claim."""


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
Count = Annotated[float, BeforeValidator(_strip_number_text), Field(gt=0, lt=1e30, allow_inf_nan=False)]

Status = Literal["confirmed", "reported", "rumored", "estimated"]
"""How sure a fact is: stated by its owner, reported by a named outlet, rumoured, or derived."""

V = TypeVar("V")


class Strict(BaseModel):
    """Base for every content model: unknown fields are errors, types are not coerced."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, use_attribute_docstrings=True)


# ---------------------------------------------------------------------------
# Claims: one sourced value
# ---------------------------------------------------------------------------


class Claim(Strict, Generic[V]):
    """One value as one source gave it, with how sure it is and as of when."""

    value: V
    """The value as the source gave it, in the field's unit."""
    source: Slug
    """Id of the source (content/sources/) that gives this value."""
    status: Status
    """How sure: confirmed, reported, rumored or estimated."""
    as_of: PartialDate | None = None
    """The date the value refers to, as the source states it (YYYY-MM-DD, YYYY-MM or YYYY); left out,
    the source's publication date. Never the day we read the page."""
    note: Prose | None = None
    """Optional words a reader needs: what the figure covers, how it was derived."""


#: How a throughput figure counts structured sparsity, as data files spell it.
Density = Literal["dense", "sparse", "unstated"]
#: Each reading in a reader's words: pages and key figures show these, translated (templates/i18n).
DENSITY_WORDS: dict[str, str] = {"dense": "dense", "sparse": "sparse", "unstated": "dense or sparse not stated"}


class RateClaim(Claim[V], Generic[V]):
    """A throughput value, which must say whether it counts structured sparsity.

    `sparse: null` says, explicitly, that the source does not state which.
    """

    sparse: bool | None
    """true if the figure counts structured sparsity, false if dense, null if the source does not say."""
    sparse_estimated: Prose | None = None
    """Why we read it so when the source does not say (e.g. the maker's 2:1 pair); pages mark the reading estimated."""

    @property
    def density(self) -> Density:
        """How the figure counts, as a data value: dense, sparse, or unstated (the source does not say)."""
        return {True: "sparse", False: "dense", None: "unstated"}[self.sparse]

    @property
    def density_basis(self) -> Literal["stated", "estimated", ""]:
        """Who reads it so: the source (stated) or we (estimated, with sparse_estimated); empty when unstated."""
        if self.sparse is None:
            return ""
        return "estimated" if self.sparse_estimated else "stated"

    @property
    def density_words(self) -> str:
        """The reading in a reader's words (English, translated where shown), marked when it is our estimate."""
        words = DENSITY_WORDS[self.density]
        return f"{words} (estimated)" if self.density_basis == "estimated" else words

    @model_validator(mode="after")
    def _estimate_says_what_it_reads(self) -> RateClaim[V]:
        if self.sparse_estimated and self.sparse is None:
            raise FieldError(
                "sparse_estimated", "expected sparse: true or false (the reading the reasoning gives), found null"
            )
        return self


class Listing(Strict):
    """Where a company's shares trade."""

    exchange: Text
    """Exchange name, e.g. SSE STAR, HKEX."""
    ticker: Text
    """Ticker or stock code, as text."""


# ---------------------------------------------------------------------------
# Content kinds
# ---------------------------------------------------------------------------


class Source(Strict):
    """A publication a fact or brief rests on."""

    id: Slug
    """The source id: the file name without .yaml."""
    publisher: Text
    """The site or outlet at the URL."""
    original_outlet: Text | None = None
    """For a copy (syndicated, aggregated, mirrored): the outlet that wrote the text."""
    original_url: Url | None = None
    """For a copy: the original's own page, where we could read it."""
    author: Text | None = None
    """Author, as the page names them."""
    title: Text
    """Title in the original language and script, exactly as the page shows it; no title seen, no source."""
    title_en: Text | None = None
    """English rendering of a non-English title."""
    url: Url
    """The page's URL, http or https, letter for letter as opened."""
    language: Language
    """ISO 639-1 language of the page."""
    published: PartialDate | None = None
    """Publication date as precise as the page shows it; left out when not visible (then say why in undated)."""
    undated: Prose | None = None
    """Why the source has no publication date, e.g. "the page shows no date"; only when published is left out."""
    accessed: FullDate
    """When we read it (YYYY-MM-DD)."""
    archive_url: Url | None = None
    """A copy in a web archive, if one is recorded."""
    paywalled: bool = False
    """Whether the page is behind a paywall."""
    note: Prose | None = None
    """Optional: provenance details, e.g. where an original_outlet credit was seen."""

    @model_validator(mode="after")
    def _dated_or_says_why_not(self) -> Source:
        if not self.published and not self.undated:
            raise FieldError(
                "published",
                "expected the publication date as the page shows it, or undated: saying why there is none, "
                "found neither",
            )
        if self.published and self.undated:
            raise FieldError(
                "undated", f"expected undated only when published is left out, found published {self.published!r}"
            )
        return self

    @model_validator(mode="after")
    def _english_title_for_foreign_titles(self) -> Source:
        if self.language != "en" and not self.title_en:
            raise FieldError("title_en", "expected an English title because language is not en, found none")
        return self


CompanyKind = Literal["designer", "foundry", "memory", "cloud", "internet", "ai-lab", "telecom", "other"]


class Company(Strict):
    """A company: chip designer, foundry, memory maker, cloud or buyer."""

    id: Slug
    """The company id: the file name without .yaml."""
    name: Text
    """Name in English."""
    short_name: Text | None = None
    """Name for tight spaces such as tables and charts, e.g. TSMC; the name when left out."""
    name_zh: Text | None = None
    """Chinese name (simplified characters)."""
    pinyin: Text | None = None
    """Pinyin of the Chinese name, with tone marks."""
    aliases: list[Text] = []
    """Other names readers search for."""
    kind: CompanyKind
    """designer, foundry, memory, cloud, internet, ai-lab, telecom or other."""
    website: Url | None = None
    """Official website, if seen."""
    summary: Prose
    """One or two sentences in our words."""
    sources: list[Slug] = Field(min_length=1)
    """Sources that back the summary."""
    parent: list[Claim[Slug]] = []
    """Claims: the parent company id."""
    headquarters: list[Claim[Text]] = []
    """Claims: headquarters city."""
    founded: list[Claim[PartialDate]] = []
    """Claims: founding date."""
    listings: list[Claim[Listing]] = []
    """Claims: stock exchange and ticker."""


class Specs(Strict):
    """A chip's specifications; each field holds every sourced value, in stated units."""

    # Each field's `title` is its label for readers (the chip page, the key figures, the data page);
    # a `short` title, where one is given, is its label where space is tight (the key figures).

    memory_type: list[Claim[Text]] = Field(default=[], title="Memory type")
    """Claims: memory technology (HBM3, LPDDR5 ...)."""
    memory_capacity: list[Claim[Bytes]] = Field(
        default=[], title="Memory capacity", json_schema_extra={"short": "Memory"}
    )
    """Claims: memory capacity in byte (e.g. "96 GB")."""
    memory_bandwidth: list[Claim[ByteRate]] = Field(default=[], title="Memory bandwidth")
    """Claims: memory bandwidth in byte/s (e.g. "4.0 TB/s")."""
    fp64: list[RateClaim[FlopRate]] = Field(default=[], title="FP64")
    """Claims: FP64 throughput in FLOP/s, with sparse."""
    fp32: list[RateClaim[FlopRate]] = Field(default=[], title="FP32")
    """Claims: FP32 throughput in FLOP/s, with sparse."""
    tf32: list[RateClaim[FlopRate]] = Field(default=[], title="TF32")
    """Claims: TF32 throughput in FLOP/s, with sparse."""
    fp16: list[RateClaim[FlopRate]] = Field(default=[], title="FP16")
    """Claims: FP16 throughput in FLOP/s, with sparse."""
    bf16: list[RateClaim[FlopRate]] = Field(default=[], title="BF16")
    """Claims: BF16 throughput in FLOP/s, with sparse."""
    fp8: list[RateClaim[FlopRate]] = Field(default=[], title="FP8")
    """Claims: FP8 throughput in FLOP/s, with sparse."""
    fp4: list[RateClaim[FlopRate]] = Field(default=[], title="FP4")
    """Claims: FP4 throughput in FLOP/s, with sparse."""
    int8: list[RateClaim[OpRate]] = Field(default=[], title="INT8")
    """Claims: INT8 throughput in OP/s, with sparse."""
    tdp: list[Claim[Watts]] = Field(default=[], title="TDP")
    """Claims: thermal design power in W."""
    die_area: list[Claim[SquareMillimetres]] = Field(default=[], title="Die area")
    """Claims: die area in mm2."""
    transistors: list[Claim[Count]] = Field(default=[], title="Transistors")
    """Claims: transistor count."""
    tpp: list[Claim[Count]] = Field(default=[], title="TPP as stated")
    """Claims: total processing performance (TPP, the unitless ECCN 3A090 metric) as a source states it.

    Only for a TPP that a source gives as a number; the export-control panel computes its own from
    dense throughput and shows these beside it."""
    interconnect: list[Claim[Text]] = Field(default=[], title="Interconnect")
    """Claims: chip-to-chip interconnect name."""
    interconnect_bandwidth: list[Claim[ByteRate]] = Field(default=[], title="Interconnect bandwidth")
    """Claims: interconnect bandwidth in byte/s."""
    form_factor: list[Claim[Text]] = Field(default=[], title="Form factor")
    """Claims: SXM, OAM, PCIe card ..."""
    host_interface: list[Claim[Text]] = Field(default=[], title="Host interface")
    """Claims: host interface, e.g. PCIe 5.0 x16."""


def spec_label(field: str) -> str:
    """A spec field's label for readers, from its `title` on `Specs`: spec_label('tdp') -> 'TDP'."""
    return Specs.model_fields[field].title or field


def short_label(path: str) -> str:
    """A chip field's label where space is tight, from the model: 'specs.memory_capacity' -> 'Memory'.

    A spec field's `short` title if it has one, else its title; a chip field's ('process_node') title.
    """
    model, name = (Specs, path.removeprefix("specs.")) if path.startswith("specs.") else (Chip, path)
    info = model.model_fields[name]
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    return str(extra.get("short") or info.title or name)


#: Every spec field with its label, in the model's order.
SPEC_LABELS: dict[str, str] = {name: spec_label(name) for name in Specs.model_fields}

#: The spec fields that hold throughput: their claims must say dense or sparse (RateClaim).
RATE_FIELDS: tuple[str, ...] = tuple(
    name for name, info in Specs.model_fields.items() if issubclass(get_args(info.annotation)[0], RateClaim)
)


ChipStatus = Literal["announced", "sampling", "in-production", "halted", "discontinued", "reported-only"]
"""Where a chip is in its life: halted is production or sales stopped (perhaps for a while); reported-only is
a chip known from reports that its maker never announced."""
Workload = Literal["training", "inference", "both", "unknown"]


ChipKind = Literal["chip", "card", "system"]


class Chip(Strict):
    """An AI accelerator, with every figure sourced."""

    id: Slug
    """The chip id: the file name without .yaml."""
    name: Text
    """Product name."""
    name_zh: Text | None = None
    """Chinese product name."""
    aliases: list[Text] = []
    """Other names and part numbers."""
    kind: ChipKind = "chip"
    """What the record describes: a chip (one package), a card or module, or a system (a server or rack)."""
    designer: Slug
    """Company id of the designer."""
    status: list[Claim[ChipStatus]] = Field(min_length=1, title="Status")
    """Claims: the status history (announced, sampling, in-production, halted, discontinued, reported-only),
    oldest first; the last is the current status."""
    workload: Workload
    """training, inference, both, or unknown."""
    summary: Prose
    """One or two sentences in our words."""
    sources: list[Slug] = Field(min_length=1)
    """Sources that back name, status, workload and summary."""
    foundry: list[Claim[Slug]] = Field(default=[], title="Foundry")
    """Claims: company id of the maker; several when sources disagree."""
    process_node: list[Claim[Nanometres]] = Field(default=[], title="Process node")
    """Claims: process node in nm, as the foundry names it."""
    announced: list[Claim[PartialDate]] = []
    """Claims: announcement date."""
    released: list[Claim[PartialDate]] = []
    """Claims: release or shipping date."""
    specs: Specs = Specs()
    """Specifications: each field a list of claims."""
    see_also: list[Slug] = []
    """Chip ids that may be the same product, or its family."""

    @property
    def current_status(self) -> str:
        """The chip's status now: the last claim of its status history."""
        return self.status[-1].value


EventKind = Literal["launch", "roadmap", "export-control", "guidance", "results", "listing", "report", "other"]


class Event(Strict):
    """A dated happening for the timeline."""

    id: Slug
    """The event id: the file name without .yaml."""
    date: PartialDate
    """When it happened: YYYY-MM-DD, or YYYY-MM."""
    title: Text
    """One line in our words."""
    kind: EventKind
    """launch, roadmap, export-control, guidance, results, listing, report or other."""
    status: Status
    """How sure: confirmed, reported, rumored or estimated."""
    companies: list[Slug] = []
    """Company ids involved."""
    chips: list[Slug] = []
    """Chip ids involved."""
    sources: list[Slug] = Field(min_length=1)
    """Sources for the event."""
    summary: Prose
    """One or two sentences in our words."""


class Translator(Strict):
    """Who translated a brief: a person, or a tool and the person who reviewed its output."""

    name: Text | None = None
    """A person who translated it."""
    tool: Text | None = None
    """A tool that translated it."""
    reviewed_by: Text | None = None
    """The person who reviewed a tool's translation; null if nobody yet."""

    @model_validator(mode="after")
    def _someone(self) -> Translator:
        if not self.name and not self.tool:
            raise FieldError("name", "expected a translator's name or a tool, found neither")
        return self


class Mentions(Strict):
    """Entities a brief mentions, by id."""

    companies: list[Slug] = []
    """Company ids the brief mentions."""
    chips: list[Slug] = []
    """Chip ids the brief mentions."""


class BriefClaim(Strict):
    """A key claim of the article briefed, with how sure it is."""

    text: Prose
    """The claim in our words."""
    status: Status
    """How sure: confirmed, reported, rumored or estimated."""
    source: Slug
    """The source that makes the claim."""


class Quote(Strict):
    """At most one short quote, in the original language, attributed."""

    text: Annotated[str, Field(min_length=1, max_length=300)]
    """A short quote in the original language (300 characters at most)."""
    source: Slug
    """The source quoted."""


class BriefMeta(Strict):
    """The front matter of a brief."""

    title: Text
    """English title of the brief."""
    date: PartialDate
    """Publication date of the original; when not visible, the date of the event it reports."""
    source: Slug
    """Id of the source briefed."""
    checked_against: list[Slug] = []
    """Sources used to check the original."""
    original_language: Language
    """ISO 639-1 language of the original."""
    original_title: Text | None = None
    """Title of the original in its language and script, if seen."""
    translator: Translator | None = None
    """Who translated it; required when the original is not English."""
    mentions: Mentions
    """Companies and chips the brief mentions (at least one)."""
    tags: list[Slug] = []
    """Topic tags (slugs)."""
    claims: list[BriefClaim] = Field(min_length=1)
    """The key claims, each with how sure it is and its source."""
    quote: Quote | None = None
    """At most one short quote in the original language."""

    @model_validator(mode="after")
    def _translated_needs_translator(self) -> BriefMeta:
        if self.original_language != "en" and self.translator is None:
            raise FieldError("translator", "expected a translator because original_language is not en, found none")
        return self


class Brief(Strict):
    """A brief: its front matter, its id (the file's slug) and its body in our own words."""

    id: Slug
    meta: BriefMeta
    body: str = Field(max_length=BODY_MAX_LENGTH)


class FieldError(ValueError):
    """A model-level check that belongs to one field, so the error can point at its line."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


# ---------------------------------------------------------------------------
# Export-control rules: one file per rule event, with its published test as data
# ---------------------------------------------------------------------------

RuleKind = Literal["threshold", "letter", "guidance", "policy"]
"""threshold (a published test over chip figures), letter (sent to companies, terms not public),
guidance (an agency's reading of existing rules), policy (licensing policy or practice)."""
RuleOutcome = Literal["controlled", "case-by-case", "letter-based"]
Metric = Literal["tpp", "performance_density", "dram_bandwidth", "interconnect_bandwidth", "hbm_bandwidth_density"]
"""What a clause compares: TPP (unitless), performance density (TPP per mm²), total DRAM bandwidth
(GB/s), interconnect bandwidth (GB/s), HBM memory bandwidth density (GB/s per mm²)."""
Comparison = Literal[">=", ">", "<=", "<"]


class Clause(Strict):
    """One comparison of a rule's test: a chip metric, an operator and the threshold the rule states."""

    metric: Metric
    """tpp, performance_density, dram_bandwidth (GB/s), interconnect_bandwidth (GB/s) or hbm_bandwidth_density."""
    op: Comparison
    """>=, >, <= or <, as the rule writes it ("or more" is >=, "less than" is <)."""
    value: Annotated[float, Field(gt=0, lt=1e12, allow_inf_nan=False)]
    """The threshold, in the metric's unit."""


class RuleTest(Strict):
    """One of a rule's alternative tests: every clause must hold (a rule is met when any test is)."""

    label: Text
    """The paragraph it comes from, e.g. 3A090.a.2."""
    all: list[Clause] = Field(min_length=1)
    """Clauses that must all hold."""
    seen: bool = True
    """False when this test's text was not seen in a source we read: a chip only it would catch reads as unknown."""


class Rule(Strict):
    """A US export-control rule event on AI chips: when it applied, its test over chip figures, and its sources."""

    id: Slug
    """The rule id: the file name without .yaml."""
    title: Text
    """The rule's title as its text gives it, or a short name in our words for a letter or a policy."""
    kind: RuleKind
    """threshold, letter, guidance or policy."""
    effective: PartialDate
    """When it took effect, as precise as its text or a source states it (a month counts from its first day)."""
    ended: PartialDate | None = None
    """When it stopped applying (superseded, rescinded, not enforced); left out while it applies."""
    ended_note: Prose | None = None
    """How it ended: which rule replaced it, or the rescission."""
    federal_register: Text | None = None
    """Federal Register citation, e.g. 88 FR 73458; left out when the rule was not published there."""
    covers: Literal["chips", "memory"] = "chips"
    """What the rule's test classifies: AI chips, or memory (HBM stacks) sold for them."""
    outcome: RuleOutcome = "controlled"
    """What the rule means for a chip it catches: controlled, case-by-case or letter-based."""
    tests: list[RuleTest] = []
    """The published test over chip figures (any test met catches the chip); empty when none is published."""
    scope: list[Slug] = []
    """Rule ids whose catch this rule narrows or applies to: a chip they do not catch is outside this rule."""
    chips: list[Slug] = []
    """Chip ids the rule names (a letter's or guidance's named chips)."""
    companies: list[Slug] = []
    """Company ids whose unnamed chips the rule may also cover (a letter's addressees, guidance by description)."""
    summary: Prose
    """What the rule does, in plain words."""
    not_public: Prose | None = None
    """What about the rule is not public (a letter's terms, a threshold never published)."""
    unverified: Prose | None = None
    """What of the rule's own text we did not see, and where its figures come from instead."""
    sources: list[Slug] = Field(min_length=1)
    """Sources for the rule: the Federal Register, eCFR or a law firm's text we read."""

    @model_validator(mode="after")
    def _ends_after_it_starts(self) -> Rule:
        if self.ended and self.ended < self.effective:
            raise FieldError("ended", f"expected a date on or after effective {self.effective}, found {self.ended!r}")
        if self.kind == "threshold" and not self.tests:
            raise FieldError("tests", "expected at least one test for a threshold rule, found none")
        return self


class Tag(Strict):
    """One topic tag a brief may carry: its slug and how readers see it."""

    id: Slug
    """The tag as briefs write it, a lower-case slug."""
    label: Text
    """The tag as readers see it, in English."""
    label_zh: Text | None = None
    """The tag in Chinese."""
    description: Prose | None = None
    """What the tag covers, one sentence; shown on the tag's page."""
    replaces: list[Slug] = []
    """Other spellings of the same topic, refused with a pointer to this tag."""


class TagVocabulary(Strict):
    """content/tags.yaml: every topic tag briefs may use, so one topic has one tag."""

    tags: list[Tag] = Field(min_length=1)
    """The tags, one entry each."""


# ---------------------------------------------------------------------------
# Choice fields: how readers see each allowed value
# ---------------------------------------------------------------------------

#: Every choice field's allowed values as readers see them, in English: one place that every page,
#: table and filter reads (a value is stored as a slug, `in-production`, and shown as words).
CHOICE_WORDS: dict[str, dict[str, str]] = {
    "status": {"confirmed": "confirmed", "reported": "reported", "rumored": "rumored", "estimated": "estimated"},
    "chip_status": {
        "announced": "announced",
        "sampling": "sampling",
        "in-production": "in production",
        "halted": "halted",
        "discontinued": "discontinued",
        "reported-only": "reported only",
    },
    "workload": {
        "training": "training",
        "inference": "inference",
        "both": "training and inference",
        "unknown": "unknown",
    },
    "chip_kind": {"chip": "chip", "card": "card or module", "system": "system"},
    "company_kind": {
        "designer": "chip designer",
        "foundry": "foundry",
        "memory": "memory maker",
        "cloud": "cloud provider",
        "internet": "internet company",
        "ai-lab": "AI lab",
        "telecom": "telecom operator",
        "other": "other",
    },
    "event_kind": {
        "launch": "launch",
        "roadmap": "roadmap",
        "export-control": "export control",
        "guidance": "guidance",
        "results": "results",
        "listing": "listing",
        "report": "report",
        "other": "other",
    },
    "rule_kind": {"threshold": "threshold", "letter": "letter", "guidance": "guidance", "policy": "policy"},
}

#: The Literal each entry of CHOICE_WORDS spells out (a test keeps the two in step).
CHOICES: dict[str, object] = {
    "status": Status,
    "chip_status": ChipStatus,
    "workload": Workload,
    "chip_kind": ChipKind,
    "company_kind": CompanyKind,
    "event_kind": EventKind,
    "rule_kind": RuleKind,
}


def choice_word(value: str, choice: str) -> str:
    """How readers see one value of a choice field: choice_word('in-production', 'chip_status') -> 'in production'."""
    return CHOICE_WORDS[choice][value]


#: The model for each YAML content folder.
MODELS: dict[str, type[Strict]] = {
    "sources": Source,
    "companies": Company,
    "chips": Chip,
    "events": Event,
    "rules": Rule,
}
