"""MCI-based benefits in tenge from the bundled MCI table; unknown years are errors."""

from __future__ import annotations

import json

import pytest

from monotown.errors import InputError
from monotown.program.mci import in_tenge, load_mci_table, mci_benefits
from tests.conftest import Cli


def test_the_bundled_table_knows_2020_to_2026_and_not_2019() -> None:
    table = load_mci_table()
    assert table[2019] is None
    assert table[2025] == 3932
    assert table[2020] == 2651


def test_benefits_in_2025_by_hand() -> None:
    # MCI 2025 = 3,932 tenge: 100 MCI = 393,200; 2,500 MCI = 9,830,000.
    frame = mci_benefits(2025).set_index("benefit")
    assert frame.loc["relocation_allowance", "amount_kzt"] == 393_200
    assert frame.loc["housing_loan_max", "amount_kzt"] == 9_830_000


def test_benefits_in_2020_and_a_custom_multiple() -> None:
    # MCI 2020 = 2,651: 100 MCI = 265,100; 2,500 MCI = 6,627,500; 15 MCI = 39,765.
    frame = mci_benefits(2020, extra_multiple=15).set_index("benefit")
    assert frame.loc["relocation_allowance", "amount_kzt"] == 265_100
    assert frame.loc["housing_loan_max", "amount_kzt"] == 6_627_500
    assert frame.loc["custom", "amount_kzt"] == 39_765


def test_an_unknown_year_is_a_clear_error() -> None:
    with pytest.raises(InputError, match="the MCI for 2019 is unknown"):
        mci_benefits(2019)
    with pytest.raises(
        InputError, match="no MCI for 2030 in the MCI table; known years: 2020-2026"
    ):
        in_tenge(100, 2030, load_mci_table())


def test_cli_mci_benefit(calc_cli: Cli) -> None:
    result = calc_cli("calc", "mci-benefit", "--year", "2026", "--format", "json")
    assert result.exit_code == 0, result.stderr
    amounts = {row["benefit"]: row["amount_kzt"] for row in json.loads(result.stdout)}
    assert amounts == {"relocation_allowance": 432_500, "housing_loan_max": 10_812_500}
    unknown = calc_cli("calc", "mci-benefit", "--year", "2019")
    assert unknown.exit_code == 1
    assert "error: field 'year' value 2019: the MCI for 2019 is unknown" in unknown.stderr
