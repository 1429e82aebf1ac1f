"""A raw client of the app: plain HTTP requests and Streamlit's WebSocket protocol, no browser.

It does what an attacker's script can do: present (or not) cookies, present another session's
id when connecting, and read what the server sends back.
"""

from __future__ import annotations

import html
import http.client
import time
import urllib.parse
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.sync.client import connect


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        """The body as a reader sees it (HTML entities decoded)."""
        return html.unescape(self.body.decode("utf-8", errors="replace"))

    def set_cookies(self) -> list[str]:
        return self.headers.get_all("Set-Cookie") or []

    def cookie(self, name: str) -> str | None:
        for raw in self.set_cookies():
            jar = SimpleCookie()
            jar.load(raw)
            if name in jar:
                return jar[name].value
        return None


def request(
    base_url: str,
    method: str,
    path: str,
    body: dict | None = None,
    cookies: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
) -> Answer:
    """One HTTP request, redirects not followed."""
    parts = urllib.parse.urlsplit(base_url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    all_headers = {"Host": parts.netloc, **(headers or {})}
    data = None
    if body is not None:
        data = urllib.parse.urlencode(body).encode()
        all_headers["Content-Type"] = "application/x-www-form-urlencoded"
        all_headers.setdefault("Origin", base_url)
    if cookies:
        all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    try:
        conn.request(method, path, body=data, headers=all_headers)
        response = conn.getresponse()
        return Answer(response.status, response.headers, response.read())
    finally:
        conn.close()


def sign_in(base_url: str, username: str, password: str, next_page: str = "/connexion", **kw) -> Answer:
    form = {"utilisateur": username, "mot_de_passe": password, "suite": next_page}
    return request(base_url, "POST", "/compte/connexion", form, **kw)


@dataclass
class Run:
    """What one script run sent: the session id, the texts shown, the pages offered."""

    session_id: str
    texts: list[str] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)
    elements: list = field(default_factory=list)  # the Element protos, in order

    @property
    def text(self) -> str:
        return "\n".join(self.texts)


def run_page(
    base_url: str,
    page: str = "",
    cookies: dict[str, str] | None = None,
    existing_session_id: str = "",
    timeout: float = 60,
) -> Run:
    """Connect over the WebSocket (optionally resuming ``existing_session_id``), run a page once."""
    with open_session(base_url, page, cookies, existing_session_id, timeout) as run:
        return run


@contextmanager
def open_session(
    base_url: str,
    page: str = "",
    cookies: dict[str, str] | None = None,
    existing_session_id: str = "",
    timeout: float = 60,
):
    """Like ``run_page``, the connection kept open (the session stays active) inside the block."""
    ws_url = base_url.replace("http://", "ws://", 1) + "/_stcore/stream"
    headers = {"Origin": base_url}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    # As the browser does: subprotocol, XSRF token (none here), then the session to resume.
    protocols = ["streamlit", "aucun-jeton", existing_session_id] if existing_session_id else ["streamlit"]
    with connect(ws_url, additional_headers=headers, subprotocols=protocols, open_timeout=timeout) as ws:
        back = BackMsg()
        back.rerun_script.page_name = page
        back.rerun_script.context_info.url = f"{base_url}/{page}"
        ws.send(back.SerializeToString())
        result = Run("")
        deadline = time.time() + timeout
        while time.time() < deadline:
            msg = ForwardMsg()
            msg.ParseFromString(ws.recv(timeout=max(0.1, deadline - time.time())))
            kind = msg.WhichOneof("type")
            if kind == "new_session":
                result.session_id = msg.new_session.initialize.session_id
            elif kind == "navigation":
                result.pages = [p.page_name for p in msg.navigation.app_pages]
            elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                element = msg.delta.new_element
                sub = getattr(element, element.WhichOneof("type"))
                result.elements.append(element)
                if hasattr(sub, "body"):
                    result.texts.append(sub.body)
            elif kind == "script_finished" and msg.script_finished in (
                ForwardMsg.FINISHED_SUCCESSFULLY,
                ForwardMsg.FINISHED_WITH_COMPILE_ERROR,
            ):
                yield result
                return
        raise TimeoutError(f"la page « {page} » n'a pas fini de s'exécuter")
