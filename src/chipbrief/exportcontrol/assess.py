"""A chip against every export-control rule: its figures read from its claims, each rule's outcome, by period.

Outcomes are `controlled`, `not-controlled`, `case-by-case`, `letter-based` or `unknown` (with the
missing figure named). Inputs come from the chip's own claims, each kept with its status, source
and date. When a throughput figure does not say dense or sparse, the chip is read twice ("if
dense", "if sparse": half the figure), and each rule gives an outcome for each reading. An
outcome that rests on an `estimated` or `rumored` figure says so. Everything is computed here, per
period in which the same rules apply, so the page's date control only switches between results.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from chipbrief.catalog import Catalog
from chipbrief.exportcontrol.arithmetic import BIT_LENGTHS, _exact, _tpp
from chipbrief.exportcontrol.rules import (
    METRIC_NAMES,
    Metrics,
    Period,
    evaluate_tests,
    missing_of,
    number,
    ordered,
    periods,
    shown,
)
from chipbrief.message import Message
from chipbrief.models import Chip, Claim, Rule

Outcome = Literal["controlled", "not-controlled", "case-by-case", "letter-based", "unknown"]
OUTCOMES: tuple[Outcome, ...] = ("controlled", "not-controlled", "case-by-case", "letter-based", "unknown")
#: Which outcome a date's headline shows when rules in force disagree: the strongest catch first.
_PRECEDENCE: tuple[Outcome, ...] = ("controlled", "case-by-case", "letter-based", "unknown", "not-controlled")
_SOFT = ("estimated", "rumored")
_GIGA = Decimal(10) ** 9


@dataclass(frozen=True)
class Input:
    """One figure a reading uses, with where it comes from."""

    metric: str  # tpp, die_area, performance_density, dram_bandwidth, interconnect_bandwidth
    value: str  # as readers see it: '15,830.4', '814 mm²'
    how: Message  # 'FP16 989.4 TFLOP/s dense x 16 bits', 'TPP as stated', 'smallest die area reported'
    source: str
    status: str
    when: str  # 'as of 2025-08', 'undated (read 2026-11-28)'

    @property
    def soft(self) -> bool:
        return self.status in _SOFT


@dataclass(frozen=True)
class Reading:
    """A chip's figures read one way: as stated, or, when sparsity is not stated, 'if dense' or 'if sparse'."""

    name: str  # 'as stated', 'if dense', 'if sparse'
    metrics: Metrics
    inputs: list[Input]

    def input_for(self, metric: str) -> list[Input]:
        if metric == "performance_density":
            return [i for i in self.inputs if i.metric in ("tpp", "die_area")]
        return [i for i in self.inputs if i.metric == metric]


@dataclass(frozen=True)
class Verdict:
    """One rule's outcome for one reading, and why."""

    reading: str
    outcome: Outcome
    why: Message
    missing: list[Message] = field(default_factory=list)
    inputs: list[Input] = field(default_factory=list)  # the figures the outcome rests on
    soft: list[Input] = field(default_factory=list)  # those of them estimated or rumored


@dataclass(frozen=True)
class RuleAssessment:
    """A chip against one rule: a verdict per reading (one, or two when sparsity is not stated)."""

    rule: Rule
    verdicts: list[Verdict]
    assessable: bool  # False when the rule publishes no chip-level test, names no chip and no company

    @property
    def outcome(self) -> Outcome | None:
        """The outcome when every reading agrees, else None (the page shows each)."""
        found = {v.outcome for v in self.verdicts}
        return found.pop() if len(found) == 1 else None


@dataclass(frozen=True)
class PeriodAssessment:
    """A stretch of time with the same rules in force, and the chip's outcome under each."""

    period: Period
    rules: list[RuleAssessment]
    headline: dict[str, Outcome]  # reading name -> the outcome that stands on those dates

    @property
    def last_day(self) -> str | None:
        """The period's last day (the day before the next period starts), or None while open."""
        if self.period.end is None:
            return None
        return (dt.date.fromisoformat(self.period.end) - dt.timedelta(days=1)).isoformat()


@dataclass(frozen=True)
class ChipExport:
    """A chip against every rule: its readings, every rule's outcome in order, and each period's."""

    chip: str
    readings: list[Reading]
    rules: list[RuleAssessment]
    periods: list[PeriodAssessment]
    today: str
    current: int | None  # index in periods of the period containing today, None before the first rule


# ---------------------------------------------------------------------------
# Readings: a chip's figures from its claims
# ---------------------------------------------------------------------------


def readings(chip: Chip, catalog: Catalog) -> list[Reading]:
    """The chip's figures: one reading, or 'if dense' and 'if sparse' when an unstated figure changes the TPP."""
    when = _when(catalog)
    dense: list[tuple[Decimal, Input]] = []
    unstated: list[tuple[Decimal, Decimal, Claim, str, int]] = []
    for spec, bits in BIT_LENGTHS.items():
        for claim in getattr(chip.specs, spec):
            if claim.sparse is True:
                continue  # a figure that counts sparsity is never read as dense
            tpp = _tpp(_exact(claim.value), bits)
            if claim.sparse is False:
                how = Message(
                    "%(format)s %(value)s dense × %(bits)s bits",
                    format=spec.upper(),
                    value=claim.value.human(),
                    bits=bits,
                )
                dense.append((tpp, Input("tpp", number(tpp), how, claim.source, claim.status, when(claim))))
            else:
                unstated.append((tpp, tpp / 2, claim, spec, bits))
    stated = [
        (Decimal(repr(c.value)), Input("tpp", number(Decimal(repr(c.value))), Message("TPP as a source states it"),
                                       c.source, c.status, when(c)))
        for c in chip.specs.tpp
    ]  # fmt: skip
    common = _other_inputs(chip, when)
    if not unstated:
        return [_reading("as stated", dense or stated, common)]
    full = [(t, _unstated_input(t, c, s, b, "if dense", when)) for t, _, c, s, b in unstated]
    half = [(h, _unstated_input(h, c, s, b, "if sparse", when)) for _, h, c, s, b in unstated]
    if_dense, if_sparse = _reading("if dense", dense + full, common), _reading("if sparse", dense + half, common)
    if if_dense.metrics == if_sparse.metrics:
        return [_reading("as stated", dense + full, common)]
    return [if_dense, if_sparse]


def _unstated_input(tpp: Decimal, claim: Claim, spec: str, bits: int, reading: str, when: object) -> Input:
    template = (
        "%(format)s %(value)s, dense or sparse not stated: read as dense, × %(bits)s bits"
        if reading == "if dense"
        else "%(format)s %(value)s, dense or sparse not stated: read as sparse, so half dense, × %(bits)s bits"
    )
    how = Message(template, format=spec.upper(), value=claim.value.human(), bits=bits)
    return Input("tpp", number(tpp), how, claim.source, claim.status, when(claim))  # type: ignore[operator]


def _other_inputs(chip: Chip, when: object) -> dict[str, tuple[Decimal, Input]]:
    """Die area (the smallest), DRAM and interconnect bandwidth (the highest), each with its claim."""
    out: dict[str, tuple[Decimal, Input]] = {}
    areas = [(_exact(c.value), c) for c in chip.specs.die_area if _exact(c.value) > 0]
    if areas:
        mm2, claim = min(areas, key=lambda pair: pair[0])
        how = Message("smallest die area reported" if len(areas) > 1 else "die area")
        out["die_area"] = (mm2, Input("die_area", claim.value.human(), how, claim.source, claim.status, when(claim)))  # type: ignore[operator]
    for metric, claims in (("dram_bandwidth", chip.specs.memory_bandwidth),
                           ("interconnect_bandwidth", chip.specs.interconnect_bandwidth)):  # fmt: skip
        if claims:
            gbs, claim = max(((_exact(c.value) / _GIGA, c) for c in claims), key=lambda pair: pair[0])
            how = (
                Message("highest %(metric)s reported", metric=METRIC_NAMES[metric])
                if len(claims) > 1
                else METRIC_NAMES[metric]
            )
            if claim.note and metric == "interconnect_bandwidth":
                how = Message("%(how)s (%(note)s)", how=how, note=claim.note)
            out[metric] = (
                gbs,
                Input(metric, f"{number(gbs)} GB/s", how, claim.source, claim.status, when(claim)),
            )  # type: ignore[operator]
    return out


def _reading(name: str, tpps: list[tuple[Decimal, Input]], common: dict[str, tuple[Decimal, Input]]) -> Reading:
    inputs: list[Input] = []
    tpp = None
    if tpps:
        tpp, best = max(tpps, key=lambda pair: pair[0])
        inputs.append(best)
    area = common.get("die_area")
    density = tpp / area[0] if tpp is not None and area else None
    inputs += [item for _, item in common.values()]
    metrics = Metrics(
        tpp=tpp,
        performance_density=density,
        dram_bandwidth=common["dram_bandwidth"][0] if "dram_bandwidth" in common else None,
        interconnect_bandwidth=common["interconnect_bandwidth"][0] if "interconnect_bandwidth" in common else None,
    )
    return Reading(name, metrics, inputs)


def _when(catalog: Catalog):  # a small closure over the catalog
    def when(claim: Claim) -> str:
        return catalog.date_of(claim).words() if claim.source in catalog.sources else "dated by its source"

    return when


# ---------------------------------------------------------------------------
# One rule, one reading
# ---------------------------------------------------------------------------


def judge(rule: Rule, reading: Reading, chip: Chip, catalog: Catalog) -> Verdict:
    """One rule's outcome for one reading of a chip (see the module docstring for the outcomes)."""
    name = _short(rule)
    if rule.covers == "memory":
        why = Message(
            "The %(rule)s classifies memory (HBM stacks), not the accelerator: the %(chip)s's own outcome "
            "does not turn on it, and the memory's bandwidth density per mm² is not on record.",
            rule=name,
            chip=chip.name,
        )
        return Verdict(reading.name, "unknown", why, [METRIC_NAMES["hbm_bandwidth_density"]])
    if chip.id in rule.chips:
        return Verdict(
            reading.name, rule.outcome, Message("The %(rule)s names the %(chip)s.", rule=name, chip=chip.name)
        )
    metrics_used: list[str] = []
    if rule.scope:
        scoped = [catalog.rules[r] for r in rule.scope if r in catalog.rules]
        truth, results = None, []
        for base in scoped:
            base_truth, base_results = evaluate_tests(base.tests, reading.metrics)
            results += base_results
            metrics_used += [c.metric for t in base.tests for c in t.all]
            if base_truth is True:
                truth = True
                break
            if base_truth is False and truth is None:
                truth = False
        scope_names = Message.join(" or ", (_short(b) for b in scoped))
        if truth is False:
            return _verdict(
                reading,
                "not-controlled",
                Message(
                    "Outside %(rule)s: the reported figures are not caught by %(scope)s (%(results)s).",
                    rule=name,
                    scope=scope_names,
                    results=_results(results),
                ),
                metrics_used,
            )
        if rule.companies and chip.designer not in rule.companies:
            return _verdict(
                reading,
                "not-controlled",
                Message(
                    "The %(rule)s covers chips it names and chips of the companies it lists; the %(chip)s is neither.",
                    rule=name,
                    chip=chip.name,
                ),
                [],
            )
        if truth is None:
            missing = missing_of(results)
            return _verdict(
                reading,
                "unknown",
                Message(
                    "Whether %(scope)s catches it, which %(rule)s depends on, is unknown: %(results)s.",
                    scope=scope_names,
                    rule=name,
                    results=_results(results),
                ),
                metrics_used,
                missing,
            )
        if not rule.tests:
            return _verdict(
                reading,
                rule.outcome,
                Message(
                    "Caught by %(scope)s (%(results)s), so within %(rule)s.",
                    scope=scope_names,
                    results=_results(results),
                    rule=name,
                ),
                metrics_used,
            )
        own, own_results = evaluate_tests(rule.tests, reading.metrics)
        metrics_used += [c.metric for t in rule.tests for c in t.all]
        if own is True:
            return _verdict(
                reading,
                rule.outcome,
                Message(
                    "Caught by %(scope)s, and within %(rule)s's limits (%(results)s).",
                    scope=scope_names,
                    rule=name,
                    results=_results(own_results),
                ),
                metrics_used,
            )
        if own is False:
            return _verdict(
                reading,
                "controlled",
                Message(
                    "Caught by %(scope)s, and above %(rule)s's limits (%(results)s), so that rule does not apply.",
                    scope=scope_names,
                    rule=name,
                    results=_results(own_results),
                ),
                metrics_used,
            )
        return _verdict(
            reading,
            "unknown",
            Message(
                "Caught by %(scope)s; whether within %(rule)s's limits is unknown (%(results)s).",
                scope=scope_names,
                rule=name,
                results=_results(own_results),
            ),
            metrics_used,
            missing_of(own_results),
        )
    if rule.tests:
        truth, results = evaluate_tests(rule.tests, reading.metrics)
        metrics_used = [c.metric for t in rule.tests for c in t.all]
        if truth is True:
            why = Message("Caught by %(rule)s: %(results)s.", rule=name, results=_results(results))
            return _verdict(reading, rule.outcome, why, metrics_used)
        if truth is False:
            why = Message("Not caught by %(rule)s: %(results)s.", rule=name, results=_results(results))
            return _verdict(reading, "not-controlled", why, metrics_used)
        return _verdict(
            reading,
            "unknown",
            Message("Not computable against %(rule)s: %(results)s.", rule=name, results=_results(results)),
            metrics_used,
            missing_of(results),
        )
    if rule.chips or rule.companies:
        names = [catalog.chips[c].name for c in rule.chips if c in catalog.chips]
        named = Message.join(", ", names) if names else Message("no chip")
        if chip.designer in rule.companies:
            company = catalog.companies[chip.designer].name if chip.designer in catalog.companies else chip.designer
            why = Message(
                "The %(rule)s names %(named)s; it also went to %(company)s, and its terms are not public, "
                "so whether it covers the %(chip)s is not known.",
                rule=name,
                named=named,
                company=company,
                chip=chip.name,
            )
            return Verdict(reading.name, "unknown", why, [Message("the letter's terms (not public)")])
        return Verdict(
            reading.name,
            "not-controlled",
            Message(
                "The %(rule)s names %(named)s only, and none of its addressees designed the %(chip)s.",
                rule=name,
                named=named,
                chip=chip.name,
            ),
        )
    why = Message("The %(rule)s publishes no test over chip figures and names no chip.", rule=name)
    return Verdict(reading.name, "unknown", why, [Message("a chip-level test (the rule publishes none)")])


def _verdict(
    reading: Reading, outcome: Outcome, why: Message, metrics: list[str], missing: list[Message] | None = None
) -> Verdict:
    used: list[Input] = []
    for metric in dict.fromkeys(metrics):
        used += [i for i in reading.input_for(metric) if i not in used]
    soft = [i for i in used if i.soft]
    if soft and outcome != "unknown":
        figures = [
            Message("a %(status)s figure (%(figure)s)", status=Message(i.status), figure=_input_words(i)) for i in soft
        ]
        why = why.then(Message(" This rests on %(figures)s.", figures=Message.join("; ", figures)))
    return Verdict(reading.name, outcome, why, missing or [], used, soft)


def _input_words(item: Input) -> Message:
    return Message("%(how)s: %(value)s, source %(source)s", how=item.how, value=item.value, source=item.source)


def _results(results: Iterable) -> Message:
    return Message.join("; ", (r.words for r in results))


def _short(rule: Rule) -> Message:
    return Message("rule %(id)s", id=rule.id)


# ---------------------------------------------------------------------------
# Every rule, every period
# ---------------------------------------------------------------------------


def assess_rule(rule: Rule, chip: Chip, catalog: Catalog, chip_readings: list[Reading] | None = None) -> RuleAssessment:
    """A chip against one rule, for each of its readings."""
    chip_readings = chip_readings or readings(chip, catalog)
    assessable = rule.covers == "chips" and bool(rule.tests or rule.scope or rule.chips or rule.companies)
    return RuleAssessment(rule, [judge(rule, r, chip, catalog) for r in chip_readings], assessable)


def assess_chip(chip: Chip, catalog: Catalog, today: str) -> ChipExport:
    """A chip against every rule in content, and the outcome in each period, with today's period marked."""
    chip_readings = readings(chip, catalog)
    rules = ordered(catalog.rules.values())
    by_rule = {rule.id: assess_rule(rule, chip, catalog, chip_readings) for rule in rules}
    spans = []
    current = None
    for period in periods(rules):
        in_force = [by_rule[r] for r in period.rules]
        spans.append(PeriodAssessment(period, in_force, _headline(in_force, [r.name for r in chip_readings])))
        if period.start <= today and (period.end is None or today < period.end):
            current = len(spans) - 1
    return ChipExport(chip.id, chip_readings, list(by_rule.values()), spans, today, current)


def _headline(in_force: list[RuleAssessment], names: list[str]) -> dict[str, Outcome]:
    """Per reading, the outcome that stands: a rule that narrows another (scope) replaces its outcome."""
    out: dict[str, Outcome] = {}
    for index, name in enumerate(names):
        verdicts = {a.rule.id: a.verdicts[index] for a in in_force if a.assessable}
        narrowed = {
            base
            for a in in_force
            if a.assessable and a.rule.scope and verdicts[a.rule.id].outcome == a.rule.outcome != "controlled"
            for base in a.rule.scope
        }
        # The narrowed rule, and the rules that only restate its catch, no longer decide; guidance still does.
        dropped = {
            a.rule.id
            for a in in_force
            if a.rule.id in narrowed
            or (a.rule.kind != "guidance" and a.rule.outcome == "controlled" and set(a.rule.scope) & narrowed)
        }
        found = [v.outcome for rid, v in verdicts.items() if rid not in dropped]
        out[name] = next((o for o in _PRECEDENCE if o in found), "not-controlled") if found else "not-controlled"
    return out


def caught_by(rule: Rule, catalog: Catalog) -> tuple[dict[str, list[Outcome]], dict[str, list[str]]]:
    """Chips a rule catches (controlled, case-by-case or letter-based for a reading), and chips left unknown.

    Both map a chip id to, respectively, the outcome of each reading and the missing figures.
    """
    caught: dict[str, list[Outcome]] = {}
    unknown: dict[str, list[str]] = {}
    for chip in catalog.chips.values():
        result = assess_rule(rule, chip, catalog)
        outcomes = [v.outcome for v in result.verdicts]
        if not result.assessable:
            continue
        if any(o in ("controlled", "case-by-case", "letter-based") for o in outcomes):
            caught[chip.id] = outcomes
        elif "unknown" in outcomes:
            unknown[chip.id] = list(dict.fromkeys(m for v in result.verdicts for m in v.missing))
    return caught, unknown


def metric_words(metric: str, value: Decimal | None) -> Message:
    """A metric's value for readers, or 'not on record'."""
    return shown(value, metric)
