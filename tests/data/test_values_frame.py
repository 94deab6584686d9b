"""`values_frame`: the tidy DataFrame notebooks and other capabilities read values with."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from monotown.data import import_file, import_frame, values_frame
from monotown.db import session_scope
from monotown.errors import NotFoundError
from tests.data.conftest import WriteFile

COLUMNS = [
    "settlement_code",
    "settlement_name_en",
    "region_code",
    "indicator_code",
    "pillar",
    "period",
    "period_type",
    "year",
    "value",
    "flag",
    "source",
    "note",
    "batch_id",
]


@pytest.fixture
def values_engine(data_engine: Engine, write_file: WriteFile) -> Engine:
    import_file(
        data_engine,
        write_file(
            "v.csv",
            "settlement,indicator,period,value,note\n"
            "Temirtau,pop_total,2019,181000,\nTemirtau,pop_total,2023,180000,census\n"
            "Temirtau,unemployment_rate_pct,2023Q1,4.8,\nRudny,pop_total,2023,123100,\n",
        ),
        source="BNS",
    )
    demo = pd.DataFrame(
        {
            "settlement": ["saran"],
            "indicator": ["pop_total"],
            "period": ["2023"],
            "value": [41000.0],
            "flag": ["synthetic"],
        }
    )
    import_frame(data_engine, demo, source="demo generator")
    return data_engine


def test_all_yearly_values_with_the_agreed_columns(values_engine: Engine) -> None:
    with session_scope(values_engine) as session:
        frame = values_frame(session)
    assert list(frame.columns) == COLUMNS
    assert len(frame) == 4  # the quarterly value is left out by default
    row = frame[(frame.settlement_code == "temirtau") & (frame.year == 2023)].iloc[0]
    assert (row.settlement_name_en, row.region_code, row.pillar) == (
        "Temirtau",
        "KZ-35",
        "demography",
    )
    assert (row.value, row.flag, row.source, row.note) == (180000.0, "official", "BNS", "census")
    assert frame.year.dtype == "int64" and frame.value.dtype == "float64"
    assert frame.loc[frame.settlement_code == "saran", "flag"].tolist() == ["synthetic"]


def test_filters(values_engine: Engine) -> None:
    with session_scope(values_engine) as session:
        towns = values_frame(session, towns=["Темиртау", "rudny"], indicators=["pop_total"])
        assert sorted(set(towns.settlement_code)) == ["rudny", "temirtau"]
        assert len(values_frame(session, year_from=2020, year_to=2023)) == 3
        assert values_frame(session, include_synthetic=False).flag.unique().tolist() == ["official"]
        every = values_frame(session, period_type=None)
        assert set(every.period_type) == {"year", "quarter"}
        quarters = values_frame(session, period_type="quarter")
        assert quarters.period.tolist() == ["2023Q1"] and quarters.year.tolist() == [2023]


def test_unknown_names_suggest(values_engine: Engine) -> None:
    with session_scope(values_engine) as session:
        with pytest.raises(NotFoundError, match="did you mean 'Temirtau'"):
            values_frame(session, towns=["Temirtua"])
        with pytest.raises(NotFoundError, match="did you mean 'pop_total'"):
            values_frame(session, indicators=["pop_totl"])


def test_an_empty_database_gives_an_empty_frame_with_the_columns(data_session: Session) -> None:
    frame = values_frame(data_session)
    assert frame.empty and list(frame.columns) == COLUMNS
