"""What every page shares beyond Streamlit's defaults: the accessibility style sheet."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

STYLE = Path(__file__).with_name("style.css")


def apply_style() -> None:
    # A style-only st.html goes to Streamlit's event container: it takes no room on the page.
    st.html(STYLE)
