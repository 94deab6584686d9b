"""Baseline tables of the assessment: stored runs (methodology, input snapshot), their results
per unit and the tables a run keeps whole (input, design, replications, convergence)."""

from __future__ import annotations

from monotown.migrations import ddl


def tables() -> list[ddl.Table]:
    return [
        ddl.table(
            "assessment_run",
            ddl.timestamp("created_at"),
            ddl.string(120, "user"),
            ddl.string(200, "label", null=True),
            ddl.string(16, "source"),
            ddl.integer("period", null=True),
            ddl.string(200, "methodology_name"),
            ddl.text("methodology_yaml"),
            ddl.string(64, "methodology_hash", "input_snapshot"),
            ddl.integer("max_batch_id", null=True),
            ddl.integer("n_units", "n_indicators", "replications"),
            ddl.integer("seed", null=True),
            ddl.real("seconds", null=True),
            ddl.json("weights"),
            ddl.json("dropped", "treatment", "sensitivity", null=True),
            ddl.text("note", null=True),
            checks={
                "source_known": "source IN ('database', 'file')",
                "counts": "n_units >= 0 AND n_indicators >= 0 AND replications >= 0",
            },
            indexes=["created_at", "methodology_hash", "period"],
        ),
        ddl.table(
            "assessment_result",
            ddl.key("run_id", "assessment_run", ondelete="CASCADE", indexed=True),
            ddl.string(64, "unit_code"),
            ddl.string(200, "unit_name"),
            ddl.real("score", null=True),
            ddl.integer("rank", null=True),
            ddl.string(60, "group_name", null=True),
            ddl.real("coverage", null=True),
            ddl.boolean("flagged"),
            ddl.json("pillars", "indicators", "imputed"),
            ddl.real("median_rank", "rank_p05", "rank_p95", null=True),
            ddl.json("group_probabilities", null=True),
            checks={
                "coverage": "coverage IS NULL OR (coverage >= 0 AND coverage <= 1)",
                "rank_positive": "rank IS NULL OR rank >= 1",
            },
            unique_together=[("run_id", "unit_code")],
        ),
        ddl.table(
            "assessment_artifact",
            ddl.key("run_id", "assessment_run", ondelete="CASCADE", indexed=True),
            ddl.string(32, "kind"),
            ddl.string(64, "media_type"),
            ddl.integer("rows"),
            ddl.blob("content"),
            checks={"kind_known": "kind IN ('input', 'design', 'replications', 'convergence')"},
            unique_together=[("run_id", "kind")],
        ),
    ]
