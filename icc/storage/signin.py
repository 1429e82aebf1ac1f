"""Sign-in with throttling: per account and per address, a growing delay, then a temporary lock.

Failures are kept in the store, so every app process behind the load balancer sees them.
After half the allowed failures each new one makes the next attempt wait 1, 2, 4… seconds;
at the limit the account (or the address, at three times the limit) is locked for
``login_lock_seconds``. While a wait or a lock holds, no password is checked, not even the
right one. Every attempt, refused or not, goes to the audit log.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.engine import Engine

from icc.storage import accounts, store

ADDRESS_FACTOR = 3  # an address (many staff behind one NAT) may fail this many times more
MAX_DELAY = 60


@dataclass(frozen=True)
class Policy:
    max_failures: int = 10
    lock_seconds: int = 900


@dataclass(frozen=True)
class Outcome:
    user: accounts.User | None
    message: str = ""  # French, for the person signing in
    retry_after: int = 0  # seconds before another attempt is considered


WRONG = "Nom d'utilisateur ou mot de passe incorrect."


def delay_after(failures: int, limit: int) -> float:
    """Seconds to wait after ``failures`` consecutive failures (before the lock)."""
    free = limit // 2
    if failures <= free:
        return 0.0
    return float(min(2 ** (failures - free - 1), MAX_DELAY))


def _live(f: store.Failures | None, policy: Policy, now: datetime) -> store.Failures | None:
    """Failures still counted: forgotten after a released lock or a quiet period."""
    if f is None:
        return None
    if f.locked_until is not None and f.locked_until <= now:
        return None
    if f.locked_until is None and f.last_failure_at + timedelta(seconds=policy.lock_seconds) <= now:
        return None
    return f


def _minutes(seconds: float) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return f"{minutes} minute{'s' if minutes > 1 else ''}"


def sign_in(
    engine: Engine, username: str, password: str, address: str, policy: Policy, now: datetime | None = None
) -> Outcome:
    clock = now
    name = username.strip()[:200]
    limits = {f"compte:{name}": policy.max_failures, f"adresse:{address}": policy.max_failures * ADDRESS_FACTOR}
    now = now or store.now()
    state = {k: _live(f, policy, now) for k, f in store.failures_of(engine, list(limits)).items()}

    wait, locked = 0.0, False
    for key, limit in limits.items():
        f = state.get(key)
        if f is None:
            continue
        if f.locked_until is not None:
            wait, locked = max(wait, (f.locked_until - now).total_seconds()), True
        else:
            ready = f.last_failure_at + timedelta(seconds=delay_after(f.failures, limit))
            wait = max(wait, (ready - now).total_seconds())
    if wait > 0:
        retry = math.ceil(wait)
        if locked:
            message = f"Trop d'échecs de connexion : nouvel essai possible dans {_minutes(wait)}."
        else:
            message = f"Tentatives trop rapprochées : patientez {retry} seconde{'s' if retry > 1 else ''}."
        store.log_event(
            engine, name or "?", "connexion refusée", f"{'verrou' if locked else 'délai'}, adresse {address}"
        )
        return Outcome(None, message, retry)

    user = accounts.authenticate(engine, name, password, detail=f"adresse {address}")
    if user is not None:
        store.clear_failures(engine, f"compte:{name}")
        return Outcome(user)
    if clock is None:
        now = store.now()  # the delay runs from the answer, not from the start of the check

    lock_now, retry = False, 0.0
    for key, limit in limits.items():
        f = state.get(key)
        count = 1 if f is None else f.failures + 1
        locked_until = now + timedelta(seconds=policy.lock_seconds) if count >= limit else None
        store.record_failure(engine, key, count, now, locked_until)
        if locked_until is not None:
            lock_now, retry = True, max(retry, policy.lock_seconds)
        else:
            retry = max(retry, delay_after(count, limit))
    if lock_now:
        return Outcome(None, f"{WRONG} Trop d'échecs : nouvel essai possible dans {_minutes(retry)}.", int(retry))
    return Outcome(None, WRONG, math.ceil(retry))
