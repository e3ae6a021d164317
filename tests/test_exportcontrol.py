"""The export-control panel's arithmetic: TPP, performance density and the 3A090 class of a chip."""

from __future__ import annotations

import math
from typing import Any

import pytest

from chipbrief.exportcontrol import DISCLAIMER, RULE_SOURCES, assess, tpp_from_dense
from chipbrief.models import Chip
from chipbrief.validate import check
from conftest import ROOT

CLASSES = {"3A090.a", "3A090.b", "below 3A090 thresholds", "not computable"}


def rate(value: str, sparse: bool | None = False, source: str = "src-a", as_of: str = "2025-01") -> dict[str, Any]:
    return {"value": value, "sparse": sparse, "source": source, "status": "reported", "as_of": as_of}


def area(value: str, source: str = "src-area") -> dict[str, Any]:
    return {"value": value, "source": source, "status": "estimated", "as_of": "2024-06"}


def chip(**specs: list[dict[str, Any]]) -> Chip:
    """A chip built through the real content model, with only the given specs."""
    return Chip.model_validate(
        {
            "id": "test-chip",
            "name": "Test chip",
            "designer": "acme",
            "status": [{"value": "announced", "source": "src-a", "status": "confirmed"}],
            "workload": "unknown",
            "summary": "A chip for tests.",
            "sources": ["src-a"],
            "specs": specs,
        }
    )


# --- tpp_from_dense ---------------------------------------------------------


def test_tpp_is_tera_ops_times_bit_length() -> None:
    assert round(tpp_from_dense(989.4e12, 16)) == 15830
    assert tpp_from_dense(989.4e12, 16) == pytest.approx(15830.4)
    assert tpp_from_dense(148e12, 16) == 2368
    assert tpp_from_dense(600e12, 8) == 4800


@pytest.mark.parametrize(("flops", "bits"), [(-1.0, 16), (math.nan, 16), (math.inf, 16), (1e12, 0), (1e12, True)])
def test_tpp_rejects_what_is_not_a_throughput_or_bit_length(flops: float, bits: int) -> None:
    with pytest.raises(ValueError, match="expected"):
        tpp_from_dense(flops, bits)


# --- reference chips (values built here, not read from content) --------------


def test_h100_like_dense_fp16_is_3a090a_on_tpp_alone() -> None:
    result = assess(chip(fp16=[rate("989.4 TFLOP/s"), rate("1978.9 TFLOP/s", sparse=True)]))
    assert round(result.tpp) == 15830
    assert result.classification == "3A090.a"
    assert result.missing == ["die area"]
    assert result.density is None
    assert "989.4 TFLOP/s (dense) x 16 bits = 15,830.4" in result.explanation
    assert "FP16 1.9789 PFLOP/s, sparse" in result.explanation  # named as not used, in the site's unit style
    assert "whatever the die area" in result.explanation
    assert result.disclaimer == DISCLAIMER
    assert "not a legal determination" in result.disclaimer


def test_h20_like_middle_tpp_without_die_area_is_not_computable() -> None:
    result = assess(chip(fp16=[rate("148 TFLOP/s")]))
    assert result.tpp == 2368
    assert result.classification == "not computable"
    assert result.missing == ["die area"]
    assert "2,368" in result.explanation
    assert "needs a die area" in result.explanation


def test_inputs_record_spec_value_bits_and_provenance() -> None:
    result = assess(chip(fp16=[rate("148 TFLOP/s", source="src-x", as_of="2024-03")]))
    [item] = result.tpp_inputs
    assert (item.spec, item.value, item.bits, item.tpp) == ("fp16", "148 TFLOP/s", 16, 2368)
    assert (item.source, item.status, item.as_of, item.chosen) == ("src-x", "reported", "as of 2024-03", True)
    assert "source src-x, reported, as of 2024-03" in result.explanation


# --- boundaries: >= and < exactly as the rule writes them --------------------


@pytest.mark.parametrize(
    ("fp16", "die", "expected"),
    [
        # TPP 4800 decides 3A090.a alone; just below it, the density decides
        ("300 TFLOP/s", None, "3A090.a"),
        ("299.99 TFLOP/s", None, "not computable"),
        ("300 TFLOP/s", "10000 mm2", "3A090.a"),  # density 0.48
        ("299.99 TFLOP/s", "10000 mm2", "below 3A090 thresholds"),  # TPP 4799.84, density < 1.6
        # TPP 1600: at it the density matters; below it, nothing does
        ("100 TFLOP/s", None, "not computable"),
        ("99.99 TFLOP/s", None, "below 3A090 thresholds"),
        ("99.99 TFLOP/s", "100 mm2", "below 3A090 thresholds"),  # density 15.9984, but TPP < 1600
        # density 5.92 with TPP >= 1600: 3A090.a; just below it: 3A090.b
        ("111 TFLOP/s", "300 mm2", "3A090.a"),  # TPP 1776, density 5.92
        ("111 TFLOP/s", "301 mm2", "3A090.b"),  # density 5.900...
        ("185 TFLOP/s", "500 mm2", "3A090.a"),  # TPP 2960, density 5.92
        # density 3.2 with TPP >= 1600: 3A090.b; just below it and TPP < 2400: below
        ("100 TFLOP/s", "500 mm2", "3A090.b"),  # TPP 1600, density 3.2
        ("100 TFLOP/s", "500.1 mm2", "below 3A090 thresholds"),  # density 3.1994
        # TPP 2400 with density 1.6: 3A090.b; either just below: below
        ("150 TFLOP/s", "1500 mm2", "3A090.b"),  # TPP 2400, density 1.6
        ("150 TFLOP/s", "1500.1 mm2", "below 3A090 thresholds"),  # density 1.59989
        ("150 TFLOP/s", "1000 mm2", "3A090.b"),  # TPP 2400, density 2.4
        ("149.99 TFLOP/s", "1000 mm2", "below 3A090 thresholds"),  # TPP 2399.84, density 2.39984
    ],
)
def test_threshold_boundaries(fp16: str, die: str | None, expected: str) -> None:
    specs: dict[str, Any] = {"fp16": [rate(fp16)]}
    if die:
        specs["die_area"] = [area(die)]
    result = assess(chip(**specs))
    assert result.classification == expected, result.explanation
    assert ("die area" in result.missing) is (die is None)


def test_density_is_tpp_over_die_area_with_the_numbers_filled_in() -> None:
    result = assess(chip(fp16=[rate("100 TFLOP/s")], die_area=[area("500 mm2")]))
    assert result.density == 3.2
    assert result.die_area is not None and result.die_area.value == "500 mm²"
    assert result.missing == []
    assert "TPP / die area = 1,600 / 500 mm² = 3.2" in result.explanation
    assert "at or above 3.2 and below 5.92: 3A090.b" in result.explanation


def test_a_density_near_a_threshold_is_never_printed_as_the_threshold() -> None:
    result = assess(chip(fp16=[rate("185 TFLOP/s")], die_area=[area("500.05 mm2")]))  # density 5.91941
    assert result.classification == "3A090.b"
    assert "about 5.919" in result.explanation
    assert "= 5.92 " not in result.explanation


# --- formats and units -------------------------------------------------------


def test_unit_prefixes_are_converted_exactly() -> None:
    result = assess(chip(bf16=[rate("0.3 PFLOP/s")]))
    assert result.tpp == 4800
    assert result.classification == "3A090.a"
    assert "BF16 300 TFLOP/s (dense) x 16 bits = 4,800" in result.explanation  # 0.3 PFLOP/s, shown as the site shows it


def test_int8_counts_tera_operations_at_8_bits() -> None:
    result = assess(chip(int8=[rate("600 TOP/s")]))
    assert result.tpp == 4800
    assert result.classification == "3A090.a"
    assert "INT8 600 TOP/s (dense) x 8 bits" in result.explanation


def test_tf32_is_counted_at_32_bits_and_says_why() -> None:
    result = assess(chip(tf32=[rate("150 TFLOP/s")]))
    assert result.tpp == 4800
    assert "TF32 is counted at 32 bits, the width its values are stored in" in result.explanation


@pytest.mark.parametrize(
    ("spec", "value", "tpp"),
    [
        ("fp64", "50 TFLOP/s", 3200),
        ("fp32", "50 TFLOP/s", 1600),
        ("fp8", "200 TFLOP/s", 1600),
        ("fp4", "400 TFLOP/s", 1600),
    ],
)
def test_each_format_has_its_bit_length(spec: str, value: str, tpp: float) -> None:
    assert assess(chip(**{spec: [rate(value)]})).tpp == tpp


# --- sparse and missing figures ---------------------------------------------


def test_sparse_only_chip_is_not_computable_and_says_why() -> None:
    result = assess(chip(fp16=[rate("1978.9 TFLOP/s", sparse=True)], bf16=[rate("900 TFLOP/s", sparse=None)]))
    assert result.classification == "not computable"
    assert result.tpp is None and result.tpp_inputs == [] and result.tpp_range is None
    assert result.missing == ["dense throughput or a stated TPP", "die area"]
    assert "no throughput figure on record is stated as dense" in result.explanation
    assert "FP16 1.9789 PFLOP/s, sparse" in result.explanation
    assert "BF16 900 TFLOP/s, sparsity not stated" in result.explanation


def test_sparse_figures_never_raise_the_tpp() -> None:
    result = assess(
        chip(fp16=[rate("100 TFLOP/s"), rate("400 TFLOP/s", sparse=True)], fp8=[rate("800 TFLOP/s", sparse=None)])
    )
    assert result.tpp == 1600
    assert [i.value for i in result.tpp_inputs] == ["100 TFLOP/s"]


def test_chip_with_no_throughput_at_all() -> None:
    result = assess(chip())
    assert result.classification == "not computable"
    assert result.missing == ["dense throughput or a stated TPP", "die area"]
    assert "only figures with sparsity" not in result.explanation.lower()


# --- TPP as a source states it ---------------------------------------------------


def stated(value: float, source: str = "src-t") -> dict[str, Any]:
    return {"value": value, "source": source, "status": "reported", "as_of": "2026-01"}


def test_stated_tpp_stands_in_when_no_dense_figure_is_on_record() -> None:
    result = assess(chip(fp16=[rate("190 TFLOP/s", sparse=None)], tpp=[stated(3040)]))
    assert result.tpp == 3040 and result.tpp_is_stated
    assert result.tpp_inputs == []
    assert [(s.tpp, s.source) for s in result.stated_tpp] == [(3040, "src-t")]
    assert result.missing == ["die area"]
    assert result.classification == "not computable"
    assert "A TPP is stated by a source instead: 3,040 (source src-t, reported, as of 2026-01)" in result.explanation
    assert "between 1,600 and 4,800" in result.explanation


def test_stated_tpp_alone_can_decide_the_class() -> None:
    assert assess(chip(tpp=[stated(5000)])).classification == "3A090.a"
    assert assess(chip(tpp=[stated(1000)])).classification == "below 3A090 thresholds"
    assert assess(chip(tpp=[stated(2000), stated(5000, "src-u")])).tpp == 5000


def test_computed_tpp_wins_over_a_stated_one_and_both_are_shown() -> None:
    result = assess(chip(fp16=[rate("100 TFLOP/s")], tpp=[stated(9000)]))
    assert result.tpp == 1600 and not result.tpp_is_stated
    assert result.classification == "not computable"
    assert "A TPP is also stated by a source: 9,000" in result.explanation
    assert "the computed TPP above is the one used" in result.explanation


# --- disagreement ------------------------------------------------------------


def test_disagreeing_figures_give_a_range_and_the_highest_decides() -> None:
    result = assess(
        chip(
            fp16=[rate("148 TFLOP/s", source="src-a"), rate("160 TFLOP/s", source="src-b")],
            fp8=[rate("296 TFLOP/s", source="src-c")],
        )
    )
    assert result.tpp == 2560
    assert result.tpp_range == (2368, 2560)
    assert [i.tpp for i in result.tpp_inputs] == [2368, 2560, 2368]
    assert [(i.source, i.chosen) for i in result.tpp_inputs] == [("src-a", False), ("src-b", True), ("src-c", False)]
    assert "TPPs from 2,368 to 2,560" in result.explanation
    assert "worked out on the highest" in result.explanation


def test_disagreeing_die_areas_use_the_smallest_and_list_all() -> None:
    result = assess(chip(fp16=[rate("150 TFLOP/s")], die_area=[area("1000 mm2", "src-p"), area("600 mm2", "src-q")]))
    assert result.die_area is not None and result.die_area.source == "src-q"
    assert result.density == 4
    assert [a.value for a in result.die_area_inputs] == ["1000 mm²", "600 mm²"]
    assert "Die areas reported: 1000 mm², 600 mm²" in result.explanation
    assert result.classification == "3A090.b"


# --- real content --------------------------------------------------------------


def test_assess_runs_on_every_real_chip() -> None:
    catalog = check(ROOT)
    assert catalog.chips
    for real in catalog.chips.values():
        result = assess(real)
        assert result.chip == real.id
        assert result.classification in CLASSES
        assert result.explanation
        assert (result.tpp is None) is ("dense throughput or a stated TPP" in result.missing)


def test_rule_sources_exist_in_real_content() -> None:
    catalog = check(ROOT)
    assert set(RULE_SOURCES) <= set(catalog.sources)
