"""Process-wide resources: the database engine, seeding, and the current data."""

from __future__ import annotations

import datetime as dt
import logging
import time

import streamlit as st

from icc import settings
from icc.datasets import geo
from icc.intake.seed import seed_if_empty
from icc.prepared import filters, model
from icc.present import pagedata, panels, screens
from icc.storage import asof, store
from icc.ui.filters import years
from icc.web import navigation

log = logging.getLogger(__name__)


@st.cache_resource(show_spinner=False)
def engine():
    """One engine per process; the first start on an empty database seeds it."""
    config = settings.load()
    eng = store.make_engine(config.database_url)
    seed_if_empty(eng, config.data_dir)
    return eng


@st.cache_resource(show_spinner="Chargement des données…", max_entries=4)
def _bundle_for(key: tuple[int, ...], _versions: dict[str, store.Version]) -> model.Bundle:
    # Keyed by the version ids: a publication elsewhere gives a new key on the next rerun.
    return model.load_bundle(engine(), _versions)


AS_OF_KEY, _AS_OF_STATE = "au", "icc_au"


def as_of_day() -> dt.date | None:
    """The day asked with ``?au=AAAA-MM-JJ``, kept across pages like the filters (None: today)."""
    if AS_OF_KEY in st.query_params:
        st.session_state[_AS_OF_STATE] = st.query_params[AS_OF_KEY]
    elif st.session_state.get(_AS_OF_STATE):
        st.query_params[AS_OF_KEY] = st.session_state[_AS_OF_STATE]
    return asof.parse(st.session_state.get(_AS_OF_STATE))


def kept_day() -> str | None:
    """The ``?au=`` a link to another page carries (read only: the data pages do not show it)."""
    return st.query_params.get(AS_OF_KEY) or st.session_state.get(_AS_OF_STATE) or None


def back_to_today() -> None:
    st.session_state.pop(_AS_OF_STATE, None)
    st.query_params.pop(AS_OF_KEY, None)


def in_force(day: dt.date) -> tuple[dict[str, store.Version], list[str]]:
    """The versions in force on ``day``, and the datasets created later (read at their first version)."""
    then = store.versions_at(engine(), asof.end_of_day(day))
    later = [name for name in store.current_versions(engine()) if name not in then]
    for name in later:
        then[name] = store.history(engine(), name)[-1]
    return then, later


def versions_shown(day: dt.date | None) -> dict[str, store.Version]:
    """Today's versions, or those in force on ``day``."""
    return store.current_versions(engine()) if day is None else in_force(day)[0]


def bundle_of(versions: dict[str, store.Version]) -> model.Bundle:
    """The prepared data of any set of versions (cached by their ids)."""
    return _bundle_for(model.version_key(versions), versions)


def bundle(as_of: bool = True) -> model.Bundle:
    """The data the pages show: today's versions, or those of ``?au=`` (never for the data pages)."""
    versions = versions_shown(as_of_day() if as_of else None)
    return _bundle_for(model.version_key(versions), versions)


@st.cache_resource(show_spinner=False)
def contours() -> geo.Contours | None:
    config = settings.load()
    return geo.load_contours(config.communes_geojson)


@st.cache_resource(show_spinner=False, max_entries=64)
def _filtered(key: tuple[int, ...], chosen: filters.Filters, _bundle: model.Bundle) -> model.Bundle:
    return filters.apply(_bundle, chosen)


def filtered(current: model.Bundle, chosen: filters.Filters) -> model.Bundle:
    """The data restricted to the filters, computed once per data version and filter set."""
    return _filtered(current.key, chosen, current)


@st.cache_resource(show_spinner=False, max_entries=256)
def _panel(
    key: tuple[int, ...],
    chosen: filters.Filters,
    panel_id: str,
    options: tuple,
    then_key: tuple[int, ...] | None,
    _view: model.Bundle,
    _then: model.Bundle | None,
) -> panels.Panel:
    then = {} if _then is None else {"then": _then}
    return panels.panel(_view, chosen, panel_id, **dict(options), **then)


def panel(
    current: model.Bundle, chosen: filters.Filters, panel_id: str, then: model.Bundle | None = None, **options
) -> panels.Panel:
    """A panel of the filtered data, built once per data version, filter set and options.

    ``then``: the data of an earlier day (the Évolutions panels), keyed by its version ids."""
    then_key = None if then is None else then.key
    return _panel(
        current.key, chosen, panel_id, tuple(sorted(options.items())), then_key, filtered(current, chosen), then
    )


@st.cache_resource(show_spinner=False, max_entries=512)
def _derived(key: tuple[int, ...], chosen: filters.Filters, name: str, args: tuple, _func, _view: model.Bundle):
    return _func(_view, *args)


def derived(current: model.Bundle, chosen: filters.Filters, func, *args):
    """``func(filtered data, *args)``, computed once per data version, filter set and arguments:
    a rerun or a new session with the same filters only reads it. ``func`` returns numbers or
    tables to show; it must not be changed by its callers."""
    name = f"{func.__module__}.{func.__qualname__}"
    return _derived(current.key, chosen, name, args, func, filtered(current, chosen))


# Panels the pages ask for with options of their own (icc.ui.data.panel keys them by options too).
_PAGE_OPTIONS = {
    "financements-programme": {"perimetre": pagedata.DEFAULT_PERIMETRE, "mode": pagedata.DEFAULT_MODE},
    "financements-annees": {"perimetre": pagedata.DEFAULT_PERIMETRE},
    "financements-hors-annees": {"perimetre": pagedata.DEFAULT_PERIMETRE},
}


def prepare(versions: dict[str, store.Version] | None = None) -> tuple[int, ...]:
    """Compute now what the dashboard pages read when opened without any choice: the prepared
    model of ``versions`` (today's by default), its default view, every panel and every page's
    own tables. Run ahead of visitors (icc.web.preparer), it spares the first one of a new data
    version the wait (12 s for the overview at ten thousand times the default data). Returns the
    version key prepared."""
    started = time.perf_counter()
    current = bundle_of(versions or store.current_versions(engine()))
    default = filters.Filters()
    view = filtered(current, default)
    years(current)
    contours()
    communes = current.frames["communes"]
    navigation.remember_places(
        dict(zip(communes["code_insee"], communes["nom"], strict=True)),
        communes["conseil_de_territoire"].dropna().unique(),
    )
    for definition in panels.DEFINITIONS:
        if definition.id in screens.PORTRAIT_IDS:
            continue  # a portrait is of one commune: nothing to prepare without one
        panel(current, default, definition.id)
        if definition.id in _PAGE_OPTIONS:
            panel(current, default, definition.id, **_PAGE_OPTIONS[definition.id])
    for func, args in pagedata.defaults(current, view):
        derived(current, default, func, *args)
    log.info("Données préparées (versions %s) en %.1f s", current.key, time.perf_counter() - started)
    return current.key
