"""Moved to `monotown.registry.rows`; kept importable for the web modules that import it."""

from monotown.registry.rows import (
    enterprise_rows,
    find_row,
    region_rows,
    settlement_detail_by_code,
    settlement_row,
    settlement_rows,
)

__all__ = [
    "enterprise_rows",
    "find_row",
    "region_rows",
    "settlement_detail_by_code",
    "settlement_row",
    "settlement_rows",
]
