"""`monotown intake FILE --accept`: one import batch, twice changes nothing, `imports undo`
takes it back; without --accept, and on bad input, nothing is written."""

from __future__ import annotations

import json
import re

from monotown.db import make_engine, session_scope
from monotown.program.bodies import load_bodies
from tests.conftest import Cli
from tests.intake.test_cli import LABELLED, RUSSIAN, SEMINAR, _row_counts


def _with_bodies(cli: Cli) -> Cli:
    engine = make_engine(cli.url)
    with session_scope(engine) as session:
        load_bodies(session)
    engine.dispose()
    return cli


def test_accept_stores_one_batch_twice_changes_nothing_and_undo_restores(cli: Cli) -> None:
    _with_bodies(cli)
    before = _row_counts(cli.url)
    shown = cli("intake", str(SEMINAR), "--date", "2025-06-18")
    assert shown.exit_code == 0 and _row_counts(cli.url) == before
    stored = cli("intake", str(SEMINAR), "--date", "2025-06-18", "--accept", "--publisher", "PM")
    assert stored.exit_code == 0, stored.output
    line = re.search(r"stored as import batch (\d+): created (.*); undo with", stored.stdout)
    assert line, stored.stdout
    assert "7 directives" in line.group(2) and "1 events" in line.group(2)
    after = _row_counts(cli.url)
    assert after["program_directive"] == before["program_directive"] + 7
    again = cli("intake", str(SEMINAR), "--date", "2025-06-18", "--accept", "--format", "json")
    assert again.exit_code == 0
    answer = json.loads(again.stdout)["accepted"]
    assert answer["already_stored"] and answer["batch_id"] == int(line.group(1))
    assert _row_counts(cli.url) == after
    undone = cli("imports", "undo", line.group(1))
    assert undone.exit_code == 0, undone.output
    restored = _row_counts(cli.url)
    # The undo adds audit entries and marks the batch; every record table is as before.
    for name in ("event", "event_text", "citation", "program_directive", "program_fact"):
        assert restored[name] == before[name], name


def test_a_russian_text_is_accepted_with_its_bodies(cli: Cli) -> None:
    _with_bodies(cli)
    stored = cli("intake", str(RUSSIAN), "--date", "2024-05-14", "--accept", "--format", "json")
    assert stored.exit_code == 0, stored.output
    assert json.loads(stored.stdout)["accepted"]["created"]["directives"] >= 1


def test_a_text_without_directives_is_refused_unless_figures_only(cli: Cli) -> None:
    _with_bodies(cli)
    before = _row_counts(cli.url)
    figures = LABELLED / "en_2024-04-02_kazinform_cabinet.txt"
    refused = cli("intake", str(figures), "--accept")
    assert refused.exit_code == 1 and "no directives to accept" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1 and "--figures-only" in refused.stderr
    assert _row_counts(cli.url) == before
    kept = cli("intake", str(figures), "--accept", "--figures-only")
    assert kept.exit_code == 0, kept.output
    assert "facts" in kept.stdout and "stored as import batch" in kept.stdout
