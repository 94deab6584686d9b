"""A page, the API and the CLI name a record by the one fallback order (`models.names`): an
event without a Kazakh title reads the same Russian title on all three."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from monotown.db import session_scope
from monotown.events.models import Event
from tests.conftest import Cli
from tests.web.conftest import Web, make_web


@pytest.fixture
def facts_web(facts_db_url: str, password_hash: str) -> Iterator[Web]:
    web = make_web(facts_db_url, password_hash)
    yield web
    web.engine.dispose()


def test_an_event_without_a_kazakh_title_reads_in_russian_everywhere(
    facts_web: Web, facts_cli: Cli
) -> None:
    with session_scope(facts_web.engine) as session:
        event = session.scalars(select(Event).order_by(Event.code)).first()
        assert event is not None and event.title_ru
        event.title_kk = "  "  # only spaces: missing
        code, russian = event.code, event.title_ru

    [api] = [row for row in facts_web.client("viewer").get("/api/v1/events?lang=kk").json()
             if row["code"] == code]  # fmt: skip
    assert (api["title"], api["title_language"]) == (russian, "ru")

    page = facts_web.browser("viewer", lang="kk").get("/events").text
    link = re.search(rf'<a href="[^"]*{re.escape(code)}">([^<]*)</a>', page)
    assert link and link.group(1) == russian.replace('"', "&#34;")

    shown = json.loads(facts_cli("events", "list", "--lang", "kk", "--format", "json").stdout)
    assert next(row["title"] for row in shown if row["code"] == code) == russian
