"""Everything the five texts state, as real records: every instruction with its body, deadline
and event; every record citing a sentence that occurs in its stored text; kk/ru/en content."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from importlib import resources

from sqlalchemy import select
from sqlalchemy.orm import Session

from monotown import program
from monotown.events import citations_for, split_sentences
from monotown.events.bundled import text_sha256
from monotown.events.models import Citation, Event, EventText
from monotown.program.entities import get_entity
from monotown.program.fields import Lookups
from monotown.program.translations import localise_rows, translated
from tests.conftest import Cli

# code -> (registry bodies, deadline, event)
INSTRUCTIONS = {
    "d-2013-program-amendments": (
        ["Ministry of National Economy", "Regional akimats (all)"],
        None,
        "gov-session-2013-330",
    ),
    "d-2013-diversification-measures": (
        ["Akimats of single-industry towns (all)", "Regional akimats (all)"],
        None,
        "gov-session-2013-330",
    ),
    "d-2013-timely-disbursement": (
        ["Akimats of single-industry towns (all)", "Regional akimats (all)"],
        None,
        "gov-session-2013-330",
    ),
    "d-2024-04-02-infrastructure-limits": ([], None, "gov-session-2024-04-02"),
    "d-2024-04-02-chp-network-repairs": (
        ["Regional akimats (all)", "Akimats of single-industry towns (all)"],
        None,
        "gov-session-2024-04-02",
    ),
    "d-2024-04-02-offtake-double": ([], "2024-12-31", "gov-session-2024-04-02"),
    "d-2024-04-02-small-industrial-zones": ([], "2024-04-16", "gov-session-2024-04-02"),
    "d-2024-04-02-exploration": ([], "2025-04-02", "gov-session-2024-04-02"),
    "d-2024-04-02-industrial-zones": ([], "2024-12-31", "gov-session-2024-04-02"),
    "d-2025-06-industrial-zones-balkhash-kulsary": (
        ["Akimat of Karaganda Region", "Akimat of Atyrau Region"],
        "2025-12-01",
        "seminar-2025-06-karaganda",
    ),
    "d-2025-06-industrial-zones-satpayev-khromtau": (
        ["Akimat of Ulytau Region", "Akimat of Aktobe Region"],
        "2025-12-01",
        "seminar-2025-06-karaganda",
    ),
    "d-2025-06-small-zone-sites": (
        ["Ministry of Industry and Construction", "Regional akimats (all)"],
        "2025-10-01",
        "seminar-2025-06-karaganda",
    ),
    "d-2025-06-offtake-scale-up": (
        [
            "Samruk-Kazyna Sovereign Wealth Fund",
            "Baiterek National Managing Holding",
            "Regional akimats (all)",
        ],
        "2025-12-01",
        "seminar-2025-06-karaganda",
    ),
    "d-2025-06-growth-drivers": (
        [
            "Ministry of National Economy",
            "Ministry of Artificial Intelligence and Digital Development",
            "Ministry of Agriculture",
            "Ministry of Tourism and Sports",
            "Ministry of Science and Higher Education",
            "Regional akimats (all)",
        ],
        "2025-12-01",
        "seminar-2025-06-karaganda",
    ),
    "d-2025-06-technical-specialists": (
        ["Ministry of Science and Higher Education", "Regional akimats (all)"],
        "2025-10-01",
        "seminar-2025-06-karaganda",
    ),
    "d-2025-06-transport-corridor-services": (
        ["Ministry of Transport", "Regional akimats (all)", "KazAvtoZhol National Company"],
        "2025-10-01",
        "seminar-2025-06-karaganda",
    ),
}


def test_every_instruction_with_its_body_deadline_and_event(facts_cli: Cli) -> None:
    result = facts_cli("directives", "--records", "real", "--format", "json")
    assert result.exit_code == 0, result.stderr
    rows = {row["code"]: row for row in json.loads(result.stdout)}
    assert set(rows) == set(INSTRUCTIONS)
    for code, (bodies, deadline, event) in INSTRUCTIONS.items():
        row = rows[code]
        assert (row["bodies"], row["deadline"], row["event_code"]) == (bodies, deadline, event), (
            code
        )
        assert (
            row["synthetic"] is False
            and row["quote"]
            and row["citation"].startswith(f"/events/{event}#")
        )
    assert rows["d-2024-04-02-small-industrial-zones"]["deadline_stated"] == "within two weeks"
    table = facts_cli("directives", "--records", "real")
    assert "Directives as of" in table.stdout and "Government session" in table.stdout


def test_every_real_record_cites_a_sentence_of_its_stored_text(facts_session: Session) -> None:
    texts = {text.id: text for text in facts_session.scalars(select(EventText))}
    assert len(texts) == 5
    for text in texts.values():
        packaged = resources.files("monotown.resources.events").joinpath("texts")
        assert (
            text_sha256(packaged.joinpath(text.resource.rsplit("/", 1)[1]).read_bytes())
            == text.sha256
        )
    citations = list(facts_session.scalars(select(Citation)))
    for citation in citations:
        content = texts[citation.text_id].content
        assert content[citation.start_char : citation.end_char] == citation.quote
        sentence = split_sentences(content)[citation.sentence_index - 1]
        assert (sentence.start, sentence.end) == (citation.start_char, citation.end_char)
    lookups = Lookups(facts_session)
    cited = {(c.record_kind, c.record_key) for c in citations}
    for kind in ("facts", "plans", "targets", "directives", "zones", "projects", "works",
                 "agreements", "initiatives", "town_statements"):  # fmt: skip
        entity = get_entity(kind)
        for record in entity.records(facts_session):
            if not record.synthetic:
                key = entity.key_text(entity.export_row(record, lookups))
                assert (kind, key) in cited, (kind, key)


def test_the_stated_objects_are_real_records(facts_session: Session) -> None:
    zones = program.zones(facts_session).set_index("code")
    assert set(zones.index) >= {"saran-industrial-zone", "ekibastuz-industrial-zone",
                                "khromtau-industrial-zone", "satpayev-industrial-zone",
                                "balkhash-industrial-zone", "kulsary-industrial-zone"}  # fmt: skip
    plant = program.projects(facts_session).set_index("code").loc["ekibastuz-ferroalloy-plant"]
    assert (plant["value_kzt"], plant["planned_jobs"], plant["town"]) == (138.4e9, 800, "Ekibastuz")
    works = program.works(facts_session).set_index("code")
    assert works.loc["stepnogorsk-chp-repair", "town"] == "Stepnogorsk"
    assert works.loc["balkhash-chp-modernisation", "town"] == "Balkhash"
    initiatives = program.initiatives(facts_session).set_index("code")
    boilers = ["Stepnogorsk", "Ridder", "Temirtau", "Shakhtinsk", "Rudny", "Ekibastuz", "Kentau"]
    assert initiatives.loc["boilers-turbines-2024", "towns"] == boilers
    assert initiatives.loc["exploration-2024-five-areas", "towns"] == [
        "Abai",
        "Kurchatov",
        "Balkhash",
        "Altai",
    ]
    assert len(initiatives.loc["support-centres-2013", "towns"]) == 27
    assert (initiatives["kind"] == "group").sum() == 3 and (
        initiatives["kind"] == "direction"
    ).sum() == 4
    assert {"auyl-el-besigi", "auyl-amanaty", "with-a-diploma-to-the-village", "support-villages",
            "agglomerations", "alatau-city"} <= set(initiatives.index)  # fmt: skip
    memoranda = program.agreements(facts_session).set_index("code")
    assert set(memoranda["kind"]) == {"memorandum"}
    parties = " ".join(p for row in memoranda["parties"] for p in row)
    for company in (
        "KazMunayGas",
        "OzenMunayGas",
        "Kazzinc",
        "Kazakhmys",
        "Tengizchevroil",
        "Kazphosphate",
    ):
        assert company in parties
    statements = program.town_statements(facts_session)
    weakest = statements[statements["kind"] == "weakest_performance"]["town"]
    declining = statements[statements["kind"] == "output_decline"]["town"]
    assert set(weakest) == {"Temirtau", "Balkhash", "Kulsary"}
    assert set(declining) == {"Stepnogorsk", "Balkhash", "Karazhal"}


def test_disagreeing_texts_keep_both_statements_with_their_events(facts_session: Session) -> None:
    facts = program.stated_facts(facts_session, topic="demography")
    population = facts[facts["metric"] == "population"]
    stated = {(row["value"], row["sources"][0]["text"]) for _, row in population.iterrows()}
    assert stated == {
        (1_530_000, "primeminister-2013-session-330"),
        (1_300_000, "primeminister-2024-04-02"),
        (1_400_000, "kazinform-2024-04-02-baibazarov"),
        (1_500_000, "pm-press-2025-06-18-seminar"),
    }
    sessions = {row["sources"][0]["event"] for _, row in population.iterrows()}
    assert "gov-session-2024-04-02" in sessions


def test_citations_name_event_date_and_speaker(facts_session: Session) -> None:
    [source] = citations_for(facts_session, "projects", "ekibastuz-ferroalloy-plant")
    assert source.event_code == "seminar-2025-06-karaganda" and source.date_label == "2025-06"
    assert source.speaker == "Olzhas Bektenov, Prime Minister of the Republic of Kazakhstan"
    assert "138.4 billion tenge" in source.quote and "Bektenov" in source.note()
    event = facts_session.scalar(select(Event).where(Event.code == "gov-session-2013-330"))
    assert (
        event is not None
        and event.date_precision == "year"
        and event.held_on == dt.date(2013, 1, 1)
    )


def test_record_content_in_three_languages(facts_session: Session) -> None:
    code = "d-2025-06-technical-specialists"
    assert translated("directives", code, "text", "x", "ru")[1] == "ru"
    assert translated("directives", code, "text", "x", "kk")[0].startswith("Моноқалалардағы")
    # Untranslated: the original, with its language marked.
    assert translated(
        "town_statements", "ekibastuz-multi-sector-2025", "statement", "orig", "kk"
    ) == ("orig", "en")
    rows = program.json_rows(program.zones(facts_session))
    kazakh = {row["code"]: row for row in localise_rows(facts_session, "zones", rows, "kk")}
    assert kazakh["balkhash-industrial-zone"]["name"] == "Балқаш индустриялық аймағы"
    assert kazakh["balkhash-industrial-zone"]["town"] == "Балқаш"
    bodies = program.directives(facts_session, language="ru", status=None).set_index("code")
    assert bodies.loc["d-2025-06-offtake-scale-up", "bodies"][0].startswith(
        "АО «Фонд национального"
    )
    every = program.bodies(facts_session, language="kk")
    assert (every["name_language"] == "kk").all()


def test_directives_by_body_count_one_body_whatever_the_spelling(facts_cli: Cli) -> None:
    result = facts_cli("directives", "by-body", "--records", "real", "--format", "csv")
    rows = {row["body"]: row for row in csv.DictReader(io.StringIO(result.stdout))}
    assert rows["Ministry of National Economy"]["records"] == "2"
    assert "Regional Development Ministry" not in rows and "MNE" not in rows
    mne = facts_cli("directives", "--body", "МНЭ", "--format", "json")
    assert {row["code"] for row in json.loads(mne.stdout)} == {
        "d-2013-program-amendments",
        "d-2025-06-growth-drivers",
    }


def test_events_and_bodies_from_the_command_line(facts_cli: Cli) -> None:
    listed = json.loads(facts_cli("events", "list", "--format", "json").stdout)
    assert [row["date"] for row in listed] == ["2013", "2024-04-02", "2025", "2025-06"]
    shown = facts_cli("events", "show", "gov-session-2024-04-02")
    assert shown.exit_code == 0 and "Within two weeks" in shown.stdout
    assert "d-2024-04-02-small-industrial-zones" in shown.stdout
    bodies = json.loads(facts_cli("bodies", "--kind", "holding", "--format", "json").stdout)
    assert {row["code"] for row in bodies} == {"samruk-kazyna", "baiterek"}
