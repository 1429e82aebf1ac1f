"""Funding year by year, read as the data states it and never more precisely.

Each envelope is counted once (top-level rows, icc.aggregations.financements.roots). Its years are
``annee_debut``…``annee_fin``; a missing end year means a single year, as everywhere else in the
dashboard (icc.aggregations.financements.years).

- a per-year amount (``annuel``) counts in each year of its period;
- a one-off amount (``ponctuel``) counts in its year when its period is one year; over several
  years, how it is spread is not known: it is listed apart, never divided;
- an amount whose years are unknown is listed apart, with that reason.
"""

from __future__ import annotations

import pandas as pd

from icc.aggregations.financements import roots

PLACED, APART = "placé", "à part"


def _span(row) -> tuple[int, int] | None:
    start, end = row["annee_debut"], row["annee_fin"]
    if pd.isna(start) and pd.isna(end):
        return None
    first = int(start) if pd.notna(start) else int(end)
    last = int(end) if pd.notna(end) else first
    return first, max(first, last)


def reading(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per top-level envelope: where it goes on the timeline and why (French, for the table).

    Columns: id, beneficiaire, programme, montant_eur, recurrence, statut, approximatif,
    premiere, derniere (years, or NA), place (PLACED or APART), lecture (French sentence).
    """
    rows = []
    for _, row in roots(frame).iterrows():
        span = _span(row)
        yearly = row["recurrence"] == "annuel"
        only = pd.isna(row["annee_debut"]) or pd.isna(row["annee_fin"])  # one of the two years is missing
        if span is None:
            place, text = APART, "années non renseignées : sur aucune année"
        elif yearly and only:
            which = "de fin" if pd.notna(row["annee_debut"]) else "de début"
            place, text = PLACED, f"par an, année {which} non renseignée : compté en {span[0]} seulement"
        elif yearly and span[1] > span[0]:
            place, text = PLACED, f"par an, compté chaque année de {span[0]} à {span[1]}"
        elif yearly:
            place, text = PLACED, f"par an, en {span[0]}"
        elif span[1] > span[0]:
            place, text = APART, f"montant total sur {span[0]}–{span[1]} : sa répartition par année n'est pas connue"
        elif only:
            place, text = PLACED, f"montant total, compté en {span[0]} (seule année renseignée)"
        else:
            place, text = PLACED, f"montant total, compté en {span[0]}"
        rows.append(
            {
                "id": row["id"],
                "beneficiaire": row["beneficiaire"],
                "programme": row["programme"],
                "montant_eur": row["montant_eur"],
                "recurrence": row["recurrence"],
                "statut": row["statut"],
                "approximatif": bool(row.get("approximatif", False)),
                "premiere": span[0] if span else pd.NA,
                "derniere": span[1] if span else pd.NA,
                "place": place,
                "lecture": text,
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
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
        ],
    )


def by_year(read: pd.DataFrame) -> pd.DataFrame:
    """Amounts per year and status of the envelopes placed on the timeline (long: annee, statut, montant)."""
    placed = read[read["place"] == PLACED]
    rows = []
    for _, row in placed.iterrows():
        first, last = int(row["premiere"]), int(row["derniere"])
        # A one-off amount is placed only when its period is one year: first == last.
        for year in range(first, last + 1):
            rows.append({"annee": year, "statut": row["statut"], "montant": float(row["montant_eur"])})
    long = pd.DataFrame(rows, columns=["annee", "statut", "montant"])
    return long.groupby(["annee", "statut"], as_index=False)["montant"].sum().sort_values(["annee", "statut"])
