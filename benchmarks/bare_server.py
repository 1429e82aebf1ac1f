"""The bare page served with the app's two server settings (``server.py``): TCP_NODELAY on its
listening socket and the frontend files from memory, compressed. ``streamlit run`` it; the
browser benchmark measures the bare page both ways, to tell the page's cost from the server's."""

from contextlib import asynccontextmanager
from pathlib import Path

import streamlit as st
from starlette.middleware import Middleware

from icc.web import frontend, tcp


@asynccontextmanager
async def _no_delay(_app):
    tcp.no_delay_on_listeners()
    yield None


app = st.App(Path(__file__).parent / "bare_app.py", lifespan=_no_delay, middleware=[Middleware(frontend.FrontendFiles)])
