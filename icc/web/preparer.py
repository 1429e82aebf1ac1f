"""Prepare each new data version before anyone asks for it.

A background thread of the server looks for a new set of versions every
``ICC_PREPARE_SECONDS`` (a publication here, on another replica or from the command line) and
runs ``icc.ui.data.prepare``: the first visitor after a publication then reads what is ready.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from icc import model, store
from icc.ui import data

log = logging.getLogger(__name__)


def current_key() -> tuple[int, ...]:
    return model.version_key(store.current_versions(data.engine()))


def watch(stop: threading.Event, interval: float, prepare: Callable[[], tuple[int, ...]] = data.prepare) -> None:
    """Prepare now, then again whenever the versions change, until ``stop`` is set."""
    prepared: tuple[int, ...] | None = None
    while not stop.is_set():
        try:
            if current_key() != prepared:
                prepared = prepare()
        except Exception:  # ahead of visitors: a failure is logged, and the pages compute it themselves
            log.exception("Préparation des données impossible ; les pages calculeront à l'ouverture")
        stop.wait(interval)


def start(interval: float) -> threading.Event | None:
    """Start the watcher thread (None when ``interval`` is 0); set the returned event to stop it."""
    if interval <= 0:
        return None
    stop = threading.Event()
    threading.Thread(target=watch, args=(stop, interval), name="icc-preparer", daemon=True).start()
    return stop
