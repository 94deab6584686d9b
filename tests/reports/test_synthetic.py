"""Synthetic demo data is labelled: marked in place, in the sources, and in each page's footer."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from monotown.reports import gather_briefing, render_html, render_pdf_result
from monotown.reports.render import css_string
from tests.reports.pdf_tools import page_texts

FOOTER = "Synthetic demo data is used on this page"


@pytest.mark.parametrize("single_layout", [True, False])
def test_pages_with_synthetic_data_say_so_in_the_footer(
    synthetic_session: Session, tmp_path: Path, single_layout: bool
) -> None:
    report = gather_briefing(synthetic_session, lang="en")
    assert report.synthetic
    towns = report.section("towns")
    assert towns.synthetic
    assert not report.section("program_facts").synthetic
    result = render_pdf_result(report, single_layout=single_layout)
    path = tmp_path / "briefing.pdf"
    path.write_bytes(result.data)
    texts = page_texts(path)
    assert result.synthetic_pages
    for number, text in enumerate(texts, start=1):
        body = text.replace(FOOTER, "")
        assert (FOOTER in text) == (number in result.synthetic_pages), number
        if number in result.synthetic_pages:
            assert "‡" in body
        else:
            assert "Demotown" not in body
    demotown_pages = [n for n, text in enumerate(texts, start=1) if "Demotown" in text]
    assert set(demotown_pages) <= set(result.synthetic_pages)
    assert "Program financing as stated" not in "".join(
        texts[n - 1] for n in result.synthetic_pages if n > 1
    )


def test_reference_data_alone_has_no_synthetic_label(session: Session) -> None:
    report = gather_briefing(session, lang="en")
    assert not report.synthetic
    assert render_pdf_result(report).synthetic_pages == ()
    assert 'class="synthetic-banner"' not in render_html(report)


def test_html_marks_synthetic_rows_and_sources(synthetic_session: Session) -> None:
    html = render_html(gather_briefing(synthetic_session, lang="ru"))
    assert 'class="synthetic-banner"' in html
    assert '<tr class="synthetic">' in html
    assert "синтетические" in html


def test_footer_text_cannot_break_out_of_css() -> None:
    assert css_string('a"b\\c</style>') == 'a\\"b\\\\c\\3c /style\\3e '
