"""Festival attendance: ranked, by family, by commune and over the calendar.

Attendance figures are of several kinds (visitors, spectators, participants, expected
audience): every total keeps one column per kind so that the page can say what it adds up.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from icc import formatting as fr
from icc.datasets.schema import TYPES_FREQUENTATION

NO_COMMUNE = "Commune non précisée"
NO_KIND = "non précisé"
KINDS = (*TYPES_FREQUENTATION, NO_KIND)

is_approx = fr.is_true


def with_commune(frame: pd.DataFrame) -> pd.Series:
    """Commune name, or « Commune non précisée » when the source does not say."""
    return frame["commune"].fillna(NO_COMMUNE)


def with_attendance(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[frame["frequentation"].notna()]


def without_attendance(frame: pd.DataFrame) -> pd.DataFrame:
    """Events the roadmap cites without a figure: listed, never silently dropped."""
    return frame[frame["frequentation"].isna()].sort_values(["nom", "annee"])


@dataclass(frozen=True)
class Headline:
    evenements: int
    frequentation: int  # sum over the events with a figure
    approximatif: bool  # True if any summed figure is approximate
    chiffres: int  # events with a figure
    soutenus: int  # events the Métropole supports
    soutien_inconnu: int  # events for which the text does not say
    kinds: dict[str, int]  # attendance per kind, only the kinds present


def headline(frame: pd.DataFrame) -> Headline:
    counted = with_attendance(frame)
    kinds = _kind_sums(counted)
    return Headline(
        evenements=len(frame),
        frequentation=int(counted["frequentation"].sum()),
        approximatif=any(is_approx(v) for v in counted["approximatif"]),
        chiffres=len(counted),
        soutenus=int(frame["soutien_metropole"].fillna(False).astype(bool).sum()),
        soutien_inconnu=int(frame["soutien_metropole"].isna().sum()),
        kinds={k: v for k, v in kinds.items() if v},
    )


def _kind_sums(frame: pd.DataFrame) -> dict[str, int]:
    kind = frame["type_frequentation"].fillna(NO_KIND)
    return {k: int(frame.loc[kind == k, "frequentation"].sum()) for k in KINDS}


def ranked(frame: pd.DataFrame) -> pd.DataFrame:
    """Events with a figure, largest first; ``libelle`` is unique (year added to repeated names)."""
    rows = with_attendance(frame).copy()
    repeated = rows["nom"].duplicated(keep=False)
    years = pd.Series(["" if pd.isna(y) else f" ({int(y)})" for y in rows["annee"]], index=rows.index, dtype="str")
    rows["libelle"] = rows["nom"].where(~repeated, rows["nom"] + years)
    # Still repeated (same name, same or no year): the identifier tells them apart.
    still = rows["libelle"].duplicated(keep=False)
    rows["libelle"] = rows["libelle"].where(~still, rows["libelle"] + " [" + rows["id"] + "]")
    rows["type_frequentation"] = rows["type_frequentation"].fillna(NO_KIND)
    rows["approximatif"] = rows["approximatif"].map(is_approx)
    rows["frequentation"] = rows["frequentation"].astype("int64")
    rows = rows.sort_values(["frequentation", "nom"], ascending=[False, True])
    return rows[
        ["id", "libelle", "famille", "famille_nom", "frequentation", "type_frequentation", "approximatif"]
    ].reset_index(drop=True)


def _sum_by(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Attendance per group: total, one column per kind, any approximate, number of events."""
    rows = with_attendance(frame).assign(
        kind=lambda d: d["type_frequentation"].fillna(NO_KIND),
        approx=lambda d: d["approximatif"].map(is_approx),
        frequentation=lambda d: d["frequentation"].astype("int64"),
    )
    columns = [*keys, "frequentation", "approximatif", "evenements", *KINDS]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    grouped = rows.groupby(keys, dropna=False, sort=False)
    out = grouped.agg(
        frequentation=("frequentation", "sum"),
        approximatif=("approx", "any"),
        evenements=("id", "count"),
    )
    per_kind = rows.pivot_table(index=keys, columns="kind", values="frequentation", aggfunc="sum", fill_value=0)
    out = out.join(per_kind.reindex(columns=list(KINDS), fill_value=0)).reset_index()
    out[list(KINDS)] = out[list(KINDS)].fillna(0).astype("int64")
    return out[columns]


def by_family(frame: pd.DataFrame) -> pd.DataFrame:
    """Attendance per filière family, largest first."""
    out = _sum_by(frame, ["famille", "famille_nom"])
    return out.sort_values(["frequentation", "famille_nom"], ascending=[False, True]).reset_index(drop=True)


def by_commune(frame: pd.DataFrame) -> pd.DataFrame:
    """Attendance per commune and family (for stacked bars), communes by decreasing total."""
    out = _sum_by(frame.assign(commune=with_commune(frame)), ["commune", "famille", "famille_nom"])
    if out.empty:
        return out
    totals = out.groupby("commune")["frequentation"].sum()
    out["total_commune"] = out["commune"].map(totals)
    out = out.sort_values(["total_commune", "commune", "frequentation"], ascending=[False, True, False])
    return out.drop(columns="total_commune").reset_index(drop=True)


def calendar(frame: pd.DataFrame) -> pd.DataFrame:
    """Dated events (annexe 1 of the roadmap), in date order; an event without end lasts one day."""
    rows = frame[frame["date_debut"].notna()].copy()
    rows["debut"] = pd.to_datetime(rows["date_debut"])
    fin = pd.to_datetime(rows["date_fin"].fillna(rows["date_debut"]))
    rows["fin"] = fin.where(fin >= rows["debut"], rows["debut"])
    rows["commune"] = with_commune(rows)
    rows["approximatif"] = rows["approximatif"].map(is_approx)
    rows = rows.sort_values(["debut", "fin", "nom"])
    columns = ["id", "nom", "famille", "famille_nom", "commune", "debut", "fin", "frequentation"]
    return rows[[*columns, "type_frequentation", "approximatif"]].reset_index(drop=True)


# --- how many festivals, whatever their attendance ----------------------------------------

NO_DECADE = "Année de création non précisée"
MINISTRY_TITLE = "Ministère de la Culture – Liste des festivals en France"
ROADMAP_TITLE = "Feuille de route ICC"


def origins(frame: pd.DataFrame) -> dict[str, int]:
    """Rows the Ministry's list names, rows the roadmap cites, and both (numbers)."""
    source = frame["source"].fillna("").astype(str)
    ministry = source.str.contains(MINISTRY_TITLE, regex=False)
    roadmap = source.str.contains(ROADMAP_TITLE, regex=False)
    return {
        "liste": int(ministry.sum()),
        "feuille_de_route": int(roadmap.sum()),
        "les_deux": int((ministry & roadmap).sum()),
        "autres": int((~ministry & ~roadmap).sum()),
    }


def count_by_commune(frame: pd.DataFrame) -> pd.DataFrame:
    """Festivals and events per commune (unknown commune apart), most first: ``commune``, ``nombre``."""
    counted = with_commune(frame).value_counts(sort=False).rename_axis("commune").reset_index(name="nombre")
    return counted.sort_values(["nombre", "commune"], ascending=[False, True]).reset_index(drop=True)


def count_by_family(frame: pd.DataFrame) -> pd.DataFrame:
    """Festivals and events per family: ``famille``, ``famille_nom``, ``nombre``, most first."""
    counted = frame.groupby(["famille", "famille_nom"], dropna=False).size().reset_index(name="nombre")
    return counted.sort_values(["nombre", "famille_nom"], ascending=[False, True]).reset_index(drop=True)


def count_by_decade(frame: pd.DataFrame) -> pd.DataFrame:
    """Festivals per decade of creation, oldest first, those without a year last: ``decennie``, ``nombre``."""
    years = pd.to_numeric(frame["annee_de_creation_du_festival"], errors="coerce")
    decades = (years // 10 * 10).dropna().astype(int)
    counted = decades.value_counts().sort_index()
    rows = [{"decennie": f"{d}-{d + 9}", "nombre": int(n)} for d, n in counted.items()]
    unknown = int(years.isna().sum())
    if unknown:
        rows.append({"decennie": NO_DECADE, "nombre": unknown})
    return pd.DataFrame(rows, columns=["decennie", "nombre"])
