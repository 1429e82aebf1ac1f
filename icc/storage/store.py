"""Versioned storage of the datasets (SQLAlchemy: SQLite by default, PostgreSQL in production).

Each dataset is a series of immutable versions. A pointer names the current one;
publishing inserts the new version and moves the pointer in one transaction, and
only if the pointer still names the version the editor started from.
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pandas as pd
from sqlalchemy import (
    Column,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Engine

from icc.datasets.schema import BOOLEAN, DATASETS, PANDAS_DTYPES, Dataset

metadata = MetaData()

versions = Table(
    "dataset_versions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("dataset", String(64), nullable=False, index=True),
    Column("number", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("author", String(200), nullable=False),
    Column("comment", Text, nullable=False, default=""),
    Column("checksum", String(64), nullable=False),
    Column("row_count", Integer, nullable=False),
    Column("content", Text, nullable=False),  # canonical CSV
    UniqueConstraint("dataset", "number"),
)

current = Table(
    "current_versions",
    metadata,
    Column("dataset", String(64), primary_key=True),
    Column("version_id", Integer, ForeignKey("dataset_versions.id"), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

audit = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("user", String(200), nullable=False),
    Column("action", String(40), nullable=False),
    Column("dataset", String(64)),
    Column("version_id", Integer),
    Column("detail", Text, nullable=False, default=""),
)

users = Table(
    "users",
    metadata,
    Column("username", String(200), primary_key=True),
    Column("password_hash", String(300), nullable=False),
    Column("role", String(20), nullable=False),  # "editeur" or "administrateur"
    Column("created_at", DateTime(timezone=True), nullable=False),
)


class StaleVersion(RuntimeError):
    """The current version moved since the editor loaded it."""


@dataclass(frozen=True)
class Version:
    id: int
    dataset: str
    number: int
    created_at: datetime
    author: str
    comment: str
    checksum: str
    row_count: int


def now() -> datetime:
    return datetime.now(UTC)


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite:///"):
        from pathlib import Path

        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        # Several app processes may share the file: wait for the writer instead of failing.
        return create_engine(url, connect_args={"timeout": 30})
    return create_engine(url, pool_pre_ping=True)


def init(engine: Engine) -> None:
    metadata.create_all(engine)


# --- canonical CSV: the stored form of a version ------------------------------------


def to_canonical_csv(ds: Dataset, frame: pd.DataFrame) -> str:
    out = frame[ds.columns].copy()
    for f in ds.fields:
        if f.kind == BOOLEAN:
            out[f.name] = out[f.name].map(lambda v: "" if pd.isna(v) else ("true" if v else "false"))
    buffer = io.StringIO()
    out.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue()


def from_canonical_csv(ds: Dataset, text: str) -> pd.DataFrame:
    raw = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    frame = pd.DataFrame(index=raw.index)
    for f in ds.fields:
        col = raw[f.name].replace("", None)
        if f.kind == BOOLEAN:
            col = col.map({"true": True, "false": False})
        frame[f.name] = col.astype(PANDAS_DTYPES[f.kind])
    return frame


def checksum(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --- reads ----------------------------------------------------------------------------


def _version(row) -> Version:
    return Version(
        row.id, row.dataset, row.number, row.created_at, row.author, row.comment, row.checksum, row.row_count
    )


_VERSION_COLUMNS = [c for c in versions.c if c.name != "content"]


def current_versions(engine: Engine) -> dict[str, Version]:
    """The current version of each dataset: one cheap query, run on every page view."""
    query = select(*_VERSION_COLUMNS).join(current, current.c.version_id == versions.c.id)
    with engine.connect() as conn:
        return {row.dataset: _version(row) for row in conn.execute(query)}


def versions_at(engine: Engine, moment: datetime) -> dict[str, Version]:
    """The version of each dataset in force at ``moment``: its last publication or restoration before then.

    A restoration publishes the old content again as a new version, so the newest version created
    before ``moment`` is the one that was shown then. Datasets that did not exist yet are absent.
    """
    latest = (
        select(versions.c.dataset, func.max(versions.c.number).label("number"))
        .where(versions.c.created_at <= moment)
        .group_by(versions.c.dataset)
        .subquery()
    )
    query = select(*_VERSION_COLUMNS).join(
        latest, (versions.c.dataset == latest.c.dataset) & (versions.c.number == latest.c.number)
    )
    with engine.connect() as conn:
        return {row.dataset: _version(row) for row in conn.execute(query)}


def history(engine: Engine, dataset: str) -> list[Version]:
    query = select(*_VERSION_COLUMNS).where(versions.c.dataset == dataset).order_by(versions.c.number.desc())
    with engine.connect() as conn:
        return [_version(row) for row in conn.execute(query)]


def read_version(engine: Engine, version_id: int) -> pd.DataFrame:
    with engine.connect() as conn:
        row = conn.execute(select(versions.c.dataset, versions.c.content).where(versions.c.id == version_id)).one()
    return from_canonical_csv(DATASETS[row.dataset], row.content)


def audit_entries(engine: Engine, limit: int = 200) -> pd.DataFrame:
    query = select(audit).order_by(audit.c.id.desc()).limit(limit)
    with engine.connect() as conn:
        return pd.DataFrame(conn.execute(query).mappings().all(), columns=[c.name for c in audit.c])


# --- writes ---------------------------------------------------------------------------


def log(conn, user: str, action: str, dataset: str | None = None, version_id: int | None = None, detail: str = ""):
    conn.execute(
        insert(audit).values(at=now(), user=user, action=action, dataset=dataset, version_id=version_id, detail=detail)
    )


def publish(
    engine: Engine,
    dataset: str,
    frame: pd.DataFrame,
    author: str,
    comment: str,
    expected_version_id: int | None,
    action: str = "publication",
) -> Version:
    """Store ``frame`` as the new current version of ``dataset``, atomically.

    ``expected_version_id`` is the current version the editor started from (None for
    the first version); if another version was published meanwhile, StaleVersion is
    raised and nothing is written.
    """
    ds = DATASETS[dataset]
    content = to_canonical_csv(ds, frame)
    with engine.begin() as conn:
        number = (
            conn.execute(
                select(func.coalesce(func.max(versions.c.number), 0)).where(versions.c.dataset == dataset)
            ).scalar_one()
        ) + 1
        created = now()
        version_id = conn.execute(
            insert(versions).values(
                dataset=dataset,
                number=number,
                created_at=created,
                author=author,
                comment=comment,
                checksum=checksum(content),
                row_count=len(frame),
                content=content,
            )
        ).inserted_primary_key[0]
        if expected_version_id is None:
            exists = conn.execute(select(current.c.version_id).where(current.c.dataset == dataset)).first()
            if exists is not None:
                raise StaleVersion(dataset)
            conn.execute(insert(current).values(dataset=dataset, version_id=version_id, updated_at=created))
        else:
            # Compare-and-swap: only moves the pointer if nobody else moved it.
            moved = conn.execute(
                update(current)
                .where(current.c.dataset == dataset, current.c.version_id == expected_version_id)
                .values(version_id=version_id, updated_at=created)
            ).rowcount
            if moved != 1:
                raise StaleVersion(dataset)
        log(conn, author, action, dataset, version_id, comment)
    return Version(version_id, dataset, number, created, author, comment, checksum(content), len(frame))


def restore(engine: Engine, version_id: int, author: str, expected_version_id: int) -> Version:
    """Publish an old version again as a new one, so the history stays whole."""
    with engine.connect() as conn:
        old = conn.execute(select(versions.c.dataset, versions.c.number).where(versions.c.id == version_id)).one()
    frame = read_version(engine, version_id)
    return publish(
        engine,
        old.dataset,
        frame,
        author,
        f"Restauration de la version {old.number}",
        expected_version_id,
        action="restauration",
    )


# --- drafts of in-place edits: kept server-side per user and dataset --------------------

drafts = Table(
    "edit_drafts",
    metadata,
    Column("username", String(200), primary_key=True),
    Column("dataset", String(64), primary_key=True),
    # The version the draft was started from: publishing is refused once another one is current.
    Column("base_version_id", Integer, ForeignKey("dataset_versions.id"), nullable=False),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("content", Text, nullable=False),  # the edited table as text cells (JSON)
)


@dataclass(frozen=True)
class Draft:
    username: str
    dataset: str
    base_version_id: int
    started_at: datetime
    updated_at: datetime
    content: str


def save_draft(engine: Engine, username: str, dataset: str, base_version_id: int, content: str) -> None:
    """Create or update the draft of ``username`` for ``dataset`` (its start date stays)."""
    moment = now()
    with engine.begin() as conn:
        values = {"base_version_id": base_version_id, "updated_at": moment, "content": content}
        where = (drafts.c.username == username) & (drafts.c.dataset == dataset)
        if conn.execute(update(drafts).where(where).values(**values)).rowcount == 0:
            conn.execute(insert(drafts).values(username=username, dataset=dataset, started_at=moment, **values))


def draft_of(engine: Engine, username: str, dataset: str) -> Draft | None:
    with engine.connect() as conn:
        row = conn.execute(select(drafts).where(drafts.c.username == username, drafts.c.dataset == dataset)).first()
    if row is None:
        return None
    return Draft(
        row.username, row.dataset, row.base_version_id, _aware(row.started_at), _aware(row.updated_at), row.content
    )


def drop_draft(engine: Engine, username: str, dataset: str) -> None:
    with engine.begin() as conn:
        conn.execute(drafts.delete().where(drafts.c.username == username, drafts.c.dataset == dataset))


# --- drafts of imports (a Ministry extract and the answers « Même festival ? » given so far) --------

import_drafts = Table(
    "import_drafts",
    metadata,
    Column("username", String(200), primary_key=True),
    Column("dataset", String(64), primary_key=True),
    Column("filename", String(300), nullable=False),
    Column("content", LargeBinary, nullable=False),  # the file as sent
    Column("extrait_du", String(10), nullable=False, default=""),  # ISO date of the extract, "" when not given
    Column("answers", Text, nullable=False, default="{}"),  # JSON: question key -> answer
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)


@dataclass(frozen=True)
class ImportDraft:
    username: str
    dataset: str
    filename: str
    content: bytes
    extrait_du: str
    answers: dict[str, str]
    started_at: datetime
    updated_at: datetime


def save_import_draft(
    engine: Engine, username: str, dataset: str, filename: str, content: bytes, extrait_du: str, answers: dict
) -> None:
    """Create or replace the import ``username`` has under way for ``dataset`` (a reload keeps it)."""
    moment = now()
    values = {
        "filename": filename,
        "content": content,
        "extrait_du": extrait_du,
        "answers": json.dumps(answers, ensure_ascii=False, sort_keys=True),
        "updated_at": moment,
    }
    with engine.begin() as conn:
        where = (import_drafts.c.username == username) & (import_drafts.c.dataset == dataset)
        if conn.execute(update(import_drafts).where(where).values(**values)).rowcount == 0:
            conn.execute(insert(import_drafts).values(username=username, dataset=dataset, started_at=moment, **values))


def save_import_answers(engine: Engine, username: str, dataset: str, answers: dict, extrait_du: str) -> None:
    """The answers (and extract date) of the import under way, its file unchanged."""
    with engine.begin() as conn:
        where = (import_drafts.c.username == username) & (import_drafts.c.dataset == dataset)
        conn.execute(
            update(import_drafts)
            .where(where)
            .values(
                answers=json.dumps(answers, ensure_ascii=False, sort_keys=True), extrait_du=extrait_du, updated_at=now()
            )
        )


def import_draft_of(engine: Engine, username: str, dataset: str) -> ImportDraft | None:
    with engine.connect() as conn:
        row = conn.execute(
            select(import_drafts).where(import_drafts.c.username == username, import_drafts.c.dataset == dataset)
        ).first()
    if row is None:
        return None
    answers = json.loads(row.answers or "{}")
    return ImportDraft(
        row.username,
        row.dataset,
        row.filename,
        bytes(row.content),
        row.extrait_du or "",
        {str(k): str(v) for k, v in answers.items()} if isinstance(answers, dict) else {},
        _aware(row.started_at),
        _aware(row.updated_at),
    )


def drop_import_draft(engine: Engine, username: str, dataset: str) -> None:
    with engine.begin() as conn:
        conn.execute(
            import_drafts.delete().where(import_drafts.c.username == username, import_drafts.c.dataset == dataset)
        )


def versions_since(engine: Engine, dataset: str, version_id: int) -> list[Version]:
    """Versions of ``dataset`` published after ``version_id``, oldest first (who published what, when)."""
    number = select(versions.c.number).where(versions.c.id == version_id).scalar_subquery()
    query = (
        select(*_VERSION_COLUMNS)
        .where(versions.c.dataset == dataset, versions.c.number > number)
        .order_by(versions.c.number)
    )
    with engine.connect() as conn:
        return [_version(row) for row in conn.execute(query)]


# --- signed-in sessions (cookie-bound) and sign-in throttling ------------------------

sessions = Table(
    "signin_sessions",
    metadata,
    # SHA-256 of the random token carried by the browser's cookie: a leaked table opens no session.
    Column("token_hash", String(64), primary_key=True),
    Column("username", String(200), nullable=False, index=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True)),
)

signin_failures = Table(
    "signin_failures",
    metadata,
    Column("key", String(260), primary_key=True),  # "compte:<name>" or "adresse:<ip>"
    Column("failures", Integer, nullable=False),
    Column("last_failure_at", DateTime(timezone=True), nullable=False),
    Column("locked_until", DateTime(timezone=True)),
)


def _aware(value: datetime | None) -> datetime | None:
    """SQLite gives naive datetimes back: they were stored in UTC."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def open_session(engine: Engine, token_hash: str, username: str, expires_at: datetime) -> None:
    with engine.begin() as conn:
        # Records of sessions ended more than a day ago serve nobody: drop them as we go.
        conn.execute(sessions.delete().where(sessions.c.expires_at < now() - timedelta(days=1)))
        conn.execute(
            insert(sessions).values(token_hash=token_hash, username=username, created_at=now(), expires_at=expires_at)
        )


def session_account(engine: Engine, token_hash: str) -> tuple[str, str] | None:
    """(username, role) of a live session: not revoked, not expired, account still there."""
    query = (
        select(users.c.username, users.c.role, sessions.c.expires_at)
        .join(users, users.c.username == sessions.c.username)
        .where(sessions.c.token_hash == token_hash, sessions.c.revoked_at.is_(None))
    )
    with engine.connect() as conn:
        row = conn.execute(query).first()
    if row is None or _aware(row.expires_at) <= now():
        return None
    return row.username, row.role


def close_session(engine: Engine, token_hash: str) -> str | None:
    """Revoke a session; the username it belonged to, if it was live."""
    with engine.begin() as conn:
        row = conn.execute(
            select(sessions.c.username).where(sessions.c.token_hash == token_hash, sessions.c.revoked_at.is_(None))
        ).first()
        if row is None:
            return None
        conn.execute(update(sessions).where(sessions.c.token_hash == token_hash).values(revoked_at=now()))
    return row.username


def close_sessions_of(engine: Engine, username: str) -> None:
    """Revoke every session of an account (removed account, changed password)."""
    with engine.begin() as conn:
        conn.execute(
            update(sessions)
            .where(sessions.c.username == username, sessions.c.revoked_at.is_(None))
            .values(revoked_at=now())
        )


@dataclass(frozen=True)
class Failures:
    failures: int
    last_failure_at: datetime
    locked_until: datetime | None


def failures_of(engine: Engine, keys: list[str]) -> dict[str, Failures]:
    with engine.connect() as conn:
        rows = conn.execute(select(signin_failures).where(signin_failures.c.key.in_(keys)))
        return {r.key: Failures(r.failures, _aware(r.last_failure_at), _aware(r.locked_until)) for r in rows}


def record_failure(engine: Engine, key: str, failures: int, at: datetime, locked_until: datetime | None) -> None:
    with engine.begin() as conn:
        values = {"failures": failures, "last_failure_at": at, "locked_until": locked_until}
        if conn.execute(update(signin_failures).where(signin_failures.c.key == key).values(**values)).rowcount == 0:
            conn.execute(insert(signin_failures).values(key=key, **values))


def clear_failures(engine: Engine, key: str) -> None:
    with engine.begin() as conn:
        conn.execute(signin_failures.delete().where(signin_failures.c.key == key))


def log_event(engine: Engine, user: str, action: str, detail: str = "") -> None:
    with engine.begin() as conn:
        log(conn, user, action, detail=detail)


def live_sessions(engine: Engine) -> list[tuple[str, datetime, datetime]]:
    """(username, opened, expires) of every session neither revoked nor expired, newest first."""
    query = (
        select(sessions.c.username, sessions.c.created_at, sessions.c.expires_at)
        .where(sessions.c.revoked_at.is_(None))
        .order_by(sessions.c.created_at.desc())
    )
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    moment = now()
    return [(r.username, _aware(r.created_at), _aware(r.expires_at)) for r in rows if _aware(r.expires_at) > moment]
