"""Layout helpers shared by the pages: panels with their caption, text alternative and data, tables."""

from __future__ import annotations

import math
from urllib.parse import urlencode

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from icc import formatting as fr
from icc.charts import alternative
from icc.charts.style import PLOTLY_CONFIG, legible
from icc.panels.base import EMPTY, Panel, projected, readable
from icc.provenance import escape_markdown
from icc.ui import data

PAGE_ROWS = 200  # rows of a table per page: a large table is sent to the browser one page at a time
DATA_LABEL = "Données du graphique"
_CODE = "\u2063code"  # a column name no dataset has (invisible separator): the INSEE code, never shown


def chart(fig: go.Figure, caption: str, key: str | None = None) -> None:
    """A page-only chart, with its text alternative and its data as a table, both read off the figure."""
    note(alternative.sentence(fig))
    # theme=None: the figure's own colours (Streamlit's theme greys axis text to 3.7:1).
    st.plotly_chart(legible(fig), config=PLOTLY_CONFIG, key=key, width="stretch", theme=None)
    st.caption(caption)
    with st.expander(DATA_LABEL):
        table(alternative.table(fig), "Les valeurs que le graphique dessine.", key=f"{key}_data" if key else None)


def on_phone() -> bool:
    """The browser says it is a phone (Chromium's Sec-CH-UA-Mobile client hint, or « Mobi » in its
    user agent, as MDN advises): the page cannot know its width, so maps take the phone's view."""
    headers = st.context.headers
    return headers.get("Sec-CH-UA-Mobile") == "?1" or "Mobi" in (headers.get("User-Agent") or "")


def empty(what: str = "") -> None:
    st.info(f"{what} : {EMPTY}" if what else EMPTY)


def _page(frame: pd.DataFrame, key: str | None) -> pd.DataFrame:
    """One page of a long table, with the page chooser and what it shows."""
    if len(frame) <= PAGE_ROWS or key is None:
        return frame
    pages = math.ceil(len(frame) / PAGE_ROWS)
    number = st.number_input(
        f"Page (sur {fr.nombre(pages)})", min_value=1, max_value=pages, value=1, step=1, key=f"{key}_page"
    )
    start = (int(number) - 1) * PAGE_ROWS
    end = min(start + PAGE_ROWS, len(frame))
    st.caption(f"Lignes {fr.nombre(start + 1)} à {fr.nombre(end)} sur {fr.nombre(len(frame))}.")
    return frame.iloc[start:end]


def readable_table(content: Panel, caption: str, key: str | None = None) -> None:
    """A panel's table as read, a long one paged before it is formatted (only the rows shown are)."""
    shown = _page(content.table, key)
    st.dataframe(readable(content, shown), hide_index=True, width="stretch", key=key)
    st.caption(caption)


def table(frame: pd.DataFrame, caption: str, key: str | None = None, **column_config) -> None:
    """Data shown as text (never HTML), with its caption; long tables are paged."""
    shown = _page(frame, key)
    st.dataframe(shown, hide_index=True, width="stretch", column_config=column_config or None, key=key)
    st.caption(caption)


PORTRAIT_COLUMN = "Portrait de la commune"
PORTRAIT_PAGE = "views/communes.py"


def portrait_query(code: str) -> dict[str, str]:
    """The query of a commune's portrait, on the day the dashboard shows (``?au=``)."""
    day = data.as_of_day()
    return {"commune": code, **({"au": day.isoformat()} if day else {})}


def portrait_url(code) -> str | None:
    """The address of a commune's portrait from its INSEE code (relative: the app's own base path)."""
    if not isinstance(code, str) or not code.strip():
        return None
    return "communes?" + urlencode(portrait_query(code.strip()))


def table_with_portraits(frame: pd.DataFrame, codes, caption: str, key: str | None = None) -> None:
    """A table naming communes, with a link to each one's portrait built from its INSEE code, never
    from the text shown (a row without a commune gets no link). Long tables are paged first: only
    the rows shown get their link (350 000 links at each rerun took seconds)."""
    codes = list(codes)
    if len(codes) != len(frame):
        raise ValueError("one INSEE code per row")
    shown = _page(frame.assign(**{_CODE: codes}), key)
    links = [portrait_url(c) for c in shown[_CODE]]
    shown = shown.drop(columns=_CODE).assign(**{PORTRAIT_COLUMN: links})
    column = st.column_config.LinkColumn(PORTRAIT_COLUMN, display_text="Voir le portrait")
    st.dataframe(shown, hide_index=True, width="stretch", column_config={PORTRAIT_COLUMN: column}, key=key)
    st.caption(caption)


def portrait_link(code: str, name: str, container=None) -> None:
    """« Portrait de Martigues », a link within the app (keeps the session, its filters and ``?au=``)."""
    (container or st).page_link(
        PORTRAIT_PAGE,
        label=f"Portrait de {escape_markdown(str(name))}",  # a page link's label is markdown
        icon=":material/location_city:",
        query_params={"commune": code},
    )


def note(text: str, container=None) -> None:
    """A caption whose text may contain data: escaped, since captions are markdown."""
    (container or st).caption(escape_markdown(text))


def figures(content: Panel) -> None:
    """A panel's headline figures side by side: label, value (« non chiffré » when unknown), what it covers."""
    for column, figure in zip(st.columns(len(content.figures)), content.figures, strict=True):
        column.metric(figure.label, figure.value, help=figure.help or None)
        note(figure.note, column)


def panel(content: Panel, key: str, large: bool = False, caption: str = "") -> None:
    """A panel as a page shows it: its chart (or table), a text alternative, its caption and note,
    and the chart's data as a table, so that the table never disagrees with the chart."""
    if content.empty:
        st.info(f"{content.title} : {content.empty_message}")
        return
    if content.figure is None:
        readable_table(content, content.caption, key=f"{key}_table")
    else:
        note(content.alt)
        # A panel's figure is made legible where it is built (icc.panels.panel), once.
        fig = projected(content.figure) if large else content.figure
        st.plotly_chart(fig, config=PLOTLY_CONFIG, key=key, width="stretch", theme=None)
        st.caption(content.caption)
    if content.note or caption:
        note(" ".join(t for t in (caption, content.note) if t))
    if content.figure is not None:
        with st.expander(DATA_LABEL):
            readable_table(content, "Les chiffres du graphique, tels que les exports les écrivent.", key=f"{key}_data")
