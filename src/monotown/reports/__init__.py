"""Briefing reports: the national briefing and town profiles (HTML and PDF from one set of
templates, rendered offline with WeasyPrint and matplotlib) and the Excel workbook.

Every printed figure cites its source (registry publication, stated fact, import batch or
assessment run) and synthetic demo data is labelled wherever it is printed. The web app offers
downloads through the three `render_*` functions.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from monotown.errors import InputError
from monotown.i18n import SUPPORTED_LANGUAGES
from monotown.reports.briefing import BriefingOptions, gather_briefing
from monotown.reports.model import Report
from monotown.reports.profile import gather_town_profile
from monotown.reports.render import PdfResult, render, render_html, render_pdf_result
from monotown.reports.workbook import build_workbook
from monotown.reports.workbook_data import workbook_sheets

REPORT_FORMATS = ("pdf", "html")
MEDIA_TYPES = {
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _check(lang: str, fmt: str) -> None:
    """Arguments come from users (CLI, query strings): reject unknown ones with a clear message."""
    if lang not in SUPPORTED_LANGUAGES:
        raise InputError(
            f"unknown language; use one of {', '.join(SUPPORTED_LANGUAGES)}",
            field="lang",
            value=lang,
        )
    if fmt not in REPORT_FORMATS:
        raise InputError(
            f"unknown report format; use one of {', '.join(REPORT_FORMATS)}",
            field="format",
            value=fmt,
        )


def render_briefing(
    session: Session,
    *,
    period: int | None = None,
    run_id: int | None = None,
    lang: str = "en",
    fmt: str = "pdf",
) -> bytes:
    """The national briefing as PDF or HTML bytes (latest period and run unless given)."""
    _check(lang, fmt)
    report = gather_briefing(session, lang=lang, options=BriefingOptions(period, run_id))
    return render(report, fmt)


def render_town_profile(
    session: Session, name: str, *, lang: str = "en", fmt: str = "pdf"
) -> bytes:
    """The profile of one town (found by any of its names) as PDF or HTML bytes."""
    _check(lang, fmt)
    return render(gather_town_profile(session, name, lang=lang), fmt)


def render_workbook(session: Session) -> bytes:
    """The Excel workbook (.xlsx bytes) of assessment results, indicator values and the program."""
    return build_workbook(workbook_sheets(session))


__all__ = [
    "MEDIA_TYPES",
    "REPORT_FORMATS",
    "BriefingOptions",
    "PdfResult",
    "Report",
    "gather_briefing",
    "gather_town_profile",
    "render",
    "render_briefing",
    "render_html",
    "render_pdf_result",
    "render_town_profile",
    "render_workbook",
]
