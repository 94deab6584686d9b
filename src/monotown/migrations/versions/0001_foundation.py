"""foundation: registry, import batches, audit log

Revision ID: 0001_foundation
Revises:
Create Date: 2026-11-21 22:18:07.340557
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from monotown.migrations.ddl import REGISTRY_FACT, Reference, create_table, drop_table

revision = "0001_foundation"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_table(
        "data_source",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("publisher", sa.String(length=200), nullable=True),
        sa.Column("url", sa.String(length=500), nullable=True),
        sa.Column("retrieved", sa.Date(), nullable=True),
        sa.Column("licence", sa.String(length=200), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        checks={"key_not_empty": "length(key) > 0"},
        unique_together=[("key",)],
    )
    create_table(
        "import_batch",
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
        checks={
            "status_known": "status IN ('committed', 'undone')",
            "counts_not_negative": "rows_total >= 0 AND n_new >= 0 AND n_changed >= 0 AND n_unchanged >= 0 AND n_invalid >= 0",
        },
        indexes=["sha256"],
    )

    create_table(
        "audit_log",
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
        checks={
            "action": "action IN ('create', 'update', 'delete', 'import', 'undo', 'login', 'run')",
            "origin": "origin IN ('cli', 'web', 'api', 'import', 'system')",
        },
        references=[Reference("batch_id", "import_batch", ondelete="SET NULL", indexed=True)],
        indexes=["at", "entity"],
    )

    create_table(
        "enterprise",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("sector_code", sa.String(length=16), nullable=True),
        sa.Column("sector_label", sa.String(length=200), nullable=True),
        sa.Column("owner_group", sa.String(length=200), nullable=True),
        checks={"name_not_empty": "length(name) > 0"},
        unique_together=[("key",), ("name",)],
        provenance=REGISTRY_FACT,
    )
    create_table(
        "region",
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("name_en", sa.String(length=120), nullable=False),
        sa.Column("name_ru", sa.String(length=120), nullable=False),
        sa.Column("name_kk", sa.String(length=120), nullable=True),
        sa.Column("source_id", sa.Integer(), nullable=True),
        checks={"code_not_empty": "length(code) > 0", "name_en_not_empty": "length(name_en) > 0"},
        references=[Reference("source_id", "data_source")],
        unique_together=[("code",), ("name_en",), ("name_kk",), ("name_ru",)],
    )
    create_table(
        "settlement",
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
        checks={
            "kind_known": "kind IN ('city', 'town', 'village', 'support_village', 'agglomeration', 'district')",
            "coords_paired": "(latitude IS NULL) = (longitude IS NULL)",
            "lat": "latitude IS NULL OR (latitude >= -90 AND latitude <= 90)",
            "names_not_empty": "length(name_en) > 0 AND length(name_ru) > 0",
            "lon": "longitude IS NULL OR (longitude >= -180 AND longitude <= 180)",
            "not_own_parent": "parent_id IS NULL OR parent_id <> id",
        },
        references=[
            Reference("parent_id", "settlement"),
            Reference("region_id", "region", indexed=True),
        ],
        unique_together=[
            ("code",),
            ("region_id", "name_en"),
            ("region_id", "name_kk"),
            ("region_id", "name_ru"),
        ],
        provenance=REGISTRY_FACT,
    )

    create_table(
        "monotown_status",
        sa.Column("settlement_id", sa.Integer(), nullable=False),
        sa.Column("list_code", sa.String(length=32), nullable=False),
        sa.Column("date_from", sa.Date(), nullable=True),
        sa.Column("from_precision", sa.String(length=8), nullable=False),
        sa.Column("date_to", sa.Date(), nullable=True),
        sa.Column("to_precision", sa.String(length=8), nullable=False),
        sa.Column("reason", sa.String(length=300), nullable=True),
        sa.Column("potential", sa.String(length=20), nullable=True),
        checks={
            "from_precision": "from_precision IN ('day', 'month', 'year')",
            "potential": "potential IS NULL OR potential IN ('high', 'average', 'low')",
            "to_precision": "to_precision IN ('day', 'month', 'year')",
            "dates_ordered": "date_to IS NULL OR date_from IS NULL OR date_to >= date_from",
            "list_code_not_empty": "length(list_code) > 0",
        },
        references=[Reference("settlement_id", "settlement", ondelete="CASCADE", indexed=True)],
        unique_together=[("settlement_id", "list_code", "date_from")],
        provenance=REGISTRY_FACT,
    )

    create_table(
        "population_record",
        sa.Column("settlement_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("population", sa.Integer(), nullable=False),
        sa.Column("approximate", sa.Boolean(), nullable=False),
        checks={
            "population_not_negative": "population >= 0",
            "year_plausible": "year IS NULL OR (year >= 1800 AND year <= 2200)",
        },
        references=[Reference("settlement_id", "settlement", ondelete="CASCADE", indexed=True)],
        unique_together=[("settlement_id", "year", "source_id")],
        provenance=REGISTRY_FACT,
    )

    create_table(
        "town_forming_link",
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("settlement_id", sa.Integer(), nullable=False),
        references=[
            Reference("enterprise_id", "enterprise", ondelete="CASCADE", indexed=True),
            Reference("settlement_id", "settlement", ondelete="CASCADE", indexed=True),
        ],
        unique_together=[("enterprise_id", "settlement_id")],
        provenance=REGISTRY_FACT,
    )

    create_table(
        "town_forming_share",
        sa.Column("link_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("employment_share_pct", sa.Float(), nullable=True),
        sa.Column("output_share_pct", sa.Float(), nullable=True),
        sa.Column("approximate", sa.Boolean(), nullable=False),
        checks={
            "employment_share_pct": "employment_share_pct IS NULL OR (employment_share_pct >= 0 AND employment_share_pct <= 100)",
            "output_share_pct": "output_share_pct IS NULL OR (output_share_pct >= 0 AND output_share_pct <= 100)",
            "year_plausible": "year >= 1900 AND year <= 2200",
        },
        references=[Reference("link_id", "town_forming_link", ondelete="CASCADE", indexed=True)],
        unique_together=[("link_id", "year")],
        provenance=REGISTRY_FACT,
    )


def downgrade() -> None:
    drop_table("town_forming_share", indexes=["link_id"])
    drop_table("town_forming_link", indexes=["enterprise_id", "settlement_id"])
    drop_table("population_record", indexes=["settlement_id"])
    drop_table("monotown_status", indexes=["settlement_id"])
    drop_table("settlement", indexes=["region_id"])
    op.drop_table("region")
    op.drop_table("enterprise")
    drop_table("audit_log", indexes=["at", "batch_id", "entity"])
    drop_table("import_batch", indexes=["sha256"])
    op.drop_table("data_source")
