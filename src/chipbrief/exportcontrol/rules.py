"""Export-control rules as data: which rules apply on a date, and a rule's published test over a chip's figures.

A rule's test is data (`Rule.tests`, a list of alternatives, each a list of clauses such as
`tpp >= 4800`); this module evaluates it with three-valued logic and exact decimals, never by
running text: a clause over a figure that is not on record is unknown, and its metric is named.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from chipbrief.message import Message
from chipbrief.models import Clause, Rule, RuleTest

#: A test's truth: True (met), False (not met) or None (unknown: a figure is missing).
Truth = bool | None

OPS: dict[str, Callable[[Decimal, Decimal], bool]] = {
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
}
OP_SIGNS = {">=": "≥", ">": ">", "<=": "≤", "<": "<"}

#: Readers' names of the metrics a clause may compare, and their units.
METRIC_NAMES = {
    "tpp": Message("TPP"),
    "performance_density": Message("performance density"),
    "dram_bandwidth": Message("total DRAM bandwidth"),
    "interconnect_bandwidth": Message("interconnect bandwidth"),
    "hbm_bandwidth_density": Message("HBM memory bandwidth density"),
}
METRIC_UNITS = {
    "tpp": Message(""),
    "performance_density": Message(""),
    "dram_bandwidth": Message(" GB/s"),
    "interconnect_bandwidth": Message(" GB/s"),
    "hbm_bandwidth_density": Message(" GB/s per mm²"),
}


@dataclass(frozen=True)
class Metrics:
    """The figures a rule's test compares, for one reading of a chip; None where nothing is on record."""

    tpp: Decimal | None = None
    performance_density: Decimal | None = None
    dram_bandwidth: Decimal | None = None  # GB/s
    interconnect_bandwidth: Decimal | None = None  # GB/s
    hbm_bandwidth_density: Decimal | None = None  # GB/s per mm²

    def get(self, metric: str) -> Decimal | None:
        """The value of one metric, by its name in a clause."""
        return getattr(self, metric)


@dataclass(frozen=True)
class TestResult:
    """One test of a rule evaluated: met, not met or unknown, with the clauses in words."""

    label: str
    truth: Truth
    words: Message
    missing: list[Message] = field(default_factory=list)


@dataclass(frozen=True)
class Period:
    """A stretch of time in which the same rules apply: from `start` up to, not including, `end`."""

    start: str  # YYYY-MM-DD
    end: str | None  # YYYY-MM-DD, or None: still open
    rules: tuple[str, ...]  # rule ids in force, in order


def day_of(date: str) -> str:
    """A partial date as the first day it covers: '2025-08' -> '2025-08-01', '2025' -> '2025-01-01'."""
    return {4: f"{date}-01-01", 7: f"{date}-01"}.get(len(date), date)


def in_force(rule: Rule, day: str) -> bool:
    """Whether a rule applies on a day (YYYY-MM-DD): on or after its effective date, before its end."""
    return day_of(rule.effective) <= day and (rule.ended is None or day < day_of(rule.ended))


def rules_in_force(rules: Iterable[Rule], day: str) -> list[Rule]:
    """The rules that apply on a day, in the order given."""
    return [rule for rule in rules if in_force(rule, day)]


def ordered(rules: Iterable[Rule]) -> list[Rule]:
    """Rules in the order they took effect (then by id)."""
    return sorted(rules, key=lambda r: (day_of(r.effective), r.id))


def periods(rules: Iterable[Rule]) -> list[Period]:
    """Every stretch of time with the same rules in force, oldest first, from the first rule's effective date."""
    rules = ordered(rules)
    bounds = sorted({day_of(r.effective) for r in rules} | {day_of(r.ended) for r in rules if r.ended})
    out = []
    for index, start in enumerate(bounds):
        end = bounds[index + 1] if index + 1 < len(bounds) else None
        out.append(Period(start, end, tuple(r.id for r in rules_in_force(rules, start))))
    return out


def period_of(all_periods: list[Period], day: str) -> Period | None:
    """The period a day falls in, or None before the first rule."""
    for period in all_periods:
        if period.start <= day and (period.end is None or day < period.end):
            return period
    return None


def next_day(day: str) -> str:
    """The day after (YYYY-MM-DD)."""
    return (dt.date.fromisoformat(day) + dt.timedelta(days=1)).isoformat()


def clause_words(clause: Clause) -> Message:
    """A clause as readers write it: 'TPP ≥ 4,800'."""
    return Message(
        "%(metric)s %(sign)s %(threshold)s%(unit)s",
        metric=METRIC_NAMES[clause.metric],
        sign=OP_SIGNS[clause.op],
        threshold=number(Decimal(repr(clause.value))),
        unit=METRIC_UNITS[clause.metric],
    )


def test_words(test: RuleTest) -> Message:
    """A test as readers write it: '3A090.a.2: TPP ≥ 1,600 and performance density ≥ 5.92'."""
    return Message(
        "%(label)s: %(clauses)s", label=test.label, clauses=Message.join(" and ", map(clause_words, test.all))
    )


def evaluate_clause(clause: Clause, metrics: Metrics) -> Truth:
    """Whether a chip's figure meets one clause, exactly; None when the figure is not on record."""
    value = metrics.get(clause.metric)
    if value is None:
        return None
    return OPS[clause.op](value, Decimal(repr(clause.value)))


def evaluate_test(test: RuleTest, metrics: Metrics) -> TestResult:
    """One test: met when every clause is, not met when any clause fails, else unknown (missing figures named)."""
    truths = [evaluate_clause(clause, metrics) for clause in test.all]
    parts = []
    for clause, truth in zip(test.all, truths, strict=True):
        value = shown(metrics.get(clause.metric), clause.metric)
        verdict = {True: Message("met"), False: Message("not met"), None: Message("unknown")}[truth]
        parts.append(
            Message("%(clause)s (%(value)s: %(verdict)s)", clause=clause_words(clause), value=value, verdict=verdict)
        )
    words = Message("%(label)s: %(clauses)s", label=test.label, clauses=Message.join("; ", parts))
    if any(t is False for t in truths):
        return TestResult(test.label, False, words)
    missing = [METRIC_NAMES[c.metric] for c, t in zip(test.all, truths, strict=True) if t is None]
    if not missing and not test.seen:
        words = words.then(Message(" (this test's own text was not seen in a source we read, so it is not relied on)"))
        return TestResult(test.label, None, words, [Message("the text of %(label)s (not seen)", label=test.label)])
    return TestResult(test.label, None if missing else True, words, missing)


def evaluate_tests(tests: list[RuleTest], metrics: Metrics) -> tuple[Truth, list[TestResult]]:
    """A rule's tests: met when any test is met, not met when all fail, else unknown."""
    results = [evaluate_test(test, metrics) for test in tests]
    if any(r.truth is True for r in results):
        return True, results
    if all(r.truth is False for r in results):
        return False, results
    return None, results


def missing_of(results: list[TestResult]) -> list[Message]:
    """The figures whose absence leaves tests unknown, once each, in order."""
    out: list[Message] = []
    for result in results:
        if result.truth is None:
            out += [m for m in result.missing if m not in out]
    return out


def shown(value: Decimal | None, metric: str) -> Message:
    """A metric's value for readers with its unit ('2,368', '4,000 GB/s'), or 'not on record'."""
    if value is None:
        return Message("not on record")
    return Message("%(number)s%(unit)s", number=number(value), unit=METRIC_UNITS[metric])


def number(value: Decimal) -> str:
    """A number for readers: thousands separators, exact where it has few decimals, else 'about'.

    A rounded figure always ends in a non-zero digit, so 5.91996 never prints as 'about 5.92'.
    """
    for places in range(0, 9):
        rounded = value.quantize(Decimal(1).scaleb(-places))
        if rounded == value:
            return _group(rounded)
        if places >= 2 and rounded.as_tuple().digits[-1] != 0:
            return Message("about %(number)s", number=_group(rounded))
    return Message("about %(number)s", number=_group(value.quantize(Decimal("1e-8"))))


def _group(value: Decimal) -> str:
    text = f"{value:,f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
