"""Importing a long CSV: every problem reported, all or nothing, skip-invalid, re-import, update."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine

from monotown.data import import_file, import_frame
from monotown.db import session_scope
from monotown.records.provenance import AuditEntry, ImportBatch
from monotown.registry.models import Region, Settlement
from tests.data.conftest import WriteFile, counts, stored

HEADER = "settlement,indicator,period,value,note\n"
GOOD = (
    "Temirtau,pop_total,2023,180000,\n"
    "Темиртау,unemployment_rate_pct,2023,4.5,LFS\n"
    "Рудный,unemployment_rate_pct,2023Q2,5.1,\n"
)


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            "Temirtua,pop_total,2023,1,",
            ("settlement", "Temirtua", "unknown town (did you mean 'Temirtau'?)"),
        ),
        (
            "Temirtau,pop_totl,2023,1,",
            ("indicator", "pop_totl", "unknown indicator code (did you mean 'pop_total'?)"),
        ),
        ("Temirtau,pop_total,2023,12 abc,", ("value", "12 abc", "is not a number")),
        (
            "Temirtau,unemployment_rate_pct,2024,101,",
            ("value", "101", "is outside the range of unemployment_rate_pct: 0 to 100 %"),
        ),
        (
            "Temirtau,pop_total,2023Q5,1,",
            ("period", "2023Q5", "is not a period: use a year (2023)"),
        ),
        ("Temirtau,pop_total,1800,1,", ("period", "1800", "is not a period")),
        ("Temirtau,pop_total,202313,1,", ("period", "202313", "is not a period")),
        ("Temirtau,pop_total,2023,,", ("value", "", "is empty")),
        (",pop_total,2023,1,", ("settlement", "", "is empty")),
        ("Temirtau,pop_total,2023,inf,", ("value", "inf", "is not a number")),
    ],
)
def test_each_row_problem_is_reported_with_row_column_value_and_reason(
    row: str, expected: tuple[str, str, str], data_engine: Engine, write_file: WriteFile
) -> None:
    path = write_file("values.csv", HEADER + GOOD + row + "\n")
    report = import_file(data_engine, path)
    assert report.status == "rejected"
    assert len(report.issues) == 1
    issue = report.issues[0]
    assert (issue.file, issue.row) == ("values.csv", 5)
    assert (issue.column, issue.value) == expected[:2]
    assert issue.reason.startswith(expected[2])
    assert counts(data_engine)["values"] == 0


def test_every_problem_is_reported_not_only_the_first(
    data_engine: Engine, write_file: WriteFile
) -> None:
    path = write_file(
        "values.csv",
        HEADER
        + GOOD
        + "Temirtua,pop_totl,20x3,abc,\n"  # four problems in one row
        + "Saran,pop_total,2023,1,\nSaran,pop_total,2023,2,\n",  # a duplicate key
    )
    report = import_file(data_engine, path)
    assert report.n_issues == 6
    assert [(issue.row, issue.column) for issue in report.issues] == [
        (5, "settlement"),
        (5, "indicator"),
        (5, "period"),
        (5, "value"),
        (6, "value"),
        (7, "value"),
    ]
    assert report.issues[4].reason == "the same town, indicator and period are also on row 7"
    assert report.issues[5].reason == "the same town, indicator and period are also on row 6"
    assert str(report.issues[0]) == (
        "values.csv:5: field 'settlement' value 'Temirtua': unknown town (did you mean 'Temirtau'?)"
    )
    assert report.n_invalid == 3 and report.rows_total == 6


def _add_villages(engine: Engine, region_code: str, *villages: dict[str, object]) -> None:
    """Store villages of one region (each its code, names and any other field) before a test
    imports values naming them."""
    with session_scope(engine) as session:
        region = session.scalars(select(Region).where(Region.code == region_code)).one()
        session.add_all(Settlement(kind="village", region=region, **fields) for fields in villages)


def test_a_name_shared_by_two_towns_asks_for_the_code(
    data_engine: Engine, write_file: WriteFile
) -> None:
    _add_villages(data_engine, "KZ-10", {"code": "abai-2", "name_en": "Abai", "name_ru": "Абай"})
    report = import_file(
        data_engine,
        write_file("v.csv", HEADER + "Абай,pop_total,2023,1,\nabai-2,pop_total,2023,2,\n"),
    )
    assert report.n_issues == 1
    assert report.issues[0].reason.startswith(
        "names several towns: Abai (Karaganda Region, code abai)"
    )
    assert report.issues[0].reason.endswith("use the town's code")


def test_a_bad_flag_is_reported(data_engine: Engine, write_file: WriteFile) -> None:
    path = write_file(
        "f.csv", "settlement,indicator,period,value,flag\nTemirtau,pop_total,2023,1,guess\n"
    )
    issue = import_file(data_engine, path).issues[0]
    assert (issue.column, issue.value) == ("flag", "guess")
    assert issue.reason == "must be one of official, estimate, synthetic"


def test_all_or_nothing_by_default(data_engine: Engine, write_file: WriteFile) -> None:
    before = counts(data_engine)
    report = import_file(
        data_engine, write_file("v.csv", HEADER + GOOD + "Temirtau,pop_total,2023,-5,\n")
    )
    assert report.status == "rejected" and not report.written and report.batch_id is None
    assert counts(data_engine) == before


def test_skip_invalid_writes_the_good_rows_and_reports_the_rest(
    data_engine: Engine, write_file: WriteFile, tmp_path: Path
) -> None:
    errors = tmp_path / "errors.csv"
    path = write_file(
        "v.csv", HEADER + GOOD + "Temirtau,pop_total,2024,-5,\nNowhere,pop_total,2023,1,\n"
    )
    report = import_file(data_engine, path, skip_invalid=True, errors_path=errors)
    assert report.status == "committed"
    assert (report.n_new, report.n_invalid, report.n_issues) == (3, 2, 2)
    values = stored(data_engine)
    assert values[("temirtau", "unemployment_rate_pct", "2023")] == (
        4.5,
        "official",
        report.batch_id,
    )
    assert values[("rudny", "unemployment_rate_pct", "2023Q2")][0] == 5.1
    assert ("temirtau", "pop_total", "2024") not in values
    with errors.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [(row["row"], row["column"], row["value"]) for row in rows] == [
        ("5", "value", "-5"),
        ("6", "settlement", "Nowhere"),
    ]


def test_reimporting_the_same_file_is_a_no_op(data_engine: Engine, write_file: WriteFile) -> None:
    path = write_file("v.csv", HEADER + GOOD)
    first = import_file(data_engine, path)
    assert (first.status, first.summary()) == ("committed", "3 created, 0 updated, 0 unchanged")
    before = counts(data_engine)
    again = import_file(data_engine, path)
    assert (again.status, again.summary()) == ("no-op", "0 created, 0 updated, 3 unchanged")
    assert again.batch_id is None and counts(data_engine) == before
    assert any(f"imported before as batch {first.batch_id}" in w for w in again.warnings)


def test_a_differing_value_conflicts_unless_update_which_keeps_the_old_one(
    data_engine: Engine, write_file: WriteFile
) -> None:
    first = import_file(data_engine, write_file("a.csv", HEADER + GOOD))
    changed = write_file(
        "b.csv",
        HEADER + "Temirtau,pop_total,2023,181500,revised\nTemirtau,pop_total,2022,179000,\n",
    )
    refused = import_file(data_engine, changed)
    assert refused.status == "rejected"
    assert refused.issues[0].reason == (
        f"conflicts with the stored official value 180000, batch {first.batch_id}; "
        "use --update to replace it"
    )
    assert stored(data_engine)[("temirtau", "pop_total", "2023")][0] == 180000

    updated = import_file(data_engine, changed, update=True, user="analyst")
    assert updated.summary() == "1 created, 1 updated, 0 unchanged"
    assert stored(data_engine)[("temirtau", "pop_total", "2023")] == (
        181500,
        "official",
        updated.batch_id,
    )
    with session_scope(data_engine) as session:
        from monotown.data.models import ReplacedValue

        old = session.scalars(select(ReplacedValue)).one()
        assert (old.value, old.batch_id, old.replaced_by) == (
            180000,
            first.batch_id,
            updated.batch_id,
        )
        audit = session.scalars(
            select(AuditEntry).where(AuditEntry.batch_id == updated.batch_id)
        ).one()
        assert (audit.user, audit.action, audit.new["changed"]) == ("analyst", "import", 1)
        batch = session.get_one(ImportBatch, updated.batch_id)
        assert (batch.file_name, batch.user, batch.n_new, batch.n_changed) == (
            "b.csv",
            "analyst",
            1,
            1,
        )
        assert batch.sha256 and len(batch.sha256) == 64 and batch.finished_at is not None


def test_a_note_counts_as_a_change_but_a_missing_note_does_not(
    data_engine: Engine, write_file: WriteFile
) -> None:
    import_file(data_engine, write_file("a.csv", HEADER + GOOD))
    no_note = import_file(
        data_engine, write_file("b.csv", HEADER + "Темиртау,unemployment_rate_pct,2023,4.5,\n")
    )
    assert no_note.status == "no-op"
    other_note = import_file(
        data_engine,
        write_file("c.csv", HEADER + "Temirtau,unemployment_rate_pct,2023,4.5,survey\n"),
    )
    assert other_note.status == "rejected" and other_note.issues[0].code == "conflict"


def test_real_values_replace_synthetic_ones_without_conflict(
    data_engine: Engine, write_file: WriteFile
) -> None:
    demo = pd.DataFrame(
        {
            "settlement": ["temirtau", "temirtau"],
            "indicator": ["pop_total", "area_km2"],
            "period": ["2023", "2023"],
            "value": [170000.0, 300.0],
            "flag": ["synthetic", "synthetic"],
        }
    )
    synthetic = import_frame(data_engine, demo, name="demo")
    real = import_file(data_engine, write_file("a.csv", HEADER + GOOD))
    assert real.status == "committed" and real.summary() == "2 created, 1 updated, 0 unchanged"
    assert stored(data_engine)[("temirtau", "pop_total", "2023")] == (
        180000,
        "official",
        real.batch_id,
    )
    # A file that gives no flag confirms a synthetic value as real even when the number is equal.
    same = import_file(data_engine, write_file("b.csv", HEADER + "Temirtau,area_km2,2023,300,\n"))
    assert same.summary() == "0 created, 1 updated, 0 unchanged"
    assert stored(data_engine)[("temirtau", "area_km2", "2023")][1] == "official"
    assert synthetic.batch_id is not None


def test_numbers_in_local_notation_semicolons_and_cp1251(
    data_engine: Engine, tmp_path: Path
) -> None:
    path = tmp_path / "akimat.csv"
    text = (
        "населенный пункт;показатель;период;значение\n"
        "Темиртау;avg_monthly_wage_kzt;2023;1 234 567,5\n"
        "Темиртау;pop_total;2023-Q1;170 000\n"
    )
    path.write_bytes(text.encode("cp1251"))
    report = import_file(data_engine, path)
    assert report.status == "committed", [str(issue) for issue in report.issues]
    values = stored(data_engine)
    assert values[("temirtau", "avg_monthly_wage_kzt", "2023")][0] == 1234567.5
    assert values[("temirtau", "pop_total", "2023Q1")][0] == 170000


def test_an_unreadable_or_unrecognised_file_is_one_clear_error(
    data_engine: Engine, write_file: WriteFile, tmp_path: Path
) -> None:
    from monotown.errors import InputError

    with pytest.raises(InputError, match="no such file"):
        import_file(data_engine, tmp_path / "missing.csv")
    with pytest.raises(InputError, match="cannot tell the layout from the header"):
        import_file(data_engine, write_file("x.csv", "a,b,c\n1,2,3\n"))
    with pytest.raises(InputError, match="the long layout needs column"):
        import_file(
            data_engine,
            write_file("y.csv", "settlement,indicator\nTemirtau,pop_total\n"),
            format="long",
        )


def test_a_row_with_too_many_fields_names_its_line(
    data_engine: Engine, write_file: WriteFile
) -> None:
    from monotown.errors import InputError

    path = write_file("v.csv", HEADER + "Temirtau,pop_total,2023,1,\nRudny,pop_total,2023,5,a,b\n")
    with pytest.raises(InputError, match=r"v.csv:3: has 6 fields where the header has 5"):
        import_file(data_engine, path)
    assert counts(data_engine)["values"] == 0


def test_a_dry_run_report_serialises_for_the_web(
    data_engine: Engine, write_file: WriteFile
) -> None:
    path = write_file("upload.tmp", HEADER + GOOD + "Temirtua,pop_total,2023,1,\n")
    report = import_file(data_engine, path, dry_run=True, file_name="akimat.csv", origin="web")
    data = report.to_dict()
    assert (data["status"], data["ok"], data["written"]) == ("dry-run", False, False)
    assert data["summary"] == "3 created, 0 updated, 0 unchanged, 1 skipped"
    assert data["issues"][0] == {
        "file": "akimat.csv",
        "row": 5,
        "column": "settlement",
        "value": "Temirtua",
        "reason": "unknown town (did you mean 'Temirtau'?)",
        "code": "unknown_settlement",
    }
    assert counts(data_engine)["values"] == 0


def test_suggestions_survive_many_known_towns_in_the_file(
    data_engine: Engine, write_file: WriteFile
) -> None:
    villages = (
        {"code": f"v{i}", "name_en": f"Village {i}", "name_ru": f"Село {i}", "synthetic": True}
        for i in range(80)
    )
    _add_villages(data_engine, "KZ-35", *villages)
    rows = "".join(f"Village {i},pop_total,2023,{i + 1}\n" for i in range(80))
    report = import_file(
        data_engine, write_file("v.csv", HEADER + rows + "Temirtu,pop_total,2023,1\n")
    )
    assert [issue.reason for issue in report.issues] == ["unknown town (did you mean 'Temirtau'?)"]
