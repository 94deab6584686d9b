"""Turning the text of a cell into a typed value: periods, numbers, flags.

Files come from statistics offices, akimats and DHIS2, so the same period or number is written in
several ways. Everything here works on whole pandas columns (parsing each distinct text once), so a
chunk of 100,000 rows costs a few vectorised passes, not 100,000 Python calls.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

YEAR_MIN, YEAR_MAX = 1900, 2100
PERIOD_HELP = "use a year (2023), a quarter (2023Q1) or a month (2023-05 or 202305)"

_YEAR = re.compile(r"^(\d{4})(?:\.0+)?$")
_QUARTER = re.compile(r"^(\d{4})\s*[-/ ]?\s*Q([1-4])$")
_MONTH = re.compile(r"^(\d{4})(?:[-/.]?)(\d{2})$|^(\d{4})[-/.](\d)$")
_SPACES = re.compile(r"[\s\u00a0\u2009\u202f']")


@dataclass(frozen=True)
class Period:
    """A canonical period: text '2023' / '2023Q1' / '2023-05', its type and its year."""

    text: str
    type: str
    year: int

    @property
    def dhis2(self) -> str:
        """DHIS2's ISO period: 2023, 2023Q1, 202305."""
        return self.text.replace("-", "")


@lru_cache(maxsize=4096)
def parse_period(text: str) -> Period | None:
    """'2023', '2023Q1', '2023-Q1', '202305', '2023-05' -> Period; anything else -> None."""
    cleaned = text.strip().upper()
    match = _YEAR.match(cleaned)
    if match:
        year = int(match.group(1))
        return Period(str(year), "year", year) if YEAR_MIN <= year <= YEAR_MAX else None
    match = _QUARTER.match(cleaned)
    if match:
        year = int(match.group(1))
        if not YEAR_MIN <= year <= YEAR_MAX:
            return None
        return Period(f"{year}Q{match.group(2)}", "quarter", year)
    match = _MONTH.match(cleaned)
    if match:
        year = int(match.group(1) or match.group(3))
        month = int(match.group(2) or match.group(4))
        if not (YEAR_MIN <= year <= YEAR_MAX and 1 <= month <= 12):
            return None
        return Period(f"{year}-{month:02d}", "month", year)
    return None


def dhis2_period(text: str) -> str:
    """A stored period ('2023-05') in DHIS2's notation ('202305')."""
    return text.replace("-", "")


@dataclass(frozen=True)
class CodedTexts:
    """A column of texts as one integer code per row into its distinct texts.

    A file repeats the same town, indicator, period and flag on many rows, so the column is
    factorized once and every check, look-up and conversion then runs once per distinct text;
    a row mask is an integer comparison, not a comparison of 100,000 Python strings.
    """

    codes: np.ndarray  # int64 per row
    distinct: np.ndarray  # object: the texts, each once

    @classmethod
    def of(cls, column: pd.Series | np.ndarray, strip: bool | str = False) -> CodedTexts:
        """Factorize `column`; `strip` True strips white space around each text, a string
        strips those characters (once per distinct text)."""
        codes, distinct = pd.factorize(np.asarray(column, dtype=object))
        if strip is not False:
            characters = None if strip is True else strip
            stripped = [text.strip(characters) for text in distinct]
            if stripped != list(distinct):  # texts that differed may now be the same
                merged, distinct = pd.factorize(np.array(stripped, dtype=object))
                codes = merged[codes]
        return cls(codes.astype("int64", copy=False), np.asarray(distinct, dtype=object))

    def map(self, convert: Callable[[str], Any], dtype: Any) -> np.ndarray:
        """`convert` of each row's text, called once per distinct text."""
        converted = np.array([convert(text) for text in self.distinct], dtype=dtype)
        return converted[self.codes] if len(converted) else np.empty(len(self.codes), dtype)

    def equals(self, text: str) -> np.ndarray:
        """The rows whose text is `text`."""
        hits: np.ndarray = np.flatnonzero(self.distinct == text)
        if len(hits) == 0:
            return np.zeros(len(self.codes), dtype=bool)
        return np.asarray(self.codes == hits[0])

    def texts(self) -> np.ndarray:
        """The text of every row."""
        return self.distinct[self.codes] if len(self.distinct) else np.empty(0, dtype=object)


def map_distinct(
    column: pd.Series | CodedTexts, convert: Callable[[str], Any], dtype: Any
) -> np.ndarray:
    """`convert` applied to each distinct text once, spread back over the column.

    Files repeat the same town, indicator and period on many rows, so this is a handful of Python
    calls per chunk whatever its length.
    """
    coded = column if isinstance(column, CodedTexts) else CodedTexts.of(column)
    return coded.map(convert, dtype)


def parse_periods(column: pd.Series | CodedTexts) -> np.ndarray:
    """Canonical period texts ('2023', '2023Q1', '2023-05'); None where a text is no period."""
    return map_distinct(column, lambda text: getattr(parse_period(text), "text", None), object)


def parse_numbers(column: pd.Series) -> np.ndarray:
    """Parse a column of number texts into float64; NaN where the text is not a finite number.

    Accepts '1234.5', '1 234,5' (spaces or apostrophes as thousands separators, a decimal comma when
    there is no point) and '1.2e6'. A comma next to a point ('1,234.5') is a thousands separator.
    """
    numbers = pd.to_numeric(column, errors="coerce").to_numpy(dtype="float64", copy=True)
    retry = np.isnan(numbers) & (column != "").to_numpy()
    if retry.any():
        cleaned = column[retry].str.replace(_SPACES, "", regex=True)
        has_point = cleaned.str.contains(".", regex=False)
        cleaned = cleaned.where(~has_point, cleaned.str.replace(",", "", regex=False)).where(
            has_point, cleaned.str.replace(",", ".", regex=False)
        )
        numbers[retry] = pd.to_numeric(cleaned, errors="coerce").to_numpy(dtype="float64")
    numbers[~np.isfinite(numbers)] = np.nan
    return numbers


def format_number(value: float) -> str:
    """The shortest text that reads back as the same float ('12', '0.1', '1e-07')."""
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return repr(value)
