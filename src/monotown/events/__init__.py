"""Events (government sessions, meetings, seminars, interviews), their published texts stored
whole with their SHA-256, and citations tying each real record to the sentence it came from."""

from monotown.events.bundled import load_events
from monotown.events.citations import (
    CitationRow,
    Source,
    citations_for,
    sources_by_record,
    store_citations,
)
from monotown.events.sentences import Sentence, find_sentence, split_sentences

__all__ = [
    "CitationRow",
    "Sentence",
    "Source",
    "citations_for",
    "find_sentence",
    "load_events",
    "sources_by_record",
    "split_sentences",
    "store_citations",
]
