"""Built-in sign-in sessions: a random token in a signed cookie, its record in the store.

The browser holds ``sign(token)``; the store holds SHA-256(token), the account and an expiry.
A request is signed in only while the signature holds, the record is neither revoked nor
expired, and the account still exists: a Streamlit session id alone carries no identity.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy.engine import Engine

from icc.storage import accounts, store

COOKIE = "icc_session"
_SALT = "icc-session"


def _serializer(secret: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt=_SALT)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def open_session(engine: Engine, username: str, secret: str, hours: float) -> tuple[str, datetime]:
    """A new session for ``username``: the cookie value and its expiry."""
    token = secrets.token_urlsafe(32)
    expires = store.now() + timedelta(hours=hours)
    store.open_session(engine, _hash(token), username, expires)
    return _serializer(secret).dumps(token), expires


def _token(cookie: str | None, secret: str, hours: float) -> str | None:
    if not cookie:
        return None
    try:
        token = _serializer(secret).loads(cookie, max_age=int(hours * 3600))
    except BadSignature:  # also SignatureExpired
        return None
    return token if isinstance(token, str) else None


def user_for(engine: Engine, cookie: str | None, secret: str, hours: float) -> accounts.User | None:
    """The account a cookie value signs in, or None."""
    token = _token(cookie, secret, hours)
    if token is None:
        return None
    found = store.session_account(engine, _hash(token))
    return accounts.User(*found) if found else None


def close_session(engine: Engine, cookie: str | None, secret: str, hours: float) -> str | None:
    """Revoke the session a cookie value names; the username it was for."""
    token = _token(cookie, secret, hours)
    return store.close_session(engine, _hash(token)) if token else None
