"""The HTTP side of the server (Starlette, under ``st.App``): sign-in routes, open data, headers.

Nothing here imports Streamlit; ``server.py`` assembles it into the ``st.App``.
"""
