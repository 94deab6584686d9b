"""The methodology file: the shipped default, validation errors and the hash."""

import csv
from importlib import resources

import pytest

from monotown.assess.methodology import methodology_hash
from monotown.assess.methodology_files import load_methodology, methodology_from_text
from monotown.errors import InputError


def catalog_rows():
    text = resources.files("monotown").joinpath("resources/catalog/indicators.csv").read_text()
    return list(csv.DictReader(text.splitlines()))


def test_default_tree_is_the_catalog_indicators_in_eleven_pillars():
    m = load_methodology()
    rows = catalog_rows()
    indicators = {r["code"]: r for r in rows if r["role"] == "indicator"}
    assert set(m.indicator_codes) == set(indicators)
    assert len(m.indicators) == 80
    pillars = [a for a in m.aggregates if a.parent == "index"]
    assert len(pillars) == 11
    for spec in m.indicators:
        assert spec.parent == indicators[spec.code]["pillar"]
        assert spec.direction == indicators[spec.code]["direction"]
    context = {r["code"] for r in rows if r["role"] == "context"}
    assert not context & set(m.indicator_codes)


def test_hash_ignores_formatting_but_not_content():
    m = load_methodology()
    again = methodology_from_text(m.to_yaml())
    assert methodology_hash(again) == methodology_hash(m)
    changed = m.model_copy(update={"name": "other"})
    assert methodology_hash(changed) != methodology_hash(m)


@pytest.mark.parametrize(
    "text, message",
    [
        ("name: x\nindicators: []\naggregates: [{code: i}]", "indicators"),
        ("name: x\nindicators: [{code: a, parent: p}]\naggregates: [{code: i}]", "no aggregate"),
        ("name: x\nindicators: [{code: a, parent: i}]\naggregates: [{code: i}, {code: j}]", "root"),
        (
            "name: x\nindicators: [{code: a, parent: i, direction: up}]\naggregates: [{code: i}]",
            "direction",
        ),
        ("name: [unclosed", "YAML"),
    ],
)
def test_bad_methodologies_are_refused_with_a_clear_message(text, message):
    with pytest.raises(InputError, match=message):
        methodology_from_text(text, file="m.yaml")


def test_missing_file_is_named(tmp_path):
    with pytest.raises(InputError, match=r"missing\.yaml"):
        load_methodology(tmp_path / "missing.yaml")
