"""Which sentences are instructions, how lists and clauses split, and sentence boundaries."""

from __future__ import annotations

from datetime import date

import pytest

from monotown.intake import propose
from monotown.intake.sentences import split_sentences

APRIL_2 = date(2024, 4, 2)


def directives(text: str) -> list[tuple[str | None, list[str], list[str]]]:
    return [
        (
            d.deadline.on.isoformat() if d.deadline else None,
            [b.code for b in d.bodies],
            [t.code for t in d.towns],
        )
        for d in propose(text, APRIL_2).directives
    ]


@pytest.mark.parametrize(
    "text",
    [
        "It should be noted that the Ministry of Energy has done a lot.",
        "Следует отметить, что акиматы областей провели большую работу.",
        "We must make single-industry towns attractive to young people.",
        "According to the program, the akimats have to realize at least one anchor project.",
        "The figure is expected to increase to 70% by 2028.",
        "Akimats will implement 41 anchor projects worth 1.4 trillion tenge.",
        "Pursuant to the President's instructions, this program was launched last year.",
        "Үкімет басшысы бірқатар тапсырма берді.",
    ],
)
def test_statements_are_not_instructions(text: str) -> None:
    assert directives(text) == []


def test_an_instruction_list_gives_one_directive_per_item() -> None:
    text = (
        "Prime Minister instructed:\n"
        "  • Within two weeks to make proposals for small industrial zones.\n"
        "  • Attract investors. Within a year carry out geological exploration.\n"
        "  • Ensure the repair of networks. Special demand will be made from akims.\n"
    )
    assert directives(text) == [
        ("2024-04-16", [], []),
        ("2025-04-02", [], []),
        (None, ["regional-akimats"], []),
    ]


def test_a_numbered_russian_list_under_a_header() -> None:
    text = (
        "Премьер-Министр поручил:\n"
        "1) Министерству энергетики до 1 октября завершить ремонт в Экибастузе;\n"
        "2) МПС в течение года разработать программу.\n"
    )
    assert directives(text) == [
        ("2024-10-01", ["moen"], ["ekibastuz"]),
        ("2025-04-02", ["mic"], []),
    ]


def test_two_groups_of_bodies_in_one_sentence_are_two_directives() -> None:
    text = (
        "By December 1 of this year, the akimats of Karaganda and Atyrau regions must accelerate "
        "the creation of industrial zones in Balkhash and Kulsary, while the Ulytau and Aktobe "
        "regions must advance similar efforts in Satpayev and Khromtau."
    )
    assert directives(text) == [
        ("2024-12-01", ["akimat-kz-35", "akimat-kz-23"], ["balkhash", "kulsary"]),
        ("2024-12-01", ["akimat-kz-62", "akimat-kz-15"], ["satpayev", "khromtau"]),
    ]


def test_it_is_also_necessary_goes_on_with_the_same_bodies() -> None:
    text = (
        "He instructed the governors of single-industry towns to take concrete measures. "
        '"It is also necessary to ensure the timely disbursement of budget funds," he said.'
    )
    assert directives(text) == [(None, ["town-akimats"], []), (None, ["town-akimats"], [])]


def test_russian_and_kazakh_instruction_forms() -> None:
    assert directives("Министерству финансов до 1 июля предусмотреть 15 млрд тенге.") == [
        ("2024-07-01", ["mf"], [])
    ]
    assert directives("Энергетика министрлігіне бір жыл ішінде жөндеуді аяқтау тапсырылды.") == [
        ("2025-04-02", ["moen"], [])
    ]


def test_the_action_keeps_its_words_without_the_opening_deadline() -> None:
    (directive,) = propose(
        "By the end of this year, it is instructed to create industrial zones in Kulsary.", APRIL_2
    ).directives
    assert directive.action == "It is instructed to create industrial zones in Kulsary."


def test_sentences_do_not_break_at_initials_month_abbreviations_or_decimals() -> None:
    text = "K.Uskenbayev said 1.53 million live there. The plan is due by Feb. 1, 2025. Done."
    assert [s.text for s in split_sentences(text)] == [
        "K.Uskenbayev said 1.53 million live there.",
        "The plan is due by Feb. 1, 2025.",
        "Done.",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The SME share should reach 35% by 2029, according to the regional development concept.",
        "The figure should increase to 70% by 2028.",
    ],
)
def test_targets_are_not_instructions(text: str) -> None:
    assert directives(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "1. Ensure the repair of heat networks in Temirtau.\n"
        "Responsible: Ministry of Energy, akimat of Karaganda region.\n"
        "Deadline: 1 October 2024.\n",
        "1. Обеспечить ремонт тепловых сетей в Темиртау.\n"
        "Ответственные: МЭ, акимат Карагандинской области.\n"
        "Срок: до 1 октября.\n",
        "1. Теміртаудағы жылу желілерін жөндеуді қамтамасыз ету.\n"
        "Жауаптылар: ЭМ, Қарағанды облысының әкімдігі.\n"
        "Мерзімі: 2024 жылғы 1 қазан.\n",
    ],
)
def test_protocol_lines_give_the_item_its_bodies_and_deadline(text: str) -> None:
    assert directives(text) == [("2024-10-01", ["moen", "akimat-kz-35"], ["temirtau"])]
