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
from monotown.data.demo import generate, modelled_codes, synthetic_series
from monotown.data.demo_model import SECTOR_TRAITS, YEARS, CatalogEntry, Towns
from monotown.data.demo_real import REAL_ONLY_CODES, statements
from monotown.db import session_scope
from monotown.records.provenance import undo_batch
from tests.conftest import Cli
from tests.data.conftest import WriteFile, counts


@pytest.fixture
def demo_values(demo_engine: Engine) -> pd.DataFrame:
    with session_scope(demo_engine) as session:
        frame = values_frame(session)
    frame = frame[frame.year.between(2015, 2025)]  # real figures of other years stand alone
    return frame.pivot_table(
        index=["settlement_code", "year"], columns="indicator_code", values="value"
    )


def test_every_reference_town_and_catalog_entry_for_2015_to_2025(demo_engine: Engine) -> None:
    with session_scope(demo_engine) as session:
        frame = values_frame(session)
        codes = set(catalog_frame(session).code)
    assert frame.settlement_code.nunique() == 27
    assert set(frame.indicator_code) == codes
    generated = codes - REAL_ONLY_CODES
    synthetic = frame[frame.flag == "synthetic"]
    assert set(synthetic.indicator_code) == generated  # real-only codes are never generated
    assert sorted(synthetic.year.unique()) == list(range(2015, 2026))
    # Every town x generated code x year holds exactly one value: real where known, else synthetic.
    in_range = frame[frame.indicator_code.isin(generated) & frame.year.between(2015, 2025)]
    assert len(in_range) == 27 * len(generated) * 11
    assert not in_range.duplicated(["settlement_code", "indicator_code", "period"]).any()
    assert generated <= modelled_codes()  # no bundled entry falls back to the generic series


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
        frame = values_frame(
            session,
            indicators=["pop_total", "pop_administration", "tfe_employment_share_pct"],
        )
    real = frame[frame.flag != "synthetic"].set_index(["settlement_code", "indicator_code", "year"])
    temirtau = real.loc[("temirtau", "pop_total", 2023)]
    assert (temirtau.value, temirtau.flag) == (171890, "official")
    assert temirtau.source.startswith("BNS ASPR RK")
    assert real.loc[("temirtau", "pop_administration", 2023)].value == 177628
    assert real.loc[("satpayev", "tfe_employment_share_pct", 2015)].value == 80
    # Scopes stay apart: an administration figure is never a city value.
    assert ("abai", "pop_administration", 2023) not in real.index
    assert real.loc[("abai", "pop_total", 2023)].value == 28560


def test_stated_aggregates_equal_the_synthetic_sums(demo_engine: Engine) -> None:
    """Each total stated for the single-industry towns is the sum over the towns it covers (every
    town not known to be off the current list), real values included."""
    with session_scope(demo_engine) as session:
        towns, _series = synthetic_series(session)
        values = values_frame(session)
    covered = [code for code, inside in zip(towns.codes, towns.covered_mask, strict=True) if inside]
    assert len(covered) == 24 and not {"saran", "tekeli", "priozersk"} & set(covered)
    table = values[values.settlement_code.isin(covered)].pivot_table(
        index="year", columns="indicator_code", values="value", aggfunc="sum"
    )
    totals = [s for s in statements() if s.kind == "total"]
    assert {(s.indicator, s.year) for s in totals} == {
        ("industrial_output_kzt_bn", 2023),
        ("industrial_output_kzt_bn", 2022),
        ("sme_active", 2022),
        ("sme_active", 2023),
        ("anchor_projects_operating", 2024),
    }
    for statement in totals:
        assert table.loc[statement.year, statement.indicator] == pytest.approx(
            statement.value, abs=0.011
        ), statement
    output = table["industrial_output_kzt_bn"]
    assert output[2023] == pytest.approx(18_500, abs=0.011)
    assert output[2023] / output[2022] == pytest.approx(0.85, abs=1e-5)  # "15% less than 2022"
    assert table.loc[2022, "sme_active"] == 92_300 and table.loc[2023, "sme_active"] == 100_200
    assert table.loc[2024, "anchor_projects_operating"] == 29
    by_town = values[values.settlement_code.isin(covered)].pivot_table(
        index="settlement_code", columns=["indicator_code", "year"], values="value"
    )
    change = (
        by_town[("industrial_output_kzt_bn", 2023)] / by_town[("industrial_output_kzt_bn", 2022)]
    )
    weakest = {"temirtau", "balkhash", "kulsary"}
    assert set(change.nsmallest(3).index) == weakest  # the texts' weakest fall the most
    index = by_town[("industrial_output_index_pct", 2023)]
    declining = {"stepnogorsk", "balkhash", "karazhal"}
    assert set(index[index < 100].index) == declining
    projects = by_town["anchor_projects_operating"]
    assert (projects.diff(axis=1).fillna(0) >= 0).all().all()  # operating projects never vanish


def test_no_synthetic_value_contradicts_a_stored_real_one(demo_engine: Engine) -> None:
    """Where a real value is stored, no synthetic one is, and the generated series goes exactly
    through the real value (so the neighbouring synthetic years follow from it)."""
    with session_scope(demo_engine) as session:
        values = values_frame(session)
        towns, series = synthetic_series(session)
    real = values[values.flag != "synthetic"]
    assert len(real) > 60
    keys = ["settlement_code", "indicator_code", "period"]
    assert not values.duplicated(keys).any()
    row_of = {code: index for index, code in enumerate(towns.codes)}
    checked = 0
    for item in real.itertuples():
        if item.indicator_code in REAL_ONLY_CODES or not 2015 <= item.year <= 2025:
            continue
        generated = series[item.indicator_code][row_of[item.settlement_code], item.year - 2015]
        assert generated == pytest.approx(item.value, abs=0.051), item
        checked += 1
    assert checked > 30
    # Population change follows the real populations: Temirtau 2024 on 2023.
    pop = values[(values.settlement_code == "temirtau")].pivot_table(
        index="year", columns="indicator_code", values="value"
    )
    assert pop.loc[2024, "pop_change_pct"] == pytest.approx(100 * (171609 / 171890 - 1), abs=0.006)


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
        "real.csv", "settlement,indicator,period,value\nTemirtau,pop_total,2016,180000\n"
    )
    report = import_file(demo_engine, path)
    assert report.status == "committed" and report.summary() == "0 created, 1 updated, 0 unchanged"
    with session_scope(demo_engine) as session:
        real = values_frame(session, towns=["temirtau"], indicators=["pop_total"])
        assert real.set_index("year").loc[2016, "flag"] == "official"
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
        and "demo data for 27 towns x 88 indicators x 2015-2025" in result.stdout
    )
    again = data_cli("data", "load-demo", "--if-empty")
    assert "already stored; nothing to do" in again.stdout


def test_serving_an_empty_database_seeds_reference_catalog_and_demo(empty_cli: Cli) -> None:
    from monotown.cli.db_commands import ensure_database_ready

    ensure_database_ready()
    listed = empty_cli("indicators", "list", "--format", "csv")
    assert listed.stdout.count("\n") == 89
    shown = empty_cli("indicators", "show", "pop_total")
    assert "27 towns" in shown.stdout
