"""Word forms reduced to comparable keys, so "акиматам" meets "акимат" and "облыстарының" "облысы".

Russian goes through pymorphy3 (every normal form of every parse, because proper adjectives such
as "Атырауской" get a noun reading first) plus a suffix-stripped stem for words it does not know;
Kazakh is agglutinative and regular enough for suffix stripping; English needs only plurals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pymorphy3

from monotown.intake.language import KAZAKH_LETTERS

_TOKEN = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*|[%₸$]|[,;:()\"«»“”]", re.UNICODE)
_RU_ENDINGS = sorted(
    [
        "ями",
        "ами",
        "ого",
        "его",
        "ому",
        "ему",
        "ыми",
        "ими",
        "иях",
        "ах",
        "ях",
        "ам",
        "ям",
        "ов",
        "ев",
        "ей",
        "ой",
        "ий",
        "ый",
        "ая",
        "яя",
        "ое",
        "ее",
        "ую",
        "юю",
        "ом",
        "ем",
        "ым",
        "им",
        "ых",
        "их",
        "а",
        "я",
        "ы",
        "и",
        "у",
        "ю",
        "е",
        "о",
        "ь",
    ],
    key=len,
    reverse=True,
)
_KK_SUFFIXES = sorted(
    [
        "ның",
        "нің",
        "дың",
        "дің",
        "тың",
        "тің",
        "ға",
        "ге",
        "қа",
        "ке",
        "на",
        "не",
        "ды",
        "ді",
        "ты",
        "ті",
        "ны",
        "ні",
        "да",
        "де",
        "та",
        "те",
        "нда",
        "нде",
        "дан",
        "ден",
        "тан",
        "тен",
        "нан",
        "нен",
        "мен",
        "бен",
        "пен",
        "лар",
        "лер",
        "дар",
        "дер",
        "тар",
        "тер",
        "сы",
        "сі",
        "ы",
        "і",
        "ын",
        "ін",
        "ына",
        "іне",
        "ында",
        "інде",
        "ынан",
        "інен",
        "нің",
        "ларына",
        "леріне",
        "дарына",
        "деріне",
        "тарына",
        "теріне",
        "ғы",
        "гі",
        "қы",
        "кі",
    ],
    key=len,
    reverse=True,
)


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int
    keys: frozenset[str]

    @property
    def is_word(self) -> bool:
        return self.text[0].isalnum()

    @property
    def lower(self) -> str:
        return self.text.lower().replace("ё", "е")


@lru_cache(maxsize=1)
def analyzer() -> pymorphy3.MorphAnalyzer:
    return pymorphy3.MorphAnalyzer()


def tokenize(text: str, language: str, base: int = 0) -> list[Token]:
    """Words (hyphenated words stay whole), unit signs and the punctuation lists are built of.

    A text's words are reduced the way their language inflects; registry names (`language="any"`)
    under every analyser their script allows, so either side's form can meet the other's.
    """
    return [
        Token(
            match.group(0),
            base + match.start(),
            base + match.end(),
            word_keys(match.group(0), language),
        )
        for match in _TOKEN.finditer(text)
    ]


@lru_cache(maxsize=50_000)
def word_keys(word: str, language: str = "any") -> frozenset[str]:
    """Every base form the word may have; two words match when their keys intersect."""
    lower = word.lower().replace("ё", "е").replace("’", "'")
    if not lower[0].isalnum():
        return frozenset({lower})
    if lower.isascii():
        return frozenset(_english_keys(lower))
    keys = {lower}
    if lower.isdigit():
        return frozenset(keys)
    kazakh = language == "kk" or (language == "any" and KAZAKH_LETTERS.intersection(lower))
    if kazakh or language == "any":
        keys.update(kazakh_stems(lower))
    if not kazakh or language == "any":
        keys.update(parse.normal_form.replace("ё", "е") for parse in analyzer().parse(lower))
        keys.add("~" + russian_stem(lower))
    return frozenset(keys)


def russian_lemmas(word: str) -> list[tuple[str, str]]:
    """(normal form, part of speech) of each pymorphy3 parse, best first."""
    return [(p.normal_form.replace("ё", "е"), str(p.tag.POS)) for p in analyzer().parse(word)]


def russian_stem(word: str) -> str:
    for ending in _RU_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


def kazakh_stems(word: str) -> set[str]:
    """The word and each stem left by stripping up to three case/plural/possessive endings."""
    stems = {word}
    frontier = {word}
    for _ in range(3):
        following: set[str] = set()
        for stem in frontier:
            for suffix in _KK_SUFFIXES:
                if stem.endswith(suffix) and len(stem) - len(suffix) >= 3:
                    following.add(_soften(stem[: -len(suffix)]))
        stems.update(following)
        frontier = following
    return stems


def _soften(stem: str) -> str:
    # Kazakh voices a final к/қ before a vowel suffix (министрлік -> министрлігі).
    if stem.endswith("г"):
        return stem[:-1] + "к"
    if stem.endswith("ғ"):
        return stem[:-1] + "қ"
    return stem


def _english_keys(lower: str) -> set[str]:
    lower = lower.removesuffix("'s")
    keys = {lower}
    if lower.endswith("ies") and len(lower) > 4:
        keys.add(lower[:-3] + "y")
    elif lower.endswith(("ses", "xes", "ches", "shes")):
        keys.update({lower[:-2], lower[:-1]})
    elif lower.endswith("s") and not lower.endswith("ss") and len(lower) > 3:
        keys.add(lower[:-1])
    return keys


def transliteration_form(word: str) -> str:
    """A spelling-neutral form of a Latin proper name: Abay/Abai, Rudnyi/Rudny, Kulsary/Kulsari."""
    form = word.lower()
    for source, target in (("kh", "h"), ("y", "i"), ("q", "k"), ("w", "u"), ("ii", "i")):
        form = form.replace(source, target)
    return form


def close_spelling(a: str, b: str) -> bool:
    """At most one edit (insert, delete, substitute, swap) apart, on names of 5+ letters."""
    if a == b:
        return True
    if min(len(a), len(b)) < 5 or abs(len(a) - len(b)) > 1:
        return False
    return _osa_distance(a, b) <= 1


def _osa_distance(a: str, b: str) -> int:
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            cost = 0 if char_a == char_b else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]
