"""A private nginx on loopback in front of several app processes, as in production (docs/DEPLOYMENT.md).

Open-source nginx has no ``sticky`` directive: the upstream is chosen by a consistent hash
of the ``icc_route`` cookie, and nginx gives each new browser a random one
(``$request_id``), so a browser keeps talking to the same process, which holds its
Streamlit session and its uploads.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from tests.pgserver import free_port

ROUTE_COOKIE = "icc_route"
# Diagnostics only: which process answered (the tests pin browsers with it).
UPSTREAM_HEADER = "X-Icc-Upstream"


def binary() -> str | None:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).is_file()), None)


def config(upstreams: list[str], port: int, root: Path | None = None, diagnostics: bool = False) -> str:
    """The nginx.conf of the replicas: sticky sessions by cookie, WebSocket proxying."""
    servers = "\n".join(f"        server {u};" for u in upstreams)
    diag = f'        add_header {UPSTREAM_HEADER} "$upstream_addr" always;\n' if diagnostics else ""
    files = (
        f"error_log {root}/error.log warn;\npid {root}/nginx.pid;\n"
        if root
        else "error_log /var/log/nginx/icc-error.log warn;\n"
    )
    temp = (
        f"    client_body_temp_path {root}/client_body;\n"
        f"    proxy_temp_path {root}/proxy;\n"
        f"    fastcgi_temp_path {root}/fastcgi;\n"
        f"    uwsgi_temp_path {root}/uwsgi;\n"
        f"    scgi_temp_path {root}/scgi;\n"
        f"    access_log {root}/access.log;\n"
        if root
        else "    access_log /var/log/nginx/icc-access.log;\n"
    )
    return f"""worker_processes 1;
{files}events {{
    worker_connections 1024;
}}

http {{
{temp}
    # Uploads go through the proxy: ICC_MAX_UPLOAD_MB (20 by default) plus the form's envelope.
    client_max_body_size 25m;

    # Sticky sessions: the browser's icc_route cookie, or a new random one on its first request.
    map $cookie_{ROUTE_COOKIE} $icc_route {{
        ""      $request_id;
        default $cookie_{ROUTE_COOKIE};
    }}
    map $cookie_{ROUTE_COOKIE} $icc_route_cookie {{
        ""      "{ROUTE_COOKIE}=$request_id; Path=/; HttpOnly; SameSite=Lax";
        default "";
    }}
    map $http_upgrade $connection_upgrade {{
        default upgrade;
        ""      close;
    }}

    upstream icc {{
        hash $icc_route consistent;
{servers}
    }}

    server {{
        listen 127.0.0.1:{port};

        proxy_http_version 1.1;
        proxy_set_header Host $http_host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;
        add_header Set-Cookie $icc_route_cookie always;
{diag}
        location / {{
            proxy_pass http://icc;
        }}

        # Streamlit talks to the browser over one WebSocket per session.
        location /_stcore/stream {{
            proxy_pass http://icc;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_read_timeout 86400;
            proxy_send_timeout 86400;
            proxy_buffering off;
        }}
    }}
}}
"""


@contextmanager
def running_nginx(upstreams: list[str], diagnostics: bool = True):
    """Start nginx in front of ``upstreams`` (``host:port``); yield its base URL."""
    exe = binary()
    if exe is None:
        raise RuntimeError("nginx n'est pas installé (apt-get install nginx)")
    root = Path(tempfile.mkdtemp(prefix="icc-nginx-"))
    # Started as root, nginx's workers run as nobody: they must reach their temp directories,
    # where large responses (Streamlit's JavaScript chunks) are buffered for a slow browser.
    root.chmod(0o755)
    port = free_port()
    (root / "nginx.conf").write_text(config(upstreams, port, root, diagnostics), encoding="utf-8")
    # -e: nginx would otherwise open the packaged error log before reading our config.
    cmd = [exe, "-p", str(root), "-c", "nginx.conf", "-e", str(root / "error.log"), "-g", "daemon off;"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 20
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"nginx s'est arrêté : {proc.stderr.read().decode(errors='replace')}")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                if time.time() > deadline:
                    raise RuntimeError("nginx ne répond pas") from None
                time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(root, ignore_errors=True)


def upstream_for(url: str, route: str) -> str:
    """The process nginx sends a browser with this route cookie to (``127.0.0.1:port``)."""
    request = urllib.request.Request(f"{url}/_stcore/health", headers={"Cookie": f"{ROUTE_COOKIE}={route}"})
    with urllib.request.urlopen(request, timeout=5) as r:
        return r.headers[UPSTREAM_HEADER]


def routes_to_each(url: str, upstreams: list[str], tries: int = 200) -> dict[str, str]:
    """A route cookie value pinned to each upstream (found by asking nginx)."""
    found: dict[str, str] = {}
    for i in range(tries):
        route = f"essai-{i}"
        found.setdefault(upstream_for(url, route), route)
        if all(u in found for u in upstreams):
            return {u: found[u] for u in upstreams}
    raise RuntimeError(f"aucune valeur de cookie ne mène à chaque processus : {found}")
