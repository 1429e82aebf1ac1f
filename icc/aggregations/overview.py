"""Headline figures of the overview page."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from icc import formatting as fr
from icc.aggregations import financements as fin
from icc.model import Bundle
from icc.schema import DATASETS


@dataclass(frozen=True)
class Figure:
    label: str
    value: str
    note: str  # year and source
    help: str = ""


def headline(bundle: Bundle) -> list[Figure]:
    funding = fin.mobilised(bundle["financements"])
    events = bundle["evenements"]
    attendance = events["frequentation"].dropna()
    any_approx = bool(events.loc[attendance.index, "approximatif"].any())
    lieux = bundle["lieux"]
    actions = bundle["actions"]
    leaf_actions = actions[~actions["code"].isin(actions["parent"].dropna())]
    done = int((leaf_actions["statut"] == "réalisé").sum())
    return [
        Figure(
            "Financements publics mobilisés",
            fr.euros(fin.total(funding)),
            " ; ".join(f"{level} {fr.euros(v)}" for level, v in fin.by_level(funding).items()),
            "Montants acquis, lauréats ou en nature, des financeurs publics, sans double compte des enveloppes "
            "imbriquées ; montants annuels cumulés sur leur période. Détail dans la page Financements.",
        ),
        Figure(
            "Fréquentation des festivals cités",
            fr.approx(fr.nombre(attendance.sum()), any_approx),
            f"{len(attendance)} événements chiffrés sur {len(events)} ; dernière édition connue",
            "Somme de visiteurs, spectateurs, participants et publics attendus, tels que la feuille de route les cite.",
        ),
        Figure(
            "Lieux recensés",
            fr.nombre(len(lieux)),
            f"dans {lieux['code_insee'].nunique()} communes ; {int((lieux['statut'] == 'en projet').sum())} en projet",
        ),
        Figure(
            "Actions réalisées",
            f"{done} / {len(leaf_actions)}",
            "plan d'actions de la feuille de route, statut à octobre 2024",
        ),
    ]


def data_note(bundle: Bundle) -> str:
    latest = max(bundle.versions.values(), key=lambda v: v.created_at)
    return (
        f"Données en vigueur : dernière mise à jour le {fr.date_heure(latest.created_at)} par {latest.author} "
        f"(jeu « {DATASETS[latest.dataset].title} », version {latest.number})."
    )


def sites_by_family(lieux: pd.DataFrame) -> pd.DataFrame:
    """Number of sites per filière family."""
    return (
        lieux.groupby(["famille", "famille_nom"], as_index=False)
        .size()
        .rename(columns={"size": "lieux"})
        .sort_values("lieux", ascending=False)
    )
