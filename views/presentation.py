"""Mode présentation: the chosen screens one at a time, in large type, for a steering committee.

The presentation lives in the URL (``ecrans=chiffres,festivals&ecran=2`` and the shared filters),
so a prepared presentation reopens from a link. Exports are built when their button is clicked.
"""

import datetime
from functools import partial

import streamlit as st

from icc import formatting as fr
from icc.present import deck, evolutions, screens
from icc.storage import asof
from icc.ui import data, layout
from icc.ui.filters import sidebar

# Constant style, no data: full width and large type for a projector; the sidebar (filters, pages)
# slides in only when the pointer reaches the left edge of the screen. A phone has no pointer and
# its sidebar already opens over the page from its menu button: it keeps Streamlit's own, and its
# narrow margins.
CSS = """<style>
@media (min-width: 769px) {
  section[data-testid="stSidebar"] {
    position: fixed !important; top: 0; bottom: 0; left: 0; z-index: 999990;
    transform: translateX(calc(-100% + 12px)); transition: transform 0.2s ease-in-out;
    box-shadow: 2px 0 8px rgba(0, 0, 0, 0.15);
  }
  section[data-testid="stSidebar"]:hover, section[data-testid="stSidebar"]:focus-within { transform: none; }
  [data-testid="stMainBlockContainer"] { padding: 2.5rem 3rem 2rem 3rem; }
  /* Five headline figures side by side: « env. 480 000 » keeps to its fifth of the screen. */
  [data-testid="stMetricValue"] { font-size: min(3.6rem, 2.9vw) !important; }
}
[data-testid="stMainBlockContainer"] { max-width: 100%; }
h1 { font-size: 3rem !important; }
[data-testid="stMetricValue"] { font-size: 3.6rem; }
[data-testid="stMetricLabel"] p { font-size: 1.4rem; }
/* At that size a long label would end in « … » on a phone: it wraps instead. */
[data-testid="stMetricLabel"] div, [data-testid="stMetricLabel"] p { white-space: normal !important; }
[data-testid="stCaptionContainer"] p { font-size: 1.1rem; }
[data-testid="stProgress"] p { font-size: 1.3rem; }
</style>"""

# Constant script, no data: arrows and a clicker's PageDown / PageUp press the Suivant / Précédent buttons.
KEYS = """<script>
(function () {
  const doc = window.parent.document;
  if (doc.iccPresentationKeys) { return; }
  doc.iccPresentationKeys = true;
  const targets = { ArrowRight: "pres_next", PageDown: "pres_next", ArrowLeft: "pres_prev", PageUp: "pres_prev" };
  doc.addEventListener("keydown", function (event) {
    const key = targets[event.key];
    const where = event.target;
    if (!key || event.altKey || event.ctrlKey || event.metaKey) { return; }
    if (where && (where.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(where.tagName))) { return; }
    const button = doc.querySelector(".st-key-" + key + " button");
    if (!button || button.disabled) { return; }
    event.preventDefault();
    button.click();
  });
})();
</script>"""

CHOSEN, INDEX, OPEN, WIDGET = "pres_choix", "pres_index", "pres_ouvert", "pres_ecrans"

bundle = data.bundle()
filters = sidebar(bundle)
st.html(CSS)

# The « Évolutions » screens compare with ``depuis=AAAA-MM-JJ``, by default the last committee recorded.
AS_OF = data.as_of_day()
DEPUIS = "depuis"
committee = evolutions.latest_committee(bundle, AS_OF)
since = asof.parse(st.query_params.get(DEPUIS)) or (committee[0] if committee else None)

if CHOSEN not in st.session_state:
    from_url = screens.parse(st.query_params.get_all("ecrans"))
    st.session_state[CHOSEN] = from_url or list(screens.IDS)
    st.session_state[OPEN] = not from_url  # a prepared link opens on its first screen
    raw = st.query_params.get("ecran", "1")
    st.session_state[INDEX] = int(raw) if raw.isdigit() else 1
if WIDGET not in st.session_state:
    st.session_state[WIDGET] = list(st.session_state[CHOSEN])


def _chosen_changed() -> None:
    """Keep the screen on show when it stays in the new selection."""
    old, new = st.session_state[CHOSEN], list(st.session_state[WIDGET])
    index = st.session_state[INDEX]
    current = old[index - 1] if 0 < index <= len(old) else None
    st.session_state[CHOSEN] = new
    st.session_state[INDEX] = new.index(current) + 1 if current in new else min(max(index, 1), max(len(new), 1))


def _move(step: int) -> None:
    st.session_state[INDEX] += step


ids = st.session_state[CHOSEN]
options: dict[str, dict] = {}
if since is not None and set(ids) & set(screens.EVOLUTION_IDS):
    evolution = {"then": data.bundle_of(data.in_force(since)[0]), "depuis": since.isoformat()}
    evolution["au"] = AS_OF.isoformat() if AS_OF else None
    options = {i: evolution for i in screens.EVOLUTION_IDS}
total = len(ids)
index = min(max(st.session_state[INDEX], 1), max(total, 1))
st.session_state[INDEX] = index
for key, value in {"ecrans": screens.to_query(ids), "ecran": str(index)}.items():
    if st.query_params.get(key) != value:
        st.query_params[key] = value

if not ids:
    st.title("Mode présentation")
    st.info("Aucun écran choisi : choisissez-les dans « Préparer la présentation », ci-dessous.")
else:
    content = data.panel(bundle, filters, ids[index - 1], **options.get(ids[index - 1], {}))
    st.title(content.title)
    layout.note(filters.describe(bundle))
    if content.figures:
        layout.figures(content)
        st.caption(content.caption)
    else:
        layout.panel(content, key=f"pres_chart_{content.id}", large=True)

    previous, progress, following = st.columns([1, 4, 1], vertical_alignment="center")
    previous.button(
        "Précédent",
        key="pres_prev",
        icon=":material/arrow_back:",
        on_click=_move,
        args=(-1,),
        disabled=index <= 1,
        width="stretch",
    )
    progress.progress(index / total, text=f"{index} / {total}")
    following.button(
        "Suivant",
        key="pres_next",
        icon=":material/arrow_forward:",
        icon_position="right",
        on_click=_move,
        args=(1,),
        disabled=index >= total,
        width="stretch",
    )

st.html(KEYS, unsafe_allow_javascript=True)

with st.expander("Préparer la présentation", expanded=st.session_state[OPEN]):
    st.multiselect(
        "Écrans, dans l'ordre de présentation",
        list(screens.SCREENS_BY_ID),
        format_func=lambda i: screens.SCREENS_BY_ID[i].title,
        key=WIDGET,
        on_change=_chosen_changed,
        placeholder="Choisissez les écrans",
    )
    st.caption(
        "Les écrans passent dans l'ordre où ils ont été choisis. L'adresse de cette page garde les écrans, "
        "l'écran en cours et les filtres : copiez-la pour rouvrir la présentation préparée. Pendant la "
        "présentation, les flèches gauche et droite du clavier (ou les touches page précédente et page suivante "
        "d'une télécommande) changent d'écran. Les filtres sont dans la barre latérale, qui apparaît quand le "
        "pointeur touche le bord gauche de l'écran."
    )

    if set(ids) & set(screens.EVOLUTION_IDS):
        picked = st.date_input(
            "Écrans « Évolutions » : comparer avec les données du",
            value=since,
            format="DD/MM/YYYY",
            key="pres_depuis",
        )
        if picked and picked != since:
            st.query_params[DEPUIS] = picked.isoformat()
            st.rerun()
        layout.note(  # the committee's name is data: escaped, never markdown
            f"Par défaut, le dernier comité de pilotage enregistré ({committee[1]} du {asof.long_date(committee[0])})."
            if committee
            else "Aucun comité de pilotage n'est enregistré : choisissez une date."
        )

    st.header("Exporter")
    today = datetime.date.today()
    stem = deck.file_stem(today) + (f"-donnees-au-{AS_OF.isoformat()}" if AS_OF else "")
    chosen = list(ids)
    st.caption(
        f"Fichiers préparés au moment du clic, avec les filtres et les écrans choisis ({fr.nombre(len(chosen))} "
        "écrans) : graphiques PowerPoint modifiables, tableaux Excel et CSV avec leurs sources. L'image d'un "
        "graphique s'enregistre depuis son propre menu (icône d'appareil photo)."
    )
    comma = st.toggle("CSV au format international (virgule, sans BOM)", key="pres_csv_virgule")
    c1, c2, c3 = st.columns(3)
    c1.download_button(
        "PowerPoint",
        data=partial(deck.pptx_bytes, bundle, filters, chosen, today, options=options, as_of=AS_OF),
        file_name=f"{stem}.pptx",
        mime=deck.PPTX_MIME,
        icon=":material/slideshow:",
        on_click="ignore",
        key="pres_pptx",
        disabled=not chosen,
        width="stretch",
    )
    c2.download_button(
        "Excel",
        data=partial(deck.xlsx_bytes, bundle, filters, chosen, today, options=options, as_of=AS_OF),
        file_name=f"{stem}.xlsx",
        mime=deck.XLSX_MIME,
        icon=":material/table_view:",
        on_click="ignore",
        key="pres_xlsx",
        disabled=not chosen,
        width="stretch",
    )
    c3.download_button(
        "Tous les tableaux (CSV, zip)",
        data=partial(deck.csv_zip, bundle, filters, chosen, not comma, today, options, AS_OF),
        file_name=f"{stem}-csv.zip",
        mime="application/zip",
        icon=":material/folder_zip:",
        on_click="ignore",
        key="pres_zip",
        disabled=not chosen,
        width="stretch",
    )
    columns = st.columns(4)
    for k, screen_id in enumerate(chosen):
        columns[k % 4].download_button(
            f"CSV : {screens.SCREENS_BY_ID[screen_id].sheet}",
            data=partial(deck.screen_csv, bundle, filters, screen_id, not comma, options),
            file_name=f"{stem}-{screen_id}.csv",
            mime="text/csv",
            on_click="ignore",
            key=f"pres_csv_{screen_id}",
            width="stretch",
        )
