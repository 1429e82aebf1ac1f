"""Shared look of every chart: French separators, large type for projectors."""

from __future__ import annotations

import html

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
