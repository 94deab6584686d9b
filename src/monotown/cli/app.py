"""The root Typer app; user errors are caught here once and printed as one line."""

from __future__ import annotations

import sys
from typing import Any

import typer
from sqlalchemy.exc import OperationalError
from typer.core import TyperGroup

from monotown.errors import DatabaseNotReadyError, MonotownError


class MonotownGroup(TyperGroup):
    """Renders MonotownError as `error: ...` on stderr with the error's exit code."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except MonotownError as error:
            typer.echo(f"error: {error.message}", err=True)
            raise typer.Exit(error.exit_code) from None
        except OperationalError as error:
            reason = str(error.orig).splitlines()[0] if error.orig else str(error)
            message = DatabaseNotReadyError(f"database unavailable: {reason}").message
            typer.echo(f"error: {message}", err=True)
            raise typer.Exit(1) from None


app = typer.Typer(
    cls=MonotownGroup,
    help="Monotown: an observatory for single-industry towns.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _register() -> None:
    # Each capability contributes its commands; the imports are here so `app` exists first.
    from monotown import catalog

    catalog.install()
    from monotown.cli import (
        assess,
        db_commands,
        events,
        export,
        imports,
        indicators,
        intake,
        program,
        records,
        report,
        serve,
        standards,
        towns,
        users,
    )

    app.add_typer(db_commands.db_app, name="db")
    app.add_typer(db_commands.data_app, name="data")
    app.add_typer(towns.towns_app, name="towns")
    app.add_typer(report.report_app, name="report")
    app.add_typer(users.users_app, name="users")
    app.add_typer(assess.assess_app, name="assess")
    app.command("serve")(serve.serve)
    app.command("intake")(intake.intake_command)
    app.add_typer(indicators.indicators_app, name="indicators")
    app.command("import")(imports.import_command)
    app.add_typer(imports.imports_app, name="imports")
    app.command("export")(export.export_command)
    db_commands.data_app.command("load-demo")(imports.load_demo_command)
    db_commands.data_app.command("dhis2-org-units")(imports.dhis2_org_units_command)
    program.register(app)
    app.add_typer(standards.standards_app, name="standards")
    app.add_typer(events.events_app, name="events")
    app.command("bodies")(events.list_bodies)
    app.add_typer(records.records_app, name="records")
    _add_kind_commands(records)


def _add_kind_commands(records: Any) -> None:
    """Every kind's group gets `export` and `delete` from the kinds table; kinds with no group
    of their own (regions, enterprises) get one."""
    from monotown import catalog

    groups = {
        info.name: info.typer_instance for info in app.registered_groups if info.typer_instance
    }
    own = {"settlements": "towns"}
    for kind in catalog.kinds():
        group = groups.get(own.get(kind.key, kind.key))
        if group is not None:
            records.add_kind_commands(group, kind)
        elif kind.key in ("regions", "enterprises"):
            app.add_typer(records.kind_group(kind), name=kind.key)


_register()


def main() -> None:
    app(prog_name="monotown")
    sys.exit(0)
