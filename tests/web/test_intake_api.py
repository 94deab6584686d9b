"""/api/v1/intake: propose, then accept (edited or as proposed) as one undoable batch; bad input
is a one-line 422 and stores nothing; only roles that write program data may call it."""

from __future__ import annotations

from importlib import resources
from typing import Any

import pytest
from sqlalchemy import func, select

from monotown.db import session_scope
from monotown.program.bodies import load_bodies
from monotown.program.models import Directive
from monotown.records.provenance import ImportBatch
from tests.web.conftest import Web

SEMINAR = (
    resources.files("monotown.resources.events")
    .joinpath("texts")
    .joinpath("pm-press-2025-06-18-seminar.txt")
    .read_text("utf-8")
)
GERMAN = (
    "Die Regierung hat heute beschlossen, dass die Ministerien bis zum ersten Oktober einen "
    "Bericht über die Entwicklung der Städte vorlegen müssen und die Akimate helfen sollen."
)
NO_DIRECTIVES = "The weather in Astana was sunny today and many people walked in the park."


@pytest.fixture
def intake_web(web: Web) -> Web:
    with session_scope(web.engine) as session:
        load_bodies(session)
    return web


def batches(web: Web) -> int:
    with session_scope(web.engine) as session:
        return int(session.scalar(select(func.count()).select_from(ImportBatch)) or 0)


def propose(web: Web, user: str = "analyst", **body: Any) -> Any:
    return web.client(user).post("/api/v1/intake/proposals", json=body)


def test_propose_then_accept_edited_rows_then_undo(intake_web: Web) -> None:
    client = intake_web.client("analyst")
    answer = propose(intake_web, text=SEMINAR, date="2025-06-18")
    assert answer.status_code == 200, answer.text
    proposal = answer.json()
    assert proposal["stored"] is False and batches(intake_web) == 0
    rows = proposal["accept"]
    first = rows["directives"][0]
    assert first["bodies"] == ["akimat-kz-35", "akimat-kz-23"]
    assert first["deadline"] == "2025-12-01" and first["towns"] == ["balkhash", "kulsary"]
    first["bodies"] = ["mne"]
    directives = rows["directives"][:-1]
    body = {"text": SEMINAR, "date": "2025-06-18", "directives": directives}
    accepted = client.post("/api/v1/intake/accept", json=body)
    assert accepted.status_code == 200, accepted.text
    result = accepted.json()
    assert result["created"]["directives"] == 6 and result["created"]["facts"] >= 7
    assert result["links"]["batch"] == f"/data/imports/{result['batch_id']}"
    with session_scope(intake_web.engine) as session:
        stored = session.scalar(select(Directive).where(Directive.code == result["directives"][0]))
        assert stored is not None and [link.body for link in stored.bodies] == ["mne"]
    again = client.post("/api/v1/intake/accept", json=body).json()
    assert again["already_stored"] and again["batch_id"] == result["batch_id"]
    event = client.get(result["links"]["event"].replace("/events", "/api/v1/events")).json()
    assert event["texts"][0]["sha256"] == proposal["text_sha256"]
    undone = client.post(f"/api/v1/imports/{result['batch_id']}/undo")
    assert undone.status_code == 200, undone.text
    with session_scope(intake_web.engine) as session:
        assert not session.scalar(select(func.count()).select_from(Directive))


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"text": ""}, "text"),
        ({"text": "   \n  "}, "the file is empty"),
        ({"text": "abc\x00\x01\x02 def"}, "binary"),
        ({"text": GERMAN}, "not a text in English, Russian or Kazakh"),
        ({"text": SEMINAR, "date": "2025-13-45"}, "date"),
        ({"text": SEMINAR, "date": "18.06.2025"}, "date"),
        ({"text": NO_DIRECTIVES}, "no directives"),
        (
            {
                "text": SEMINAR,
                "directives": [{"action": "x", "bodies": ["nope"], "span": {"start": 0, "end": 5}}],
            },
            "is not a body of the registry",
        ),
        (
            {"text": SEMINAR, "directives": [{"action": "x", "span": {"start": 5, "end": 10**6}}]},
            "outside the text",
        ),
        (
            {
                "text": SEMINAR,
                "date": "2025-06-18",
                "directives": [
                    {"action": "x", "span": {"start": 0, "end": 5}, "deadline": "2024-01-01"}
                ],
            },
            "field 'directives[1].deadline' value '2024-01-01': must be on or after issued_on",
        ),
    ],
)
def test_bad_input_is_a_one_line_422_and_stores_nothing(
    intake_web: Web, body: dict[str, Any], message: str
) -> None:
    client = intake_web.client("analyst")
    for path in ("/api/v1/intake/proposals", "/api/v1/intake/accept"):
        if path.endswith("proposals") and "directives" in body:
            continue
        answer = client.post(path, json=body)
        assert answer.status_code == 422, (path, answer.text)
        detail = answer.json()["detail"]
        assert message in detail and "\n" not in detail, detail
    assert batches(intake_web) == 0


def test_only_writers_may_call_intake_and_regional_editors_only_for_their_towns(
    intake_web: Web,
) -> None:
    assert propose(intake_web, "viewer", text=SEMINAR).status_code == 403
    assert intake_web.client().post(
        "/api/v1/intake/accept", json={"text": SEMINAR}
    ).status_code in (
        401,
        403,
    )
    # The seminar's instructions concern towns of several regions and program-wide bodies.
    refused = intake_web.client("karaganda").post(
        "/api/v1/intake/accept", json={"text": SEMINAR, "date": "2025-06-18"}
    )
    assert refused.status_code == 403, refused.text
    assert batches(intake_web) == 0
    one = propose(intake_web, text=SEMINAR, date="2025-06-18").json()["accept"]["directives"][0]
    one["towns"] = ["balkhash"]
    own = intake_web.client("karaganda").post(
        "/api/v1/intake/accept",
        json={"text": SEMINAR, "date": "2025-06-18", "directives": [one], "figures": []},
    )
    assert own.status_code == 200, own.text
    assert own.json()["created"]["directives"] == 1
