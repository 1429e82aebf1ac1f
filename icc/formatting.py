"""French formatting of numbers, amounts and dates (Babel, locale fr_FR)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from babel import Locale
from babel.dates import format_date, format_datetime
from babel.numbers import format_compact_decimal, format_decimal, format_percent

# Parsed once: Babel re-reads a locale given by name on every call.
LOCALE = Locale.parse("fr_FR")
PARIS = "Europe/Paris"


def _missing(value) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value))


def nombre(value, decimals: int = 0) -> str:
    """``150 000``, ``4,4``; an empty string for a missing value."""
    if _missing(value):
        return ""
    return format_decimal(value, format=f"#,##0.{'#' * decimals}" if decimals else "#,##0", locale=LOCALE)


def euros(value) -> str:
    """``250 000 €`` below a million, ``211,5 M€`` and ``1,2 Md€`` above."""
    if _missing(value):
        return ""
    if abs(value) < 1_000_000:
        return f"{nombre(value)}\u00a0€"
    return f"{format_compact_decimal(value, format_type='short', locale=LOCALE, fraction_digits=1)}€"


def pourcentage(ratio) -> str:
    return "" if _missing(ratio) else format_percent(ratio, locale=LOCALE)


def is_true(value) -> bool:
    """A nullable boolean cell as a plain bool (missing is False; numpy booleans are not ``True``)."""
    return not _missing(value) and bool(value)


# What « env. » means, stated once wherever an approximate figure is shown.
APPROX_NOTE = "« env. » : ordre de grandeur (la feuille de route dit « près de », « environ », « plus de »)."


def approx(text: str, approximatif) -> str:
    """Prefix an approximate figure the way the roadmap does."""
    return f"env. {text}" if is_true(approximatif) and text else text


def date(value) -> str:
    """``25 oct. 2024``."""
    if _missing(value):
        return ""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    return format_date(value, format="medium", locale=LOCALE)


def mois(value) -> str:
    """``oct. 2024``."""
    if _missing(value):
        return ""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    return format_date(value, format="MMM y", locale=LOCALE)


def date_heure(value: dt.datetime) -> str:
    """``25 oct. 2024 à 14:03`` in Paris time."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return format_datetime(value, "d MMM y 'à' HH:mm", tzinfo=PARIS, locale=LOCALE)
