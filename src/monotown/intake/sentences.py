"""Sentences and list items with their character spans, for press-release layout.

Press texts put one instruction per bullet under a header ending in a colon, run initials into
names ("K.Uskenbayev") and abbreviate units ("млрд."): a boundary is a stop followed by space
and a capital, a digit, a quote or a bullet, unless the word before it is an abbreviation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from monotown.intake.model import Span

_BULLET = re.compile(r"^\s*(?:[•●▪◦·*–—-]|\d{1,2}[.)])\s+")
_BOUNDARY = re.compile(r"[.!?…]+[\"”»’)]*\s+(?=[\"“«(•]?[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ0-9])")
# Month abbreviations ("by Feb. 1") and unit abbreviations ("млрд.") do not end a sentence.
_MONTH_ABBREVIATIONS = (
    "jan feb mar apr jun jul aug sep sept oct nov dec"
    " янв фев февр мар апр авг сен сент окт нояб дек"
)
_ABBREVIATIONS = frozenset(_MONTH_ABBREVIATIONS.split()) | frozenset(
    [
        "mr",
        "mrs",
        "dr",
        "st",
        "no",
        "nos",
        "vs",
        "jsc",
        "llp",
        "ltd",
        "inc",
        "co",
        "corp",
        "г",
        "гг",
        "ул",
        "им",
        "т",
        "тыс",
        "млн",
        "млрд",
        "трлн",
        "руб",
        "тг",
        "др",
        "пр",
        "см",
        "стр",
        "с",
        "ж",
        "обл",
        "р-н",
        "мың",
    ]
)


@dataclass(frozen=True)
class Sentence:
    span: Span
    text: str
    bullet: bool  # the sentence is (part of) a list item
    item: int  # index of the list item or line it belongs to
    header: bool  # the line ends with ":" and introduces list items
    title: bool  # a first line without a closing stop


def split_sentences(text: str) -> list[Sentence]:
    """Split a text into sentences; every span indexes the original text."""
    sentences: list[Sentence] = []
    offset = 0
    first_content_line = True
    for item, line in enumerate(text.splitlines(keepends=True)):
        start = offset
        offset += len(line)
        body = line.rstrip("\r\n")
        if not body.strip():
            continue
        bullet_match = _BULLET.match(body)
        bullet = bullet_match is not None
        lead = bullet_match.end() if bullet_match else len(body) - len(body.lstrip())
        stripped = body.rstrip()
        header = stripped.endswith(":")
        title = first_content_line and not re.search(r"[.!?…\"”»:]$", stripped)
        first_content_line = False
        for piece_start, piece_end in _pieces(body, lead):
            sentences.append(
                Sentence(
                    span=Span(start + piece_start, start + piece_end),
                    text=body[piece_start:piece_end],
                    bullet=bullet,
                    item=item,
                    header=header and piece_end == len(stripped),
                    title=title,
                )
            )
    return sentences


def _pieces(line: str, lead: int) -> list[tuple[int, int]]:
    pieces: list[tuple[int, int]] = []
    cursor = lead
    for match in _BOUNDARY.finditer(line, lead):
        stop = match.start()
        word = re.search(r"(\w+)$", line[cursor:stop])
        previous = word.group(1).lower() if word else ""
        if previous in _ABBREVIATIONS or (len(previous) == 1 and previous.isalpha()):
            continue
        end = match.end() - len(match.group(0)) + len(match.group(0).rstrip())
        pieces.append((cursor, end))
        cursor = match.end()
    tail = line[cursor:].rstrip()
    if tail.strip():
        pieces.append((cursor, cursor + len(tail)))
    return [(start, end) for start, end in pieces if line[start:end].strip()]
