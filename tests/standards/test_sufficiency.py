"""The roll-up arithmetic, by hand on four settlements and as properties of the formulas."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from monotown.standards.sufficiency import (
    SufficiencyRule,
    national_level,
    roll_up,
    settlement_levels,
    unit_weights,
)

# Four settlements (T, A, B, C) with 3, 3, 2 and 1 applicable records; T's third standard
# weighs 2. Met: T 2 (one of weight 2), A 2, B 1, C 0.
UNIT = np.array([0, 0, 0, 1, 1, 1, 2, 2, 3])
MET = np.array([1, 0, 1, 1, 1, 0, 0, 1, 0], dtype=bool)
CATALOG_WEIGHT = np.array([1, 1, 2, 1, 1, 1, 1, 1, 1], dtype=float)
POPULATION = np.array([10_000, 1_000, 200, 40], dtype=float)


def test_unweighted_levels_by_hand() -> None:
    levels = settlement_levels(4, UNIT, MET, np.ones(9))
    assert levels.level == pytest.approx([2 / 3, 2 / 3, 1 / 2, 0])
    by_settlement = national_level(levels, unit_weights(levels, POPULATION, "settlement"))
    assert by_settlement == pytest.approx((2 / 3 + 2 / 3 + 1 / 2 + 0) / 4)
    by_population = national_level(levels, unit_weights(levels, POPULATION, "population"))
    assert by_population == pytest.approx((10_000 * 2 / 3 + 1_000 * 2 / 3 + 100) / 11_240)
    pooled = national_level(levels, unit_weights(levels, POPULATION, "pooled"))
    assert pooled == pytest.approx(5 / 9)


def test_catalog_weights_by_hand() -> None:
    levels = settlement_levels(4, UNIT, MET, CATALOG_WEIGHT)
    assert levels.level[0] == pytest.approx(3 / 4)
    weights = unit_weights(levels, POPULATION, "settlement")
    assert national_level(levels, weights) == pytest.approx((3 / 4 + 2 / 3 + 1 / 2) / 4)


def test_groups_roll_up_and_unknown_populations_weigh_nothing() -> None:
    levels = settlement_levels(4, UNIT, MET, np.ones(9))
    groups = roll_up(
        levels, unit_weights(levels, POPULATION, "settlement"), np.array([0, 1, 1, -1]), 2
    )
    assert groups.level == pytest.approx([2 / 3, (2 / 3 + 1 / 2) / 2])
    assert groups.settlements.tolist() == [1, 2]
    population = np.array([np.nan, 1_000, 200, 40])
    weights = unit_weights(levels, population, "population")
    assert weights[0] == 0


def test_missing_records_counted_as_unmet() -> None:
    levels = settlement_levels(
        4, UNIT, MET, np.ones(9), applicable_without_record=np.array([1.0, 0, 0, 1])
    )
    assert levels.level == pytest.approx([2 / 4, 2 / 3, 1 / 2, 0])


def test_rule_rejects_unknown_settings() -> None:
    with pytest.raises(ValueError, match="weighting"):
        SufficiencyRule(weighting="people")


records = st.lists(
    st.tuples(st.integers(0, 5), st.booleans(), st.floats(0.5, 3)), min_size=1, max_size=40
)


@given(records, st.lists(st.floats(1, 1e6), min_size=6, max_size=6))
def test_levels_are_shares_and_weightings_agree_when_they_should(rows, populations) -> None:  # type: ignore[no-untyped-def]
    unit = np.array([r[0] for r in rows])
    met = np.array([r[1] for r in rows])
    weight = np.array([r[2] for r in rows])
    levels = settlement_levels(6, unit, met, weight)
    counted = ~np.isnan(levels.level)
    assert ((levels.level[counted] >= 0) & (levels.level[counted] <= 1 + 1e-12)).all()
    population = np.array(populations)
    for weighting in ("settlement", "population", "pooled"):
        value = national_level(levels, unit_weights(levels, population, weighting))
        assert np.nanmin(levels.level) - 1e-9 <= value <= np.nanmax(levels.level) + 1e-9
    equal = national_level(levels, unit_weights(levels, np.full(6, 7.0), "population"))
    plain = national_level(levels, unit_weights(levels, population, "settlement"))
    assert equal == pytest.approx(plain)
    pooled = national_level(levels, unit_weights(levels, population, "pooled"))
    assert pooled == pytest.approx(float((weight * met).sum() / weight.sum()))
