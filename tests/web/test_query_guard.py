"""A NUL character in a request's address is a 422 naming where it is, on every route, streamed
exports included (they would otherwise meet PostgreSQL's refusal after their first bytes)."""

from __future__ import annotations

import pytest

from monotown.web.query_guard import nul_in_address
from tests.web.conftest import Web


@pytest.mark.parametrize(
    ("path", "params", "where"),
    [
        ("/api/v1/values/export", {"town": "\x00"}, "query parameter 'town'"),
        ("/api/v1/values/export", {"format": "csv", "source__contains": "a\x00b"},
         "query parameter 'source__contains'"),
        ("/api/v1/values", {"indicator": "\x00"}, "query parameter 'indicator'"),
        ("/api/v1/settlements/export", {"code": "\x00"}, "query parameter 'code'"),
        ("/api/v1/records/values/export", {"na\x00me": "x"}, "query parameter 'name'"),
        ("/api/v1/values/abai%00/pop_total/2023", {}, "the path"),
    ],
)  # fmt: skip
def test_nul_in_the_address_is_a_422_naming_it(
    demo_web: Web, path: str, params: dict[str, str], where: str
) -> None:
    answer = demo_web.client("viewer").get(path, params=params)
    assert answer.status_code == 422, answer.text
    assert answer.json()["detail"] == f"{where}: must not contain NUL characters"


def test_a_page_answers_the_same_refusal(demo_web: Web) -> None:
    answer = demo_web.client("viewer").get("/towns", params={"q": "\x00"})
    assert answer.status_code == 422
    assert "must not contain NUL characters" in answer.text


def test_addresses_without_nul_pass() -> None:
    assert nul_in_address("/api/v1/values", b"town=abai&q=%C3%A9") is None
    assert nul_in_address("/api/v1/values", b"town=%00") == "query parameter 'town'"
    assert nul_in_address("/a\x00", b"") == "the path"
