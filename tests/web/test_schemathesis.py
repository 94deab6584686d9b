"""Property-based fuzzing of the whole API from its OpenAPI schema: whatever a client sends, the
answer is never a server error and successful answers match the documented schema.

Drives Schemathesis' Python API (its lazy pytest fixture loader does not run on pytest 9) with a
few examples per operation, so it runs inside `make test` on both databases in seconds.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import checks

from tests.web.conftest import Web

EXAMPLES_PER_OPERATION = int(os.environ.get("MONOTOWN_FUZZ_EXAMPLES", "15"))
# Report downloads lay out whole PDFs (a second or two each); their inputs are few and checked
# in tests/reports/test_web_downloads.py, so a couple of fuzzed calls each is enough here.
REPORT_EXAMPLES = 2


@pytest.mark.slow
def test_api_never_fails_on_any_input(demo_web: Web) -> None:
    web = demo_web
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", web.app)
    headers = {"Authorization": f"Bearer {web.tokens['admin']}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 40

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=(
                REPORT_EXAMPLES
                if operation.path.startswith("/api/v1/reports")
                else EXAMPLES_PER_OPERATION
            ),
            deadline=None,
            derandomize=not os.environ.get("MONOTOWN_FUZZ_EXAMPLES"),
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def fuzz(case: Any) -> None:
            case.call_and_validate(
                headers=headers,
                checks=[checks.not_a_server_error, checks.response_schema_conformance],
            )

        fuzz()
