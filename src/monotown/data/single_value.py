"""Writing or deleting one indicator value directly, with the checks and records of an import.

An import stages its rows in temporary tables and checks them with set-based SQL: right for a
million rows, but 25-45 ms of work (under the write lock) for one. A single value goes through the
same checks here in Python, reusing the import's own pieces (the `Resolver` for towns and
indicators, `parse_period`/`parse_numbers` for cells, `describe` for the messages), and is stored
the way `Stage.write` stores it: a batch of its own, the replaced value kept for undo, the same
audit entry. `tests/data/test_single_value.py` checks that both paths store identical rows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from monotown.data.batches import VALUE_COLUMNS
from monotown.data.catalog import get_indicator
from monotown.data.cells import format_number, parse_numbers, parse_period
from monotown.data.importer import ImportReport
from monotown.data.issues import ImportIssue, describe
from monotown.data.models import FLAGS, Indicator, IndicatorValue, ReplacedValue
from monotown.data.resolve import AMBIGUOUS, UNKNOWN, Resolver
from monotown.db import begin_keyed_write, lock_key
from monotown.errors import ConcurrentImportError, DatabaseNotReadyError, InputError, NotFoundError
from monotown.records.kinds import Actor
from monotown.records.provenance import ImportBatch, audit, current_user, utcnow
from monotown.registry import find_settlement
from monotown.registry.access import WriteScope, require_settlements
from monotown.registry.models import Settlement

# The columns of the one-row frame an import of the same value would read (issue columns).
COLUMNS = ("settlement", "indicator", "period", "value", "flag", "source", "note")
FORMAT = "long FRAME"


@dataclass(frozen=True)
class _Checked:
    """The typed cells of a value that passed the row checks."""

    settlement_id: int
    indicator: Indicator
    period: str
    period_type: str
    year: int
    value: float
    flag: str | None
    source: str | None
    note: str | None


def _text(value: float | str | None) -> str:
    """The cell text an import of a one-row frame would see."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip(" ")


class _Issues:
    def __init__(self, file: str) -> None:
        self.file = file
        self.found: list[tuple[int, str, ImportIssue]] = []

    def add(self, column: str, value: str, reason: str, code: str) -> None:
        issue = ImportIssue(self.file, 1, column, value, reason, code)
        self.found.append((COLUMNS.index(column), code, issue))

    def sorted(self) -> list[ImportIssue]:
        """In the import's order: by column, then code."""
        return [issue for _, _, issue in sorted(self.found, key=lambda item: item[:2])]


def _by_codes(session: Session, town: str, indicator: str) -> tuple[int, Indicator] | None:
    """The settlement and indicator when both are named by their exact codes (as API clients
    name them): one indexed query instead of the import's whole-registry `Resolver`. A code wins
    over any name or DHIS2 code there too, so the answer is the same."""
    settlement = select(Settlement.id).where(Settlement.code == town).scalar_subquery()
    found = session.execute(
        select(Indicator, settlement.label("settlement_id")).where(Indicator.code == indicator)
    ).one_or_none()
    if found is None or found.settlement_id is None:
        return None
    return int(found.settlement_id), found[0]


def _resolve(
    session: Session, cells: dict[str, str], issues: _Issues
) -> tuple[int, Indicator | None]:
    """Settlement id and indicator the cells name, as the import resolves them (codes, names,
    DHIS2 codes); the misses are added to `issues` with the import's suggestions."""
    found = _by_codes(session, cells["settlement"], cells["indicator"])
    if found is not None:
        return found
    if not session.scalar(select(exists().where(Indicator.id.is_not(None)))):
        raise DatabaseNotReadyError(
            "the indicator catalog is empty; run 'monotown indicators load' first"
        )
    resolver = Resolver(session)
    town, code = cells["settlement"], cells["indicator"]
    settlement_id = int(resolver.settlements(pd.Series([town], dtype=object))[0])
    _add_miss(issues, resolver, "settlement", town, settlement_id)
    indicator_id = resolver.indicator_ids.get(code.casefold(), UNKNOWN)
    _add_miss(issues, resolver, "indicator", code, indicator_id)
    known = session.get(Indicator, indicator_id) if indicator_id >= 0 else None
    return settlement_id, known


def _add_miss(issues: _Issues, resolver: Resolver, field: str, text: str, found: int) -> None:
    """The issue of a `field` cell that is empty or names no stored record (or several), worded
    and hinted as the import words it; nothing when `found` is a record's id."""
    if text == "":
        problem, hint = "missing", None
    elif found == UNKNOWN:
        problem, hint = f"unknown_{field}", resolver.suggest(field, text)
    elif found == AMBIGUOUS:
        problem, hint = f"ambiguous_{field}", resolver.ambiguity(text)
    else:
        return
    issues.add(field, text, describe(problem, hint, None, None, {}), problem)


def _check_row(session: Session, cells: dict[str, str], issues: _Issues) -> _Checked | None:
    """The row-by-row checks of `Stage.add` for one row; None when any fails."""
    indicators: dict[int, Indicator] = {}
    settlement_id, indicator = _resolve(session, cells, issues)
    period = parse_period(cells["period"])
    if cells["period"] == "":
        issues.add("period", "", describe("missing", None, None, None, indicators), "missing")
    elif period is None:
        reason = describe("bad_period", None, None, None, indicators)
        issues.add("period", cells["period"], reason, "bad_period")
    number = float(parse_numbers(pd.Series([cells["value"]], dtype=object))[0])
    if math.isnan(number):
        code_ = "missing" if cells["value"].strip() == "" else "not_numeric"
        issues.add("value", cells["value"], describe(code_, None, None, None, indicators), code_)
    flag = cells["flag"].lower()
    if flag != "" and flag not in FLAGS:
        issues.add("flag", cells["flag"], describe("bad_flag", None, None, None, indicators),
                   "bad_flag")  # fmt: skip
    if issues.found or period is None or indicator is None:
        return None
    return _Checked(
        settlement_id=settlement_id,
        indicator=indicator,
        period=period.text,
        period_type=period.type,
        year=period.year,
        value=number,
        flag=flag or None,
        source=cells["source"] or None,
        note=cells["note"] or None,
    )


def _differs(stored: IndicatorValue, row: _Checked, default_flag: str) -> bool:
    """`staging.DIFFERS` for one stored value."""
    scale = abs(stored.value) if abs(stored.value) > 1 else 1.0
    return (
        abs(stored.value - row.value) > 1e-12 * scale
        or (row.note is not None and (stored.note is None or stored.note != row.note))
        or (row.flag is not None and row.flag != stored.flag)
        or (row.flag is None and stored.flag == "synthetic" and default_flag != "synthetic")
    )


def write_value(
    session: Session,
    *,
    town: str,
    indicator: str,
    period: str,
    value: float | str | None,
    flag: str | None = None,
    source: str | None = None,
    note: str | None = None,
    name: str = "value",
    default_flag: str = "official",
    update: bool = True,
    user: str | None = None,
    origin: str = "api",
    scope: WriteScope | None = None,
) -> ImportReport:
    """Store one value as `import_frame` would store a one-row frame with these cells.

    Returns the same report (committed with a batch, no-op when already stored, rejected with the
    problems). `update` replaces a differing stored official/estimate value (else a conflict);
    `scope` must cover the settlement the town resolves to.
    """
    if default_flag not in FLAGS:
        raise InputError(
            f"flag must be one of {', '.join(FLAGS)}", field="flag", value=default_flag
        )
    started = utcnow()
    begin_keyed_write(session)
    cells = dict(
        zip(COLUMNS, map(_text, (town, indicator, period, value, flag, source, note)), strict=True)
    )
    for key in ("settlement", "indicator", "period", "flag"):
        cells[key] = cells[key].strip()
    issues = _Issues(name)
    report = ImportReport(file=name, sha256=None, format=FORMAT, status="rejected", rows=1)
    row = _check_row(session, cells, issues)
    stored = None
    if row is not None:
        # Writers of the same value queue here; the stored value is read once it is ours.
        lock_key(session, f"value {row.settlement_id} {row.indicator.id} {row.period}")
        low, high = row.indicator.min_value, row.indicator.max_value
        shown = format_number(row.value)
        if (low is not None and row.value < low) or (high is not None and row.value > high):
            known = {row.indicator.id: row.indicator}
            reason = describe("out_of_range", None, None, row.indicator.id, known)
            issues.add("value", shown, reason, "out_of_range")
        stored = session.scalars(
            select(IndicatorValue).where(
                IndicatorValue.settlement_id == row.settlement_id,
                IndicatorValue.indicator_id == row.indicator.id,
                IndicatorValue.period == row.period,
            )
        ).one_or_none()
        conflicting = stored is not None and not update and stored.flag != "synthetic"
        if stored is not None and conflicting and _differs(stored, row, default_flag):
            reason = describe("conflict", stored.flag, stored.value, stored.batch_id, {})
            issues.add("value", shown, reason, "conflict")
    report.issues = issues.sorted()
    report.n_issues = len(report.issues)
    if row is None or report.issues:
        report.n_invalid = 1
        return report
    changed = stored is not None and _differs(stored, row, default_flag)
    report.n_new, report.n_changed = int(stored is None), int(changed)
    report.n_unchanged = 1 - report.n_new - report.n_changed
    if not (report.n_new or report.n_changed):
        report.status = "no-op"
        return report
    require_settlements(session, scope, {row.settlement_id}, f"'{name}'")
    try:
        report.batch_id = _store(session, row, stored, report, default_flag, user, origin, started)
    except IntegrityError:
        raise ConcurrentImportError() from None
    report.status = "committed"
    return report


def _store(
    session: Session,
    row: _Checked,
    stored: IndicatorValue | None,
    report: ImportReport,
    default_flag: str,
    user: str | None,
    origin: str,
    started: object,
) -> int:
    """`importer._write` and `Stage.write` for one value."""
    user = user or current_user()
    now = utcnow()
    # Finished when its one value is in (set now: no UPDATE of the batch afterwards).
    batch = ImportBatch(
        kind="values", file_name=report.file_name, sha256=None, format=FORMAT, source=None,
        user=user, started_at=started, finished_at=now, status="committed", rows_total=1,
        n_new=report.n_new, n_changed=report.n_changed, n_unchanged=report.n_unchanged,
        n_invalid=0, note=None,
    )  # fmt: skip
    session.add(batch)
    session.flush()
    if stored is not None:
        kept = {column: getattr(stored, column) for column in VALUE_COLUMNS}
        session.add(ReplacedValue(replaced_by=batch.id, replaced_at=now, **kept))
        session.delete(stored)
        session.flush()  # the key must be free before the new value takes it
    session.add(
        IndicatorValue(
            settlement_id=row.settlement_id, indicator_id=row.indicator.id, period=row.period,
            period_type=row.period_type, year=row.year, value=row.value,
            flag=row.flag or default_flag, source=row.source or report.file_name, note=row.note,
            batch_id=batch.id,
        )
    )  # fmt: skip
    audit(
        session, Actor(user, origin), "import", "import_batch", str(batch.id),
        new={"file": report.file_name, "sha256": None, "format": FORMAT, "new": report.n_new,
             "changed": report.n_changed, "unchanged": report.n_unchanged, "invalid": 0},
        batch_id=batch.id,
    )  # fmt: skip
    session.flush()
    return batch.id


def delete_value(
    session: Session,
    *,
    town: str,
    indicator: str,
    period: str,
    user: str,
    origin: str = "api",
    scope: WriteScope | None = None,
) -> int:
    """Delete one stored value as a batch of its own (undoing it puts the value back); the
    batch id. The town is found by code or name; `scope` must cover it."""
    begin_keyed_write(session)
    try:
        settlement = find_settlement(session, town)
    except NotFoundError as error:
        raise InputError(error.message, field="town", value=town) from None
    require_settlements(session, scope, {settlement.id}, f"town '{settlement.code}'")
    code = get_indicator(session, indicator)
    lock_key(session, f"value {settlement.id} {code.id} {period}")
    value = session.scalars(
        select(IndicatorValue).where(
            IndicatorValue.settlement_id == settlement.id,
            IndicatorValue.indicator_id == code.id,
            IndicatorValue.period == period,
        )
    ).one_or_none()
    if value is None:
        raise NotFoundError(f"no value of {code.code} for {settlement.code} in {period}")
    key = f"{settlement.code}/{code.code}/{period}"
    batch = ImportBatch(
        kind="values", file_name=f"deletion of {key}", format="delete", user=user,
        status="committed", rows_total=1, n_changed=1, finished_at=utcnow(),
        note=f"value deleted through the {origin}",
    )  # fmt: skip
    session.add(batch)
    session.flush()
    old = {"value": value.value, "flag": value.flag, "source": value.source,
           "batch_id": value.batch_id}  # fmt: skip
    session.add(
        ReplacedValue(
            replaced_by=batch.id, **{name: getattr(value, name) for name in VALUE_COLUMNS}
        )
    )
    session.delete(value)
    audit(
        session, Actor(user, origin), "delete", "indicator_value", key, old=old, batch_id=batch.id
    )
    session.flush()
    return batch.id
