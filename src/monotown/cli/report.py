"""`monotown report briefing|town|workbook`: write reports to files."""

from __future__ import annotations

from pathlib import Path

import typer

from monotown.cli.session import open_session
from monotown.errors import InputError
from monotown.i18n import SUPPORTED_LANGUAGES
from monotown.reports import (
    BriefingOptions,
    gather_briefing,
    gather_town_profile,
    render_html,
    render_pdf_result,
    render_workbook,
)
from monotown.reports.model import Report

report_app = typer.Typer(
    help="Write the national briefing, a town profile (PDF or HTML) or the Excel workbook.",
    no_args_is_help=True,
)

LANG_HELP = f"Language: {', '.join(SUPPORTED_LANGUAGES)}."
OUTPUT_HELP = "Output file; its extension (.pdf or .html) chooses the format."


def _language(lang: str) -> str:
    if lang not in SUPPORTED_LANGUAGES:
        raise InputError(
            f"unknown language; use one of {', '.join(SUPPORTED_LANGUAGES)}",
            field="--lang",
            value=lang,
        )
    return lang


def _format_of(output: Path, allowed: tuple[str, ...]) -> str:
    suffix = output.suffix.lower().lstrip(".")
    if suffix not in allowed:
        raise InputError(
            f"the output file must end in {' or '.join('.' + a for a in allowed)}",
            file=str(output),
        )
    if not output.parent.exists():
        raise InputError("the folder does not exist", file=str(output))
    return suffix


def _write(report: Report, output: Path, fmt: str) -> None:
    if fmt == "html":
        output.write_text(render_html(report), encoding="utf-8")
        typer.echo(f"wrote {output} (HTML, {len(report.sources)} sources cited)")
        return
    result = render_pdf_result(report)
    output.write_bytes(result.data)
    synthetic = (
        f"; synthetic data on pages {', '.join(map(str, result.synthetic_pages))}"
        if result.synthetic_pages
        else ""
    )
    typer.echo(f"wrote {output} ({result.pages} pages, {len(report.sources)} sources{synthetic})")


@report_app.command("briefing")
def briefing(
    output: Path = typer.Option(..., "-o", "--output", help=OUTPUT_HELP),
    period: int | None = typer.Option(None, "--period", help="Year reported on (default latest)."),
    run: int | None = typer.Option(None, "--run", help="Assessment run id (default latest)."),
    lang: str = typer.Option("en", "--lang", help=LANG_HELP),
) -> None:
    """The national briefing for a government session."""
    fmt = _format_of(output, ("pdf", "html"))
    lang = _language(lang)
    with open_session() as session:
        report = gather_briefing(session, lang=lang, options=BriefingOptions(period, run))
    _write(report, output, fmt)


@report_app.command("town")
def town(
    name: str = typer.Argument(..., help="Town name in any language, or its code."),
    output: Path = typer.Option(..., "-o", "--output", help=OUTPUT_HELP),
    lang: str = typer.Option("en", "--lang", help=LANG_HELP),
) -> None:
    """A two-to-four-page profile of one town."""
    fmt = _format_of(output, ("pdf", "html"))
    lang = _language(lang)
    with open_session() as session:
        report = gather_town_profile(session, name, lang=lang)
    _write(report, output, fmt)


@report_app.command("workbook")
def workbook(
    output: Path = typer.Option(..., "-o", "--output", help="Output .xlsx file."),
) -> None:
    """An Excel workbook: assessment results, indicator values and program summaries."""
    _format_of(output, ("xlsx",))
    with open_session() as session:
        data = render_workbook(session)
    output.write_bytes(data)
    typer.echo(f"wrote {output}")
