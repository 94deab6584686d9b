"""Assessment through the API: runs (with an uploaded methodology), results with rank intervals
and group probabilities, explanations, comparisons, warnings, criteria; who may run."""

from __future__ import annotations

from pathlib import Path

from tests.web.conftest import Web

DEFAULT_METHODOLOGY = (
    Path(__file__).resolve().parents[2] / "src/monotown/resources/methodology/default.yaml"
)


def test_results_carry_intervals_and_group_probabilities(demo_web: Web) -> None:
    client = demo_web.client("viewer")
    run = client.get("/api/v1/assessment/runs/latest").json()
    assert run["n_units"] == 27 and run["replications"] == 100
    assert 0.9 < run["synthetic_share"] <= 1.0
    results = client.get("/api/v1/assessment/runs/latest/results", params={"per_page": 100}).json()
    rows = results["items"]
    assert [row["rank"] for row in rows] == list(range(1, 28))
    for row in rows:
        assert (
            row["rank_p05"] <= row["rank"] <= row["rank_p95"]
            or row["rank_p05"] <= row["median_rank"]
        )
        probabilities = [row[key] for key in row if key.startswith("prob_")]
        assert len(probabilities) == 3 and abs(sum(probabilities) - 1) < 1e-6
    low = client.get("/api/v1/assessment/runs/latest/results", params={"group": "low"}).json()
    assert low["total"] == 9 and {row["group"] for row in low["items"]} == {"low"}
    by_index = client.get("/api/v1/assessment/runs/1/results", params={"sort": "index"}).json()
    indexes = [row["index"] for row in by_index["items"]]
    assert indexes == sorted(indexes)
    export = client.get("/api/v1/assessment/runs/latest/results/export").content.decode("utf-8-sig")
    assert export.splitlines()[0].startswith("unit,name,index,rank")
    spread = client.get("/api/v1/assessment/runs/latest/uncertainty").json()
    assert spread["replications"] == 100 and len(spread["ranks"]) == 27
    assert {"median_rank", "rank_p05", "rank_p95", "prob_high"} <= set(spread["ranks"][0])
    assert client.get("/api/v1/assessment/runs/99999").status_code == 404
    assert client.get("/api/v1/assessment/runs/first").status_code == 422


def test_explanation_of_a_town(demo_web: Web) -> None:
    town = demo_web.client("viewer").get("/api/v1/assessment/runs/latest/results/temirtau").json()
    assert town["unit"] == "temirtau" and town["group"] in ("high", "average", "low")
    assert {"pillar", "score", "group_median", "difference"} <= set(town["pillars"][0])
    assert town["strengths"] and town["weaknesses"]
    missing = demo_web.client("viewer").get("/api/v1/assessment/runs/latest/results/atlantis")
    assert missing.status_code == 404


def test_running_with_an_uploaded_methodology_and_comparing(demo_web: Web) -> None:
    analyst = demo_web.client("analyst")
    text = DEFAULT_METHODOLOGY.read_text(encoding="utf-8").replace(
        "name: monotown-default", "name: analyst-variant"
    )
    started = analyst.post(
        "/api/v1/assessment/runs",
        data={"replications": "50", "seed": "3", "label": "variant"},
        files={"methodology": ("variant.yaml", text.encode(), "application/x-yaml")},
    )
    assert started.status_code == 201, started.text
    run = started.json()
    assert run["methodology_name"] == "analyst-variant" and run["label"] == "variant"
    listed = analyst.get("/api/v1/assessment/runs").json()
    assert listed["items"][0]["id"] == run["id"] and listed["total"] == 2
    compared = analyst.get("/api/v1/assessment/compare", params={"a": 1, "b": run["id"]}).json()
    assert len(compared) == 27 and {"rank_change", "group_changed"} <= set(compared[0])
    broken = analyst.post(
        "/api/v1/assessment/runs",
        files={"methodology": ("bad.yaml", b"name: [unclosed", "application/x-yaml")},
    )
    assert broken.status_code == 422 and "bad.yaml" in broken.json()["detail"]
    audit = demo_web.client("admin").get("/api/v1/audit", params={"action": "run"}).json()
    assert audit["items"][0]["user"] == "analyst"


def test_who_may_run_and_delete(demo_web: Web) -> None:
    for user in ("viewer", "karaganda"):
        assert demo_web.client(user).post("/api/v1/assessment/runs").status_code == 403
    assert demo_web.client("analyst").delete("/api/v1/assessment/runs/1").status_code == 403
    assert demo_web.client("admin").delete("/api/v1/assessment/runs/1").status_code == 204
    assert demo_web.client("viewer").get("/api/v1/assessment/runs/1").status_code == 404


def test_warnings_and_criteria(demo_web: Web) -> None:
    client = demo_web.client("viewer")
    warnings = client.get("/api/v1/assessment/warnings").json()
    assert warnings and {"unit", "severity", "title", "message"} <= set(warnings[0])
    criteria = client.get("/api/v1/assessment/criteria", params={"rules": "ru2014"}).json()
    assert criteria and {"unit", "meets", "category"} <= set(criteria[0])
