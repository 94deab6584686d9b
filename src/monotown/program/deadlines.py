"""Deadlines of directives and measures: what is overdue or due soon on a given day.

Pure functions over pandas frames. 'Overdue' is never stored: a directive is overdue when it is not
done and its deadline (the extended one, if it was extended) is before `today`. The deadline day
itself still counts as on time. `today` is a parameter so answers are reproducible.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from monotown.program.summaries import add_basis
from monotown.program.vocabulary import CLOSED_STATUSES

NOT_STATED = "(not stated)"


def effective_deadline(deadline: dt.date | None, extended_to: dt.date | None) -> dt.date | None:
    """The date that counts: the extension if there is one, else the original deadline."""
    return extended_to or deadline


def derived_status(
    recorded: str, deadline: dt.date | None, extended_to: dt.date | None, today: dt.date
) -> str:
    """The status to show: the recorded one, or 'overdue' once the deadline that counts passed."""
    if recorded in CLOSED_STATUSES:
        return recorded
    due = effective_deadline(deadline, extended_to)
    if due is not None and due < today:
        return "overdue"
    return recorded


def with_deadline_status(frame: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """Add `due_on`, `status` (derived) and `days_left` to a frame with `recorded_status`,
    `deadline` and optionally `extended_to` columns; `days_left` is empty for closed items."""
    result = frame.copy()
    extended = (
        result["extended_to"] if "extended_to" in result else pd.Series(None, index=result.index)
    )
    due = [
        effective_deadline(_date(deadline), _date(extension))
        for deadline, extension in zip(result["deadline"], extended, strict=True)
    ]
    result["due_on"] = pd.Series(due, index=result.index, dtype=object)
    result["status"] = [
        derived_status(recorded, due_on, None, today)
        for recorded, due_on in zip(result["recorded_status"], due, strict=True)
    ]
    result["days_left"] = pd.array(
        [
            None if status in CLOSED_STATUSES or due_on is None else (due_on - today).days
            for status, due_on in zip(result["status"], due, strict=True)
        ],
        dtype="Int64",
    )
    return result


def select_due(
    frame: pd.DataFrame,
    today: dt.date,
    *,
    overdue: bool = False,
    due_within: int | None = None,
) -> pd.DataFrame:
    """Rows that are overdue and/or due within `due_within` days (0 = today) on `today`.

    With both filters a row qualifies if it meets either; with none every row is kept.
    """
    rows = frame if "days_left" in frame else with_deadline_status(frame, today)
    if not overdue and due_within is None:
        return rows
    keep = pd.Series(False, index=rows.index)
    if overdue:
        keep |= rows["status"] == "overdue"
    if due_within is not None:
        open_rows = rows["status"] != "overdue"
        days = rows["days_left"]
        keep |= open_rows & days.notna() & (days.fillna(-1) >= 0) & (days.fillna(-1) <= due_within)
    return rows[keep]


def by_responsible_body(frame: pd.DataFrame, today: dt.date, *, within_days: int) -> pd.DataFrame:
    """Per responsible body: directives (`records`), done, open, overdue, due within N days.

    A directive with several bodies counts once for each of them. `frame` has a `responsible`
    column holding lists of body names as written, and may have `bodies` (the registry's names,
    one per body whatever the spelling), which is then what is counted; a directive that names
    no body counts under "(not stated)".
    """
    columns = [
        "body",
        "records",
        "done",
        "open",
        "overdue",
        f"due_within_{within_days}_days",
        "synthetic_records",
        "basis",
    ]
    rows = with_deadline_status(frame, today)
    if rows.empty:
        return pd.DataFrame(columns=columns)
    names = "bodies" if "bodies" in rows.columns else "responsible"
    bodies = [list(items) or [NOT_STATED] for items in rows[names]]
    rows = rows.assign(body=pd.Series(bodies, index=rows.index, dtype=object))
    exploded = rows.explode("body")
    soon = (
        (exploded["status"] != "overdue")
        & exploded["days_left"].notna()
        & (exploded["days_left"].fillna(-1) >= 0)
        & (exploded["days_left"].fillna(-1) <= within_days)
    )
    summary = pd.DataFrame(
        {
            "body": exploded["body"],
            "records": 1,
            "done": (exploded["status"] == "done").astype(int),
            "open": (~exploded["status"].isin(["done", "overdue"])).astype(int),
            "overdue": (exploded["status"] == "overdue").astype(int),
            f"due_within_{within_days}_days": soon.astype(int),
            "synthetic_records": exploded["synthetic"].astype(bool).astype(int),
        }
    )
    grouped = add_basis(summary.groupby("body", as_index=False, sort=True).sum())
    return grouped.sort_values(["overdue", "body"], ascending=[False, True], ignore_index=True)[
        columns
    ]


def _date(value: object) -> dt.date | None:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))
