"""The Python API of program monitoring: each function takes a session, returns a pandas object.

These are what the CLI, the web dashboard and the briefing reports call. Every frame carries a
`synthetic` column (or `synthetic_records` count) so a caller can tell real records from demo ones.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy.orm import Session

from monotown.program import cited, deadlines, overview, progress, store
from monotown.program.bodies import resolve_body
from monotown.program.filters import filter_frame


def directives(
    session: Session,
    *,
    today: dt.date | None = None,
    overdue: bool = False,
    due_within: int | None = None,
    body: str | None = None,
    town: str | None = None,
    status: str | None = None,
    synthetic: bool | None = None,
    language: str = "en",
) -> pd.DataFrame:
    """Directives with `status` derived on `today` (overdue never typed in), `due_on` (the
    deadline that counts) and `days_left`; filtered as asked, soonest deadline first.

    `overdue` and `due_within` combine with OR (overdue ones, or due within N days).
    `body` names a responsible body in any spelling the registry knows (MNE, Минэкономики ...),
    else it matches the names as written by case-insensitive substring. Real records come first,
    then demo ones; each with the event and sentence it was taken from (`event`, `citation`).
    """
    today = today or dt.date.today()
    frame = directives_frame(session, language=language)
    frame = deadlines.with_deadline_status(frame, today)
    frame = filter_frame(session, frame, town=town, synthetic=synthetic)
    if body:
        frame = frame[_names_body(session, frame, body)]
    if status:
        frame = frame[frame["status"] == status]
    frame = deadlines.select_due(frame, today, overdue=overdue, due_within=due_within)
    return frame.sort_values(["synthetic", "due_on", "code"], ignore_index=True)


def directives_frame(session: Session, *, language: str = "en") -> pd.DataFrame:
    """Every directive with its registry bodies and its sources (event, sentence)."""
    frame = store.entity_frame(session, "directives")
    return cited.with_sources(session, cited.with_bodies(session, frame, language), "directives")


def _names_body(session: Session, frame: pd.DataFrame, body: str) -> list[bool]:
    code = _body_code(session, body)
    if code is not None:
        return [code in codes for codes in frame["body_codes"]]
    needle = body.casefold()
    return [
        any(needle in item.casefold() for item in [*spelled, *names])
        for spelled, names in zip(frame["responsible"], frame["bodies"], strict=True)
    ]


def _body_code(session: Session, name: str) -> str | None:
    from monotown.program.body_models import Body

    body_id = resolve_body(session, name)
    return session.get(Body, body_id).code if body_id is not None else None  # type: ignore[union-attr]


def directives_by_body(
    session: Session,
    *,
    today: dt.date | None = None,
    within_days: int = 30,
    synthetic: bool | None = None,
    language: str = "en",
) -> pd.DataFrame:
    """Per responsible body: directives in total, done, open, overdue and due within N days.

    Bodies are counted as the registry knows them, so one body counts once whatever the
    spelling its directives use; a name the registry does not know counts as written.
    """
    today = today or dt.date.today()
    frame = cited.with_bodies(session, store.entity_frame(session, "directives"), language)
    frame = filter_frame(session, frame, synthetic=synthetic)
    return deadlines.by_responsible_body(frame, today, within_days=within_days)


def targets_progress(session: Session, *, synthetic: bool | None = None) -> pd.DataFrame:
    """Every target with its latest actual, share of the way covered (`progress_pct`), the share
    the straight line from baseline to target year expects then (`expected_pct`) and `track`."""
    targets = filter_frame(session, store.entity_frame(session, "targets"), synthetic=synthetic)
    return progress.target_progress(targets, store.entity_frame(session, "target_actuals"))


def target_actuals(session: Session, code: str) -> pd.DataFrame:
    """The yearly actual values recorded for one target (by code)."""
    frame = store.entity_frame(session, "target_actuals")
    return frame[frame["target"] == code].sort_values("year", ignore_index=True)


def headline_facts(
    session: Session, *, topic: str | None = None, as_of: str | None = None
) -> pd.DataFrame:
    """Program-level figures as stated at government sessions: real aggregates, with the event
    they were stated at and their source. Filter by `topic` (e.g. 'anchor_projects', 'budget')."""
    frame = store.entity_frame(session, "facts")
    if topic:
        frame = frame[frame["topic"] == topic]
    if as_of:
        frame = frame[frame["as_of"] == as_of]
    return frame.reset_index(drop=True)


def stated_town_count(session: Session) -> tuple[float, str] | None:
    """The latest stated number of single-industry towns and where it was stated
    ("<event>, <as of>"), or None when no such fact is stored."""
    frame = headline_facts(session, topic="registry")
    frame = frame[frame["metric"] == "single_industry_towns"]
    if frame.empty:
        return None
    row = frame.sort_values("as_of", kind="stable").iloc[-1]
    return float(row["value"]), f"{row['event']}, {row['as_of']}"


def program_overview(session: Session) -> pd.DataFrame:
    """Headline figures: each stated fact (real aggregate, with event and source) next to what
    the stored records add up to, and whether those records are real, synthetic or mixed."""
    frames = {
        "facts": cited.with_sources(session, store.entity_frame(session, "facts"), "facts"),
        "projects": store.entity_frame(session, "projects"),
        "budget": store.entity_frame(session, "budget"),
        "measures": store.entity_frame(session, "measures"),
        "works": store.entity_frame(session, "works"),
    }
    return overview.program_overview(frames)
