"""/api/v1/values through the records layer: any column filters with the records vocabulary
(the same rows the in-memory `records.query` would keep), the older parameters still work, keyset
pages walk every match once, and exports take the same filters."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest

from monotown.data.values_query_sql import VALUES
from monotown.records.query import apply_filters, parse_filters
from tests.web.conftest import Web

# Every case narrows to one pillar (the rows the test filters in memory), then filters further.
CASES = [
    {"pillar": "labour", "year__gte": "2023", "indicator__in": "pop_total,unemployment_rate_pct"},
    {"pillar": "demography", "value__gt": "100000", "region": "KZ-35"},
    {"pillar": "labour", "town__startswith": "TEMIR", "year__lte": "2020"},
    {"pillar": "demography", "flag__not": "estimate", "town__in": "temirtau,rudny,saran"},
    {"pillar": "labour", "value__lte": "5", "note__isnull": "1", "period__startswith": "202"},
    {"pillar": "labour", "year__startswith": "202"},  # a number matched on its digits
]


def _pillar_values(web: Web, pillar: str) -> list[dict[str, Any]]:
    params = {"format": "json", "pillar": pillar}
    answer = web.client("viewer").get("/api/v1/values/export", params=params)
    assert answer.status_code == 200
    rows: list[dict[str, Any]] = json.loads(answer.content)
    assert rows and {row["pillar"] for row in rows} == {pillar}
    return rows


def _walk(web: Web, params: dict[str, str], sort: str) -> list[tuple[str, str, str]]:
    """Every page by the cursor each page gives."""
    client, keys, after = web.client("viewer"), [], None
    for _ in range(200):
        page = {**params, "sort": sort, "per_page": "500", **({"after": after} if after else {})}
        answer = client.get("/api/v1/values", params=page)
        assert answer.status_code == 200, answer.text
        body = answer.json()
        keys += [(row["town"], row["indicator"], row["period"]) for row in body["items"]]
        after = body["next"]
        if after is None:
            return keys
    raise AssertionError("the cursor never ended")


@pytest.mark.parametrize("params", CASES, ids=[" ".join(case) for case in CASES])
def test_the_vocabulary_keeps_what_records_keep(demo_web: Web, params: dict[str, str]) -> None:
    rows = _pillar_values(demo_web, params["pillar"])
    expected = {
        (row["town"], row["indicator"], row["period"])
        for row in apply_filters(VALUES, rows, parse_filters(VALUES, params))
    }
    assert expected, "a case that matches nothing tests nothing"
    for sort in ("-value", "-flag"):
        walked = _walk(demo_web, params, sort)
        assert len(walked) == len(set(walked)) and set(walked) == expected, sort
    counted = demo_web.client("viewer").get("/api/v1/values", params={**params, "per_page": 1})
    assert counted.json()["total"] == len(expected)
    export = demo_web.client("viewer").get(
        "/api/v1/values/export", params={**params, "format": "csv"}
    )
    assert len(export.content.decode("utf-8-sig").strip().splitlines()) == len(expected) + 1


@pytest.mark.parametrize("sort", ["-value", "period"])
def test_the_export_follows_the_listings_sort(demo_web: Web, sort: str) -> None:
    params = {"pillar": "labour", "region": "KZ-35"}
    listed = _walk(demo_web, params, sort)
    export = demo_web.client("viewer").get(
        "/api/v1/values/export", params={**params, "sort": sort, "format": "csv"}
    )
    assert export.status_code == 200, export.text
    exported = [
        (row["town"], row["indicator"], row["period"])
        for row in csv.DictReader(io.StringIO(export.content.decode("utf-8-sig")))
    ]
    assert len(listed) > 1 and exported == listed


def test_the_export_refuses_a_sort_the_listing_refuses(demo_web: Web) -> None:
    answer = demo_web.client("viewer").get("/api/v1/values/export", params={"sort": "colour"})
    assert answer.status_code == 422 and "sort" in answer.text, answer.text


def test_the_older_parameters_are_filters_of_the_vocabulary(demo_web: Web) -> None:
    client = demo_web.client("viewer")
    older = {"town": "temirtau", "year_from": "2021", "year_to": "2023", "synthetic": "false"}
    newer = {"town": "temirtau", "year__gte": "2021", "year__lte": "2023", "records": "real"}
    first = client.get("/api/v1/values", params={**older, "per_page": 500}).json()
    second = client.get("/api/v1/values", params={**newer, "per_page": 500}).json()
    assert first["total"] == second["total"] > 0 and first["items"] == second["items"]
    assert all(2021 <= row["year"] <= 2023 and not row["synthetic"] for row in first["items"])


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"colour": "red"}, "colour"),
        ({"value__near": "5"}, "near"),
        ({"year__gte": "soon"}, "year"),
        ({"after": "not-a-cursor"}, "after"),
        ({"year_from": "2024", "year_to": "2020"}, "year"),
    ],
)
def test_a_bad_filter_is_a_clear_client_error(
    demo_web: Web, params: dict[str, str], named: str
) -> None:
    answer = demo_web.client("viewer").get("/api/v1/values", params=params)
    assert 400 <= answer.status_code < 500 and named in answer.text, answer.text


def test_a_number_column_takes_text_operators(demo_web: Web) -> None:
    """Found by the property test below on PostgreSQL: lower() of an integer was a 500."""
    client = demo_web.client("viewer")
    for params in ({"batch_id__contains": "2021"}, {"value__startswith": "1"}):
        answer = client.get("/api/v1/values", params={**params, "per_page": 5})
        assert answer.status_code == 200, answer.text


def test_no_filter_a_client_writes_is_a_server_error(demo_web: Web) -> None:
    """Any column, operator and text (numbers, empty, unicode, lists, cursors): never a 5xx."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from monotown.records.query import OPERATORS

    client = demo_web.client("viewer")
    names = st.sampled_from([*VALUES.columns, "sort", "after", "records", "page", "nope"])
    spelled = st.tuples(names, st.sampled_from(["", *OPERATORS, "near"])).map(
        lambda pair: f"{pair[0]}__{pair[1]}" if pair[1] else pair[0]
    )
    texts = st.one_of(
        st.sampled_from(["", "2021", "-1", "1e309", "nan", "temirtau,rudny", "KZ-35", "true"]),
        st.text(max_size=12),
    )

    @settings(max_examples=50, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.dictionaries(spelled, texts, max_size=3))
    def check(params: dict[str, str]) -> None:
        for path in ("/api/v1/values", "/api/v1/values/export"):
            answer = client.get(path, params={**params, "per_page": "5"})
            assert answer.status_code < 500, (path, params, answer.text[:300])

    check()
