"""Roles and what each may do; the one place a permission is decided.

- admin: everything, including users and the audit log;
- analyst: read everything, run assessments, import and edit national data (indicators, program);
- regional editor: create and change data only for settlements of their own region(s);
- viewer: read.
Registry records (regions, settlements, enterprises) are changed by admins and, within their
regions, by regional editors.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from monotown.errors import MonotownError, NotAuthenticatedError, PermissionDeniedError


class Role(StrEnum):
    admin = "admin"
    analyst = "analyst"
    regional_editor = "regional_editor"
    viewer = "viewer"


class Permission(StrEnum):
    read = "read"
    edit_registry = "edit_registry"
    edit_data = "edit_data"
    run_assessment = "run_assessment"
    manage_users = "manage_users"
    view_audit = "view_audit"


GRANTS: dict[Role, frozenset[Permission]] = {
    Role.admin: frozenset(Permission),
    Role.analyst: frozenset({Permission.read, Permission.edit_data, Permission.run_assessment}),
    Role.regional_editor: frozenset(
        {Permission.read, Permission.edit_registry, Permission.edit_data}
    ),
    Role.viewer: frozenset({Permission.read}),
}

# Roles whose writes are confined to settlements of the user's regions.
REGION_SCOPED = frozenset({Role.regional_editor})


def parse_role(value: str) -> Role:
    try:
        return Role(value.strip().lower().replace("-", "_").replace(" ", "_"))
    except ValueError:
        known = ", ".join(role.value for role in Role)
        raise MonotownError(f"unknown role '{value}'; use one of {known}") from None


@dataclass(frozen=True)
class Principal:
    """Who is acting: a signed-in user, a token's owner, or an anonymous reader."""

    user_id: int | None
    username: str
    role: Role | None
    region_ids: frozenset[int] = field(default_factory=frozenset)
    region_codes: tuple[str, ...] = ()
    via: str = "session"

    @property
    def authenticated(self) -> bool:
        return self.user_id is not None

    def can(self, permission: Permission) -> bool:
        return self.role is not None and permission in GRANTS[self.role]

    def require(self, permission: Permission) -> None:
        """Raise 401 for anonymous users and 403 for roles without the permission."""
        if self.can(permission):
            return
        if not self.authenticated:
            raise NotAuthenticatedError("sign in or send a bearer token to do this")
        raise PermissionDeniedError(
            f"the role '{self.role}' of user '{self.username}' may not {permission.value}"
        )

    @property
    def region_scoped(self) -> bool:
        return self.role in REGION_SCOPED

    def may_touch_region(self, region_id: int) -> bool:
        return not self.region_scoped or region_id in self.region_ids

    def require_regions(self, region_ids: Iterable[int], what: str) -> None:
        """Regional editors may only change records of settlements in their regions (a record tied
        to no settlement at all is not theirs either)."""
        if not self.region_scoped:
            return
        wanted = set(region_ids)
        if not wanted or wanted - self.region_ids:
            mine = ", ".join(self.region_codes) or "none"
            raise PermissionDeniedError(
                f"user '{self.username}' edits only settlements of their regions ({mine}); "
                f"{what} is outside them"
            )


ANONYMOUS = Principal(user_id=None, username="anonymous", role=None, via="anonymous")
PUBLIC_READER = Principal(user_id=None, username="anonymous", role=Role.viewer, via="public")
