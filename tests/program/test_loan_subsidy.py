"""Loan interest subsidy: hand-computed schedules and totals, the 2013 rule 14 % - 10 = 4 %."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from monotown.errors import InputError
from monotown.program.loan_subsidy import annuity_payment, loan_subsidy
from tests.conftest import Cli


def test_two_month_annuity_by_hand() -> None:
    # 1,000 at 24 % nominal with 12 points subsidised: borrower at 12 % (1 % a month).
    # Annuity = 1000 * 0.01 * 1.01^2 / (1.01^2 - 1) = 10.201 / 0.0201 = 507.51244
    # Month 1: interest 10.00, principal 497.51244, subsidy 1000 * 0.01 = 10.00
    # Month 2: balance 502.48756, interest 5.0248756, subsidy 5.0248756
    result = loan_subsidy(1000, 24, 12, 2, "annuity")
    first, second = result.schedule.to_dict("records")
    assert first["borrower_payment"] == pytest.approx(507.51244, abs=1e-5)
    assert first["borrower_interest"] == pytest.approx(10.0)
    assert first["principal"] == pytest.approx(497.51244, abs=1e-5)
    assert first["subsidy"] == pytest.approx(10.0)
    assert first["lender_interest"] == pytest.approx(20.0)
    assert second["opening_balance"] == pytest.approx(502.48756, abs=1e-5)
    assert second["borrower_interest"] == pytest.approx(5.0248756, abs=1e-6)
    assert second["subsidy"] == pytest.approx(5.0248756, abs=1e-6)
    assert second["closing_balance"] == 0
    assert result.totals["borrower_interest"] == pytest.approx(15.0248756, abs=1e-6)
    assert result.totals["budget_subsidy"] == pytest.approx(15.0248756, abs=1e-6)
    assert result.totals["borrower_payments"] == pytest.approx(1015.0248756, abs=1e-6)


def test_the_2013_rule_with_equal_principal_by_hand() -> None:
    # 1,200,000 over 12 months: 100,000 principal a month; balances 1.2m, 1.1m, ... 0.1m sum to
    # 7.8m. Borrower at 4 %: 7.8m * 0.04 / 12 = 26,000. Budget (10 points): 7.8m * 0.10 / 12 =
    # 65,000. Lender gets 14 %: 91,000 = what the borrower would pay without the subsidy.
    result = loan_subsidy(1_200_000, 14, 10, 12, "equal_principal")
    assert result.terms.borrower_rate_pct == 4
    assert result.totals["borrower_interest"] == pytest.approx(26_000)
    assert result.totals["budget_subsidy"] == pytest.approx(65_000)
    assert result.totals["lender_interest"] == pytest.approx(91_000)
    assert result.totals["interest_without_subsidy"] == pytest.approx(91_000)
    assert result.totals["borrower_saving"] == pytest.approx(65_000)
    assert result.totals["borrower_payments"] == pytest.approx(1_226_000)
    first = result.schedule.iloc[0]
    assert (first["borrower_payment"], first["subsidy"]) == pytest.approx((104_000, 10_000))
    last = result.schedule.iloc[-1]
    assert (last["borrower_interest"], last["subsidy"]) == pytest.approx((1000 / 3, 2500 / 3))


def test_the_2013_rule_with_an_annuity() -> None:
    # Borrower's annuity at 4 % (r = 1/300): A = 1e6 * r / (1 - (1 + r)^-12) = 85,149.904;
    # borrower interest = 12 * A - 1e6 = 21,798.850. Subsidy and borrower interest are both
    # balance * rate, so the subsidy is 10/4 of it: 54,497.126. Without the subsidy the annuity
    # at 14 % is 89,787.118 and its interest 77,445.411.
    result = loan_subsidy(1_000_000, 14, 10, 12, "annuity")
    assert result.totals["first_borrower_payment"] == pytest.approx(85_149.904, abs=1e-3)
    assert result.schedule["borrower_payment"].round(6).nunique() == 1
    assert result.totals["borrower_interest"] == pytest.approx(21_798.850, abs=1e-3)
    assert result.totals["budget_subsidy"] == pytest.approx(54_497.126, abs=1e-3)
    assert result.totals["first_subsidy"] == pytest.approx(1_000_000 * 0.10 / 12)
    assert result.totals["interest_without_subsidy"] == pytest.approx(77_445.411, abs=1e-3)
    assert result.totals["borrower_saving"] == pytest.approx(77_445.411 - 21_798.850, abs=1e-3)


def test_no_subsidy_means_the_budget_pays_nothing() -> None:
    result = loan_subsidy(500_000, 14, 0, 24, "annuity")
    assert result.totals["budget_subsidy"] == 0
    assert result.totals["borrower_saving"] == pytest.approx(0, abs=1e-6)


def test_a_fully_subsidised_loan_is_interest_free_for_the_borrower() -> None:
    result = loan_subsidy(120_000, 12, 12, 12, "annuity")
    assert annuity_payment(120_000, 0, 12) == 10_000
    assert result.totals["borrower_interest"] == 0
    # balances 120k..10k sum to 780k; 780k * 1 % = 7,800
    assert result.totals["budget_subsidy"] == pytest.approx(7_800)


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ((0, 14, 10, 12), "principal"),
        ((1000, 140, 10, 12), "rate"),
        ((1000, 14, 15, 12), "points"),
        ((1000, 14, -1, 12), "points"),
        ((1000, 14, 10, 0), "months"),
        ((1000, 14, 10, 601), "months"),
    ],
)
def test_bad_terms_name_the_argument(args: tuple[float, float, float, int], field: str) -> None:
    with pytest.raises(InputError) as raised:
        loan_subsidy(*args)
    assert raised.value.field == field


@given(
    principal=st.floats(1_000, 1e10),
    rate=st.floats(0.5, 30),
    share=st.floats(0, 1),
    months=st.integers(1, 240),
    method=st.sampled_from(["annuity", "equal_principal"]),
)
def test_the_loan_is_repaid_and_the_lender_earns_the_nominal_rate(
    principal: float, rate: float, share: float, months: int, method: str
) -> None:
    result = loan_subsidy(principal, rate, rate * share, months, method)
    schedule = result.schedule
    assert schedule["principal"].sum() == pytest.approx(principal, rel=1e-9)
    assert schedule["closing_balance"].iloc[-1] == 0
    nominal = schedule["opening_balance"] * rate / 1200
    assert (schedule["lender_interest"] - nominal).abs().max() <= 1e-6 * principal
    without = result.totals["interest_without_subsidy"]
    assert result.totals["borrower_interest"] <= without * (1 + 1e-9) + 1e-6


def test_cli_loan_subsidy_prints_totals_and_schedule(calc_cli: Cli) -> None:
    result = calc_cli(
        "calc", "loan-subsidy", "--principal", "1200000", "--months", "12",
        "--method", "equal-principal", "--schedule", "--format", "json",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["terms"]["borrower_rate_pct"] == 4
    assert payload["totals"]["budget_subsidy"] == pytest.approx(65_000)
    assert len(payload["schedule"]) == 12
    table = calc_cli("calc", "loan-subsidy", "--principal", "1000000", "--months", "12")
    assert "borrower pays 4 %" in table.stdout and "54,497.13" in table.stdout
    bad = calc_cli(
        "calc", "loan-subsidy", "--principal", "1000", "--months", "12", "--points", "20"
    )
    assert bad.exit_code == 1
    assert "error: field 'points' value 20.0: must be between 0 and the nominal rate" in bad.stderr
