"""Baseline tables of the assessment: stored runs (methodology, input snapshot), their results
per unit and the tables a run keeps whole (input, design, replications, convergence)."""

from __future__ import annotations

from monotown.migrations.ddl import (
    Table,
    blob,
    boolean,
    integer,
    json,
    key,
    real,
    string,
    table,
    text,
    timestamp,
)


def tables() -> list[Table]:
    return [
        table(
            "assessment_run",
            timestamp("created_at"),
            string(120, "user"),
            string(200, "label", null=True),
            string(16, "source"),
            integer("period", null=True),
            string(200, "methodology_name"),
            text("methodology_yaml"),
            string(64, "methodology_hash", "input_snapshot"),
            integer("max_batch_id", null=True),
            integer("n_units", "n_indicators", "replications"),
            integer("seed", null=True),
            real("seconds", null=True),
            json("weights"),
            json("dropped", "treatment", "sensitivity", null=True),
            text("note", null=True),
            checks={
                "source_known": "source IN ('database', 'file')",
                "counts": "n_units >= 0 AND n_indicators >= 0 AND replications >= 0",
            },
            indexes=["created_at", "methodology_hash", "period"],
        ),
        table(
            "assessment_result",
            key("run_id", "assessment_run", ondelete="CASCADE", indexed=True),
            string(64, "unit_code"),
            string(200, "unit_name"),
            real("score", null=True),
            integer("rank", null=True),
            string(60, "group_name", null=True),
            real("coverage", null=True),
            boolean("flagged"),
            json("pillars", "indicators", "imputed"),
            real("median_rank", "rank_p05", "rank_p95", null=True),
            json("group_probabilities", null=True),
            checks={
                "coverage": "coverage IS NULL OR (coverage >= 0 AND coverage <= 1)",
                "rank_positive": "rank IS NULL OR rank >= 1",
            },
            unique_together=[("run_id", "unit_code")],
        ),
        table(
            "assessment_artifact",
            key("run_id", "assessment_run", ondelete="CASCADE", indexed=True),
            string(32, "kind"),
            string(64, "media_type"),
            integer("rows"),
            blob("content"),
            checks={"kind_known": "kind IN ('input', 'design', 'replications', 'convergence')"},
            unique_together=[("run_id", "kind")],
        ),
    ]
