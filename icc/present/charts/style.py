"""Shared look of every chart: French separators, large type for projectors."""

from __future__ import annotations

import html
import math
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
    for trace in after:
        trace.cliponaxis = False
    if [t for t in after if t.type == "scatter" or t.orientation == "h"]:  # a column's value is above it
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
    at most ``lines`` of them; a value written in a bar's place on lines of ``value`` (None: one line);
    ``width``: about the pixels the figure has (a phone's, a third of a computer's page, a page's)."""

    label: int
    lines: int
    value: int | None
    width: int = 900


NARROW = Fit(label=18, lines=3, value=13, width=330)  # a phone, a third of a screen: « env. 100 000 / visiteurs »
WIDE = Fit(label=32, lines=2, value=None, width=1000)  # a page's whole width on a computer
LINE_PX = 26  # the height a label's extra line adds to its row
ROW_LINE_PX = 20  # a line of a name in a row of bars: plotly gives every row the same height
AROUND_PX = 130  # a figure's height beside its rows: margins, scale, axis title
CHAR_PX = 9  # about the width of a character of the charts' 15 px type (a little more: names)
VALUE_CHAR_PX = 7.5  # the same for a value (figures, spaces, slashes)
SHORTEST_BAR = 0.45  # the longest bar keeps this share of the plot at least, or its value leaves the chart


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


def _renamed(values: list, fit: Fit, width: int | None = None) -> dict:
    """Each category's wrapped name (on lines of ``width`` characters, else ``fit.label``); a category
    whose shortened name another one shares keeps its whole name on as many lines as it needs (two
    bars must never merge into one)."""
    width = width or fit.label
    names = {v: wrapped(v, width, fit.lines) for v in values}
    seen: dict = {}
    for original, name in names.items():
        seen.setdefault(name, []).append(original)
    for originals in seen.values():
        if len(originals) > 1:
            for original in originals:
                names[original] = wrapped(original, width, None)
    return names


def _room_after_bars(out: go.Figure, fit: Fit) -> None:
    """Values a text trace writes after horizontal bars, on one line: the scale is stretched until
    the longest fits between its bar and the figure's edge; if the bars would shrink below
    ``SHORTEST_BAR`` of the plot, the values leave the chart for the table under it."""
    bars = [t for t in out.data if t.type == "bar" and t.orientation == "h" and t.y is not None]
    after = [t for t in out.data if t.type == "scatter" and t.mode == "text" and t.text is not None and t.x is not None]
    if not bars or not after or not out.layout.xaxis.range:
        return
    names = [line for t in bars for v in t.y for line in html.unescape(str(v)).split("<br>")]
    margin = out.layout.margin
    plot = fit.width - CHAR_PX * max(map(len, names), default=0) - (margin.l or 0) - (margin.r or 0)
    top = float(out.layout.xaxis.range[1])
    wanted = top
    for trace in after:
        for x, label in zip(trace.x, trace.text, strict=False):
            beyond = len(html.unescape(str(label))) * VALUE_CHAR_PX - (margin.r or 0)  # past the plot's edge
            if x is None or pd.isna(x) or beyond <= 0:
                continue
            share = 1 - beyond / plot if plot > 0 else 0
            if share < SHORTEST_BAR:
                wanted = math.inf
                break
            wanted = max(wanted, float(x) / share)
    if wanted == math.inf:
        for trace in after:
            trace.visible = False
    elif wanted > top:
        out.update_xaxes(range=[out.layout.xaxis.range[0], wanted])


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
        traces = [t for t in out.data if t.type == "bar" and (t.orientation == "h") == (axis == "y")]
        if axis == "y" or traces:  # a text trace over vertical bars writes at their categories
            traces += [t for t in out.data if t.type == "scatter"]
        values = [v for t in traces if getattr(t, axis) is not None for v in getattr(t, axis) if isinstance(v, str)]
        if not values:
            continue
        categories = list(dict.fromkeys(values))
        width = None
        if axis == "x":
            # Names under vertical bars share the plot's width: written level on as many short lines as
            # that leaves each of them (whole words), never slanted over their neighbours.
            longest = max(len(word) for v in categories for word in html.unescape(v).split() or [""])
            width = min(fit.label, max(longest, fit.width // (CHAR_PX * len(categories))))
            out.update_xaxes(tickangle=0, automargin=True)
        names = _renamed(categories, fit, width)
        for trace in traces:
            column = getattr(trace, axis)
            if column is not None:
                setattr(trace, axis, [names.get(v, v) if isinstance(v, str) else v for v in column])
        order = out.layout[f"{axis}axis"].categoryarray
        if order is not None:  # the order names the categories too
            out.layout[f"{axis}axis"].categoryarray = [names.get(v, v) for v in order]
        if axis == "y":
            extra = sum(LINE_PX * name.count("<br>") for name in set(names.values()))
            lines = 1 + max(name.count("<br>") for name in names.values())
            if lines > 1:  # every row as tall as the tallest name, or a name runs into its neighbour's
                rows = len(set(names.values()))
                extra = max(extra, AROUND_PX + rows * (ROW_LINE_PX * lines + 6) - (out.layout.height or 460))
    written_after = any(t.type == "scatter" and t.text is not None for t in out.data)
    for trace in out.data:
        if fit.value is None:
            break
        # A bar's value is kept within the bar's thickness by plotly (``constraintext``): on lines it
        # stays in its row. A text trace's value is not: on lines it would run over the next row's,
        # so it stays on one line, in the margin kept for it.
        if trace.type == "bar" and trace.text is not None and not isinstance(trace.text, str):
            # Each label keeps the spaces that set it off from its bar.
            trace.text = [
                t[: len(t) - len(t.lstrip())] + wrapped(t, fit.value, None) if isinstance(t, str) else t
                for t in trace.text
            ]
            written_after = written_after or (trace.orientation == "h" and trace.textposition in ("outside", "auto"))
    if written_after:
        out.update_layout(margin_r=max(out.layout.margin.r or 0, 120))
    _room_after_bars(out, fit)
    columns = [t for t in out.data if t.type == "bar" and t.orientation != "h" and t.x is not None]
    # Values written at the columns: their own text, or a text trace above them (a stack's total).
    writers = [t for t in columns if t.text is not None and not isinstance(t.text, str)]
    writers += [t for t in out.data if columns and t.type == "scatter" and t.mode == "text" and t.text is not None]
    if writers:
        margin = out.layout.margin
        plot = fit.width - (margin.l or 0) - (margin.r or 0) - 50  # the scale's numbers, if shown, on the left
        share = plot / max(1, len(set(v for t in columns for v in t.x)))
        if out.layout.barmode == "group":
            share /= len(columns)
        longest = max(len(html.unescape(str(v)).strip()) for t in writers for v in t.text)
        if longest * VALUE_CHAR_PX > share:
            # Wider than its column, a value would be written over its neighbour's: the values are in
            # the table under the chart (and in each column's tooltip), the scale on the axis.
            for trace in writers:
                if trace.type == "bar":
                    trace.textposition = "none"
                else:
                    trace.visible = False
            out.update_yaxes(showticklabels=True, showgrid=True)
            if not out.layout.yaxis.tickformat:
                out.update_yaxes(tickformat=",~f")  # « 800 000 », never « 0,8M »
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
