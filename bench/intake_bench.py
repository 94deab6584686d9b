"""Intake quality and speed on the labelled set, against a keyword/regex-only baseline.

Prints, per language: directive recall/precision, figure recall/precision and the time per text,
for intake (`monotown.intake.propose`) and, in the same run, for a naive baseline that finds
instructions by keyword, bodies and towns by exact substring, deadlines by one absolute-date
regex and figures by number + next word; then the ratio of their F1 scores and of their times.
By default it runs the labelled set (the five English source texts plus Russian and Kazakh texts
written for it) and the held-out texts (labelled before intake was first run on them).
Run: .venv/bin/python bench/intake_bench.py [LABELLED_DIR ...] [--misses]
"""

from __future__ import annotations

import re
import statistics
import sys
import time
from datetime import date
from pathlib import Path

from monotown.intake import propose
from monotown.intake.calendar_words import MONTHS
from monotown.intake.extract import bundled_matchers
from monotown.intake.model import (
    BodyMatch,
    Deadline,
    Directive,
    EventProposal,
    Figure,
    PlaceMatch,
    Proposal,
    Span,
)
from monotown.intake.quality import LabelledText, Score, Tally, load_labelled, score

TESTS = Path(__file__).resolve().parents[1] / "tests/intake"
DEFAULT_SETS = (TESTS / "labelled", TESTS / "heldout")
_KEYWORDS = re.compile(
    r"instruct|must|should|need|tasked|поруч|должн|необходимо|тапсыр|тиіс|қажет", re.I
)
_FIGURE = re.compile(
    r"(\d+(?:[.,]\d+)?)\s*(billion|million|thousand|trillion|млрд|млн|тыс|трлн|мың)?\.?\s*(%|\w+)"
)
_SCALE = {"billion": 1e9, "million": 1e6, "thousand": 1e3, "trillion": 1e12, "млрд": 1e9,
          "млн": 1e6, "тыс": 1e3, "трлн": 1e12, "мың": 1e3}  # fmt: skip
_DATE = re.compile(r"by\s+(\w+)\s+(\d{1,2})|(\d{1,2})\s+(\w+)", re.I)


def baseline(text: str, event: date) -> Proposal:
    """What a keyword-and-regex script would propose."""
    registry = bundled_matchers().registry
    names = [(n.lower(), b.code) for b in registry.bodies for n in b.names() if len(n) >= 4]
    towns = [(n.lower(), t.code) for t in registry.towns for n in t.names()]
    directives: list[Directive] = []
    figures: list[Figure] = []
    for match in re.finditer(r"[^.!?\n]+[.!?]?", text):
        sentence, span = match.group(0), Span(match.start(), match.end())
        lower = sentence.lower()
        if _KEYWORDS.search(sentence):
            bodies = tuple(
                BodyMatch(code, name, span, "substring")
                for code, name in {c: n for n, c in names if n in lower}.items()
            )
            places = tuple(
                PlaceMatch(code, name, span)
                for code, name in {c: n for n, c in towns if n in lower}.items()
            )
            directives.append(Directive(sentence, bodies, _deadline(sentence, event, span),
                                        places, span, "keyword"))  # fmt: skip
        for number in _FIGURE.finditer(sentence):
            try:
                value = float(number.group(1).replace(",", "."))
            except ValueError:
                continue
            word = number.group(3).lower()
            unit = {"tenge": "KZT", "тенге": "KZT", "теңге": "KZT", "%": "percent",
                    "percent": "percent"}.get(word, word)  # fmt: skip
            value *= _SCALE.get((number.group(2) or "").lower(), 1.0)
            figures.append(Figure(value, unit, "", "", number.group(0), "", (), "", span, span))
    event_proposal = EventProposal(event, "day", "given", "", None, ())
    return Proposal("en", event_proposal, tuple(directives), tuple(figures), (), "")


def _deadline(sentence: str, event: date, span: Span) -> Deadline | None:
    for match in _DATE.finditer(sentence):
        month_name = (match.group(1) or match.group(4) or "").lower()
        day = match.group(2) or match.group(3)
        if month_name in MONTHS:
            try:
                return Deadline(date(event.year, MONTHS[month_name], int(day)), "day",
                                match.group(0), span, "regex")  # fmt: skip
            except ValueError:
                return None
    return None


def _f1(tally: Tally) -> float:
    total = tally.recall + tally.precision
    return 2 * tally.recall * tally.precision / total if total else 0.0


def main(argv: list[str]) -> int:
    directories = [Path(a) for a in argv if not a.startswith("--")] or list(DEFAULT_SETS)
    start = time.perf_counter()
    bundled_matchers()
    propose("Warm-up: the Ministry of Energy must act by 1 October.", date(2024, 1, 1))
    cold_ms = (time.perf_counter() - start) * 1000
    print(f"one-off start (dictionaries, registry compile): {cold_ms:.0f} ms")
    for directory in directories:
        _report(directory, "--misses" in argv)
    return 0


def _report(directory: Path, misses: bool) -> None:
    texts = load_labelled(directory)
    by_language: dict[str, list[LabelledText]] = {}
    for labelled in texts:
        by_language.setdefault(labelled.language, []).append(labelled)
    print(f"\n== {directory.name}: {len(texts)} labelled texts in {directory}")
    header = (f"{'lang':4} {'texts':>5} | {'dir R':>5} {'dir P':>5} {'fig R':>5} {'fig P':>5} "
              f"{'ms/text':>7} {'max ms':>6} {'cpu ms':>6} | baseline {'dir R':>5} {'dir P':>5} "
              f"{'fig R':>5} {'fig P':>5} {'ms/text':>7} | F1 ratio  time ratio")  # fmt: skip
    print(header)
    print("-" * len(header))
    overall, overall_base = Score(), Score()
    times_all: list[float] = []
    cpu_all: list[float] = []
    for language in ("en", "ru", "kk"):
        group = by_language.get(language, [])
        if not group:
            continue
        total, base_total = Score(), Score()
        times, base_times, cpu = [], [], []
        for labelled in group:
            started, cpu_started = time.perf_counter(), time.process_time()
            proposal = propose(labelled.text, labelled.event, labelled.language)
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() - cpu_started)
            total.add(score(labelled, proposal))
            started = time.perf_counter()
            naive = baseline(labelled.text, labelled.event.on)
            base_times.append(time.perf_counter() - started)
            base_total.add(score(labelled, naive))
        overall.add(total)
        overall_base.add(base_total)
        times_all += times
        cpu_all += cpu
        f1 = (_f1(total.directives) + _f1(total.figures)) / 2
        base_f1 = (_f1(base_total.directives) + _f1(base_total.figures)) / 2
        print(
            f"{language:4} {len(group):>5} | {total.directives.recall:5.2f} "
            f"{total.directives.precision:5.2f} {total.figures.recall:5.2f} "
            f"{total.figures.precision:5.2f} {statistics.mean(times) * 1000:7.1f} "
            f"{max(times) * 1000:6.1f} {statistics.mean(cpu) * 1000:6.1f} |          "
            f"{base_total.directives.recall:5.2f} "
            f"{base_total.directives.precision:5.2f} {base_total.figures.recall:5.2f} "
            f"{base_total.figures.precision:5.2f} {statistics.mean(base_times) * 1000:7.1f} | "
            f"{f1 / base_f1 if base_f1 else float('inf'):8.2f}  "
            f"{statistics.mean(times) / statistics.mean(base_times):10.1f}"
        )
    print("-" * len(header))
    print(
        f"all  {len(texts):>5} | {overall.directives.recall:5.2f} "
        f"{overall.directives.precision:5.2f}"
        f" {overall.figures.recall:5.2f} {overall.figures.precision:5.2f} "
        f"{statistics.mean(times_all) * 1000:7.1f} {max(times_all) * 1000:6.1f} "
        f"{statistics.mean(cpu_all) * 1000:6.1f} |          "
        f"{overall_base.directives.recall:5.2f} {overall_base.directives.precision:5.2f} "
        f"{overall_base.figures.recall:5.2f} {overall_base.figures.precision:5.2f}"
    )
    print(
        f"\ncounts: directives {overall.directives.matched}/{overall.directives.labelled} labelled "
        f"matched, {overall.directives.proposed} proposed; figures {overall.figures.matched}/"
        f"{overall.figures.labelled} matched, {overall.figures.proposed} proposed; "
        f"{overall.exact_bodies}/{overall.directives.matched} matched directives name exactly "
        "the labelled bodies"
    )
    print(
        "targets: recall and precision >= 0.90 on directives and figures; < 1000 ms per text"
        " (ms/text is wall time on this machine; cpu ms is the process's own CPU time)"
    )
    if misses:
        for miss in overall.misses:
            print(miss)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
