"""`monotown records list values` and `records export values` page, filter and stream in SQL:
what they print is what `/api/v1/records/values` answers for the same filters (both backends),
and an export's memory stays flat however many values it writes."""

from __future__ import annotations

import json
import re
import tracemalloc
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import func, insert, select
from typer.testing import CliRunner

from monotown.cli import app
from monotown.cli.records import Selection, export_kind, select_rows, write_export
from monotown.data.kinds import VALUES_KIND
from monotown.data.models import Indicator, IndicatorValue
from monotown.db import DATABASE_URL_ENV, engine_for, session_scope
from monotown.registry.models import Settlement
from tests.conftest import database_fixtures
from tests.web.conftest import Web

COLUMNS = list(VALUES_KIND.column_names)
# The same selection as API parameters and as CLI options.
SELECTIONS = [
    ({}, []),
    ({"records": "synthetic", "sort": "-value"}, ["--records", "synthetic", "--sort", "-value"]),
    ({"records": "real", "year__gte": "2020"}, ["--records", "real", "--where", "year__gte=2020"]),
    (
        {"indicator__in": "pop_total,unemployment_rate", "sort": "indicator"},
        ["--where", "indicator__in=pop_total,unemployment_rate", "--sort", "indicator"],
    ),
    (
        {"value__lt": "50", "period__startswith": "202", "sort": "-key"},
        ["-w", "value__lt=50", "-w", "period__startswith=202", "--sort", "-key"],
    ),
]


def _cli(site: Web, *args: str) -> Any:
    return CliRunner().invoke(app, list(args), env={DATABASE_URL_ENV: site.url})


def _api(site: Web, path: str, params: dict[str, str]) -> Any:
    response = site.client("admin").get(path, params=params, follow_redirects=True)
    assert response.status_code == 200, response.text
    return response


def _cut(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{name: row[name] for name in COLUMNS} for row in rows]


@pytest.mark.parametrize(("params", "options"), SELECTIONS)
def test_a_cli_page_is_the_api_page(site: Web, params: dict[str, str], options: list[str]) -> None:
    api = _api(site, "/api/v1/records/values", {**params, "size": "7"}).json()
    assert api["items"], "the selection should match some demo values"
    printed = _cli(site, "records", "list", "values", *options, "--size", "7", "--format", "json")
    assert printed.exit_code == 0, printed.output
    assert json.loads(printed.stdout) == _cut(api["items"])

    after = parse_qs(urlsplit(api["next"]).query)["after"][0] if api["next"] else None
    assert (f"next page: --after {after}" in printed.stderr) is bool(after)
    if after:  # the second page, by the cursor the first printed
        second = _cli(site, "records", "list", "values", *options, "--size", "7",
                      "--after", after, "--format", "json")  # fmt: skip
        api_second = _api(site, "/api/v1/records/values", {**params, "size": "7", "after": after})
        assert json.loads(second.stdout) == _cut(api_second.json()["items"])


@pytest.mark.parametrize(("params", "options"), [s for s in SELECTIONS if "sort" not in s[0]])
@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_a_cli_export_is_the_api_export(
    site: Web, params: dict[str, str], options: list[str], fmt: str, tmp_path: Path
) -> None:
    api = _api(site, "/api/v1/records/values/export", {**params, "format": fmt}).content
    out = tmp_path / f"values.{fmt}"
    written = _cli(site, "records", "export", "values", *options, "--format", fmt, "-o", str(out))
    assert written.exit_code == 0, written.output
    assert out.read_bytes() == api
    count = len(json.loads(api)) if fmt == "json" else api.count(b"\n") - 1
    assert f"wrote {count} values to" in written.stderr
    printed = _cli(site, "records", "export", "values", *options, "--format", fmt)
    assert printed.stdout_bytes == api


def test_a_sorted_export_is_every_page_of_the_sorted_listing(site: Web) -> None:
    params = {"records": "synthetic", "sort": "-value", "indicator__exact": "pop_total"}
    rows, query = [], {**params, "size": "40"}
    while True:
        page = _api(site, "/api/v1/records/values", query).json()
        rows += _cut(page["items"])
        if not page["next"]:
            break
        query = {**query, "after": parse_qs(urlsplit(page["next"]).query)["after"][0]}
    options = ["--records", "synthetic", "--sort", "-value", "-w", "indicator__exact=pop_total"]
    exported = _cli(site, "records", "export", "values", *options, "--format", "json")
    assert len(rows) > 40 and json.loads(exported.stdout) == rows


def test_bad_options_are_one_line_errors(site: Web, tmp_path: Path) -> None:
    out = tmp_path / "values.csv"
    for options, reason in (
        (["-q", "temirtau"], "not searched by text"),
        (["--sort", "year"], "sort by one of town, indicator"),
        (["--records", "fake"], "must be one of all, real, synthetic"),
        (["-w", "colour=red"], "no column 'colour'"),
    ):
        result = _cli(site, "records", "export", "values", *options, "-o", str(out))
        assert result.exit_code != 0 and reason in result.output, result.output
        assert "Traceback" not in result.output and not out.exists()


CATALOG = database_fixtures("catalog")  # the reference data and the indicator catalog
catalog_url = CATALOG.url


def _store_values(url: str, count: int) -> None:
    """`count` values (monthly, from 1950 on) spread over every town and indicator."""
    with session_scope(engine_for(url)) as session:
        session.execute(IndicatorValue.__table__.delete())  # type: ignore[attr-defined]
        towns = session.scalars(select(Settlement.id).order_by(Settlement.id)).all()
        indicators = session.scalars(select(Indicator.id).order_by(Indicator.id)).all()
        months = -(-count // (len(towns) * len(indicators)))
        rows = [
            {"settlement_id": town, "indicator_id": indicator,
             "period": f"{1950 + m // 12}-{m % 12 + 1:02d}", "period_type": "month",
             "year": 1950 + m // 12, "value": float(m), "flag": "synthetic",
             "source": "test", "note": None}
            for m in range(months) for town in towns for indicator in indicators
        ][:count]  # fmt: skip
        session.execute(insert(IndicatorValue), rows)
        assert session.scalar(select(func.count()).select_from(IndicatorValue)) == count


def _export_peak(url: str, count: int, path: Path, *, in_memory: bool = False) -> int:
    """The tracemalloc peak of `records export values -o path` over `count` values (or, as the
    baseline, of the records layer's in-memory list of every value, as the CLI did before)."""
    _store_values(url, count)
    everything = Selection(None, "all", None, None)
    tracemalloc.start()
    try:
        if in_memory:
            write_export(VALUES_KIND, select_rows(VALUES_KIND, everything), "csv", path)
        else:
            export_kind(VALUES_KIND, everything, "csv", path)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_an_export_of_ten_times_the_values_takes_no_more_memory(
    catalog_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(DATABASE_URL_ENV, catalog_url)
    small = _export_peak(catalog_url, 5_000, tmp_path / "small.csv")
    large = _export_peak(catalog_url, 50_000, tmp_path / "large.csv")
    baseline = _export_peak(catalog_url, 50_000, tmp_path / "baseline.csv", in_memory=True)
    print(
        f"\ntracemalloc peak of an export: 5,000 values {small / 1e6:.1f} MB, 50,000 values "
        f"{large / 1e6:.1f} MB; in memory (baseline) 50,000 values {baseline / 1e6:.1f} MB "
        f"({baseline / large:.1f}x)"
    )
    assert (tmp_path / "large.csv").read_bytes() == (tmp_path / "baseline.csv").read_bytes()
    assert (tmp_path / "large.csv").read_bytes().count(b"\n") == 50_001
    assert large < 1.5 * small, (small, large)  # one page in memory, not every value
    assert baseline > 3 * large, (baseline, large)
    assert re.match(rb"\xef\xbb\xbfkey,town", (tmp_path / "large.csv").read_bytes())
