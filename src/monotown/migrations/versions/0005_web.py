"""web: users, regions, tokens, login attempts, secrets, uploads

Revision ID: 0005_web
Revises: 0004_assess
Create Date: 2026-11-21 23:03:23.081932
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from monotown.migrations.ddl import Reference, create_table, drop_table

revision = "0005_web"
down_revision = "0004_assess"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_table(
        "app_user",
        sa.Column("username", sa.String(length=80), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=True),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("password_hash", sa.String(length=300), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("password_changed_at", sa.DateTime(), nullable=True),
        sa.Column("last_login_at", sa.DateTime(), nullable=True),
        checks={
            "role_known": "role IN ('admin', 'analyst', 'regional_editor', 'viewer')",
            "username_not_empty": "length(username) > 0",
        },
        unique_together=[("username",)],
    )
    create_table(
        "login_attempt",
        sa.Column("username", sa.String(length=80), nullable=False),
        sa.Column("client", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("success", sa.Boolean(), nullable=False),
        indexes=["at", "client", "username"],
    )

    create_table(
        "web_secret",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        primary_key_columns=("name",),
    )
    create_table(
        "web_upload",
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("username", sa.String(length=80), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("layout", sa.String(length=16), nullable=False),
        sa.Column("replace_values", sa.Boolean(), nullable=False),
        sa.Column("format", sa.String(length=16), nullable=False),
        sa.Column("file_name", sa.String(length=300), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        unique_together=[("token",)],
        indexes=["created_at"],
    )

    create_table(
        "api_token",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("prefix", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=True),
        sa.Column("last_used_at", sa.DateTime(), nullable=True),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        references=[Reference("user_id", "app_user", ondelete="CASCADE", indexed=True)],
        unique_together=[("token_hash",)],
    )

    create_table(
        "user_region",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        references=[
            Reference("region_id", "region", ondelete="CASCADE"),
            Reference("user_id", "app_user", ondelete="CASCADE"),
        ],
        primary_key_columns=("user_id", "region_id"),
    )


def downgrade() -> None:
    op.drop_table("user_region")
    drop_table("api_token", indexes=["user_id"])
    drop_table("web_upload", indexes=["created_at"])
    op.drop_table("web_secret")
    drop_table("login_attempt", indexes=["at", "client", "username"])
    op.drop_table("app_user")
