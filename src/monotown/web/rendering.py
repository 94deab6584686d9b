"""Server-rendered pages: one Jinja2 environment per language, with the Babel catalogue installed
and number, money and date filters bound to that language's conventions.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from monotown.accounts.roles import ANONYMOUS, Permission, Principal
from monotown.i18n import (
    LANGUAGE_NAMES,
    SUPPORTED_LANGUAGES,
    format_date,
    format_number,
    format_percentage,
    format_tenge,
    get_translations,
)

# Pages name records through the one fallback order, imported with the rest of the rendering.
from monotown.models.names import localised as localised
from monotown.web.context import csrf_token, request_language

TEMPLATES_DIR = Path(__file__).parent / "templates"


def N_(message: str) -> str:
    """Marks a phrase for the message catalogue; it is translated where it is shown."""
    return message


# The pillars of the indicator catalog, as shown in tables and charts.
PILLARS = {
    "demography": N_("demography"),
    "labour": N_("labour"),
    "economy": N_("economy"),
    "diversification": N_("diversification"),
    "sme": N_("small and medium business"),
    "investment": N_("investment"),
    "infrastructure": N_("infrastructure"),
    "housing": N_("housing"),
    "social": N_("social sphere"),
    "environment": N_("environment"),
    "budget": N_("local budget"),
}


def _format_datetime(value: dt.datetime | None, lang: str) -> str:
    if value is None:
        return "–"
    return f"{format_date(value.date(), lang)} {value:%H:%M}"


def _environment(lang: str) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    translations = get_translations(lang, "web")
    env.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(
        num=lambda value, digits=0: format_number(value, lang, digits),
        pct=lambda value, digits=1: format_percentage(value, lang, digits),
        tenge=lambda value: format_tenge(value, lang),
        date=lambda value: format_date(value, lang),
        datetime=lambda value: _format_datetime(value, lang),
        loc=lambda record, field="name": localised(record, lang, field),
        # Translate a label held in a variable (marked with N_ where it is defined); unlike _(),
        # no %-formatting is applied, so any text is safe here.
        t=lambda text: translations.gettext(str(text)),
        pillar=lambda code: translations.gettext(PILLARS.get(str(code), str(code))),
    )
    env.globals.update(lang=lang, languages=LANGUAGE_NAMES, Permission=Permission)
    return env


class Pages:
    """Renders templates in the request's language with the shared layout context."""

    def __init__(self) -> None:
        self.environments = {lang: _environment(lang) for lang in SUPPORTED_LANGUAGES}

    def gettext(self, request: Request) -> Any:
        return get_translations(request_language(request), "web").gettext

    def render(
        self,
        request: Request,
        template: str,
        context: dict[str, Any] | None = None,
        *,
        status_code: int = 200,
        headers: dict[str, str] | None = None,
    ) -> HTMLResponse:
        lang = request_language(request)
        principal: Principal = getattr(request.state, "principal", ANONYMOUS)
        page_context = {
            "request": request,
            "principal": principal,
            "csrf_token": csrf_token(request),
            "path": request.url.path,
            "flashes": request.session.pop("flash", []),
            "public_read": request.app.state.settings.public_read,
            "csrf_input": Markup(
                f'<input type="hidden" name="csrf_token" value="{csrf_token(request)}">'
            ),
        }
        page_context.update(context or {})
        html = self.environments[lang].get_template(template).render(page_context)
        return HTMLResponse(html, status_code=status_code, headers=headers)


def flash(request: Request, message: str, kind: str = "ok") -> None:
    """A one-line notice shown on the next page (kept in the signed session cookie)."""
    notices = list(request.session.get("flash", []))
    notices.append([kind, message])
    request.session["flash"] = notices[-5:]
