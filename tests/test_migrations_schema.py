"""The squashed history is the history: the baseline revision builds the very schema the full
history (0001_foundation ... 0016_value_indexes, commit 5f3df1a) left at its head, on SQLite and
PostgreSQL, sends the same DDL forever, and takes it all down again.

`tests/test_migrations_schema/<backend>.txt` holds, recorded with the full history before it was
squashed (commit d2343ef), the whole schema at 0016_value_indexes (so a failure shows which table
changed), and above it a line per step of the baseline, up and down: the fingerprints of the DDL
statements sent (their exact text) and of the schema after the step. Revisions after the baseline
do not touch it. The steps are recorded again only if the baseline still leaves that schema:

    PYTHONPATH=$PWD/src MONOTOWN_TEST_POSTGRES_URL=... python -m tests.test_migrations_schema
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import event, inspect, text
from sqlalchemy.engine import Connection, Engine

from monotown import migrations
from monotown.db import make_engine
from tests.postgres_databases import PostgresDatabases

FROZEN_HEAD = migrations.BASELINE
SNAPSHOTS = Path(__file__).with_suffix("")
FULL_DUMP_MARK = "== schema at " + FROZEN_HEAD


def revisions_up_to(head: str, engine: Engine) -> list[str]:
    """The revisions from the first to `head`, in the order `upgrade` applies them."""
    script = ScriptDirectory.from_config(migrations.alembic_config(engine))
    return [revision.revision for revision in script.iterate_revisions(head, "base")][::-1]


def _constraints_sorted(sql: str | None) -> str | None:
    """A CREATE TABLE statement with its constraint clauses in sorted order, its columns as they
    stand. Alembic's batch mode (SQLite's ALTER TABLE is a table copy) writes the constraints of
    the copy in the order of a reflected set, which changes from one run to the next."""
    if sql is None:
        return None
    lines = [line.removesuffix(", ") for line in sql.split("\n")]
    clauses = [line for line in lines if line.startswith("\tCONSTRAINT ")]
    rest = [line for line in lines if not line.startswith("\tCONSTRAINT ")]
    return "\n".join(rest[:-1] + sorted(clauses) + rest[-1:])


_CONSTRAINT_WORDS = ("CONSTRAINT ", "PRIMARY KEY", "UNIQUE ", "CHECK ", "FOREIGN KEY")
_QUOTED_NAME = re.compile(r'"([A-Za-z_][A-Za-z0-9_]*)"')


def _top_level_clauses(body: str) -> list[str]:
    """`body` split at the commas outside parentheses and quotes."""
    clauses, depth, quote, start = [], 0, "", 0
    for at, char in enumerate(body):
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "," and depth == 0:
            clauses.append(body[start:at])
            start = at + 1
    return [*clauses, body[start:]]


def _formatting_folded(sql: str) -> str:
    """White space folded to one space, and the quotes of a plain identifier dropped."""
    return _QUOTED_NAME.sub(r"\1", " ".join(sql.split()))


def sqlite_table_text(sql: str) -> str:
    """A CREATE TABLE statement with its formatting normalised and nothing else: a clause a
    line, the columns in their order (the table's column order), then the table constraints
    sorted (SQLite gives their order no meaning). A table the old history rebuilt in batch mode
    or grew by ADD COLUMN differs from a freshly created one in exactly these ways: quotes on its
    name, line breaks, a column appended after the constraint clauses, constraints in another
    order."""
    head, body = sql.split("(", 1)
    clauses = [_formatting_folded(clause) for clause in _top_level_clauses(body.rsplit(")", 1)[0])]
    constraints = sorted(clause for clause in clauses if clause.startswith(_CONSTRAINT_WORDS))
    columns = [clause for clause in clauses if not clause.startswith(_CONSTRAINT_WORDS)]
    return "\n".join(
        [_formatting_folded(head) + " (", *(f"  {c}" for c in columns + constraints), ")"]
    )


def _sqlite_schema(connection: Connection) -> list[str]:
    rows = connection.execute(
        text("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name")
    )
    return [
        f"{kind} {name} on {table}:\n"
        + (sqlite_table_text(sql) if kind == "table" else str(sql and _formatting_folded(sql)))
        for kind, name, table, sql in rows
    ]


def _row_counts(connection: Connection) -> list[str]:
    """How many rows each table holds: seed rows are part of the schema a revision leaves."""
    tables = sorted(inspect(connection).get_table_names())
    counts = (
        connection.execute(text(f'SELECT count(*) FROM "{table}"')).scalar() for table in tables
    )
    return [f"rows {table} {count}" for table, count in zip(tables, counts, strict=True)]


_POSTGRES_COLUMNS = """
SELECT table_name, ordinal_position, column_name, data_type, character_maximum_length,
       numeric_precision, numeric_scale, datetime_precision, is_nullable, column_default
FROM information_schema.columns WHERE table_schema = current_schema()
ORDER BY table_name, ordinal_position
"""
_POSTGRES_CONSTRAINTS = """
SELECT rel.relname, con.conname, con.contype, pg_get_constraintdef(con.oid)
FROM pg_constraint con JOIN pg_class rel ON rel.oid = con.conrelid
WHERE rel.relnamespace = current_schema()::regnamespace
ORDER BY rel.relname, con.conname
"""
_POSTGRES_INDEXES = """
SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()
ORDER BY tablename, indexname
"""
_POSTGRES_SEQUENCES = """
SELECT sequence_name, data_type, start_value, increment FROM information_schema.sequences
WHERE sequence_schema = current_schema() ORDER BY sequence_name
"""


def _postgres_schema(connection: Connection) -> list[str]:
    lines: list[str] = []
    for title, query in (
        ("column", _POSTGRES_COLUMNS),
        ("constraint", _POSTGRES_CONSTRAINTS),
        ("index", _POSTGRES_INDEXES),
        ("sequence", _POSTGRES_SEQUENCES),
    ):
        for row in connection.execute(text(query)):
            fields = ("" if value is None else str(value) for value in row)
            lines.append(f"{title} {' | '.join(fields)}")
    return lines


def schema_dump(engine: Engine) -> str:
    """The database's whole schema as text: SQLite's stored DDL (formatting normalised, see
    `sqlite_table_text`), or PostgreSQL's catalog rows (columns with types and defaults,
    constraints, indexes, sequences), table by table; then the number of rows of each table."""
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            lines = _sqlite_schema(connection)
        else:
            lines = _postgres_schema(connection)
        lines += _row_counts(connection)
    return "\n".join(lines) + "\n"


def fingerprint(dump: str) -> str:
    return hashlib.sha256(dump.encode()).hexdigest()[:16]


DDL_WORDS = ("CREATE", "ALTER", "DROP", "COMMENT")


@contextmanager
def ddl_statements(engine: Engine) -> Iterator[list[str]]:
    """The DDL statements `engine` sends while the block runs, as sent: the exact text the
    migrations issue, not only the schema it leaves. A table copy of Alembic's batch mode
    (`_alembic_tmp_...`) has its constraints in an order that changes between runs: sorted."""
    sent: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if statement.lstrip().upper().startswith(DDL_WORDS):
            is_copy = "_alembic_tmp_" in statement
            sent.append(_constraints_sorted(statement) if is_copy else statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", record)


def _step(engine: Engine, direction: str, revision: str) -> str:
    """Migrate one step; a line naming it with the fingerprint of the DDL sent and of the
    schema left."""
    with ddl_statements(engine) as sent:
        if direction == "up":
            migrations.upgrade(engine, revision)
        else:
            migrations.downgrade(engine, revision)
    ddl = fingerprint("\n".join(sent))
    return f"{direction} {revision} ddl {ddl} schema {fingerprint(schema_dump(engine))}"


def walk_baseline(engine: Engine) -> tuple[list[str], str]:
    """Upgrade an empty database to the baseline and downgrade it to the base; a line per step
    (see `_step`), and the full dump at the baseline."""
    steps = [_step(engine, "up", FROZEN_HEAD)]
    head_dump = schema_dump(engine)
    steps.append(_step(engine, "down", "base"))
    return steps, head_dump


def snapshot_text(steps: list[str], head_dump: str) -> str:
    return "\n".join(steps) + f"\n{FULL_DUMP_MARK}\n" + head_dump


def snapshot_path(backend: str) -> Path:
    return SNAPSHOTS / f"{backend}.txt"


def recorded(backend: str) -> tuple[list[str], str]:
    """The recorded steps of the baseline and the schema the full history left at its head."""
    steps, head_dump = (
        snapshot_path(backend).read_text(encoding="utf-8").split(f"\n{FULL_DUMP_MARK}\n", 1)
    )
    return steps.splitlines(), head_dump


def objects_left(engine: Engine) -> list[str]:
    """What the database holds besides Alembic's (empty) version table: tables, indexes,
    sequences, types, rows."""
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            query = "SELECT name FROM sqlite_master WHERE tbl_name <> 'alembic_version'"
        else:
            query = (
                "SELECT relname FROM pg_class WHERE relnamespace = current_schema()::regnamespace"
                " AND relname NOT IN ('alembic_version', 'alembic_version_pkc')"
                " UNION ALL SELECT typname FROM pg_type"
                " WHERE typnamespace = current_schema()::regnamespace"
                " AND typname NOT IN ('alembic_version', '_alembic_version')"
            )
        left = [str(name) for name in connection.execute(text(query)).scalars()]
        versions = connection.execute(text("SELECT count(*) FROM alembic_version")).scalar()
    return left + ([f"{versions} alembic_version rows"] if versions else [])


def test_the_baseline_builds_the_schema_the_full_history_left(empty_db_url: str) -> None:
    engine = make_engine(empty_db_url)
    try:
        steps, head_dump = walk_baseline(engine)
        left = objects_left(engine)
        recorded_steps, recorded_head = recorded(engine.dialect.name)
    finally:
        engine.dispose()
    assert head_dump == recorded_head
    assert steps == recorded_steps
    assert left == []


def test_every_revision_goes_up_and_down_one_at_a_time(empty_db_url: str) -> None:
    """The baseline and every revision after it, one step at a time up to the head and down to
    an empty database, which can be built again."""
    engine = make_engine(empty_db_url)
    try:
        revisions = revisions_up_to("heads", engine)
        assert revisions[0] == FROZEN_HEAD
        for revision in revisions:
            migrations.upgrade(engine, revision)
            assert migrations.current_revisions(engine) == {revision}
        for revision in [*revisions[-2::-1], "base"]:
            migrations.downgrade(engine, revision)
        assert objects_left(engine) == []
        migrations.upgrade(engine)
        assert migrations.is_up_to_date(engine)
    finally:
        engine.dispose()


def _record(url: str) -> None:
    engine = make_engine(url)
    try:
        steps, head_dump = walk_baseline(engine)
        backend = engine.dialect.name
    finally:
        engine.dispose()
    path = snapshot_path(backend)
    if head_dump != recorded(backend)[1]:
        sys.exit(
            f"{path}: the baseline no longer leaves the schema the full history left; not recorded"
        )
    path.write_text(snapshot_text(steps, head_dump), encoding="utf-8")
    print(f"recorded {path}")


def _record_on_postgres(server_url: str) -> None:
    """Record on a database of its own, created empty and dropped afterwards."""
    databases = PostgresDatabases(server_url)
    database = databases.new_name()
    try:
        _record(databases.create(database))
    finally:
        databases.drop(database)
        databases.close()


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as folder:
        _record(f"sqlite:///{folder}/schema.sqlite")
    postgres = os.environ.get("MONOTOWN_TEST_POSTGRES_URL")
    if postgres:
        _record_on_postgres(postgres)
    else:
        print("MONOTOWN_TEST_POSTGRES_URL is not set: PostgreSQL not recorded", file=sys.stderr)
