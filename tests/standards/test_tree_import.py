"""Loading a settlement list in the KATO layout, on both backends."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from monotown.db import session_scope
from monotown.registry.territory import TerritorialUnit
from tests.conftest import Cli

KATO = """te,name_kaz,name_rus,population
100000000,Абай облысы,Абайская область,
101000000,Семей Қ.Ә.,Семей Г.А.,
101010000,Семей қ.,г.Семей,350000
101033000,Абыралы а.о.,Абралинский с.о.,
101033100,Абыралы а.,с.Абралы,900
101033102,Ақшабай а.,с.Акшабай,120
103000000,Аягөз ауданы,Аягозский район,
103020000,Аягөз қ.,г.Аягоз,40000
710000000,Астана қ.,г.Астана,1350000
711000000,Алматы ауданы,Алматинский район,
"""


def test_a_kato_list_becomes_the_tree(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "kato.csv"
    path.write_text(KATO, encoding="utf-8")
    result = cli("standards", "load-tree", str(path))
    assert result.exit_code == 0, result.output
    assert "5 settlements in" in result.output
    from monotown.db import make_engine

    engine = make_engine(cli.url)
    with session_scope(engine) as session:
        units = {u.key: u for u in session.scalars(select(TerritorialUnit))}
    engine.dispose()
    assert units["101000000"].level == "city" and units["101033000"].level == "rural_district"
    semey, abraly = units["101010000"], units["101033100"]
    assert (semey.settlement_type, semey.name_ru, semey.population) == (
        "city_regional",
        "Семей",
        350000,
    )
    assert abraly.level == "settlement" and abraly.rural_centre and abraly.name_ru == "Абралы"
    assert abraly.district_id == units["101000000"].id and abraly.kato == "101033100"
    assert units["103020000"].settlement_type == "city_district"
    assert units["103000000"].level == "district"
    assert units["710000000"].settlement_type == "city_republican"
    assert not any(u.synthetic for u in units.values())
    again = cli("standards", "load-tree", str(path))
    assert again.exit_code == 1 and "not empty" in again.output


def test_bad_rows_write_nothing(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        "te,name_rus\n101033100,с.Абралы\n12AB,с.Ошибка\n991000000,Неизвестный район\n",
        encoding="utf-8",
    )
    result = cli("standards", "load-tree", str(path))
    assert result.exit_code == 1
    assert "bad.csv:3: field 'code' value '12AB': must be a 9-digit KATO code" in result.output
    assert "bad.csv:4: field 'code' value '991000000': region KZ-99 is not in the registry" in (
        result.output
    )
    from monotown.db import make_engine

    engine = make_engine(cli.url)
    with session_scope(engine) as session:
        assert not list(session.scalars(select(TerritorialUnit)))
    engine.dispose()
