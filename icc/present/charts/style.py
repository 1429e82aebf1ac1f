"""Shared look of every chart: French separators, large type for projectors."""

from __future__ import annotations

import html
import textwrap

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


def broken(label, width: int = 16):
    """A label longer than ``width`` characters on two lines, broken at the space nearest its middle."""
    if not isinstance(label, str) or len(label) <= width or " " not in label.strip():
        return label
    text = label.strip()
    spaces = [i for i, c in enumerate(text) if c == " "]
    cut = min(spaces, key=lambda i: abs(i - len(text) / 2))
    return f"{text[:cut]}<br>{text[cut + 1 :]}"


def fitted(fig: go.Figure, title_chars: int = 28, label_chars: int = 16) -> go.Figure:
    """The same figure for a narrow column (a third of the overview, a phone): its title on as many
    lines as it needs, long category and value labels on two lines, and a horizontal legend at the
    bottom of the figure, under the axis title, instead of over it."""
    out = go.Figure(fig)
    lines = textwrap.wrap(out.layout.title.text or "", title_chars) or [""]
    out.update_layout(title_text="<br>".join(lines), title_font_size=18, margin_t=24 + 24 * len(lines))
    for trace in out.data:
        categories = trace.type == "scatter" or (trace.type == "bar" and trace.orientation == "h")
        if categories and trace.y is not None and all(isinstance(v, str) for v in trace.y):
            trace.y = [broken(v, label_chars) for v in trace.y]  # the same categories on every trace
        if trace.type == "scatter" and trace.mode == "text" and trace.text is not None:
            # Each label keeps the spaces that set it off from its bar.
            trace.text = [
                t[: len(t) - len(t.lstrip())] + broken(t, label_chars) if isinstance(t, str) else t for t in trace.text
            ]
    axis = out.layout.xaxis
    if axis.dtick and axis.range:  # at most five ticks, at a round step: no crowded, slanted numbers
        wanted = float(axis.range[1]) / 5
        out.update_xaxes(dtick=next(s for s in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000) if s >= wanted))
    if out.layout.legend.orientation == "h":
        out.update_layout(legend={"yref": "container", "y": 0, "yanchor": "bottom", "x": 0}, margin_b=70)
    out.update_layout(height=(out.layout.height or 460) + 24 * (len(lines) - 1))
    return out
