"""`monotown calc loan-subsidy|mci-benefit`: the support calculators."""

from __future__ import annotations

import json
from enum import StrEnum

import typer

from monotown.cli.output import OutputFormat, emit_rows
from monotown.cli.program_common import FORMAT_OPTION, emit_frame, frame_rows
from monotown.program.loan_subsidy import SCHEDULE_COLUMNS, loan_subsidy
from monotown.program.mci import BENEFIT_COLUMNS, mci_benefits

calc_app = typer.Typer(help="Support calculators: loan interest subsidy, MCI-based benefits.")

CONVENTION = (
    "The borrower repays a loan at (rate - points); each month the budget pays the lender "
    "balance x points / 1200, so the lender earns the nominal rate on the outstanding balance."
)


class MethodChoice(StrEnum):
    annuity = "annuity"
    equal_principal = "equal-principal"


@calc_app.command("loan-subsidy")
def loan_subsidy_command(
    principal: float = typer.Option(..., "--principal", help="Loan amount, tenge."),
    rate: float = typer.Option(14.0, "--rate", help="Nominal annual rate, percent."),
    points: float = typer.Option(10.0, "--points", help="Percentage points the budget pays."),
    months: int = typer.Option(..., "--months", help="Term in months."),
    method: MethodChoice = typer.Option(
        MethodChoice.annuity, "--method", help="annuity or equal-principal repayment."
    ),
    schedule: bool = typer.Option(False, "--schedule", help="Also print the monthly schedules."),
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """Borrower's and budget's payments for a subsidised loan (the 2013 rule: 14 % - 10 = 4 %)."""
    result = loan_subsidy(principal, rate, points, months, method.value.replace("-", "_"))
    terms = result.terms
    if fmt is OutputFormat.json:
        payload = {
            "terms": {
                "principal": terms.principal,
                "nominal_rate_pct": terms.nominal_rate_pct,
                "subsidised_points": terms.subsidised_points,
                "borrower_rate_pct": terms.borrower_rate_pct,
                "term_months": terms.term_months,
                "method": terms.method,
            },
            "totals": result.totals,
            "convention": CONVENTION,
        }
        if schedule:
            payload["schedule"] = frame_rows(result.schedule, SCHEDULE_COLUMNS)
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    if fmt is OutputFormat.csv and schedule:
        emit_rows(frame_rows(result.schedule, SCHEDULE_COLUMNS), SCHEDULE_COLUMNS, fmt)
        return
    totals = [{"item": key, "amount": round(value, 2)} for key, value in result.totals.items()]
    emit_rows(
        totals,
        ["item", "amount"],
        fmt,
        title=(
            f"Loan of {terms.principal:,.0f} tenge for {terms.term_months} months, "
            f"{terms.method.replace('_', ' ')}: {terms.nominal_rate_pct:g} % nominal, "
            f"{terms.subsidised_points:g} points subsidised, borrower pays "
            f"{terms.borrower_rate_pct:g} %"
        ),
        footnote=CONVENTION,
    )
    if schedule:
        rounded = result.schedule.round(2)
        emit_rows(
            frame_rows(rounded, SCHEDULE_COLUMNS),
            SCHEDULE_COLUMNS,
            fmt,
            title="Monthly schedule (borrower pays borrower_payment, the budget pays subsidy)",
        )


@calc_app.command("mci-benefit")
def mci_benefit_command(
    year: int = typer.Option(..., "--year", help="Year whose MCI applies."),
    multiple: float | None = typer.Option(
        None, "--multiple", help="Also convert this many MCI to tenge."
    ),
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """The 100-MCI relocation allowance and the 2,500-MCI housing loan ceiling in tenge."""
    frame = mci_benefits(year, extra_multiple=multiple)
    emit_frame(
        frame,
        BENEFIT_COLUMNS,
        fmt,
        table_columns=BENEFIT_COLUMNS[1:],
        title=f"MCI-based benefits in {year} (MCI = {frame['mci_kzt'].iloc[0]:,.0f} tenge)",
        footnote="MCI on 1 January of the year, from the republican budget law (bundled table).",
    )
