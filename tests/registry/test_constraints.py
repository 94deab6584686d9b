"""The schema itself rejects bad rows, whatever code writes them."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from monotown.db import session_scope
from monotown.registry.models import (
    MonotownStatus,
    Region,
    Settlement,
    TownFormingLink,
    TownFormingShare,
)


def _region_id(session: Session) -> int:
    return session.scalars(select(Region.id).where(Region.code == "KZ-35")).one()


def _settlement(session: Session, **overrides: object) -> Settlement:
    values: dict[str, object] = {
        "code": "test-town",
        "kind": "town",
        "name_en": "Test Town",
        "name_ru": "Тестовый",
        "region_id": _region_id(session),
        "latitude": 50.0,
        "longitude": 70.0,
    }
    values.update(overrides)
    return Settlement(**values)


def _assert_rejected(engine: Engine, build: Callable[[Session], object]) -> None:
    with pytest.raises(IntegrityError), session_scope(engine) as session:
        session.add(build(session))
        session.flush()


def test_a_valid_settlement_is_accepted(reference_engine: Engine) -> None:
    with session_scope(reference_engine) as session:
        session.add(_settlement(session))


@pytest.mark.parametrize(
    "overrides",
    [
        {"latitude": 91.0},
        {"longitude": -181.0},
        {"latitude": None},
        {"kind": "metropolis"},
        {"name_en": "Temirtau", "code": "temirtau-2"},
        {"name_ru": "Темиртау", "code": "temirtau-3"},
        {"code": "temirtau"},
        {"name_en": ""},
    ],
    ids=[
        "lat>90",
        "lon<-180",
        "lat-without-lon",
        "unknown-kind",
        "dup-en-name",
        "dup-ru-name",
        "dup-code",
        "empty-name",
    ],
)
def test_bad_settlements_are_rejected(
    reference_engine: Engine, overrides: dict[str, object]
) -> None:
    _assert_rejected(reference_engine, lambda session: _settlement(session, **overrides))


def test_same_name_in_another_region_is_allowed(reference_engine: Engine) -> None:
    with session_scope(reference_engine) as session:
        other = session.scalars(select(Region.id).where(Region.code == "KZ-55")).one()
        session.add(_settlement(session, name_en="Temirtau", name_ru="Темиртау", region_id=other))


@pytest.mark.parametrize(("employment", "output"), [(101.0, None), (-1.0, None), (None, 100.5)])
def test_shares_outside_0_100_are_rejected(
    reference_engine: Engine, employment: float | None, output: float | None
) -> None:
    def build(session: Session) -> TownFormingShare:
        link = session.scalars(select(TownFormingLink)).first()
        assert link is not None
        return TownFormingShare(
            link_id=link.id, year=2030, employment_share_pct=employment, output_share_pct=output
        )

    _assert_rejected(reference_engine, build)


def test_status_must_end_after_it_starts(reference_engine: Engine) -> None:
    import datetime as dt

    def build(session: Session) -> MonotownStatus:
        town = session.scalars(select(Settlement).where(Settlement.code == "aksu")).one()
        return MonotownStatus(
            settlement_id=town.id,
            list_code="current",
            date_from=dt.date(2020, 1, 1),
            date_to=dt.date(2019, 1, 1),
        )

    _assert_rejected(reference_engine, build)
