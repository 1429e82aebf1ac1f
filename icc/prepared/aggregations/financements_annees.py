"""Funding year by year, read as the data states it and never more precisely.

Each envelope is counted once (top-level rows, icc.prepared.aggregations.financements.roots). Its years are
``annee_debut``…``annee_fin``; a missing end year means a single year, as everywhere else in the
dashboard (icc.prepared.aggregations.financements.years).

- a per-year amount (``annuel``) counts in each year of its period;
- a one-off amount (``ponctuel``) counts in its year when its period is one year; over several
  years, how it is spread is not known: it is listed apart, never divided;
- an amount whose years are unknown is listed apart, with that reason.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from icc.prepared.aggregations.financements import roots

PLACED, APART = "placé", "à part"


COLUMNS = [
    "id",
    "beneficiaire",
    "programme",
    "montant_eur",
    "recurrence",
    "statut",
    "approximatif",
    "premiere",
    "derniere",
    "place",
    "lecture",
]


def reading(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per top-level envelope: where it goes on the timeline and why (French, for the table).

    Columns: id, beneficiaire, programme, montant_eur, recurrence, statut, approximatif,
    premiere, derniere (years, or NA), place (PLACED or APART), lecture (French sentence).
    """
    top = roots(frame)
    start, end = top["annee_debut"].astype("Int64"), top["annee_fin"].astype("Int64")
    first = start.fillna(end)
    last = end.fillna(start)
    last = last.where(last.isna() | (last >= first), first)
    known = first.notna().to_numpy(dtype=bool)
    yearly = (top["recurrence"] == "annuel").to_numpy(dtype=bool)
    only = (start.isna() | end.isna()).to_numpy(dtype=bool)  # one of the two years is missing
    several = (last > first).fillna(False).to_numpy(dtype=bool)
    f, lt = first.astype(str), last.astype(str)
    which = pd.Series(["de fin" if s else "de début" for s in start.notna()], index=top.index)
    texts = [
        pd.Series("années non renseignées : sur aucune année", index=top.index),
        "par an, année " + which + " non renseignée : compté en " + f + " seulement",
        "par an, compté chaque année de " + f + " à " + lt,
        "par an, en " + f,
        "montant total sur " + f + "–" + lt + " : sa répartition par année n'est pas connue",
        "montant total, compté en " + f + " (seule année renseignée)",
        "montant total, compté en " + f,
    ]
    conditions = [~known, yearly & only, yearly & several, yearly, several, only, np.ones(len(top), dtype=bool)]
    lecture = np.select(conditions, [t.to_numpy(dtype=object) for t in texts], default="")
    placed = known & (yearly | ~several)
    approx = top["approximatif"] if "approximatif" in top.columns else pd.Series(False, index=top.index)
    out = pd.DataFrame(
        {
            "id": top["id"].to_numpy(),
            "beneficiaire": top["beneficiaire"].to_numpy(),
            "programme": top["programme"].to_numpy(),
            "montant_eur": top["montant_eur"].to_numpy(),
            "recurrence": top["recurrence"].to_numpy(),
            "statut": top["statut"].to_numpy(),
            "approximatif": approx.fillna(False).astype(bool).to_numpy(),
            "premiere": first.to_numpy(),
            "derniere": last.to_numpy(),
            "place": np.where(placed, PLACED, APART),
            "lecture": lecture,
        },
        columns=COLUMNS,
    )
    return out


def by_year(read: pd.DataFrame) -> pd.DataFrame:
    """Amounts per year and status of the envelopes placed on the timeline (long: annee, statut, montant)."""
    placed = read[read["place"] == PLACED].reset_index(drop=True)
    # A per-year amount once in each year of its period; a one-off amount is placed only when its
    # period is one year (premiere == derniere), so it counts once.
    spans = (placed["derniere"].astype("int64") - placed["premiere"].astype("int64") + 1).to_numpy()
    rows = placed.loc[placed.index.repeat(spans)]
    offset = rows.groupby(level=0).cumcount().to_numpy()
    long = pd.DataFrame(
        {
            "annee": rows["premiere"].astype("int64").to_numpy() + offset,
            "statut": rows["statut"].to_numpy(),
            "montant": rows["montant_eur"].astype(float).to_numpy(),
        }
    )
    return long.groupby(["annee", "statut"], as_index=False)["montant"].sum().sort_values(["annee", "statut"])
