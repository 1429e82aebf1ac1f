"""One family of the ICC at a time: the roadmap's diagnostic, key figures, festivals, sites, funding."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from icc import formatting as fr
from icc.prepared.aggregations import financements as fin
from icc.prepared.provenance import escape_markdown

SECTIONS = {"atouts": "Atouts", "faiblesses": "Faiblesses", "perspectives": "Perspectives"}
APPROX_NOTE = fr.APPROX_NOTE


def literal(text) -> str:
    """Data text shown literally where Streamlit reads Markdown (labels, headings, captions)."""
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return ""
    return escape_markdown(" ".join(str(text).split()))


is_approx = fr.is_true


# --- families and their sub-sectors ---------------------------------------------------


def families(filieres: pd.DataFrame, chosen: tuple[str, ...] = ()) -> pd.DataFrame:
    """Family rows in the dataset's order, restricted to ``chosen`` when given."""
    rows = filieres[filieres["famille"].isna()]
    if chosen:
        rows = rows[rows["code"].isin(chosen)]
    return rows.reset_index(drop=True)


def members(filieres: pd.DataFrame, family: str) -> pd.DataFrame:
    """The family itself, then its sub-sectors, in the dataset's order."""
    own = filieres[filieres["code"] == family]
    subs = filieres[filieres["famille"] == family]
    return pd.concat([own, subs]).reset_index(drop=True)


def bullets(text) -> list[str]:
    """The roadmap's « a ; b ; c » lists as items; a « ; » inside parentheses stays in its item."""
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return []
    items, depth, current = [], 0, []
    for char in str(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == ";" and depth <= 0:
            items.append("".join(current))
            current = []
        else:
            current.append(char)
    items.append("".join(current))
    return [item.strip() for item in items if item.strip()]


def diagnostic(filieres: pd.DataFrame, family: str) -> pd.DataFrame:
    """One row per item: section, filière (family first), its name and priority, the item."""
    rows = []
    for section in SECTIONS:
        for _, m in members(filieres, family).iterrows():
            for item in bullets(m[section]):
                rows.append(
                    {
                        "section": section,
                        "filiere": m["code"],
                        "nom": m["nom"],
                        "priorite": m["priorite"],
                        "point": item,
                    }
                )
    return pd.DataFrame(rows, columns=["section", "filiere", "nom", "priorite", "point"])


def bullet_text(points: pd.Series) -> str:
    return "\n".join(f"• {p}" for p in points)


def priorities(filieres: pd.DataFrame, family: str) -> pd.DataFrame:
    """Sub-sectors and what the roadmap makes of each (prioritaire / à investiguer)."""
    subs = members(filieres, family).iloc[1:]
    return pd.DataFrame({"Sous-filière": subs["nom"].to_numpy(), "Priorité": subs["priorite"].to_numpy()})


# --- key figures ----------------------------------------------------------------------


def of_family(frame: pd.DataFrame, family: str, columns: list[str] | None = None) -> pd.DataFrame:
    """Rows of an enriched dataset (famille column) that belong to the family or its sub-sectors
    (only ``columns`` of them when given: at national scale each column taken costs)."""
    mask = frame["famille"] == family
    return frame.loc[mask, columns] if columns is not None else frame[mask]


def cites(frame: pd.DataFrame, family: str) -> bool:
    """Whether a dataset has any row of the family, without taking its rows."""
    return bool((frame["famille"] == family).any())


# --- festivals ------------------------------------------------------------------------


@dataclass(frozen=True)
class Festivals:
    count: int
    attendance: float  # sum over the events with a figure
    with_figure: int
    approximatif: bool  # True if any summed figure is approximate


def festivals(rows: pd.DataFrame) -> Festivals:
    """The family's events (``of_family``) in four numbers."""
    rows = rows[["frequentation", "approximatif"]]
    counted = rows[rows["frequentation"].notna()]
    return Festivals(
        count=len(rows),
        attendance=float(counted["frequentation"].sum()),
        with_figure=len(counted),
        approximatif=bool(counted["approximatif"].fillna(False).any()),
    )


def festival_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """The family's festivals (``of_family``), largest attendance first (without a figure last)."""
    return rows.sort_values(["frequentation", "nom"], ascending=[False, True], na_position="last")


def attendance(rows: pd.DataFrame) -> pd.DataFrame:
    """Festivals with a figure, for a bar chart: label, attendance, whether it is approximate."""
    counted = rows.loc[rows["frequentation"].notna(), ["nom", "annee", "frequentation", "approximatif"]]
    labels = counted["nom"].where(
        ~counted["nom"].duplicated(keep=False),
        counted["nom"] + " (" + counted["annee"].astype("string").fillna("année ?") + ")",
    )
    return pd.DataFrame(
        {
            "nom": labels.to_numpy(),
            "frequentation": counted["frequentation"].astype(float).to_numpy(),
            "approximatif": [is_approx(a) for a in counted["approximatif"]],
        }
    )


# --- sites ----------------------------------------------------------------------------


SITE_COLUMNS = ["type_equipement_ou_lieu", "source"]  # what a family's sites panel reads


def sites_by_type(rows: pd.DataFrame) -> pd.DataFrame:
    """Number of the family's sites (``of_family``) per type, most frequent first."""
    counts = rows.groupby("type_equipement_ou_lieu").size().rename("nombre").reset_index()
    counts = counts.rename(columns={"type_equipement_ou_lieu": "type"})
    return counts.sort_values(["nombre", "type"], ascending=[False, True]).reset_index(drop=True)


# --- funding --------------------------------------------------------------------------


@dataclass(frozen=True)
class Funding:
    territoire: float  # reaching the Métropole, without double counting
    territoire_approx: bool
    mobilise: float  # of which granted, won or in kind
    national: float  # national or European envelopes the family is named in
    national_approx: bool
    rows: int


def _approx_total(rows: pd.DataFrame) -> bool:
    return bool(fin.roots(rows)["approximatif"].fillna(False).any())


def funding(rows: pd.DataFrame) -> Funding:
    """The family's funding lines (``of_family``) in totals."""
    rows = rows[fin.TOTALLED]
    local = fin.scope(rows, fin.TERRITOIRE)
    national = fin.scope(rows, fin.NATIONAL)
    granted = local[local["statut"].isin(fin.MOBILISES)]
    return Funding(
        territoire=fin.total(local),
        territoire_approx=_approx_total(local),
        mobilise=fin.total(granted),
        national=fin.total(national),
        national_approx=_approx_total(national),
        rows=len(rows),
    )


def transversal(financements: pd.DataFrame) -> int:
    """Envelopes for all the ICC (no filière): they belong to no single family."""
    return int(financements["filiere"].isna().sum())
