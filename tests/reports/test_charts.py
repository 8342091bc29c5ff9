"""The one chart helper: deterministic SVG and PNG, a text alternative and the data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from cirkular.reports import charts
from cirkular.reports.charts import Series
from cirkular.reports.render import png_size


def impact_bars(language: str = "sv") -> charts.Chart:
    return charts.bar_chart(
        ["Kontorsstolar", "Arbetskläder", "Bärbara datorer"],
        [Decimal("1.68"), Decimal("3.15"), Decimal("2.16")],
        ranges=[(Decimal("1.344"), Decimal("2.016")), (Decimal("1.12"), Decimal("8.75")), (1.728, 2.592)],
        title="Undviken CO2e",
        language=language,
        unit="t CO2e",
    )


def test_same_data_same_svg_and_png() -> None:
    first, second = impact_bars(), impact_bars()
    assert first.svg == second.svg
    assert first.png == second.png
    assert first.alt == second.alt


def test_svg_is_a_bare_element_without_dates_and_png_is_16_by_9() -> None:
    chart = impact_bars()
    assert chart.svg.startswith("<svg")
    assert "<dc:date>" not in chart.svg
    assert png_size(chart.png) == (1200, 675)


def test_text_alternative_and_data_carry_the_values_and_ranges() -> None:
    chart = impact_bars()
    assert chart.alt.startswith("Stapeldiagram: Undviken CO2e.")
    assert "Arbetskläder: 3,2\u00a0t CO2e (1,1–8,8)" in chart.alt
    assert chart.data.columns == ("Kategori", "Undviken CO2e (t CO2e)", "Lågt", "Högt")
    assert chart.data.rows[1] == ("Arbetskläder", "3,2", "1,1", "8,8")
    figure = chart.figure("Figur 1")
    assert (figure.caption, figure.data, figure.alt) == ("Figur 1", chart.data, chart.alt)
    assert chart.figure(with_data=False).data is None


def test_english_chart_uses_english_words_and_numbers() -> None:
    chart = charts.bar_chart(["Chairs"], [Decimal("1234.5")], title="Items", language="en", digits=1)
    assert chart.alt == "Bar chart: Items. Chairs: 1,234.5."
    assert chart.data.rows == (("Chairs", "1,234.5"),)


def test_stacked_bars_list_each_part_and_the_total() -> None:
    chart = charts.stacked_bar_chart(
        ["2021", "2022"],
        [Series("Reused", (9, 12)), Series("New", (91, 88))],
        title="Furniture bought",
        language="en",
        unit="%",
    )
    assert "2021: Reused 9, New 91 (total 100\u00a0%)" in chart.alt
    assert chart.data.columns == ("Category", "Reused", "New")
    assert chart.svg.startswith("<svg")


def test_line_over_time_lists_points_or_summarises_long_series() -> None:
    dates = [dt.date(2021, 10, 31), dt.date(2022, 10, 31), dt.date(2023, 10, 31)]
    chart = charts.line_chart(dates, [Series("Share reused", (9, 12, 14))], title="Reuse", language="en", unit="%")
    assert chart.alt == "Line chart: Reuse (%). Share reused: 9 (31 Oct 2021), 12 (31 Oct 2022), 14 (31 Oct 2023)."
    assert chart.data.rows[0] == ("31 Oct 2021", "9")
    months = [dt.date(2020 + m // 12, m % 12 + 1, 1) for m in range(30)]
    long = charts.line_chart(months, [Series("KPI", tuple(range(30)))], title="KPI", language="en")
    assert "from 0 (1 Jan 2020) to 29 (1 Jun 2022), highest 29 (1 Jun 2022)" in long.alt


def test_dates_can_be_named_as_months() -> None:
    months = [dt.date(2024, 3, 1), dt.date(2024, 5, 1)]
    chart = charts.line_chart(months, [Series("Share", (1, 2))], title="T", language="en", date_format="MMMM y")
    assert "1 (March 2024), 2 (May 2024)" in chart.alt
    assert chart.data.rows[0][0] == "March 2024"


def test_points_far_apart_are_not_joined() -> None:
    xs, ys = charts._broken([1.0, 2.0, 10.0, 11.0], [5.0, 6.0, 7.0, 8.0], gap=3)
    assert xs == [1.0, 2.0, 6.0, 10.0, 11.0]
    assert ys[:2] == [5.0, 6.0] and ys[3:] == [7.0, 8.0] and ys[2] != ys[2]  # NaN: the line breaks
    assert charts._broken([1.0, 2.0], [5.0, 6.0], gap=None) == ([1.0, 2.0], [5.0, 6.0])
    months = [dt.date(2024, 1, 1), dt.date(2024, 2, 1), dt.date(2024, 6, 1)]
    chart = charts.line_chart(months, [Series("S", (1, 2, 3))], title="T", language="en", gap_days=31)
    assert "1 (1 Jan 2024), 2 (1 Feb 2024), 3 (1 Jun 2024)" in chart.alt  # the text lists the real points


def test_month_ticks_are_few_and_on_month_starts() -> None:
    ticks = charts._month_ticks(dt.date(2021, 10, 31).toordinal(), dt.date(2024, 3, 31).toordinal())
    assert 2 <= len(ticks) <= 8
    assert all(t.day == 1 for t in ticks)
    assert ticks[0] >= dt.date(2021, 10, 31)


def test_mismatched_lengths_are_refused() -> None:
    with pytest.raises(ValueError, match="same length"):
        charts.bar_chart(["a", "b"], [1], title="x", language="en")
    with pytest.raises(ValueError, match="one value per category"):
        charts.stacked_bar_chart(["a", "b"], [Series("s", (1,))], title="x", language="en")


def test_inline_svg_for_web_pages_has_role_and_title() -> None:
    chart = impact_bars()
    svg = chart.inline_svg("c1")
    assert svg.startswith("<svg ") and 'role="img" aria-labelledby="c1"><title id="c1">Stapeldiagram' in svg
