"""`monotown intake`: proposals as a table or JSON, one-line errors, and nothing stored."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, inspect, select, table

from monotown.db import make_engine
from tests.conftest import Cli

LABELLED = Path(__file__).parent / "labelled"
SEMINAR = LABELLED / "en_2025-06_seminar_karaganda.txt"
RUSSIAN = LABELLED / "ru_2024-05-14_government_session.txt"


def _row_counts(url: str) -> dict[str, int]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            names = inspect(connection).get_table_names()
            return {
                name: connection.execute(select(func.count()).select_from(table(name))).scalar_one()
                for name in names
            }
    finally:
        engine.dispose()


def test_the_table_lists_directives_with_bodies_deadlines_towns_and_spans(cli: Cli) -> None:
    before = _row_counts(cli.url)
    result = cli("intake", str(SEMINAR), "--date", "2025-06-18")
    assert result.exit_code == 0, result.output
    assert "Directives (7)" in result.stdout
    assert "akimat-kz-35" in result.stdout and "2025-12-01" in result.stdout
    assert "Balkhash, Kulsary" in result.stdout
    assert "nothing was stored" in result.stdout
    assert "--accept stores them as one import batch" in result.stdout
    assert _row_counts(cli.url) == before


def test_json_has_every_proposal_with_its_span(cli: Cli) -> None:
    result = cli("intake", str(RUSSIAN), "--date", "2024-05-14", "--format", "json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["language"] == "ru" and payload["stored"] is False
    text = RUSSIAN.read_text(encoding="utf-8")
    first = payload["directives"][0]
    assert first["deadline"]["on"] == "2024-12-01"
    assert [body["code"] for body in first["bodies"]] == ["akimat-kz-35", "akimat-kz-23"]
    assert text[first["span"]["start"] : first["span"]["end"]].startswith("Акиматам")
    figure = next(f for f in payload["figures"] if f["unit"] == "KZT")
    assert figure["value"] == pytest.approx(18.5e12)
    assert text[figure["span"]["start"] : figure["span"]["end"]] == "18,5 трлн тенге"
    assert payload["event"]["chair"]["name"] == "Олжас Бектенов"
    assert all(item["key"].startswith("directive:") for item in payload["directives"])


def test_the_date_defaults_to_the_one_the_text_states(cli: Cli) -> None:
    result = cli(
        "intake", str(LABELLED / "en_2024-04-02_kazinform_cabinet.txt"), "--format", "json"
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["event"]["on"] == "2024-04-02"
    assert payload["event"]["date_source"] == "text"


def test_a_text_with_figures_but_no_directives_says_so(cli: Cli) -> None:
    result = cli("intake", str(LABELLED / "en_2024-04-02_kazinform_cabinet.txt"))
    assert result.exit_code == 0
    assert "no directives found" in result.stderr
    assert "Directives (0)" in result.stdout


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a text file"),
        (
            "Der Ministerpräsident hat die Regierung beauftragt, zu handeln.".encode(),
            "not a text in English, Russian or Kazakh",
        ),
        (
            b"The weather was fine and the people of the town were out in the park.",
            "no directives or figures found",
        ),
    ],
)
def test_bad_input_gets_one_line_and_a_non_zero_exit(
    cli: Cli, tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "upload.txt"
    path.write_bytes(content)
    before = _row_counts(cli.url)
    result = cli("intake", str(path), "--date", "2024-04-02")
    assert result.exit_code != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ") and str(path) in lines[0] and message in lines[0]
    assert "Traceback" not in result.output
    assert _row_counts(cli.url) == before


def test_a_bad_date_names_the_option(cli: Cli) -> None:
    result = cli("intake", str(SEMINAR), "--date", "18.06.2025")
    assert result.exit_code != 0
    assert "--date" in result.stderr and "YYYY-MM-DD" in result.stderr


def test_a_year_only_date_is_accepted_and_kept_at_its_precision(cli: Cli) -> None:
    path = LABELLED / "en_2013_government_session_330.txt"
    result = cli("intake", str(path), "--date", "2013", "--format", "json")
    assert result.exit_code == 0, result.output
    event = json.loads(result.stdout)["event"]
    assert event["on"] == "2013-01-01" and event["precision"] == "year"


def test_a_pasted_text_is_read_from_standard_input(cli: Cli) -> None:
    text = "The Ministry of Energy must repair the boilers of Ekibastuz within two weeks."
    result = cli("intake", "-", "--date", "2024-04-02", "--format", "json", input=text)
    assert result.exit_code == 0, result.output
    (directive,) = json.loads(result.stdout)["directives"]
    assert directive["deadline"]["on"] == "2024-04-16"
    assert [town["code"] for town in directive["towns"]] == ["ekibastuz"]


def test_without_any_event_date_the_deadlines_stay_unresolved_and_it_says_so(cli: Cli) -> None:
    result = cli("intake", str(SEMINAR), "--format", "json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["event"]["on"] is None and payload["event"]["date_source"] == "none"
    assert all(directive["deadline"] is None for directive in payload["directives"])
    assert "no event date" in result.stderr
