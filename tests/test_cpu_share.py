"""The benchmarks' verdict: how much of the processors other programs took during a run."""

import subprocess
import sys
from types import SimpleNamespace

import pytest

from benchmarks import cpu_share


def _stat(busy_user: int, busy_system: int) -> str:
    return f"cpu  {busy_user} 0 {busy_system} 900 0 7 3 0 0 0\ncpu0 0 0 0 0\n"


def _process(pid: int, parent: int, ticks: int, name: str = "chromium (renderer)") -> str:
    # pid (comm) state ppid ... utime (14th field) stime (15th) ... starttime (22nd)
    fields = ["S", str(parent)] + ["0"] * 9 + [str(ticks), "0"] + ["0"] * 6 + ["4242"]
    return f"{pid} ({name}) " + " ".join(fields) + "\n"


@pytest.fixture
def proc(tmp_path, monkeypatch):
    me = 1000
    # This module's names only: the process's own clock and pid stay untouched for other threads.
    monkeypatch.setattr(cpu_share, "_PROC", tmp_path)
    monkeypatch.setattr(cpu_share, "_getpid", lambda: me)
    monkeypatch.setattr(cpu_share, "_ticks_per_second", lambda: 100)
    clock = iter([0.0, 2.0])
    monkeypatch.setattr(cpu_share, "_clock", lambda: next(clock))
    monkeypatch.setattr(cpu_share, "_times", lambda: SimpleNamespace(user=0.0, system=0.0))

    def write(busy: tuple[int, int], processes: dict[int, tuple[int, int]]):
        (tmp_path / "stat").write_text(_stat(*busy))
        for pid, (parent, ticks) in processes.items():
            (tmp_path / str(pid)).mkdir(exist_ok=True)
            (tmp_path / str(pid) / "stat").write_text(_process(pid, parent, ticks))

    return write


def test_the_benchmarks_own_processes_are_not_counted_as_others(proc):
    # 1001: a server this process started; 1002: a Chromium renderer under it; 5000: someone else.
    proc((100, 50), {1001: (1000, 10), 1002: (1001, 0), 5000: (1, 0)})
    share = cpu_share.OthersShare(interval=60)
    with share:
        proc((300, 250), {1001: (1000, 60), 1002: (1001, 50), 5000: (1, 300)})
    # 4 s busy in 2 s: 1 s is the benchmark's (50 + 50 ticks), 3 s someone else's.
    assert share.own == pytest.approx(0.5)
    assert share.others == pytest.approx(1.5)
    assert not cpu_share.conclusive(share.others)


def test_an_idle_machine_gives_a_verdict(proc):
    proc((100, 50), {1001: (1000, 0)})
    share = cpu_share.OthersShare(interval=60)
    with share:
        proc((180, 70), {1001: (1000, 95)})
    assert share.others == pytest.approx(0.025)
    assert cpu_share.conclusive(share.others)
    assert cpu_share.sentence(share.others, share.own) == (
        "Pendant la mesure, les autres programmes de la machine ont occupé en moyenne 0,03 processeur "
        "(la mesure elle-même, serveurs et Chromium compris : 0,5)."
    )


def test_without_proc_nothing_is_measured_and_there_is_no_verdict(tmp_path, monkeypatch):
    monkeypatch.setattr(cpu_share, "_PROC", tmp_path / "absent")
    with cpu_share.OthersShare() as share:
        pass
    assert share.others is None and not cpu_share.conclusive(share.others)
    assert "pas de verdict" in cpu_share.sentence(None, None)


def test_on_this_machine_a_busy_child_counts_as_the_benchmarks_own():
    busy = "import time\nend = time.process_time() + 0.5\nwhile time.process_time() < end: pass"
    with cpu_share.OthersShare() as share:
        subprocess.run([sys.executable, "-c", busy], check=True)
    assert share.own * share.seconds >= 0.35  # the child's half second of work, seen while it lived
