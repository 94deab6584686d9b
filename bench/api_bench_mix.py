"""The request mix of `api_bench.py`: mostly distinct reads over the whole country (value
listings with random filters, sort orders and deep pages, single values, settlement profiles,
assessment results), a small hot set standing for dashboards, and single-value writes.

Each read has its Monotown path and the equivalent Datasette `?sql=` URL (the SQL Monotown runs
for the page, with its values written in); the SQL text is compiled once per shape, so making a
request costs the load generator little.
"""

from __future__ import annotations

import json
import random
import urllib.parse
from dataclasses import dataclass
from typing import Any

from sqlalchemy.dialects import sqlite

from monotown.data.values_query import ValueQuery, page_sql
from monotown.records.query import Filter

WRITE_SHARE = 0.05
HOT_SHARE = 0.10
PILLARS = ("demography", "labour", "economy", "infrastructure", "social", "budget", "housing")
REGIONS = ("KZ-35", "KZ-15", "KZ-63", "KZ-55", "KZ-23", "KZ-75")
SORTS = ("town", "-value", "value", "period", "indicator", "-flag")
_DIALECT = sqlite.dialect()
_COMPILED: dict[Any, tuple[str, list[str], dict[str, Any]]] = {}


def _literal(value: Any) -> str:
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    return repr(value)


def page_sql_text(query: ValueQuery, page: int, per_page: int) -> str:
    """The SQLite text of the statement Monotown runs for this page, its values written in."""
    shape, build, params = page_sql(query, per_page, (page - 1) * per_page, None)
    found = _COMPILED.get(shape)
    if found is None:
        compiled = build().compile(dialect=_DIALECT)
        names = list(compiled.positiontup or [])
        found = _COMPILED[shape] = (compiled.string, names, dict(compiled.params))
    sql, names, constants = found
    parts = sql.split("?")
    values = [_literal(params.get(name, constants.get(name))) for name in names]
    return "".join(part + value for part, value in zip(parts, [*values, ""], strict=True))


@dataclass
class Request:
    """One read: the Monotown path, and how to make the Datasette path (None: no equivalent)."""

    path: str
    query: ValueQuery | None = None
    page: int = 1
    per_page: int = 1
    sql: str | None = None

    def datasette(self, db: str) -> str:
        sql = (
            self.sql if self.query is None else page_sql_text(self.query, self.page, self.per_page)
        )
        return f"/{db}.json?" + urllib.parse.urlencode({"sql": sql, "_shape": "array"})


class Mix:
    """Random requests over the whole country; a small hot set stands for dashboards."""

    def __init__(self, indicators: list[str], towns: int, years: range, seed: int) -> None:
        self.rng = random.Random(seed)
        self.indicators = indicators
        self.towns = towns
        self.years = years
        self.hot = [self.distinct() for _ in range(20)]

    def town(self) -> str:
        return f"bench-{self.rng.randrange(self.towns):05d}"

    def read(self) -> Request:
        return self.rng.choice(self.hot) if self.rng.random() < HOT_SHARE else self.distinct()

    def distinct(self) -> Request:
        rng = self.rng
        kind = rng.random()
        if kind < 0.55:
            return self.listing()
        town, indicator, year = self.town(), rng.choice(self.indicators), rng.choice(self.years)
        if kind < 0.75:
            key = (Filter("period", "exact", str(year)),)
            return Request(
                f"/api/v1/values/{town}/{indicator}/{year}",
                ValueQuery(town=town, indicator=indicator, extra=key),
            )
        if kind < 0.88:
            sql = f"SELECT * FROM settlement WHERE code = '{town}'"
            return Request(f"/api/v1/settlements/{town}", sql=sql)
        sql = (
            "SELECT * FROM assessment_result WHERE unit_code = '" + town + "' AND run_id = "
            "(SELECT max(id) FROM assessment_run)"
        )
        return Request(f"/api/v1/assessment/runs/latest/results/{town}", sql=sql)

    def listing(self) -> Request:
        rng = self.rng
        params: dict[str, Any] = {}
        choice = rng.randrange(6)
        if choice in (0, 4):
            params["town"] = self.town()
        if choice in (1, 3):
            params["indicator"] = rng.choice(self.indicators)
        if choice in (2, 5):
            params["region"] = rng.choice(REGIONS)
        if choice in (2, 4):
            params["pillar"] = rng.choice(PILLARS)
        if choice == 1:
            params["year_from"] = rng.choice(self.years)
        if choice == 5:
            params["year_from"] = params["year_to"] = rng.choice(self.years)
        params["sort"] = rng.choice(SORTS)
        page = rng.choice([1, 1, 2, 3, rng.randrange(1, 60)])  # deep pages among them
        per_page = rng.choice([20, 50, 100])
        path = "/api/v1/values?" + urllib.parse.urlencode(
            {**params, "page": page, "per_page": per_page}
        )
        return Request(path, ValueQuery(**params), page, per_page)

    def write(self) -> tuple[str, bytes]:
        period = str(self.rng.choice(self.years))
        body = json.dumps(
            {"town": self.town(), "indicator": "pop_total", "period": period,
             "value": round(self.rng.uniform(100, 5000), 2), "flag": "estimate"}
        )  # fmt: skip
        return "/api/v1/values", body.encode()
