"""Cutting a published text into numbered sentences and finding the sentence a quote comes from.

Pure functions. A sentence is a span of the original text (start, end) so that a citation's
characters can always be checked against the stored words; paragraphs and bullet lines are never
joined, and abbreviations written without a space ("K.Uskenbayev") do not end a sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A sentence ends at . ! ? or … (optionally followed by a closing quote) before whitespace and
# a capital letter, digit, opening quote or bullet; line breaks always end one. The closing
# quote belongs to the sentence it closes.
_BOUNDARY = re.compile(r"(?<=[.!?…])([\"'”»’)]*)\s+(?=[\"'“«‘(•#]?[A-ZА-ЯЁӘІҢҒҮҰҚӨҺ0-9•#])")
_LINE = re.compile(r"[^\n]+")


@dataclass(frozen=True)
class Sentence:
    """Sentence `index` (1-based) of a text: characters [start, end) of it."""

    index: int
    start: int
    end: int
    text: str


def split_sentences(content: str) -> list[Sentence]:
    """The sentences of `content`, in order, each as a span of the original string."""
    spans: list[tuple[int, int]] = []
    for line in _LINE.finditer(content):
        cursor = line.start()
        for boundary in _BOUNDARY.finditer(line.group()):
            spans.append((cursor, line.start() + boundary.end(1)))  # closing quote kept
            cursor = line.start() + boundary.end()
        spans.append((cursor, line.end()))
    sentences: list[Sentence] = []
    for start, end in spans:
        start, end = _trimmed(content, start, end)
        if end > start:
            sentences.append(Sentence(len(sentences) + 1, start, end, content[start:end]))
    return sentences


def _trimmed(content: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (content[start].isspace() or content[start] == "•"):
        start += 1
    while end > start and content[end - 1].isspace():
        end -= 1
    return start, end


def _normalised(text: str) -> str:
    """Quotes and dashes folded to ASCII and runs of spaces to one, for matching a phrase."""
    folded = text.translate(_FOLD)
    return re.sub(r"\s+", " ", folded).casefold()


_FOLD = str.maketrans(
    {"“": '"', "”": '"', "«": '"', "»": '"', "’": "'", "‘": "'", "–": "-", "—": "-"}
)


class QuoteNotFoundError(ValueError):
    """The phrase does not occur in exactly one sentence of the text."""


def find_sentence(sentences: list[Sentence], phrase: str) -> Sentence:
    """The one sentence containing `phrase` (quotes, dashes, spacing and case folded).

    Raises QuoteNotFoundError when no sentence or several sentences contain it, so a citation
    always points at exactly the words it claims.
    """
    needle = _normalised(phrase.strip())
    if not needle:
        raise QuoteNotFoundError("the phrase to find is empty")
    hits = [sentence for sentence in sentences if needle in _normalised(sentence.text)]
    if not hits:
        raise QuoteNotFoundError(f"no sentence contains '{phrase[:60]}'")
    if len(hits) > 1:
        numbers = ", ".join(str(hit.index) for hit in hits)
        raise QuoteNotFoundError(f"'{phrase[:60]}' occurs in sentences {numbers}: quote more")
    return hits[0]
