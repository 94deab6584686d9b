"""Intake: from a government press text to proposed records (directives, figures, the event).

Pure functions over text; nothing exported here opens the database. `propose(text, event_date)`
returns a `Proposal` whose every item cites its span in the text; `intake.store.accept_review`
stores a reviewed proposal as one undoable import batch (the one module that writes).
"""

from monotown.intake.deadlines import EventDate
from monotown.intake.extract import Matchers, compile_registry, propose
from monotown.intake.input import read_text
from monotown.intake.language import UnsupportedLanguage, detect_language
from monotown.intake.model import (
    BodyEntry,
    BodyMatch,
    Deadline,
    Directive,
    EventProposal,
    Figure,
    NamedObject,
    PlaceEntry,
    PlaceMatch,
    Proposal,
    Span,
    Speaker,
)
from monotown.intake.registry import Registry, bundled_registry, read_bodies, read_places

__all__ = [
    "BodyEntry",
    "BodyMatch",
    "Deadline",
    "Directive",
    "EventDate",
    "EventProposal",
    "Figure",
    "Matchers",
    "NamedObject",
    "PlaceEntry",
    "PlaceMatch",
    "Proposal",
    "Registry",
    "Span",
    "Speaker",
    "UnsupportedLanguage",
    "bundled_registry",
    "compile_registry",
    "detect_language",
    "propose",
    "read_bodies",
    "read_places",
    "read_text",
]
