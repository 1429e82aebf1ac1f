"""« Modifier en ligne »: the current version as an editable table, kept as a server-side draft.

The draft (text cells, see ``icc.intake.edit``) is saved in the store on every change, per user
and dataset, so a reload, a lost connection or signing out and back keep it. What this module
returns is checked by the data page exactly like an uploaded file.
"""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from icc import formatting
from icc.datasets.schema import BOOLEAN, COMMUNE_REF, DATASETS, DATE, FILIERE_REF, INTEGER, NUMBER, Dataset
from icc.intake import boundary, edit, upload
from icc.prepared.model import Bundle
from icc.prepared.provenance import escape_markdown
from icc.storage import asof, store

PAGE_ROWS = 50
EMPTY = ""  # a new row's text cells start empty, not as Streamlit's grey « None »
ALL = "Tous"


def _options(ds: Dataset, reference: str, bundle: Bundle, cells: pd.DataFrame) -> tuple[list[str], dict[str, str]]:
    """Allowed values of a reference column, with their names: « Marseille (13055) »."""
    target, column = reference.split(".")
    frame = cells if target == ds.name else bundle.frames[target]
    label_field = DATASETS[target].label_field
    codes = [str(c) for c in frame[column].tolist() if isinstance(c, str) and c]
    names = [str(n) if isinstance(n, str) else "" for n in frame[label_field].tolist()]
    labels = {}
    for code, name in zip(codes, names, strict=False):
        labels[code] = f"{name} ({code})" if name and name != code else code
    return list(labels), labels


def column_config(ds: Dataset, bundle: Bundle, cells: pd.DataFrame) -> dict:
    """One editor per column kind, from the dataset's description."""
    # The line number problems name: shown, never edited (a new row gets the next one).
    config = {"_index": st.column_config.NumberColumn(edit.LINE, disabled=True, format="%d")}
    for f in ds.fields:
        help_text = f.help or None
        if f.name == ds.key:
            config[f.name] = st.column_config.TextColumn(
                f.label,
                help="Identifiant : il ne change pas pour une ligne existante ; à saisir pour une ligne ajoutée.",
                default=EMPTY,
            )
        elif f.kind == BOOLEAN:
            config[f.name] = st.column_config.CheckboxColumn(f.label, help=help_text)
        elif f.kind == DATE:
            config[f.name] = st.column_config.DateColumn(f.label, help=help_text, format="DD/MM/YYYY")
        elif f.values:
            config[f.name] = st.column_config.SelectboxColumn(f.label, help=help_text, options=list(f.values))
        elif f.references:
            options, labels = _options(ds, f.references, bundle, cells)
            config[f.name] = st.column_config.SelectboxColumn(
                f.label, help=help_text, options=options, format_func=lambda code, labels=labels: labels.get(code, code)
            )
        elif f.kind in (INTEGER, NUMBER):
            # Typed as text and read by the same French number reader as a file: « 150 000 », « 43,31 »;
            # « beaucoup » gets the same French refusal as in a spreadsheet.
            unit = f" ({f.unit})" if f.unit else ""
            config[f.name] = st.column_config.TextColumn(
                f"{f.label}{unit}",
                help=" ".join(filter(None, [help_text, "Nombre écrit en français : 150 000 ou 43,31."])),
                default=EMPTY,
            )
        else:
            config[f.name] = st.column_config.TextColumn(f.label, help=help_text, default=EMPTY)
    return config


def _state(user: str, name: str) -> dict:
    return st.session_state.setdefault("online_edit", {}).setdefault((user, name), {})


def _reset(user: str, name: str) -> None:
    rev = _state(user, name).get("rev", 0)
    st.session_state["online_edit"][(user, name)] = {"rev": rev + 1}


def _start(engine, user: str, name: str, ds: Dataset, current_cells: pd.DataFrame, version_id: int) -> dict:
    state = _state(user, name)
    if "draft" in state:
        return state
    saved = store.draft_of(engine, user, name)
    if saved is not None:
        draft, base_id, started = edit.load(ds, saved.content), saved.base_version_id, saved.started_at
    else:
        draft, base_id, started = current_cells, version_id, None
    state.update(
        draft=draft,
        at_rev=draft,
        base_id=base_id,
        started=started,
        saved=edit.dump(draft) if saved is not None else None,
        rev=state.get("rev", 0) + 1,
        view=None,
    )
    return state


def _filters(ds: Dataset, bundle: Bundle, cells: pd.DataFrame, name: str) -> tuple:
    c1, c2, c3 = st.columns([2, 1, 1])
    text = c1.text_input("Rechercher", key=f"edit_search_{name}", placeholder="nom, identifiant, commune…")
    equal = {}
    choices = [f for f in ds.fields if f.references in (COMMUNE_REF, FILIERE_REF) or f.name == "statut"]
    slots = [c2, c3, *st.columns(2)] if len(choices) > 2 else [c2, c3]
    for f, slot in zip(choices, slots, strict=False):
        if f.values:
            options, labels = list(f.values), {v: v for v in f.values}
        else:
            options, labels = _options(ds, f.references, bundle, cells)
        label = {FILIERE_REF: "Famille", COMMUNE_REF: "Commune"}.get(f.references, f.label)
        picked = slot.selectbox(
            label, [ALL, *options], format_func=lambda v, labels=labels: labels.get(v, v), key=f"edit_{name}_{f.name}"
        )
        equal[f.name] = None if picked == ALL else picked
    unknown = [f for f in ds.fields if f.kind in (INTEGER, NUMBER) and not f.required]
    empty = ""
    if unknown:
        empty = st.selectbox(
            "Seulement les lignes dont ce chiffre est « non chiffré »",
            ["", *[f.name for f in unknown]],
            format_func=lambda n: "—" if not n else ds.field(n).label,
            key=f"edit_empty_{name}",
        )
    return text, tuple(sorted(equal.items())), empty


def _stale(engine, user: str, name: str, ds: Dataset, state: dict, current_cells: pd.DataFrame, version) -> None:
    # Who published and their comment, as typed: the error box reads markdown.
    who = escape_markdown(upload.published_since(engine, name, state["base_id"]))
    st.error(
        f"Publication impossible pour l'instant : depuis le début de votre brouillon, {who}. "
        "Votre brouillon est gardé : reprenez-le sur la nouvelle version, vérifiez-le, puis publiez."
    )
    if st.button(f"Reprendre mon brouillon sur la version {version.number}", key=f"rebase_{name}"):
        base = edit.cells_of_version(ds, store.read_version(engine, state["base_id"])[ds.columns])
        merged, both = edit.rebase(ds, base, state["draft"], current_cells)
        store.save_draft(engine, user, name, version.id, edit.dump(merged))
        started = state.get("started")
        _reset(user, name)
        st.session_state["online_edit"][(user, name)]["rebased"] = both
        st.session_state["online_edit"][(user, name)]["started"] = started
        st.rerun()


def editor(engine, user: str, name: str, bundle: Bundle) -> pd.DataFrame | None:
    """Show the draft as an editable table; return its text cells, or None while it cannot be checked."""
    ds = DATASETS[name]
    version = bundle.versions[name]
    current_cells = edit.cells_of_version(ds, bundle.frames[name][ds.columns])
    state = _start(engine, user, name, ds, current_cells, version.id)
    both = state.pop("rebased", None)
    if both is not None:
        st.success(f"Votre brouillon est repris sur la version {version.number}.")
        if not both.empty:
            st.warning("Lignes modifiées des deux côtés : votre valeur est gardée, vérifiez-la.")
            st.dataframe(both, hide_index=True, width="stretch")

    notice = st.container()  # « Brouillon du … », filled once the draft is known to be saved
    if state["base_id"] != version.id:
        _draft_notice(notice, engine, user, name)
        _stale(engine, user, name, ds, state, current_cells, version)
        return None

    view = _filters(ds, bundle, state["draft"], name)
    found = edit.search(ds, state["at_rev"], view[0], dict(view[1]), view[2])
    pages = max(1, math.ceil(len(found) / PAGE_ROWS))
    page = 1
    if pages > 1:
        page = int(st.number_input(f"Page (sur {pages})", 1, pages, 1, key=f"edit_page_{name}"))
    if (view, page) != state["view"]:
        # Another filter or page: the edits so far are in the draft; the table restarts from it.
        state.update(at_rev=state["draft"], rev=state["rev"] + 1, view=(view, page))
        found = edit.search(ds, state["at_rev"], view[0], dict(view[1]), view[2])
    shown = edit.page_of(found, page, PAGE_ROWS)
    st.caption(
        f"{formatting.nombre(len(found))} ligne(s) sur {formatting.nombre(len(state['draft']))}"
        + (f", page {page} sur {pages}" if pages > 1 else "")
        + ". Ajoutez une ligne en bas du tableau ; supprimez-en en les sélectionnant."
    )
    table = edit.editor_frame(ds, state["at_rev"].loc[shown])
    edited = st.container(key="editeur_en_ligne").data_editor(
        table,
        column_config=column_config(ds, bundle, state["draft"]),
        num_rows="dynamic",
        hide_index=False,
        key=f"editor_{name}_{state['rev']}",
        width="stretch",
    )
    applied = edit.apply_edits(ds, state["at_rev"], shown, edited)
    if applied.kept_keys:
        st.warning("L'identifiant d'une ligne existante ne se modifie pas : sa valeur a été remise.")
    state["draft"] = applied.cells
    content = edit.dump(applied.cells)
    if content != state.get("saved") and (
        state.get("saved") is not None or edit.changed(ds, applied.cells, current_cells)
    ):
        store.save_draft(engine, user, name, state["base_id"], content)
        state["saved"] = content
    if state.get("saved") is not None:
        # Written above the table without a rerun: a rerun would scroll the grid back to its start.
        _draft_notice(notice, engine, user, name)
    return applied.cells


def _draft_notice(notice, engine, user: str, name: str) -> None:
    saved = store.draft_of(engine, user, name)
    if saved is None:
        return
    notice.info(
        f"Brouillon du {formatting.date_heure(saved.started_at)}, enregistré le "
        f"{formatting.date_heure(saved.updated_at)} : il est gardé si la page est rechargée ou "
        "si vous vous déconnectez."
    )
    if notice.button("Abandonner le brouillon", key=f"drop_{name}"):
        store.drop_draft(engine, user, name)
        _reset(user, name)
        st.rerun()


def forget(engine, user: str, name: str) -> None:
    """After publication: the draft is done."""
    store.drop_draft(engine, user, name)
    _reset(user, name)


# --- a steering committee, recorded from the « Évolutions » page ---------------------------------

COMMITTEE_CHOICE = "evolutions_comite"  # the page's « Comparer … avec » selectbox


def committee_form(engine, user: str, bundle: Bundle, contours, keep_dir) -> None:
    """Name, date, comment and source of a committee, published as a new version of « comites »."""
    ds = DATASETS["comites"]
    done = st.session_state.pop("committee_recorded", None)
    if done:
        st.success(done)
    with st.expander("Enregistrer un comité de pilotage"), st.form("comite", clear_on_submit=False):
        nom = st.text_input(ds.field("nom").label, placeholder="ex. : Comité de pilotage ICC", key="comite_nom")
        day = st.date_input(ds.field("date").label, value=None, format="DD/MM/YYYY", key="comite_date")
        commentaire = st.text_area(
            f"{ds.field('commentaire').label} (facultatif)", placeholder="Ordre du jour…", key="comite_commentaire"
        )
        source = st.text_input(
            ds.field("source").label, placeholder="ex. : Relevé de décisions du comité", key="comite_source"
        )
        go = st.form_submit_button("Enregistrer le comité", type="primary")
    if not go:
        return
    current = bundle.frames["comites"][ds.columns]
    values = {"nom": nom.strip(), "date": day, "commentaire": commentaire.strip(), "source": source.strip()}
    values["id"] = edit.free_id(f"copil_{day:%Y_%m_%d}" if day else "copil", current["id"].dropna())
    cells = edit.with_row(ds, current, values)

    def record() -> store.Version | upload.Checked:
        checked = edit.check("comites", ds, cells, bundle, contours)
        upload.record(engine, user, checked)
        if checked.errors:
            return checked
        comment = f"Comité « {values['nom']} » du {formatting.date(day)} enregistré depuis la page Évolutions"
        return upload.publish(engine, checked, user, comment, acknowledged=True, action=edit.SOURCE_NAME)

    outcome = boundary.guarded(
        "enregistrement du comité",
        record,
        foreseen={upload.NotPublishable: "Le comité n'a pas été enregistré."},
        engine_factory=lambda: engine,
        user=user,
        dataset="comites",
        filename="formulaire des comités",
        content=edit.dump(cells).encode("utf-8"),
        keep_dir=keep_dir,
    )
    if isinstance(outcome, boundary.Refusal):
        st.error(outcome.title)
        st.text(outcome.message)
    elif isinstance(outcome, upload.Checked):
        st.error("Le comité n'a pas été enregistré.")
        for problem in outcome.errors:  # the field by its label, the value as typed
            st.text(f"« {problem.column_label} » : {problem.message}")
    else:
        st.session_state["committee_recorded"] = (
            f"Comité enregistré (version {outcome.number} des comités) : les évolutions sont comparées avec lui."
        )
        st.session_state[COMMITTEE_CHOICE] = f"{values['nom']} du {asof.long_date(day)}"
        st.rerun()
