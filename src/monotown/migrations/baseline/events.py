"""Baseline tables of the events: government sessions and the like, their speakers, their
published texts and the sentences records cite."""

from __future__ import annotations

from monotown.migrations.ddl import (
    DATE_PRECISION,
    Table,
    coded,
    date,
    integer,
    key,
    localised,
    string,
    table,
    text,
)


def tables() -> list[Table]:
    return [
        coded(
            "event",
            string(32, "kind"),
            date("held_on", null=True),
            string(8, "date_precision"),
            localised("title", 400),
            string(300, "chair", "place", null=True),
            text("note", null=True),
            checks={
                "kind_known": "kind IN ('government_session', 'cabinet_meeting', 'seminar',"
                " 'interview', 'press_statement', 'conference', 'other')",
                "precision_known": f"date_precision {DATE_PRECISION}",
            },
        ),
        table(
            "event_speaker",
            key("event_id", "event", ondelete="CASCADE", indexed=True),
            integer("position"),
            string(200, "name"),
            string(400, "post", null=True),
            string(64, "body_code", null=True),
            unique_together=[("event_id", "name")],
        ),
        table(
            "event_text",
            string(64, "code"),
            key("event_id", "event", ondelete="CASCADE", indexed=True),
            string(300, "publisher"),
            date("published_on", null=True),
            string(8, "published_precision", "language"),
            string(400, "title", null=True),
            string(500, "url", null=True),
            string(300, "resource"),
            string(64, "sha256"),
            text("content"),
            checks={
                "precision_known": f"published_precision {DATE_PRECISION}",
                "sha256_length": "length(sha256) = 64",
            },
            unique_together=[("code",)],
        ),
        table(
            "citation",
            string(32, "record_kind"),
            string(400, "record_key"),
            key("text_id", "event_text", ondelete="CASCADE", indexed=True),
            integer("sentence_index", "start_char", "end_char"),
            text("quote"),
            string(200, "speaker", null=True),
            checks={
                "span_ordered": "end_char > start_char AND start_char >= 0",
                "sentence_index_positive": "sentence_index >= 1",
            },
            unique_together=[("record_kind", "record_key", "text_id", "sentence_index")],
        ),
    ]
