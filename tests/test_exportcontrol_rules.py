"""Export-control rules as data: each real rule's boundaries, outcomes, readings, periods and the data file."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest

from chipbrief.catalog import Catalog
from chipbrief.datasets import export_control_json
from chipbrief.exportcontrol import OUTCOMES, assess_chip, assess_rule, in_force, readings
from chipbrief.exportcontrol.rules import number, period_of, periods
from chipbrief.models import Chip, Rule
from chipbrief.validate import check
from conftest import ROOT

TODAY = "2026-12-01"


@pytest.fixture(scope="module")
def real() -> Catalog:
    return check(ROOT)


def rate(value: str, sparse: bool | None = False, status: str = "reported") -> dict[str, Any]:
    return {"value": value, "sparse": sparse, "source": "src-a", "status": status, "as_of": "2025-01"}


def fact(value: str, status: str = "reported") -> dict[str, Any]:
    return {"value": value, "source": "src-a", "status": status, "as_of": "2025-01"}


def chip(ident: str = "test-chip", designer: str = "acme", **specs: Any) -> Chip:
    """A chip built through the real content model, with only the given specs."""
    return Chip.model_validate(
        {
            "id": ident,
            "name": "Test chip",
            "designer": designer,
            "status": [{"value": "announced", "source": "src-a", "status": "confirmed"}],
            "workload": "unknown",
            "summary": "A chip for tests.",
            "sources": ["src-a"],
            "specs": specs,
        }
    )


def outcome(real: Catalog, rule: str, built: Chip) -> list[str]:
    catalog = dataclasses.replace(real, chips={**real.chips, built.id: built})
    return [v.outcome for v in assess_rule(real.rules[rule], built, catalog).verdicts]


# --- known arithmetic ---------------------------------------------------------


@pytest.mark.parametrize(
    ("fp16", "tpp"),
    [("989.4 TFLOP/s", "15,830.4"), ("989.5 TFLOP/s", "15,832"), ("148 TFLOP/s", "2,368"), ("1300 TFLOP/s", "20,800")],
    ids=["h100-sxm", "h200", "h20", "mi325x"],
)
def test_known_tpps(real: Catalog, fp16: str, tpp: str) -> None:
    [reading] = readings(chip(fp16=[rate(fp16)]), real)
    assert number(reading.metrics.tpp) == tpp


def test_h200_like_is_case_by_case_since_january_2026_and_controlled_before(real: Catalog) -> None:
    built = chip(fp16=[rate("989.5 TFLOP/s")], memory_bandwidth=[fact("4.8 TB/s")])
    catalog = dataclasses.replace(real, chips={**real.chips, built.id: built})
    result = assess_chip(built, catalog, TODAY)
    assert result.periods[result.current].headline == {"as stated": "case-by-case"}
    before = period_of([p.period for p in result.periods], "2025-12-31")
    span = next(p for p in result.periods if p.period == before)
    assert span.headline == {"as stated": "controlled"}


# --- each rule's boundaries -------------------------------------------------------


@pytest.mark.parametrize(
    ("fp16", "link", "expected"),
    [
        ("300 TFLOP/s", "600 GB/s", "controlled"),  # TPP 4800 and 600 GB/s
        ("300 TFLOP/s", "599.9 GB/s", "not-controlled"),
        ("299.99 TFLOP/s", "900 GB/s", "not-controlled"),
        ("300 TFLOP/s", None, "unknown"),
    ],
)
def test_october_2022_boundaries(real: Catalog, fp16: str, link: str | None, expected: str) -> None:
    specs: dict[str, Any] = {"fp16": [rate(fp16)]}
    if link:
        specs["interconnect_bandwidth"] = [fact(link)]
    assert outcome(real, "2022-10-advanced-computing", chip(**specs)) == [expected]


@pytest.mark.parametrize(
    ("fp16", "die", "expected"),
    [
        ("300 TFLOP/s", None, "controlled"),  # 3A090.a.1: TPP 4800
        ("299.99 TFLOP/s", None, "unknown"),  # needs a density
        ("299.99 TFLOP/s", "10000 mm2", "not-controlled"),
        ("111 TFLOP/s", "300 mm2", "controlled"),  # TPP 1776, density 5.92: 3A090.a.2
        ("111 TFLOP/s", "301 mm2", "unknown"),  # density 5.900: only the unseen 3A090.b.2 would catch it
        ("150 TFLOP/s", "1500 mm2", "controlled"),  # 3A090.b.1: TPP 2400, density 1.6
        ("150 TFLOP/s", "1500.1 mm2", "not-controlled"),
        ("149.99 TFLOP/s", "1000 mm2", "not-controlled"),
        ("99.99 TFLOP/s", "100 mm2", "not-controlled"),  # TPP below 1600
    ],
)
def test_october_2023_boundaries(real: Catalog, fp16: str, die: str | None, expected: str) -> None:
    specs: dict[str, Any] = {"fp16": [rate(fp16)]}
    if die:
        specs["die_area"] = [fact(die)]
    assert outcome(real, "2023-10-advanced-computing", chip(**specs)) == [expected]


def test_a_test_whose_text_was_not_seen_is_not_relied_on(real: Catalog) -> None:
    built = chip(fp16=[rate("111 TFLOP/s")], die_area=[fact("301 mm2")])
    catalog = dataclasses.replace(real, chips={**real.chips, built.id: built})
    [verdict] = assess_rule(real.rules["2023-10-advanced-computing"], built, catalog).verdicts
    assert verdict.missing == ["the text of 3A090.b.2 (not seen)"]


@pytest.mark.parametrize(
    ("fp16", "dram", "expected"),
    [
        ("1300 TFLOP/s", "6.0 TB/s", "case-by-case"),  # TPP 20,800
        ("1312.5 TFLOP/s", "6.0 TB/s", "controlled"),  # TPP 21,000: not below the limit
        ("1300 TFLOP/s", "6.5 TB/s", "controlled"),  # 6,500 GB/s: not below
        ("1300 TFLOP/s", "6.499 TB/s", "case-by-case"),
        ("1300 TFLOP/s", None, "unknown"),
        ("99 TFLOP/s", "6.0 TB/s", "not-controlled"),  # not caught by 3A090 at all
    ],
)
def test_january_2026_boundaries(real: Catalog, fp16: str, dram: str | None, expected: str) -> None:
    specs: dict[str, Any] = {"fp16": [rate(fp16)], "die_area": [fact("10000 mm2")]}
    if dram:
        specs["memory_bandwidth"] = [fact(dram)]
    assert outcome(real, "2026-01-license-review-policy", chip(**specs)) == [expected]


def test_letters_name_the_h20_and_say_unknown_for_the_addressees_other_chips(real: Catalog) -> None:
    rule = "2025-04-h20-mi308-letters"
    assert set(outcome(real, rule, real.chips["nvidia-h20"])) == {"letter-based"}  # each reading, if dense or sparse
    [verdict] = assess_rule(real.rules[rule], real.chips["nvidia-h200"], real).verdicts
    assert verdict.outcome == "unknown" and verdict.missing == ["the letter's terms (not public)"]
    assert outcome(real, rule, chip(designer="cambricon")) == ["not-controlled"]


def test_ascend_guidance_names_chips_and_covers_chinese_3a090_chips(real: Catalog) -> None:
    rule = "2025-05-ascend-gp10-guidance"
    assert outcome(real, rule, real.chips["huawei-ascend-910b"]) == ["controlled", "controlled"]
    assert outcome(real, rule, chip(designer="cambricon", fp16=[rate("300 TFLOP/s")])) == ["controlled"]
    assert outcome(real, rule, chip(designer="nvidia", fp16=[rate("300 TFLOP/s")])) == ["not-controlled"]


def test_hbm_rule_classifies_memory_and_names_what_is_missing(real: Catalog) -> None:
    [verdict] = assess_rule(real.rules["2024-12-hbm"], chip(fp16=[rate("300 TFLOP/s")]), real).verdicts
    assert verdict.outcome == "unknown" and verdict.missing == ["HBM memory bandwidth density"]


# --- readings: dense or sparse not stated, and soft inputs -------------------------


def test_unstated_sparsity_gives_both_bounds_and_an_outcome_for_each(real: Catalog) -> None:
    built = chip(fp16=[rate("300 TFLOP/s", sparse=None)])
    dense, sparse = readings(built, real)
    assert (dense.name, number(dense.metrics.tpp)) == ("if dense", "4,800")
    assert (sparse.name, number(sparse.metrics.tpp)) == ("if sparse", "2,400")
    assert outcome(real, "2023-10-advanced-computing", built) == ["controlled", "unknown"]


def test_an_outcome_resting_on_a_rumored_figure_says_so(real: Catalog) -> None:
    built = chip(fp16=[rate("300 TFLOP/s", status="rumored")])
    [verdict] = assess_rule(real.rules["2023-10-advanced-computing"], built, real).verdicts
    assert verdict.outcome == "controlled" and verdict.soft
    assert "rests on a rumored figure" in verdict.why


# --- dates ----------------------------------------------------------------------


def test_rules_in_force_by_date(real: Catalog) -> None:
    diffusion = real.rules["2025-01-ai-diffusion"]
    assert in_force(diffusion, "2025-05-12") and not in_force(diffusion, "2025-05-13")
    assert not in_force(real.rules["2022-10-advanced-computing"], "2023-11-17")
    assert in_force(real.rules["2025-08-licences-revenue-share"], "2025-08-01")  # a month counts from its first day
    spans = periods(real.rules.values())
    assert spans[0].start == "2022-10-07" and spans[-1].end is None
    assert period_of(spans, "2022-10-06") is None


def test_every_real_chip_is_assessed_against_every_rule(real: Catalog) -> None:
    for real_chip in real.chips.values():
        result = assess_chip(real_chip, real, TODAY)
        assert len(result.rules) == len(real.rules)
        assert result.current is not None
        for assessment in result.rules:
            for verdict in assessment.verdicts:
                assert verdict.outcome in OUTCOMES
                assert (verdict.outcome == "unknown") is bool(verdict.missing)


def test_export_control_json(real: Catalog) -> None:
    data = json.loads(export_control_json(real))
    assert [r["id"] for r in data["rules"]][:2] == ["2022-10-advanced-computing", "2023-10-advanced-computing"]
    assert set(data["rules"][0]) >= {"id", "effective", "ended", "kind", "sources"}
    assert set(data["chips"]) == set(real.chips)
    h20 = data["chips"]["nvidia-h20"]["2025-04-h20-mi308-letters"]  # a reading per dense/sparse assumption
    assert h20 and {reading["outcome"] for reading in h20} == {"letter-based"}
    h100 = data["chips"]["nvidia-h100-sxm"]["2023-10-advanced-computing"]
    assert h100 and all(r["outcome"] == "controlled" and r["inputs"][0]["figure"] == "tpp" for r in h100)


def test_rule_model_refuses_an_end_before_the_start_and_a_threshold_without_a_test() -> None:
    base = {"id": "r", "title": "R", "kind": "policy", "effective": "2025-01-02", "summary": "S.", "sources": ["s"]}
    with pytest.raises(ValueError, match="on or after effective"):
        Rule.model_validate({**base, "ended": "2025-01-01"})
    with pytest.raises(ValueError, match="at least one test"):
        Rule.model_validate({**base, "kind": "threshold"})


# --- pages ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    from chipbrief.pipeline import generate

    return generate(ROOT, today=TODAY).files


def test_chip_panel_shows_the_build_dates_period_and_hides_the_others(pages: dict[str, str]) -> None:
    page = pages["chips/nvidia-h20.md"]
    assert "not a legal determination" in page
    assert f"On {TODAY} (the build's date)" in page
    shown = [
        part for part in page.split('<div class="cb-ec-period"')[1:] if 'hidden="hidden"' not in part.split(">")[0]
    ]
    assert len(shown) == 1
    assert 'data-cb-from="2026-01-15"' in page and "<script" not in page  # the date control is docs/javascripts
    assert "rules/index.md#2025-04-h20-mi308-letters" in page
    assert "3A090.a is the higher tier" in page


def test_the_build_date_is_injectable_and_output_deterministic(pages: dict[str, str]) -> None:
    from chipbrief.pipeline import generate

    earlier = generate(ROOT, today="2024-01-01").files["chips/nvidia-h100-sxm.md"]
    assert "On 2024-01-01 (the build's date)" in earlier
    assert generate(ROOT, today=TODAY).files["chips/nvidia-h100-sxm.md"] == pages["chips/nvidia-h100-sxm.md"]


def test_rules_page_lists_every_rule_its_chips_and_the_lineage(pages: dict[str, str], real: Catalog) -> None:
    page = pages["rules/index.md"]
    for ident in real.rules:
        assert f"{{: #{ident} }}" in page
    assert "not a legal determination" in page
    assert "[H800](../chips/nvidia-h800.md) → [H20](../chips/nvidia-h20.md)" in page
    assert "[A100](../chips/nvidia-a100.md) → [A800](../chips/nvidia-a800.md) → [H100 SXM]" in page
    assert "data/export-control.json" in pages
