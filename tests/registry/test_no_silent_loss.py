"""Deleting a settlement never deletes its indicator values silently: it is refused, or (asked
explicitly) the values go as one batch whose undo brings back the settlement and its values."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import func, select

from monotown.data import import_frame, load_catalog
from monotown.data.models import IndicatorValue, SettlementDhis2
from monotown.db import make_engine, session_scope
from monotown.records.provenance import AuditEntry
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
    assert cli("towns", "delete", "zhanatas").exit_code == 0  # no values: deleted at once
