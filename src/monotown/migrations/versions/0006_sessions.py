"""sessions: server-side web sessions and sign-in throttle counters (replacing login attempts)

Revision ID: 0006_sessions
Revises: 0005_web
Create Date: 2026-12-01 09:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from monotown.migrations.ddl import (
    Reference,
    create_indexes,
    create_table,
    drop_indexes,
    drop_table,
)

revision = "0006_sessions"
down_revision = "0005_web"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_table(
        "web_session",
        sa.Column("id_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("client", sa.String(length=64), nullable=False),
        sa.Column("user_agent", sa.String(length=300), nullable=False),
        references=[Reference("user_id", "app_user", ondelete="CASCADE")],
        unique_together=[("id_hash",)],
    )
    # Not `indexed=True`: these two indexes were created in this order, not by column name.
    create_indexes("web_session", "user_id", "expires_at")

    create_table(
        "login_throttle",
        sa.Column("key", sa.String(length=220), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure_at", sa.DateTime(), nullable=True),
        sa.Column("blocked_until", sa.DateTime(), nullable=True),
        sa.Column("last_success_at", sa.DateTime(), nullable=True),
        indexes=["last_failure_at"],
        primary_key_columns=("key",),
    )

    # Attempts were only kept to count failures; the throttle counters replace them.
    drop_table("login_attempt", indexes=["at", "client", "username"])


def downgrade() -> None:
    create_table(
        "login_attempt",
        sa.Column("username", sa.String(length=80), nullable=False),
        sa.Column("client", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("success", sa.Boolean(), nullable=False),
        indexes=["at", "client", "username"],
    )

    drop_table("login_throttle", indexes=["last_failure_at"])
    drop_indexes("web_session", "user_id", "expires_at")
    op.drop_table("web_session")
