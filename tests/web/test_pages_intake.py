"""The intake review page through the form: propose, edit a row, drop one, add one, accept as
one batch; bad input shows the form again with one line and stores nothing."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from monotown.db import session_scope
from monotown.program.bodies import load_bodies
from monotown.program.models import Directive
from monotown.records.provenance import ImportBatch
from tests.web.conftest import Web, csrf_of
from tests.web.test_intake_api import SEMINAR


@pytest.fixture
def intake_web(web: Web) -> Web:
    with session_scope(web.engine) as session:
        load_bodies(session)
    return web


def _fields(page: str) -> dict[str, str]:
    """The accept form as a browser would send it (checked boxes, inputs, text areas)."""
    form = page[page.index('id="accept-form"') :]
    fields: dict[str, str] = {}
    for tag in re.findall(r"<input[^>]*>", form):
        name = re.search(r'name="([^"]+)"', tag)
        if not name:
            continue
        kind = re.search(r'type="([^"]+)"', tag)
        if kind and kind.group(1) == "checkbox":
            if "checked" in tag:
                fields[name.group(1)] = "on"
            continue
        value = re.search(r'value="([^"]*)"', tag)
        fields[name.group(1)] = _unescape(value.group(1) if value else "")
    for name, value in re.findall(r'<textarea name="([^"]+)"[^>]*>([^<]*)</textarea>', form):
        fields[name] = _unescape(value)
    for name, body in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected', body)
        fields[name] = chosen.group(1) if chosen else "day"
    return fields


def _unescape(value: str) -> str:
    import html

    return html.unescape(value)


def test_review_edit_drop_add_and_accept(intake_web: Web) -> None:
    client = intake_web.browser("analyst", lang="ru")
    token = csrf_of(client, "/intake")
    page = client.post(
        "/intake/review", data={"csrf_token": token, "text": SEMINAR, "date": "2025-06-18"}
    )
    assert page.status_code == 200, page.text
    assert page.text.count('class="intake-row directive-row"') == 7
    assert re.search(r'<mark class="directive[^"]*" data-rows="d0', page.text)
    fields = _fields(page.text)
    rows = sorted({name.split("-")[1] for name in fields if name.startswith("d-")})
    first = next(r for r in rows if fields[f"d-{r}-bodies"] == "akimat-kz-35; akimat-kz-23")
    fields[f"d-{first}-bodies"] = "mne"
    fields[f"d-{first}-deadline"] = "2025-11-30"
    dropped = next(r for r in rows if r != first)
    del fields[f"d-{dropped}-keep"]
    added = client.get("/intake/rows/directive").text
    new = re.search(r'name="d-([0-9a-f]+)-action"', added)
    assert new
    fields.update(
        {
            f"d-{new.group(1)}-keep": "on",
            f"d-{new.group(1)}-action": "Keep the 20 towns' plans up to date",
            f"d-{new.group(1)}-bodies": "mne",
            f"d-{new.group(1)}-quote": "Kazakhstan currently has 20 single-industry towns",
        }
    )
    result = client.post("/intake/accept", data=fields)
    assert result.status_code == 200, result.text
    assert "/data/imports/" in result.text and 'id="undo-form"' in result.text
    with session_scope(intake_web.engine) as session:
        directives = {d.text: d for d in session.scalars(select(Directive))}
        assert len(directives) == 7
        edited = next(d for d in directives.values() if [b.body for b in d.bodies] == ["mne"]
                      and d.towns)  # fmt: skip
        assert str(edited.deadline) == "2025-11-30"
        assert "Keep the 20 towns' plans up to date" in directives
    again = client.post("/intake/accept", data=fields)
    assert again.status_code == 200 and 'id="undo-form"' not in again.text


def test_bad_input_shows_one_line_and_stores_nothing(intake_web: Web) -> None:
    client = intake_web.browser("analyst")
    token = csrf_of(client, "/intake")
    for data, files, message in (
        ({"text": ""}, None, "paste a text or choose a file"),
        ({"text": "Die Regierung hat beschlossen, dass alle Städte wachsen."}, None, "English"),
        ({"text": SEMINAR, "date": "2025-02-30"}, None, "date"),
        ({}, {"file": ("x.txt", b"\x00\x01binary", "text/plain")}, "binary"),
    ):
        page = client.post("/intake/review", data={"csrf_token": token, **data}, files=files)
        assert page.status_code == 422 and message in page.text, page.text[:2000]
    page = client.post("/intake/review", data={"csrf_token": token, "text": SEMINAR})
    fields = _fields(page.text)
    first = next(name for name in fields if name.endswith("-bodies"))
    fields[first] = "ministry-of-magic"
    refused = client.post("/intake/accept", data=fields)
    assert refused.status_code == 422 and "is not a body of the registry" in refused.text
    assert "ministry-of-magic" in refused.text  # the edits are shown again, not lost
    assert client.post("/intake/accept", data={**fields, "csrf_token": "x"}).status_code == 403
    with session_scope(intake_web.engine) as session:
        assert not session.scalar(select(func.count()).select_from(ImportBatch))
    viewer = intake_web.browser("viewer")
    assert viewer.get("/intake").status_code == 403
