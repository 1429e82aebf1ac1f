"""Prepare each new data version before anyone asks for it.

A background thread of the server looks for a new set of versions every
``ICC_PREPARE_SECONDS`` (a publication here, on another replica or from the command line) and
runs the ``prepare`` function it was started with: ``server.py`` passes ``icc.ui.data.prepare``,
which fills the pages' Streamlit caches. That one function is where this thread and the caches
meet; this module knows nothing of Streamlit, and the first visitor after a publication reads
what is ready.
"""

from __future__ import annotations

import gc
import logging
import threading
from collections.abc import Callable

from icc.prepared import model
from icc.storage import store
from icc.web import db

log = logging.getLogger(__name__)


class _QuietOutsideScripts(logging.Filter):
    """Streamlit warns « missing ScriptRunContext » when its caches are used outside a script, as
    this thread does on purpose: that one warning is dropped for this thread only."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.threadName == THREAD and "missing ScriptRunContext" in record.getMessage())


THREAD = "icc-preparer"
_CONTEXT_LOGGER = "streamlit.runtime.scriptrunner_utils.script_run_context"
_QUIET = _QuietOutsideScripts()  # one instance: adding it again at a restart changes nothing


def settle() -> None:
    """Put what the server keeps (its modules, the prepared data and panels) out of the garbage
    collector's way. Streamlit collects every generation after each script run
    (``runner.postScriptGC``); with the prepared data in memory that took 0,1 to 0,2 s holding the
    interpreter, while no page got its messages or its code files. Unfreezing first lets what the
    previous version left be collected once."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def current_key() -> tuple[int, ...]:
    return model.version_key(store.current_versions(db.engine()))


Prepare = Callable[[], tuple[int, ...]]  # prepares the current versions, returns their key


def watch(stop: threading.Event, interval: float, prepare: Prepare) -> None:
    """Prepare now, then again whenever the versions change, until ``stop`` is set."""
    prepared: tuple[int, ...] | None = None
    while not stop.is_set():
        try:
            if current_key() != prepared:
                prepared = prepare()
                settle()
        except Exception:  # ahead of visitors: a failure is logged, and the pages compute it themselves
            log.exception("Préparation des données impossible ; les pages calculeront à l'ouverture")
        stop.wait(interval)


def start(interval: float, prepare: Prepare = current_key) -> threading.Event | None:
    """Start the watcher thread (None when ``interval`` is 0); set the returned event to stop it.

    Without ``prepare`` the thread only notes each new version (nothing is prepared)."""
    if interval <= 0:
        return None
    stop = threading.Event()
    logging.getLogger(_CONTEXT_LOGGER).addFilter(_QUIET)
    threading.Thread(target=watch, args=(stop, interval, prepare), name=THREAD, daemon=True).start()
    return stop
