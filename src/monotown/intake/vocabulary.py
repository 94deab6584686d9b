"""Closed word classes the matchers reason with, as base-form keys in the three languages."""

from __future__ import annotations

from monotown.intake.morphology import Token

MINISTRY_HEAD = frozenset({"ministry", "министерство", "министрлік"})
AKIMAT_HEAD = frozenset(
    {"akimat", "akim", "governor", "mayor", "акимат", "аким", "әкімдік", "әкім", "әкімі"}
)
REGION_WORD = frozenset(
    {"region", "oblast", "regional", "область", "областной", "облыс", "облыстық", "өңір"}
)
TOWN_WORD = frozenset(
    {"town", "city", "single-industry", "monotown", "город", "моногород", "қала", "моноқала",
     "monocity", "г"}
)  # fmt: skip
SEPARATOR = frozenset({"and", "и", "және", "мен", "бен", "пен", "также", "the", "а"})
OF_WORD = frozenset({"of", "for", "the"})
LOCATIVE_BEFORE = frozenset(
    [
        "in",
        "at",
        "near",
        "across",
        "of",
        "from",
        "for",
        "within",
        "to",
        "into",
        "throughout",
        "в",
        "во",
        "на",
        "по",
        "из",
        "для",
        "с",
        "у",
        "около",
        "среди",
    ]
)
KAZAKH_LOCATIVE = ("нда", "нде", "ында", "інде", "да", "де", "та", "те", "дан", "ден", "тан",
                   "тен", "нан", "нен")  # fmt: skip
# Active verbs of the one who instructs: "the Prime Minister instructed", "Премьер поручил".
ACTIVE_INSTRUCTION = frozenset(
    [
        "instructed",
        "instructs",
        "urged",
        "urges",
        "told",
        "ordered",
        "charged",
        "demanded",
        "поручил",
        "поручила",
        "потребовал",
        "потребовала",
        "обязал",
        "обязала",
        "тапсырды",
    ]
)
PASSIVE_AUXILIARY = frozenset(["is", "are", "was", "were", "been", "be", "being"])
# The verbs that follow the body that issued a text: every active instruction verb, plus the
# present tense and the verbs that report a statement or a task.
ISSUER_VERB = ACTIVE_INSTRUCTION | frozenset(
    ["orders", "demands", "tasked", "поручает", "тапсырма", "said", "noted", "issued", "gave",
     "дал", "дала", "берді"]
)  # fmt: skip


def has(token: Token, vocabulary: frozenset[str]) -> bool:
    return bool(token.keys & vocabulary)


def is_plural_head(token: Token) -> bool:
    lower = token.lower
    return lower.endswith(("ies", "ats", "ims", "ors")) or lower.startswith(
        ("министерства", "министерств", "акиматы", "акиматам", "акиматов", "акимы", "акимам",
         "министрліктер", "әкімдіктер", "әкімдер")
    )  # fmt: skip
