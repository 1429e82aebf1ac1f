"""Shared look of every chart: French separators, large type for projectors."""

from __future__ import annotations

import html
import textwrap
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

FONT = "Marianne, Arial, sans-serif"

# Modebar: PNG at presentation resolution from the chart's own menu.
PLOTLY_CONFIG = {
    "displaylogo": False,
    "locale": "fr",
    "toImageButtonOptions": {"format": "png", "scale": 3, "filename": "graphique-icc"},
    # Only the PNG download stays: each button is a tab stop with an English name (RGAA 12.8, 8.7).
    "modeBarButtonsToRemove": [
        "select2d",
        "lasso2d",
        "zoom2d",
        "pan2d",
        "zoomIn2d",
        "zoomOut2d",
        "autoScale2d",
        "resetScale2d",
        "toggleSpikelines",
        "hoverClosestCartesian",
        "hoverCompareCartesian",
        "resetViews",
    ],
}


def styled(fig: go.Figure, title: str, height: int = 460) -> go.Figure:
    fig.update_layout(
        title={"text": title, "x": 0, "font": {"size": 20}},
        font={"family": FONT, "size": 15},
        separators=", ",  # decimal comma, space for thousands
        template="plotly_white",
        height=height,
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        legend={"title": {"text": ""}},
        hoverlabel={"font_size": 15},
    )
    return fig


def euros_axis(fig: go.Figure, axis: str = "x") -> go.Figure:
    # SI suffixes give "211,5M" rather than "211,5 M€"; keep full numbers with a € suffix.
    getattr(fig, f"update_{axis}axes")(ticksuffix=" €", tickformat=",.0f")
    return fig


def text(value) -> str:
    """Data shown inside a chart: plotly reads <, > and & as markup, so escape them (shown literally)."""
    return (
        "" if value is None or (not isinstance(value, str) and pd.isna(value)) else html.escape(str(value), quote=False)
    )


def _luminance(color: str) -> float:
    """WCAG relative luminance of a ``#rrggbb`` colour."""
    channels = [int(color.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def ink_on(color) -> str:
    """Black or white, whichever reads better on ``color`` (WCAG contrast; at least 4.5:1 on our palette)."""
    if not isinstance(color, str) or not color.startswith("#") or len(color) != 7:
        return INK
    luminance = _luminance(color)
    return INK if (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) else "#ffffff"


INK = "#1b1b1b"  # the theme's text colour: 17:1 on white
PATTERNS = ("", "/", ".", "x", "-", "+", "\\", "|")


def legible(fig: go.Figure) -> go.Figure:
    """Every label readable (RGAA 3.2): dark text outside bars and on light bars, white on dark bars.

    Plotly's automatic inside colour put white on the Okabe–Ito green and vermilion (3.4:1, 3.9:1).
    """
    fig.update_layout(font_color=INK)
    # Values written after a bar (« 211,5 M€ ») were cut at phone width: draw them over the margin,
    # and keep a margin wide enough for them (RGAA 10.11).
    after = [t for t in fig.data if (t.type == "scatter" and t.mode == "text") or t.type == "bar"]
    if after:
        for trace in after:
            trace.cliponaxis = False
        fig.update_layout(margin_r=max(fig.layout.margin.r or 0, 90))
    bars = [t for t in fig.data if t.type == "bar"]
    if len(bars) > 1:  # several series: a pattern each as well as a colour (RGAA 3.1)
        for k, trace in enumerate(bars):
            if not trace.marker.pattern.shape:
                trace.marker.pattern.shape = PATTERNS[k % len(PATTERNS)]
    for trace in fig.data:
        if trace.type != "bar" or trace.text is None:
            continue
        colors = trace.marker.color
        inside = [ink_on(c) for c in colors] if isinstance(colors, (list, tuple)) else ink_on(colors)
        trace.insidetextfont = {"color": inside}
        trace.outsidetextfont = {"color": INK}
    return fig


@dataclass(frozen=True)
class Fit:
    """How long a chart's written labels may run: a category's name on lines of ``label`` characters,
    at most ``lines`` of them; a value written after its bar on lines of ``value`` (None: one line)."""

    label: int
    lines: int
    value: int | None


NARROW = Fit(label=18, lines=3, value=13)  # a phone, a third of a screen: « env. 100 000 / visiteurs »
WIDE = Fit(label=32, lines=2, value=None)  # a page's whole width on a computer
LINE_PX = 26  # the height a label's extra line adds to its row


def wrapped(label, width: int, lines: int | None):
    """A label on lines of at most ``width`` characters (words kept whole where they fit); beyond
    ``lines`` lines the last one ends with « … ». Numbers and short labels are left as they are."""
    if not isinstance(label, str):
        return label
    # Labels reach plotly escaped (``text``): cut the text a person reads, never inside « &amp; ».
    shown = html.unescape(label.replace("<br>", " ")).strip()
    if len(shown) <= width:
        return label
    parts = textwrap.wrap(shown, width)
    if lines is not None and len(parts) > lines:
        parts = [*parts[: lines - 1], parts[lines - 1][: width - 1].rstrip() + "…"]
    return "<br>".join(html.escape(part, quote=False) for part in parts)


def _renamed(values: list, fit: Fit) -> dict:
    """Each category's wrapped name; a category whose shortened name another one shares keeps its
    whole name on as many lines as it needs (two bars must never merge into one)."""
    names = {v: wrapped(v, fit.label, fit.lines) for v in values}
    seen: dict = {}
    for original, name in names.items():
        seen.setdefault(name, []).append(original)
    for originals in seen.values():
        if len(originals) > 1:
            for original in originals:
                names[original] = wrapped(original, fit.label, None)
    return names


def fitted(fig: go.Figure, fit: Fit = WIDE) -> go.Figure:
    """The same figure for a page's column (``NARROW`` for a phone or a third of a screen): no title
    inside (the page writes it as text, which wraps), category names and values wrapped as ``fit``
    says, a horizontal legend at the bottom of the figure, under the axis title, and rows as tall as
    their names. Numbers, colours and the order of the categories are left as they are."""
    out = go.Figure(fig)
    out.update_layout(title_text="", margin_t=24)  # room above the first bar for a value on two lines
    extra = 0
    for axis in ("y", "x"):
        # Horizontal bars and text labels name their categories on y, vertical bars on x.
        traces = [
            t
            for t in out.data
            if (t.type == "bar" and (t.orientation == "h") == (axis == "y")) or (t.type == "scatter" and axis == "y")
        ]
        values = [v for t in traces if getattr(t, axis) is not None for v in getattr(t, axis) if isinstance(v, str)]
        if not values:
            continue
        names = _renamed(list(dict.fromkeys(values)), fit)
        for trace in traces:
            column = getattr(trace, axis)
            if column is not None:
                setattr(trace, axis, [names.get(v, v) if isinstance(v, str) else v for v in column])
        order = out.layout[f"{axis}axis"].categoryarray
        if order is not None:  # the order names the categories too
            out.layout[f"{axis}axis"].categoryarray = [names.get(v, v) for v in order]
        if axis == "y":
            extra = sum(LINE_PX * name.count("<br>") for name in set(names.values()))
    written_after = False
    for trace in out.data:
        if fit.value is None:
            break
        if trace.type in ("bar", "scatter") and trace.text is not None and not isinstance(trace.text, str):
            # Each label keeps the spaces that set it off from its bar.
            trace.text = [
                t[: len(t) - len(t.lstrip())] + wrapped(t, fit.value, None) if isinstance(t, str) else t
                for t in trace.text
            ]
            written_after = written_after or trace.type == "scatter" or trace.textposition in ("outside", "auto")
    if written_after:
        out.update_layout(margin_r=max(out.layout.margin.r or 0, 120))
    axis = out.layout.xaxis
    if axis.dtick and axis.range:  # at most five ticks, at a round step: no crowded, slanted numbers
        wanted = float(axis.range[1]) / 5
        out.update_xaxes(dtick=next(s for s in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000) if s >= wanted))
    elif bars := [t for t in out.data if t.type == "bar" and t.orientation == "h"]:
        out.update_xaxes(nticks=4)
        if fit.value is not None and all(t.text is not None for t in bars):
            # On a phone the bars have a fifth of the width: their values are written after them,
            # the scale's numbers would only stand on end over each other.
            out.update_xaxes(showticklabels=False)
    if (
        out.layout.showlegend is not False
        and len([t for t in out.data if getattr(t, "showlegend", False) is not False]) > 1
    ):
        # Under the figure, its entries on as many lines as the width needs: beside the chart a
        # legend takes a third of a phone's width, over it it hides the axis title.
        out.update_layout(
            legend={"orientation": "h", "yref": "container", "y": 0, "yanchor": "bottom", "x": 0},
            margin_b=max(out.layout.margin.b or 0, 70),
        )
    out.update_layout(height=(out.layout.height or 460) + extra)
    return out
