"""Baseline tables of the accounts and the web app: users and their regions, API tokens,
sessions, sign-in throttle counters, the app's secrets, uploads and import jobs."""

from __future__ import annotations

from monotown.migrations import ddl


def tables() -> list[ddl.Table]:
    return [
        ddl.table(
            "app_user",
            ddl.string(80, "username"),
            ddl.string(200, "display_name", null=True),
            ddl.string(20, "role"),
            ddl.string(300, "password_hash", null=True),
            ddl.boolean("active"),
            ddl.timestamp("created_at"),
            ddl.timestamp("password_changed_at", "last_login_at", null=True),
            checks={
                "role_known": "role IN ('admin', 'analyst', 'regional_editor', 'viewer')",
                "username_not_empty": "length(username) > 0",
            },
            unique_together=[("username",)],
        ),
        ddl.table(
            "user_region",
            ddl.key("user_id", "app_user", ondelete="CASCADE"),
            ddl.key("region_id", "region", ondelete="CASCADE"),
            primary_key=("user_id", "region_id"),
        ),
        ddl.table(
            "api_token",
            ddl.key("user_id", "app_user", ondelete="CASCADE", indexed=True),
            ddl.string(120, "name"),
            ddl.string(64, "token_hash"),
            ddl.string(16, "prefix"),
            ddl.timestamp("created_at"),
            ddl.timestamp("expires_at", "last_used_at", "revoked_at", null=True),
            unique_together=[("token_hash",)],
        ),
        ddl.table(
            "web_session",
            ddl.string(64, "id_hash"),
            ddl.key("user_id", "app_user", ondelete="CASCADE", indexed=True),
            ddl.timestamp("created_at", "last_seen_at", "expires_at"),
            ddl.string(64, "client"),
            ddl.string(300, "user_agent"),
            unique_together=[("id_hash",)],
            indexes=["expires_at"],
        ),
        ddl.table(
            "login_throttle",
            ddl.string(220, "key"),
            ddl.integer("failures"),
            ddl.timestamp("last_failure_at", "blocked_until", "last_success_at", null=True),
            indexes=["last_failure_at"],
            primary_key=("key",),
        ),
        ddl.table(
            "web_secret",
            ddl.string(64, "name"),
            ddl.text("value"),
            ddl.timestamp("created_at"),
            primary_key=("name",),
        ),
        ddl.table(
            "web_upload",
            ddl.string(64, "token"),
            ddl.string(80, "username"),
            ddl.string(32, "kind"),
            ddl.string(16, "layout"),
            ddl.boolean("replace_values"),
            ddl.string(16, "format"),
            ddl.string(300, "file_name"),
            ddl.integer("size"),
            ddl.string(64, "sha256"),
            ddl.blob("content"),
            ddl.timestamp("created_at"),
            unique_together=[("token",)],
            indexes=["created_at"],
        ),
        ddl.table(
            "web_import_job",
            ddl.string(64, "token"),
            ddl.string(80, "username"),
            ddl.string(16, "phase"),
            ddl.integer("count"),
            ddl.string(16, "status"),
            ddl.integer("batch_id", null=True),
            ddl.text("error", null=True),
            ddl.integer("error_status", null=True),
            ddl.timestamp("updated_at"),
            unique_together=[("token",)],
        ),
    ]
