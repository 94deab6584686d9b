"""The staging area of one import: the good rows in memory, problems in a temporary table.

Chunks of records are checked for what can be told row by row (a known town, indicator, period,
a number, a flag) with vectorised pandas, and the good rows are kept (about 60 bytes each). What
needs the whole file (range, duplicate keys) is then checked in memory (`bulk_checks`). When no
stored value shares a key with the file, which is the case of every first load, that is all: the
rows are written straight into the values table, once. Otherwise they go into the temporary table
`mt_stage` in bulk and the checks against stored values are one SQL statement each. Every problem
goes into `mt_issue`, so a file with a million bad rows still costs little memory.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import text
from sqlalchemy.orm import Session

from monotown.data import bulk_checks
from monotown.data.bulk import ImportSettings, affected, bulk_insert
from monotown.data.bulk_stored import (
    CONFLICT_SQL,
    DIFFERS,
    ISSUES,
    KEEP_STORED_SQL,
    KEY_MATCH,
    MARK_BAD_SQL,
    PERIOD_TYPE_SQL,
    STAGE,
    STAGE_COLUMNS,
    YEAR_SQL,
)
from monotown.data.bulk_write import large_insert, write_rows
from monotown.data.cells import CodedTexts, parse_numbers, parse_periods
from monotown.data.layouts import Layout
from monotown.data.models import FLAGS
from monotown.data.resolve import AMBIGUOUS, UNKNOWN, Resolver

ISSUE_COLUMNS = ("row_no", "col", "value", "code", "arg")
# Staged rows per bulk insert, and the columns that reference other tables.
STAGE_ROWS = 100_000
REFERENCES = ("settlement_id", "indicator_id")


def _per_distinct(column: pd.Series, describe: Callable[[str], str | None]) -> pd.Series:
    """`describe` of each cell, computed once per distinct text (names repeat a lot)."""
    return column.map({text: describe(text) for text in pd.unique(column)})


def _cells(frame: pd.DataFrame) -> pd.Series:
    """(row, column) of each record as one integer, to match records with their problems."""
    return frame["row_no"].astype("int64") * (1 << 20) + frame["col"].astype("int64")


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
        self.ranges = bulk_checks.indicator_ranges(session)
        self.town_ids: dict[str, int] = {}
        self.pending: list[pd.DataFrame] = []
        # The good rows, when no stored value shares a key with them (see `check`).
        self.in_memory: pd.DataFrame | None = None
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
        self, records: pd.DataFrame, coded: dict[str, CodedTexts], report: Callable[..., None]
    ) -> tuple[np.ndarray, np.ndarray]:
        """Settlement and indicator ids of a chunk, reporting empty, unknown, ambiguous names."""
        resolver = self.resolver
        settlement_ids = self._settlement_ids(coded["settlement"])
        self._report_unresolved(records, coded, "settlement", settlement_ids, report)
        ambiguous = settlement_ids == AMBIGUOUS
        if ambiguous.any():
            towns = _per_distinct(records["settlement"][ambiguous], resolver.ambiguity)
            report(ambiguous, "settlement", "ambiguous_settlement", towns)
        indicator_ids = resolver.indicators(coded["indicator"])
        self._report_unresolved(records, coded, "indicator", indicator_ids, report)
        return settlement_ids, indicator_ids

    def _settlement_ids(self, names: CodedTexts) -> np.ndarray:
        """`Resolver.settlements`, each distinct text resolved once per import (not per chunk)."""
        known = self.town_ids
        new = [text for text in names.distinct if text not in known]
        if new:
            found = self.resolver.settlements(pd.Series(new, dtype=object))
            known.update(zip(new, found.tolist(), strict=True))
        return names.map(known.__getitem__, "int64")

    def _report_unresolved(
        self,
        records: pd.DataFrame,
        coded: dict[str, CodedTexts],
        field: str,
        ids: np.ndarray,
        report: Callable[..., None],
    ) -> None:
        """Report the chunk's empty and unknown names in `field`, with the closest known ones."""
        empty = coded[field].equals("")
        report(empty, field, "missing")
        unknown = (ids == UNKNOWN) & ~empty
        if unknown.any():
            names = records[field][unknown]
            hints = _per_distinct(names, lambda name: self.resolver.suggest(field, name))
            report(unknown, field, f"unknown_{field}", hints)

    def add(self, records: pd.DataFrame) -> None:
        """Check one chunk row by row, stage its good rows and record its problems."""
        if records.empty:
            return
        # Plain object arrays: pandas' own string arrays (no pyarrow here) compare several times
        # slower, and the checks below compare every column a few times.
        texts = [name for name in records.columns if name not in ("row", "col")]
        records = records.reset_index(drop=True).astype(dict.fromkeys(texts, object))
        # Each text column factorized once: the checks below run per distinct text.
        coded = {
            name: CodedTexts.of(records[name], strip=True)
            for name in ("settlement", "indicator", "period", "flag")
        }
        # Free text keeps a leading tab or other character the user typed (files guard it).
        coded.update({name: CodedTexts.of(records[name], strip=" ") for name in ("note", "source")})
        for name, column in coded.items():
            records[name] = column.texts()
        self.values_read += len(records)
        problems: list[pd.DataFrame] = []

        def report(
            mask: np.ndarray, field: str, code: str, arg: pd.Series | str | None = None
        ) -> None:
            if mask.any():
                problems.append(self._issues(records, mask, field, code, arg))

        settlement_ids, indicator_ids = self._resolve(records, coded, report)
        periods = parse_periods(coded["period"])
        empty_period = coded["period"].equals("")
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
        bad_flag = coded["flag"].map(lambda text: text != "" and text.lower() not in FLAGS, bool)
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
                "note": coded["note"].map(lambda text: text or None, object),
                "flag": coded["flag"].map(lambda text: text.lower() or None, object),
                "source": coded["source"].map(lambda text: text or None, object),
            }
        )[good]
        self.pending.append(staged)

    # -- whole-file checks -------------------------------------------------------------------

    def check(self, *, conflicts: str, default_flag: str) -> None:
        """Range and duplicate checks over the whole file, then (when a stored value may share a
        key with it) the checks against stored values over the staged rows.

        `conflicts`: 'error' (report a differing stored real value), 'replace' (--update) or
        'keep' (leave stored real values alone, silently: used for demo data).
        """
        rows = pd.concat(self.pending, ignore_index=True) if self.pending else None
        self.pending = []
        if rows is None:
            return
        problems = [bulk_checks.range_issues(rows, self.ranges)]
        problems.append(bulk_checks.duplicate_issues(rows))
        found = pd.concat(problems, ignore_index=True)
        bulk_insert(self.session, ISSUES, bulk_checks.CHECK_ISSUE_COLUMNS, found)
        bad = _cells(rows).isin(_cells(found))
        if not bulk_checks.shares_stored_key(self.session, rows):
            self.in_memory = rows[~bad].reset_index(drop=True)
            self.invalid_in_chunks += int(bad.sum())
            return
        rows["bad"] = bad.astype("int64")
        for start in range(0, len(rows), STAGE_ROWS):
            bulk_insert(
                self.session, STAGE, (*STAGE_COLUMNS, "bad"), rows[start : start + STAGE_ROWS]
            )
        del rows
        run = self.session.execute
        params = {"default_flag": default_flag}
        run(text(f"CREATE INDEX mt_stage_key ON {STAGE} (settlement_id, indicator_id, period)"))
        conflicting = 0
        if conflicts == "error":
            conflicting = affected(run(text(CONFLICT_SQL), params))
        elif conflicts == "keep":
            run(text(KEEP_STORED_SQL), params)
        if conflicting or len(found):
            run(text(f"CREATE INDEX mt_issue_cell ON {ISSUES} (row_no, col)"))
            run(text(MARK_BAD_SQL))

    def counts(self, *, default_flag: str) -> dict[str, int]:
        """new / changed / unchanged among the good rows, kept (stored wins), invalid, issues."""
        issues = int(self.session.execute(text(f"SELECT COUNT(*) FROM {ISSUES}")).scalar_one())
        invalid = self.invalid_in_chunks
        if self.in_memory is not None:
            new = 0 if self.in_memory is None else len(self.in_memory)
            return {"new": new, "changed": 0, "unchanged": 0, "invalid": invalid, "issues": issues}
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
        return {
            "new": new,
            "changed": changed,
            "unchanged": good - new - changed + kept,
            "invalid": invalid + bad,
            "issues": issues,
        }

    # -- writing -----------------------------------------------------------------------------

    def write(
        self, *, batch_id: int, source: str, default_flag: str, now: Any, counts: dict[str, int]
    ) -> None:
        """Keep the stored values about to be replaced, then replace them and add the new ones.

        `counts` (from `counts`) lets the statements that would find nothing be skipped.
        """
        if self.in_memory is not None:
            rows = self.in_memory
            referenced = {name: pd.unique(rows[name]).tolist() for name in REFERENCES}
            with large_insert(self.session, len(rows), referenced):
                write_rows(self.session, rows, batch_id, source=source, default_flag=default_flag)
            return
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
        with large_insert(self.session, incoming, self._referenced()):
            self._insert_good_rows(params, unstored)

    def _referenced(self) -> dict[str, list[int]]:
        """The distinct ids each reference column of the staged good rows holds."""
        return {
            name: list(
                self.session.scalars(text(f"SELECT DISTINCT {name} FROM {STAGE} WHERE bad = 0"))
            )
            for name in REFERENCES
        }

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
        if self.in_memory is not None:
            return {int(x) for x in pd.unique(self.in_memory["settlement_id"])}
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
