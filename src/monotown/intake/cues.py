"""The words that make a sentence an instruction, in the three languages.

A strong cue ("instructed", "поручил", "тапсырды", "are tasked with") makes an instruction on its
own; a weak one ("must", "необходимо", "тиіс") only when the sentence names a responsible body or
a deadline, because press texts say "we must" and "it is necessary" of everything.
"""

from __future__ import annotations

import re

from monotown.intake.morphology import russian_lemmas

STRONG = re.compile(
    r"\b(?:instruct(?:ed|s)?|tasked|charged(?:\s+[\w-]+){0,5}\s+with|ordered|urged|urges|directed\s+to|entrusted"
    r"|obliged|commissioned|assigned\s+to\s+(?:develop|ensure|prepare|submit|create))\b"
    r"|\bпоруч(?:ил[аи]?|ено|ается|ить|аю)\b|\bобязал[аи]?\b"
    r"|\bпотребовал[аи]?\b|\bпредписано\b|\bвменено\b"
    r"|тапсыр(?:ды|ылды|ылсын|ылады|ма\s+берді|ма\s+жүктелді|маны)|міндеттелді|жүктелді"
    r"|міндеттеді",
    re.IGNORECASE,
)
WEAK = re.compile(  # an imperative at the start of a sentence counts as well
    r"\b(?:must|should|shall|need(?:s)?\s+to|have\s+to|has\s+to|(?:is|are)\s+to\s+(?!be\b)\w+"
    r"|it\s+is\s+(?:also\s+)?necessary|(?:is|are)\s+required\s+to)\b"
    r"|^\s*(?:ensure|develop|submit|take|provide|accelerate|prepare|consider|create|make"
    r"|intensify|attract|double|complete|carry\s+out|work\s+out)\b"
    r"|\b(?:долж(?:ен|на|ны|но)|необходимо|нужно|следует|надлежит|требуется|предстоит"
    r"|обеспечить|разработать|принять|внести|представить|ускорить|проработать)\b"
    r"|\b(?:тиіс|тиісті|қажет|керек|міндетті|қамтамасыз\s+ету)\b",
    re.IGNORECASE,
)
NOT_AN_INSTRUCTION = re.compile(
    r"\b(?:it\s+should\s+be\s+noted|should\s+be\s+noted|it\s+must\s+be\s+said"
    r"|(?:следует|необходимо|нужно)\s+отметить|стоит\s+отметить"
    r"|атап\s+өту\s+(?:керек|қажет)|айта\s+кету\s+(?:керек|қажет))\b",
    re.IGNORECASE,
)
# A sentence introducing a list of instructions: "Prime Minister instructed:", "поручил:".
HEADER = re.compile(
    r"(?:" + STRONG.pattern + r"|\binstructions\b|\btasks\b|\bпоручени\w*|тапсырмалар\w*)"
    r"[^.]*:\s*$",
    re.IGNORECASE,
)
# An obligation a document states is its rule, not an instruction issued at the event.
DOCUMENT_SAYS = re.compile(
    r"\baccording\s+to\s+the\s+(?:[\w-]+\s+){0,4}"
    r"(?:program(?:me)?|plan|law|concept|strategy|decree|resolution)"
    r"|\bсогласно\s+(?:программ|план|закон|концепци|постановлени|указ)\w*"
    r"|(?:бағдарлама|жоспар|заң|тұжырымдама|қаулы)\w*\s+сәйкес",
    re.IGNORECASE,
)
# "It is also necessary", "также необходимо", "сондай-ақ": the previous instruction goes on.
ALSO = re.compile(r"\b(?:also|также|кроме\s+того)\b|сондай-ақ|\bтағы\b", re.IGNORECASE)
IMPERSONAL = re.compile(
    r"^(?:it\s+is\s+(?:also\s+)?necessary|необходимо|нужно|следует|требуется|қажет|керек)$",
    re.IGNORECASE,
)
# Protocol layout: "Responsible: MNE, akimats." / "Deadline: 1 October 2025." after an item.
RESPONSIBLE_LABEL = re.compile(
    r"^\s*(?:responsible|executors?|ответственн\w*|исполнител\w*|жауапт\w*|орындаушы\w*)"
    r"(?:\s+\w+)?\s*[:–—-]\s*(?P<rest>.+)$",
    re.IGNORECASE,
)
DEADLINE_LABEL = re.compile(
    r"^\s*(?:deadline|due(?:\s+date)?|term|срок(?:и)?(?:\s+исполнения)?|мерзім\w*)"
    r"\s*[:–—-]\s*(?P<rest>.+)$",
    re.IGNORECASE,
)
CLAUSE_SPLIT = re.compile(
    r",\s+while\s+|;\s+|,\s+whereas\s+|,\s+а\s+(?:также\s+)?|,\s+ал\s+", re.IGNORECASE
)


def cue_of(text: str, language: str = "en") -> tuple[str, str] | None:
    """("strong"|"weak", the cue's words) for an instruction, or None.

    Russian instructions are often a bare infinitive after the addressee ("Акиматам ... до 1
    октября решить вопрос"): any infinitive is a weak cue there.
    """
    cleaned = NOT_AN_INSTRUCTION.sub(" ", text)
    strong = STRONG.search(cleaned)
    if strong:
        return "strong", strong.group(0)
    weak = WEAK.search(cleaned)
    if weak:
        return "weak", weak.group(0)
    if language == "ru":
        for word in re.findall(r"[а-яё]+(?:ть|ти|чь)(?:ся)?\b", cleaned.lower()):
            lemmas = russian_lemmas(word)
            if lemmas and lemmas[0][1] == "INFN":
                return "weak", word
    return None
