"""Briefing sections built from the program's headline facts (real figures, cited by event)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from monotown.reports.charts import bar_chart
from monotown.reports.context import N_, ReportContext
from monotown.reports.facts import Fact, fact_cell, fact_detail, latest_fact
from monotown.reports.model import Block, Chart, Paragraph, Section, Stat, Table

METRIC_LABELS = {
    ("registry", "single_industry_towns"): N_("Single-industry towns (official count)"),
    ("demography", "population"): N_("Population of single-industry towns"),
    ("demography", "population_change_20_years"): N_("Population change over 20 years"),
    ("classification", "towns_high_potential"): N_("Towns with high potential"),
    ("classification", "towns_average_potential"): N_("Towns with average potential"),
    ("classification", "socio_economic_indicators"): N_("Socio-economic indicators analysed"),
    ("industry", "town_forming_enterprises"): N_("Town-forming enterprises"),
    ("industry", "industrial_output"): N_("Industrial output"),
    ("industry", "share_of_national_industrial_output"): N_("Share of national industrial output"),
    ("budget", "allocated"): N_("Allocated"),
    ("budget", "allocated_to_date"): N_("Allocated to date"),
    ("budget", "planned"): N_("Planned"),
    ("budget", "allocated_national_budget"): N_("Allocated from the national budget"),
    ("budget", "planned_national_budget"): N_("Planned from the national budget"),
    ("projects", "projects_carried_out"): N_("Projects carried out"),
    ("anchor_projects", "planned_projects"): N_("Anchor projects planned"),
    ("anchor_projects", "planned_jobs"): N_("Jobs planned"),
    ("anchor_projects", "planned_investment"): N_("Investment planned"),
    ("anchor_projects", "towns_with_projects_under_way"): N_("Towns with projects under way"),
    ("anchor_projects", "projects"): N_("Anchor projects"),
    ("anchor_projects", "value"): N_("Value of anchor projects"),
    ("anchor_projects", "operating"): N_("Operating"),
    ("anchor_projects", "under_implementation"): N_("Under implementation"),
    ("anchor_projects", "idle"): N_("Idle"),
    ("investment", "projects"): N_("Investment projects"),
    ("investment", "value"): N_("Value of investment projects"),
    ("investment", "permanent_jobs"): N_("Permanent jobs"),
    ("investment", "ferroalloy_plant_value"): N_("Ferroalloy plant in Ekibastuz"),
    ("sme", "sme_support_planned"): N_("SME support planned"),
    ("sme", "sme_support_disbursed"): N_("SME support disbursed"),
    ("sme", "entrepreneurship_support_centers"): N_("Entrepreneurship support centres"),
    ("sme", "operating_smes_start_of_year"): N_("Operating SMEs, start of year"),
    ("sme", "operating_smes_end_of_year"): N_("Operating SMEs, end of year"),
    ("sme", "sme_share_of_gdp_target"): N_("Target: SME share of GDP"),
    ("instrument", "loan_rate"): N_("Loan rate for entrepreneurs"),
    ("instrument", "loan_rate_subsidy_max"): N_("Subsidised part of the rate (percentage points)"),
    ("plans", "measures"): N_("Measures of the comprehensive plans"),
    ("plans", "cost"): N_("Cost of the comprehensive plans"),
    ("exploration", "resources_discovered_value"): N_("Value of resources discovered"),
    ("exploration", "investment_attracted"): N_("Investment attracted to exploration"),
    ("exploration", "promising_areas_to_complete"): N_("Promising areas to complete"),
    ("infrastructure", "boilers_to_repair"): N_("Boilers to repair"),
    ("infrastructure", "turbines_to_repair"): N_("Turbines to repair"),
    ("infrastructure", "towns_being_gasified"): N_("Towns being connected to gas"),
    ("infrastructure", "people_to_be_served_by_gas"): N_("People to be served by gas"),
    ("regional_standards", "sufficiency_level"): N_("Regional standards: sufficiency level"),
    ("regional_standards", "sufficiency_level_target"): N_(
        "Target: regional standards sufficiency"
    ),
}
HEADLINE_METRICS = (
    ("registry", "single_industry_towns"),
    ("demography", "population"),
    ("industry", "share_of_national_industrial_output"),
    ("industry", "industrial_output"),
    ("industry", "town_forming_enterprises"),
)
PROJECT_STATUSES = ("operating", "under_implementation", "idle")
TABLE_COLUMNS = (N_("Figure"), N_("Value"), N_("Scope"), N_("As of"))


def metric_label(ctx: ReportContext, fact: Fact) -> str:
    return ctx._(METRIC_LABELS.get((fact.topic, fact.metric), fact.metric.replace("_", " ")))


def headline_fact_stats(
    ctx: ReportContext, facts: Sequence[Fact], period: int | None
) -> list[Stat]:
    """The latest official headline figures (count of towns, population, output share)."""
    stats = []
    for topic, metric in HEADLINE_METRICS:
        fact = latest_fact(facts, topic, metric, period)
        if fact is not None:
            detail = "; ".join(part for part in (fact_detail(ctx, fact), fact.as_of) if part)
            stats.append(Stat(metric_label(ctx, fact), fact_cell(ctx, fact), detail))
    return stats


def facts_table(ctx: ReportContext, key: str, caption: str, facts: Iterable[Fact]) -> Table:
    rows = [
        [
            ctx.label(metric_label(ctx, fact)),
            fact_cell(ctx, fact),
            ctx.label(fact_detail(ctx, fact) or None),
            ctx.label(fact.as_of),
        ]
        for fact in facts
    ]
    return Table(key, [ctx._(column) for column in TABLE_COLUMNS], rows, caption)


def _latest_event_facts(facts: Sequence[Fact], topic: str, period: int | None) -> list[Fact]:
    """All facts of one topic stated at the latest event (up to `period`) that covered the topic."""
    candidates = [f for f in facts if f.topic == topic]
    candidates = [f for f in candidates if period is None or f.end_year <= period]
    if not candidates:
        return []
    last = max(candidates, key=lambda f: f.end_year)
    return [f for f in candidates if (f.event, f.as_of) == (last.event, last.as_of)]


def projects_blocks(
    ctx: ReportContext, facts: Sequence[Fact], period: int | None
) -> list[Table | Chart]:
    anchor = _latest_event_facts(facts, "anchor_projects", period)
    investment = _latest_event_facts(facts, "investment", period)
    if not anchor and not investment:
        return []
    blocks: list[Table | Chart] = [
        facts_table(
            ctx, "facts_projects", ctx._("Anchor and investment projects"), anchor + investment
        )
    ]
    statuses = {f.metric: f for f in anchor if f.metric in PROJECT_STATUSES}
    if statuses:
        facts = [statuses[m] for m in PROJECT_STATUSES if m in statuses]
        blocks.append(
            Chart(
                "facts_projects_status",
                ctx._("Anchor projects by status"),
                bar_chart(
                    [metric_label(ctx, f) for f in facts],
                    [(ctx._("Anchor projects"), [f.value for f in facts])],
                    value_label=lambda v: ctx.format(v),
                    horizontal=True,
                    width_mm=120,
                    height_mm=32,
                ),
                [note for f in facts if (note := fact_cell(ctx, f).note) is not None][:1],
            )
        )
    return blocks


def budget_blocks(
    ctx: ReportContext, facts: Sequence[Fact], period: int | None
) -> list[Table | Chart]:
    """Every budget statement up to the period, and a chart of planned against allocated."""
    stated = sorted(
        (f for f in facts if f.topic == "budget" and (period is None or f.end_year <= period)),
        key=lambda f: (f.end_year, f.as_of),
    )
    if not stated:
        return []
    blocks: list[Table | Chart] = [
        facts_table(ctx, "facts_budget", ctx._("Program financing as stated"), stated)
    ]
    periods = list(dict.fromkeys(f.as_of for f in stated))
    series = []
    for metric, name in (("planned", N_("Planned")), ("allocated", N_("Allocated"))):
        values = []
        for as_of in periods:
            found = [
                f.value
                for f in stated
                if f.as_of == as_of and f.metric.startswith(metric) and "national" not in f.metric
            ]
            values.append(max(found) if found else None)
        series.append((ctx._(name), values))
    notes = list(dict.fromkeys(n for f in stated if (n := fact_cell(ctx, f).note) is not None))
    blocks.append(
        Chart(
            "facts_budget_chart",
            ctx._("Program financing by period"),
            bar_chart(periods, series, value_label=lambda v: ctx.format(v, "tenge"), height_mm=55),
            notes,
        )
    )
    return blocks


def plans_table(ctx: ReportContext, facts: Sequence[Fact], period: int | None) -> Table | None:
    chosen: list[Fact] = []
    for topic in ("plans", "regional_standards", "infrastructure", "exploration"):
        chosen += _latest_event_facts(facts, topic, period)
    target = latest_fact(facts, "sme", "sme_share_of_gdp_target", period)
    chosen += [target] if target else []
    if not chosen:
        return None
    caption = ctx._("Plans, infrastructure works and targets")
    return facts_table(ctx, "facts_plans", caption, chosen)


def program_facts_section(
    ctx: ReportContext, facts: Sequence[Fact], period: int | None
) -> Section | None:
    """The program as stated at government sessions: projects, financing, plans and targets."""
    blocks: list[Block] = []
    blocks += projects_blocks(ctx, facts, period)
    blocks += budget_blocks(ctx, facts, period)
    plans = plans_table(ctx, facts, period)
    if plans is not None:
        blocks.append(plans)
    if not blocks:
        return None
    intro = ctx._(
        "Real figures stated at government sessions and in official reports, each cited with the "
        "event and date it was stated at. They are aggregates for all single-industry towns."
    )
    return Section("program_facts", ctx._("The program in figures"), [Paragraph(intro), *blocks])
