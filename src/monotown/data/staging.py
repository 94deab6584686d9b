"""The staging area of one import: temporary tables, bulk loading, set-based checks.

Chunks of records are checked for what can be told row by row (a known town, indicator, period,
a number, a flag) with vectorised pandas, and the good rows go into the temporary table `mt_stage`
in bulk (SQLite `executemany`, PostgreSQL `COPY`). What needs the whole file or the stored data
(range, duplicate keys, conflicts with stored values) is then checked with one SQL statement each.
Every problem goes into `mt_issue`, so a file with a million bad rows still costs no memory.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import text
from sqlalchemy.orm import Session

from monotown.data.bulk import ImportSettings, affected, bulk_insert
from monotown.data.bulk_write import large_insert
from monotown.data.cells import parse_numbers, parse_periods
from monotown.data.layouts import Layout
from monotown.data.models import FLAGS
from monotown.data.resolve import AMBIGUOUS, UNKNOWN, Resolver

STAGE = "mt_stage"
ISSUES = "mt_issue"
STAGE_COLUMNS = (
    "row_no",
    "col",
    "settlement_id",
    "indicator_id",
    "period",
    "value",
    "note",
    "flag",
    "source",
)
# The canonical period text tells its type and year; deriving them in SQL keeps staging narrow.
PERIOD_TYPE_SQL = "CASE LENGTH(s.period) WHEN 4 THEN 'year' WHEN 6 THEN 'quarter' ELSE 'month' END"
YEAR_SQL = "CAST(SUBSTR(s.period, 1, 4) AS INTEGER)"
ISSUE_COLUMNS = ("row_no", "col", "value", "code", "arg")
KEY_MATCH = (
    "v.settlement_id = s.settlement_id AND v.indicator_id = s.indicator_id AND v.period = s.period"
)
# A stored value differs from a staged one when the number, an explicitly given note or flag, or
# (for files that give no flag) the stored 'synthetic' flag differs. Sources are provenance only.
DIFFERS = (
    "(ABS(v.value - s.value) > 1e-12 * (CASE WHEN ABS(v.value) > 1 THEN ABS(v.value) ELSE 1 END)"
    " OR (s.note IS NOT NULL AND (v.note IS NULL OR v.note <> s.note))"
    " OR (s.flag IS NOT NULL AND s.flag <> v.flag)"
    " OR (s.flag IS NULL AND v.flag = 'synthetic' AND :default_flag <> 'synthetic'))"
)


RANGE_SQL = (
    f"INSERT INTO {ISSUES} (row_no, col, num, code, ref_int) "
    f"SELECT s.row_no, s.col, s.value, 'out_of_range', s.indicator_id FROM {STAGE} s "
    "JOIN indicator i ON i.id = s.indicator_id "
    "WHERE (i.min_value IS NOT NULL AND s.value < i.min_value) "
    "OR (i.max_value IS NOT NULL AND s.value > i.max_value)"
)
HAS_DUPLICATES_SQL = (
    f"SELECT 1 FROM {STAGE} GROUP BY settlement_id, indicator_id, period HAVING COUNT(*) > 1 "
    "LIMIT 1"
)
# Every row of a repeated key is a problem; each names another row with the same key.
DUPLICATE_SQL = (
    f"INSERT INTO {ISSUES} (row_no, col, num, code, ref_int) "
    "SELECT row_no, col, value, 'duplicate', "
    "CASE WHEN row_no = first_row AND next_row IS NOT NULL THEN next_row ELSE first_row END "
    "FROM (SELECT row_no, col, value, COUNT(*) OVER k AS n, MIN(row_no) OVER k AS first_row, "
    "LEAD(row_no) OVER (PARTITION BY settlement_id, indicator_id, period ORDER BY row_no, col) "
    f"AS next_row FROM {STAGE} WINDOW k AS (PARTITION BY settlement_id, indicator_id, period)) d "
    "WHERE n > 1"
)
CONFLICT_SQL = (
    f"INSERT INTO {ISSUES} (row_no, col, num, code, arg, ref_num, ref_int) "
    "SELECT s.row_no, s.col, s.value, 'conflict', v.flag, v.value, v.batch_id "
    f"FROM {STAGE} s JOIN indicator_value v ON {KEY_MATCH} "
    f"WHERE v.flag <> 'synthetic' AND {DIFFERS}"
)
KEEP_STORED_SQL = (
    f"UPDATE {STAGE} AS s SET bad = 2 WHERE EXISTS (SELECT 1 FROM indicator_value v "
    f"WHERE {KEY_MATCH} AND v.flag <> 'synthetic' AND {DIFFERS})"
)
MARK_BAD_SQL = (
    f"UPDATE {STAGE} AS s SET bad = 1 WHERE EXISTS "
    f"(SELECT 1 FROM {ISSUES} i WHERE i.row_no = s.row_no AND i.col = s.col)"
)


def _per_distinct(column: pd.Series, describe: Callable[[str], str | None]) -> pd.Series:
    """`describe` of each cell, computed once per distinct text (names repeat a lot)."""
    return column.map({text: describe(text) for text in pd.unique(column)})


def _stripped(column: pd.Series, characters: str | None = None) -> pd.Series:
    """The column without surrounding `characters` (any white space by default), stripping each
    distinct text once."""
    distinct = pd.unique(column)
    if all(text == text.strip(characters) for text in distinct):
        return column
    return column.map({text: text.strip(characters) for text in distinct})


def _temp(session: Session, name: str) -> str:
    return f"pg_temp.{name}" if session.get_bind().dialect.name == "postgresql" else f"temp.{name}"


class Stage:
    """One import's staging tables, created on the session's connection and dropped by `close`."""

    def __init__(self, session: Session, layout: Layout, resolver: Resolver) -> None:
        self.session = session
        self.layout = layout
        self.resolver = resolver
        self.values_read = 0
        self.invalid_in_chunks = 0
        self.reported_headers: set[int] = set()
        self.settings = ImportSettings(session)
        self._drop()
        real = "DOUBLE PRECISION"
        session.execute(
            text(
                f"CREATE TEMP TABLE {STAGE} (row_no INTEGER NOT NULL, col INTEGER NOT NULL, "
                "settlement_id INTEGER NOT NULL, indicator_id INTEGER NOT NULL, "
                "period VARCHAR(7) NOT NULL, "
                f"value {real} NOT NULL, note TEXT, flag VARCHAR(10), "
                "source TEXT, bad INTEGER NOT NULL DEFAULT 0)"
            )
        )
        session.execute(
            text(
                f"CREATE TEMP TABLE {ISSUES} (row_no INTEGER, col INTEGER, value TEXT, "
                f"num {real}, code VARCHAR(24) NOT NULL, arg TEXT, ref_num {real}, ref_int INTEGER)"
            )
        )

    def _drop(self) -> None:
        for name in (STAGE, ISSUES):
            self.session.execute(text(f"DROP TABLE IF EXISTS {_temp(self.session, name)}"))

    def close(self) -> None:
        self._drop()
        self.settings.restore()

    def _issues(
        self,
        records: pd.DataFrame,
        mask: np.ndarray,
        field: str,
        code: str,
        arg: pd.Series | str | None = None,
    ) -> pd.DataFrame:
        chosen = records[mask]
        in_header = field == "indicator" and self.layout.indicator_in_header
        col: Any = chosen["col"] if field == "value" or in_header else self.layout.fields[field]
        if in_header:
            # A wide file's unknown indicator is its column header: report it once, on row 1.
            chosen = chosen.drop_duplicates("col")
            chosen = chosen[~chosen["col"].isin(self.reported_headers)]
            self.reported_headers.update(chosen["col"].tolist())
            col = chosen["col"]
            rows: Any = 1
        else:
            rows = chosen["row"]
        frame = pd.DataFrame({"row_no": rows, "col": col, "value": chosen[field], "code": code})
        frame["arg"] = arg.loc[chosen.index].to_numpy() if isinstance(arg, pd.Series) else arg
        return frame

    def _resolve(
        self, records: pd.DataFrame, report: Callable[..., None]
    ) -> tuple[np.ndarray, np.ndarray]:
        """Settlement and indicator ids of a chunk, reporting empty, unknown, ambiguous names."""
        resolver = self.resolver
        settlement_ids = resolver.settlements(records["settlement"])
        self._report_unresolved(records, "settlement", settlement_ids, report)
        ambiguous = settlement_ids == AMBIGUOUS
        if ambiguous.any():
            towns = _per_distinct(records["settlement"][ambiguous], resolver.ambiguity)
            report(ambiguous, "settlement", "ambiguous_settlement", towns)
        indicator_ids = resolver.indicators(records["indicator"])
        self._report_unresolved(records, "indicator", indicator_ids, report)
        return settlement_ids, indicator_ids

    def _report_unresolved(
        self, records: pd.DataFrame, field: str, ids: np.ndarray, report: Callable[..., None]
    ) -> None:
        """Report the chunk's empty and unknown names in `field`, with the closest known ones."""
        names = records[field]
        empty = (names == "").to_numpy()
        report(empty, field, "missing")
        unknown = (ids == UNKNOWN) & ~empty
        if unknown.any():
            hints = _per_distinct(names[unknown], lambda name: self.resolver.suggest(field, name))
            report(unknown, field, f"unknown_{field}", hints)

    def add(self, records: pd.DataFrame) -> None:
        """Check one chunk row by row, stage its good rows and record its problems."""
        if records.empty:
            return
        # Plain object arrays: pandas' own string arrays (no pyarrow here) compare several times
        # slower, and the checks below compare every column a few times.
        texts = [name for name in records.columns if name not in ("row", "col")]
        records = records.reset_index(drop=True).astype(dict.fromkeys(texts, object))
        for name in ("settlement", "indicator", "period", "flag"):
            records[name] = _stripped(records[name])
        # Free text keeps a leading tab or other character the user typed (files guard it).
        for name in ("note", "source"):
            records[name] = _stripped(records[name], " ")
        self.values_read += len(records)
        problems: list[pd.DataFrame] = []

        def report(
            mask: np.ndarray, field: str, code: str, arg: pd.Series | str | None = None
        ) -> None:
            if mask.any():
                problems.append(self._issues(records, mask, field, code, arg))

        settlement_ids, indicator_ids = self._resolve(records, report)
        periods = parse_periods(records["period"])
        empty_period = (records["period"] == "").to_numpy()
        report(empty_period, "period", "missing")
        valid_period = pd.notna(periods)
        report(~valid_period & ~empty_period, "period", "bad_period")
        numbers = parse_numbers(records["value"])
        empty_value = np.zeros(len(records), dtype=bool)
        unparsed = np.isnan(numbers)
        if unparsed.any():
            empty_value[unparsed] = (records["value"][unparsed].str.strip() == "").to_numpy()
        report(empty_value, "value", "missing")
        report(unparsed & ~empty_value, "value", "not_numeric")
        flags = records["flag"].str.lower()
        bad_flag = ((flags != "") & ~flags.isin(FLAGS)).to_numpy()
        if "flag" in self.layout.fields:
            report(bad_flag, "flag", "bad_flag")
        good = (
            (settlement_ids > 0)
            & (indicator_ids > 0)
            & valid_period
            & ~np.isnan(numbers)
            & ~bad_flag
        )
        self.invalid_in_chunks += int((~good).sum())
        if problems:
            issues = pd.concat(problems, ignore_index=True).drop_duplicates(
                ["row_no", "col", "code"]
            )
            bulk_insert(self.session, ISSUES, ISSUE_COLUMNS, issues)
        staged = pd.DataFrame(
            {
                "row_no": records["row"].to_numpy(dtype="int64"),
                "col": records["col"].to_numpy(dtype="int64"),
                "settlement_id": settlement_ids,
                "indicator_id": indicator_ids,
                "period": periods,
                "value": numbers,
                "note": records["note"].where(records["note"] != "", None),
                "flag": flags.where(flags != "", None),
                "source": records["source"].where(records["source"] != "", None),
            }
        )[good]
        bulk_insert(self.session, STAGE, STAGE_COLUMNS, staged)

    # -- whole-file checks -------------------------------------------------------------------

    def check(self, *, conflicts: str, default_flag: str) -> None:
        """Range, duplicate and stored-value checks over the whole staged file.

        `conflicts`: 'error' (report a differing stored real value), 'replace' (--update) or
        'keep' (leave stored real values alone, silently: used for demo data).
        """
        run = self.session.execute
        params = {"default_flag": default_flag}
        run(text(f"CREATE INDEX mt_stage_key ON {STAGE} (settlement_id, indicator_id, period)"))
        found = affected(run(text(RANGE_SQL)))
        if run(text(HAS_DUPLICATES_SQL)).first() is not None:
            found += affected(run(text(DUPLICATE_SQL)))
        if conflicts == "error":
            found += affected(run(text(CONFLICT_SQL), params))
        elif conflicts == "keep":
            run(text(KEEP_STORED_SQL), params)
        if found:
            run(text(f"CREATE INDEX mt_issue_cell ON {ISSUES} (row_no, col)"))
            run(text(MARK_BAD_SQL))

    def counts(self, *, default_flag: str) -> dict[str, int]:
        """new / changed / unchanged among the good rows, kept (stored wins), invalid, issues."""
        row = self.session.execute(
            text(
                "SELECT COUNT(*), "
                "SUM(CASE WHEN s.bad = 0 AND v.id IS NULL THEN 1 ELSE 0 END), "
                f"SUM(CASE WHEN s.bad = 0 AND v.id IS NOT NULL AND {DIFFERS} THEN 1 ELSE 0 END), "
                "SUM(CASE WHEN s.bad = 0 THEN 1 ELSE 0 END), "
                "SUM(CASE WHEN s.bad = 2 THEN 1 ELSE 0 END), "
                "SUM(CASE WHEN s.bad = 1 THEN 1 ELSE 0 END) "
                f"FROM {STAGE} s LEFT JOIN indicator_value v ON {KEY_MATCH}"
            ),
            {"default_flag": default_flag},
        ).one()
        _, new, changed, good, kept, bad = (int(x or 0) for x in row)
        issues = self.session.execute(text(f"SELECT COUNT(*) FROM {ISSUES}")).scalar_one()
        return {
            "new": new,
            "changed": changed,
            "unchanged": good - new - changed + kept,
            "invalid": self.invalid_in_chunks + bad,
            "issues": int(issues),
        }

    # -- writing -----------------------------------------------------------------------------

    def write(
        self, *, batch_id: int, source: str, default_flag: str, now: Any, counts: dict[str, int]
    ) -> None:
        """Keep the stored values about to be replaced, then replace them and add the new ones.

        `counts` (from `counts`) lets the statements that would find nothing be skipped.
        """
        params = {"batch": batch_id, "now": now, "default_flag": default_flag, "source": source}
        replaced = (
            f"SELECT v.id FROM {STAGE} s JOIN indicator_value v ON {KEY_MATCH} "
            f"WHERE s.bad = 0 AND {DIFFERS}"
        )
        run = self.session.execute
        if counts["changed"]:
            run(
                text(
                    "INSERT INTO indicator_value_replaced (replaced_by, replaced_at, "
                    "settlement_id, indicator_id, period, period_type, year, value, flag, source, "
                    "note, batch_id) SELECT :batch, :now, settlement_id, indicator_id, period, "
                    "period_type, year, value, flag, source, note, batch_id FROM indicator_value "
                    f"WHERE id IN ({replaced})"
                ),
                params,
            )
            run(text(f"DELETE FROM indicator_value WHERE id IN ({replaced})"), params)
        # Once the changed values are gone, only unchanged ones can still hold a staged key.
        unstored = (
            f" AND NOT EXISTS (SELECT 1 FROM indicator_value v WHERE {KEY_MATCH})"
            if counts["unchanged"]
            else ""
        )
        incoming = counts.get("new", 0) + counts["changed"]
        with large_insert(self.session, STAGE, incoming):
            self._insert_good_rows(params, unstored)

    def _insert_good_rows(self, params: dict[str, Any], unstored: str) -> None:
        self.session.execute(
            text(
                "INSERT INTO indicator_value (settlement_id, indicator_id, period, period_type, "
                "year, value, flag, source, note, batch_id) "
                f"SELECT s.settlement_id, s.indicator_id, s.period, {PERIOD_TYPE_SQL}, {YEAR_SQL}, "
                "s.value, "
                "COALESCE(s.flag, :default_flag), COALESCE(s.source, :source), s.note, :batch "
                f"FROM {STAGE} s WHERE s.bad = 0{unstored} "
                # In key order, the unique index grows at its end instead of at random places.
                "ORDER BY s.settlement_id, s.indicator_id, s.period"
            ),
            params,
        )

    def settlement_ids(self) -> set[int]:
        """The settlements the good rows would write to (after every name was resolved)."""
        query = f"SELECT DISTINCT settlement_id FROM {STAGE} WHERE bad = 0"
        rows = self.session.execute(text(query))
        return {int(settlement_id) for (settlement_id,) in rows}

    # -- reading the problems back -----------------------------------------------------------

    def issue_rows(self, limit: int | None = None) -> Any:
        """Problems in file order: (row_no, col, value, num, code, arg, ref_num, ref_int)."""
        query = (
            "SELECT row_no, col, value, num, code, arg, ref_num, ref_int "
            f"FROM {ISSUES} ORDER BY row_no, col, code"
        )
        if limit is not None:
            query += f" LIMIT {int(limit)}"
        return self.session.execute(text(query))
