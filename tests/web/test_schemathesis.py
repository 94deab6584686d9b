"""Property-based fuzzing of the whole API from its OpenAPI schema: whatever a client sends, the
answer is never a server error and successful answers match the documented schema.

Drives Schemathesis' Python API (its lazy pytest fixture loader does not run on pytest 9): every
operation with a number of examples, then stateful sequences that feed one answer into the next
call (the links Schemathesis infers from the schema). Every failure is collected, so one run
lists every server error at once; the test prints the number of calls and of server errors.
Deleting your own account is left out: it would end the run's authority, not test anything.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import checks
from schemathesis.errors import NoLinksFound

from tests.web.conftest import Web

EXAMPLES_PER_OPERATION = int(os.environ.get("MONOTOWN_FUZZ_EXAMPLES", "25"))
STATEFUL_SCENARIOS = int(os.environ.get("MONOTOWN_FUZZ_SCENARIOS", "40"))
# Report downloads lay out whole PDFs (a second or two each); their inputs are few and checked
# in tests/reports/test_web_downloads.py, so a couple of fuzzed calls each is enough here.
REPORT_EXAMPLES = 2
# Assessment runs compute the whole index (a second each); a few examples cover their inputs.
# The criteria evaluate every settlement (about a second a call). First match wins.
SLOW_EXAMPLES = {
    "/api/v1/reports/workbook": 1,
    "/api/v1/reports": REPORT_EXAMPLES,
    "/api/v1/assessment/runs": 4,
    "/api/v1/assessment/criteria": 5,
}
EXPORT_EXAMPLES = 4
CALL_TIMEOUT = 120  # seconds; a slow answer is not a server error, only a slow one
CHECKS = [checks.not_a_server_error, checks.response_schema_conformance]


@dataclass
class Tally:
    calls: int = 0
    server_errors: int = 0
    failures: Counter[str] = field(default_factory=Counter)

    def call(self, case: Any, **kwargs: Any) -> None:
        """Call the app; an exception escaping it is a server error like a 500."""
        try:
            response = case.call(**kwargs)
        except Exception as error:
            self.calls += 1
            self.server_errors += 1
            self.failures[f"{case.method} {case.path} -> raised {type(error).__name__}: "
                          f"{str(error)[:120]}"] += 1  # fmt: skip
            return
        self.record(case, response)

    def record(self, case: Any, response: Any) -> None:
        self.calls += 1
        if response.status_code >= 500:
            self.server_errors += 1
        try:
            case.validate_response(response, checks=CHECKS)
        except Exception as error:  # every failure is listed at the end
            first = str(error).strip().splitlines()[0][:160]
            self.failures[f"{case.method} {case.path} -> {response.status_code}: {first}"] += 1


def _examples(path: str) -> int:
    for prefix, count in SLOW_EXAMPLES.items():
        if path.startswith(prefix):
            return count
    # A full export writes every stored value (seconds for the demo's XLSX): a few suffice.
    return EXPORT_EXAMPLES if path.endswith("/export") else EXAMPLES_PER_OPERATION


def _schema(web: Web) -> Any:
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", web.app)
    return schema.exclude(method="DELETE", path="/api/v1/users/{username}")


@pytest.mark.slow
def test_api_never_fails_on_any_input(demo_web: Web, capsys: pytest.CaptureFixture[str]) -> None:
    schema = _schema(demo_web)
    headers = {"Authorization": f"Bearer {demo_web.tokens['admin']}"}
    tally = Tally()
    durations: dict[str, float] = {}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 40

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=_examples(operation.path),
            deadline=None,
            derandomize=not os.environ.get("MONOTOWN_FUZZ_EXAMPLES"),
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def fuzz(case: Any) -> None:
            tally.call(case, headers=headers, timeout=CALL_TIMEOUT)

        started = time.perf_counter()
        fuzz()
        durations[f"{operation.method.upper()} {operation.path}"] = time.perf_counter() - started
    covered = tally.calls

    class Stateful(schema.as_state_machine()):  # type: ignore[misc]
        def get_call_kwargs(self, case: Any) -> dict[str, Any]:
            return {"headers": headers, "timeout": CALL_TIMEOUT}

        def validate_response(self, response: Any, case: Any, **kwargs: Any) -> None:
            tally.record(case, response)

    try:
        Stateful.run(
            settings=settings(
                max_examples=STATEFUL_SCENARIOS,
                stateful_step_count=6,
                deadline=None,
                derandomize=not os.environ.get("MONOTOWN_FUZZ_EXAMPLES"),
                database=None,
                suppress_health_check=list(HealthCheck),
            )
        )
    except NoLinksFound:
        pytest.fail("the schema has no links for stateful testing")
    with capsys.disabled():
        print(
            f"\nschemathesis: {len(operations)} operations, {covered} calls one by one, "
            f"{tally.calls - covered} in stateful sequences, {tally.server_errors} server errors"
        )
        slowest = sorted(durations.items(), key=lambda item: -item[1])[:5]
        print("slowest: " + "; ".join(f"{name} {seconds:.1f} s" for name, seconds in slowest))
    problems = "\n".join(f"{count} x {what}" for what, count in tally.failures.most_common())
    assert not tally.failures, f"{sum(tally.failures.values())} failing calls:\n{problems}"
