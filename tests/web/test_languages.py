"""One language choice, in one order (Kazakh, Russian, English), on every surface that offers it:
the web switcher, the reports and intake API's `lang` in the OpenAPI schema, the CLI's help."""

from __future__ import annotations

import re

from monotown.i18n import Language
from tests.conftest import Cli
from tests.web.conftest import Web

ORDER = ["kk", "ru", "en"]


def test_the_order_is_the_state_language_first() -> None:
    assert [language.value for language in Language] == ORDER


def test_the_switcher_and_the_api_schema_list_the_same_order(web: Web) -> None:
    client = web.client()
    page = client.get("/login")
    assert page.status_code == 200
    assert re.findall(r'data-lang="(\w+)"', page.text) == ORDER
    schema = client.get("/api/openapi.json").json()
    for path in ("/api/v1/reports/briefing", "/api/v1/reports/towns/{name}"):
        parameters = schema["paths"][path]["get"]["parameters"]
        lang = next(parameter for parameter in parameters if parameter["name"] == "lang")
        reference = lang["schema"]["$ref"].rsplit("/", 1)[1]
        assert schema["components"]["schemas"][reference]["enum"] == ORDER
    text_language = schema["components"]["schemas"]["ProposalIn"]["properties"]["lang"]
    assert {"$ref": f"#/components/schemas/{reference}"} in text_language["anyOf"]


def test_the_cli_help_lists_the_same_order(cli: Cli) -> None:
    for command in (("intake",), ("report", "briefing"), ("report", "town")):
        result = cli(*command, "--help")
        assert result.exit_code == 0, result.output
        assert re.search(r"kk\W+ru\W+en", result.stdout), result.stdout
