"""events, their texts and citations; the registry of responsible bodies; agreements,
initiatives and town statements; directives without a deadline and with the stated one

Revision ID: 0008_events_bodies
Revises: 0005_web
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_events_bodies"
down_revision = "0007_no_silent_loss"
branch_labels = None
depends_on = None


def _provenance() -> list[sa.Column[object]]:
    return [
        sa.Column("synthetic", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(length=500), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("batch_id", sa.Integer(), nullable=True),
    ]


def _batch_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["batch_id"],
        ["import_batch.id"],
        name=op.f(f"fk_{table}_batch_id_import_batch"),
        ondelete="SET NULL",
    )


def _index(table: str, column: str) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.create_index(batch_op.f(f"ix_{table}_{column}"), [column], unique=False)


def upgrade() -> None:
    op.create_table(
        "event",
        sa.Column("id", sa.Integer(), nullable=False),
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
        sa.CheckConstraint(
            "kind IN ('government_session', 'cabinet_meeting', 'seminar', 'interview', "
            "'press_statement', 'conference', 'other')",
            name=op.f("ck_event_kind_known"),
        ),
        sa.CheckConstraint(
            "date_precision IN ('day', 'month', 'year')", name=op.f("ck_event_precision_known")
        ),
        sa.CheckConstraint("length(code) > 0", name=op.f("ck_event_code_not_empty")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event")),
        sa.UniqueConstraint("code", name=op.f("uq_event_code")),
    )
    op.create_table(
        "event_speaker",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("post", sa.String(length=400), nullable=True),
        sa.Column("body_code", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_event_speaker_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_speaker")),
        sa.UniqueConstraint("event_id", "name", name=op.f("uq_event_speaker_event_id_name")),
    )
    _index("event_speaker", "event_id")
    op.create_table(
        "event_text",
        sa.Column("id", sa.Integer(), nullable=False),
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
        sa.CheckConstraint(
            "published_precision IN ('day', 'month', 'year')",
            name=op.f("ck_event_text_precision_known"),
        ),
        sa.CheckConstraint("length(sha256) = 64", name=op.f("ck_event_text_sha256_length")),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_event_text_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_text")),
        sa.UniqueConstraint("code", name=op.f("uq_event_text_code")),
    )
    _index("event_text", "event_id")
    op.create_table(
        "citation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_kind", sa.String(length=32), nullable=False),
        sa.Column("record_key", sa.String(length=400), nullable=False),
        sa.Column("text_id", sa.Integer(), nullable=False),
        sa.Column("sentence_index", sa.Integer(), nullable=False),
        sa.Column("start_char", sa.Integer(), nullable=False),
        sa.Column("end_char", sa.Integer(), nullable=False),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column("speaker", sa.String(length=200), nullable=True),
        sa.CheckConstraint(
            "end_char > start_char AND start_char >= 0", name=op.f("ck_citation_span_ordered")
        ),
        sa.CheckConstraint("sentence_index >= 1", name=op.f("ck_citation_sentence_index_positive")),
        sa.ForeignKeyConstraint(
            ["text_id"],
            ["event_text.id"],
            name=op.f("fk_citation_text_id_event_text"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_citation")),
        sa.UniqueConstraint(
            "record_kind",
            "record_key",
            "text_id",
            "sentence_index",
            name=op.f("uq_citation_record_kind_record_key_text_id_sentence_index"),
        ),
    )
    _index("citation", "text_id")
    op.create_table(
        "program_body",
        sa.Column("id", sa.Integer(), nullable=False),
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
        sa.CheckConstraint(
            "kind IN ('ministry', 'regional_akimat', 'town_akimat', 'government', 'holding', "
            "'company', 'agency')",
            name=op.f("ck_program_body_kind_known"),
        ),
        sa.CheckConstraint("length(code) > 0", name=op.f("ck_program_body_code_not_empty")),
        sa.ForeignKeyConstraint(
            ["settlement_id"],
            ["settlement.id"],
            name=op.f("fk_program_body_settlement_id_settlement"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_body")),
        sa.UniqueConstraint("code", name=op.f("uq_program_body_code")),
    )
    _index("program_body", "settlement_id")
    op.create_table(
        "program_record_body",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_kind", sa.String(length=32), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("spelled", sa.String(length=300), nullable=False),
        sa.Column("body_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["body_id"],
            ["program_body.id"],
            name=op.f("fk_program_record_body_body_id_program_body"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_record_body")),
        sa.UniqueConstraint(
            "record_kind",
            "record_id",
            "spelled",
            name=op.f("uq_program_record_body_record_kind_record_id_spelled"),
        ),
    )
    _index("program_record_body", "body_id")
    op.create_table(
        "program_record_town",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_kind", sa.String(length=32), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("settlement_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["settlement_id"],
            ["settlement.id"],
            name=op.f("fk_program_record_town_settlement_id_settlement"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_record_town")),
        sa.UniqueConstraint(
            "record_kind",
            "record_id",
            "settlement_id",
            name=op.f("uq_program_record_town_record_kind_record_id_settlement_id"),
        ),
    )
    _index("program_record_town", "settlement_id")
    op.create_table(
        "program_agreement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("title", sa.String(length=400), nullable=False),
        sa.Column("signed_year", sa.Integer(), nullable=True),
        sa.Column("subject", sa.Text(), nullable=True),
        *_provenance(),
        sa.CheckConstraint(
            "kind IN ('memorandum', 'offtake', 'long_term_contract')",
            name=op.f("ck_program_agreement_kind_known"),
        ),
        sa.CheckConstraint("length(code) > 0", name=op.f("ck_program_agreement_code_not_empty")),
        _batch_fk("program_agreement"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_agreement")),
        sa.UniqueConstraint("code", name=op.f("uq_program_agreement_code")),
    )
    _index("program_agreement", "batch_id")
    op.create_table(
        "program_initiative",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("name", sa.String(length=400), nullable=False),
        sa.Column("parent_code", sa.String(length=64), nullable=True),
        sa.Column("year_from", sa.Integer(), nullable=True),
        sa.Column("year_to", sa.Integer(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        *_provenance(),
        sa.CheckConstraint(
            "kind IN ('direction', 'classification', 'group', 'priority_measure', "
            "'regional_program', 'works_programme', 'exploration', 'support_centres')",
            name=op.f("ck_program_initiative_kind_known"),
        ),
        sa.CheckConstraint("length(code) > 0", name=op.f("ck_program_initiative_code_not_empty")),
        sa.CheckConstraint(
            "year_from IS NULL OR year_to IS NULL OR year_to >= year_from",
            name=op.f("ck_program_initiative_years_ordered"),
        ),
        _batch_fk("program_initiative"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_initiative")),
        sa.UniqueConstraint("code", name=op.f("uq_program_initiative_code")),
    )
    _index("program_initiative", "batch_id")
    op.create_table(
        "program_town_statement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("settlement_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("statement", sa.Text(), nullable=False),
        *_provenance(),
        sa.CheckConstraint(
            "kind IN ('weakest_performance', 'output_decline', 'exited_status', 'growth_example')",
            name=op.f("ck_program_town_statement_kind_known"),
        ),
        sa.CheckConstraint(
            "length(code) > 0", name=op.f("ck_program_town_statement_code_not_empty")
        ),
        sa.ForeignKeyConstraint(
            ["settlement_id"],
            ["settlement.id"],
            name=op.f("fk_program_town_statement_settlement_id_settlement"),
        ),
        _batch_fk("program_town_statement"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_town_statement")),
        sa.UniqueConstraint("code", name=op.f("uq_program_town_statement_code")),
    )
    _index("program_town_statement", "batch_id")
    _index("program_town_statement", "settlement_id")
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
