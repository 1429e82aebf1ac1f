"""The shared sidebar filters, kept in the URL so that a copied link opens the same view."""

from __future__ import annotations

import streamlit as st

from icc.prepared.filters import KEYS, YEAR_KEYS, Filters, choices
from icc.prepared.model import Bundle

_STATE = "flt_"
_SAVED = "flt_saved"
_BOUNDS = "flt_bounds"  # the years of the data when the filters were last drawn


@st.cache_resource(show_spinner=False, max_entries=4)
def _year_range(key: tuple[int, ...], _bundle: Bundle) -> tuple[int, int]:
    years = [
        _bundle["evenements"]["annee"],
        _bundle["financements"]["annee_debut"],
        _bundle["financements"]["annee_fin"],
        # The museums' attendance goes back to 2001: its years can be chosen too.
        *([_bundle["frequentation_lieux"]["annee"]] if "frequentation_lieux" in _bundle.frames else []),
    ]
    # Vectorised and once per data version (a Python loop over every row took 0.5 s at 10 000×).
    return int(min(s.min() for s in years if s.notna().any())), int(max(s.max() for s in years if s.notna().any()))


def years(bundle: Bundle) -> tuple[int, int]:
    """The first and last years of the data, once per data version."""
    return _year_range(bundle.key, bundle)


def _query() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in [*KEYS.values(), *YEAR_KEYS]}


def sidebar(bundle: Bundle) -> Filters:
    """Draw the filters; return them and mirror them in the query string."""
    opts = choices(bundle)
    low, high = years(bundle)
    # Streamlit drops a widget's state when a run (another page) does not draw it, so the
    # chosen values live under a plain key and are put back into the widgets on every run.
    saved = st.session_state.get(_SAVED)
    if saved is None:
        start = Filters.from_query(_query(), bundle)
        saved = {attr: list(getattr(start, attr)) for attr in KEYS}
        saved["annees"] = (max(low, start.annee_min or low), min(high, start.annee_max or high))
    for name, value in saved.items():
        key = _STATE + name
        # Re-assigning makes the value the app's own, which a widget of another page keeps.
        st.session_state[key] = st.session_state[key] if key in st.session_state else value

    with st.sidebar:
        # Not a heading: the sidebar comes before the page's h1 in the document (RGAA 9.1).
        st.markdown("**Filtres**")
        familles = st.multiselect(
            "Filière",
            list(opts["familles"]),
            format_func=opts["familles"].get,
            key=_STATE + "familles",
            placeholder="Toutes les filières",
            select_all=False,  # its label is English only
        )
        conseils = st.multiselect(
            "Conseil de territoire",
            list(opts["conseils"]),
            key=_STATE + "conseils",
            placeholder="Tous",
            select_all=False,
        )
        communes_all = bundle["communes"]
        if conseils:
            communes_all = communes_all[communes_all["conseil_de_territoire"].isin(conseils)]
        in_conseils = set(communes_all["code_insee"])
        commune_opts = [c for c in opts["communes"] if c in in_conseils]
        st.session_state[_STATE + "communes"] = [
            c for c in st.session_state.get(_STATE + "communes", []) if c in commune_opts
        ]
        communes = st.multiselect(
            "Commune",
            commune_opts,
            format_func=opts["communes"].get,
            key=_STATE + "communes",
            placeholder="Toutes les communes",
            select_all=False,
        )
        annees = st.slider("Années", low, high, key=_STATE + "annees")
        statuts = st.multiselect(
            "Statut des financements",
            list(opts["statuts"]),
            key=_STATE + "statuts",
            placeholder="Tous",
            select_all=False,
        )
    st.session_state[_BOUNDS] = (low, high)
    st.session_state[_SAVED] = {
        "familles": familles,
        "conseils": conseils,
        "communes": communes,
        "statuts": statuts,
        "annees": tuple(annees),
    }
    current = Filters(
        familles=tuple(familles),
        conseils=tuple(conseils),
        communes=tuple(communes),
        annee_min=annees[0] if annees[0] > low else None,
        annee_max=annees[1] if annees[1] < high else None,
        statuts=tuple(statuts),
    )
    wanted = current.to_query()
    for key in [*KEYS.values(), *YEAR_KEYS]:
        if key in wanted:
            if st.query_params.get_all(key) != ([wanted[key]] if isinstance(wanted[key], str) else wanted[key]):
                st.query_params[key] = wanted[key]
        elif key in st.query_params:
            del st.query_params[key]
    return current


def kept_query(from_address: bool) -> dict[str, list[str] | str]:
    """The filters a link to another page carries, read before the page runs: the widgets' values
    (a change made just now included: the address follows only when the page draws its filters),
    those last drawn on a page without filters, or on a session's first page the address's when
    ``from_address`` (a page drawing the filters: elsewhere, as on a commune's portrait, a
    ``commune`` in the address is the page's own, not a filter)."""
    saved = st.session_state.get(_SAVED)
    if saved is None:
        return {key: values for key, values in _query().items() if values} if from_address else {}
    value = {name: st.session_state.get(_STATE + name, saved[name]) for name in saved}
    low, high = st.session_state.get(_BOUNDS, (None, None))
    first, last = value["annees"]
    kept = Filters(
        **{attr: tuple(value[attr]) for attr in KEYS},
        annee_min=first if low is not None and first > low else None,
        annee_max=last if high is not None and last < high else None,
    )
    return kept.to_query()
