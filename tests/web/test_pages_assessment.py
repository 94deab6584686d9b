"""Assessment pages: ranks with intervals and group probabilities, running with an uploaded
methodology, comparing runs; the overview's groups, map colours and warnings; the town profile."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.web.conftest import Web, csrf_of

METHODOLOGY = (
    Path(__file__).resolve().parents[2] / "src/monotown/resources/methodology/default.yaml"
)


@dataclass(frozen=True)
class Analyst:
    """An analyst's browser on the assessment page, with the CSRF token of its forms."""

    client: TestClient
    token: str

    def run_with(self, file: str, change: tuple[str, str], form: dict[str, str]) -> tuple[str, str]:
        """Run the default methodology with one line changed, uploaded from the page as `file`:
        (the run's address, its page)."""
        text = METHODOLOGY.read_text(encoding="utf-8").replace(*change)
        ran = self.client.post(
            "/assessment/run",
            data={"csrf_token": self.token, **form},
            files={"methodology": (file, text.encode(), "application/x-yaml")},
        )
        assert ran.status_code == 303
        address = ran.headers["location"]
        return address, self.client.get(address).text


@pytest.fixture
def analyst(demo_web: Web) -> Analyst:
    client = demo_web.browser("analyst")
    return Analyst(client, csrf_of(client, "/assessment"))


def test_ranks_with_intervals_probabilities_and_synthetic_mark(demo_web: Web) -> None:
    page = demo_web.browser("viewer", lang="ru").get("/assessment").text
    rows = page.split('id="ranks"')[1].split("</table>")[0]
    assert rows.count('class="interval"') == 27 and rows.count('class="probs"') == 27
    assert 'id="synthetic-run"' in page and "Ранги с неопределённостью" in page
    assert 'id="run-form"' not in page  # viewers cannot run


def test_run_with_an_uploaded_methodology_then_compare(analyst: Analyst) -> None:
    _address, run_page = analyst.run_with(
        "variant.yaml",
        ("name: monotown-default", "name: variant"),
        {"replications": "40", "seed": "5", "label": "web"},
    )
    assert "variant" in run_page and "Assessment run" in run_page
    client = analyst.client
    bad = client.post("/assessment/run", data={"csrf_token": analyst.token, "replications": "lots"})
    assert bad.status_code == 422 and "whole number" in bad.text
    compared = client.get("/assessment/compare", params={"a": 1, "b": 2})
    assert compared.status_code == 200 and compared.text.count("<tr>") >= 27


def test_overview_shows_groups_warnings_and_colours_the_map_by_group(demo_web: Web) -> None:
    page = demo_web.browser("viewer").get("/").text
    assert 'id="group-card"' in page and "high potential" in page
    assert 'id="warnings"' in page
    figure = json.loads(
        re.search(r'id="map-figure">(.*?)</script>', page, re.S).group(1)  # type: ignore[union-attr]
    )
    names = {trace.get("name") for trace in figure["data"][1:]}
    assert {"high potential", "average potential", "low potential"} <= names


def test_town_profile_has_pillars_strengths_weaknesses_and_warnings(demo_web: Web) -> None:
    page = demo_web.browser("viewer", lang="kk").get("/towns/temirtau").text
    for marker in (
        'id="town-assessment"',
        'id="pillar-figure"',
        'id="strengths"',
        'id="weaknesses"',
        'id="town-warnings"',
    ):
        assert marker in page, marker
    assert "Күшті жақтары" in page and "синтетикалық" in page


def test_sensitivity_bars_with_intervals_and_regenerating_a_run(
    demo_web: Web, analyst: Analyst
) -> None:
    address, page = analyst.run_with(
        "sa.yaml", ("sensitivity: false", "sensitivity: true"), {"replications": "30", "seed": "2"}
    )
    figure = json.loads(
        re.search(r'id="sensitivity-figure">(.*?)</script>', page, re.S).group(1)  # type: ignore[union-attr]
    )
    bars = figure["data"]
    assert len(bars) == 2 and bars[0]["y"] == [
        "weights",
        "imputation",
        "normalisation",
        "aggregation",
    ]
    assert all(len(bar["error_x"]["array"]) == 4 for bar in bars)
    assert 'id="convergence"' in page and 'id="rerun-form"' in page
    run_id = int(address.rsplit("/", 1)[1])
    client = analyst.client
    token = csrf_of(client, f"/assessment/runs/{run_id}")
    bad = client.post(
        f"/assessment/runs/{run_id}/rerun",
        data={"csrf_token": token, "settings": "treatment.winmx=2"},
    )
    assert bad.status_code == 422 and "Extra inputs are not permitted" in bad.text
    again = client.post(
        f"/assessment/runs/{run_id}/rerun",
        data={"csrf_token": token, "settings": "normalisation.method=zscore\n"},
    )
    assert again.status_code == 303
    assert again.headers["location"] == f"/assessment/compare?a={run_id}&b={run_id + 1}"
    compared = client.get(again.headers["location"]).text
    assert compared.count("<tr>") >= 27
    viewer = demo_web.browser("viewer")
    refused = viewer.post(f"/assessment/runs/{run_id}/rerun", data={"settings": ""})
    assert refused.status_code in (403, 400)
