"""How much processor time other programs took while a benchmark ran.

The load average cannot tell: on a two-processor machine the benchmark's own server and Chromium
bring it to 3 and more, and every run read « non concluant ». Here the machine's busy time
(``/proc/stat``) is compared with the benchmark's own: this process and every process it started,
Chromium's renderers included, sampled from ``/proc`` every 0,1 s while they live. The last 0,1 s
of a process that ends between two samples is not seen and counts as someone else's: the error
makes a verdict stricter, never looser. Linux only; elsewhere nothing is measured (None).
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

_PROC = Path("/proc")
INTERVAL = 0.1
# The clocks and this process's identity, by name here so that tests replace them for this module
# only (replacing ``os.getpid`` or ``time.monotonic`` would reach every thread of the process).
_getpid, _times, _clock = os.getpid, os.times, time.monotonic


def _ticks_per_second() -> int:
    return os.sysconf("SC_CLK_TCK")


def _busy_ticks() -> int:
    fields = (_PROC / "stat").read_text().splitlines()[0].split()[1:]
    return sum(int(x) for x in fields[:3])  # user, nice, system (interrupts belong to no program)


def _processes() -> dict[int, tuple[int, int, int]]:
    """pid: (parent pid, start time, user+system ticks) for every process readable now."""
    found = {}
    for entry in os.scandir(_PROC):
        if not entry.name.isdigit():
            continue
        try:
            text = Path(entry.path, "stat").read_text()
        except OSError:
            continue  # ended meanwhile
        rest = text.rsplit(")", 1)[1].split()  # after the command name, which may hold spaces
        found[int(entry.name)] = (int(rest[1]), int(rest[19]), int(rest[11]) + int(rest[12]))
    return found


class OthersShare:
    """``with OthersShare() as share: …`` then ``share.others`` (processors' worth, on average,
    used by programs other than this one and its descendants) and ``share.own`` (the same for
    them), or None for both where ``/proc`` is missing."""

    def __init__(self, interval: float = INTERVAL) -> None:
        self.interval = interval
        self.others: float | None = None
        self.own: float | None = None
        self.seconds: float | None = None  # how long it measured
        self._seen: dict[tuple[int, int], int] = {}  # (pid, start time): last ticks seen
        self._stop = threading.Event()

    def _sample(self) -> None:
        processes = _processes()
        children: dict[int, list[int]] = {}
        for pid, (parent, _, _) in processes.items():
            children.setdefault(parent, []).append(pid)
        todo = list(children.get(_getpid(), []))
        while todo:
            pid = todo.pop()
            _, started, ticks = processes[pid]
            self._seen[(pid, started)] = ticks
            todo += children.get(pid, [])

    def _watch(self) -> None:
        while not self._stop.wait(self.interval):
            self._sample()

    def __enter__(self) -> OthersShare:
        if not (_PROC / "stat").exists():
            self._thread = None
            return self
        self._sample()
        self._before = dict(self._seen)  # descendants already running count from now on
        self._start = (_clock(), _busy_ticks(), _times())
        self._thread = threading.Thread(target=self._watch, name="cpu-share", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        if self._thread is None:
            return
        self._stop.set()
        self._thread.join()
        self.read()

    def read(self) -> None:
        """Set ``others`` and ``own`` for the time since the start (a partial report can say it)."""
        if self._thread is None:
            return
        self._sample()
        started, busy, times = self._start
        now, tick = _times(), _ticks_per_second()
        elapsed = _clock() - started
        mine = (now.user + now.system) - (times.user + times.system)
        descendants = sum(t - self._before.get(key, 0) for key, t in self._seen.items()) / tick
        total = (_busy_ticks() - busy) / tick
        self.seconds = elapsed
        self.own = (mine + descendants) / elapsed
        self.others = max(0.0, total - mine - descendants) / elapsed


# Beyond this, other programs took enough of the processors to blur a ratio: no verdict.
OTHERS_MAX = 0.2  # processors' worth, on average over the run


def conclusive(others: float | None) -> bool:
    return others is not None and others <= OTHERS_MAX


def sentence(others: float | None, own: float | None) -> str:
    """What the report says of the machine's sharing, in French."""
    from icc.formatting import nombre as fr

    if others is None:
        return "Partage des processeurs non mesuré (pas de `/proc` sur cette machine) : pas de verdict."
    said = (
        f"Pendant la mesure, les autres programmes de la machine ont occupé en moyenne {fr(others, 2)} processeur "
        f"(la mesure elle-même, serveurs et Chromium compris : {fr(own, 1)})"
    )
    if conclusive(others):
        return said + "."
    return said + f", plus de {fr(OTHERS_MAX, 1)} : les temps en sont bruités et les rapports ne valent pas verdict."
