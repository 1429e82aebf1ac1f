"""Museum attendance (``frequentation_lieux``): totals by year and by museum, numbers only.

A total over the territory adds the yearly totals the source gives: a museum counted with
another has no total of its own (its visits are in the other's), a closed or uncommunicated
year has none either, so no visit is counted twice and none is invented. Every total comes
with the number of museums whose figure it adds (« musees_chiffres ») and the number of those
that year without one, by reason.
"""

from __future__ import annotations

import pandas as pd

from icc.datasets.schema import CHIFFRES_MANQUANTS, COMPTE_AVEC, FERME, NON_COMMUNIQUE

MISSING_COLUMNS = {FERME: "fermes", NON_COMMUNIQUE: "non_communiques", COMPTE_AVEC: "comptes_avec"}
# The few museums drawn as their own line; the others are summed as one (« autres musées »).
LINES = 6


def _numbers(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in ("payant", "gratuit", "total"):
        out[column] = pd.to_numeric(out[column], errors="coerce").astype("float64")
    out["annee"] = pd.to_numeric(out["annee"], errors="coerce").astype("Int64")
    return out


def by_year(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per year: total, paying and free visits of the museums with a figure, how many
    museums that is, and how many had none (closed, not communicated, counted with another).

    A year with no figure at all has a missing total (« non chiffré »), never 0."""
    columns = ["annee", "total", "payant", "gratuit", "musees_chiffres", *MISSING_COLUMNS.values()]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    rows = _numbers(frame)
    counted = rows[rows["total"].notna()]
    sums = counted.groupby("annee").agg(
        total=("total", "sum"),
        payant=("payant", lambda s: s.sum(min_count=1)),
        gratuit=("gratuit", lambda s: s.sum(min_count=1)),
        musees_chiffres=("lieu", "nunique"),
    )
    missing = (
        rows[rows["total"].isna()]
        .assign(reason=lambda r: r["chiffre_manquant"].fillna(NON_COMMUNIQUE))
        .pivot_table(index="annee", columns="reason", values="lieu", aggfunc="nunique")
        .reindex(columns=list(CHIFFRES_MANQUANTS))
        .rename(columns=MISSING_COLUMNS)
    )
    years = pd.Index(sorted(rows["annee"].dropna().unique()), name="annee")
    out = sums.reindex(years).join(missing.reindex(years))
    for column in ("musees_chiffres", *MISSING_COLUMNS.values()):
        out[column] = out[column].fillna(0).astype(int)
    return out.reset_index()[columns]


def latest(frame: pd.DataFrame) -> dict | None:
    """The latest year with a figure: {annee, total, musees_chiffres, premiere_annee, …}; None if none."""
    years = by_year(frame)
    years = years[years["total"].notna()]
    if years.empty:
        return None
    last = years.iloc[-1]
    return {
        "annee": int(last["annee"]),
        "total": float(last["total"]),
        "musees_chiffres": int(last["musees_chiffres"]),
        "premiere_annee": int(years["annee"].iloc[0]),
        "annees": len(years),
    }


def by_museum(frame: pd.DataFrame, year: int) -> pd.DataFrame:
    """Each museum's figure for ``year``, largest first: lieu, lieu_nom, commune, payant, gratuit,
    total, chiffre_manquant (why there is no total), compte_avec. Museums without a figure come last."""
    rows = _numbers(frame)
    rows = rows[rows["annee"] == year]
    columns = ["lieu", "lieu_nom", "commune", "payant", "gratuit", "total", "chiffre_manquant", "compte_avec"]
    rows = rows.reindex(columns=columns)
    return rows.sort_values(["total", "lieu_nom"], ascending=[False, True], na_position="last", ignore_index=True)


def museum_lines(frame: pd.DataFrame, lines: int = LINES) -> pd.DataFrame:
    """Yearly totals of the ``lines`` museums with the most visits over the years shown, each as its
    own line, and the others summed as one (``lieu`` empty, ``autres`` = how many museums it sums).

    Columns: lieu, lieu_nom, annee, total, autres."""
    rows = _numbers(frame)
    rows = rows[rows["total"].notna()]
    if rows.empty:
        return pd.DataFrame(columns=["lieu", "lieu_nom", "annee", "total", "autres"])
    ranked = rows.groupby("lieu")["total"].sum().sort_values(ascending=False)
    top = list(ranked.index[:lines])
    names = rows.drop_duplicates("lieu").set_index("lieu")["lieu_nom"]
    own = rows[rows["lieu"].isin(top)].groupby(["lieu", "annee"], as_index=False)["total"].sum()
    own["lieu_nom"] = own["lieu"].map(names)
    own["autres"] = 0
    rest = rows[~rows["lieu"].isin(top)]
    grouped = rest.groupby("annee", as_index=False).agg(total=("total", "sum"), autres=("lieu", "nunique"))
    grouped["lieu"], grouped["lieu_nom"] = "", ""
    out = pd.concat([own, grouped], ignore_index=True)
    order = {place: i for i, place in enumerate([*top, ""])}
    out = out.sort_values(["lieu", "annee"], key=lambda s: s.map(order) if s.name == "lieu" else s)
    return out[["lieu", "lieu_nom", "annee", "total", "autres"]].reset_index(drop=True)


def museum_trend(frame: pd.DataFrame) -> pd.DataFrame:
    """Per museum: its latest year with a figure, that figure, its first year with one and the
    figure then (the trend a portrait states). Columns: lieu, lieu_nom, commune, annee, total,
    premiere_annee, premier_total, annees_chiffrees."""
    rows = _numbers(frame)
    rows = rows[rows["total"].notna()].sort_values(["lieu", "annee"])
    if rows.empty:
        return pd.DataFrame(
            columns=[
                "lieu",
                "lieu_nom",
                "commune",
                "annee",
                "total",
                "premiere_annee",
                "premier_total",
                "annees_chiffrees",
            ]
        )
    grouped = rows.groupby("lieu")
    out = grouped.tail(1).set_index("lieu")[["lieu_nom", "commune", "annee", "total"]]
    first = grouped.head(1).set_index("lieu")
    out["premiere_annee"] = first["annee"]
    out["premier_total"] = first["total"]
    out["annees_chiffrees"] = grouped.size()
    return out.reset_index().sort_values("total", ascending=False, ignore_index=True)
