"""What every page shares beyond Streamlit's defaults: the accessibility style sheet, the
navigation menu, the « Données au … » banner."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlencode

import streamlit as st

from icc.datasets.schema import DATASETS
from icc.storage import asof
from icc.ui import data, filters
from icc.web import navigation

STYLE = Path(__file__).with_name("style.css")
_CSS = f"<style>{STYLE.read_text(encoding='utf-8')}</style>"  # read once, not at every run of every page


def apply_style() -> None:
    # A style-only st.html goes to Streamlit's event container: it takes no room on the page.
    st.html(_CSS)


def navigation_menu(pages: Iterable[navigation.PageSpec], current: str) -> None:
    """The app's own navigation at the top of the sidebar (Streamlit's is hidden: its sections'
    list markup fails RGAA 9.3). Its links load the page anew, so they carry the filters and
    ``?au=`` that Streamlit's navigation kept in the session."""
    shown = navigation.page(current)
    query = filters.kept_query(from_address=shown is not None and shown.filtered)
    day = data.kept_day()
    if day:
        query[data.AS_OF_KEY] = day
    st.sidebar.html(navigation.menu_html(pages, current, urlencode(query, doseq=True)))


def as_of_banner() -> None:
    """With ``?au=``, every page says which day and versions it shows, and how to come back to today."""
    day = data.as_of_day()
    if day is None:
        return
    versions, later = data.in_force(day)
    text = asof.banner(day, versions)
    if later:
        titles = [DATASETS[n].title for n in later if n in DATASETS]
        text += ". Jeux publiés après cette date, montrés dans leur première version : " + ", ".join(titles)
    st.warning(text, icon=":material/history:")
    st.button("Revenir aux données du jour", on_click=data.back_to_today, key="icc_au_retour")
