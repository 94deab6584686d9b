"""Demo data: deterministic, complete, inside every range, internally consistent, and never in
the way of real data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy.engine import Engine

from monotown.data import catalog_frame, demo_frame, import_file, load_demo_data, values_frame
from monotown.data.demo import generate, modelled_codes
from monotown.data.demo_model import SECTOR_TRAITS, YEARS, CatalogEntry, Towns
from monotown.data.provenance import undo_batch
from monotown.db import session_scope
from tests.conftest import Cli
from tests.data.conftest import WriteFile, counts


@pytest.fixture
def demo_engine(data_engine: Engine) -> Engine:
    with session_scope(data_engine) as session:
        load_demo_data(session, user="test")
    return data_engine


@pytest.fixture
def demo_values(demo_engine: Engine) -> pd.DataFrame:
    with session_scope(demo_engine) as session:
        frame = values_frame(session)
    return frame.pivot_table(
        index=["settlement_code", "year"], columns="indicator_code", values="value"
    )


def test_every_reference_town_and_catalog_entry_for_2015_to_2025(demo_engine: Engine) -> None:
    with session_scope(demo_engine) as session:
        frame = values_frame(session)
        codes = set(catalog_frame(session).code)
    assert frame.settlement_code.nunique() == 27
    assert set(frame.indicator_code) == codes
    assert sorted(frame.year.unique()) == list(range(2015, 2026))
    assert len(frame) == 27 * len(codes) * 11
    assert (frame.flag == "synthetic").sum() == len(frame) - 4
    assert codes <= modelled_codes()  # no bundled entry falls back to the generic series


def test_the_same_seed_gives_the_same_values(demo_engine: Engine) -> None:
    with session_scope(demo_engine) as session:
        first, second = demo_frame(session), demo_frame(session)
    pd.testing.assert_frame_equal(first, second)


def test_values_lie_inside_each_indicator_range(demo_engine: Engine) -> None:
    with session_scope(demo_engine) as session:
        frame = values_frame(session).merge(
            catalog_frame(session)[["code", "min", "max"]],
            left_on="indicator_code",
            right_on="code",
        )
    assert (frame.value >= frame["min"]).all() and (frame.value <= frame["max"]).all()


def test_related_indicators_agree(demo_values: pd.DataFrame) -> None:
    v = demo_values
    ratio = 100 * v.avg_monthly_wage_kzt / v.regional_avg_wage_kzt
    assert np.allclose(v.wage_to_regional_avg_pct, ratio, atol=0.006)
    per_capita = v.industrial_output_kzt_bn * 1e6 / v.pop_total
    assert np.allclose(v.output_per_capita_kzt_th, per_capita, atol=0.051)
    assert np.allclose(
        v.investment_per_capita_kzt_th, v.fixed_investment_kzt_bn * 1e6 / v.pop_total, atol=0.051
    )
    assert np.allclose(v.sme_per_1000, v.sme_active / v.pop_total * 1000, atol=0.006)
    assert np.allclose(
        v.new_enterprises_per_1000, v.new_enterprises_registered / v.pop_total * 1000, atol=0.006
    )
    assert np.allclose(
        v.housing_commissioned_per_1000_m2,
        v.housing_commissioned_m2 / v.pop_total * 1000,
        atol=0.051,
    )
    assert np.allclose(
        v.natural_increase_per_1000 + v.net_migration_per_1000, 10 * v.pop_change_pct
    )
    assert np.allclose(v.working_age_share_pct + v.under_16_share_pct + v.over_65_share_pct, 96)
    assert np.allclose(v.own_revenue_share_pct + v.transfers_share_pct, 100)
    later = v.pop_total.groupby(level=0).shift(1)
    change = 100 * (v.pop_total / later - 1)
    assert np.allclose(v.pop_change_pct[later.notna()], change[later.notna()], atol=0.006)
    assert (v.tax_revenue_per_capita_kzt_th < v.budget_spending_per_capita_kzt_th).all()
    assert (v.tfe_output_share_pct >= 20).all()  # the legal monotown criterion


def test_real_registry_figures_are_stored_as_such_and_anchor_the_series(
    demo_engine: Engine,
) -> None:
    with session_scope(demo_engine) as session:
        frame = values_frame(session, indicators=["pop_total", "tfe_employment_share_pct"])
    real = frame[frame.flag != "synthetic"].set_index(["settlement_code", "indicator_code"])
    arkalyk = real.loc[("arkalyk", "pop_total")]
    assert (arkalyk.period, arkalyk.value, arkalyk.flag) == ("2021", 44954, "official")
    assert arkalyk.source.startswith("Single-industry towns of Kazakhstan")
    assert real.loc[("satpayev", "pop_total")].flag == "estimate"
    assert real.loc[("satpayev", "tfe_employment_share_pct")].value == 80
    # Rudny's figure has no year: it scales the series (2023) but is not stored as a value.
    rudny = frame[(frame.settlement_code == "rudny") & (frame.indicator_code == "pop_total")]
    assert set(rudny.flag) == {"synthetic"}
    assert rudny[rudny.year == 2023].value.item() == 123100


def test_loading_again_changes_nothing(demo_engine: Engine) -> None:
    before = counts(demo_engine)
    with session_scope(demo_engine) as session:
        report = load_demo_data(session)
    assert report.demo.status == "no-op" and counts(demo_engine) == before


def test_real_imports_replace_synthetic_values_and_undo_restores_them(
    demo_engine: Engine, write_file: WriteFile
) -> None:
    with session_scope(demo_engine) as session:
        before = values_frame(session, towns=["temirtau"], indicators=["pop_total"])
    path = write_file(
        "real.csv", "settlement,indicator,period,value\nTemirtau,pop_total,2023,180000\n"
    )
    report = import_file(demo_engine, path)
    assert report.status == "committed" and report.summary() == "0 new, 1 changed, 0 unchanged"
    with session_scope(demo_engine) as session:
        real = values_frame(session, towns=["temirtau"], indicators=["pop_total"])
        assert real.set_index("year").loc[2023, "flag"] == "official"
        assert load_demo_data(session).demo.status == "no-op"  # the real value stays
        undo_batch(session, report.batch_id or 0, user="test")
    with session_scope(demo_engine) as session:
        after = values_frame(session, towns=["temirtau"], indicators=["pop_total"])
    pd.testing.assert_frame_equal(before, after)


def _towns(sectors: list[str], former: list[float], population: list[float]) -> Towns:
    n = len(sectors)
    return Towns(
        ["same"] * n,
        ["KZ-35"] * n,
        sectors,
        np.array(former),
        np.array(population),
        np.full(n, 2015.0),
        np.full(n, np.nan),
        np.zeros(n),
    )


POP = CatalogEntry("pop_total", "higher", None, 0, 5e6, "persons")


def test_trends_depend_on_sector_enterprise_health_and_size() -> None:
    pop = generate(_towns(["oil", "coal"], [0, 0], [40_000, 40_000]), [POP])["pop_total"]
    assert pop[0, -1] / pop[0, 0] > pop[1, -1] / pop[1, 0]  # oil towns keep people, coal loses
    pop = generate(_towns(["metals", "metals"], [0, 1], [40_000, 40_000]), [POP])["pop_total"]
    assert pop[0, -1] > pop[1, -1]  # a former enterprise empties the town faster
    pop = generate(_towns(["metals", "metals"], [0, 0], [150_000, 15_000]), [POP])["pop_total"]
    assert pop[0, -1] / pop[0, 0] > pop[1, -1] / pop[1, 0]  # large towns hold on better
    assert pop[:, 0].tolist() == [150_000, 15_000]  # anchored exactly


@settings(max_examples=15, deadline=None)
@given(
    codes=st.lists(st.text("abcdefgh", min_size=1, max_size=6), min_size=1, max_size=4),
    sector=st.sampled_from(sorted(SECTOR_TRAITS)),
)
def test_any_town_gets_values_inside_every_range(codes: list[str], sector: str) -> None:
    catalog = [
        CatalogEntry("unemployment_rate_pct", "lower", None, 0, 100, "%"),
        CatalogEntry("heat_source_reserve_pct", "target", 15, -100, 100, "%"),
        CatalogEntry("analyst_added_code", "lower", None, 2, 9, "points"),
    ]
    n = len(codes)
    towns = Towns(
        codes,
        ["KZ-10"] * n,
        [sector] * n,
        np.zeros(n),
        np.full(n, np.nan),
        np.zeros(n),
        np.full(n, np.nan),
        np.zeros(n),
    )
    result = generate(towns, catalog)
    for entry in catalog:
        values = result[entry.code]
        assert values.shape == (n, len(YEARS))
        assert (values >= entry.low).all() and (values <= entry.high).all()


def test_load_demo_command(data_cli: Cli) -> None:
    result = data_cli("data", "load-demo", "--if-empty")
    assert (
        result.exit_code == 0
        and "demo data for 27 towns x 86 indicators x 2015-2025" in result.stdout
    )
    again = data_cli("data", "load-demo", "--if-empty")
    assert "already stored; nothing to do" in again.stdout


def test_serving_an_empty_database_seeds_reference_catalog_and_demo(empty_cli: Cli) -> None:
    from monotown.cli.db_commands import ensure_database_ready

    ensure_database_ready()
    listed = empty_cli("indicators", "list", "--format", "csv")
    assert listed.stdout.count("\n") == 87
    shown = empty_cli("indicators", "show", "pop_total")
    assert "297 values for 27 towns, 2015-2025" in shown.stdout
