"""The synthetic filter is spelled `--records all|real|synthetic` on every command that has one;
`monotown export`'s old `--synthetic/--no-synthetic` still works, hidden."""

from __future__ import annotations

import csv
from pathlib import Path

from monotown.cli import app
from tests.conftest import Cli


def _flags(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [row["flag"] for row in csv.DictReader(handle)]


def _with_real_and_synthetic_values(cli: Cli, tmp_path: Path) -> None:
    assert cli("indicators", "load").exit_code == 0
    values = tmp_path / "values.csv"
    values.write_text(
        "settlement,indicator,period,value,flag\n"
        "Temirtau,pop_total,2024,170000,official\n"
        "Temirtau,pop_total,2023,169000,synthetic\n"
        "Satpayev,pop_total,2024,70000,synthetic\n"
    )
    result = cli("import", str(values))
    assert result.exit_code == 0, result.stderr


def test_export_keeps_all_real_or_synthetic_values(cli: Cli, tmp_path: Path) -> None:
    _with_real_and_synthetic_values(cli, tmp_path)
    expected = {
        ("--records", "all"): ["official", "synthetic", "synthetic"],
        ("--records", "real"): ["official"],
        ("--records", "synthetic"): ["synthetic", "synthetic"],
        ("--no-synthetic",): ["official"],
        ("--synthetic",): ["official", "synthetic", "synthetic"],
    }
    for options, flags in expected.items():
        out = tmp_path / "out.csv"
        result = cli("export", "-o", str(out), *options)
        assert result.exit_code == 0, (options, result.stderr)
        assert sorted(_flags(out)) == flags, options


def test_synthetic_alone_needs_a_layout_that_marks_it(cli: Cli, tmp_path: Path) -> None:
    _with_real_and_synthetic_values(cli, tmp_path)
    out = tmp_path / "wide.csv"
    result = cli("export", "-o", str(out), "--wide", "--records", "synthetic")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: field 'records' value 'synthetic': the wide layout")
    assert not out.exists()
    both = cli("export", "-o", str(out), "--records", "real", "--no-synthetic")
    assert both.exit_code == 1 and "give --records alone" in both.stderr


def _options(command: object) -> list[tuple[str, ...]]:
    params = getattr(command, "params", [])
    return [tuple(param.opts) for param in params if not getattr(param, "hidden", False)]


def test_no_visible_option_spells_the_filter_another_way() -> None:
    import typer.main

    root = typer.main.get_command(app)
    seen: list[str] = []

    def walk(command: object, path: str) -> None:
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, f"{path} {name}")
        for opts in _options(command):
            for opt in opts:
                if "synthetic" in opt or "real" in opt or "demo-only" in opt:
                    seen.append(f"{path}: {opt}")

    walk(root, "monotown")
    assert seen == []
