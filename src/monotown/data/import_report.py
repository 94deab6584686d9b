"""The values import's report: the records layer's one `ImportReport`, plus what only a values
file has, with the names the report had before kept as aliases (read and written through)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from monotown.errors import Problem
from monotown.records import imports as records_imports

T = TypeVar("T")


class Alias(Generic[T]):
    """An older name of a report field, read and written through."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, report: object, owner: type | None = None) -> T:
        value: T = getattr(report, self.name)
        return value

    def __set__(self, report: object, value: T) -> None:
        setattr(report, self.name, value)


@dataclass
class ImportReport(records_imports.ImportReport):
    """What a values import found and did: the records layer's one report shape, plus what only a
    values file has (its SHA-256 and format, every problem's count and its coded form).

    `status`: committed (written as batch `batch_id`), no-op (everything already stored),
    rejected (problems found, nothing written) or dry-run (checked only, nothing written).
    `skipped` counts the invalid values; `problems` lists the first problems (the limit of the
    import), `n_issues` counts all of them. The names this report had before its counts joined
    the one shape (`file_name`, `rows_total`, `n_new`, `n_changed`, `n_unchanged`, `n_invalid`)
    stay as aliases.
    """

    kind: str = "values"
    file: str = ""
    sha256: str | None = None
    format: str = ""
    n_issues: int = 0
    coded: list[Problem] = field(default_factory=list)

    file_name = Alias[str]("file")
    rows_total = Alias[int]("rows")
    n_new = Alias[int]("created")
    n_changed = Alias[int]("updated")
    n_unchanged = Alias[int]("unchanged")
    n_invalid = Alias[int]("skipped")

    @property
    def issues(self) -> list[Problem]:
        """The problems with their codes (`conflict`, `invalid`...)."""
        return self.coded

    @issues.setter
    def issues(self, issues: list[Problem]) -> None:
        self.coded = list(issues)
        self.problems = list(self.coded)

    @property
    def ok(self) -> bool:
        return self.n_issues == 0

    @property
    def written(self) -> bool:
        return self.status == "committed"

    def to_dict(self) -> dict[str, Any]:
        """The one shape's data (`issues` as row, column, value, reason, code)."""
        data = super().to_dict()
        data.pop("coded")
        data["issues"] = [one.coded() for one in self.coded]
        aliases = [name for name, value in vars(ImportReport).items() if isinstance(value, Alias)]
        data.update({name: getattr(self, name) for name in aliases})
        data.update(ok=self.ok, written=self.written)
        return data

    def as_records_report(self, kind: str = "values") -> records_imports.ImportReport:
        """The plain one shape, what only values have in `details` (a rejected file keeps
        status `rejected`: its problems refuse it, nothing was written)."""
        return records_imports.ImportReport(
            kind=kind, file=self.file, status=self.status, rows=self.rows, created=self.created,
            updated=self.updated, unchanged=self.unchanged, skipped=self.skipped,
            problems=list(self.problems), warnings=list(self.warnings), batch_id=self.batch_id,
            dry_run=self.status == "dry-run",
            details={"sha256": self.sha256, "format": self.format, "issues": self.n_issues},
        )  # fmt: skip
