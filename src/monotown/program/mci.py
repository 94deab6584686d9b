"""Benefits set in monthly calculation indices (MCI), in tenge for a given year.

The "With a diploma - to the village" support that single-industry towns' programs reuse: a lump-sum
relocation allowance of 100 MCI and a preferential housing loan of up to 2,500 MCI. The MCI is fixed
each year by the republican budget law; the bundled table (`resources/program/mci.csv`) holds the
1 January value by year, unknown years left empty; an unknown year is an error, never a guess.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources

import pandas as pd

from monotown.errors import InputError

MCI_FILE = "mci.csv"
RELOCATION_ALLOWANCE_MCI = 100
HOUSING_LOAN_MAX_MCI = 2500


@dataclass(frozen=True)
class Benefit:
    code: str
    name: str
    mci: float
    note: str


BENEFITS = (
    Benefit(
        "relocation_allowance", "Relocation allowance (lump sum)", RELOCATION_ALLOWANCE_MCI, ""
    ),
    Benefit(
        "housing_loan_max",
        "Housing loan, maximum (preferential)",
        HOUSING_LOAN_MAX_MCI,
        "upper limit of the loan",
    ),
)
BENEFIT_COLUMNS = ["benefit", "name", "year", "mci_multiple", "mci_kzt", "amount_kzt", "note"]


def load_mci_table() -> dict[int, float | None]:
    """The bundled MCI table: year -> tenge (None where the value is unknown)."""
    text = resources.files("monotown.resources.program").joinpath(MCI_FILE).read_text("utf-8")
    table: dict[int, float | None] = {}
    for row in csv.DictReader(io.StringIO(text)):
        value = row["mci_tenge"].strip()
        table[int(row["year"])] = float(value) if value else None
    return table


def mci_for(year: int, table: Mapping[int, float | None]) -> float:
    """The MCI in tenge for `year`; a clear error when the table lacks it or holds it as unknown."""
    known = sorted(y for y, value in table.items() if value is not None)
    span = f"{known[0]}-{known[-1]}" if known else "none"
    if year not in table:
        raise InputError(
            f"no MCI for {year} in the MCI table; known years: {span}", field="year", value=year
        )
    value = table[year]
    if value is None:
        raise InputError(
            f"the MCI for {year} is unknown (empty in the MCI table); known years: {span}",
            field="year",
            value=year,
        )
    return value


def in_tenge(mci_multiple: float, year: int, table: Mapping[int, float | None]) -> float:
    """`mci_multiple` MCI in tenge at the MCI of `year`."""
    return mci_multiple * mci_for(year, table)


def mci_benefits(
    year: int,
    table: Mapping[int, float | None] | None = None,
    *,
    extra_multiple: float | None = None,
) -> pd.DataFrame:
    """The relocation allowance and the housing loan ceiling in tenge for `year` (and, if given,
    any other amount of `extra_multiple` MCI), one row each."""
    table = load_mci_table() if table is None else table
    mci = mci_for(year, table)
    benefits = list(BENEFITS)
    if extra_multiple is not None:
        if extra_multiple < 0:
            raise InputError("must not be negative", field="multiple", value=extra_multiple)
        benefits.append(Benefit("custom", f"{extra_multiple:g} MCI", extra_multiple, ""))
    rows = [
        {
            "benefit": benefit.code,
            "name": benefit.name,
            "year": year,
            "mci_multiple": benefit.mci,
            "mci_kzt": mci,
            "amount_kzt": benefit.mci * mci,
            "note": benefit.note,
        }
        for benefit in benefits
    ]
    return pd.DataFrame(rows, columns=BENEFIT_COLUMNS)
