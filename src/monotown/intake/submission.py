"""A text submitted through the API or the web page, checked like a file and proposed.

Pure: the same checks as `monotown intake FILE` (empty, binary, another language, a bad date),
each an InputError naming the field, and the proposal with a note when the language given is
not the one the text reads as.
"""

from __future__ import annotations

from dataclasses import replace

from monotown.errors import InputError
from monotown.intake.extract import propose
from monotown.intake.input import decode_text, parse_event_date
from monotown.intake.language import UnsupportedLanguage, detect_language
from monotown.intake.model import Language, Proposal


def propose_submitted(
    text: str, date_text: str | None, language: Language | None, name: str = "text"
) -> Proposal:
    """The proposal for a submitted text, or InputError (field 'text' or 'date') saying why not."""
    decode_text(text.encode("utf-8"), name)
    event = parse_event_date(date_text, "date") if date_text else None
    try:
        detected = detect_language(text)
    except UnsupportedLanguage as error:
        raise InputError(
            f"not a text in English, Russian or Kazakh ({error})", field="text"
        ) from None
    proposal = propose(text, event, language or detected)
    if language and language != detected:
        note = f"language {language} given, but the text reads as {detected}"
        proposal = replace(proposal, notes=(*proposal.notes, note))
    return proposal
