"""Bad input: empty, binary, another language, no directives; each a one-line reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from monotown.errors import InputError
from monotown.intake import UnsupportedLanguage, detect_language, read_text


def test_an_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("  \n\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"empty\.txt: the file is empty"):
        read_text(path)


def test_a_binary_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(b"%PDF-1.7\x00\x01\x02\xff\xfe binary")
    with pytest.raises(InputError, match=r"scan\.pdf: not a text file"):
        read_text(path)


def test_a_file_in_another_encoding_names_the_byte(tmp_path: Path) -> None:
    path = tmp_path / "cp1251.txt"
    path.write_bytes("Акиматам областей поручено".encode("cp1251"))
    with pytest.raises(InputError, match="not a UTF-8 text file"):
        read_text(path)


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"nope\.txt: no such file"):
        read_text(tmp_path / "nope.txt")


def test_utf8_with_a_bom_and_utf16_are_read(tmp_path: Path) -> None:
    bom = tmp_path / "bom.txt"
    bom.write_bytes("\ufeffThe Ministry of Energy must act.".encode())
    assert read_text(bom).startswith("The Ministry")
    wide = tmp_path / "wide.txt"
    wide.write_bytes("Министерству энергетики поручено.".encode("utf-16"))
    assert read_text(wide).startswith("Министерству")


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The Prime Minister instructed the akimats of the regions to act.", "en"),
        ("Премьер-Министр поручил акиматам областей принять меры до 1 октября.", "ru"),
        ("Премьер-Министр облыс әкімдіктеріне жыл соңына дейін шаралар қабылдауды тапсырды.", "kk"),
    ],
)
def test_the_three_languages_are_told_apart(text: str, language: str) -> None:
    assert detect_language(text) == language


@pytest.mark.parametrize(
    "text",
    [
        "Der Ministerpräsident hat die Regierung beauftragt, bis zum 1. Oktober zu handeln.",
        "Le Premier ministre a chargé le gouvernement de présenter des propositions.",
        "Прем'єр-міністр доручив міністерству підготувати пропозиції до жовтня, і це є їхнє.",
        "总理指示各部委在十月前提交建议",
    ],
)
def test_other_languages_are_refused(text: str) -> None:
    with pytest.raises(UnsupportedLanguage):
        detect_language(text)
