"""The proposal as the accept step will read it: spans that cite the words, stable keys, JSON."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from monotown.intake import BodyEntry, PlaceEntry, Registry, compile_registry, propose

LABELLED = Path(__file__).parent / "labelled"


def _text(name: str) -> str:
    return (LABELLED / name).read_text(encoding="utf-8")


def test_every_span_cites_the_words_it_came_from() -> None:
    text = _text("en_2024-04-02_government_session.txt")
    proposal = propose(text, date(2024, 4, 2))
    for directive in proposal.directives:
        quoted = text[directive.span.start : directive.span.end]
        for body in directive.bodies:
            assert body.span.start >= directive.span.start and body.span.end <= directive.span.end
        if directive.deadline:
            span = directive.deadline.span
            assert text[span.start : span.end] == directive.deadline.phrase
            assert directive.deadline.phrase in quoted
    for figure in proposal.figures:
        assert text[figure.span.start : figure.span.end] == figure.stated
        assert figure.sentence.start <= figure.span.start < figure.sentence.end


def test_keys_and_digest_are_stable_so_a_second_accept_can_be_recognised() -> None:
    text = _text("ru_2024-05-14_government_session.txt")
    first, second = propose(text, date(2024, 5, 14)), propose(text, date(2024, 5, 14))
    assert [d.key for d in first.directives] == [d.key for d in second.directives]
    assert len({d.key for d in first.directives}) == len(first.directives)
    assert first.text_sha256 == second.text_sha256


def test_the_json_form_is_plain_data() -> None:
    proposal = propose(_text("kk_2025-06-18_seminar.txt"), date(2025, 6, 18))
    data = json.loads(json.dumps(proposal.to_dict(), ensure_ascii=False))
    assert data["language"] == "kk"
    assert data["directives"][0]["deadline"]["on"] == "2025-12-01"
    assert data["event"]["chair"]["name"] == "Олжас Бектенов"
    assert data["event"]["kind"] == "seminar"


def test_figures_name_their_period_scope_and_metric() -> None:
    text = _text("en_2024-04-02_government_session.txt")
    figures = propose(text, date(2024, 4, 2)).figures
    plans = next(f for f in figures if f.stated == "456.6 billion tenge")
    assert plans.metric == "program_facts:plans.cost@2023-2027"
    boilers = next(f for f in figures if f.unit == "boiler")
    assert {place.code for place in boilers.scope} >= {"stepnogorsk", "ridder", "ekibastuz"}
    output = next(f for f in figures if f.stated == "18.5 trillion tenge")
    assert output.period == "2023"  # "at the end of last year" in a 2024 text


def test_a_figure_in_a_region_has_the_region_as_its_scope() -> None:
    (figure,) = propose("В Павлодарской области построено 240 квартир.", date(2024, 4, 2)).figures
    assert (figure.value, figure.unit) == (240, "apartment")
    assert [place.code for place in figure.scope] == ["KZ-55"]


def test_named_objects_link_to_existing_records() -> None:
    text = _text("en_2024-04-02_government_session.txt")
    objects = propose(text, date(2024, 4, 2)).objects
    saran = next(o for o in objects if o.kind == "zone" and o.towns and o.towns[0].code == "saran")
    assert saran.matched == "saran-industrial-zone"
    assert any(o.kind == "works" and "Stepnogorsk CHP" in o.name for o in objects)


def test_the_event_is_read_from_the_text() -> None:
    proposal = propose(_text("en_2025-06_seminar_karaganda.txt"), date(2025, 6, 18))
    assert proposal.event.kind == "seminar"
    assert proposal.event.chair is not None and proposal.event.chair.name == "Olzhas Bektenov"
    names = {speaker.name for speaker in proposal.event.speakers}
    assert {"Bauyrzhan Omarbekov", "Yermaganbet Bulekpaev", "Ayan Beysekin"} <= names
    stated = propose(_text("en_2024-04-02_kazinform_cabinet.txt"))
    assert stated.event.on == date(2024, 4, 2) and stated.event.date_source == "text"


def test_a_given_date_that_contradicts_the_text_is_noted() -> None:
    proposal = propose(_text("en_2024-04-02_kazinform_cabinet.txt"), date(2024, 4, 3))
    assert any("2024-04-02" in note for note in proposal.notes)


def test_any_registry_can_be_matched() -> None:
    registry = Registry(
        bodies=(BodyEntry("water", "ministry", "Ministry of Water Resources"),),
        towns=(PlaceEntry("ak", "Aktau", "Актау", "Ақтау"),),
        regions=(),
    )
    text = "The Ministry of Water Resources must repair the Aktau pipeline within two weeks."
    proposal = propose(text, date(2025, 1, 10), matchers=compile_registry(registry))
    (directive,) = proposal.directives
    assert [b.code for b in directive.bodies] == ["water"]
    assert [t.code for t in directive.towns] == ["ak"]
    assert directive.deadline is not None and directive.deadline.on == date(2025, 1, 24)


def test_a_named_object_links_to_a_stored_project_or_works_record() -> None:
    from monotown.intake.extract import bundled_matchers
    from monotown.intake.objects import KnownObject

    known = (
        KnownObject("stepnogorsk-chp-repair", "works", "Stepnogorsk CHP: repair", "Stepnogorsk"),
        KnownObject("ekibastuz-ferroalloy-plant", "investment", "Ferroalloy plant", "Ekibastuz"),
    )
    matchers = compile_registry(bundled_matchers().registry, known)
    text = (
        "At the stage of implementation are repair and restoration work at Stepnogorsk CHP. "
        "In Ekibastuz the launch of a ferroalloy plant worth 138.4 billion tenge was noted."
    )
    objects = propose(text, date(2025, 6, 18), "en", matchers).objects
    assert {o.matched for o in objects} >= {"stepnogorsk-chp-repair", "ekibastuz-ferroalloy-plant"}


@settings(max_examples=60)
@given(
    st.lists(
        st.sampled_from(
            [
                "The",
                "Ministry",
                "of",
                "Energy",
                "must",
                "by",
                "October",
                "1",
                "within",
                "two",
                "weeks",
                "акиматам",
                "Карагандинской",
                "и",
                "областей",
                "до",
                "1,4",
                "трлн",
                "тенге",
                "облыстарының",
                "әкімдіктеріне",
                "жыл",
                "соңына",
                "дейін",
                "25,000",
                "jobs",
                "%",
                "Balkhash",
                ",",
                ".",
                ":",
                "\n",
                "•",
                "instructed",
                "2024",
                "-",
                "«",
                "»",
                "Prime",
                "Minister",
                "Olzhas",
                "Bektenov",
                "10",
                "мыңнан",
                "астам",
            ]
        ),
        max_size=60,
    ),
    st.sampled_from(["en", "ru", "kk"]),
)
def test_any_text_gives_proposals_whose_spans_lie_in_it(words: list[str], language: str) -> None:
    text = " ".join(words)
    proposal = propose(text, date(2024, 4, 2), language)  # type: ignore[arg-type]
    for directive in proposal.directives:
        assert 0 <= directive.span.start <= directive.span.end <= len(text)
    for figure in proposal.figures:
        assert text[figure.span.start : figure.span.end] == figure.stated
