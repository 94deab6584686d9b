"""Statistics for the query planners, kept by the product itself.

The listings' plans (checked by the EXPLAIN tests) depend on them: with none, or with ones taken
when a table was a hundredth of its size, both backends' planners read the whole values table.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

# Statistics for the query planners. SQLite's planner chooses among the values table's indexes by
# what ANALYZE stored in sqlite_stat1; with none it guesses (and a values listing would then read
# the whole table), with a stale row count it guesses from a table a hundredth of the size. The
# table's statistics are refreshed when it has an index they do not cover, or when it has grown or
# shrunk this many times over since they were taken: the cost of ANALYZE (about 0.4 s of CPU per
# million values, linear) is then paid at most a few times over as a table grows to its size.
STATISTICS_DRIFT = 2.0


def keep_statistics(bind: Session | Connection, tables: Sequence[str] | None = None) -> list[str]:
    """Refresh the planner statistics of `tables` (default: every table) that have none or whose
    size has drifted (STATISTICS_DRIFT) since they were taken; return the tables analysed.

    Run by the writers that change a table's size a lot (imports, schema upgrades, the demo load)
    in their own transaction, so the statistics commit with the rows. SQLite: an exact ANALYZE
    per stale table. SQLite's own `PRAGMA optimize` (3.40, the version here) looks only at tables
    whose statistics the connection's queries consulted and re-analyses a table only once it has
    grown 25 times; its bounded `analysis_limit` statistics read only the first rows of each
    index, and on the national benchmark database they misled the planner into full scans (see
    docs/data.md). PostgreSQL: ANALYZE of a stale table, as autovacuum would do a minute later.
    """
    sizes = _sqlite_sizes(bind) if _dialect(bind) == "sqlite" else _postgresql_sizes(bind)
    stale = [
        name
        for name, (stored, analysed) in sizes.items()
        if (tables is None or name in tables) and stored > 0 and _drifted(stored, analysed)
    ]
    if stale and _dialect(bind) == "sqlite":
        bind.execute(text("PRAGMA analysis_limit = 0"))  # exact: see the docstring
    for name in stale:
        bind.execute(text(f'ANALYZE "{name}"'))
    return stale


def _drifted(stored: int, analysed: int | None) -> bool:
    """No statistics, or taken when the table was STATISTICS_DRIFT times larger or smaller."""
    if analysed is None:
        return True
    return not analysed / STATISTICS_DRIFT < stored < analysed * STATISTICS_DRIFT


def _dialect(bind: Session | Connection) -> str:
    return bind.get_bind().dialect.name if isinstance(bind, Session) else bind.dialect.name


def _sqlite_sizes(bind: Session | Connection) -> dict[str, tuple[int, int | None]]:
    """Per table with an index: (rows now, rows when analysed or None when an index has no
    statistics). The largest rowid stands in for the rows now: a count would read the table."""
    indexes: dict[str, set[str]] = {}
    for table, index in bind.execute(
        text("SELECT tbl_name, name FROM sqlite_master WHERE type = 'index'")
    ):
        indexes.setdefault(str(table), set()).add(str(index))
    analysed: dict[str, dict[str, int]] = {}
    if bind.execute(text("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")).first():
        for table, index, stat in bind.execute(text("SELECT tbl, idx, stat FROM sqlite_stat1")):
            analysed.setdefault(str(table), {})[str(index)] = int(str(stat).split()[0])
    sizes: dict[str, tuple[int, int | None]] = {}
    for table, names in indexes.items():
        stored = bind.execute(text(f'SELECT MAX(rowid) FROM "{table}"')).scalar()
        known = analysed.get(table, {})
        sizes[table] = (int(stored or 0), min(known.values()) if names <= known.keys() else None)
    return sizes


def _postgresql_sizes(bind: Session | Connection) -> dict[str, tuple[int, int | None]]:
    """Per table of the current schema: (rows now, rows when last analysed or None). The rows
    now are estimated as the planner does, from the rows per page the statistics hold and the
    table's pages now (which include what this transaction wrote)."""
    rows = bind.execute(
        text(
            "SELECT c.relname, c.reltuples, c.relpages,"
            " pg_relation_size(c.oid) / current_setting('block_size')::int,"
            " COALESCE(s.last_analyze, s.last_autoanalyze) IS NOT NULL"
            " FROM pg_class c JOIN pg_stat_user_tables s ON s.relid = c.oid"
            " WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r'"
        )
    )
    sizes: dict[str, tuple[int, int | None]] = {}
    for name, tuples, analysed_pages, pages, was_analysed in rows:
        if not was_analysed or tuples < 0:
            sizes[str(name)] = (int(pages), None)
        elif not analysed_pages:  # analysed empty: any page now is a drift
            sizes[str(name)] = (int(pages), 0)
        else:
            sizes[str(name)] = (int(tuples / analysed_pages * pages), int(tuples))
    return sizes
