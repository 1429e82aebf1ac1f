"""Built-in accounts: passwords hashed with argon2, roles, sign-in recorded in the audit log.

Create the first administrator with:
    .venv/bin/python -m icc.storage.accounts creer-admin NOM   (password asked, or ICC_ADMIN_PASSWORD)
"""

from __future__ import annotations

import getpass
import os
import sys
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Engine

from icc import settings
from icc.storage import passwords, store

EDITOR, ADMIN = "editeur", "administrateur"
ROLES = {EDITOR: "Éditeur", ADMIN: "Administrateur"}
MIN_PASSWORD = passwords.MIN_LENGTH
_hasher = PasswordHasher()
# Verified when the account does not exist, so an unknown name costs the same argon2 work
# as a wrong password (no user enumeration by timing).
_DUMMY_HASH = _hasher.hash("compte inexistant : aucun mot de passe ne convient")


@dataclass(frozen=True)
class User:
    username: str
    role: str

    @property
    def can_edit(self) -> bool:
        return self.role in (EDITOR, ADMIN)

    @property
    def is_admin(self) -> bool:
        return self.role == ADMIN


class AccountError(ValueError):
    """French message for the person managing accounts."""


def create(engine: Engine, username: str, password: str, role: str, by: str) -> User:
    username = username.strip()
    if not username:
        raise AccountError("Le nom d'utilisateur est vide.")
    if role not in ROLES:
        raise AccountError(f"Rôle inconnu « {role} » ; attendu : {', '.join(ROLES)}.")
    try:
        passwords.check(password, username)
    except passwords.WeakPassword as exc:
        raise AccountError(str(exc)) from None
    store.init(engine)
    with engine.begin() as conn:
        if conn.execute(select(store.users.c.username).where(store.users.c.username == username)).first():
            raise AccountError(f"Le compte « {username} » existe déjà.")
        conn.execute(
            insert(store.users).values(
                username=username, password_hash=_hasher.hash(password), role=role, created_at=store.now()
            )
        )
        store.log(conn, by, "création de compte", detail=f"{username} ({ROLES[role]})")
    return User(username, role)


def authenticate(engine: Engine, username: str, password: str, detail: str = "") -> User | None:
    """The user if the password matches; every attempt is recorded.

    An unknown name is checked against a dummy hash: same argon2 work, same answer time.
    """
    with engine.begin() as conn:
        row = conn.execute(select(store.users).where(store.users.c.username == username.strip())).first()
        try:
            ok = _hasher.verify(row.password_hash if row is not None else _DUMMY_HASH, password)
            ok = ok and row is not None
        except (VerificationError, InvalidHashError):
            ok = False
        action = "connexion" if ok else "échec de connexion"
        store.log(conn, username.strip()[:200] or "?", action, detail=detail)
        if ok and _hasher.check_needs_rehash(row.password_hash):
            conn.execute(
                update(store.users)
                .where(store.users.c.username == row.username)
                .values(password_hash=_hasher.hash(password))
            )
    return User(row.username, row.role) if ok else None


def role_of(engine: Engine, username: str) -> str | None:
    with engine.connect() as conn:
        return conn.execute(select(store.users.c.role).where(store.users.c.username == username)).scalar()


def list_users(engine: Engine) -> list[User]:
    with engine.connect() as conn:
        rows = conn.execute(select(store.users.c.username, store.users.c.role).order_by(store.users.c.username))
        return [User(r.username, r.role) for r in rows]


def remove(engine: Engine, username: str, by: str) -> None:
    with engine.begin() as conn:
        conn.execute(delete(store.users).where(store.users.c.username == username))
        store.log(conn, by, "suppression de compte", detail=username)
    store.close_sessions_of(engine, username)


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] != "creer-admin":
        print("usage : python -m icc.storage.accounts creer-admin NOM", file=sys.stderr)
        return 2
    password = os.environ.get("ICC_ADMIN_PASSWORD") or getpass.getpass("Mot de passe : ")
    engine = store.make_engine(settings.load().database_url)
    try:
        create(engine, argv[1], password, ADMIN, by="ligne de commande")
    except AccountError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"Compte administrateur « {argv[1]} » créé.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
