"""The coded form of a text column (data/cells.CodedTexts) says the same as the texts it codes:
every look-up and mask an import computes per distinct text equals the one per row."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from monotown.data.cells import CodedTexts

TEXTS = st.lists(st.sampled_from(["", " ", "a", " a", "a ", "B", "\tb", "b\t", "ё"]), max_size=40)


@given(TEXTS, st.sampled_from([False, True, " "]))
def test_coded_texts_are_the_texts(texts: list[str], strip: bool | str) -> None:
    column = np.array(texts, dtype=object)
    coded = CodedTexts.of(column, strip=strip)
    expected = [
        text if strip is False else text.strip(None if strip is True else strip) for text in texts
    ]
    assert coded.texts().tolist() == expected
    assert len(set(coded.distinct.tolist())) == len(coded.distinct)  # each text once
    for probe in ("", "a", "b", "missing"):
        assert coded.equals(probe).tolist() == [text == probe for text in expected]
    assert coded.map(str.upper, object).tolist() == [text.upper() for text in expected]
