"""/api/v1/imports answers in the records layer's one import report, the same shape (and for the
same file the same figures) as /api/v1/records/{kind}/import, with the older names as aliases."""

from __future__ import annotations

from typing import Any

from monotown.records.imports import ImportReport
from tests.web.conftest import Web
from tests.web.test_api_data import BAD_VALUES, _total, _upload

ONE_SHAPE = set(ImportReport("values", "values.csv", batch_id=1).to_dict())
ALIASES = {"file_name": "file", "rows_total": "rows", "n_new": "created",
           "n_changed": "updated", "n_unchanged": "unchanged", "n_invalid": "skipped"}  # fmt: skip
SETTLEMENT_LINE = (
    "values.csv:4: field 'settlement' value 'Temirtua': unknown town (did you mean 'Temirtau'?)"
)


def _in_one_shape(body: dict[str, Any]) -> None:
    assert ONE_SHAPE - {"undo"} <= set(body), ONE_SHAPE - set(body)
    assert all(body[alias] == body[name] for alias, name in ALIASES.items())
    assert body["n_issues"] == len(body["problems"]) == len(body["issues"])


def test_values_upload_reports_dry_run_rejection_and_skip_invalid_in_one_shape(
    demo_web: Web,
) -> None:
    before = _total(demo_web)
    dry = _upload(demo_web, "analyst", BAD_VALUES, dry_run="true")
    body = dry.json()
    assert dry.status_code == 200 and (body["status"], body["dry_run"]) == ("dry-run", True)
    assert (body["kind"], body["file"], body["rows"], body["created"]) == (
        "values", "values.csv", 4, 2,
    )  # fmt: skip
    assert body["skipped"] == 2 and body["batch_id"] is None and "undo" not in body
    assert [problem["line"] for problem in body["problems"]] == [
        SETTLEMENT_LINE,
        "values.csv:5: field 'value' value 'lots': is not a number",
    ]
    _in_one_shape(body)

    rejected = _upload(demo_web, "analyst", BAD_VALUES)
    refused = rejected.json()
    assert rejected.status_code == 422 and refused["status"] == "rejected"
    assert refused["detail"].startswith(SETTLEMENT_LINE) and refused["batch_id"] is None
    _in_one_shape(refused)
    assert _total(demo_web) == before

    partial = _upload(demo_web, "analyst", BAD_VALUES, skip_invalid="true")
    done = partial.json()
    assert partial.status_code == 201 and (done["status"], done["created"]) == ("committed", 2)
    assert done["undo"] == f"/api/v1/records/batches/{done['batch_id']}/undo"
    assert done["problems"][0]["line"] == SETTLEMENT_LINE
    _in_one_shape(done)
    assert _total(demo_web) == before + 2


def test_the_same_file_gets_the_same_report_from_both_import_urls(demo_web: Web) -> None:
    client = demo_web.client("analyst")
    form = {"dry_run": "true", "skip_invalid": "true"}
    files = {"file": ("values.csv", BAD_VALUES.encode(), "text/csv")}
    records = client.post("/api/v1/records/values/import", files=files, data=form)
    imports = _upload(demo_web, "analyst", BAD_VALUES, **form)
    assert records.status_code == imports.status_code == 200
    kept = ("kind", "file", "status", "rows", "created", "updated", "skipped", "problems")
    assert {key: imports.json()[key] for key in kept} == {key: records.json()[key] for key in kept}


def test_program_upload_answers_in_the_same_shape(demo_web: Web) -> None:
    header = "code,name,kind,town,status,value_kzt\n"
    bad = header + "shape-p1,Bakery,anchor,Temirtua,planned,5\n"
    preview = _upload(demo_web, "analyst", bad, name="projects.csv", kind="projects",
                      dry_run="true")  # fmt: skip
    body = preview.json()
    assert preview.status_code == 200 and (body["kind"], body["status"]) == ("projects", "dry-run")
    assert body["skipped"] == 1 and body["problems"][0]["line"].startswith("projects.csv:2:")
    _in_one_shape(body)
