"""events, their texts and citations; the registry of responsible bodies; agreements,
initiatives and town statements; directives without a deadline and with the stated one

Revision ID: 0008_events_bodies
Revises: 0005_web
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from monotown.migrations.ddl import (
    PROGRAM_RECORD,
    Reference,
    check,
    create_indexes,
    create_table,
    foreign_key,
    primary_key,
    unique,
)

revision = "0008_events_bodies"
down_revision = "0007_no_silent_loss"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_table(
        "event",
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=True),
        sa.Column("date_precision", sa.String(length=8), nullable=False),
        sa.Column("title_en", sa.String(length=400), nullable=False),
        sa.Column("title_ru", sa.String(length=400), nullable=True),
        sa.Column("title_kk", sa.String(length=400), nullable=True),
        sa.Column("chair", sa.String(length=300), nullable=True),
        sa.Column("place", sa.String(length=300), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        checks={
            "kind_known": "kind IN ('government_session', 'cabinet_meeting', 'seminar', 'interview', 'press_statement', 'conference', 'other')",
            "precision_known": "date_precision IN ('day', 'month', 'year')",
            "code_not_empty": "length(code) > 0",
        },
        unique_together=[("code",)],
    )
    create_table(
        "event_speaker",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("post", sa.String(length=400), nullable=True),
        sa.Column("body_code", sa.String(length=64), nullable=True),
        references=[Reference("event_id", "event", ondelete="CASCADE", indexed=True)],
        unique_together=[("event_id", "name")],
    )
    create_table(
        "event_text",
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("publisher", sa.String(length=300), nullable=False),
        sa.Column("published_on", sa.Date(), nullable=True),
        sa.Column("published_precision", sa.String(length=8), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("title", sa.String(length=400), nullable=True),
        sa.Column("url", sa.String(length=500), nullable=True),
        sa.Column("resource", sa.String(length=300), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        checks={
            "precision_known": "published_precision IN ('day', 'month', 'year')",
            "sha256_length": "length(sha256) = 64",
        },
        references=[Reference("event_id", "event", ondelete="CASCADE", indexed=True)],
        unique_together=[("code",)],
    )
    create_table(
        "citation",
        sa.Column("record_kind", sa.String(length=32), nullable=False),
        sa.Column("record_key", sa.String(length=400), nullable=False),
        sa.Column("text_id", sa.Integer(), nullable=False),
        sa.Column("sentence_index", sa.Integer(), nullable=False),
        sa.Column("start_char", sa.Integer(), nullable=False),
        sa.Column("end_char", sa.Integer(), nullable=False),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column("speaker", sa.String(length=200), nullable=True),
        checks={
            "span_ordered": "end_char > start_char AND start_char >= 0",
            "sentence_index_positive": "sentence_index >= 1",
        },
        references=[Reference("text_id", "event_text", ondelete="CASCADE", indexed=True)],
        unique_together=[("record_kind", "record_key", "text_id", "sentence_index")],
    )
    create_table(
        "program_body",
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("name_en", sa.String(length=300), nullable=False),
        sa.Column("name_ru", sa.String(length=300), nullable=True),
        sa.Column("name_kk", sa.String(length=300), nullable=True),
        sa.Column("former_names", sa.Text(), nullable=True),
        sa.Column("aliases", sa.Text(), nullable=True),
        sa.Column("region_code", sa.String(length=16), nullable=True),
        sa.Column("settlement_id", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=500), nullable=True),
        checks={
            "kind_known": "kind IN ('ministry', 'regional_akimat', 'town_akimat', 'government', 'holding', 'company', 'agency')",
            "code_not_empty": "length(code) > 0",
        },
        references=[Reference("settlement_id", "settlement", indexed=True)],
        unique_together=[("code",)],
    )
    create_table(
        "program_record_body",
        sa.Column("record_kind", sa.String(length=32), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("spelled", sa.String(length=300), nullable=False),
        sa.Column("body_id", sa.Integer(), nullable=True),
        references=[Reference("body_id", "program_body", ondelete="SET NULL", indexed=True)],
        unique_together=[("record_kind", "record_id", "spelled")],
    )
    create_table(
        "program_record_town",
        sa.Column("record_kind", sa.String(length=32), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("settlement_id", sa.Integer(), nullable=False),
        references=[Reference("settlement_id", "settlement", indexed=True)],
        unique_together=[("record_kind", "record_id", "settlement_id")],
    )
    create_table(
        "program_agreement",
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("title", sa.String(length=400), nullable=False),
        sa.Column("signed_year", sa.Integer(), nullable=True),
        sa.Column("subject", sa.Text(), nullable=True),
        checks={
            "kind_known": "kind IN ('memorandum', 'offtake', 'long_term_contract')",
            "code_not_empty": "length(code) > 0",
        },
        unique_together=[("code",)],
        provenance=PROGRAM_RECORD,
    )
    create_table(
        "program_initiative",
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("name", sa.String(length=400), nullable=False),
        sa.Column("parent_code", sa.String(length=64), nullable=True),
        sa.Column("year_from", sa.Integer(), nullable=True),
        sa.Column("year_to", sa.Integer(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        checks={
            "kind_known": "kind IN ('direction', 'classification', 'group', 'priority_measure', 'regional_program', 'works_programme', 'exploration', 'support_centres')",
            "code_not_empty": "length(code) > 0",
            "years_ordered": "year_from IS NULL OR year_to IS NULL OR year_to >= year_from",
        },
        unique_together=[("code",)],
        provenance=PROGRAM_RECORD,
    )
    op.create_table(
        "program_town_statement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("settlement_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("statement", sa.Text(), nullable=False),
        *PROGRAM_RECORD.columns(),
        check(
            "program_town_statement",
            "kind_known",
            "kind IN ('weakest_performance', 'output_decline', 'exited_status', 'growth_example')",
        ),
        check("program_town_statement", "code_not_empty", "length(code) > 0"),
        foreign_key("program_town_statement", "settlement_id", "settlement"),
        foreign_key("program_town_statement", "batch_id", "import_batch", ondelete="SET NULL"),
        primary_key("program_town_statement"),
        unique("program_town_statement", "code"),
    )
    create_indexes("program_town_statement", "batch_id", "settlement_id")
    with op.batch_alter_table("program_directive", schema=None) as batch_op:
        batch_op.alter_column("deadline", existing_type=sa.Date(), nullable=True)
        batch_op.add_column(sa.Column("deadline_stated", sa.String(length=200), nullable=True))
    with op.batch_alter_table("program_directive_body", schema=None) as batch_op:
        batch_op.add_column(sa.Column("body_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_program_directive_body_body_id"), ["body_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_program_directive_body_body_id_program_body"),
            "program_body",
            ["body_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("program_directive_body", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_program_directive_body_body_id_program_body"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_program_directive_body_body_id"))
        batch_op.drop_column("body_id")
    with op.batch_alter_table("program_directive", schema=None) as batch_op:
        batch_op.drop_column("deadline_stated")
        batch_op.alter_column("deadline", existing_type=sa.Date(), nullable=False)
    for table in (
        "program_town_statement",
        "program_initiative",
        "program_agreement",
        "program_record_town",
        "program_record_body",
        "program_body",
        "citation",
        "event_text",
        "event_speaker",
        "event",
    ):
        op.drop_table(table)
