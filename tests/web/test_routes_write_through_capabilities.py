"""No route handler writes to the database itself: the web package (routers, pages, views) adds,
deletes, merges or runs INSERT/UPDATE/DELETE statements only through capability functions, which
check the input, keep the audit log and make the write undoable."""

from __future__ import annotations

import ast
from pathlib import Path

import monotown.web

WRITE_METHODS = frozenset({"add", "add_all", "delete", "merge", "bulk_save_objects",
                           "bulk_insert_mappings", "bulk_update_mappings"})  # fmt: skip
WRITE_STATEMENTS = frozenset({"insert", "update", "delete"})


def _writes(tree: ast.AST) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("sqlalchemy"):
            found += [f"imports sqlalchemy.{a.name}" for a in node.names
                      if a.name in WRITE_STATEMENTS]  # fmt: skip
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in WRITE_METHODS
            and isinstance(node.func.value, ast.Name)
            and "session" in node.func.value.id
        ):
            found.append(f"calls {node.func.value.id}.{node.func.attr}() at line {node.lineno}")
    return found


def test_the_web_package_writes_only_through_capability_functions() -> None:
    root = Path(monotown.web.__file__).parent
    offences = {
        str(path.relative_to(root)): writes
        for path in sorted(root.rglob("*.py"))
        if (writes := _writes(ast.parse(path.read_text(encoding="utf-8"))))
    }
    assert offences == {}


def test_the_check_sees_a_direct_write() -> None:
    handler = "def create(session, row):\n    session.add(row)\n    session.flush()\n"
    assert _writes(ast.parse(handler)) == ["calls session.add() at line 2"]
    assert _writes(ast.parse("from sqlalchemy import update, select\n")) == [
        "imports sqlalchemy.update"
    ]
