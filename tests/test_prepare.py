"""Each data version is prepared before its first visitor: a page opened without any choice
then only reads, and the server's watcher prepares again only when the versions change."""

from __future__ import annotations

import functools
import threading

import pytest

from icc.intake.seed import seed_if_empty
from icc.prepared import filters, model
from icc.present import pagedata, panels
from icc.storage import store
from icc.ui import data
from icc.web import preparer
from icc.web.navigation import PAGES
from tests.apptest import fresh_env, open_page, texts
from tests.conftest import DATA

DASHBOARD = [spec for spec in PAGES if spec.group == "Tableau de bord" and spec.path != "communes"]


def _refuse(func):
    """``func`` under its own name (the caches key by it), failing if it is ever computed."""

    @functools.wraps(func)
    def computed(*args, **kwargs):
        raise AssertionError(f"{func.__qualname__} calculé à l'ouverture de la page")

    return computed


def test_after_prepare_a_page_opened_without_choices_computes_nothing(monkeypatch, tmp_path):
    url = fresh_env(monkeypatch, tmp_path)
    seed_if_empty(store.make_engine(url), DATA)
    assert data.prepare() == model.version_key(store.current_versions(data.engine()))
    current = data.bundle_of(store.current_versions(data.engine()))
    calls = pagedata.defaults(current, data.filtered(current, filters.Filters()))
    # From here on, reading the versions, filtering, building a panel or a page's tables fails.
    monkeypatch.setattr(model, "load_bundle", _refuse(model.load_bundle))
    monkeypatch.setattr(filters, "apply", _refuse(filters.apply))
    monkeypatch.setattr(panels, "panel", _refuse(panels.panel))
    for func, _ in calls:
        monkeypatch.setattr(pagedata, func.__name__, _refuse(func))
    for spec in DASHBOARD:
        at = open_page(spec.script if spec.path else None)
        assert not at.exception, (spec.title, at.exception)
        assert spec.title.split(" ")[0] in texts(at), spec.title  # the page did draw itself


def test_a_choice_still_computes_its_own_view(monkeypatch, tmp_path):
    """The preparation covers the default view only: a filter set is computed when asked, and right."""
    url = fresh_env(monkeypatch, tmp_path)
    seed_if_empty(store.make_engine(url), DATA)
    data.prepare()
    whole = open_page()
    at = open_page(None, {"filiere": "cinema_audiovisuel"})
    assert not at.exception, at.exception
    sites = {m.label: m.value for m in at.metric}["Lieux recensés"]
    assert sites != {m.label: m.value for m in whole.metric}["Lieux recensés"]
    assert "Cinéma & audiovisuel" in texts(at)


def test_the_watcher_prepares_each_new_version_once(monkeypatch):
    keys = iter([(1,), (1,), (2,), (2,)])
    prepared: list[tuple[int, ...]] = []
    stop = threading.Event()

    def current_key():
        try:
            return next(keys)
        except StopIteration:
            stop.set()
            return (2,)

    def prepare():
        prepared.append(key := (len(prepared) + 1,))
        return key

    monkeypatch.setattr(preparer, "current_key", current_key)
    preparer.watch(stop, 0, prepare)
    assert prepared == [(1,), (2,)]


def test_a_failing_preparation_is_logged_and_the_watcher_goes_on(monkeypatch, caplog):
    calls = {"n": 0}
    stop = threading.Event()

    def prepare():
        calls["n"] += 1
        if calls["n"] == 2:
            stop.set()
        raise RuntimeError("base indisponible")

    monkeypatch.setattr(preparer, "current_key", lambda: (1,))
    preparer.watch(stop, 0, prepare)
    assert calls["n"] == 2  # tried again: nothing was prepared
    assert "Préparation des données impossible" in caplog.text


@pytest.mark.parametrize("interval", [0, -1])
def test_no_watcher_when_disabled(interval):
    assert preparer.start(interval) is None


def test_what_was_prepared_is_kept_out_of_each_garbage_collection(monkeypatch):
    """Streamlit collects every generation after each script run; the prepared data, frozen after
    its preparation, is not walked through again by each collection."""
    import gc

    stop = threading.Event()
    monkeypatch.setattr(preparer, "current_key", lambda: (1,))
    kept = [[object()] for _ in range(1000)]  # what a preparation leaves behind
    try:
        preparer.watch(stop, 0, lambda: stop.set() or (1,))
        assert gc.get_freeze_count() >= len(kept)
    finally:
        gc.unfreeze()


def test_the_preparer_thread_does_not_log_streamlits_missing_context_warning(caplog):
    import logging

    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    preparer.start(3600).set()  # installs the filter; the thread stops at once
    done = threading.Event()

    def ask(name):
        get_script_run_ctx()  # what Streamlit's caches do outside a script
        done.set()

    with caplog.at_level(logging.WARNING):
        for name in (preparer.THREAD, "un-autre-fil"):
            done.clear()
            threading.Thread(target=ask, args=(name,), name=name).start()
            done.wait(5)
    warned = [r.threadName for r in caplog.records if "missing ScriptRunContext" in r.getMessage()]
    assert warned == ["un-autre-fil"]  # other threads still warn
