"""The registry of responsible bodies: the file h7's matcher reads, loading it, resolving names."""

from __future__ import annotations

import csv
import io
from importlib import resources

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from monotown.errors import InputError
from monotown.program.bodies import BODY_COLUMNS, load_bodies, normalised_name, resolve_body
from monotown.program.body_models import Body


def _rows(package: str, name: str) -> list[dict[str, str]]:
    text = resources.files(package).joinpath(name).read_text("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def test_bodies_file_has_exactly_the_agreed_columns_and_covers_the_government() -> None:
    text = resources.files("monotown.resources.program").joinpath("bodies.csv").read_text("utf-8")
    assert text.splitlines()[0] == ",".join(BODY_COLUMNS)
    rows = _rows("monotown.resources.program", "bodies.csv")
    kinds = {row["kind"] for row in rows}
    assert kinds <= {"ministry", "regional_akimat", "town_akimat", "government", "holding",
                     "company", "agency"}  # fmt: skip
    assert sum(row["kind"] == "ministry" for row in rows) >= 20
    regions = {row["code"] for row in _rows("monotown.resources.reference", "regions.csv")}
    akimat_regions = {row["region_code"] for row in rows if row["kind"] == "regional_akimat"}
    assert regions <= akimat_regions  # 17 regions and 3 cities of republican significance
    towns = {row["name_en"] for row in _rows("monotown.resources.reference", "settlements.csv")}
    assert towns <= {row["settlement"] for row in rows if row["kind"] == "town_akimat"}
    names = {row["name_en"].split(" ")[0] for row in rows}
    for company in ("Samruk-Kazyna", "Baiterek", "KazAvtoZhol", "KazMunayGas", "Kazzinc",
                    "Kazakhmys", "Tengizchevroil", "Kazphosphate", "OzenMunayGas"):  # fmt: skip
        assert company in names
    assert all(row["name_en"] and row["name_ru"] and row["name_kk"] for row in rows)
    assert len({row["code"] for row in rows}) == len(rows)


@pytest.mark.parametrize(
    ("spelling", "code"),
    [
        ("MNE", "mne"),
        ("МНЭ РК", "mne"),
        ("Regional Development Ministry", "mne"),  # the 2013 name of its predecessor
        ("Ұлттық экономика министрлігі", "mne"),
        ("Minindustry", "mic"),
        ("МИИР", "mic"),
        ("Ministry of Digital Development", "maidd"),
        ('JSC "NC "KazMunayGas"', "kazmunaygas"),
        ("LLP «Kazakhmys Corporation»", "kazakhmys"),
        ("The Samruk-Kazyna Fund", "samruk-kazyna"),
        ("akimat of Karaganda region", "akimat-kz-35"),
        ("Акимат Карагандинской области", "akimat-kz-35"),
        ("Balkhash city akimat", "akimat-balkhash"),
        ("governors of the regions", "regional-akimats"),
    ],
)
def test_spellings_resolve_to_one_body(session: Session, spelling: str, code: str) -> None:
    load_bodies(session)
    body_id = resolve_body(session, spelling)
    assert body_id is not None and session.get(Body, body_id).code == code  # type: ignore[union-attr]


def test_unknown_and_shared_former_names_stay_unresolved(session: Session) -> None:
    load_bodies(session)
    assert resolve_body(session, "Ministry of Magic") is None
    # split into two ministries in 2022: the old name cannot say which one is meant
    assert resolve_body(session, "Ministry of Education and Science") is None
    assert normalised_name("  LLP  «Kazzinc» ") == "kazzinc"


def test_a_bad_row_is_one_clear_error_and_nothing_changes(session: Session) -> None:
    load_bodies(session)
    before = session.scalar(select(func.count()).select_from(Body))
    bad = ",".join(BODY_COLUMNS) + "\nx-1,ministry,Ministry X,,,,,,,\nx-2,club,Club,,,,,,,\n"
    with pytest.raises(InputError) as error:
        load_bodies(session, bad.encode(), "my_bodies.csv")
    assert str(error.value).startswith("my_bodies.csv:3: field 'kind' value 'club'")
    assert session.scalar(select(func.count()).select_from(Body)) == before
    assert session.scalar(select(Body).where(Body.code == "x-1")) is None
    with pytest.raises(InputError, match="lacks the column"):
        load_bodies(session, b"code,kind\n", "short.csv")
