"""The review page's text segments: they rebuild the text and each knows the proposals over it."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from monotown.web.intake_views import form_rows, segments


@st.composite
def text_and_spans(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]]]:
    text = draw(st.text(min_size=1, max_size=120))
    spans = draw(
        st.lists(
            st.tuples(st.integers(0, len(text)), st.integers(0, len(text))).map(sorted),
            max_size=6,
        )
    )
    return text, [(start, end) for start, end in spans]


@given(text_and_spans())
def test_segments_rebuild_the_text_and_name_every_span_over_them(
    case: tuple[str, list[tuple[int, int]]],
) -> None:
    text, spans = case
    rows = {"directives": [{"span": {"start": s, "end": e}} for s, e in spans]}
    cut = segments(text, rows)
    assert "".join(segment.text for segment in cut) == text
    position = 0
    for segment in cut:
        for index, (start, end) in enumerate(spans):
            inside = start <= position and position + len(segment.text) <= end and start < end
            assert (f"d{index}" in segment.rows) == inside
        position += len(segment.text)


def test_a_new_row_finds_its_quoted_words_across_line_breaks() -> None:
    text = "First line.\nThe akimats must\n  report by May 1."
    form = {
        "text": text,
        "d-ab12-keep": "on",
        "d-ab12-action": "Report",
        "d-ab12-quote": "akimats must report",
        "d-cd34-action": "dropped",
    }
    rows = form_rows(form)["directives"]
    span = rows[0]["span"]
    assert text[span["start"] : span["end"]] == "akimats must\n  report"
    assert rows[1]["keep"] is False and "span" not in rows[1]
