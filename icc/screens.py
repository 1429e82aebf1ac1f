"""Screens: one idea each, shared by the presentation mode and the exports (PowerPoint, Excel, CSV).

A screen turns the filtered data into what a steering committee sees: a plotly figure from the
existing chart builders, the aggregated table behind it (French headers, numbers kept numeric),
its source caption, and a native-chart spec that icc.deck draws as an editable PowerPoint chart.
Aggregations and figures come from icc.aggregations and icc.charts: nothing is computed twice.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from icc import formatting as fr
from icc import provenance
from icc.aggregations import actions as act
from icc.aggregations import communes as com
from icc.aggregations import evenements as ev
from icc.aggregations import financements as fin
from icc.aggregations import overview
from icc.aggregations import projets as proj
from icc.charts import actions as actions_charts
from icc.charts import evenements as evenements_charts
from icc.charts import financements as financements_charts
from icc.charts import projets as projets_charts
from icc.charts.filieres import short
from icc.colors import LEVEL_COLORS, STATUS_COLORS, family_color
from icc.filters import Filters
from icc.filters import apply as apply_filters
from icc.model import Bundle
from icc.schema import NIVEAUX_FINANCEURS

# Column kinds, turned into French number formats by the exports and the presentation.
NOMBRE, EUROS, POURCENTAGE = "nombre", "euros", "pourcentage"

# Chart kinds of the PowerPoint spec (icc.deck maps them to XL_CHART_TYPE).
BAR, STACKED_BAR, CLUSTERED_BAR, PIE = "bar", "stacked_bar", "clustered_bar", "pie"

APPROX_NOTE = "« env. » : ordre de grandeur (la feuille de route dit « près de », « environ », « plus de »)."
MIXED_NOTE = "Totaux mêlant visiteurs, spectateurs, participants et publics attendus."
FUNDING_NOTE = (
    "Financements arrivant sur le territoire métropolitain, montants annuels cumulés sur leur période ; "
    "une enveloppe contenue dans une autre n'est pas comptée deux fois."
)
ACTIONS_NOTE = (
    "Actions de dernier niveau ; un axe sans action détaillée compte pour une action. Seul le filtre des années "
    "s'applique au plan d'actions."
)


@dataclass(frozen=True)
class ChartSpec:
    """What a native PowerPoint chart needs: categories in reading order (top first), series."""

    kind: str
    categories: list[str]
    series: dict[str, list[float | None]]
    value_kind: str = NOMBRE  # NOMBRE or EUROS: number format of the labels
    series_colors: dict[str, str] = field(default_factory=dict)
    point_colors: list[str] | None = None  # one colour per category (single series)
    labels: list[str | None] | None = None  # labels replacing the number (« env. 150 000 »)
    point_legend: dict[str, str] = field(default_factory=dict)  # what the point colours mean


@dataclass(frozen=True)
class ScreenContent:
    id: str
    title: str
    table: pd.DataFrame  # French headers; numbers stay numbers
    caption: str  # markdown-escaped « Source : … · Données : … » (st.caption)
    figure: go.Figure | None = None
    chart: ChartSpec | None = None
    formats: dict[str, str] = field(default_factory=dict)  # column -> NOMBRE, EUROS or POURCENTAGE
    approx: dict[str, str] = field(default_factory=dict)  # figure column -> its « Approximatif » column
    figures: list[overview.Figure] = field(default_factory=list)  # headline figures (chiffres)
    note: str = ""

    @property
    def empty(self) -> bool:
        return self.table.empty

    @property
    def sources(self) -> str:
        """The caption as plain text, for files that are not markdown (PowerPoint, Excel)."""
        return plain(self.caption)


@dataclass(frozen=True)
class Screen:
    id: str  # short slug, used in the URL
    title: str
    sheet: str  # Excel sheet name (31 characters at most)
    build: Callable[[Bundle, Filters], ScreenContent]


def plain(markdown: str) -> str:
    """Undo provenance.escape_markdown."""
    return re.sub(r"\\(.)", r"\1", markdown).replace("\u2060", "")


def _yes_no(values) -> list[str]:
    return ["oui" if ev.is_approx(v) else "non" for v in values]


def _none(values) -> list[float | None]:
    return [None if pd.isna(v) else float(v) for v in values]


# --- the screens ----------------------------------------------------------------------


def chiffres(view: Bundle, filters: Filters) -> ScreenContent:
    figures = overview.headline(view)
    table = pd.DataFrame(
        {
            "Indicateur": [f.label for f in figures],
            "Valeur": [f.value for f in figures],
            "Précision": [f.note for f in figures],
        }
    )
    frame = pd.concat([view[d][["source"]] for d in ("financements", "evenements", "lieux", "actions")])
    return ScreenContent(
        "chiffres",
        SCREENS_BY_ID["chiffres"].title,
        table,
        provenance.caption(view, frame, "financements", "evenements", "lieux", "actions"),
        figures=figures,
    )


def _levels_wide(long: pd.DataFrame, key: str) -> pd.DataFrame:
    """Long (category, funder level, amount) -> one row per category, one column per level, a total."""
    wide = long.pivot_table(index=key, columns="financeur_niveau", values="montant", aggfunc="sum", observed=True)
    levels = [lv for lv in NIVEAUX_FINANCEURS if lv in wide.columns] + sorted(
        set(wide.columns) - set(NIVEAUX_FINANCEURS)
    )
    wide = wide.reindex(columns=levels).astype(float)
    wide["Total"] = wide.sum(axis=1)
    wide = wide.sort_values("Total", ascending=False)
    wide.index = wide.index.astype(str)
    wide.columns.name = None
    return wide


def _levels_chart(wide: pd.DataFrame) -> ChartSpec:
    levels = [c for c in wide.columns if c != "Total"]
    return ChartSpec(
        STACKED_BAR,
        list(wide.index),
        {lv: _none(wide[lv]) for lv in levels},
        EUROS,
        series_colors={lv: LEVEL_COLORS.get(lv, "#7F7F7F") for lv in levels},
    )


def _funding(view: Bundle) -> pd.DataFrame:
    return fin.scope(view["financements"], fin.TERRITOIRE)


def financements_programme(view: Bundle, filters: Filters) -> ScreenContent:
    rows = _funding(view)
    screen = SCREENS_BY_ID["financements-programme"]
    caption = provenance.caption(view, rows, "financements")
    if rows.empty:
        return ScreenContent(screen.id, screen.title, pd.DataFrame(), caption)
    agg = fin.by_programme(rows, "cumule")
    wide = _levels_wide(agg, "programme")
    table = wide.rename_axis("Programme").reset_index()
    return ScreenContent(
        screen.id,
        screen.title,
        table,
        caption,
        figure=financements_charts.by_programme(agg, screen.title),
        chart=_levels_chart(wide),
        formats={c: EUROS for c in table.columns[1:]},
        note=FUNDING_NOTE,
    )


def financements_statut(view: Bundle, filters: Filters) -> ScreenContent:
    rows = _funding(view)
    screen = SCREENS_BY_ID["financements-statut"]
    caption = provenance.caption(view, rows, "financements")
    if rows.empty:
        return ScreenContent(screen.id, screen.title, pd.DataFrame(), caption)
    # The per-programme aggregation, grouped by status instead: same roots, same amounts.
    agg = fin.by_programme(rows.assign(programme=rows["statut"]), "cumule")
    wide = _levels_wide(agg, "programme")
    table = wide.rename_axis("Statut").reset_index()
    return ScreenContent(
        screen.id,
        screen.title,
        table,
        caption,
        figure=financements_charts.by_programme(agg, screen.title),
        chart=_levels_chart(wide),
        formats={c: EUROS for c in table.columns[1:]},
        note=FUNDING_NOTE,
    )


def _approx_labels(values, approx) -> list[str | None]:
    """Custom labels only where a figure is approximate; None keeps the number format."""
    return [fr.approx(fr.nombre(v), True) if ev.is_approx(a) else None for v, a in zip(values, approx, strict=True)]


def _families(rows: pd.DataFrame) -> dict[str, str]:
    """Family name -> its colour, in order of appearance."""
    pairs = rows[["famille", "famille_nom"]].drop_duplicates("famille")
    return {
        ("Autre" if pd.isna(n) else n): family_color(f)
        for f, n in zip(pairs["famille"], pairs["famille_nom"], strict=True)
    }


def festivals(view: Bundle, filters: Filters) -> ScreenContent:
    events = view["evenements"]
    screen = SCREENS_BY_ID["festivals"]
    caption = provenance.caption(view, events, "evenements", "filieres", "communes")
    rows = ev.ranked(events)
    if rows.empty:
        return ScreenContent(screen.id, screen.title, pd.DataFrame(), caption)
    table = pd.DataFrame(
        {
            "Événement": rows["libelle"],
            "Famille": rows["famille_nom"].fillna(""),
            "Fréquentation": rows["frequentation"].astype("int64"),
            "Type de fréquentation": rows["type_frequentation"],
            "Approximatif": _yes_no(rows["approximatif"]),
        }
    )
    return ScreenContent(
        screen.id,
        screen.title,
        table,
        caption,
        figure=evenements_charts.ranked(rows, screen.title),
        chart=ChartSpec(
            BAR,
            list(rows["libelle"]),
            {"Fréquentation": _none(rows["frequentation"])},
            point_colors=[family_color(f) for f in rows["famille"]],
            labels=_approx_labels(rows["frequentation"], rows["approximatif"]),
            point_legend=_families(rows),
        ),
        formats={"Fréquentation": NOMBRE},
        approx={"Fréquentation": "Approximatif"},
        note=f"Dernière édition citée. {APPROX_NOTE}",
    )


def frequentation_filiere(view: Bundle, filters: Filters) -> ScreenContent:
    events = view["evenements"]
    screen = SCREENS_BY_ID["frequentation-filiere"]
    caption = provenance.caption(view, events, "evenements", "filieres")
    agg = ev.by_family(events)
    if agg.empty:
        return ScreenContent(screen.id, screen.title, pd.DataFrame(), caption)
    table = pd.DataFrame(
        {
            "Famille": agg["famille_nom"].fillna("Autre"),
            "Fréquentation": agg["frequentation"].astype("int64"),
            "Événements chiffrés": agg["evenements"].astype("int64"),
            **{kind.capitalize(): agg[kind].astype("int64") for kind in ev.KINDS},
            "Approximatif": _yes_no(agg["approximatif"]),
        }
    )
    numeric = [c for c in table.columns if c not in ("Famille", "Approximatif")]
    return ScreenContent(
        screen.id,
        screen.title,
        table,
        caption,
        figure=evenements_charts.by_family(agg, screen.title),
        chart=ChartSpec(
            BAR,
            list(table["Famille"]),
            {"Fréquentation": _none(agg["frequentation"])},
            point_colors=[family_color(f) for f in agg["famille"]],
            labels=_approx_labels(agg["frequentation"], agg["approximatif"]),
        ),
        formats=dict.fromkeys(numeric, NOMBRE),
        approx={"Fréquentation": "Approximatif"},
        note=f"{MIXED_NOTE} {APPROX_NOTE}",
    )


def feuille_de_route(view: Bundle, filters: Filters) -> ScreenContent:
    plan = view["actions"]
    screen = SCREENS_BY_ID["feuille-de-route"]
    shown = act.in_years(plan, filters.annee_min, filters.annee_max)
    leaf = act.leaves(plan, shown)
    caption = provenance.caption(view, shown, "actions")
    if leaf.empty:
        return ScreenContent(screen.id, screen.title, pd.DataFrame(), caption)
    agg = act.progress(leaf)
    statuts = {s: s[0].upper() + s[1:] for s in act.STATUTS}
    table = pd.DataFrame(
        {
            "Axe": agg["libelle"],
            **{label: agg[s].astype("int64") for s, label in statuts.items()},
            "Total": agg["total"].astype("int64"),
            "Part réalisée": agg["part_realise"].astype(float),
        }
    )
    return ScreenContent(
        screen.id,
        screen.title,
        table,
        caption,
        figure=actions_charts.progress(agg, screen.title),
        chart=ChartSpec(
            STACKED_BAR,
            [f"Axe {a}" for a in agg["axe"]],
            {s: _none(agg[s]) for s in act.STATUTS},
            series_colors={s: STATUS_COLORS[s] for s in act.STATUTS},
        ),
        formats={**dict.fromkeys([*statuts.values(), "Total"], NOMBRE), "Part réalisée": POURCENTAGE},
        note=ACTIONS_NOTE,
    )


def grands_projets(view: Bundle, filters: Filters) -> ScreenContent:
    projets = view["projets"]
    screen = SCREENS_BY_ID["grands-projets"]
    caption = provenance.caption(view, projets, "projets")
    money = proj.budgets(projets)
    if money.empty:
        return ScreenContent(screen.id, screen.title, pd.DataFrame(), caption)
    approx = money["id"].map(projets.set_index("id")["approximatif"])
    table = pd.DataFrame(
        {
            "Projet": money["nom"],
            "Budget total": money["budget"],
            "Soutien de l'État": money["soutien"],
            "Approximatif": _yes_no(approx),
        }
    )
    return ScreenContent(
        screen.id,
        screen.title,
        table,
        caption,
        figure=projets_charts.budget_vs_support(money, screen.title),
        chart=ChartSpec(
            CLUSTERED_BAR,
            [short(n) for n in money["nom"]],  # as on the screen's chart; the table has the whole names
            {"Budget total": _none(money["budget"]), "Soutien de l'État": _none(money["soutien"])},
            EUROS,
            series_colors={"Budget total": projets_charts.BUDGET_COLOR, "Soutien de l'État": LEVEL_COLORS["État"]},
        ),
        formats={"Budget total": EUROS, "Soutien de l'État": EUROS},
        approx={"Budget total": "Approximatif", "Soutien de l'État": "Approximatif"},
        note="Budget total et soutien de l'État tels que les donne l'annexe 3 ; case vide : montant non précisé.",
    )


def carte(view: Bundle, filters: Filters) -> ScreenContent:
    """The map as a table (the map itself is a pydeck canvas): lieux and events per commune."""
    communes = view["communes"]
    screen = SCREENS_BY_ID["carte"]
    lieux, events = view["lieux"], view["evenements"]
    sources = pd.concat([lieux[["source"]], events[["source"]]])
    caption = provenance.caption(view, sources, "lieux", "evenements", "communes")
    sites = com.sites(communes, lieux)
    # Events counted per commune the way lieux are: one per row with that commune code.
    counted = com.sites(communes, events.rename(columns={"code_insee_commune": "code_insee"}))
    attendance = com.frequentation(communes, events)
    conseil = communes.set_index("code_insee")["conseil_de_territoire"]
    table = pd.DataFrame(
        {
            "Commune": sites["commune"],
            "Conseil de territoire": sites["code_insee"].map(conseil),
            "Lieux": sites["valeur"].astype("int64"),
            "Événements": counted["valeur"].astype("int64"),
            # Nothing counted (no event, or none with a figure) stays empty rather than « 0 ».
            "Fréquentation des événements": attendance["valeur"].where(attendance["valeur"] > 0),
            "Approximatif": _yes_no(attendance["approximatif"]),
        }
    )
    table = table[(table["Lieux"] > 0) | (table["Événements"] > 0)]
    table = table.sort_values(["Lieux", "Événements", "Commune"], ascending=[False, False, True])
    unplaced = int(events["code_insee_commune"].isna().sum())
    note = f"Communes ayant au moins un lieu ou un événement. {APPROX_NOTE}"
    if unplaced:
        note = f"{fr.nombre(unplaced)} événement(s) sans commune connue ne sont pas comptés. {note}"
    return ScreenContent(
        screen.id,
        screen.title,
        table.reset_index(drop=True),
        caption,
        formats=dict.fromkeys(["Lieux", "Événements", "Fréquentation des événements"], NOMBRE),
        approx={"Fréquentation des événements": "Approximatif"},
        note=note,
    )


SCREENS: list[Screen] = [
    Screen("chiffres", "Chiffres clés", "Chiffres clés", chiffres),
    Screen(
        "financements-programme",
        "Financements sur le territoire, par programme",
        "Financements par programme",
        financements_programme,
    ),
    Screen(
        "financements-statut",
        "Financements sur le territoire, par statut",
        "Financements par statut",
        financements_statut,
    ),
    Screen("festivals", "Fréquentation des festivals et événements", "Festivals", festivals),
    Screen(
        "frequentation-filiere",
        "Fréquentation par famille de filières",
        "Fréquentation par filière",
        frequentation_filiere,
    ),
    Screen("feuille-de-route", "Avancement du plan d'actions par axe", "Feuille de route", feuille_de_route),
    Screen("grands-projets", "Grands projets : budget et soutien de l'État", "Grands projets", grands_projets),
    Screen("carte", "Lieux et événements par commune", "Communes", carte),
]
SCREENS_BY_ID: dict[str, Screen] = {s.id: s for s in SCREENS}
IDS: list[str] = [s.id for s in SCREENS]


def parse(value: str | list[str] | None) -> list[str]:
    """Screen ids from the query string (« a,b,c »), unknown ids and repeats dropped, order kept."""
    if value is None:
        return []
    raw = value if isinstance(value, str) else ",".join(value)
    return list(dict.fromkeys(part.strip() for part in raw.split(",") if part.strip() in SCREENS_BY_ID))


def to_query(ids: list[str]) -> str:
    return ",".join(ids)


def build(bundle: Bundle, filters: Filters, ids: list[str] | None = None) -> list[ScreenContent]:
    """The chosen screens (all by default) for the data restricted to ``filters``."""
    view = apply_filters(bundle, filters)
    return [SCREENS_BY_ID[i].build(view, filters) for i in (IDS if ids is None else ids)]


# --- shown as read --------------------------------------------------------------------


def readable(content: ScreenContent) -> pd.DataFrame:
    """The table formatted in French for reading on screen or on a slide (numbers become text).

    Approximate figures are prefixed « env. », and the « Approximatif » column then goes.
    """
    table = content.table.copy()
    for column, kind in content.formats.items():
        if column not in table.columns:
            continue
        if kind == EUROS:
            text = table[column].map(fr.euros)
        elif kind == POURCENTAGE:
            text = table[column].map(fr.pourcentage)
        else:
            text = table[column].map(fr.nombre)
        flag = content.approx.get(column)
        if flag in table.columns:
            text = [fr.approx(t, f == "oui") for t, f in zip(text, table[flag], strict=True)]
        table[column] = text
    drop = {flag for flag in content.approx.values() if flag in table.columns}
    return table.drop(columns=list(drop))


def projected(fig: go.Figure, scale: float = 1.5) -> go.Figure:
    """The same figure with type about 1.5 times larger, for a projector (and no inner title)."""
    out = go.Figure(fig)
    layout = out.layout

    def bigger(font, default: float) -> dict:
        return {"size": round((font.size if font and font.size else default) * scale)}

    base = layout.font.size or 15
    out.update_layout(
        font=bigger(layout.font, 15),
        # The slide's title says what the chart shows: no second title inside it.
        title_text="",
        hoverlabel_font=bigger(layout.hoverlabel.font, base),
        legend_font=bigger(layout.legend.font, base),
        height=round((layout.height or 460) * 1.25),
        margin={"t": 20},
    )
    # Set explicitly: a theme's own tick sizes would otherwise win over the layout font.
    out.update_xaxes(tickfont_size=round(base * scale), title_font_size=round(base * scale))
    out.update_yaxes(tickfont_size=round(base * scale), title_font_size=round(base * scale))
    for trace in out.data:
        font = getattr(trace, "textfont", None)
        if font is not None and font.size:
            trace.textfont.size = round(font.size * scale)
    return out


def query_state(ids: list[str], index: int, filters: Filters) -> Mapping[str, str | list[str]]:
    """The query string of a prepared presentation: screens, current screen, filters."""
    return {**filters.to_query(), "ecrans": to_query(ids), "ecran": str(index)}
