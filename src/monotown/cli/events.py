"""`monotown events` and `monotown bodies`: the events the program's records were taken from (with
their texts and the records citing each sentence), and the registry of responsible bodies."""

from __future__ import annotations

from typing import Any

import typer

from monotown.cli.output import FORMAT_OPTION, OutputFormat, emit_rows
from monotown.cli.session import open_session

events_app = typer.Typer(
    help="Events (sessions, meetings, seminars, interviews) and the records taken from them.",
    no_args_is_help=True,
)
LANG = typer.Option("en", "--lang", help="Language of titles and names: kk, ru, en.")


@events_app.command("list")
def list_events(lang: str = LANG, fmt: OutputFormat = FORMAT_OPTION) -> None:
    """Every event, oldest first: date (as precise as known), kind, title, chair, texts."""
    from monotown.events.views import event_list

    with open_session() as session:
        rows = event_list(session, lang)
    for row in rows:
        row["publishers"] = "; ".join(text["publisher"] for text in row["texts"])
    columns = ["code", "date", "date_precision", "kind", "title", "chair", "publishers", "records"]
    if fmt is not OutputFormat.table:
        columns += ["speakers", "texts", "note"]
    emit_rows(rows, columns, fmt, title=f"Events: {len(rows)}")


@events_app.command("show")
def show_event(
    code: str = typer.Argument(..., help="Code of the event (see `monotown events list`)."),
    lang: str = LANG,
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """One event: its speakers, and each cited sentence of its texts with the records behind it."""
    from monotown.events.views import event_detail

    with open_session() as session:
        detail = event_detail(session, code, lang)
    if fmt is OutputFormat.json:
        import json

        typer.echo(json.dumps(detail, ensure_ascii=False, indent=2, default=str))
        return
    rows: list[dict[str, Any]] = [
        {
            "text": text["code"],
            "sentence": sentence["index"],
            "records": "; ".join(f"{r['kind']}: {r['key']}" for r in sentence["records"]),
            "quote": sentence["text"],
        }
        for text in detail["texts"]
        for sentence in text["sentences"]
        if sentence["records"]
    ]
    speakers = "; ".join(
        f"{s['name']} ({s['post']})" if s["post"] else s["name"] for s in detail["speakers"]
    )
    emit_rows(
        rows,
        ["text", "sentence", "records", "quote"],
        fmt,
        title=f"{detail['title']} ({detail['date']}): {detail['records']} records",
        footnote=f"Speakers: {speakers}. Texts: "
        + "; ".join(f"{t['publisher']} (SHA-256 {t['sha256'][:12]}...)" for t in detail["texts"]),
    )


def list_bodies(
    kind: str | None = typer.Option(None, "--kind", help="ministry, regional_akimat, ..."),
    lang: str = LANG,
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """The registry of responsible bodies, with their names in kk/ru/en, former names and
    aliases: every spelling of a body in a text resolves to one of these."""
    from monotown import program
    from monotown.program.rows import json_rows

    with open_session() as session:
        frame = program.bodies(session, kind=kind, language=lang)
    columns = ["code", "kind", "name", "region_code", "settlement"]
    if fmt is not OutputFormat.table:
        columns += ["name_en", "name_ru", "name_kk", "former_names", "aliases", "source"]
    emit_rows(json_rows(frame), columns, fmt, title=f"Responsible bodies: {len(frame)}")
