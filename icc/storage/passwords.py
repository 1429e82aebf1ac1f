"""Password policy for built-in accounts: long enough, not blank, not guessable.

Strength is estimated by zxcvbn (Dropbox's estimator, maintained port): repeated characters,
sequences, keyboard patterns, common passwords and the account name all count as guessable.
"""

from __future__ import annotations

from zxcvbn import zxcvbn

MIN_LENGTH = 12
MIN_SCORE = 3  # zxcvbn's scale 0–4: 3 is « safely unguessable » for an online attack


class WeakPassword(ValueError):
    """French message for the person choosing the password."""


def check(password: str, username: str = "") -> None:
    """Raise WeakPassword with a French reason when ``password`` is refused."""
    if not password.strip():
        raise WeakPassword("Le mot de passe est vide ou ne contient que des espaces.")
    if len(password) < MIN_LENGTH:
        raise WeakPassword(f"Le mot de passe doit faire au moins {MIN_LENGTH} caractères.")
    if len(set(password.strip())) < 4:
        raise WeakPassword("Le mot de passe répète trop peu de caractères différents.")
    if username and username.strip().lower() in password.lower():
        raise WeakPassword("Le mot de passe ne doit pas contenir le nom d'utilisateur.")
    if zxcvbn(password, user_inputs=[username] if username else [])["score"] < MIN_SCORE:
        raise WeakPassword(
            "Le mot de passe est trop facile à deviner (répétition, suite, mot courant) : "
            "choisissez par exemple une phrase de plusieurs mots."
        )
