"""`import` on every importable kind, generated from the kinds table, through the API and the CLI,
on both backends: the kind's own export imports back (one record edited) and round-trips, undo
of the batch restores every table, a bad row refuses the file with one line naming file, row and
field and stores nothing, --skip-invalid lands the good rows and reports the bad one, a dry run
stores nothing. Every kind is either importable or says why not."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from monotown import catalog
from monotown.records.kinds import Kind
from tests.records.test_kinds_table import _state, cli
from tests.web.conftest import Web

KINDS = list(catalog.install())
IMPORTABLE = [kind for kind in KINDS if kind.importer is not None]
BY_KIND = pytest.mark.parametrize("kind", IMPORTABLE, ids=[kind.key for kind in IMPORTABLE])
# The text column each kind's test edits (the first of these its export has).
EDITED = ("note", "description", "source", "name_en", "name")
# A cell its importer refuses, per kind (program kinds: a flag that is neither true nor false).
BAD = {
    "settlements": ("latitude", "north"), "enterprises": ("settlements", "no-such-town"),
    "indicators": ("min", "low"), "values": ("value", "lots"), "bodies": ("kind", "guild"),
}  # fmt: skip
PROGRAM_BAD = ("synthetic", "maybe")
# Columns an import changes by design: the batch a value belongs to.
NEW_EACH_IMPORT = frozenset({"batch_id"})
SAMPLE_ROWS = 4


def _export(site: Web, kind: Kind) -> tuple[list[str], list[list[str]]]:
    answer = site.client("admin").get(f"/api/v1/records/{kind.key}/export?format=csv")
    assert answer.status_code == 200, answer.text
    header, *rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
    return header, rows


def _sample(site: Web, kind: Kind) -> tuple[list[str], list[list[str]], str]:
    """A few exported rows, the first with its edited column changed, and that column."""
    header, rows = _export(site, kind)
    rows = rows[:SAMPLE_ROWS]
    column = next(name for name in EDITED if name in header)
    rows[0][header.index(column)] = f"imported {rows[0][header.index(column)]}".strip()
    return header, rows, column


def _bad(kind: Kind, header: list[str], rows: list[list[str]]) -> tuple[list[list[str]], str]:
    """The rows with the second one made bad (file row 3), and the bad column."""
    column, value = BAD.get(kind.key, PROGRAM_BAD)
    bad = [list(row) for row in rows]
    bad[1][header.index(column)] = value
    return bad, column


def _csv(header: list[str], rows: list[list[str]], encoding: str = "utf-8-sig") -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows([header, *rows])
    return out.getvalue().encode(encoding)


def _post(site: Web, kind: Kind, content: bytes, **options: bool) -> Any:
    return site.client("admin").post(
        f"/api/v1/records/{kind.key}/import",
        files={"file": (f"{kind.key}.csv", content, "text/csv")},
        data={name: str(value).lower() for name, value in options.items()},
    )


def _keyed(kind: Kind, header: list[str], rows: list[list[str]]) -> dict[str, dict[str, str]]:
    key = header.index(kind.key_column)
    return {
        row[key]: {name: cell for name, cell in zip(header, row, strict=True)
                   if name not in NEW_EACH_IMPORT}
        for row in rows
    }  # fmt: skip


def _undo(site: Web, batch: int) -> None:
    undone = site.client("admin").post(f"/api/v1/records/batches/{batch}/undo")
    assert undone.status_code == 200, undone.text


@BY_KIND
def test_an_export_imports_back_round_trips_and_undo_restores(site: Web, kind: Kind) -> None:
    before = _state(site, kind)
    header, rows, column = _sample(site, kind)
    answer = _post(site, kind, _csv(header, rows))
    assert answer.status_code == 201, answer.text
    report = answer.json()
    assert report["kind"] == kind.key and report["status"] == "committed"
    assert (report["created"], report["updated"]) == (0, 1), report
    assert report["unchanged"] == len(rows) - 1 and report["skipped"] == 0
    assert _state(site, kind) != before
    exported = _keyed(kind, *_export(site, kind))
    for key, row in _keyed(kind, header, rows).items():
        assert exported[key] == row, (key, column)
    _undo(site, report["batch_id"])
    assert _state(site, kind) == before


@BY_KIND
def test_a_bad_row_refuses_the_file_and_stores_nothing(
    site: Web, kind: Kind, tmp_path: Any
) -> None:
    before = _state(site, kind)
    header, rows, _ = _sample(site, kind)
    bad, column = _bad(kind, header, rows)
    answer = _post(site, kind, _csv(header, bad))
    assert answer.status_code == 422, answer.text
    detail = answer.json()["detail"]
    assert "\n" not in detail and f"{kind.key}.csv:3" in detail and f"'{column}'" in detail
    path = tmp_path / f"{kind.key}.csv"
    path.write_bytes(_csv(header, bad))
    printed = cli(site, "records", "import", kind.key, str(path))
    assert printed.exit_code == 1, printed.output
    lines = printed.output.strip().splitlines()
    assert len(lines) == 1 and f"{path}:3" in lines[0] and f"'{column}'" in lines[0], lines
    assert _state(site, kind) == before


@BY_KIND
def test_skip_invalid_lands_the_good_rows_and_reports_the_bad(site: Web, kind: Kind) -> None:
    before = _state(site, kind)
    header, rows, _ = _sample(site, kind)
    bad, column = _bad(kind, header, rows)
    answer = _post(site, kind, _csv(header, bad, "utf-16"), skip_invalid=True)
    assert answer.status_code == 201, answer.text
    report = answer.json()
    assert report["updated"] == 1 and report["skipped"] == 1, report
    assert [(one["row"], one["field"]) for one in report["problems"]] == [(3, column)]
    _undo(site, report["batch_id"])
    assert _state(site, kind) == before


@BY_KIND
def test_a_dry_run_counts_and_stores_nothing(site: Web, kind: Kind, tmp_path: Any) -> None:
    before = _state(site, kind)
    header, rows, _ = _sample(site, kind)
    answer = _post(site, kind, _csv(header, rows, "utf-16"), dry_run=True)
    assert answer.status_code == 200, answer.text
    report = answer.json()
    assert report["status"] == "dry-run" and report["batch_id"] is None
    assert report["updated"] == 1, report
    path = tmp_path / f"{kind.key}.csv"
    path.write_bytes(_csv(header, rows))
    printed = cli(site, "records", "import", kind.key, str(path), "--dry-run")
    assert printed.exit_code == 0 and "dry run, nothing stored" in printed.output, printed.output
    assert _state(site, kind) == before


@pytest.mark.parametrize("kind", KINDS, ids=[kind.key for kind in KINDS])
def test_every_kind_has_an_importer_or_says_why_not(kind: Kind) -> None:
    assert (kind.importer is None) != (kind.not_importable is None), kind.key
    assert kind.not_importable is None or len(kind.not_importable) > 20


def test_a_kind_that_cannot_be_imported_says_why(site: Web, tmp_path: Any) -> None:
    refused = [kind for kind in KINDS if kind.importer is None]
    assert {kind.key for kind in refused} >= {"regions", "runs"}
    path = tmp_path / "file.csv"
    path.write_text("code\nx\n", encoding="utf-8")
    for kind in refused:
        answer = _post(site, kind, path.read_bytes())
        assert answer.status_code == 422 and "cannot be imported" in answer.json()["detail"]
        printed = cli(site, "records", "import", kind.key, str(path))
        assert printed.exit_code == 1 and "cannot be imported" in printed.output


def test_a_viewer_may_not_import(site: Web) -> None:
    kind = catalog.kind("values")
    answer = site.client("viewer").post(
        "/api/v1/records/values/import", files={"file": ("v.csv", b"town\n", "text/csv")}
    )
    assert answer.status_code == 403, answer.text
    assert kind.importer is not None


ODD_UPLOADS = [
    ("empty.csv", b""), ("garbage.xlsx", b"PK\x03\x04not a workbook"),
    ("bytes.csv", b"\xff\xfe\x00"), ("../../etc/passwd", b"code\nx\n"),
    ("name\x00.csv", b"a,b\n1,2\n"), ("no-header.csv", b"\n\n"),
]  # fmt: skip


@pytest.mark.parametrize("key", ["values", "projects", "settlements", "indicators", "bodies"])
def test_odd_uploads_are_refused_with_a_4xx_and_store_nothing(site: Web, key: str) -> None:
    kind = catalog.kind(key)
    before = _state(site, kind)
    for name, content in ODD_UPLOADS:
        answer = site.client("admin").post(
            f"/api/v1/records/{key}/import", files={"file": (name, content, "text/csv")}
        )
        assert 400 <= answer.status_code < 500, (name, answer.status_code, answer.text)
        assert "\n" not in answer.json()["detail"], answer.text
    assert _state(site, kind) == before
