"""The baseline of the browser benchmark: a bare Streamlit page with a title and one chart."""

import plotly.graph_objects as go
import streamlit as st

st.set_page_config(page_title="Page témoin", layout="wide")
st.title("Page témoin")
figure = go.Figure(go.Bar(x=["A", "B", "C"], y=[3, 1, 2]))
st.plotly_chart(figure)
