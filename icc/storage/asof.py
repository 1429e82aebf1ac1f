"""« Données au … »: the dashboard as it stood on a past day (``?au=AAAA-MM-JJ``)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from babel.dates import format_date

from icc.datasets.schema import DATASETS

PARIS = ZoneInfo("Europe/Paris")  # a day means a day in the Métropole, not in UTC


def parse(value: str | None) -> dt.date | None:
    """The day asked for in the URL; None for today or for anything that is not a date."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        return None


def end_of_day(day: dt.date) -> dt.datetime:
    """The last instant of ``day`` in Paris, in UTC as the store keeps it."""
    midnight = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tzinfo=PARIS)
    return (midnight - dt.timedelta(microseconds=1)).astimezone(dt.UTC)


def long_date(day: dt.date | str) -> str:
    """« 12 mars 2025 »."""
    return format_date(dt.date.fromisoformat(str(day)), format="long", locale="fr_FR")


def banner(day: dt.date, versions: dict) -> str:
    """« Données au 12 mars 2025 (versions : Lieux v2, …) », from the versions actually read."""
    listed = ", ".join(f"{DATASETS[name].title} v{v.number}" for name, v in versions.items() if name in DATASETS)
    return f"Données au {long_date(day)} (versions : {listed})"
