"""Baseline tables of the events: government sessions and the like, their speakers, their
published texts and the sentences records cite."""

from __future__ import annotations

from monotown.migrations import ddl


def tables() -> list[ddl.Table]:
    return [
        ddl.coded(
            "event",
            ddl.string(32, "kind"),
            ddl.date("held_on", null=True),
            ddl.string(8, "date_precision"),
            ddl.localised("title", 400),
            ddl.string(300, "chair", "place", null=True),
            ddl.text("note", null=True),
            checks={
                "kind_known": "kind IN ('government_session', 'cabinet_meeting', 'seminar',"
                " 'interview', 'press_statement', 'conference', 'other')",
                "precision_known": f"date_precision {ddl.DATE_PRECISION}",
            },
        ),
        ddl.table(
            "event_speaker",
            ddl.key("event_id", "event", ondelete="CASCADE", indexed=True),
            ddl.integer("position"),
            ddl.string(200, "name"),
            ddl.string(400, "post", null=True),
            ddl.string(64, "body_code", null=True),
            unique_together=[("event_id", "name")],
        ),
        ddl.table(
            "event_text",
            ddl.string(64, "code"),
            ddl.key("event_id", "event", ondelete="CASCADE", indexed=True),
            ddl.string(300, "publisher"),
            ddl.date("published_on", null=True),
            ddl.string(8, "published_precision", "language"),
            ddl.string(400, "title", null=True),
            ddl.string(500, "url", null=True),
            ddl.string(300, "resource"),
            ddl.string(64, "sha256"),
            ddl.text("content"),
            checks={
                "precision_known": f"published_precision {ddl.DATE_PRECISION}",
                "sha256_length": "length(sha256) = 64",
            },
            unique_together=[("code",)],
        ),
        ddl.table(
            "citation",
            ddl.string(32, "record_kind"),
            ddl.string(400, "record_key"),
            ddl.key("text_id", "event_text", ondelete="CASCADE", indexed=True),
            ddl.integer("sentence_index", "start_char", "end_char"),
            ddl.text("quote"),
            ddl.string(200, "speaker", null=True),
            checks={
                "span_ordered": "end_char > start_char AND start_char >= 0",
                "sentence_index_positive": "sentence_index >= 1",
            },
            unique_together=[("record_kind", "record_key", "text_id", "sentence_index")],
        ),
    ]
