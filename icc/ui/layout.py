"""Layout helpers shared by the pages: panels with their caption, text alternative and data, tables."""

from __future__ import annotations

import html
import math
from collections.abc import Callable
from numbers import Number
from urllib.parse import urlencode

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from icc import formatting as fr
from icc.prepared.provenance import escape_markdown
from icc.present.accessibility import grid_name
from icc.present.charts import alternative
from icc.present.charts.style import NARROW, PLOTLY_CONFIG, WIDE, fitted, legible
from icc.present.panels.base import EMPTY, Panel, projected, readable
from icc.present.tables import Written
from icc.ui import data

PAGE_ROWS = 200  # rows of a table per page: a large table is sent to the browser one page at a time
DATA_LABEL = "Données du graphique"


def chart(fig: go.Figure, caption: str, key: str | None = None) -> None:
    """A page-only chart, with its text alternative and its data as a table, both read off the figure."""
    plot(legible(fig), alternative.sentence(fig), key)
    st.caption(caption)
    values = alternative.table(fig)
    chart_data(key, "Les valeurs que le graphique dessine.", lambda page_key: _page(values, page_key), ("Valeur",))


def plot(fig: go.Figure, alt: str, key: str | None, large: bool = False, narrow: bool = False) -> None:
    """A chart, its text alternative above it. On a page the chart is fitted to its column
    (icc.present.charts.style.fitted; ``narrow``: a third of a screen, and every chart on a phone),
    and its title is written above it as text, which wraps where the chart's own title would be
    cut; ``large``: projected (type half as large again), titled by its screen."""
    title = fig.layout.title.text
    if title and not large:
        # Chart titles are written for plotly (<br>, &amp;): read back as the text they show.
        st.markdown(f"**{escape_markdown(html.unescape(title.replace('<br>', ' ')))}**")
    note(alt)
    # theme=None: the figure's own colours (Streamlit's theme greys axis text to 3.7:1). alt: the
    # same sentence names the chart element itself for assistive technologies (RGAA 1.1.5).
    phone = on_phone()
    if large and not phone:
        shown = projected(fitted(fig))
    else:  # a presentation opened on a phone is read there, not projected: a phone's chart
        shown = fitted(fig, NARROW if narrow or phone or large else WIDE)
    st.plotly_chart(shown, config=PLOTLY_CONFIG, key=key, width="stretch", theme=None, alt=alt)


def on_phone() -> bool:
    """The browser says it is a phone (Chromium's Sec-CH-UA-Mobile client hint, or « Mobi » in its
    user agent, as MDN advises): the page cannot know its width, so maps take the phone's view and
    charts a phone's labels."""
    headers = st.context.headers
    return headers.get("Sec-CH-UA-Mobile") == "?1" or "Mobi" in (headers.get("User-Agent") or "")


def empty(what: str = "") -> None:
    st.info(escape_markdown(f"{what} : {EMPTY}" if what else EMPTY))


def _bounds(rows: int, key: str | None) -> tuple[int, int]:
    """The rows of a long table's page, with the page chooser and what it shows."""
    if rows <= PAGE_ROWS or key is None:
        return 0, rows
    pages = math.ceil(rows / PAGE_ROWS)
    number = st.number_input(
        f"Page (sur {fr.nombre(pages)})", min_value=1, max_value=pages, value=1, step=1, key=f"{key}_page"
    )
    start = (int(number) - 1) * PAGE_ROWS
    end = min(start + PAGE_ROWS, rows)
    st.caption(f"Lignes {fr.nombre(start + 1)} à {fr.nombre(end)} sur {fr.nombre(rows)}.")
    return start, end


def _rows(frame: pd.DataFrame | Written, start: int, end: int) -> pd.DataFrame:
    """Rows ``start`` to ``end`` as read (rows still to be written in French are written then)."""
    return frame.text(start, end) if isinstance(frame, Written) else frame.iloc[start:end]


def _page(frame: pd.DataFrame | Written, key: str | None) -> pd.DataFrame:
    """One page of a long table."""
    return _rows(frame, *_bounds(len(frame), key))


def readable_table(content: Panel, caption: str, key: str | None = None) -> None:
    """A panel's table as read, a long one paged before it is formatted (only the rows shown are)."""
    shown = _page(content.table, key)
    st.dataframe(readable(content, shown), hide_index=True, width="stretch", key=key, alt=content.alt)
    st.caption(caption)


def _cell(value, figure: bool) -> str:
    """A cell of a static table: its cells are markdown, so data is escaped. A figure reads in
    French (« 150 000 »); another number, a year or a code, as it is (« 2024 »)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""  # unknown stays empty, never « 0 »
    if isinstance(value, Number) and not isinstance(value, bool):
        if figure:
            return fr.nombre(value)
        return str(int(value)) if float(value).is_integer() else str(value)
    return escape_markdown(str(value))


def static_table(frame: pd.DataFrame, caption: str, figures: tuple[str, ...] = ()) -> None:
    """A real HTML table (``st.table``), read cell by cell by screen readers; ``figures``: the
    columns of numbers to write in French (a panel's table comes formatted: icc.present.panels.base.readable)."""
    cells = frame.copy()
    for column in cells.columns:
        cells[column] = [_cell(v, column in figures) for v in frame[column]]
    cells.columns = [escape_markdown(str(c)) for c in frame.columns]
    st.table(cells, hide_index=True, border="horizontal")
    st.caption(caption)


def paged_static_table(
    frame: pd.DataFrame, caption: str, key: str, write: Callable[[pd.DataFrame], pd.DataFrame] = lambda rows: rows
) -> None:
    """A static table of a long frame, one page of rows at a time: only the page shown is written
    (``write``: the rows in French) and sent to the browser."""
    static_table(write(_page(frame, key)), caption)


def chart_data(
    key: str | None, caption: str, rows: Callable[[str | None], pd.DataFrame], figures: tuple[str, ...] = ()
) -> None:
    """A chart's data as a table, in an expander under it. ``rows(page_key)`` gives the rows shown
    (a long table is paged inside the expander). With a key the expander's content is sent only
    once it is opened (Streamlit's lazy expander, a rerun): the page's first drawing waits for no
    table, where the key figures showed about 1 s later with them."""
    data_key = f"{key}_data" if key else None
    if key is None:
        with st.expander(DATA_LABEL):
            static_table(rows(None), caption, figures)
        return
    box = st.expander(DATA_LABEL, key=f"{key}_open", on_change="rerun")
    if box.open:
        with box:
            static_table(rows(data_key), caption, figures)


def table(
    frame: pd.DataFrame | Written, caption: str, key: str | None = None, title: str = "", **column_config
) -> None:
    """Data shown as text (never HTML), with its caption; long tables are paged. The grid is named
    for assistive technologies by ``title``, its number of rows and its columns."""
    shown = _page(frame, key)
    name = grid_name(shown.columns, len(frame), title)
    st.dataframe(shown, hide_index=True, width="stretch", column_config=column_config or None, key=key, alt=name)
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


def table_with_portraits(
    frame: pd.DataFrame | Written, codes, caption: str, key: str | None = None, title: str = ""
) -> None:
    """A table naming communes, with a link to each one's portrait built from its INSEE code, never
    from the text shown (a row without a commune gets no link). Long tables are paged first: only
    the rows shown get their link (350 000 links at each rerun took seconds)."""
    codes = list(codes)
    if len(codes) != len(frame):
        raise ValueError("one INSEE code per row")
    start, end = _bounds(len(frame), key)
    shown = _rows(frame, start, end).reset_index(drop=True)
    shown[PORTRAIT_COLUMN] = [portrait_url(c) for c in codes[start:end]]
    column = st.column_config.LinkColumn(PORTRAIT_COLUMN, display_text="Voir le portrait")
    name = grid_name(shown.columns, len(frame), title)
    st.dataframe(shown, hide_index=True, width="stretch", column_config={PORTRAIT_COLUMN: column}, key=key, alt=name)
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


def panel(content: Panel, key: str, large: bool = False, caption: str = "", narrow: bool = False) -> None:
    """A panel as a page shows it: its chart (or table), a text alternative, its caption and note,
    and the chart's data as a table, so that the table never disagrees with the chart. ``narrow``:
    the chart sits in a third of the page (see ``plot``)."""
    if content.empty:
        st.info(escape_markdown(f"{content.title} : {content.empty_message}"))  # may name a place
        return
    if content.figure is None:
        readable_table(content, content.caption, key=f"{key}_table")
    else:
        # A panel's figure is made legible where it is built (icc.present.panels.panel), once.
        plot(content.figure, content.alt, key, large, narrow)
        st.caption(content.caption)
    if content.note or caption:
        note(" ".join(t for t in (caption, content.note) if t))
    if content.figure is not None:
        numbers = "Les chiffres du graphique, tels que les exports les écrivent."
        chart_data(key, numbers, lambda page_key: readable(content, _page(content.table, page_key)))


SHORT_ROWS = PAGE_ROWS  # up to a page of rows a list is a plain HTML table: find-in-page and screen readers read it


def listing(content: Panel, key: str) -> None:
    """A panel's list as text: a plain table when short (every name findable in the page), a paged
    grid only for a long list; its caption and note under it."""
    if content.empty:
        st.info(escape_markdown(f"{content.title} : {content.empty_message}"))  # may name a place
        return
    if len(content.table) <= SHORT_ROWS:
        static_table(readable(content), content.caption)
    else:
        readable_table(content, content.caption, key=f"{key}_table")
    if content.note:
        note(content.note)


def linked(name, url: str | None) -> str:
    """A table cell naming a place and linking to it: the name escaped (data is never markup), the
    address built by the app (``portrait_url``). Such a link opens in a new tab (Streamlit's markdown)."""
    text = escape_markdown(str(name))
    return f"[{text}]({url})" if url else text


def link_table(frame: pd.DataFrame, caption: str) -> None:
    """A plain table whose cells are already written (links from ``linked``, other cells escaped)."""
    st.table(frame, hide_index=True, border="horizontal")
    st.caption(caption)


def color_legend(frame: pd.DataFrame) -> None:
    """A legend table whose first column is the colour itself (``couleur``; data stays text)."""
    colors = frame["couleur"].to_list()
    shown = frame.drop(columns="couleur")
    shown.insert(0, "Couleur", "")
    styled = shown.style.apply(
        lambda _: [f"background-color: {c}" if c else "" for c in colors], subset=["Couleur"], axis=0
    )
    name = grid_name(shown.columns, len(shown), "Légende des couleurs de la carte")
    st.dataframe(styled, hide_index=True, width="stretch", alt=name)


def phone_columns(key: str, keep: int) -> None:
    """Under 640 px the plain table in container ``key`` shows only its first ``keep`` columns: a
    wide table would otherwise scroll sideways in a region the keyboard cannot reach."""
    hidden = f".st-key-{key} th:nth-child(n+{keep + 1}), .st-key-{key} td:nth-child(n+{keep + 1})"
    st.html(f"<style>@media (max-width: 640px) {{ {hidden} {{ display: none; }} }}</style>")
