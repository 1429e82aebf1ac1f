"""What changed between two states of the data, in plain French (« Évolutions » since a committee).

Rows are matched by each dataset's key (``icc.intake.diff.compare``); each change becomes one sentence
naming the row as users know it (its label column) and, for a changed row, each changed column
by its French label with the old and new values as the dashboard shows them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from icc import formatting as fr
from icc.datasets.schema import BOOLEAN, DATASETS, INTEGER, NUMBER, ORDER, Dataset
from icc.intake import diff
from icc.prepared.model import Bundle
from icc.present.panels import figures as headlines
from icc.storage import asof

# How a row of each dataset is named in a sentence (French, with its article's gender).
NOUNS = {
    "communes": ("Nouvelle commune", "Commune retirée", "Commune"),
    "filieres": ("Nouvelle filière", "Filière retirée", "Filière"),
    "chiffres_cles": ("Nouveau chiffre clé", "Chiffre clé retiré", "Chiffre clé"),
    "projets": ("Nouveau grand projet", "Grand projet retiré", "Grand projet"),
    "lieux": ("Nouveau lieu", "Lieu retiré", "Lieu"),
    "evenements": ("Nouvel événement", "Événement retiré", "Événement"),
    "financements": ("Nouveau financement", "Financement retiré", "Financement"),
    "actions": ("Nouvelle action", "Action retirée", "Action"),
    "comites": ("Nouveau comité de pilotage", "Comité de pilotage retiré", "Comité de pilotage"),
}
# Columns that describe provenance rather than the fact itself: listed only if nothing else changed.
QUIET = {"source"}


@dataclass(frozen=True)
class Change:
    dataset: str
    kind: str  # "ajout", "retrait" or "modification"
    key: str
    sentence: str  # French, plain text


def shown(ds: Dataset, column: str, value) -> str:
    """A cell as the dashboard shows it: French numbers, « oui »/« non », « non renseigné » for empty."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "non renseigné"
    kind = ds.field(column).kind
    if kind == BOOLEAN:
        return "oui" if bool(value) else "non"
    if kind == INTEGER:
        return fr.nombre(value)
    if kind == NUMBER:  # exact, not rounded to « 23,2 M€ »: a change of a few euros must show
        return f"{fr.nombre(value, decimals=2)}\u00a0€" if column == "montant_eur" else fr.nombre(value, decimals=6)
    return str(value)


def _name(ds: Dataset, row: pd.Series) -> str:
    label = row.get(ds.label_field)
    key = str(row[ds.key])
    if ds.name == "actions":
        return f"{key} « {label} »" if isinstance(label, str) else key
    return str(label) if isinstance(label, str) and label.strip() else key


def changes(ds: Dataset, old: pd.DataFrame, new: pd.DataFrame) -> list[Change]:
    found = diff.compare(ds, old, new)
    added, removed, noun = NOUNS.get(ds.name, ("Nouvelle ligne", "Ligne retirée", "Ligne"))
    out = [Change(ds.name, "ajout", str(r[ds.key]), f"{added} : {_name(ds, r)}") for _, r in found.added.iterrows()]
    out += [
        Change(ds.name, "retrait", str(r[ds.key]), f"{removed} : {_name(ds, r)}") for _, r in found.removed.iterrows()
    ]
    before = old.set_index(ds.key, drop=False)
    for _, row in found.changed.iterrows():
        key = row[ds.key]
        columns = [c for c in ds.columns if c in found.changed_cells[key]]
        columns = [c for c in columns if c not in QUIET] or columns
        parts = [
            f"{ds.field(c).label.lower()} : {shown(ds, c, before.loc[key, c])} → {shown(ds, c, row[c])}"
            for c in columns
        ]
        out.append(Change(ds.name, "modification", str(key), f"{noun} {_name(ds, row)} : " + " ; ".join(parts)))
    return out


def between(old: dict[str, pd.DataFrame], new: dict[str, pd.DataFrame]) -> list[Change]:
    """Every change from ``old`` to ``new``, dataset by dataset in the usual order."""
    out = []
    for name in ORDER:
        ds = DATASETS[name]
        before = old.get(name, pd.DataFrame(columns=ds.columns))
        after = new.get(name, pd.DataFrame(columns=ds.columns))
        out += changes(ds, before[ds.columns], after[ds.columns])
    return out


def published_by(version, day: dt.date) -> bool:
    """Whether ``version`` was already published at the end of ``day`` (Paris)."""
    created = version.created_at if version.created_at.tzinfo else version.created_at.replace(tzinfo=dt.UTC)
    return created <= asof.end_of_day(day)


def since(then: Bundle, now: Bundle, day: dt.date) -> list[Change]:
    """Every change from the data in force on ``day`` to ``now``.

    ``then`` holds the versions in force that day (icc.ui.data.in_force), a dataset created later
    at its first version: such a dataset did not exist on ``day``, so all its rows are new.
    """
    old = {name: frame for name, frame in then.frames.items() if published_by(then.versions[name], day)}
    return between(old, now.frames)


def counts(found: list[Change]) -> pd.DataFrame:
    """Added, removed and changed rows per dataset (only datasets with a change), in the usual order."""
    rows = [
        {
            "Jeu de données": DATASETS[name].title,
            "Ajouts": sum(c.kind == "ajout" for c in group),
            "Retraits": sum(c.kind == "retrait" for c in group),
            "Modifications": sum(c.kind == "modification" for c in group),
        }
        for name in ORDER
        if (group := [c for c in found if c.dataset == name])
    ]
    return pd.DataFrame(rows, columns=["Jeu de données", "Ajouts", "Retraits", "Modifications"])


def latest_committee(bundle: Bundle, until: dt.date | None = None) -> tuple[dt.date, str] | None:
    """The day and name of the last steering committee recorded (on or before ``until``), if any."""
    comites = bundle["comites"].dropna(subset=["date"])
    days = [(d, str(n)) for d, n in zip(comites["date"].map(asof.parse), comites["nom"], strict=True) if d]
    days = [(d, n) for d, n in days if until is None or d <= until]
    return max(days, key=lambda pair: pair[0]) if days else None


def gap(difference: float | None, kind: str) -> str:
    """« hausse de 10 000 », « baisse de 1 », « inchangé », « non chiffré »: in words, so that no slide or
    file shows a sign neutralised as a formula (« '+10 000 »)."""
    if difference is None:
        return headlines.NON_CHIFFRE
    if difference == 0:
        return "inchangé"
    amount = fr.euros(abs(difference)) if kind == headlines.EUROS else fr.nombre(abs(difference))
    return f"{'hausse' if difference > 0 else 'baisse'} de {amount}"


def headline_changes(then: Bundle, now: Bundle) -> pd.DataFrame:
    """The overview's headline figures then and now, and their difference (empty when either is unknown)."""
    rows = []
    for before, after in zip(headlines.headline(then), headlines.headline(now), strict=True):
        known = before.known and after.known
        difference = after.number - before.number if known else None
        rows.append(
            {
                "Indicateur": after.label,
                "Alors": before.value,
                "Aujourd'hui": after.value,
                "Écart": gap(difference, after.kind),
                "Écart (nombre)": difference,
            }
        )
    return pd.DataFrame(rows)
