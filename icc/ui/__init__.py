"""Streamlit glue: the only part of ``icc`` that imports Streamlit."""
