"""The one audited create, update and delete every registry kind shares (`EditedKind`), on
both backends: a refused edit leaves the registry and the audit log as they were, an accepted
one writes exactly one audit entry (an update only the fields that changed)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from monotown.db import session_scope
from monotown.errors import ConflictError, InputError, NotFoundError
from monotown.records.provenance import AuditEntry
from monotown.registry.editing.enterprises import ENTERPRISES
from monotown.registry.editing.regions import REGIONS
from monotown.registry.models import Region

NEW_REGION = {"code": "KZ-99", "name_en": "Testland", "name_ru": "Тестовая"}


def _audit(engine: Engine) -> list[tuple[str, str, str, object, object]]:
    with session_scope(engine) as session:
        entries = session.scalars(select(AuditEntry).order_by(AuditEntry.id))
        return [(e.action, e.entity, e.entity_key, e.old, e.new) for e in entries]


def test_create_update_delete_write_one_entry_each(engine: Engine) -> None:
    with session_scope(engine) as session:
        REGIONS.create(session, NEW_REGION, user="editor", origin="api")
    with session_scope(engine) as session:
        REGIONS.update(
            session,
            "KZ-99",
            {"name_kk": "Тест", "name_en": "Testland"},
            user="editor",
            origin="api",
        )
    with session_scope(engine) as session:
        REGIONS.update(
            session, "KZ-99", {"name_en": "Testland"}, user="editor", origin="api"
        )  # no change
    with session_scope(engine) as session:
        REGIONS.delete(session, "KZ-99", user="editor", origin="api")
    snapshot = {**NEW_REGION, "name_kk": None}
    assert _audit(engine) == [
        ("create", "region", "KZ-99", None, snapshot),
        ("update", "region", "KZ-99", {"name_kk": None}, {"name_kk": "Тест"}),
        ("delete", "region", "KZ-99", {**snapshot, "name_kk": "Тест"}, None),
    ]


@pytest.mark.parametrize(
    ("values", "error", "message"),
    [
        ({"code": "KZ-99"}, InputError, "name_en"),
        ({**NEW_REGION, "code": "kz 99"}, InputError, "ISO 3166-2"),
        ({**NEW_REGION, "name_en": "x" * 121}, InputError, "longer than 120"),
        ({**NEW_REGION, "code": "KZ-98"}, ConflictError, "already has name_en 'Testland'"),
    ],
)
def test_a_refused_create_changes_nothing(
    engine: Engine, values: dict[str, str], error: type[Exception], message: str
) -> None:
    with session_scope(engine) as session:
        REGIONS.create(session, NEW_REGION, user="editor", origin="api")
    before = _audit(engine)
    with pytest.raises(error, match=message), session_scope(engine) as session:
        REGIONS.create(session, values, user="editor", origin="api")
    with session_scope(engine) as session:
        assert session.scalar(select(func.count()).select_from(Region)) == 1
    assert _audit(engine) == before


def test_a_key_in_use_is_refused_before_the_fields(engine: Engine) -> None:
    first = {"key": "mill", "name": "Mill"}
    with session_scope(engine) as session:
        ENTERPRISES.create(session, first, user="editor", origin="api")
    taken = "an enterprise with key 'mill' already exists"
    with pytest.raises(ConflictError, match=taken), session_scope(engine) as session:
        ENTERPRISES.create(session, {**first, "note": "\x00"}, user="editor", origin="api")
    missing = "no enterprise with key 'mine'"
    with pytest.raises(NotFoundError, match=missing), session_scope(engine) as session:
        ENTERPRISES.delete(session, "mine", user="editor", origin="api")
