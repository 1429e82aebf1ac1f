"""Mise à jour des données: template, upload, validation report, preview, publish."""

import datetime as dt
import hashlib

import streamlit as st

from icc import formatting, settings
from icc.datasets import exports, templates
from icc.datasets.schema import DATASETS, ORDER
from icc.intake import boundary, edit, ministere, recognition, upload
from icc.intake.reading import MO, ReadError
from icc.prepared.provenance import escape_markdown
from icc.storage import store
from icc.ui import auth, data, editing, layout
from icc.ui.review import changes_view, problems_table, same_row

user = auth.current_user()
st.title("Mise à jour des données")
if user is None or not user.can_edit:
    st.warning("Cette page est réservée aux comptes éditeurs. Connectez-vous depuis la page Connexion.")
    st.stop()

config = settings.load()
bundle = data.bundle(as_of=False)  # checks and publications: always against today's versions
name = st.selectbox("Jeu de données", ORDER, format_func=lambda n: DATASETS[n].title, key="upload_dataset")
ds = DATASETS[name]
version = bundle.versions[name]
st.caption(f"{ds.description} Version en vigueur : {version.number} ({version.row_count} lignes).")

st.header("1. Modèle et données actuelles")
c1, c2, c3, c4 = st.columns(4)
c1.download_button("Modèle CSV", templates.template_csv(name), f"modele-{name}.csv", "text/csv")
c2.download_button(
    "Modèle Excel (avec aide)",
    templates.template_xlsx(name),
    f"modele-{name}.xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)
current = bundle.frames[name][ds.columns]
c3.download_button("Données actuelles (CSV)", exports.dataset_csv(name, current), f"{name}-v{version.number}.csv")
c4.download_button(
    "Données actuelles (Excel)",
    exports.xlsx_bytes({ds.title: current}),
    f"{name}-v{version.number}.xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)
with st.expander("Colonnes attendues"):
    layout.table(
        templates.help_frame(name),
        "Décrites une seule fois dans icc/datasets/schema.py.",
        title=f"Colonnes attendues du jeu {ds.title}",
    )

st.header("2. Déposer un fichier ou modifier en ligne")
FILE, ONLINE = "Déposer un fichier", "Modifier en ligne"
source = st.segmented_control("Source", [FILE, ONLINE], default=FILE, key=f"source_{name}") or FILE


def guarded_by(filename: str, content: bytes) -> dict:
    """What the error boundary keeps of this attempt, whatever its source (file or table)."""
    return dict(
        engine_factory=data.engine,
        user=user.username,
        dataset=name,
        filename=filename,
        content=content,
        keep_dir=config.var_dir / boundary.KEPT_DIR,
    )


def refuse(refusal: boundary.Refusal) -> None:
    """The reason, visible without a click; the page goes on answering."""
    st.error(refusal.title)
    st.text(refusal.message)
    st.stop()


mode, extrait_du, answers = "modele", None, {}  # a file of the template's format unless said otherwise
if source == ONLINE:
    st.caption(
        "La version en vigueur, modifiable ici : chaque changement est gardé comme brouillon (même après un "
        "rechargement ou une déconnexion). « Vérifier » le contrôle comme un fichier déposé."
    )
    cells = editing.editor(data.engine(), user.username, name, bundle)
    if cells is None:
        st.stop()
    content, filename = edit.dump(cells).encode("utf-8"), edit.SOURCE_NAME
    token = (name, "en_ligne", hashlib.sha256(content).hexdigest(), version.id)
    guard = guarded_by(filename, content)
    if st.button("Vérifier", type="primary", key=f"verifier_{name}"):
        outcome = boundary.guarded(
            "vérification",
            lambda: edit.check(name, DATASETS[name], cells, bundle, data.contours()),
            foreseen={},
            **guard,
        )
        if not isinstance(outcome, boundary.Refusal):
            upload.record(data.engine(), user.username, outcome)
        st.session_state["checked"] = outcome
        st.session_state["checked_token"] = token
    if st.session_state.get("checked_token") != token:
        st.stop()  # changed since its check, or not checked yet
else:
    if name in ministere.EXTRACTS:
        mode = st.radio(
            "Nature du fichier",
            ["modele", "ministere"],
            format_func={
                "modele": "Fichier au format du modèle",
                "ministere": f"Extrait du ministère de la Culture ({ministere.EXTRACTS[name]})",
            }.get,
            horizontal=True,
            key=f"mode_{name}",
        )
    draft = store.import_draft_of(data.engine(), user.username, name) if mode == "ministere" else None
    if mode == "ministere":
        communes_count = formatting.nombre(len(bundle.frames["communes"]))
        if name == "frequentation_lieux":
            st.caption(
                "Fichier national « Fréquentation des musées de France » (data.culture.gouv.fr), CSV ou Excel, "
                f"colonnes non renommées. Seuls les musées des {communes_count} communes de la Métropole sont "
                "retenus ; un musée est reconnu par sa référence (ref_musee), sinon par son identifiant Muséofile, "
                "sinon les lieux de sa commune au nom proche vous sont soumis (« Même lieu ? ») ; un musée d'aucun "
                "lieu connu devient un lieu au centre de sa commune. Les années déjà connues sont mises à jour, les "
                "nouvelles s'ajoutent. Le résultat est vérifié et publié comme un fichier déposé."
            )
        else:
            st.caption(
                "Extrait CSV ou Excel téléchargé sur data.ampmetropole.fr ou data.culture.gouv.fr, colonnes non "
                f"renommées. Seules les lignes des {communes_count} communes de la Métropole sont retenues ; une ligne "
                "déjà connue (même identifiant du ministère, de Basilic ou de Muséofile) est mise à jour, un nom "
                "proche dans la même commune vous est soumis (« Même festival ? », « Même lieu ? »), les autres "
                "s'ajoutent : les lignes de la feuille de route restent. Le résultat est vérifié et publié comme un "
                "fichier déposé."
            )
            extrait_du = st.date_input(
                "Date de l'extrait (facultative, citée dans la source ; Muséofile date chaque fiche)",
                value=dt.date.fromisoformat(draft.extrait_du) if draft is not None and draft.extrait_du else None,
                format="DD/MM/YYYY",
                key=f"date_{name}",
            )
    st.caption(
        f"CSV (UTF-8 ou Windows-1252 ; séparateur « ; », « , » ou tabulation) ou Excel .xlsx ; "
        f"{config.max_upload_mb} Mo et {formatting.nombre(config.max_rows)} lignes au plus."
    )
    uploaded = st.file_uploader("Fichier", key=f"file_{name}" if mode == "modele" else f"import_{name}")
    if uploaded is not None:
        content, filename = uploaded.getvalue(), uploaded.name
    elif draft is not None:
        # An import under way (a reload, another visit): its file and answers are kept in the store.
        content, filename = draft.content, draft.filename
        st.info(
            f"Import en cours repris : « {escape_markdown(draft.filename)} », "
            f"déposé le {formatting.date_heure(draft.started_at)}, "
            f"{formatting.nombre(len(draft.answers))} réponse(s) enregistrée(s). Déposez un autre fichier pour le "
            "remplacer."
        )
        if st.button("Abandonner cet import", key=f"abandon_{name}"):
            store.drop_import_draft(data.engine(), user.username, name)
            st.session_state.pop("checked_token", None)
            st.rerun()
    else:
        st.stop()
    guard = guarded_by(filename, content)

    if mode == "ministere":
        day = extrait_du.isoformat() if extrait_du else ""
        if draft is None or draft.content != content:  # a new file: a new import, no answer yet
            store.save_import_draft(data.engine(), user.username, name, filename, content, day, {})
        else:
            answers = draft.answers
            if draft.extrait_du != day:
                store.save_import_answers(data.engine(), user.username, name, answers, day)
    digest = hashlib.sha256(content).hexdigest()
    token = (name, mode, digest, version.id, extrait_du, tuple(sorted(answers.items())))
    if st.session_state.get("checked_token") != token:
        st.session_state.pop("checked", None)
        with st.status("Vérification du fichier…", expanded=True) as status:
            bar = st.progress(0.0)

            def progress(share: float, label: str) -> None:
                bar.progress(share, text=label)

            def check() -> upload.Checked:
                limits = (config.max_upload_mb * MO, config.max_rows)
                if mode == "ministere":
                    found = ministere.check_extract(
                        name, content, filename, bundle, data.contours(), *limits, extrait_du, progress, answers
                    )
                else:
                    found = upload.check(name, content, filename, bundle, data.contours(), *limits, progress)
                upload.record(data.engine(), user.username, found)
                return found

            outcome = boundary.guarded(
                "vérification",
                check,
                foreseen={
                    ministere.ImportRefused: "Ce fichier n'est pas l'extrait du ministère attendu pour ce jeu.",
                    ReadError: "Le fichier n'a pas pu être lu.",
                },
                **guard,
            )
            bar.empty()  # the progress indicator ends, whatever happened
            if isinstance(outcome, boundary.Refusal):
                status.update(label="Fichier refusé", state="error", expanded=False)
            else:
                status.update(label="Vérification terminée", state="complete", expanded=False)
        # Kept for this file, refused or not: a rerun shows it again without a second check or audit entry.
        st.session_state["checked"] = outcome
        st.session_state["checked_token"] = token
if isinstance(st.session_state["checked"], boundary.Refusal):
    refuse(st.session_state["checked"])
checked: upload.Checked = st.session_state["checked"]
what = "le tableau" if source == ONLINE else "le fichier"
asked_about = checked.extra.get("asked_about", name)  # an attendance file asks about places


def report() -> None:
    st.text(checked.extra.get("description") or checked.read.description)
    left_out = checked.extra.get("left_out")
    if left_out is not None and len(left_out):
        st.download_button(
            f"Lignes écartées, avec leur raison (CSV, {formatting.nombre(len(left_out))} lignes)",
            exports.csv_bytes(left_out),
            f"{name}-lignes-ecartees.csv",
            "text/csv",
        )
    if checked.resemblance:
        st.warning(checked.resemblance)
    places = checked.extra.get("places")
    if places is not None and not places.changes.empty:
        st.markdown("**Nouveaux lieux du jeu Lieux**, publiés avec ce fichier")
        changes_view(DATASETS["lieux"], places.changes, bundle.frames["lieux"][DATASETS["lieux"].columns])
    if checked.questions:
        sent = same_row(checked.questions, f"question_{name}", asked_about, answers)
        if sent is not None:
            day = extrait_du.isoformat() if extrait_du else ""
            store.save_import_answers(data.engine(), user.username, name, {**answers, **sent}, day)
            st.rerun()

    st.header("3. Rapport de validation")
    if checked.errors:
        st.error(f"{len(checked.errors)} erreur(s) à corriger dans {what} avant de publier.")
        problems_table(checked.errors)
    else:
        st.success("Aucune erreur.")
    if checked.warnings:
        st.warning(f"{len(checked.warnings)} avertissement(s) à lire avant de publier.")
        problems_table(checked.warnings)
    if checked.errors:
        return
    st.header("4. Aperçu des changements")
    changes_view(ds, checked.changes, current)


shown = boundary.guarded("présentation du rapport", report, foreseen={}, **guard)
if isinstance(shown, boundary.Refusal):
    refuse(shown)
if checked.errors:
    st.stop()
if checked.unanswered:
    st.warning(
        f"{len(checked.unanswered)} question(s) « {recognition.question_title(asked_about)} » attendent votre "
        "réponse : rien n'est publié avant. Répondez plus haut, puis enregistrez les réponses."
    )
    st.stop()
if checked.changes.empty:
    st.info(f"{what[:1].upper()}{what[1:]} est identique à la version en vigueur : rien à publier.")
    st.stop()

publish_action = edit.SOURCE_NAME if source == ONLINE else "publication"
st.header("5. Publier")
with st.form("publier"):
    comment = st.text_input("Commentaire (obligatoire)", placeholder="ex. : fréquentations 2025 des festivals")
    acknowledged = True
    if checked.warnings:
        acknowledged = st.checkbox("J'ai lu les avertissements et je confirme la publication.")
    go = st.form_submit_button("Publier la nouvelle version", type="primary")
if go:
    with st.spinner("Publication…"):
        published = boundary.guarded(
            "publication",
            lambda: ministere.publish(data.engine(), checked, user.username, comment, acknowledged, publish_action),
            foreseen={upload.NotPublishable: "La nouvelle version n'a pas été publiée."},
            **guard,
        )
    if isinstance(published, boundary.Refusal):
        st.error(published.title)
        st.text(published.message)
    else:
        st.session_state.pop("checked", None)
        st.session_state.pop("checked_token", None)
        if source == ONLINE:
            editing.forget(data.engine(), user.username, name)
        elif mode == "ministere":
            store.drop_import_draft(data.engine(), user.username, name)
        st.success(
            f"Version {published.number} publiée ({published.row_count} lignes) : "
            "elle est visible sur toutes les pages."
        )
        if checked.extra.get("places") is not None:
            st.success("Les nouveaux lieux sont publiés dans le jeu Lieux, avant ce fichier.")
