"""Report charts and number formats, on small hand-checked cases."""

from __future__ import annotations

import pytest

from reports.charts import MAX_BARS, bar_chart
from reports.labels import money, percent


def test_a_long_chart_sums_its_smallest_bars_into_one_so_it_fits_a_page() -> None:
    items = [(f"S{k:02}", float(k)) for k in range(1, 31)]
    chart = bar_chart(items, str, "others")
    assert len(chart.bars) == MAX_BARS
    assert chart.bars[-1].label == "others (11)"
    assert chart.bars[-1].text == str(float(sum(range(1, 12))))
    assert [bar.label for bar in chart.bars[:2]] == ["S12", "S13"]


def test_negative_values_grow_left_of_the_zero_axis() -> None:
    chart = bar_chart([("A", 100.0), ("B", -50.0)], str, "others", width=410)
    plot = 410 - 150 - 110
    assert chart.zero_x == pytest.approx(150 + plot / 3)
    assert chart.bars[1].x + chart.bars[1].width == pytest.approx(chart.zero_x)
    assert chart.bars[0].width == pytest.approx(2 * chart.bars[1].width)
    assert chart.bars[1].negative


@pytest.mark.parametrize(
    ("value", "currency", "text"),
    [(1234567.891, "MXN", "$1,234,567.89"), (-19835527.68, "MXN", "-$19,835,527.68"), (5.0, "GTQ", "5.00 GTQ")],
)
def test_money_is_formatted_for_its_currency(value: float, currency: str, text: str) -> None:
    assert money(value, currency) == text


def test_a_missing_percent_is_a_dash() -> None:
    assert (percent(None), percent(1.0749)) == ("—", "1.07 %")
