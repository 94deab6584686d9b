"""Indicator data shaped for the API and the pages: catalog rows, and value rows with filters,
sorting and pages done in SQL (values can run to millions; `data.values_query`).
"""

from __future__ import annotations

from monotown.data.catalog_rows import indicator_rows
from monotown.data.values_query import (
    ValueQuery,
    iter_value_rows,
    one_value,
    value_page,
    value_rows,
)
from monotown.data.values_query_sql import VALUE_COLUMNS, VALUE_SORTS

__all__ = [
    "VALUE_COLUMNS", "VALUE_SORTS", "ValueQuery", "indicator_rows", "iter_value_rows",
    "one_value", "value_page", "value_rows",
]  # fmt: skip
