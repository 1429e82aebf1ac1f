"""Small answers sent at once: TCP_NODELAY on the server's listening sockets.

Streamlit 1.67 binds its listening socket itself (``socket.socket(family)``, protocol 0), and
asyncio only disables Nagle's algorithm on sockets whose protocol reads IPPROTO_TCP; so every
accepted connection kept it. uvicorn writes a response's headers and its body separately: the
body then waited for the browser's delayed acknowledgement, 40 ms per file on Linux, and a page
fetches about a hundred script files over six connections. Linux gives an accepted connection
the options of its listening socket, so setting the option there once covers every connection.
"""

from __future__ import annotations

import os
import socket
import stat
from pathlib import Path

_FDS = Path("/proc/self/fd")


def _listening_tcp(sock: socket.socket) -> bool:
    try:
        listening = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN)
    except OSError:
        return False
    return bool(listening) and sock.family in (socket.AF_INET, socket.AF_INET6) and sock.type == socket.SOCK_STREAM


def no_delay_on_listeners(fds: list[int] | None = None) -> int:
    """Set TCP_NODELAY on this process's listening TCP sockets (all of them, or those of ``fds``);
    return how many. Where the process's descriptors cannot be listed (no /proc), nothing."""
    if fds is None:
        if not _FDS.is_dir():
            return 0
        fds = [int(name) for name in os.listdir(_FDS) if name.isdigit()]
    done = 0
    for fd in fds:
        try:
            if not stat.S_ISSOCK(os.fstat(fd).st_mode):
                continue  # duplicating a pipe would keep it open: its reader would never see its end
            sock = socket.socket(fileno=os.dup(fd))  # a duplicate: closing it leaves the server's open
        except OSError:
            continue  # closed meanwhile
        with sock:
            if _listening_tcp(sock):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                done += 1
    return done
