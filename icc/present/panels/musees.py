"""The territory's museums and their attendance (« Fréquentation des musées de France »): each museum
in a chosen year, each museum's years as lines, the territory's total year by year, and its trend for
the overview.

A missing figure is never 0: a closed year, a figure not communicated or one counted with another
museum is said in words in the tables and is a gap in the lines. Every total says how many museums
it adds (icc.prepared.aggregations.frequentation).
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import plotly.graph_objects as go

from icc import formatting as fr
from icc.datasets.schema import COMPTE_AVEC, NON_COMMUNIQUE
from icc.prepared import provenance
from icc.prepared.aggregations import frequentation as fq
from icc.prepared.filters import Filters
from icc.prepared.model import Bundle
from icc.present.charts.style import styled, text, wrapped
from icc.present.panels.base import (
    LINE,
    NOMBRE,
    STACKED_BAR,
    ChartSpec,
    Definition,
    Panel,
    empty_panel,
    none_if_missing,
)

ANNEE, LIGNES, TOTAL, TENDANCE = "musees-annee", "musees-lignes", "musees-total", "musees-tendance"
DATASET = "frequentation_lieux"
CITATION = "« Fréquentation des musées de France », ministère de la Culture, Licence Ouverte 2.0"
MINISTRY_SOURCE = "Ministère de la Culture – Fréquentation des musées de France"
NO_MUSEUM = "Aucun musée ne correspond aux filtres choisis. Élargissez la sélection dans la barre latérale."
OTHERS = "Autres musées"
TOP = 30  # museums drawn in a year's ranking; the table lists them all

PAYANT, GRATUIT, NON_VENTILE = "Entrées payantes", "Entrées gratuites", "Entrées non ventilées"
# Okabe–Ito, each with its pattern (icc.present.charts.style.legible): told apart without colour too.
PART_COLORS = {PAYANT: "#0072B2", GRATUIT: "#E69F00", NON_VENTILE: "#7F7F7F"}
LINE_COLORS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")
SYMBOLS = ("circle", "square", "diamond", "triangle-up", "cross", "x")
OTHERS_COLOR = "#7F7F7F"
TOTAL_COLOR = "#882255"  # the family « Musées et patrimoine » (icc.colors)
LEGEND_WIDTH = 28  # characters of a legend line: a name beyond it goes on to the next line (a phone's width)


def caption(view: Bundle, rows: pd.DataFrame) -> str:
    """« Source : « Fréquentation des musées de France », ministère de la Culture, Licence Ouverte 2.0 · Données : … »;
    a row typed from another source names it too."""
    others = rows[rows["source"].notna() & (rows["source"] != MINISTRY_SOURCE)] if "source" in rows else rows.iloc[:0]
    cited = provenance.escape_markdown(CITATION)
    if len(others):
        cited += f" ; {provenance.sources(others)}"
    return f"Source : {cited} · {provenance.version_note(view, DATASET, 'lieux')}"


def names(rows: pd.DataFrame) -> dict[str, str]:
    """Each place's name as a chart writes it; two places named alike (« Muséum d'histoire naturelle »,
    in Aix and in Marseille) gain their commune."""
    places = rows.drop_duplicates("lieu")[["lieu", "lieu_nom", "commune"]]
    shown = places["lieu_nom"].where(places["lieu_nom"].notna(), places["lieu"]).astype(str)
    alike = shown.str.casefold().duplicated(keep=False)
    return {
        place: f"{name} ({commune})" if twin and isinstance(commune, str) else name
        for place, name, commune, twin in zip(places["lieu"], shown, places["commune"], alike, strict=True)
    }


def _quoted(names_: list[str]) -> str:
    quoted = [f"« {n} »" for n in names_]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + f" et {quoted[-1]}"


def _places(value) -> list[str]:
    return [p.strip() for p in str(value).split(";") if p.strip()] if isinstance(value, str) else []


def remark(row, place_names: dict[str, str]) -> str:
    """Why a museum has no figure (« fermé », « non communiqué », « compté avec le musée « X » »), or
    whose visits its figure also holds; empty otherwise."""
    others = [place_names.get(p, p) for p in _places(row["compte_avec"])]
    if pd.notna(row["total"]):
        if not others:
            return ""
        if len(others) == 1:
            return f"comprend les entrées du musée {_quoted(others)}"
        return f"comprend les entrées des musées {_quoted(others)}"
    why = row["chiffre_manquant"] if isinstance(row["chiffre_manquant"], str) else NON_COMMUNIQUE
    if why != COMPTE_AVEC:
        return why
    if not others:
        return COMPTE_AVEC
    if len(others) == 1:
        return f"compté avec le musée {_quoted(others)}"
    return f"compté avec les musées {_quoted(others)}"


def remarks(ranked: pd.DataFrame, place_names: dict[str, str]) -> list[str]:
    """Each row's remark; only the few rows without a figure or counted with another need one."""
    out = [""] * len(ranked)
    plain = ranked["total"].notna().to_numpy() & ranked["compte_avec"].isna().to_numpy()
    for k, row in zip((k for k in range(len(ranked)) if not plain[k]), ranked[~plain].to_dict("records"), strict=True):
        out[k] = remark(row, place_names)
    return out


def years(rows: pd.DataFrame) -> list[int]:
    """The years with a row (a figure or the reason there is none), in order."""
    return sorted(int(y) for y in pd.to_numeric(rows["annee"], errors="coerce").dropna().unique())


def chosen_year(rows: pd.DataFrame, annee: int | None) -> int | None:
    """``annee`` if the rows have it, else the latest year with a figure (else the latest year)."""
    shown = years(rows)
    if annee is not None and int(annee) in shown:
        return int(annee)
    latest = fq.latest(rows)
    return latest["annee"] if latest else (shown[-1] if shown else None)


def _empty(definition: Definition, view: Bundle, rows: pd.DataFrame, title: str | None = None) -> Panel:
    return replace(empty_panel(definition, caption(view, rows), title), empty_message=NO_MUSEUM)


# --- (a) each museum, one year ---------------------------------------------------------


def by_museum(view: Bundle, filters: Filters, annee: int | None = None) -> Panel:
    """Visits per museum in ``annee`` (by default the latest year with a figure), ranked, paying and
    free stacked; the museums without a figure that year are in the table with the reason."""
    rows = view[DATASET]
    definition = BY_ID[ANNEE]
    year = chosen_year(rows, annee)
    if year is None:
        return _empty(definition, view, rows)
    title = f"Entrées par musée en {year}"
    ranked = fq.by_museum(rows, year)
    place_names = {**names(view.whole[DATASET]), **names(rows)}
    # The places a row is counted with, named from the whole lieux table (a filter never hides their name).
    cited = {p for value in ranked["compte_avec"].dropna() for p in _places(value)}
    lieux = view.whole["lieux"]
    lieux = lieux[lieux["id"].isin(cited)]
    whole_names = dict(zip(lieux["id"], lieux["nom"], strict=True))
    labels = [place_names.get(p, p) for p in ranked["lieu"]]
    table = pd.DataFrame(
        {
            "Musée": labels,
            "Commune": ranked["commune"].to_numpy(),
            PAYANT: ranked["payant"].to_numpy(),
            GRATUIT: ranked["gratuit"].to_numpy(),
            "Entrées totales": ranked["total"].to_numpy(),
            "Remarque": remarks(ranked, {**whole_names, **place_names}),
        }
    )
    counted = ranked["total"].notna()
    n = int(counted.sum())
    missing = len(ranked) - n
    note = (
        f"{fr.nombre(n)} musée{'s' if n > 1 else ''} chiffré{'s' if n > 1 else ''} en {year}, du plus visité au "
        "moins visité."
    )
    if missing:
        note += (
            f" {fr.nombre(missing)} sans chiffre cette année-là, dans le tableau avec la raison : un musée fermé "
            "ou dont le chiffre n'est pas communiqué ne compte dans aucun total, un musée compté avec un autre est "
            "dans le chiffre de celui-ci."
        )
    cap = caption(view, rows)
    if not n:
        return Panel(ANNEE, title, table, cap, formats=_formats(), note=note)
    shown = ranked[counted]
    drawn = pd.DataFrame({PAYANT: shown["payant"].fillna(0), GRATUIT: shown["gratuit"].fillna(0)})
    drawn[NON_VENTILE] = (shown["total"] - drawn[PAYANT] - drawn[GRATUIT]).clip(lower=0)
    drawn["total"] = shown["total"]
    categories = labels[:n]
    if n > TOP:  # the browser and the slide get the first museums and one bar adding up the others exactly
        categories = [*categories[:TOP], f"{OTHERS} ({fr.nombre(n - TOP)})"]
        drawn = pd.concat([drawn.iloc[:TOP], drawn.iloc[TOP:].sum().to_frame().T], ignore_index=True)
        note += f" Au-delà des {TOP} premiers, « {OTHERS} » additionne les suivants."
    parts = {name: drawn[name] for name in (PAYANT, GRATUIT, NON_VENTILE)}
    if (parts[NON_VENTILE] > 0).any():
        note += f" « {NON_VENTILE} » : la source ne sépare pas les entrées payantes et gratuites."
    else:
        del parts[NON_VENTILE]
    return Panel(
        ANNEE,
        title,
        table,
        cap,
        figure=_stacked(categories, parts, drawn["total"], title),
        chart=ChartSpec(
            STACKED_BAR,
            categories,
            {name: [float(v) for v in values] for name, values in parts.items()},
            series_colors={name: PART_COLORS[name] for name in parts},
        ),
        formats=_formats(),
        note=note,
    )


def _formats() -> dict[str, str]:
    return dict.fromkeys([PAYANT, GRATUIT, "Entrées totales"], NOMBRE)


def _stacked(categories: list[str], parts: dict[str, pd.Series], totals: pd.Series, title: str) -> go.Figure:
    fig = go.Figure()
    y = [text(c) for c in categories]
    for name, values in parts.items():
        fig.add_bar(
            name=name,
            y=y,
            x=list(values),
            orientation="h",
            marker_color=PART_COLORS[name],
            customdata=[fr.nombre(v) for v in values],
            hovertemplate="%{y}<br>" + name + " : %{customdata}<extra></extra>",
        )
    fig.add_scatter(
        y=y,
        x=list(totals),
        mode="text",
        text=[f"  {fr.nombre(v)}" for v in totals],
        textposition="middle right",
        cliponaxis=False,
        showlegend=False,
        hoverinfo="skip",
    )
    top = float(totals.max()) or 1.0
    fig.update_layout(barmode="stack", legend={"orientation": "h", "traceorder": "normal"})
    fig.update_yaxes(autorange="reversed")
    # Every bar's total is written after it: no scale to read, nothing to crowd a phone's width.
    fig.update_xaxes(range=[0, top * 1.3], showticklabels=False, showgrid=False, title="")
    return styled(fig, title, height=max(320, 140 + 34 * len(categories)))


# --- (b) each museum's years -----------------------------------------------------------


def _year_index(rows: pd.DataFrame) -> list[int]:
    return years(rows)


def lines(view: Bundle, filters: Filters) -> Panel:
    """The largest museums' years as lines (fq.museum_lines), the others summed as one line."""
    rows = view[DATASET]
    definition = BY_ID[LIGNES]
    drawn = fq.museum_lines(rows)
    if drawn.empty:
        return _empty(definition, view, rows)
    all_years = _year_index(rows)
    place_names = names(rows)
    counted = rows[pd.to_numeric(rows["total"], errors="coerce").notna()]
    own = [p for p in dict.fromkeys(drawn["lieu"]) if p]
    others = int(counted.loc[~counted["lieu"].isin(own), "lieu"].nunique())
    label = {p: place_names.get(p, p) for p in own}
    if others:
        label[""] = f"{OTHERS} ({fr.nombre(others)})"
    series: dict[str, list[float | None]] = {}
    for place, name in label.items():
        values = drawn[drawn["lieu"] == place].set_index("annee")["total"]
        series[name] = none_if_missing(values.reindex(all_years))
    communes = rows.drop_duplicates("lieu").set_index("lieu")["commune"]
    table = drawn.assign(
        musee=drawn["lieu"].map(label),
        commune=drawn["lieu"].map(communes),
        annee=drawn["annee"].astype("int64"),
    )
    table = pd.DataFrame(
        {
            "Musée": table["musee"].to_numpy(),
            "Commune": table["commune"].to_numpy(),
            "Année": table["annee"].to_numpy(),
            "Entrées totales": table["total"].to_numpy(),
            "Musées additionnés": [int(a) if a else 1 for a in table["autres"]],
        }
    )
    title = definition.title
    note = f"Les {fr.nombre(len(own))} musées aux entrées les plus nombreuses sur les années choisies, chacun sa courbe"
    if others:
        note += (
            f" ; « {OTHERS} » additionne chaque année les {fr.nombre(others)} autres musées chiffrés (colonne "
            "« Musées additionnés » : ceux qui ont un chiffre cette année-là)"
        )
    note += (
        ". Une année sans chiffre (musée fermé, non communiqué, compté avec un autre) est un creux de la courbe, "
        "jamais 0."
    )
    dashes = {name: DASHES[k % len(DASHES)] for k, name in enumerate(series)}
    colors = {name: LINE_COLORS[k % len(LINE_COLORS)] for k, name in enumerate(series)}
    if others:
        colors[label[""]] = OTHERS_COLOR
    return Panel(
        LIGNES,
        title,
        table,
        caption(view, rows),
        figure=_lines(all_years, series, colors, dashes, title),
        chart=ChartSpec(
            LINE,
            [str(y) for y in all_years],
            series,
            series_colors=colors,
            series_dashes=dashes,
        ),
        formats={"Entrées totales": NOMBRE, "Musées additionnés": NOMBRE},
        note=note,
    )


def _lines(
    all_years: list[int],
    series: dict[str, list[float | None]],
    colors: dict[str, str],
    dashes: dict[str, str],
    title: str,
) -> go.Figure:
    fig = go.Figure()
    for k, (name, values) in enumerate(series.items()):
        fig.add_scatter(
            x=all_years,
            y=values,
            name=wrapped(text(name), LEGEND_WIDTH, None),
            mode="lines+markers",
            connectgaps=False,
            line={"color": colors[name], "dash": dashes[name], "width": 2.5},
            marker={"symbol": SYMBOLS[k % len(SYMBOLS)], "size": 7},
            customdata=[fr.nombre(v) if v is not None else "sans chiffre" for v in values],
            # The museum's name is data: read from the trace, never written into the template.
            hovertemplate="%{x} : %{customdata} entrées<extra>%{fullData.name}</extra>",
        )
    _year_axis(fig, all_years)
    # The legend goes under the chart (icc.present.charts.style.fitted): room for it on a phone, a
    # name a line, long names on two.
    lines_ = sum(1 + wrapped(text(n), LEGEND_WIDTH, None).count("<br>") for n in series)
    fig.update_layout(margin_b=60 + 22 * lines_, legend={"orientation": "h", "traceorder": "normal"})
    return styled(fig, title, height=480 + 22 * lines_)


def _year_axis(fig: go.Figure, all_years: list[int]) -> None:
    # Ticks from the first year (2001, 2006… 2021): the first and last years are read on the axis.
    fig.update_xaxes(tickformat="d", tick0=all_years[0], dtick=5 if len(all_years) > 12 else 1, title="")
    fig.update_yaxes(tickformat=",.0f", rangemode="tozero", title="Entrées")


# --- (c) the territory's total, year by year -------------------------------------------


def _by_year_table(per_year: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Année": per_year["annee"].astype("int64").to_numpy(),
            "Entrées totales": per_year["total"].to_numpy(),
            PAYANT: per_year["payant"].to_numpy(),
            GRATUIT: per_year["gratuit"].to_numpy(),
            "Musées chiffrés": per_year["musees_chiffres"].to_numpy(),
            "Fermés": per_year["fermes"].to_numpy(),
            "Non communiqués": per_year["non_communiques"].to_numpy(),
            "Comptés avec un autre musée": per_year["comptes_avec"].to_numpy(),
        }
    )


def year_by_year(per_year: pd.DataFrame) -> str:
    """« 2001 : 307 726 entrées (21 musées) ; … » for the text alternative."""
    parts = []
    for year, total, n in zip(per_year["annee"], per_year["total"], per_year["musees_chiffres"], strict=True):
        if pd.isna(total):
            parts.append(f"{int(year)} : non chiffré")
        else:
            parts.append(f"{int(year)} : {fr.nombre(total)} ({fr.nombre(int(n))} musée{'s' if n > 1 else ''})")
    return "Année par année : " + " ; ".join(parts) + "."


def ends(known: pd.DataFrame) -> str:
    """« De 307 726 entrées en 2001 (21 musées) à 784 783 en 2021 (22 musées). »"""

    def said(row) -> str:
        n = int(row["musees_chiffres"])
        return f"{fr.nombre(row['total'])} en {int(row['annee'])} ({fr.nombre(n)} musée{'s' if n > 1 else ''})"

    first, last = known.iloc[0], known.iloc[-1]
    return f"De {said(first)} à {said(last)}." if len(known) > 1 else f"{said(last)}."


def territory(view: Bundle, filters: Filters) -> Panel:
    """The territory's total year by year, with the number of museums it adds each year."""
    rows = view[DATASET]
    definition = BY_ID[TOTAL]
    per_year = fq.by_year(rows)
    if per_year.empty or per_year["total"].isna().all():
        return _empty(definition, view, rows)
    table = _by_year_table(per_year)
    all_years = [int(y) for y in per_year["annee"]]
    values = none_if_missing(per_year["total"])
    fig = go.Figure(
        go.Scatter(
            x=all_years,
            y=values,
            name="Entrées",
            mode="lines+markers",
            connectgaps=False,
            line={"color": TOTAL_COLOR, "width": 3},
            marker={"size": 8},
            customdata=[
                [fr.nombre(t) if t is not None else "non chiffré", fr.nombre(int(n)), "s" if n > 1 else ""]
                for t, n in zip(values, per_year["musees_chiffres"], strict=True)
            ],
            hovertemplate="%{x} : %{customdata[0]} entrées<br>%{customdata[1]} musée%{customdata[2]} chiffré"
            "%{customdata[2]}<extra></extra>",
        )
    )
    _year_axis(fig, all_years)
    title = definition.title
    labels = _peak_and_last(values, per_year)
    return Panel(
        TOTAL,
        title,
        table,
        caption(view, rows),
        figure=styled(fig, title, height=420),
        chart=ChartSpec(
            LINE,
            [str(y) for y in all_years],
            {"Entrées": values},
            series_colors={"Entrées": TOTAL_COLOR},
            labels=labels,
        ),
        formats=dict.fromkeys([c for c in table.columns if c != "Année"], NOMBRE),
        note="Chaque année additionne les entrées des musées qui ont donné un chiffre (colonne « Musées chiffrés ») : "
        "un musée fermé, qui n'a pas communiqué son chiffre ou dont les entrées sont comptées avec celles d'un "
        "autre n'ajoute rien, aucune entrée n'est comptée deux fois. D'une année à l'autre, ce ne sont donc pas "
        "toujours les mêmes musées.",
        description=year_by_year(per_year),
    )


def _peak_and_last(values: list[float | None], per_year: pd.DataFrame) -> list[str | None]:
    """A slide labels the highest year and the last one, with the museums they add."""
    known = [i for i, v in enumerate(values) if v is not None]
    if not known:
        return [None] * len(values)
    wanted = {max(known, key=lambda i: values[i]), known[-1]}
    counts = list(per_year["musees_chiffres"])
    return [
        f"{fr.nombre(values[i])} ({fr.nombre(int(counts[i]))} musées)" if i in wanted else None
        for i in range(len(values))
    ]


# --- the overview's trend --------------------------------------------------------------


def trend(view: Bundle, filters: Filters) -> Panel:
    """The territory's total since the first year, as a small line for the overview."""
    rows = view[DATASET]
    definition = BY_ID[TENDANCE]
    per_year = fq.by_year(rows)
    known = per_year[per_year["total"].notna()]
    if known.empty:
        return _empty(definition, view, rows)
    first, last = int(known["annee"].iloc[0]), int(known["annee"].iloc[-1])
    title = f"Entrées dans les musées du territoire, {first}–{last}" if first != last else f"Entrées en {last}"
    all_years = [int(y) for y in per_year["annee"]]
    values = none_if_missing(per_year["total"])
    fig = go.Figure(
        go.Scatter(
            x=all_years,
            y=values,
            name="Entrées",
            mode="lines",
            connectgaps=False,
            line={"color": TOTAL_COLOR, "width": 3},
            customdata=[
                [fr.nombre(t) if t is not None else "non chiffré", fr.nombre(int(n))]
                for t, n in zip(values, per_year["musees_chiffres"], strict=True)
            ],
            hovertemplate="%{x} : %{customdata[0]} entrées (%{customdata[1]} musées)<extra></extra>",
        )
    )
    fig.add_scatter(
        x=[last],
        y=[float(known["total"].iloc[-1])],
        mode="markers",
        marker={"color": TOTAL_COLOR, "size": 10},
        showlegend=False,
        hoverinfo="skip",
    )
    _year_axis(fig, all_years)
    # A small line: its shape says the trend; the figures are the headline's, the hover's and the table's
    # (the scale's « 0 » sat on « 2001 » in a third of the page).
    fig.update_yaxes(title="", showticklabels=False)
    fig.update_layout(showlegend=False)
    table = _by_year_table(per_year)[["Année", "Entrées totales", "Musées chiffrés"]]
    return Panel(
        TENDANCE,
        title,
        table,
        caption(view, rows),
        figure=styled(fig, title, height=260),
        chart=ChartSpec(LINE, [str(y) for y in all_years], {"Entrées": values}),
        formats={"Entrées totales": NOMBRE, "Musées chiffrés": NOMBRE},
        note="Musées qui ont donné un chiffre chaque année ; détail dans la page Musées et fréquentation.",
        description=ends(known),
    )


DEFINITIONS = [
    Definition(ANNEE, "Entrées par musée, une année", "Musées une année", by_museum),
    Definition(LIGNES, "Entrées de chaque musée, année par année", "Musées année par année", lines),
    Definition(TOTAL, "Entrées dans les musées du territoire, année par année", "Musées total par année", territory),
    Definition(TENDANCE, "Entrées dans les musées depuis 2001", "Musées tendance", trend),
]
BY_ID = {d.id: d for d in DEFINITIONS}
