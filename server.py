"""The server: ``streamlit run server.py`` (``make run``) serves ``app.py`` through ``st.App``.

Streamlit finds the ``app = st.App(...)`` assignment below and serves it with uvicorn. On top
of Streamlit's own routes it adds: the preparation of each new data version ahead of visitors,
sign-in and sign-out (the only places the session cookie is
set or cleared), the read-only open-data routes, the favicon, security headers on every answer,
the metrics route for administrators only, and a French error page for failing scripts.
"""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from pathlib import Path

import streamlit as st
from starlette.middleware import Middleware
from streamlit import config

from icc import settings
from icc.storage import sessions
from icc.ui import data
from icc.ui.errors import show_error_page
from icc.web import assets, db, frontend, middleware, opendata, preparer, signin_routes, tcp

ROOT = Path(__file__).resolve().parent
_settings = settings.load()
# The app's own messages (data prepared, refused files, errors) in the server's log, as Streamlit's.
_icc_log = logging.getLogger("icc")
if not _icc_log.handlers:
    _handler = logging.StreamHandler()
    _handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    _icc_log.addHandler(_handler)
    _icc_log.setLevel(logging.INFO)
# The uploader states, and Streamlit's upload route enforces (Content-Length first, then while
# streaming), the limit the data page checks: ICC_MAX_UPLOAD_MB, whatever config.toml says.
config.set_option("server.maxUploadSize", _settings.max_upload_mb)
_secret = str(config.get_option("server.cookieSecret"))


def _is_admin(cookie: str | None) -> bool:
    user = sessions.user_for(db.engine(), cookie, _secret, settings.load().session_hours)
    return user is not None and user.is_admin


_index = (Path(st.__file__).parent / "static" / "index.html").read_bytes()
_scripts = middleware.inline_script_hashes(_index + middleware.PHONE_SIDEBAR) + middleware.source_script_hashes(
    sorted([*ROOT.glob("views/*.py"), *ROOT.glob("icc/ui/*.py")])
)
_csp = middleware.content_security_policy(_scripts, middleware.tile_origins(_settings.basemap))


@asynccontextmanager
async def _prepare_ahead(_app):
    """While the server runs, each new data version is prepared before its first visitor; its
    listening socket (bound before this runs) sends small answers without waiting."""
    _icc_log.info("Envoi sans attente (TCP_NODELAY) sur %d socket(s) d'écoute", tcp.no_delay_on_listeners())
    stop = preparer.start(settings.load().prepare_seconds, data.prepare)
    try:
        yield None
    finally:
        if stop is not None:
            stop.set()


app = st.App(
    "app.py",
    lifespan=_prepare_ahead,
    routes=[*signin_routes.routes(_secret), *opendata.routes(_secret), *assets.routes()],
    middleware=[
        Middleware(middleware.SecurityHeaders, csp=_csp, is_admin=_is_admin, cookie_name=sessions.COOKIE),
        Middleware(frontend.FrontendFiles, base_url_path=str(config.get_option("server.baseUrlPath") or "")),
    ],
    on_script_error=show_error_page,
)
