"""Small answers leave at once: the server's listening socket has TCP_NODELAY, and so has every
connection it accepts (without it, each script file waited 40 ms for the browser's ACK)."""

import os
import socket

from icc.web import tcp


def _listener() -> socket.socket:
    # As Streamlit 1.67 binds it: protocol 0, so asyncio leaves Nagle's algorithm on.
    sock = socket.socket(socket.AF_INET)
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    return sock


def _accepted_no_delay(listener: socket.socket) -> int:
    with socket.create_connection(listener.getsockname()) as _client:
        conn, _ = listener.accept()
        with conn:
            return conn.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)


def test_connections_accepted_by_a_listener_given_the_option_send_without_delay():
    with _listener() as listener:
        assert _accepted_no_delay(listener) == 0  # what every browser connection had
        assert tcp.no_delay_on_listeners([listener.fileno()]) == 1
        assert listener.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
        assert _accepted_no_delay(listener) != 0
        listener.getsockname()  # the server's socket is still open


def test_only_listening_tcp_sockets_are_touched(tmp_path):
    with _listener() as listener, socket.create_connection(listener.getsockname()) as client:
        conn, _ = listener.accept()
        with conn, open(tmp_path / "f", "w") as f, socket.socket(socket.AF_UNIX) as unix:
            unix.bind(str(tmp_path / "s"))
            unix.listen(1)
            assert tcp.no_delay_on_listeners([f.fileno(), client.fileno(), unix.fileno(), 99999]) == 0
            assert client.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 0


def _open_fds() -> list[str]:
    return sorted(os.listdir("/proc/self/fd"))


def test_no_descriptor_is_left_open(tmp_path):
    """A duplicated pipe left open kept Playwright's driver waiting for its end: the test run hung."""
    read, write = os.pipe()
    try:
        with _listener():
            before = _open_fds()
            tcp.no_delay_on_listeners()
            assert _open_fds() == before
    finally:
        os.close(read)
        os.close(write)


def test_without_a_list_every_listener_of_the_process_is_found():
    with _listener() as one, _listener() as two:
        assert tcp.no_delay_on_listeners() >= 2
        assert one.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
        assert two.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0


def test_the_served_app_sets_it_on_its_listening_socket(app_server):
    _, log = app_server
    assert "Envoi sans attente (TCP_NODELAY) sur 1 socket(s) d'écoute" in log.read_text(encoding="utf-8")
