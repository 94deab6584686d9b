"""The HTML pages: server-rendered Jinja2 with htmx for partial updates."""

from __future__ import annotations

from fastapi import APIRouter

from monotown.web.pages import (
    account,
    admin,
    assessment,
    auth,
    data,
    enterprises,
    events,
    home,
    import_progress,
    indicators,
    intake,
    program,
    regions,
    standards,
    town_forms,
    towns,
)

page_router = APIRouter(include_in_schema=False)
# town_forms before towns: '/towns/new' must not be read as a town code.
for module in (
    auth,
    home,
    town_forms,
    towns,
    enterprises,
    regions,
    indicators,
    data,
    import_progress,
    intake,
    program,
    events,
    assessment,
    standards,
    admin,
    account,
):
    page_router.include_router(module.router)

__all__ = ["page_router"]
