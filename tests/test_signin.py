"""Password policy and sign-in throttling, on the store (SQLite and PostgreSQL), with a chosen clock."""

from __future__ import annotations

from datetime import timedelta

import pytest

from icc.storage import accounts, passwords, signin, store

GOOD = "une phrase de passe solide"


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("            ", "vide ou ne contient que des espaces"),
        ("", "vide"),
        ("court", "au moins 12 caractères"),
        ("aaaaaaaaaaaa", "trop peu de caractères différents"),
        ("abababababababab", "trop peu de caractères différents"),
        ("abcdabcdabcd", "trop facile à deviner"),
        ("azertyuiop12", "trop facile à deviner"),
        ("motdepasse123", "trop facile à deviner"),
        ("agent.culture2026!", "nom d'utilisateur"),
    ],
)
def test_weak_passwords_are_refused_in_french(password, reason):
    with pytest.raises(passwords.WeakPassword, match=reason):
        passwords.check(password, "agent.culture")


def test_a_passphrase_is_accepted(engine):
    passwords.check(GOOD, "agent.culture")
    accounts.create(engine, "agent.culture", GOOD, accounts.EDITOR, by="test")
    with pytest.raises(accounts.AccountError, match="espaces"):
        accounts.create(engine, "autre", " " * 12, accounts.EDITOR, by="test")


POLICY = signin.Policy(max_failures=4, lock_seconds=60)


def _attempt(engine, name, password, address, at):
    return signin.sign_in(engine, name, password, address, POLICY, now=at)


def test_an_account_is_delayed_then_locked_then_released(engine):
    accounts.create(engine, "agent", GOOD, accounts.EDITOR, by="test")
    t = store.now()
    assert _attempt(engine, "agent", "faux", "10.0.0.1", t).retry_after == 0
    assert _attempt(engine, "agent", "faux", "10.0.0.1", t).retry_after == 0
    assert _attempt(engine, "agent", "faux", "10.0.0.1", t).retry_after == 1
    refused = _attempt(engine, "agent", GOOD, "10.0.0.1", t + timedelta(seconds=0.5))
    assert refused.user is None and "patientez" in refused.message
    # From another address too: the lock belongs to the account.
    assert _attempt(engine, "agent", GOOD, "10.0.0.2", t + timedelta(seconds=0.5)).user is None
    fourth = _attempt(engine, "agent", "faux", "10.0.0.1", t + timedelta(seconds=2))
    assert "Trop d'échecs" in fourth.message and fourth.retry_after == 60
    assert _attempt(engine, "agent", GOOD, "10.0.0.3", t + timedelta(seconds=50)).user is None
    released = _attempt(engine, "agent", GOOD, "10.0.0.3", t + timedelta(seconds=63))
    assert released.user == accounts.User("agent", accounts.EDITOR)
    # A success forgets the account's failures.
    assert _attempt(engine, "agent", "faux", "10.0.0.3", t + timedelta(seconds=64)).retry_after == 0


def test_an_address_trying_many_names_is_locked(engine):
    accounts.create(engine, "agent", GOOD, accounts.EDITOR, by="test")
    t = store.now()
    limit = 4 * signin.ADDRESS_FACTOR
    for i in range(limit):
        t += timedelta(seconds=signin.delay_after(i, limit) + 0.1)  # each attempt waits the delay asked
        outcome = _attempt(engine, f"nom.{i}", "faux", "10.9.9.9", t)
        assert outcome.user is None
    assert "Trop d'échecs" in outcome.message
    # The right password of a real account, from that address, waits for the lock's end…
    assert _attempt(engine, "agent", GOOD, "10.9.9.9", t + timedelta(seconds=1)).user is None
    # …while the account itself is not locked for people elsewhere.
    assert _attempt(engine, "agent", GOOD, "10.1.1.1", t + timedelta(seconds=1)).user is not None


def test_failures_are_forgotten_after_a_quiet_period(engine):
    t = store.now()
    for _ in range(3):
        _attempt(engine, "x", "faux", "10.0.0.1", t)
    assert _attempt(engine, "x", "faux", "10.0.0.1", t + timedelta(seconds=61)).retry_after == 0


def test_every_attempt_is_in_the_audit_log(engine):
    accounts.create(engine, "agent", GOOD, accounts.EDITOR, by="test")
    t = store.now()
    _attempt(engine, "agent", GOOD, "10.0.0.1", t)
    _attempt(engine, "inconnu", "faux", "10.0.0.1", t)
    for _ in range(3):
        _attempt(engine, "agent", "faux", "10.0.0.1", t)
    _attempt(engine, "agent", GOOD, "10.0.0.1", t)  # refused: delay
    log = store.audit_entries(engine)
    actions = list(zip(log["user"], log["action"], strict=True))[::-1]
    assert actions[-6:] == [
        ("agent", "connexion"),
        ("inconnu", "échec de connexion"),
        ("agent", "échec de connexion"),
        ("agent", "échec de connexion"),
        ("agent", "échec de connexion"),
        ("agent", "connexion refusée"),
    ]
    assert log.iloc[0]["detail"].startswith("délai, adresse 10.0.0.1")
