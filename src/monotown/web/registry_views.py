"""The registry's rows, built in `monotown.registry.rows` (kept importable here for the pages)."""

from monotown.registry.rows import (
    enterprise_rows,
    find_row,
    region_rows,
    settlement_detail,
    settlement_rows,
)

__all__ = ["enterprise_rows", "find_row", "region_rows", "settlement_detail", "settlement_rows"]
