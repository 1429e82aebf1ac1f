"""Tables as users read them: French headers from the schema, French number formats.

The display layer of the pages' own tables: icc.prepared.aggregations returns numbers, and this module
writes them in French (approximate figures « env. », unknown ones empty or « non chiffré »).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from icc import formatting as fr
from icc.datasets.schema import BOOLEAN, DATASETS, DATE, INTEGER, NUMBER
from icc.prepared.aggregations.evenements import NO_COMMUNE


@dataclass(frozen=True)
class Written:
    """Rows kept as numbers with the function that writes them in French, row by row: a page
    shows a long table one page at a time and writes only the rows shown (writing 280 000 amounts
    took 9 s for a new filter set at ten thousand times the default data)."""

    rows: pd.DataFrame
    write: Callable[[pd.DataFrame], pd.DataFrame]

    def __len__(self) -> int:
        return len(self.rows)

    def text(self, start: int = 0, end: int | None = None) -> pd.DataFrame:
        """Rows ``start`` to ``end`` as read."""
        return self.write(self.rows.iloc[start:end])


# Columns added by icc.prepared.model.enrich, with their French headers.
DERIVED_LABELS = {
    "commune": "Commune",
    "conseil_de_territoire": "Conseil de territoire",
    "famille_nom": "Famille",
    "filiere_nom": "Filière",
}


def _each_distinct(values: pd.Series, format_one) -> pd.Series:
    """Format every distinct value once (Babel per cell took 36 s for 280 000 amounts)."""
    known = values.dropna().unique()
    return values.astype(object).map(dict(zip(known, map(format_one, known), strict=True))).fillna("")


def _format(kind: str, unit: str | None, values: pd.Series) -> pd.Series:
    if kind == NUMBER and unit == "€":
        return _each_distinct(values, fr.euros)
    if kind in (NUMBER, INTEGER):
        return _each_distinct(values, lambda v: fr.nombre(v, 1 if kind == NUMBER else 0))
    if kind == BOOLEAN:
        return values.map(lambda v: "" if pd.isna(v) else ("oui" if v else "non"))
    if kind == DATE:
        return values.map(fr.date)
    return values.fillna("")


def display(dataset: str, frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """``columns`` of ``frame`` formatted for reading, under their French headers."""
    ds = DATASETS[dataset]
    out = {}
    for name in columns:
        if name in DERIVED_LABELS:
            out[DERIVED_LABELS[name]] = frame[name].fillna("")
            continue
        f = ds.field(name)
        if name.startswith("annee") or name == "edition":  # years read 2024, not 2 024
            out[f.label] = frame[name].map(lambda v: "" if pd.isna(v) else str(int(v)))
        else:
            out[f.label] = _format(f.kind, f.unit, frame[name])
    return pd.DataFrame(out, index=frame.index).reset_index(drop=True)


def financements_table(frame: pd.DataFrame) -> pd.DataFrame:
    return display(
        "financements",
        frame,
        [
            "programme",
            "financeur_niveau",
            "financeur",
            "beneficiaire",
            "montant_eur",
            "recurrence",
            "annee_debut",
            "annee_fin",
            "statut",
            "parent",
            "approximatif",
            "source",
        ],
    )


# --- the pages' own tables and figures, written from the numbers of icc.prepared.aggregations ----------


def _approx_each(texts, flags) -> list[str]:
    return [fr.approx(t, fr.is_true(a)) for t, a in zip(texts, flags, strict=True)]


def year_text(value) -> str:
    return "" if pd.isna(value) else str(int(value))


EVENT_COLUMNS = [
    "nom",
    "famille_nom",
    "discipline_dominante",
    "commune",
    "annee",
    "edition",
    "frequentation",
    "type_frequentation",
    "date_debut",
    "date_fin",
    "soutien_metropole",
    "source",
]


def by_attendance(frame: pd.DataFrame) -> pd.DataFrame:
    """Events largest attendance first (without a figure last), then by name: the order of their table."""
    return frame.sort_values(["frequentation", "nom"], ascending=[False, True], na_position="last")


def events(frame: pd.DataFrame) -> pd.DataFrame:
    """The events as read in the Festivals page table, largest attendance first, approximate figures « env. »."""
    return events_text(by_attendance(frame))


def events_text(rows: pd.DataFrame) -> pd.DataFrame:
    """Events already in their order (``by_attendance``), as read: row by row, a page at a time."""
    out = display("evenements", rows.assign(commune=rows["commune"].fillna(NO_COMMUNE)), EVENT_COLUMNS)
    label = DATASETS["evenements"].field("frequentation").label
    out[label] = _approx_each(rows["frequentation"].map(fr.nombre), rows["approximatif"])
    return out


def key_figure(value, unit: str, approximatif=False) -> str:
    """A key figure in French with its unit: ``90 M€``, ``4,4 %``, ``2 200 jours``."""
    if pd.isna(value):
        return ""
    if unit == "€":
        text = fr.euros(value)
    elif unit == "%":
        text = f"{fr.nombre(value, 1)}\u00a0%"
    elif unit == "rang":
        text = "1er" if value == 1 else f"{fr.nombre(value)}e"
    else:
        text = f"{fr.nombre(value, 1)} {unit}"
    return fr.approx(text, fr.is_true(approximatif))


def key_figures(rows: pd.DataFrame) -> pd.DataFrame:
    """A family's key figures as read."""
    return pd.DataFrame(
        {
            "Libellé": rows["libelle"],
            "Valeur": [
                key_figure(v, u, a) for v, u, a in zip(rows["valeur"], rows["unite"], rows["approximatif"], strict=True)
            ],
            "Année": rows["annee"].map(year_text),
            "Périmètre": rows["perimetre"],
            "Filière": rows["filiere_nom"].fillna(""),
        }
    ).reset_index(drop=True)


def attendance_text(attendance: float, approximatif: bool, with_figure: int) -> str:
    """A summed attendance as read; none of its events has a figure: « non chiffrée », never 0."""
    return fr.approx(fr.nombre(attendance), approximatif) if with_figure else "non chiffrée"


def festivals(rows: pd.DataFrame) -> pd.DataFrame:
    """A family's festivals as read."""
    return pd.DataFrame(
        {
            "Événement": rows["nom"],
            "Filière": rows["filiere_nom"].fillna(""),
            "Commune": rows["commune"].fillna(NO_COMMUNE),
            "Année": rows["annee"].map(year_text),
            "Fréquentation": _approx_each(rows["frequentation"].map(fr.nombre), rows["approximatif"]),
            "Type de fréquentation": rows["type_frequentation"].fillna(""),
        }
    ).reset_index(drop=True)


def family_funding(rows: pd.DataFrame) -> pd.DataFrame:
    """A family's funding rows as read, approximate amounts marked « env. »."""
    out = financements_table(rows)
    out["Montant"] = _approx_each(out["Montant"], rows["approximatif"])
    first = ["Bénéficiaire ou projet", "Montant", "Récurrence", "Statut"]  # readable without scrolling sideways
    return out[first + [c for c in out.columns if c not in first]]


def amount(value, approximatif=False) -> str:
    return fr.approx(fr.euros(value), fr.is_true(approximatif))


def surface(value, approximatif=False) -> str:
    return "" if pd.isna(value) else fr.approx(f"{fr.nombre(value)} m²", fr.is_true(approximatif))


PROJECT_COLUMNS = [
    "nom",
    "porteur",
    "programme",
    "filiere_nom",
    "commune",
    "budget_total_eur",
    "soutien_etat_eur",
    "surface_m2",
    "statut",
]


def projects(projets: pd.DataFrame) -> pd.DataFrame:
    """The projects as read, approximate figures marked « env. »."""
    out = display("projets", projets, PROJECT_COLUMNS)
    out["Budget total"] = _approx_each(out["Budget total"], projets["approximatif"])
    out["Soutien de l'État"] = _approx_each(out["Soutien de l'État"], projets["approximatif"])
    out["Surface"] = [surface(v, a) for v, a in zip(projets["surface_m2"], projets["approximatif"], strict=True)]
    return out


def project_facts(projet: pd.Series) -> list[tuple[str, str]]:
    """Label and value of the figures a project's card shows (empty figures say so)."""
    a = projet["approximatif"]
    return [
        ("Budget total", amount(projet["budget_total_eur"], a) or "non précisé"),
        ("Soutien de l'État", amount(projet["soutien_etat_eur"], a) or "non précisé"),
        ("Surface", surface(projet["surface_m2"], a) or "non précisée"),
        ("Statut", projet["statut"]),
    ]


def project_details(projet: pd.Series) -> str:
    """Porteur, programme and place, as plain text."""
    lines = [f"Porteur : {projet['porteur']}"]
    if not pd.isna(projet["programme"]):
        lines.append(f"Programme : {projet['programme']}")
    lines.append(f"Commune : {'non précisée' if pd.isna(projet['commune']) else projet['commune']}")
    return "\n".join(lines)


def project_funding(rows: pd.DataFrame) -> pd.DataFrame:
    """A project's funding rows: who gives what, when, with which status."""
    # Who gets how much first: the table is read in a card, often without scrolling sideways.
    columns = ["beneficiaire", "montant_eur", "recurrence", "statut", "financeur_niveau", "financeur"]
    out = display("financements", rows, [*columns, "annee_debut", "annee_fin", "programme"])
    out["Montant"] = _approx_each(out["Montant"], rows["approximatif"])
    out["Récurrence"] = out["Récurrence"].replace({"annuel": "par an", "ponctuel": "au total"})
    return out
