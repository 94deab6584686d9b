"""Reading a stored assessment run for a report, through `monotown.assess`'s public API.

A report names one run (the one asked for, or the latest for the period, or the latest) and cites
it: date, period, methodology and its hash, input snapshot, units and Monte Carlo replications.
The run is labelled synthetic when the values it assessed include synthetic demo values.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from monotown.assess import evaluate_warnings, load_warning_rules, store
from monotown.assess.inputs import long_values
from monotown.assess.models import AssessmentRun
from monotown.data import IndicatorValue, catalog_frame
from monotown.reports.context import N_, ReportContext
from monotown.reports.model import Source
from monotown.reports.shared_values import ReportValues

GROUP_NAMES = {
    "high": N_("high potential"),
    "average": N_("average potential"),
    "low": N_("low potential"),
}
PILLAR_NAMES = {
    "demography": N_("Demography"),
    "labour": N_("Labour market"),
    "economy": N_("Economy and the town-forming enterprises"),
    "diversification": N_("Economic diversification"),
    "sme": N_("Small and medium enterprises"),
    "investment": N_("Investment"),
    "infrastructure": N_("Infrastructure and utilities"),
    "housing": N_("Housing"),
    "social": N_("Social services"),
    "environment": N_("Environment"),
    "budget": N_("Local budget"),
}


@dataclass(frozen=True)
class RunView:
    """A run with its results, its changes against the run before and its citation."""

    run: AssessmentRun
    results: pd.DataFrame
    changes: pd.DataFrame | None
    previous: AssessmentRun | None
    source: Source

    @property
    def group_order(self) -> list[str]:
        """Group names best first (the order of their best-ranked member)."""
        ranked = self.results.dropna(subset=["group"])
        return list(dict.fromkeys(str(g) for g in ranked["group"]))


def group_name(ctx: ReportContext, group: object) -> str:
    if group is None or (isinstance(group, float) and pd.isna(group)):
        return "–"
    return ctx._(GROUP_NAMES.get(str(group), str(group)))


def rank_text(rank: float) -> str:
    """A rank quantile as printed: whole ranks without decimals (3, not 3.0), others with one."""
    return f"{int(rank)}" if float(rank).is_integer() else f"{rank:.1f}"


def pillar_name(ctx: ReportContext, code: str) -> str:
    return ctx._(PILLAR_NAMES.get(code, code))


def pick_run(session: Session, run_id: int | None, period: int | None) -> AssessmentRun | None:
    """The run asked for (NotFoundError if missing), else the latest for the period, else latest."""
    if run_id is not None:
        return store.get_run(session, run_id)
    query = select(AssessmentRun).order_by(AssessmentRun.id.desc()).limit(1)
    if period is not None:
        query = query.where(AssessmentRun.period == period)
    return session.scalars(query).first()


def run_used_synthetic(session: Session, run: AssessmentRun) -> bool:
    """Whether values flagged synthetic were stored (up to the run's period) when it ran."""
    query = exists().where(IndicatorValue.flag == "synthetic")
    if run.max_batch_id is not None:
        query = query.where(IndicatorValue.batch_id <= run.max_batch_id)
    if run.period is not None:
        query = query.where(IndicatorValue.year <= run.period)
    return bool(session.scalar(select(query)))


def run_source(ctx: ReportContext, session: Session, run: AssessmentRun) -> Source:
    synthetic = run.source == "database" and run_used_synthetic(session, run)
    text = ctx._(
        "Assessment run {run} of {date}: period {period}, methodology {methodology} "
        "({hash}), input snapshot {snapshot}, {units} units, {indicators} indicators, "
        "{replications} Monte Carlo replications"
    ).format(
        run=run.id,
        date=run.created_at.date().isoformat() if run.created_at else "–",
        period=run.period if run.period is not None else "–",
        methodology=run.methodology_name,
        hash=run.methodology_hash[:12],
        snapshot=run.input_snapshot[:12],
        units=run.n_units,
        indicators=run.n_indicators,
        replications=run.replications,
    )
    if synthetic:
        text += ". " + ctx._("The values assessed include synthetic demo values.")
    return Source(key=f"run:{run.id}", text=text, synthetic=synthetic)


def read_run(
    ctx: ReportContext, session: Session, run_id: int | None, period: int | None
) -> RunView | None:
    run = pick_run(session, run_id, period)
    if run is None:
        return None
    results = store.run_results(session, run.id)
    previous = store.previous_run(session, run)
    changes = store.compare_runs(session, previous.id, run.id) if previous is not None else None
    return RunView(run, results, changes, previous, run_source(ctx, session, run))


@dataclass(frozen=True)
class TownWarnings:
    """Early warnings of some towns for one year, and the stored values the rules compared."""

    table: pd.DataFrame  # the columns of monotown.assess.warnings_from_database
    year: int
    values: pd.DataFrame  # values_frame rows of the rules' indicators, that year and the one before


def warning_indicators(session: Session) -> list[str]:
    """The catalog indicators the early-warning rules read (compared and referred to)."""
    rules = load_warning_rules()
    wanted = {rule.indicator for rule in rules.rules}
    wanted |= {rule.reference for rule in rules.rules if rule.reference}
    return sorted(wanted & set(catalog_frame(session)["code"]))


def town_warnings(
    session: Session,
    towns: Collection[str],
    period: int | None,
    values: ReportValues | None = None,
) -> TownWarnings | None:
    """The early warnings of `towns` for `period` (default: the latest year with values).

    The rules and their evaluation are monotown.assess's (`load_warning_rules`,
    `evaluate_warnings`); only the values read are narrowed to the towns reported on and the two
    years the rules compare, because a national database holds thousands of other settlements.
    `values` shares the values a report has already read.
    """
    rules = load_warning_rules()
    indicators = warning_indicators(session)
    values = values or ReportValues(session, towns)
    year = values.latest_year(up_to=period)
    if year is None or not indicators:
        return None
    frame = values.frame(indicators, year - 1, year)
    frame = frame[frame["settlement_code"].isin(set(towns))]
    table = evaluate_warnings(long_values(frame), rules, years=[int(year)])
    names = frame.drop_duplicates("settlement_code").set_index("settlement_code")
    table.insert(1, "name", table["unit"].map(names["settlement_name_en"]))
    return TownWarnings(table, int(year), frame)
