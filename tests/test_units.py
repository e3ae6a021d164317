"""Quantities with stated units."""

from __future__ import annotations

import pytest

from chipbrief.units import format_quantity, parse_quantity


@pytest.mark.parametrize(
    ("text", "unit", "value", "human"),
    [
        ("4.0 TB/s", "byte/s", 4.0e12, "4 TB/s"),
        ("148 TFLOP/s", "FLOP/s", 148e12, "148 TFLOP/s"),
        ("989.4 TFLOP/s", "FLOP/s", 989.4e12, "989.4 TFLOP/s"),
        ("1.6 PFLOP/s", "FLOP/s", 1.6e15, "1.6 PFLOP/s"),
        ("96 GB", "byte", 96e9, "96 GB"),
        ("64 GiB", "byte", 64 * 2**30, "68.72 GB"),
        ("296 TOP/s", "OP/s", 296e12, "296 TOP/s"),
        ("400 W", "W", 400, "400 W"),
        ("7 nm", "nm", 7, "7 nm"),
        ("814 mm2", "mm2", 814, "814 mm²"),
        ("1e3 W", "W", 1000, "1 kW"),
    ],
)
def test_parse_and_print(text: str, unit: str, value: float, human: str) -> None:
    quantity = parse_quantity(text, unit)
    assert quantity.value == pytest.approx(value)
    assert quantity.human() == human
    assert quantity.text == text


@pytest.mark.parametrize(
    ("raw", "unit", "message"),
    [
        ("148 TFLOPS", "FLOP/s", "expected a unit of FLOP/s (FLOP/s, GFLOP/s, TFLOP/s, PFLOP/s), found 'TFLOPS'"),
        ("148", "FLOP/s", "expected a number and a unit, e.g. '148 TFLOP/s', found '148'"),
        (148, "FLOP/s", "expected a number and a unit, e.g. '148 TFLOP/s', found 148"),
        ("4 TB", "byte/s", "expected a unit of byte/s (B/s, kB/s, MB/s, GB/s, TB/s), found 'TB'"),
        ("-3 W", "W", "expected a number and a unit, e.g. '400 W', found '-3 W'"),
    ],
)
def test_bad_quantities_say_what_was_expected(raw: object, unit: str, message: str) -> None:
    with pytest.raises(ValueError) as error:
        parse_quantity(raw, unit)
    assert str(error.value) == message


def test_zero_is_printed_without_a_prefix() -> None:
    assert format_quantity(0, "W") == "0 W"
