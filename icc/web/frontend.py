"""Streamlit's frontend files (its scripts, styles and fonts) answered from memory, compressed once.

A page fetches about a hundred of these files. Streamlit's static route opens, reads and closes
each one through a worker thread on every request, about 2,5 ms of the server's event loop per
file, and sends them uncompressed (compressing at every request would cost more than it saves):
Plotly alone is 4,6 Mo, 1,4 Mo compressed, which over a mobile connection is the wait of a
first visit. The files never change while the server runs (their names carry their hash), so
each is read once, compressed once (gzip, in a worker thread, on its first request), and then
answered in one message. No file name is taken from the request: only the files found under
Streamlit's static folder at start are served here; anything else goes to Streamlit.
"""

from __future__ import annotations

import asyncio
import gzip
import mimetypes
from importlib.util import find_spec
from pathlib import Path

from starlette.types import ASGIApp, Receive, Scope, Send

# Found without importing Streamlit: this package is the HTTP side only.
STATIC = Path(find_spec("streamlit").origin).resolve().parent / "static" / "static"
# Streamlit's own cache header for these hashed files.
CACHE = b"public, immutable, max-age=31536000"
_COMPRESSIBLE = ("text/", "application/json", "image/svg+xml")


# The types of Streamlit's files, whatever the machine's mime table says (RFC 9239 for scripts).
_TYPES = {".js": "text/javascript", ".css": "text/css", ".json": "application/json", ".woff2": "font/woff2"}


def _content_type(path: Path) -> str:
    kind = _TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"{kind}; charset=utf-8" if kind.startswith("text/") else kind


def _accepts_gzip(scope: Scope) -> bool:
    for name, value in scope.get("headers", []):
        if name == b"accept-encoding":
            return any(part.split(";")[0].strip() == "gzip" for part in value.decode("latin-1").split(","))
    return False


class FrontendFiles:
    """ASGI middleware: GET and HEAD of ``{base}/static/…`` files from memory, the rest to ``app``."""

    def __init__(self, app: ASGIApp, base_url_path: str = "", directory: Path = STATIC) -> None:
        self.app = app
        prefix = "/" + "/".join(p for p in (base_url_path.strip("/"), "static") if p) + "/"
        self.files = {prefix + p.relative_to(directory).as_posix(): p for p in directory.rglob("*") if p.is_file()}
        self._answers: dict[tuple[Path, bool], tuple[bytes, list[tuple[bytes, bytes]]]] = {}

    def _answer(self, path: Path, compressed: bool) -> tuple[bytes, list[tuple[bytes, bytes]]]:
        body = path.read_bytes()
        content_type = _content_type(path)
        headers = [(b"content-type", content_type.encode()), (b"cache-control", CACHE)]
        if content_type.startswith(_COMPRESSIBLE):
            headers.append((b"vary", b"accept-encoding"))
            if compressed:
                smaller = gzip.compress(body, compresslevel=6, mtime=0)
                if len(smaller) < len(body):
                    body = smaller
                    headers.append((b"content-encoding", b"gzip"))
        headers.append((b"content-length", str(len(body)).encode()))
        return body, headers

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = self.files.get(scope.get("path", "")) if scope["type"] == "http" else None
        if path is None or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        key = (path, _accepts_gzip(scope))
        answer = self._answers.get(key)
        if answer is None:  # first request for this file: read (and compress) it off the event loop
            answer = self._answers[key] = await asyncio.to_thread(self._answer, *key)
        body, headers = answer
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body})
