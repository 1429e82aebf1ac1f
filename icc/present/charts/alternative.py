"""A chart read without seeing it (RGAA 1.1.8, 1.6.7): a short sentence and its data as a table.

Built from the figure's own traces, so the table can never disagree with the chart it describes.
Used for the page-only charts; panels say the same from their numbers (icc.present.panels.base).
"""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from icc import formatting as fr

KINDS = {"bar": "en barres", "treemap": "en rectangles", "pie": "en secteurs", "scatter": "en points"}


def _plain(value) -> str:
    return html.unescape(str(value)) if value is not None else ""


def _list(values) -> list:
    return [] if values is None else list(values)


def _rows(trace) -> list[dict]:
    name = _plain(trace.name) if trace.name else ""
    if trace.type in ("treemap", "pie", "sunburst"):
        labels, values = _list(trace.labels), _list(trace.values)
        return [{"Série": name, "Élément": _plain(lb), "Valeur": v} for lb, v in zip(labels, values, strict=False)]
    horizontal = getattr(trace, "orientation", None) == "h"
    categories = _list(trace.y if horizontal else trace.x)
    values = _list(trace.x if horizontal else trace.y)
    if trace.type == "bar" or horizontal:
        return [{"Série": name, "Élément": _plain(c), "Valeur": v} for c, v in zip(categories, values, strict=False)]
    texts = _list(trace.text) if not isinstance(trace.text, str | None) else [trace.text] * len(categories)
    return [
        {"Série": name, "Élément": _plain(t) or _plain(y), "Valeur": _plain(x)}
        for x, y, t in zip(categories, values, texts, strict=False)
    ]


def table(fig: go.Figure) -> pd.DataFrame:
    """Every value the figure draws: series, element, value (a series column only if there are several)."""
    rows = [row for trace in fig.data for row in _rows(trace)]
    frame = pd.DataFrame(rows, columns=["Série", "Élément", "Valeur"])
    if frame["Série"].nunique() <= 1:
        frame = frame.drop(columns="Série")
    return frame


def sentence(fig: go.Figure) -> str:
    """« Graphique en barres : <titre>, 3 séries, 12 valeurs. » from the figure itself."""
    title = _plain(fig.layout.title.text) if fig.layout.title and fig.layout.title.text else "graphique"
    kind = KINDS.get(fig.data[0].type, "") if fig.data else ""
    values = len(table(fig)) if fig.data else 0
    series = len(fig.data)
    parts = [f"{fr.nombre(values)} valeur{'s' if values > 1 else ''}"]
    if series > 1:
        parts.insert(0, f"{fr.nombre(series)} séries")
    return f"Graphique {kind} : {title}, {', '.join(parts)} ; ses données sont dans le tableau qui suit.".replace(
        "Graphique  :", "Graphique :"
    )
