"""Responsible bodies: names, abbreviations, Russian and Kazakh inflection, coordinated lists."""

from __future__ import annotations

import pytest

from monotown.intake.bodies import BodyMatcher
from monotown.intake.model import BodyEntry, PlaceEntry
from monotown.intake.morphology import tokenize
from monotown.intake.registry import bundled_registry


@pytest.fixture(scope="module")
def matcher() -> BodyMatcher:
    registry = bundled_registry()
    return BodyMatcher(registry.bodies, registry.regions, registry.towns)


def codes(matcher: BodyMatcher, text: str, language: str) -> list[str]:
    return [match.code for match in matcher.match(tokenize(text, language))]


# Each body in any of its forms: names, cases, abbreviations, former names, coordinated lists.
IN_ANY_FORM = [
    ("акиматам Карагандинской и Атырауской областей", "ru", ["akimat-kz-35", "akimat-kz-23"]),
    ("the Ministry of Industry and Construction", "en", ["mic"]),
    ("МПС совместно с акиматами областей", "ru", ["mic", "regional-akimats"]),
    ("Министерству промышленности и строительства", "ru", ["mic"]),
    ("Өнеркәсіп және құрылыс министрлігіне", "kk", ["mic"]),
    (
        "Қарағанды және Атырау облыстарының әкімдіктеріне",
        "kk",
        ["akimat-kz-35", "akimat-kz-23"],
    ),
    (
        "the akimats of Karaganda and Atyrau regions must",
        "en",
        ["akimat-kz-35", "akimat-kz-23"],
    ),
    (
        "while the Ulytau and Aktobe regions must advance",
        "en",
        ["akimat-kz-62", "akimat-kz-15"],
    ),
    ("Улытауской и Актюбинской областям", "ru", ["akimat-kz-62", "akimat-kz-15"]),
    ("the Regional Development Ministry", "en", ["mne"]),  # a former name
    (
        "the governors of single-industry towns and regions",
        "en",
        ["town-akimats", "regional-akimats"],
    ),
    ("the akimat of Temirtau", "en", ["akimat-temirtau"]),
    ("Фонду «Самрук-Казына» и холдингу «Байтерек»", "ru", ["samruk-kazyna", "baiterek"]),
]


def test_coordinated_ministries_are_each_a_body(matcher: BodyMatcher) -> None:
    text = (
        "The Ministries of National Economy, Digital Development, Agriculture, Tourism and Sports,"
        " Science and Higher Education, along with regional akimats, are to develop proposals"
    )
    assert codes(matcher, text, "en") == ["mne", "maidd", "moa", "mts", "mshe", "regional-akimats"]
    russian = "Министерствам национальной экономики, финансов и энергетики обеспечить"
    assert codes(matcher, russian, "ru") == ["mne", "mf", "moen"]
    kazakh = "Ұлттық экономика, Цифрлық даму министрліктері"
    assert codes(matcher, kazakh, "kk") == ["mne", "maidd"]


def test_a_region_in_a_locative_phrase_is_no_body(matcher: BodyMatcher) -> None:
    assert codes(matcher, "the creation of industrial zones in Karaganda region", "en") == []
    assert codes(matcher, "в Карагандинской области", "ru") == []
    assert codes(matcher, "Қарағанды облысында", "kk") == []


def test_the_issuer_is_not_a_responsible_body(matcher: BodyMatcher) -> None:
    text = "The Prime Minister urged the Ministry of Energy to act"
    assert codes(matcher, text, "en") == ["moen"]
    assert codes(matcher, "Үкімет басшысы Энергетика министрлігіне тапсырды", "kk") == ["moen"]


def test_a_passive_instruction_keeps_the_government_as_the_addressee(matcher: BodyMatcher) -> None:
    assert codes(matcher, "The Government is instructed to act", "en") == ["government"]
    assert codes(matcher, "Minister of Energy said that the akimats must", "en") == [
        "regional-akimats"
    ]


def test_an_abbreviation_without_its_country_mark_is_the_body(matcher: BodyMatcher) -> None:
    # The registry spells "МФ РК" and "ҚР ЭМ"; texts often drop "РК"/"ҚР".
    assert codes(matcher, "МФ совместно с МЭ и МНЭ", "ru") == ["mf", "moen", "mne"]


def test_a_common_word_is_not_a_one_word_company_name(matcher: BodyMatcher) -> None:
    # "даму" is Kazakh for "development"; the Damu fund is written with a capital.
    assert "damu" not in codes(matcher, "Цифрлық даму министрлігі", "kk")


def test_the_matcher_works_on_any_registry() -> None:
    bodies = [
        BodyEntry(
            "min-water",
            "ministry",
            "Ministry of Water Resources",
            "Министерство водных ресурсов",
            aliases=("MWR",),
        ),
        BodyEntry("akimat-x", "regional_akimat", "Akimat of Xanadu Region", region_code="XX-1"),
        BodyEntry("all-akimats", "regional_akimat", "Akimats of the regions"),
    ]
    regions = [PlaceEntry("XX-1", "Xanadu Region", "Ксанадская область")]
    matcher = BodyMatcher(bodies, regions, [])
    assert codes(matcher, "MWR and the akimat of Xanadu region", "en") == ["min-water", "akimat-x"]
    assert codes(matcher, "Министерству водных ресурсов и акиматам", "ru") == [
        "min-water", "all-akimats"]  # fmt: skip


# Town akimats in coordinated lists, in the three languages.
TOWN_AKIMATS_IN_LISTS = [
    ("акиматам городов Балхаш и Сатпаев", "ru", ["akimat-balkhash", "akimat-satpayev"]),
    ("Балқаш және Сәтбаев қалаларының әкімдіктеріне", "kk",
     ["akimat-balkhash", "akimat-satpayev"]),
    ("the Balkhash and Satpayev akimats must", "en", ["akimat-balkhash", "akimat-satpayev"]),
    ("in Balkhash, akimats should", "en", ["regional-akimats"]),
    ("ordered local executive bodies of Atyrau region to act", "en", ["akimat-kz-23"]),
]  # fmt: skip


# Who instructs (a region's akim, the government) and where proposals go are not responsible.
WHO_INSTRUCTS_IS_NOT_RESPONSIBLE = [
    ("Аким области поручил акимам Балхаша и Приозерска", "ru",
     ["akimat-balkhash", "akimat-priozersk"]),
    ("Облыс әкімі Балқаш және Приозерск қалаларының әкімдеріне тапсырды", "kk",
     ["akimat-balkhash", "akimat-priozersk"]),
    ("Министерству финансов внести в Правительство предложения", "ru", ["mf"]),
    ("Минэнерго и акимату ВКО поручено", "ru", ["moen", "akimat-kz-63"]),
    ("Абай облысының әкімдігіне Курчатовты газдандыруды аяқтау", "kk", ["akimat-kz-10"]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [*IN_ANY_FORM, *TOWN_AKIMATS_IN_LISTS, *WHO_INSTRUCTS_IS_NOT_RESPONSIBLE],
)
def test_the_responsible_bodies_a_phrase_names(
    matcher: BodyMatcher, text: str, language: str, expected: list[str]
) -> None:
    assert codes(matcher, text, language) == expected
