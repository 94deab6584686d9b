"""/api/v1/reports: the briefing, town profiles (PDF or HTML) and the Excel workbook as downloads.

The same reports as `monotown report ...`, rendered by `monotown.reports` for whoever may read.
Rendering takes a second or two, so the handlers are plain functions FastAPI runs off the loop.
"""

from __future__ import annotations

from enum import StrEnum

from fastapi import APIRouter, Query, Response

from monotown.accounts.roles import Permission
from monotown.i18n import Language
from monotown.reports import (
    MEDIA_TYPES,
    render_briefing,
    render_town_profile,
    render_workbook,
)
from monotown.web.context import PrincipalDep, SessionDep

router = APIRouter(prefix="/reports", tags=["reports"])


class ReportFormat(StrEnum):
    pdf = "pdf"
    html = "html"


def _download(data: bytes, fmt: str, name: str) -> Response:
    """PDF and Excel as attachments; HTML shown in the browser."""
    disposition = "inline" if fmt == "html" else "attachment"
    return Response(
        content=data,
        media_type=MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f'{disposition}; filename="{name}.{fmt}"'},
    )


@router.get("/briefing", response_class=Response, summary="The national briefing")
def briefing(
    session: SessionDep,
    principal: PrincipalDep,
    lang: Language = Language.en,
    format: ReportFormat = ReportFormat.pdf,
    period: int | None = Query(None, ge=1990, le=2100, description="Year (default: latest)."),
    run: int | None = Query(
        None, ge=1, le=2**31 - 1, description="Assessment run (default: latest)."
    ),
) -> Response:
    """Headline figures, groups and their change, warnings, projects, budget, directives and
    targets, with a map and charts; every figure cites its source."""
    principal.require(Permission.read)
    data = render_briefing(session, period=period, run_id=run, lang=lang.value, fmt=format.value)
    return _download(data, format.value, f"monotown-briefing-{lang.value}")


@router.get("/towns/{name}", response_class=Response, summary="A town profile")
def town_profile(
    name: str,
    session: SessionDep,
    principal: PrincipalDep,
    lang: Language = Language.en,
    format: ReportFormat = ReportFormat.pdf,
) -> Response:
    """A two-to-four-page profile of one town (its code or any of its names)."""
    principal.require(Permission.read)
    data = render_town_profile(session, name, lang=lang.value, fmt=format.value)
    safe = "".join(ch for ch in name if ch.isascii() and (ch.isalnum() or ch in "-_")) or "town"
    return _download(data, format.value, f"monotown-{safe}-{lang.value}")


@router.get("/workbook", response_class=Response, summary="The Excel workbook")
def workbook(session: SessionDep, principal: PrincipalDep) -> Response:
    """Assessment results, early warnings, indicator values, program summaries, towns and facts."""
    principal.require(Permission.read)
    return _download(render_workbook(session), "xlsx", "monotown-workbook")
