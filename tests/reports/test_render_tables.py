"""Column widths estimated for a fixed table layout: they fill the page as the automatic layout
would share it out, never narrower than a column's content, and the PDF keeps every figure."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from monotown.reports.model import Cell, Note, Table
from monotown.reports.render_tables import (
    CELL_PT,
    cell_widths,
    column_widths,
    share_out,
    text_width_mm,
)

widths = st.lists(st.floats(min_value=1, max_value=80), min_size=1, max_size=9)


@given(widths, st.lists(st.floats(min_value=0, max_value=80), min_size=9, max_size=9))
def test_shared_widths_fill_the_page_and_hold_each_column(
    narrowest: list[float], extra: list[float]
) -> None:
    widest = [n + e for n, e in zip(narrowest, extra, strict=False)]
    shared = share_out(narrowest, widest, 182.0)
    if sum(narrowest) > 182.0:
        assert shared is None
        return
    assert shared is not None
    assert math.isclose(sum(shared), 182.0, rel_tol=1e-9)
    for low, high, width in zip(narrowest, widest, shared, strict=True):
        assert width >= low - 1e-9
        if sum(widest) > 182.0:
            assert width <= high + 1e-9


def test_widths_follow_the_font() -> None:
    assert text_width_mm("", CELL_PT) == 0
    assert text_width_mm("WWW", CELL_PT) > text_width_mm("iii", CELL_PT)
    assert text_width_mm("abc", CELL_PT, bold=True) > text_width_mm("abc", CELL_PT)
    assert text_width_mm("Қазақстан", CELL_PT) > 0  # Kazakh letters are in the font


def test_a_number_does_not_wrap_and_a_text_wraps_at_spaces() -> None:
    number = Cell("1,234,567", 1234567, Note(3, synthetic=True), numeric=True)
    low, high = cell_widths(number)
    assert low == high > text_width_mm("1,234,567", CELL_PT)
    text = Cell("Industrial output up on the previous year", None, Note(4))
    low, high = cell_widths(text)
    assert text_width_mm("previous", CELL_PT) < low < high


def test_column_widths_sum_to_the_table_and_a_crowded_table_keeps_the_automatic_layout() -> None:
    table = Table(
        "t",
        ["Town", "Population"],
        [[Cell("Temirtau"), Cell("180,500", 180500, Note(1), numeric=True)]],
    )
    percents = column_widths(table)
    assert percents is not None
    assert math.isclose(sum(percents), 100, abs_tol=0.05)
    crowded = Table("t", [f"Column{i}" for i in range(12)], [[Cell("8" * 30)] * 12])
    assert column_widths(crowded) is None
    ragged = Table("t", ["A", "B"], [[Cell("x")]])
    assert column_widths(ragged) is None
