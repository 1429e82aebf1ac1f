"""What a museum's attendance reads, on the map and in a portrait: its figure for the latest year,
or why it has none (« fermé en 2021 », « non communiqué en 2021 », « compté avec … en 2021 »),
and its trend since its first year with a figure.

The numbers are icc.prepared.aggregations.frequentation's (``by_museum``, ``museum_trend``); this
module only puts them side by side, one row per museum, and writes them in French.
"""

from __future__ import annotations

import pandas as pd

from icc import formatting as fr
from icc.datasets.schema import COMPTE_AVEC, FERME, NON_COMMUNIQUE
from icc.prepared.aggregations import frequentation as fq

COLUMNS = [
    "lieu",
    "lieu_nom",
    "commune",
    "commune_code",
    "annee_reference",  # the latest year with a figure in the data shown (the same for every museum)
    "total",  # the museum's total that year (NaN: none, see « etat »)
    "etat",  # French: « 6 249 entrées en 2021 », « fermé en 2021 »…
    "derniere_annee",  # the museum's own latest year with a figure (NaN: never one)
    "dernier_total",
    "premiere_annee",
    "premier_total",
]


def _names(ids, names: pd.Series) -> str:
    found = [str(names.get(i.strip(), i.strip())) for i in str(ids).split(";") if i.strip()]
    return ", ".join(found)


def entrees(value) -> str:
    n = float(value)
    return f"{fr.nombre(n)} entrée{'s' if n > 1 else ''}"


def reference_year(whole: pd.DataFrame, first: int | None = None, last: int | None = None) -> int | None:
    """The latest year with a figure among all the museums (``whole``: the rows before any filter
    of place or family), within the years chosen: the year every museum's figure is read for, so
    that a museum without one that year says why, wherever the page is looking."""
    years = pd.to_numeric(whole["annee"], errors="coerce")
    keep = pd.to_numeric(whole["total"], errors="coerce").notna()
    if first is not None:
        keep &= years >= first
    if last is not None:
        keep &= years <= last
    return int(years[keep].max()) if keep.any() else None


def status(frame: pd.DataFrame, names: pd.Series | None = None, year: int | None = None) -> pd.DataFrame:
    """One row per museum of ``frame`` (yearly rows of ``frequentation_lieux``): its figure for
    ``year`` (by default the latest year with a figure in ``frame``; see ``reference_year``), or
    why it has none, and its first and latest figures.

    ``names``: place names by id, to name the museum another is counted with (its id otherwise)."""
    if frame.empty:
        return pd.DataFrame(columns=COLUMNS)
    names = names if names is not None else pd.Series(dtype="object")
    head = {"annee": year} if year is not None else fq.latest(frame)
    museums = pd.Index(frame["lieu"].dropna().astype(str).unique(), name="lieu")
    trend = fq.museum_trend(frame).set_index("lieu")
    out = frame.drop_duplicates("lieu").set_index("lieu").reindex(museums)[["lieu_nom", "commune", "commune_code"]]
    out["derniere_annee"] = trend["annee"].reindex(museums).astype("Float64")
    out["dernier_total"] = trend["total"].reindex(museums).astype("float64")
    out["premiere_annee"] = trend["premiere_annee"].reindex(museums).astype("Float64")
    out["premier_total"] = trend["premier_total"].reindex(museums).astype("float64")
    if head is None:  # no figure in any year shown
        year = int(pd.to_numeric(frame["annee"], errors="coerce").max())
        that_year = pd.DataFrame(columns=["total", "chiffre_manquant", "compte_avec"])
    else:
        year = head["annee"]
        that_year = fq.by_museum(frame, year).drop_duplicates("lieu").set_index("lieu")
    out["annee_reference"] = year
    out["total"] = that_year["total"].reindex(museums).astype("float64")
    missing = that_year["chiffre_manquant"].reindex(museums)
    partners = that_year["compte_avec"].reindex(museums)
    states = []
    for lieu, total, why, other in zip(museums, out["total"], missing, partners, strict=True):
        if not pd.isna(total):
            states.append(f"{entrees(total)} en {year}")
        elif why == FERME:
            states.append(f"fermé en {year}")
        elif why == COMPTE_AVEC:
            who = _names(other, names) if not pd.isna(other) else ""
            states.append(f"compté avec {who} en {year}" if who else f"compté avec un autre musée en {year}")
        elif why == NON_COMMUNIQUE or lieu in that_year.index:
            states.append(f"non communiqué en {year}")
        else:
            states.append(f"pas de chiffre en {year}")
    out["etat"] = states
    return out.reset_index()[COLUMNS]


def last_known(row) -> str:
    """« dernier chiffre : 12 345 entrées en 2018 » for a museum without a figure in the reference
    year ("" when it has one then, or none ever)."""
    if not pd.isna(row["total"]) or pd.isna(row["derniere_annee"]):
        return ""
    return f"dernier chiffre : {entrees(row['dernier_total'])} en {int(row['derniere_annee'])}"


def trend(row) -> str:
    """« −15 % depuis 2002 »: the latest figure against the first, in words (short: a phone's column)."""
    if pd.isna(row["derniere_annee"]):
        return "aucun chiffre"
    first, last = int(row["premiere_annee"]), int(row["derniere_annee"])
    if first == last:
        return "un seul chiffre"
    before, now = float(row["premier_total"]), float(row["dernier_total"])
    if before <= 0:
        return f"de 0 en {first} à {fr.nombre(now)}"
    change = now / before - 1
    if round(change, 2) == 0:
        return f"stable depuis {first}"
    sign = "+" if change > 0 else "−"
    return f"{sign}{fr.pourcentage(abs(change))} depuis {first}"
