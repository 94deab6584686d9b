"""The key that signs session cookies, shared by every server process through the database."""

from __future__ import annotations

import secrets

from sqlalchemy import inspect
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from monotown.accounts.models import WebSecret
from monotown.db import session_scope

SESSION_KEY_NAME = "session_signing_key"


def session_signing_key(engine: Engine) -> str:
    """The stored key, created on first use; a process-local key if the schema is missing yet."""
    if not inspect(engine).has_table(WebSecret.__tablename__):
        return secrets.token_urlsafe(48)
    with session_scope(engine) as session:
        found = session.get(WebSecret, SESSION_KEY_NAME)
        if found is not None:
            return found.value
    try:
        with session_scope(engine) as session:
            session.add(WebSecret(name=SESSION_KEY_NAME, value=secrets.token_urlsafe(48)))
    except IntegrityError:
        pass  # another worker created it at the same moment; use theirs
    with session_scope(engine) as session:
        return session.get_one(WebSecret, SESSION_KEY_NAME).value
