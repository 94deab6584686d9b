"""The level from the database on both backends: applicability, designations, import, undo."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from monotown.db import session_scope
from monotown.errors import ConflictError
from monotown.records.provenance import AuditEntry, undo_batch
from monotown.standards import SufficiencyRule, import_provision, sufficiency_report
from monotown.standards.models import ReplacedProvision, StandardProvision
from tests.standards.conftest import build_small_tree


def _records(engine: Engine) -> list[tuple[object, ...]]:
    with session_scope(engine) as session:
        return sorted(
            session.execute(
                select(
                    StandardProvision.unit_id,
                    StandardProvision.standard_id,
                    StandardProvision.year,
                    StandardProvision.met,
                    StandardProvision.value,
                    StandardProvision.flag,
                    StandardProvision.source,
                    StandardProvision.batch_id,
                )
            ).all()
        )


def test_level_of_the_small_tree_by_hand(small_tree: Engine, provision_file: Path) -> None:
    with session_scope(small_tree) as session:
        report = import_provision(session, provision_file, user="tester")
        assert report.status == "committed", report.issues
        assert report.n_new == 10
    with session_scope(small_tree) as session:
        plain = sufficiency_report(session, 2025)
        people = sufficiency_report(session, 2025, SufficiencyRule(weighting="population"))
        weighted = sufficiency_report(session, 2025, SufficiencyRule(standard_weights=True))
        pooled = sufficiency_report(session, 2025, SufficiencyRule(weighting="pooled"))
    assert plain.national_pct == pytest.approx(100 * (2 / 3 + 2 / 3 + 1 / 2 + 0) / 4, abs=0.01)
    assert people.national_pct == pytest.approx(
        100 * (10_000 * 2 / 3 + 1_000 * 2 / 3 + 200 / 2) / 11_240, abs=0.01
    )
    assert weighted.national_pct == pytest.approx(100 * (3 / 4 + 2 / 3 + 1 / 2) / 4, abs=0.01)
    assert pooled.national_pct == pytest.approx(100 * 5 / 9, abs=0.01)
    assert plain.records_used == 9  # C's school does not apply (40 residents < 50)
    karaganda = next(row for row in plain.regions if row["code"] == "KZ-35")
    assert karaganda["level_pct"] == plain.national_pct and karaganda["settlements"] == 4
    assert [row["key"] for row in plain.districts] == ["d_test"]
    # Gaps, most people first: T's clinic, A's road, B's school, C's road.
    assert [(g["settlement_key"], g["standard"]) for g in plain.gaps] == [
        ("t_town", "s_clinic"),
        ("a_village", "s_road"),
        ("b_village", "s_school"),
        ("c_village", "s_road"),
    ]
    assert not plain.synthetic


def test_without_the_support_designation_the_clinic_does_not_apply(
    reference_engine: Engine, catalog_file: Path, provision_file: Path
) -> None:
    from monotown.standards import load_catalog

    with session_scope(reference_engine) as session:
        build_small_tree(session, support=False)
        load_catalog(session, catalog_file)
        import_provision(session, provision_file)
    with session_scope(reference_engine) as session:
        report = sufficiency_report(session, 2025)
    # A (now a rural centre): school yes, road no -> 1/2.
    assert report.national_pct == pytest.approx(100 * (2 / 3 + 1 / 2 + 1 / 2 + 0) / 4, abs=0.01)


BAD = """settlement,standard,year,met,value
t_town,s_school,2025,yes,
nowhere,s_school,2025,yes,
t_town,s_unknown,2025,yes,
t_town,s_road,20x5,maybe,
t_town,s_hospital,2025,yes,3
"""


def test_a_bad_row_writes_nothing_and_names_file_row_field(
    small_tree: Engine, tmp_path: Path
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(BAD, encoding="utf-8")
    with session_scope(small_tree) as session:
        audit_before = session.scalar(select(func.count()).select_from(AuditEntry))
        report = import_provision(session, path)
    assert report.status == "rejected"
    assert "bad.csv:3: field 'settlement' value 'nowhere': no settlement" in report.issues[0]
    assert any("bad.csv:4: field 'standard' value 's_unknown'" in i for i in report.issues)
    assert any("bad.csv:5: field 'year' value '20x5': is not a year" in i for i in report.issues)
    assert any(
        "bad.csv:5: field 'met' value 'maybe': must be yes or no" in i for i in report.issues
    )
    assert any(
        "bad.csv:6: field 'met' value 'yes': contradicts value 3" in i for i in report.issues
    )
    assert _records(small_tree) == []
    with session_scope(small_tree) as session:
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == audit_before


def test_undo_restores_exactly_what_an_update_replaced(
    small_tree: Engine, provision_file: Path, tmp_path: Path
) -> None:
    with session_scope(small_tree) as session:
        first = import_provision(session, provision_file).batch_id
    before = _records(small_tree)
    change = tmp_path / "change.csv"
    change.write_text(
        "settlement,standard,year,met\nt_town,s_clinic,2025,yes\nb_village,s_school,2026,yes\n",
        encoding="utf-8",
    )
    with session_scope(small_tree) as session:
        refused = import_provision(session, change)
    assert refused.status == "rejected" and "--update" in refused.issues[0]
    with session_scope(small_tree) as session:
        second = import_provision(session, change, update=True)
    assert (second.n_new, second.n_changed) == (1, 1)
    with session_scope(small_tree) as session:
        assert sufficiency_report(session, 2025).national_pct == pytest.approx(
            100 * (1 + 2 / 3 + 1 / 2) / 4, abs=0.01
        )
        with pytest.raises(ConflictError, match="undo them first"):
            undo_batch(session, int(first or 0), user="tester")
    with session_scope(small_tree) as session:
        undo_batch(session, int(second.batch_id or 0), user="tester")
    assert _records(small_tree) == before
    with session_scope(small_tree) as session:
        assert session.scalar(select(func.count()).select_from(ReplacedProvision)) == 1
        undo_batch(session, int(first or 0), user="tester")
    assert _records(small_tree) == []


def test_xlsx_import_is_audited_as_one_batch(small_tree: Engine, tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Settlement", "Standard", "Year", "Met", "Source"])
    sheet.append(["t_town", "s_school", 2025, "yes", "akimat survey"])
    sheet.append(["a_village", "s_road", 2025, "no", None])
    path = tmp_path / "provision.xlsx"
    book.save(path)
    with session_scope(small_tree) as session:
        report = import_provision(session, path, user="tester")
    assert report.status == "committed" and report.n_new == 2
    with session_scope(small_tree) as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.batch_id == report.batch_id)
        ).one()
        assert entry.user == "tester" and entry.new["kind"] == "standards"
        sources = set(session.scalars(select(StandardProvision.source)))
    assert sources == {"akimat survey", "provision.xlsx"}
