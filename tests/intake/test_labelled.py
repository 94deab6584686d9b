"""The labelled set (the five English source texts, Russian and Kazakh texts) above the targets."""

from __future__ import annotations

from pathlib import Path

import pytest

from monotown.intake import propose
from monotown.intake.quality import Score, load_labelled, score

HERE = Path(__file__).parent
TARGET = 0.9


def _score(directory: Path, language: str) -> Score:
    total = Score()
    texts = [text for text in load_labelled(directory) if text.language == language]
    assert texts, f"no {language} texts in {directory}"
    for labelled in texts:
        total.add(score(labelled, propose(labelled.text, labelled.event, labelled.language)))
    return total


@pytest.mark.parametrize("directory", ["labelled", "heldout"])
@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_recall_and_precision_reach_the_targets(directory: str, language: str) -> None:
    total = _score(HERE / directory, language)
    detail = "\n".join(total.misses)
    assert total.directives.recall >= TARGET, detail
    assert total.directives.precision >= TARGET, detail
    assert total.figures.recall >= TARGET, detail
    assert total.figures.precision >= TARGET, detail


def test_the_set_has_the_five_sources_and_own_russian_and_kazakh_texts() -> None:
    texts = load_labelled(HERE / "labelled")
    languages = [text.language for text in texts]
    assert languages.count("en") == 5
    assert languages.count("ru") >= 3
    assert languages.count("kk") >= 2
    assert sum(len(text.directives) for text in texts) >= 30
    assert sum(len(text.figures) for text in texts) >= 100


def test_the_five_sources_propose_their_instructions_with_bodies_deadlines_and_towns() -> None:
    seminar = next(t for t in load_labelled(HERE / "labelled") if "seminar_karaganda" in t.name)
    proposal = propose(seminar.text, seminar.event)
    first = proposal.directives[0]
    assert [body.code for body in first.bodies] == ["akimat-kz-35", "akimat-kz-23"]
    assert first.deadline is not None and first.deadline.on.isoformat() == "2025-12-01"
    assert [town.code for town in first.towns] == ["balkhash", "kulsary"]
    assert (
        "accelerate the creation of industrial zones"
        in seminar.text[first.span.start : first.span.end]
    )
