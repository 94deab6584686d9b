"""Files uploaded for import, kept between the preview and the user's confirm or cancel.

They are stored in the database rather than on one worker's disk, so whichever server process
receives the confirmation can finish the import. An upload belongs to the user who sent it and is
removed once imported or cancelled, or after a day.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import Boolean, DateTime, Integer, LargeBinary, String, delete, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from monotown.db import Base
from monotown.errors import InputError, NotFoundError, TooLargeError
from monotown.models.columns import AFTER_ID, Keyed
from monotown.records.limits import BODY_MB, body_limit_bytes
from monotown.records.provenance import utcnow

KEEP_UPLOADS = dt.timedelta(days=1)
FORMATS = {".csv": "csv", ".xlsx": "xlsx", ".json": "json"}


class UserToken(Keyed):
    """A row a user's page names by an unguessable token (an upload, its import job): only
    that user's requests may see it."""

    token: Mapped[str] = mapped_column(String(64), unique=True, sort_order=AFTER_ID)
    username: Mapped[str] = mapped_column(String(80), sort_order=AFTER_ID)


class Upload(UserToken, Base):
    """One uploaded file awaiting confirmation."""

    __tablename__ = "web_upload"

    kind: Mapped[str] = mapped_column(String(32))
    layout: Mapped[str] = mapped_column(String(16), default="auto")
    replace_values: Mapped[bool] = mapped_column(Boolean, default=False)
    format: Mapped[str] = mapped_column(String(16))
    file_name: Mapped[str] = mapped_column(String(300))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)


def file_format(file_name: str) -> str:
    """'csv', 'xlsx' or 'json' from the file name; anything else is refused."""
    suffix = "." + file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    if suffix not in FORMATS:
        raise InputError("use a .csv, .xlsx or DHIS2 .json file", file=file_name, field="file")
    return FORMATS[suffix]


def check_size(content: bytes, name: str) -> None:
    if not content:
        raise InputError("the file is empty", file=name, field="file")
    if len(content) > body_limit_bytes():
        reason = f"the file is larger than {BODY_MB.describe()}"
        raise TooLargeError(reason, file=name, field="file")


def save_upload(
    session: Session,
    *,
    username: str,
    kind: str,
    file_name: str,
    content: bytes,
    layout: str = "auto",
    replace_values: bool = False,
) -> Upload:
    """Keep an uploaded file (and forget uploads older than a day)."""
    name = (file_name or "upload").replace("\\", "/").rsplit("/", 1)[-1][:300] or "upload"
    check_size(content, name)
    session.execute(delete(Upload).where(Upload.created_at < utcnow() - KEEP_UPLOADS))
    upload = Upload(
        token=secrets.token_urlsafe(24),
        username=username,
        kind=kind,
        layout=layout,
        replace_values=replace_values,
        format=file_format(name),
        file_name=name,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        content=content,
    )
    session.add(upload)
    session.flush()
    return upload


def get_upload(session: Session, token: str, username: str) -> Upload:
    """The user's own pending upload (others' uploads are invisible: same 404)."""
    upload = session.scalars(select(Upload).where(Upload.token == token)).one_or_none()
    if upload is None or upload.username != username:
        raise NotFoundError("no such upload: it was imported, cancelled or is older than a day")
    return upload


def discard_upload(session: Session, upload: Upload) -> None:
    session.delete(upload)
    session.flush()
