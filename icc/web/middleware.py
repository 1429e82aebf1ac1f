"""ASGI middleware of the server: security headers on every answer, the metrics route kept for
administrators, and Streamlit's index page in French with each page's own title.

Pure ASGI (not BaseHTTPMiddleware): WebSocket and streamed responses pass through untouched.
"""

from __future__ import annotations

import ast
import base64
import hashlib
import re
from collections.abc import Callable
from html import escape
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from icc.web import navigation

METRICS_PATH = "/_stcore/metrics"
_INLINE_SCRIPT = re.compile(rb"<script>(.*?)</script>", re.S)

# Streamlit 1.67 keeps the sidebar's open or closed state in localStorage, and that state wins over
# its « auto » start, phones included: after a menu link (a new page load) a phone would open onto
# the menu, covering the page. At phone widths (Streamlit's md breakpoint, 768 px) the stored state
# is forgotten before Streamlit starts; on a computer a closed sidebar stays closed.
PHONE_SIDEBAR = (
    b"<script>if(window.matchMedia('(max-width: 768px)').matches){try{Object.keys(localStorage)"
    b".filter(function(k){return k.indexOf('stSidebarCollapsed-')===0})"
    b".forEach(function(k){localStorage.removeItem(k)})}catch(e){}}</script>"
)


def _hash(code: bytes) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(code).digest()).decode() + "'"


def inline_script_hashes(index_html: bytes) -> list[str]:
    """CSP hashes of the inline scripts of Streamlit's index page (its one bootstrap line)."""
    return [_hash(m.group(1)) for m in _INLINE_SCRIPT.finditer(index_html)]


def source_script_hashes(files: list[Path]) -> list[str]:
    """CSP hashes of the ``<script>`` blocks written as string constants in the app's own sources.

    Such a constant (e.g. the presentation's keyboard shortcuts) runs; a script assembled at run
    time, or planted in data, matches no hash and is blocked by the browser.
    """
    hashes = []
    for file in files:
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and "<script>" in node.value:
                hashes += inline_script_hashes(node.value.encode("utf-8"))
    return sorted(set(hashes))


def tile_origins(basemap: str) -> list[str]:
    """Third-party hosts the configured basemap needs (none unless one is configured)."""
    value = (basemap or "").strip()
    if value.lower() == "carto":
        return ["https://basemaps.cartocdn.com", "https://*.basemaps.cartocdn.com"]
    parsed = urlsplit(value)
    if parsed.scheme in ("http", "https") and parsed.netloc:
        host = parsed.netloc.replace("{s}", "*")
        return [f"{parsed.scheme}://{host}"]
    return []


def content_security_policy(script_hashes: list[str], tiles: list[str]) -> str:
    tiles_src = " ".join(tiles)
    directives = {
        "default-src": "'self'",
        # Streamlit's bundle, plus its one inline bootstrap line (by hash); deck.gl/plotly need no eval.
        "script-src": " ".join(["'self'", *script_hashes]),
        # Streamlit's styling library injects <style> elements at run time.
        "style-src": "'self' 'unsafe-inline'",
        "img-src": f"'self' data: blob: {tiles_src}".strip(),
        "font-src": "'self' data:",
        "connect-src": f"'self' {tiles_src}".strip(),
        "worker-src": "'self' blob:",
        "frame-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    return "; ".join(f"{k} {v}" for k, v in directives.items())


class SecurityHeaders:
    """Headers on every HTTP answer; metrics for administrators; the index page in French."""

    def __init__(
        self,
        app: ASGIApp,
        csp: str,
        is_admin: Callable[[str | None], bool],
        cookie_name: str,
    ) -> None:
        self.app = app
        self.csp = csp
        self.is_admin = is_admin
        self.cookie_name = cookie_name

    def _headers(self, scope: Scope) -> list[tuple[bytes, bytes]]:
        headers = [
            (b"content-security-policy", self.csp.encode()),
            (b"x-frame-options", b"DENY"),
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"same-origin"),
            (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
            (b"cross-origin-opener-policy", b"same-origin"),
        ]
        if scope.get("scheme") == "https":
            headers.append((b"strict-transport-security", b"max-age=31536000"))
        return headers

    def _cookie(self, scope: Scope) -> str | None:
        for name, value in scope.get("headers", []):
            if name == b"cookie":
                jar = SimpleCookie()
                try:
                    jar.load(value.decode("latin-1"))
                except Exception:
                    return None
                if self.cookie_name in jar:
                    return jar[self.cookie_name].value
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        extra = self._headers(scope)

        # Any base URL path (server.baseUrlPath) in front of Streamlit's metrics route.
        if path.rstrip("/").endswith(METRICS_PATH) and not await run_in_threadpool(self.is_admin, self._cookie(scope)):
            body = "Réservé aux administrateurs.".encode()
            await send(
                {
                    "type": "http.response.start",
                    "status": 403,
                    "headers": [
                        *extra,
                        (b"content-type", b"text/plain; charset=utf-8"),
                        (b"content-length", str(len(body)).encode()),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": body})
            return

        index_candidate = scope.get("method") == "GET" and not path.startswith(
            ("/_stcore/", "/static/", "/media/", "/component/", "/compte/", "/donnees-ouvertes")
        )
        if index_candidate:
            # The index is small: ask for it uncompressed so its text can be rewritten.
            scope = dict(scope)
            scope["headers"] = [(k, v) for k, v in scope["headers"] if k != b"accept-encoding"]
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
        title = navigation.title_for_path(path, query).encode()
        start: dict = {}
        chunks: list[bytes] = []

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []), *(h for h in extra if h[0] not in present)]
                content_type = dict((k.lower(), v) for k, v in message["headers"]).get(b"content-type", b"")
                if index_candidate and content_type.startswith(b"text/html"):
                    start.update(message)  # held until the whole body is rewritten
                    return
                await send(message)
            elif message["type"] == "http.response.body" and start:
                chunks.append(message.get("body", b""))
                if message.get("more_body"):
                    return
                body = _french_index(b"".join(chunks), title)
                headers = [(k, v) for k, v in start["headers"] if k.lower() != b"content-length"]
                headers.append((b"content-length", str(len(body)).encode()))
                await send({**start, "headers": headers})
                await send({"type": "http.response.body", "body": body})
            else:
                await send(message)

        await self.app(scope, receive, send_with_headers)


def _french_index(body: bytes, title: bytes) -> bytes:
    body = body.replace(b'<html lang="en">', b'<html lang="fr">', 1)
    # After the viewport's <meta> (before it, a phone's width reads 980 px); Streamlit's module scripts
    # run once the document is parsed, after this one.
    body = body.replace(b"</head>", PHONE_SIDEBAR + b"</head>", 1)
    element = b"<title>" + escape(title.decode()).encode() + b"</title>"
    return re.sub(rb"<title>.*?</title>", lambda _: element, body, count=1)
