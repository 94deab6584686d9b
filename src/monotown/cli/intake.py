"""`monotown intake TEXT_FILE`: propose the directives, figures and event of a press text.

Without `--accept` nothing is stored: this prints proposals for review. With it the proposals
are stored as they are, as one import batch that `monotown imports undo` takes back.
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from enum import StrEnum
from pathlib import Path

import typer
from rich.table import Table

from monotown.cli.output import console
from monotown.cli.session import open_session
from monotown.errors import InputError, NothingToPropose
from monotown.i18n import Language
from monotown.intake import Proposal, UnsupportedLanguage, detect_language, propose
from monotown.intake import read_text as read_intake_text
from monotown.intake.input import decode_text, parse_event_date
from monotown.intake.model import Language as TextLanguage
from monotown.intake.review import review_of
from monotown.intake.store import AcceptResult, accept_review
from monotown.records.provenance import current_user

NOTHING_STORED = "Proposals only: nothing was stored (--accept stores them as one import batch)."


class IntakeFormat(StrEnum):
    table = "table"
    json = "json"


def intake_command(
    text_file: Path = typer.Argument(
        ..., help="A UTF-8 text file: one press release ('-' reads standard input)."
    ),
    event_date: str | None = typer.Option(
        None,
        "--date",
        help="Date of the event, YYYY-MM-DD (or YYYY-MM / YYYY when the day is unknown); "
        "relative deadlines resolve against it. Default: the first date the text states.",
    ),
    lang: Language | None = typer.Option(
        None, "--lang", help="Language of the text; detected when omitted."
    ),
    fmt: IntakeFormat = typer.Option(IntakeFormat.table, "--format", help="table or json."),
    accept: bool = typer.Option(
        False,
        "--accept",
        help="Store the proposals as they are: the event and its text, the directives and the "
        "figures, each citing its words, as one import batch (undo: monotown imports undo N).",
    ),
    publisher: str | None = typer.Option(
        None, "--publisher", help="Who published the text (stored with it; with --accept)."
    ),
    event_code: str | None = typer.Option(
        None, "--event", help="Code of a stored event the text reports (with --accept)."
    ),
    figures_only: bool = typer.Option(
        False, "--figures-only", help="With --accept: store a text that states no directive."
    ),
) -> None:
    """Propose the directives, figures and event of a press text; --accept stores them."""
    if str(text_file) == "-":
        text = decode_text(sys.stdin.buffer.read(), "<stdin>")
    else:
        text = read_intake_text(text_file)
    event = parse_event_date(event_date) if event_date else None
    name = str(text_file)
    try:
        detected = detect_language(text)
    except UnsupportedLanguage as error:
        raise InputError(f"not a text in English, Russian or Kazakh ({error})", file=name) from None
    language: TextLanguage = lang.value if lang else detected  # type: ignore[assignment]
    proposal = propose(text, event, language)
    notes = list(proposal.notes)
    if lang and lang.value != detected:
        notes.append(f"--lang {lang.value} given, but the text reads as {detected}")
    if not proposal.directives and not proposal.figures:
        raise NothingToPropose(f"{name}: no directives or figures found; nothing to propose")
    stored = None
    if accept:
        stored = _accept(proposal, text, name, publisher, event_code, figures_only)
    if fmt is IntakeFormat.json:
        payload = proposal.to_dict() | {"file": name, "stored": stored is not None}
        if stored is not None:
            payload["accepted"] = stored.to_dict()
        payload["notes"] = notes
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        for note in notes:
            typer.echo(f"note: {name}: {note}", err=True)
    else:
        _print_tables(proposal, text, notes)
        if stored is None:
            console().print(NOTHING_STORED)
        else:
            console().print(accepted_line(stored))
    if not proposal.directives:
        typer.echo(f"note: {name}: no directives found (figures only)", err=True)


def _accept(
    proposal: Proposal,
    text: str,
    name: str,
    publisher: str | None,
    event_code: str | None,
    figures_only: bool,
) -> AcceptResult:
    review = replace(
        review_of(proposal, text),
        publisher=publisher or "",
        event_code=event_code or "",
        figures_only=figures_only,
    )
    with open_session() as session:
        return accept_review(
            session, review, user=current_user(), origin="cli", file_name=Path(name).name
        )


def accepted_line(result: AcceptResult) -> str:
    """One line saying what accepting did and how to take it back."""
    if result.already_stored and result.batch_id is not None:
        return f"already stored (import batch {result.batch_id}): nothing changed"
    if result.already_stored:
        return "already stored (every record is in the database): nothing changed"
    created = ", ".join(f"{count} {kind}" for kind, count in result.created.items()) or "nothing"
    linked = ", ".join(f"{count} {kind}" for kind, count in result.linked.items())
    links = f"; linked to stored {linked}" if linked else ""
    return (
        f"stored as import batch {result.batch_id}: created {created}{links}; "
        f"event {result.event_code}; undo with: monotown imports undo {result.batch_id}"
    )


def _print_tables(proposal: Proposal, text: str, notes: list[str]) -> None:
    out = console()
    event = proposal.event
    chair = f"{event.chair.post} {event.chair.name}" if event.chair else "-"
    speakers = "; ".join(f"{s.name} ({s.post})" for s in event.speakers) or "-"
    when = f"{event.on.isoformat()} ({event.precision}, {event.date_source})" if event.on else "-"
    out.print(f"[bold]Event[/bold]: {event.kind}, {when}; language {proposal.language}")
    out.print(f"  chair: {chair}")
    out.print(f"  speakers: {speakers}")
    directives = Table(title=f"Directives ({len(proposal.directives)})", show_lines=True)
    for column in ("#", "deadline", "bodies", "towns", "span", "action"):
        directives.add_column(column, overflow="fold")
    for number, directive in enumerate(proposal.directives, 1):
        deadline = directive.deadline
        directives.add_row(
            str(number),
            f"{deadline.on.isoformat()}\n({deadline.phrase})" if deadline else "none stated",
            "\n".join(body.code for body in directive.bodies) or "-",
            ", ".join(town.name for town in directive.towns) or "-",
            f"{directive.span.start}-{directive.span.end}",
            directive.action,
        )
    out.print(directives)
    figures = Table(title=f"Figures ({len(proposal.figures)})")
    for column in (
        "#",
        "value",
        "unit",
        "qualifier",
        "period",
        "scope",
        "metric",
        "span",
        "stated",
    ):
        figures.add_column(column, overflow="fold")
    for number, figure in enumerate(proposal.figures, 1):
        figures.add_row(
            str(number),
            _value(figure.value),
            figure.unit or "?",
            figure.qualifier.replace("_", " "),
            figure.period,
            ", ".join(place.name for place in figure.scope),
            figure.metric,
            f"{figure.span.start}-{figure.span.end}",
            figure.stated,
        )
    out.print(figures)
    if proposal.objects:
        objects = Table(title=f"Named objects ({len(proposal.objects)})")
        for column in ("kind", "name", "towns", "existing record", "span"):
            objects.add_column(column, overflow="fold")
        for item in proposal.objects:
            objects.add_row(
                item.kind,
                item.name,
                ", ".join(town.name for town in item.towns),
                item.matched or "-",
                f"{item.span.start}-{item.span.end}",
            )
        out.print(objects)
    for note in notes:
        out.print(f"note: {note}")


def _value(value: float) -> str:
    for threshold, suffix in ((1e12, " trn"), (1e9, " bn"), (1e6, " mn")):
        if abs(value) >= threshold:
            return f"{value / threshold:,.3f}".rstrip("0").rstrip(".") + suffix
    return f"{value:,.2f}".rstrip("0").rstrip(".")
