"""Every import reads the same encodings: UTF-8 (BOM or not), UTF-16/32 and Windows-1251, which
Russian Excel writes; a byte that is text in none of them is one error naming its row."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.engine import Engine

from monotown.db import session_scope
from monotown.errors import InputError
from monotown.program import export_rows, import_file
from monotown.records.encodings import decode_text, detect_encoding
from monotown.registry.models import Settlement

ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-32", "cp1251"]
# Cyrillic, Kazakh-free (Windows-1251 has no Kazakh letters), spaces, digits and punctuation.
TEXT = st.text(alphabet="абвгдежзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗ Ёё0123456789,;.-\n", min_size=20)


CYRILLIC_TEXT = TEXT.filter(lambda text: any("а" <= char <= "я" for char in text))


@given(CYRILLIC_TEXT, st.sampled_from(ENCODINGS))
def test_what_was_written_in_any_accepted_encoding_reads_back(text: str, encoding: str) -> None:
    assert decode_text(text.encode(encoding), file="x.csv") == text


def test_the_encoding_is_told_from_the_first_bytes() -> None:
    assert detect_encoding("город".encode()) == "utf-8"
    assert detect_encoding("город".encode("utf-8-sig")) == "utf-8-sig"
    assert detect_encoding("город".encode("cp1251")) == "cp1251"
    assert detect_encoding("town,1\n".encode("utf-16-le")) == "utf-16-le"


def test_a_byte_that_is_no_text_names_its_row() -> None:
    data = "a,b\nТемиртау,1\n".encode("cp1251") + b"x\x98y\n"
    with pytest.raises(InputError) as raised:
        decode_text(data, file="akimat.csv")
    assert raised.value.message == (
        "akimat.csv:3: byte 0x98 is not UTF-8 or Windows-1251 text; save the file as UTF-8"
    )


def test_a_program_file_in_cp1251_imports_like_a_value_file(
    reference_engine: Engine, tmp_path: Path
) -> None:
    path = tmp_path / "projects.csv"
    path.write_bytes(
        "code;name;kind;town;value_kzt;status\n"
        "p-1;Завод ферросплавов;anchor;Темиртау;1000;planned\n".encode("cp1251")
    )
    with session_scope(reference_engine) as session:
        import_file(session, "projects", path)
    with session_scope(reference_engine) as session:
        rows = export_rows(session, "projects")
        named = select(Settlement.name_en).where(Settlement.name_ru == "Темиртау")
        temirtau = session.scalar(named)
    assert [(row["code"], row["name"], row["town"]) for row in rows] == [
        ("p-1", "Завод ферросплавов", temirtau)
    ]
