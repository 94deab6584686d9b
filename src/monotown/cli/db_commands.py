"""`monotown db ...` and `monotown data load-reference`: schema and bundled data."""

from __future__ import annotations

import typer
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from monotown import migrations
from monotown.cli.output import console
from monotown.cli.session import open_session
from monotown.data import catalog_is_empty, load_catalog, load_demo_data, value_count
from monotown.db import get_engine, session_scope
from monotown.errors import MonotownError
from monotown.planner_statistics import keep_statistics
from monotown.program import facts_loaded as program_facts_loaded
from monotown.program import load_facts as load_program_facts
from monotown.program.demo import demo_wanted as program_demo_wanted
from monotown.program.demo import load_demo as load_program_demo
from monotown.records.kinds import Actor
from monotown.records.provenance import audit, current_user
from monotown.registry import LoadReport, load_reference, registry_is_empty

db_app = typer.Typer(help="Create, upgrade or reset the database schema.", no_args_is_help=True)
data_app = typer.Typer(help="Load bundled data.", no_args_is_help=True)


def _where() -> str:
    return get_engine().url.render_as_string(hide_password=True)


@db_app.command("upgrade")
def upgrade() -> None:
    """Create the database or bring it to the newest schema."""
    upgrade_schema(get_engine())
    typer.echo(f"database at {_where()} is up to date")


def upgrade_schema(engine: Engine) -> None:
    """Migrate to the newest schema; a new index, or a table an upgrade filled, gets the
    planner statistics it lacks (`keep_statistics`)."""
    migrations.upgrade(engine)
    with session_scope(engine) as session:
        keep_statistics(session)


@db_app.command("downgrade")
def downgrade(
    revision: str = typer.Argument("base", help="Target revision ('base' drops everything)."),
) -> None:
    """Step the schema back to an older revision."""
    migrations.downgrade(get_engine(), revision)
    typer.echo(f"database at {_where()} downgraded to {revision}")


@db_app.command("current")
def current() -> None:
    """Print the schema revision the database is on."""
    engine = get_engine()
    revisions = sorted(migrations.current_revisions(engine)) or ["(empty)"]
    state = "up to date" if migrations.is_up_to_date(engine) else "needs 'monotown db upgrade'"
    typer.echo(f"{', '.join(revisions)} ({state})")


@db_app.command("reset")
def reset(
    yes: bool = typer.Option(False, "--yes", help="Confirm that every stored record is deleted."),
) -> None:
    """Drop every table and recreate an empty schema."""
    if not yes:
        raise MonotownError("'db reset' deletes every stored record; add --yes to confirm")
    engine = get_engine()
    migrations.downgrade(engine, "base")
    upgrade_schema(engine)
    typer.echo(f"database at {_where()} reset to an empty schema")


@data_app.command("load-reference")
def load_reference_command(
    if_empty: bool = typer.Option(
        False, "--if-empty", help="Load only when the registry holds no settlement yet."
    ),
) -> None:
    """Load the bundled reference data (regions, towns, enterprises, list membership)."""
    with open_session() as session:
        if if_empty and not registry_is_empty(session):
            typer.echo("reference data already loaded; nothing to do")
            return
        report = load_reference_audited(session, origin="cli")
    summary = ", ".join(
        f"{count} {name.replace('_', ' ')}" for name, count in report.counts.items()
    )
    console().print(f"reference data loaded: {summary}")


def load_reference_audited(session: Session, *, origin: str) -> LoadReport:
    """Load the bundled reference data and record the load, with the resulting counts, in the
    audit log (every write is audited, and the web app's read cache watches the log)."""
    report = load_reference(session)
    audit(
        session,
        Actor(current_user(), origin),
        "import",
        "reference_data",
        "bundled",
        new=report.counts,
    )
    return report


def ensure_database_ready(url: str = "http://127.0.0.1:8000") -> None:
    """Used by `serve`: upgrade an old schema; seed an empty registry, catalog and value store,
    load the bundled program facts if missing and the synthetic program demo records; create a
    first administrator if there is none and print how to sign in.

    An empty value store gets the demo data (flagged synthetic) and a first assessment run, so
    the dashboard is never empty.
    """
    from monotown.cli.users import ensure_first_admin

    engine = get_engine()
    upgrade_schema(engine)
    with session_scope(engine) as session:
        if registry_is_empty(session):
            load_reference_audited(session, origin="system")
        if catalog_is_empty(session):
            load_catalog(session)
        if not value_count(session):
            load_demo_data(session)
    with session_scope(engine) as session:
        if not program_facts_loaded(session):
            load_program_facts(session)
        if program_demo_wanted(session):
            load_program_demo(session)
    seed_assessment(engine)
    with session_scope(engine) as session:  # what the loads above wrote
        keep_statistics(session)
    ensure_first_admin(url)


# The dashboard shows ranks with uncertainty intervals: the first run includes a Monte Carlo.
START_UP_REPLICATIONS = 200
START_UP_SEED = 20260101


def seed_assessment(engine: Engine) -> None:
    """A first assessment run on the stored values, so the dashboard has rankings to show."""
    from monotown.assess import store
    from monotown.assess.runs import run_from_database

    try:
        with session_scope(engine) as session:
            if not store.count_runs(session) and value_count(session):
                run_from_database(
                    session,
                    replications=START_UP_REPLICATIONS,
                    seed=START_UP_SEED,
                    origin="system",
                    label="first run at start-up",
                )
    except MonotownError as error:  # too little data to assess is no reason not to serve
        console().print(f"assessment not run at start-up: {error.message}")
