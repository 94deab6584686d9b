"""Citations: which sentence of which text a record was taken from.

`store_citations` turns (record kind, record key, text, phrase) rows into stored citations with the
sentence's index, character span and words, refusing a phrase that is not in exactly one sentence
or a record that does not exist; `citations_for` answers "where does this record come from".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from monotown.errors import InputError
from monotown.events.models import Citation, Event, EventText, precise_date
from monotown.events.sentences import QuoteNotFoundError, Sentence, find_sentence, split_sentences


@dataclass(frozen=True)
class CitationRow:
    """One row of a citations file: `phrase` must occur in one sentence of text `text_code`."""

    record_kind: str
    record_key: str
    text_code: str
    phrase: str
    row: int
    file: str = "events/citations.csv"
    speaker: str | None = None

    def error(self, reason: str, field: str, value: str | None = None) -> InputError:
        """The error for this row's `field`, naming its file and row."""
        return InputError(reason, field=field, value=value, file=self.file, row=self.row)


@dataclass(frozen=True)
class Source:
    """What a citation tells a reader: the event, its date, speaker(s), publisher, the words."""

    record_kind: str
    record_key: str
    event_code: str
    event_title: str
    event_titles: tuple[tuple[str, str], ...]
    event_date: dt.date | None
    date_precision: str
    speakers: tuple[str, ...]
    speaker: str | None
    text_code: str
    publisher: str
    sentence_index: int
    start: int
    end: int
    quote: str

    @property
    def date_label(self) -> str:
        """The event's date written as precisely as it is known (2024-04-02, 2025-06, 2013)."""
        return precise_date(self.event_date, self.date_precision) or "date unknown"

    @property
    def anchor(self) -> str:
        """The path of the sentence on the event's page."""
        return f"/events/{self.event_code}#{self.text_code}-s{self.sentence_index}"

    def title_in(self, language: str) -> str:
        """The event's title in `language`, English when there is none."""
        return dict(self.event_titles).get(language) or self.event_title

    def note(self) -> str:
        """One line for a report's source notes: event, date, speaker, publisher, sentence."""
        who = f"; {self.speaker}" if self.speaker else ""
        return (
            f"{self.event_title} ({self.date_label}{who}); {self.publisher}, "
            f"sentence {self.sentence_index}: \u201c{self.quote}\u201d"
        )


def sentences_of(text: EventText) -> list[Sentence]:
    return split_sentences(text.content)


def store_citations(
    session: Session, rows: Iterable[CitationRow], known: Mapping[str, Collection[str]]
) -> int:
    """Replace the citations of every record kind in `known` by `rows`; returns rows stored.

    `known` maps a record kind to the keys of its stored records: a row for an unknown kind or
    record, a text that is not stored, or a phrase not in exactly one sentence is an InputError
    naming the file and row, and nothing is written.
    """
    texts = {text.code: text for text in session.scalars(select(EventText))}
    split = {code: sentences_of(text) for code, text in texts.items()}
    citations: dict[tuple[str, str, int, int], Citation] = {}
    for item in rows:
        if item.record_kind not in known:
            raise item.error(f"must be one of {', '.join(known)}", "record_kind", item.record_kind)
        if item.record_key not in known[item.record_kind]:
            reason = f"is not a stored {item.record_kind} record"
            raise item.error(reason, "record_key", item.record_key)
        if item.text_code not in texts:
            raise item.error("is not a stored text", "text", item.text_code)
        try:
            sentence = find_sentence(split[item.text_code], item.phrase)
        except QuoteNotFoundError as error:
            raise item.error(str(error), "find") from None
        text = texts[item.text_code]
        key = (item.record_kind, item.record_key, text.id, sentence.index)
        citations[key] = Citation(
            record_kind=item.record_kind,
            record_key=item.record_key,
            text_id=text.id,
            sentence_index=sentence.index,
            start_char=sentence.start,
            end_char=sentence.end,
            quote=sentence.text,
            speaker=item.speaker or None,
        )
    session.execute(delete(Citation).where(Citation.record_kind.in_(list(known))))
    session.add_all(citations.values())
    session.flush()
    return len(citations)


def _source(citation: Citation, text: EventText, event: Event) -> Source:
    return Source(
        record_kind=citation.record_kind,
        record_key=citation.record_key,
        event_code=event.code,
        event_title=event.title_en,
        event_titles=tuple(
            (language, value)
            for language, value in (
                ("en", event.title_en),
                ("ru", event.title_ru),
                ("kk", event.title_kk),
            )
            if value
        ),
        event_date=event.held_on,
        date_precision=event.date_precision,
        speakers=tuple(
            f"{speaker.name} ({speaker.post})" if speaker.post else speaker.name
            for speaker in event.speakers
        ),
        speaker=_speaker_with_post(event, citation.speaker),
        text_code=text.code,
        publisher=text.publisher,
        sentence_index=citation.sentence_index,
        start=citation.start_char,
        end=citation.end_char,
        quote=citation.quote,
    )


def _speaker_with_post(event: Event, name: str | None) -> str | None:
    if not name:
        return None
    for speaker in event.speakers:
        if speaker.name == name and speaker.post:
            return f"{speaker.name}, {speaker.post}"
    return name


def citations_for(
    session: Session, record_kind: str | None = None, record_key: str | None = None
) -> list[Source]:
    """The sources of one record (or of every record of a kind, or of all), in text order."""
    query = (
        select(Citation, EventText, Event)
        .join(EventText, Citation.text_id == EventText.id)
        .join(Event, EventText.event_id == Event.id)
        .order_by(Event.held_on, EventText.code, Citation.sentence_index, Citation.record_key)
    )
    if record_kind is not None:
        query = query.where(Citation.record_kind == record_kind)
    if record_key is not None:
        query = query.where(Citation.record_key == record_key)
    return [_source(c, t, e) for c, t, e in session.execute(query)]


def sources_by_record(session: Session, record_kind: str) -> dict[str, list[Source]]:
    """Record key -> its sources, for every cited record of a kind (one query)."""
    result: dict[str, list[Source]] = {}
    for source in citations_for(session, record_kind):
        result.setdefault(source.record_key, []).append(source)
    return result
