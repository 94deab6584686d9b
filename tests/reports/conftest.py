"""Fixtures for report tests: the reference data plus a few known figures and synthetic rows."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from monotown.db import session_scope
from monotown.registry.models import MonotownStatus, Region, Settlement

SYNTHETIC_CODE = "demo-synthetic-town"


def add_synthetic_town(session: Session) -> Settlement:
    """A made-up town on the current list, flagged synthetic, as demo data would be."""
    region = session.scalars(select(Region).where(Region.code == "KZ-35")).one()
    town = Settlement(
        code=SYNTHETIC_CODE,
        kind="town",
        name_en="Demotown",
        name_ru="Демогород",
        name_kk="Демоқала",
        region=region,
        latitude=49.0,
        longitude=70.0,
        synthetic=True,
    )
    session.add(town)
    session.flush()
    session.add(MonotownStatus(settlement_id=town.id, list_code="current"))
    session.flush()
    return town


@pytest.fixture
def synthetic_session(reference_engine: Engine) -> Iterator[Session]:
    """Reference data plus one synthetic town."""
    with session_scope(reference_engine) as session:
        add_synthetic_town(session)
        yield session
