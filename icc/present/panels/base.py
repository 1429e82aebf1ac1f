"""What a panel is: one idea, defined once, read by its page, the presentation and the exports.

A panel carries its title, its numbers as a table (French headers, numbers kept numbers), its
plotly figure, its native PowerPoint chart spec, its source and version caption, its note and
its empty-state message. Formatting happens only when it is read (``readable``, ``alt``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from icc import formatting as fr
from icc.present.panels.figures import Figure

# Column kinds, turned into French number formats by the exports and the presentation.
NOMBRE, EUROS, POURCENTAGE, DECIMAL = "nombre", "euros", "pourcentage", "decimal"  # DECIMAL: to the hundredth

# Chart kinds of the PowerPoint spec (icc.present.deck maps them to XL_CHART_TYPE).
BAR, STACKED_BAR, CLUSTERED_BAR, PIE = "bar", "stacked_bar", "clustered_bar", "pie"
LINE = "line"  # categories are years, read left to right; a missing value is a gap, never 0

APPROX_NOTE = fr.APPROX_NOTE
EMPTY = "Aucune donnée ne correspond aux filtres choisis. Élargissez la sélection dans la barre latérale."


@dataclass(frozen=True)
class ChartSpec:
    """What a native PowerPoint chart needs: categories in reading order (top first), series."""

    kind: str
    categories: list[str]
    series: dict[str, list[float | None]]
    value_kind: str = NOMBRE  # NOMBRE, DECIMAL or EUROS: number format of the labels
    series_colors: dict[str, str] = field(default_factory=dict)
    point_colors: list[str] | None = None  # one colour per category (single series)
    labels: list[str | None] | None = None  # labels replacing the number (« env. 150 000 »)
    point_legend: dict[str, str] = field(default_factory=dict)  # what the point colours mean
    series_dashes: dict[str, str] = field(default_factory=dict)  # LINE: a dash per series (« dash », « dot »…)


@dataclass(frozen=True)
class Panel:
    id: str
    title: str
    table: pd.DataFrame  # French headers; numbers stay numbers
    caption: str  # markdown-escaped « Source : … · Données : … » (st.caption)
    figure: go.Figure | None = None
    chart: ChartSpec | None = None
    formats: dict[str, str] = field(default_factory=dict)  # column -> NOMBRE, EUROS or POURCENTAGE
    approx: dict[str, str] = field(default_factory=dict)  # figure column -> its « Approximatif » column
    figures: list[Figure] = field(default_factory=list)  # headline figures (chiffres)
    note: str = ""
    empty_message: str = EMPTY
    description: str = ""  # said after the chart's short text alternative (a line's values year by year)

    @property
    def empty(self) -> bool:
        return self.table.empty

    @property
    def sources(self) -> str:
        """The caption as plain text, for files that are not markdown (PowerPoint, Excel)."""
        return plain(self.caption)

    @property
    def alt(self) -> str:
        """A short French text alternative of the chart, from the panel's own numbers."""
        if self.empty:
            return f"{self.title} : {self.empty_message}"
        spec = self.chart
        if spec is None:
            rows = len(self.table)
            return f"{self.title} : tableau de {fr.nombre(rows)} ligne{'s' if rows > 1 else ''}."
        if spec.kind == LINE:
            return " ".join(t for t in (line_alt(self.title, spec), self.description) if t)
        totals = [sum(v or 0 for v in row) for row in zip(*spec.series.values(), strict=True)]
        top_total, top = max(zip(totals, spec.categories, strict=True), key=lambda pair: pair[0])
        if spec.value_kind == EUROS:
            value = fr.euros(top_total)
        else:
            value = fr.nombre(top_total, 2 if spec.value_kind == DECIMAL else 0)
        n = len(spec.categories)
        return (
            f"Graphique en barres : {self.title}, {fr.nombre(n)} barre{'s' if n > 1 else ''}. "
            f"La plus grande : {top} ({value})."
        )


def _value(value: float, kind: str) -> str:
    return fr.euros(value) if kind == EUROS else fr.nombre(value, 2 if kind == DECIMAL else 0)


def line_alt(title: str, spec: ChartSpec) -> str:
    """« Graphique en courbes : <titre>, 7 courbes, de 2001 à 2021. Le plus haut : MuCEM en 2013 (592 749). »"""
    n = len(spec.series)
    years = f"de {spec.categories[0]} à {spec.categories[-1]}" if spec.categories else "sans année"
    points = [
        (value, name, category)
        for name, values in spec.series.items()
        for value, category in zip(values, spec.categories, strict=True)
        if value is not None
    ]
    text = f"Graphique en courbes : {title}, {fr.nombre(n)} courbe{'s' if n > 1 else ''}, {years}."
    if points:
        value, name, category = max(points, key=lambda p: p[0])
        who = f"{name} en {category}" if n > 1 else category
        text += f" Le plus haut : {who} ({_value(value, spec.value_kind)})."
    return text


@dataclass(frozen=True)
class Definition:
    """A panel in the registry: its id (URL slug), title, Excel sheet name and builder."""

    id: str
    title: str
    sheet: str  # 31 characters at most
    build: Callable[..., Panel]  # (view, filters, **options) -> Panel


def plain(markdown: str) -> str:
    """Undo provenance.escape_markdown."""
    return re.sub(r"\\(.)", r"\1", markdown).replace("\u2060", "")  # the word joiner that breaks autolinks


def yes_no(values) -> list[str]:
    return ["oui" if bool(v) else "non" for v in values]


def none_if_missing(values) -> list[float | None]:
    return [None if pd.isna(v) else float(v) for v in values]


def approx_labels(values, approx) -> list[str | None]:
    """Custom labels only where a figure is approximate; None keeps the number format."""
    return [fr.approx(fr.nombre(v), True) if bool(a) else None for v, a in zip(values, approx, strict=True)]


def empty_panel(definition: Definition, caption: str, title: str | None = None) -> Panel:
    return Panel(definition.id, title or definition.title, pd.DataFrame(), caption)


def readable(panel: Panel, rows: pd.DataFrame | None = None) -> pd.DataFrame:
    """The table formatted in French for reading on screen or on a slide (numbers become text).

    Approximate figures are prefixed « env. », and the « Approximatif » column then goes; a
    missing figure stays empty (never « 0 »). ``rows``: only these rows of the table (the page of
    a long table that a screen shows: formatting every row at each rerun took seconds).
    """
    table = (panel.table if rows is None else rows).copy()
    for column, kind in panel.formats.items():
        if column not in table.columns:
            continue
        if kind == EUROS:
            text = table[column].map(fr.euros)
        elif kind == POURCENTAGE:
            text = table[column].map(fr.pourcentage)
        elif kind == DECIMAL:
            text = table[column].map(lambda v: fr.nombre(v, 2))
        else:
            text = table[column].map(fr.nombre)
        flag = panel.approx.get(column)
        if flag in table.columns:
            text = [fr.approx(t, f == "oui") for t, f in zip(text, table[flag], strict=True)]
        table[column] = text
    drop = {flag for flag in panel.approx.values() if flag in table.columns}
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
