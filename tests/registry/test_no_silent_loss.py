"""Deleting a settlement never deletes its indicator values or its own records (population, list
status, figures, town-forming links) silently: it is refused, naming what would be lost, or (asked
explicitly) they go as one batch whose undo brings back the settlement with all of them."""

from __future__ import annotations

from typing import Any

import pandas as pd
from sqlalchemy import func, select

from monotown.data import import_frame, load_catalog
from monotown.data.models import IndicatorValue, SettlementDhis2
from monotown.db import make_engine, session_scope
from monotown.records.provenance import AuditEntry
from monotown.registry.dependents import keep_dependents
from monotown.registry.editing import create_settlement
from monotown.registry.models import Settlement
from tests.conftest import Cli
from tests.web.conftest import Web, password_hash, web

__all__ = ["password_hash", "web"]  # fixtures

VALUES = pd.DataFrame(
    [["saran", "pop_total", "2023", 49000, "kept"], ["saran", "pop_total", "2024", 48900, "kept"]],
    columns=["settlement", "indicator", "period", "value", "note"],
)


def _load(url: str) -> None:
    engine = make_engine(url)
    with session_scope(engine) as session:
        load_catalog(session)
        import_frame(session, VALUES, name="saran.csv")
        saran = session.scalars(select(Settlement).where(Settlement.code == "saran")).one()
        session.add(SettlementDhis2(settlement_id=saran.id, org_unit="OU_SARAN"))
    engine.dispose()


def _state(url: str) -> tuple[str | None, list[tuple[str, float]]]:
    """The settlement's DHIS2 org unit (None if it is gone) and its values."""
    engine = make_engine(url)
    with session_scope(engine) as session:
        exists = session.scalar(
            select(SettlementDhis2.org_unit).join(Settlement).where(Settlement.code == "saran")
        )
        values = session.execute(
            select(IndicatorValue.period, IndicatorValue.value)
            .join(Settlement)
            .where(Settlement.code == "saran")
            .order_by(IndicatorValue.period)
        ).all()
    engine.dispose()
    return exists, [tuple(row) for row in values]


def test_api_refuses_then_deletes_as_an_undoable_batch(web: Web) -> None:
    _load(web.url)
    before = _state(web.url)
    assert before == ("OU_SARAN", [("2023", 49000.0), ("2024", 48900.0)])
    admin = web.client("admin")
    refused = admin.delete("/api/v1/settlements/saran")
    assert refused.status_code == 409
    assert "2 indicator value(s)" in refused.json()["detail"]
    assert "with_values" in refused.json()["detail"]
    assert _state(web.url) == before
    done = admin.delete("/api/v1/settlements/saran", params={"with_values": "true"})
    assert done.status_code == 204
    batch = int(done.headers["X-Monotown-Batch"])
    assert _state(web.url) == (None, [])
    assert web.audit_count(entity="settlement_values", entity_key="saran") == 1
    undone = admin.post(f"/api/v1/imports/{batch}/undo")
    assert undone.status_code == 200, undone.text
    assert _state(web.url) == before
    engine = make_engine(web.url)
    with session_scope(engine) as session:
        notes = set(session.scalars(select(IndicatorValue.note).join(Settlement)
                                    .where(Settlement.code == "saran")))  # fmt: skip
        creations = session.scalar(
            select(func.count()).select_from(AuditEntry)
            .where(AuditEntry.entity == "settlement", AuditEntry.action == "create")
        )  # fmt: skip
    engine.dispose()
    assert notes == {"kept"} and creations == 1


def test_cli_says_it_in_one_line_and_undo_restores(cli: Cli) -> None:
    _load(cli.url)
    before = _state(cli.url)
    refused = cli("towns", "delete", "saran")
    assert refused.exit_code == 1
    lines = refused.output.strip().splitlines()
    assert len(lines) == 1 and "--with-values" in lines[0], refused.output
    assert _state(cli.url) == before
    done = cli("towns", "delete", "saran", "--with-values")
    assert done.exit_code == 0, done.output
    batch = done.output.split("as batch ")[1].split()[0]
    assert _state(cli.url) == (None, [])
    assert cli("imports", "undo", batch).exit_code == 0
    assert _state(cli.url) == before


def _records(url: str, code: str) -> dict[str, Any] | None:
    """The settlement's own records as a deletion keeps them (keys, no ids); None if it is gone."""
    engine = make_engine(url)
    with session_scope(engine) as session:
        found = session.scalar(select(Settlement.id).where(Settlement.code == code))
        kept = keep_dependents(session, found) if found is not None else None
    engine.dispose()
    return kept


def test_api_refuses_to_lose_population_and_status_records_and_undo_restores_them(
    web: Web,
) -> None:
    before = _records(web.url, "kentau")
    assert before is not None and before["populations"] and before["statuses"]
    assert before["links"] and before["figures"]
    admin = web.client("admin")
    refused = admin.delete("/api/v1/settlements/kentau")
    assert refused.status_code == 409
    detail = refused.json()["detail"]
    assert f"{len(before['populations'])} population record(s)" in detail, detail
    assert f"{len(before['statuses'])} monotown list status record(s)" in detail
    assert "town-forming" in detail and "with_values" in detail
    assert _records(web.url, "kentau") == before
    done = admin.delete("/api/v1/settlements/kentau", params={"with_values": "true"})
    assert done.status_code == 204, done.text
    assert _records(web.url, "kentau") is None
    undone = admin.post(f"/api/v1/imports/{done.headers['X-Monotown-Batch']}/undo")
    assert undone.status_code == 200, undone.text
    assert _records(web.url, "kentau") == before


def test_cli_refuses_to_lose_records_and_undo_restores_them(cli: Cli) -> None:
    before = _records(cli.url, "zhanatas")
    refused = cli("towns", "delete", "zhanatas")
    assert refused.exit_code == 1
    lines = refused.output.strip().splitlines()
    assert len(lines) == 1 and "population record(s)" in lines[0], refused.output
    assert "--with-values" in lines[0]
    assert _records(cli.url, "zhanatas") == before
    done = cli("towns", "delete", "zhanatas", "--with-values")
    assert done.exit_code == 0, done.output
    assert _records(cli.url, "zhanatas") is None
    assert cli("imports", "undo", done.output.split("as batch ")[1].split()[0]).exit_code == 0
    assert _records(cli.url, "zhanatas") == before
    engine = make_engine(cli.url)
    with session_scope(engine) as session:
        bare = {"code": "bare-town", "kind": "town", "name_en": "Bare", "name_ru": "Голый",
                "region": "KZ-35"}  # fmt: skip
        create_settlement(session, bare, user="test", origin="system")
    engine.dispose()
    assert cli("towns", "delete", "bare-town").exit_code == 0  # nothing to lose: deleted at once
