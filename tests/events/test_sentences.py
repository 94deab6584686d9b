"""Cutting texts into sentences: spans of the original, and a phrase found in exactly one."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from monotown.events.sentences import QuoteNotFoundError, find_sentence, split_sentences

TEXT = (
    "K.Uskenbayev named several directions. They are optimization and SMEs.\n\n"
    "  • Within two weeks to make proposals.\n"
    "“There are 20 towns with 1.4 million people. In 2023, output made 18.5 trillion tenge.”"
)


def test_sentences_are_spans_of_the_text_and_bullets_and_lines_split() -> None:
    sentences = split_sentences(TEXT)
    assert [s.text for s in sentences] == [
        "K.Uskenbayev named several directions.",
        "They are optimization and SMEs.",
        "Within two weeks to make proposals.",
        "“There are 20 towns with 1.4 million people.",
        "In 2023, output made 18.5 trillion tenge.”",
    ]
    assert [s.index for s in sentences] == [1, 2, 3, 4, 5]
    assert all(TEXT[s.start : s.end] == s.text for s in sentences)


def test_a_phrase_is_found_with_quotes_dashes_and_case_folded() -> None:
    sentences = split_sentences("He said: “Auyl – Yel besigi” works. Другое предложение.")
    assert find_sentence(sentences, 'said: "auyl - yel BESIGI"').index == 1
    with pytest.raises(QuoteNotFoundError, match="no sentence contains"):
        find_sentence(sentences, "not there")
    with pytest.raises(QuoteNotFoundError, match="occurs in sentences 1, 2"):
        find_sentence(split_sentences("A b c. A b d."), "A b")


words = st.text(alphabet="abcXYZ 12.,!?\n•«»", min_size=0, max_size=200)


@given(words)
def test_sentences_never_overlap_and_always_quote_the_text(text: str) -> None:
    sentences = split_sentences(text)
    ends = [0]
    for sentence in sentences:
        assert text[sentence.start : sentence.end] == sentence.text
        assert sentence.text == sentence.text.strip() and sentence.text
        assert sentence.start >= ends[-1]
        ends.append(sentence.end)
    assert "".join(text.split()).replace("•", "") == "".join(
        "".join(s.text for s in sentences).split()
    ).replace("•", "")
