"""Every capability's own import report converts into the records layer's one shape, keeping
what it counted (what the shape has no field for lands in `details`)."""

from __future__ import annotations

from monotown.data.catalog_files import CatalogReport
from monotown.data.importer import ImportReport as ValuesReport
from monotown.program.importer import Counts, ImportResult
from monotown.records.imports import ImportReport, Problem
from monotown.registry.reference import LoadReport
from monotown.standards.provision_import import ProvisionReport
from monotown.standards.tree_import import TreeReport


def test_values_report_keeps_counts_and_row_problems() -> None:
    issue = Problem("v.csv", 3, "value", "is not a number", "lots", "not_numeric")
    values = ValuesReport(
        file="v.csv", sha256="ab", format="long CSV", status="committed", rows=5, created=2,
        updated=1, unchanged=1, skipped=1, n_issues=1, warnings=["w"], batch_id=7,
    )  # fmt: skip
    values.issues = [issue]
    assert (values.n_new, values.n_invalid, values.file_name) == (2, 1, "v.csv")
    report = values.as_records_report()
    assert (report.created, report.updated, report.unchanged, report.skipped) == (2, 1, 1, 1)
    assert report.problems == [issue] and values.issues == [issue]  # one problem type
    assert report.problems[0].line() == "v.csv:3: field 'value' value 'lots': is not a number"
    assert str(issue) == issue.line() and issue.column == "value"
    answer = values.to_dict()
    assert answer["issues"] == [{"file": "v.csv", "row": 3, "column": "value", "value": "lots",
                                 "reason": "is not a number", "code": "not_numeric"}]  # fmt: skip
    assert answer["problems"] == [{"file": "v.csv", "row": 3, "field": "value", "value": "lots",
                                   "reason": "is not a number", "line": issue.line()}]  # fmt: skip
    assert (report.batch_id, report.warnings, report.details["sha256"]) == (7, ["w"], "ab")


def test_program_result_keeps_counts_per_entity() -> None:
    result = ImportResult(4, {"projects": Counts(3, 1, 1, 1)})
    report = result.as_records_report("projects", "p.csv")
    assert (report.rows, report.created, report.updated, report.unchanged) == (3, 1, 1, 1)
    assert report.batch_id == 4
    assert report.details["entities"]["projects"]["n_new"] == 1


def test_catalog_provision_tree_and_reference_reports() -> None:
    catalog = CatalogReport(created=["a"], updated=["b", "c"], unchanged=4, kept=["d"])
    report = catalog.as_records_report("indicators", "c.csv")
    assert (report.rows, report.created, report.updated, report.unchanged) == (7, 1, 2, 4)
    assert report.details["kept"] == ["d"] and report.warnings

    provision = ProvisionReport("s.csv", "dry-run", 3, 1, 1, 1, ["s.csv:2: bad"], None)
    shaped = provision.as_records_report()
    assert shaped.dry_run and shaped.status == "dry-run" and shaped.problems[0].reason

    tree = TreeReport(units=10, settlements=8, linked_towns=2, issues=[])
    assert tree.as_records_report("t.csv").details["linked_towns"] == 2

    loaded = LoadReport({"region": 20, "settlement": 27}).as_records_report()
    assert isinstance(loaded, ImportReport) and loaded.rows == 47


def test_a_report_reads_as_lines_and_as_data() -> None:
    report = ImportReport("values", "v.csv", created=1, skipped=1, batch_id=9,
                          problems=[Problem("v.csv", 3, "value", "is not a number")])  # fmt: skip
    head = "values: v.csv: 1 created, 0 updated, 0 unchanged, 1 skipped as batch 9"
    assert report.lines()[0] == head
    assert report.lines()[1] == "skipped: v.csv:3: field 'value': is not a number"
    data = report.to_dict()
    assert data["undo"] == "/api/v1/records/batches/9/undo" and data["changed"] == 1
    assert data["problems"][0]["line"] == "v.csv:3: field 'value': is not a number"
