"""Loan interest subsidy: who pays what, month by month, when the budget pays part of the rate.

The 2013 rule: an entrepreneur in a middle- or low-potential single-industry town borrowing at a
nominal 14 % has up to 10 percentage points subsidised and pays 4 %.

Convention used here (state it when quoting figures):

- rates are annual, compounded monthly: a monthly rate is the annual rate / 12;
- the borrower repays on the schedule of a loan at the borrower's rate (nominal minus subsidised
  points): for an annuity, the constant payment of a loan at that rate; for equal principal,
  principal / term each month plus interest at that rate on the outstanding balance;
- each month the budget pays the lender the difference between interest at the nominal rate and
  interest at the borrower's rate on the same outstanding balance, i.e. balance x points / 1200. The
  lender therefore earns the nominal rate on every tenge outstanding; borrower interest + subsidy =
  interest at the nominal rate on the borrower's schedule;
- nothing is rounded inside the schedule; round only for display.

`interest_without_subsidy` is what the same loan (same method and term) would cost the borrower at
the nominal rate, so `borrower_saving` = that minus the interest the borrower pays.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from monotown.errors import InputError

Method = Literal["annuity", "equal_principal"]
METHODS: tuple[Method, ...] = ("annuity", "equal_principal")
MAX_TERM_MONTHS = 600
SCHEDULE_COLUMNS = [
    "month",
    "opening_balance",
    "principal",
    "borrower_interest",
    "borrower_payment",
    "subsidy",
    "lender_interest",
    "closing_balance",
]


@dataclass(frozen=True)
class LoanTerms:
    principal: float
    nominal_rate_pct: float
    subsidised_points: float
    term_months: int
    method: Method

    @property
    def borrower_rate_pct(self) -> float:
        return self.nominal_rate_pct - self.subsidised_points


@dataclass(frozen=True)
class LoanSubsidy:
    """The borrower's and the budget's schedules (one frame, one row a month) and their totals."""

    terms: LoanTerms
    schedule: pd.DataFrame
    totals: dict[str, float]


def check_terms(
    principal: float,
    nominal_rate_pct: float,
    subsidised_points: float,
    term_months: int,
    method: str,
) -> LoanTerms:
    """Validated loan terms; an InputError names the argument that is wrong and why."""
    if not principal > 0:
        raise InputError("must be more than 0", field="principal", value=principal)
    if not 0 <= nominal_rate_pct <= 100:
        raise InputError("must be between 0 and 100 percent", field="rate", value=nominal_rate_pct)
    if not 0 <= subsidised_points <= nominal_rate_pct:
        raise InputError(
            f"must be between 0 and the nominal rate ({nominal_rate_pct:g} percent)",
            field="points",
            value=subsidised_points,
        )
    if int(term_months) != term_months or not 1 <= term_months <= MAX_TERM_MONTHS:
        raise InputError(
            f"must be a whole number of months from 1 to {MAX_TERM_MONTHS}",
            field="months",
            value=term_months,
        )
    if method not in METHODS:
        raise InputError(f"must be one of {', '.join(METHODS)}", field="method", value=method)
    return LoanTerms(
        float(principal),
        float(nominal_rate_pct),
        float(subsidised_points),
        int(term_months),
        method,  # type: ignore[arg-type]
    )


def annuity_payment(principal: float, annual_rate_pct: float, term_months: int) -> float:
    """The constant monthly payment that repays `principal` in `term_months` at the given rate."""
    rate = annual_rate_pct / 1200
    if rate == 0:
        return principal / term_months
    # 1 - (1 + r)^-n computed without cancellation, so tiny rates do not divide by zero.
    discount = -math.expm1(-term_months * math.log1p(rate))
    return principal * rate / discount


def principal_repayments(terms: LoanTerms, annual_rate_pct: float) -> list[float]:
    """Principal repaid each month by a loan at `annual_rate_pct` under the terms' method."""
    n, balance = terms.term_months, terms.principal
    if terms.method == "equal_principal":
        repayments = [terms.principal / n] * n
    else:
        payment = annuity_payment(terms.principal, annual_rate_pct, n)
        rate = annual_rate_pct / 1200
        repayments = []
        for _ in range(n):
            repaid = payment - balance * rate
            repayments.append(repaid)
            balance -= repaid
    # The last month clears whatever floating-point crumbs are left.
    repayments[-1] = terms.principal - sum(repayments[:-1])
    return repayments


def loan_subsidy(
    principal: float,
    nominal_rate_pct: float,
    subsidised_points: float,
    term_months: int,
    method: str = "annuity",
) -> LoanSubsidy:
    """Monthly schedules of the borrower and of the budget, and totals (see module docstring)."""
    terms = check_terms(principal, nominal_rate_pct, subsidised_points, term_months, method)
    borrower_rate = terms.borrower_rate_pct / 1200
    subsidy_rate = terms.subsidised_points / 1200
    rows = []
    balance = terms.principal
    for month, repaid in enumerate(principal_repayments(terms, terms.borrower_rate_pct), start=1):
        interest = balance * borrower_rate
        subsidy = balance * subsidy_rate
        closing = 0.0 if month == terms.term_months else balance - repaid
        rows.append(
            {
                "month": month,
                "opening_balance": balance,
                "principal": repaid,
                "borrower_interest": interest,
                "borrower_payment": repaid + interest,
                "subsidy": subsidy,
                "lender_interest": interest + subsidy,
                "closing_balance": closing,
            }
        )
        balance = closing
    schedule = pd.DataFrame(rows, columns=SCHEDULE_COLUMNS)
    without = _total_interest(terms, terms.nominal_rate_pct)
    borrower_interest = float(schedule["borrower_interest"].sum())
    totals = {
        "principal": terms.principal,
        "borrower_rate_pct": terms.borrower_rate_pct,
        "borrower_interest": borrower_interest,
        "borrower_payments": float(schedule["borrower_payment"].sum()),
        "budget_subsidy": float(schedule["subsidy"].sum()),
        "lender_interest": float(schedule["lender_interest"].sum()),
        "interest_without_subsidy": without,
        "borrower_saving": without - borrower_interest,
        "first_borrower_payment": float(schedule["borrower_payment"].iloc[0]),
        "first_subsidy": float(schedule["subsidy"].iloc[0]),
    }
    return LoanSubsidy(terms, schedule, totals)


def _total_interest(terms: LoanTerms, annual_rate_pct: float) -> float:
    """Interest a borrower pays on the same loan at `annual_rate_pct` with no subsidy."""
    rate = annual_rate_pct / 1200
    balance, total = terms.principal, 0.0
    for repaid in principal_repayments(terms, annual_rate_pct):
        total += balance * rate
        balance -= repaid
    return total
