"""Streamlit's frontend files come from memory, compressed once; nothing else is served there."""

import asyncio
import gzip
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from icc.web import frontend
from icc.web.frontend import FrontendFiles

SCRIPT = b"export const chart = 'plotly';\n" * 2000


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "js").mkdir()
    (tmp_path / "js" / "PlotlyChart.abc123.js").write_bytes(SCRIPT)
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "font.woff2").write_bytes(b"\x00font" * 100)
    return tmp_path


async def _fallback(scope, receive, send):
    await send({"type": "http.response.start", "status": 299, "headers": []})
    await send({"type": "http.response.body", "body": b"streamlit"})


def _get(app, path, method="GET", encoding: bytes | None = b"gzip, deflate, br"):
    scope = {
        "type": "http",
        "method": method,
        "path": path,
        "headers": [(b"accept-encoding", encoding)] if encoding else [],
    }
    sent = []

    async def send(message):
        sent.append(message)

    # In a thread of its own: a browser test's Playwright may hold this thread's event loop.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, app(scope, None, send)).result()
    status, headers = sent[0]["status"], dict(sent[0]["headers"])
    return status, headers, b"".join(m.get("body", b"") for m in sent[1:])


def test_a_script_is_sent_compressed_to_a_browser_that_accepts_gzip(folder):
    status, headers, body = _get(FrontendFiles(_fallback, directory=folder), "/static/js/PlotlyChart.abc123.js")
    assert status == 200
    assert headers[b"content-encoding"] == b"gzip"
    assert gzip.decompress(body) == SCRIPT
    assert int(headers[b"content-length"]) == len(body) < len(SCRIPT) / 10
    assert headers[b"content-type"] == b"text/javascript; charset=utf-8"
    assert headers[b"cache-control"] == b"public, immutable, max-age=31536000"
    assert headers[b"vary"] == b"accept-encoding"


def test_without_gzip_the_script_is_sent_as_it_is(folder):
    status, headers, body = _get(
        FrontendFiles(_fallback, directory=folder), "/static/js/PlotlyChart.abc123.js", encoding=None
    )
    assert (status, body) == (200, SCRIPT)
    assert b"content-encoding" not in headers
    assert headers[b"content-length"] == str(len(SCRIPT)).encode()


def test_a_font_already_compressed_is_not_compressed_again(folder):
    _, headers, body = _get(FrontendFiles(_fallback, directory=folder), "/static/media/font.woff2")
    assert body == b"\x00font" * 100
    assert b"content-encoding" not in headers and b"vary" not in headers


def test_each_file_is_read_once_then_answered_from_memory(folder):
    app = FrontendFiles(_fallback, directory=folder)
    first = _get(app, "/static/js/PlotlyChart.abc123.js")
    (folder / "js" / "PlotlyChart.abc123.js").unlink()
    assert _get(app, "/static/js/PlotlyChart.abc123.js") == first


def test_head_gives_the_headers_without_the_body(folder):
    _, headers, body = _get(FrontendFiles(_fallback, directory=folder), "/static/js/PlotlyChart.abc123.js", "HEAD")
    assert body == b"" and int(headers[b"content-length"]) > 0


@pytest.mark.parametrize(
    "path, method",
    [
        ("/static/js/absent.js", "GET"),
        ("/static/js/../js/PlotlyChart.abc123.js", "GET"),  # only the names found at start
        ("/static/js/", "GET"),
        ("/js/PlotlyChart.abc123.js", "GET"),
        ("/static/js/PlotlyChart.abc123.js", "POST"),
        ("/", "GET"),
    ],
)
def test_anything_else_goes_to_streamlit(folder, path, method):
    assert _get(FrontendFiles(_fallback, directory=folder), path, method) == (299, {}, b"streamlit")


def test_behind_a_base_url_path_the_files_are_under_it(folder):
    app = FrontendFiles(_fallback, base_url_path="/icc/", directory=folder)
    assert _get(app, "/icc/static/js/PlotlyChart.abc123.js")[0] == 200
    assert _get(app, "/static/js/PlotlyChart.abc123.js")[0] == 299


def test_the_served_app_sends_streamlits_plotly_compressed_with_its_security_headers(app_url):
    name = next(p.name for p in (frontend.STATIC / "js").glob("PlotlyChart.*.js"))
    request = urllib.request.Request(f"{app_url}/static/js/{name}", headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request) as response:
        body = response.read()
        assert response.headers["Content-Encoding"] == "gzip"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert gzip.decompress(body) == (frontend.STATIC / "js" / name).read_bytes()
    assert len(body) < (frontend.STATIC / "js" / name).stat().st_size / 2
