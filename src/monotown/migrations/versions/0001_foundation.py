"""foundation: registry, import batches, audit log

Revision ID: 0001_foundation
Revises:
Create Date: 2026-11-21 22:18:07.340557
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_foundation"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "data_source",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("publisher", sa.String(length=200), nullable=True),
        sa.Column("url", sa.String(length=500), nullable=True),
        sa.Column("retrieved", sa.Date(), nullable=True),
        sa.Column("licence", sa.String(length=200), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint("length(key) > 0", name=op.f("ck_data_source_key_not_empty")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_source")),
        sa.UniqueConstraint("key", name=op.f("uq_data_source_key")),
    )
    op.create_table(
        "import_batch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("file_name", sa.String(length=500), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("format", sa.String(length=32), nullable=True),
        sa.Column("source", sa.String(length=500), nullable=True),
        sa.Column("user", sa.String(length=120), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("rows_total", sa.Integer(), nullable=False),
        sa.Column("n_new", sa.Integer(), nullable=False),
        sa.Column("n_changed", sa.Integer(), nullable=False),
        sa.Column("n_unchanged", sa.Integer(), nullable=False),
        sa.Column("n_invalid", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("undone_at", sa.DateTime(), nullable=True),
        sa.Column("undone_by", sa.String(length=120), nullable=True),
        sa.CheckConstraint(
            "status IN ('committed', 'undone')", name=op.f("ck_import_batch_status_known")
        ),
        sa.CheckConstraint(
            "rows_total >= 0 AND n_new >= 0 AND n_changed >= 0 AND n_unchanged >= 0 AND n_invalid >= 0",
            name=op.f("ck_import_batch_counts_not_negative"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_batch")),
    )
    with op.batch_alter_table("import_batch", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_import_batch_sha256"), ["sha256"], unique=False)

    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user", sa.String(length=120), nullable=False),
        sa.Column("origin", sa.String(length=16), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("entity", sa.String(length=64), nullable=False),
        sa.Column("entity_key", sa.String(length=300), nullable=False),
        sa.Column("old", sa.JSON(), nullable=True),
        sa.Column("new", sa.JSON(), nullable=True),
        sa.Column("batch_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "action IN ('create', 'update', 'delete', 'import', 'undo', 'login', 'run')",
            name=op.f("ck_audit_log_action"),
        ),
        sa.CheckConstraint(
            "origin IN ('cli', 'web', 'api', 'import', 'system')", name=op.f("ck_audit_log_origin")
        ),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["import_batch.id"],
            name=op.f("fk_audit_log_batch_id_import_batch"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_log_batch_id"), ["batch_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_log_entity"), ["entity"], unique=False)

    op.create_table(
        "enterprise",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("sector_code", sa.String(length=16), nullable=True),
        sa.Column("sector_label", sa.String(length=200), nullable=True),
        sa.Column("owner_group", sa.String(length=200), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("source_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("length(name) > 0", name=op.f("ck_enterprise_name_not_empty")),
        sa.ForeignKeyConstraint(
            ["source_id"], ["data_source.id"], name=op.f("fk_enterprise_source_id_data_source")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enterprise")),
        sa.UniqueConstraint("key", name=op.f("uq_enterprise_key")),
        sa.UniqueConstraint("name", name=op.f("uq_enterprise_name")),
    )
    op.create_table(
        "region",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("name_en", sa.String(length=120), nullable=False),
        sa.Column("name_ru", sa.String(length=120), nullable=False),
        sa.Column("name_kk", sa.String(length=120), nullable=True),
        sa.Column("source_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("length(code) > 0", name=op.f("ck_region_code_not_empty")),
        sa.CheckConstraint("length(name_en) > 0", name=op.f("ck_region_name_en_not_empty")),
        sa.ForeignKeyConstraint(
            ["source_id"], ["data_source.id"], name=op.f("fk_region_source_id_data_source")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_region")),
        sa.UniqueConstraint("code", name=op.f("uq_region_code")),
        sa.UniqueConstraint("name_en", name=op.f("uq_region_name_en")),
        sa.UniqueConstraint("name_kk", name=op.f("uq_region_name_kk")),
        sa.UniqueConstraint("name_ru", name=op.f("uq_region_name_ru")),
    )
    op.create_table(
        "settlement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("name_en", sa.String(length=120), nullable=False),
        sa.Column("name_ru", sa.String(length=120), nullable=False),
        sa.Column("name_kk", sa.String(length=120), nullable=True),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("synthetic", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("source_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('city', 'town', 'village', 'support_village', 'agglomeration', 'district')",
            name=op.f("ck_settlement_kind_known"),
        ),
        sa.CheckConstraint(
            "(latitude IS NULL) = (longitude IS NULL)", name=op.f("ck_settlement_coords_paired")
        ),
        sa.CheckConstraint(
            "latitude IS NULL OR (latitude >= -90 AND latitude <= 90)",
            name=op.f("ck_settlement_lat"),
        ),
        sa.CheckConstraint(
            "length(name_en) > 0 AND length(name_ru) > 0",
            name=op.f("ck_settlement_names_not_empty"),
        ),
        sa.CheckConstraint(
            "longitude IS NULL OR (longitude >= -180 AND longitude <= 180)",
            name=op.f("ck_settlement_lon"),
        ),
        sa.CheckConstraint(
            "parent_id IS NULL OR parent_id <> id", name=op.f("ck_settlement_not_own_parent")
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["settlement.id"], name=op.f("fk_settlement_parent_id_settlement")
        ),
        sa.ForeignKeyConstraint(
            ["region_id"], ["region.id"], name=op.f("fk_settlement_region_id_region")
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["data_source.id"], name=op.f("fk_settlement_source_id_data_source")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_settlement")),
        sa.UniqueConstraint("code", name=op.f("uq_settlement_code")),
        sa.UniqueConstraint("region_id", "name_en", name=op.f("uq_settlement_region_id_name_en")),
        sa.UniqueConstraint("region_id", "name_kk", name=op.f("uq_settlement_region_id_name_kk")),
        sa.UniqueConstraint("region_id", "name_ru", name=op.f("uq_settlement_region_id_name_ru")),
    )
    with op.batch_alter_table("settlement", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_settlement_region_id"), ["region_id"], unique=False)

    op.create_table(
        "monotown_status",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("settlement_id", sa.Integer(), nullable=False),
        sa.Column("list_code", sa.String(length=32), nullable=False),
        sa.Column("date_from", sa.Date(), nullable=True),
        sa.Column("from_precision", sa.String(length=8), nullable=False),
        sa.Column("date_to", sa.Date(), nullable=True),
        sa.Column("to_precision", sa.String(length=8), nullable=False),
        sa.Column("reason", sa.String(length=300), nullable=True),
        sa.Column("potential", sa.String(length=20), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("source_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "from_precision IN ('day', 'month', 'year')",
            name=op.f("ck_monotown_status_from_precision"),
        ),
        sa.CheckConstraint(
            "potential IS NULL OR potential IN ('high', 'average', 'low')",
            name=op.f("ck_monotown_status_potential"),
        ),
        sa.CheckConstraint(
            "to_precision IN ('day', 'month', 'year')", name=op.f("ck_monotown_status_to_precision")
        ),
        sa.CheckConstraint(
            "date_to IS NULL OR date_from IS NULL OR date_to >= date_from",
            name=op.f("ck_monotown_status_dates_ordered"),
        ),
        sa.CheckConstraint(
            "length(list_code) > 0", name=op.f("ck_monotown_status_list_code_not_empty")
        ),
        sa.ForeignKeyConstraint(
            ["settlement_id"],
            ["settlement.id"],
            name=op.f("fk_monotown_status_settlement_id_settlement"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["data_source.id"], name=op.f("fk_monotown_status_source_id_data_source")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_monotown_status")),
        sa.UniqueConstraint(
            "settlement_id",
            "list_code",
            "date_from",
            name=op.f("uq_monotown_status_settlement_id_list_code_date_from"),
        ),
    )
    with op.batch_alter_table("monotown_status", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_monotown_status_settlement_id"), ["settlement_id"], unique=False
        )

    op.create_table(
        "population_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("settlement_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("population", sa.Integer(), nullable=False),
        sa.Column("approximate", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("source_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "population >= 0", name=op.f("ck_population_record_population_not_negative")
        ),
        sa.CheckConstraint(
            "year IS NULL OR (year >= 1800 AND year <= 2200)",
            name=op.f("ck_population_record_year_plausible"),
        ),
        sa.ForeignKeyConstraint(
            ["settlement_id"],
            ["settlement.id"],
            name=op.f("fk_population_record_settlement_id_settlement"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["data_source.id"],
            name=op.f("fk_population_record_source_id_data_source"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_population_record")),
        sa.UniqueConstraint(
            "settlement_id",
            "year",
            "source_id",
            name=op.f("uq_population_record_settlement_id_year_source_id"),
        ),
    )
    with op.batch_alter_table("population_record", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_population_record_settlement_id"), ["settlement_id"], unique=False
        )

    op.create_table(
        "town_forming_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("settlement_id", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("source_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprise.id"],
            name=op.f("fk_town_forming_link_enterprise_id_enterprise"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["settlement_id"],
            ["settlement.id"],
            name=op.f("fk_town_forming_link_settlement_id_settlement"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["data_source.id"],
            name=op.f("fk_town_forming_link_source_id_data_source"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_town_forming_link")),
        sa.UniqueConstraint(
            "enterprise_id",
            "settlement_id",
            name=op.f("uq_town_forming_link_enterprise_id_settlement_id"),
        ),
    )
    with op.batch_alter_table("town_forming_link", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_town_forming_link_enterprise_id"), ["enterprise_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_town_forming_link_settlement_id"), ["settlement_id"], unique=False
        )

    op.create_table(
        "town_forming_share",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("link_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("employment_share_pct", sa.Float(), nullable=True),
        sa.Column("output_share_pct", sa.Float(), nullable=True),
        sa.Column("approximate", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("source_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "employment_share_pct IS NULL OR (employment_share_pct >= 0 AND employment_share_pct <= 100)",
            name=op.f("ck_town_forming_share_employment_share_pct"),
        ),
        sa.CheckConstraint(
            "output_share_pct IS NULL OR (output_share_pct >= 0 AND output_share_pct <= 100)",
            name=op.f("ck_town_forming_share_output_share_pct"),
        ),
        sa.CheckConstraint(
            "year >= 1900 AND year <= 2200", name=op.f("ck_town_forming_share_year_plausible")
        ),
        sa.ForeignKeyConstraint(
            ["link_id"],
            ["town_forming_link.id"],
            name=op.f("fk_town_forming_share_link_id_town_forming_link"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["data_source.id"],
            name=op.f("fk_town_forming_share_source_id_data_source"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_town_forming_share")),
        sa.UniqueConstraint("link_id", "year", name=op.f("uq_town_forming_share_link_id_year")),
    )
    with op.batch_alter_table("town_forming_share", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_town_forming_share_link_id"), ["link_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("town_forming_share", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_town_forming_share_link_id"))

    op.drop_table("town_forming_share")
    with op.batch_alter_table("town_forming_link", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_town_forming_link_settlement_id"))
        batch_op.drop_index(batch_op.f("ix_town_forming_link_enterprise_id"))

    op.drop_table("town_forming_link")
    with op.batch_alter_table("population_record", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_population_record_settlement_id"))

    op.drop_table("population_record")
    with op.batch_alter_table("monotown_status", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_monotown_status_settlement_id"))

    op.drop_table("monotown_status")
    with op.batch_alter_table("settlement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_settlement_region_id"))

    op.drop_table("settlement")
    op.drop_table("region")
    op.drop_table("enterprise")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_entity"))
        batch_op.drop_index(batch_op.f("ix_audit_log_batch_id"))
        batch_op.drop_index(batch_op.f("ix_audit_log_at"))

    op.drop_table("audit_log")
    with op.batch_alter_table("import_batch", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_import_batch_sha256"))

    op.drop_table("import_batch")
    op.drop_table("data_source")
