"""The staff update flow, without Streamlit: read → validate → compare → publish.

The page only shows what these functions return, so the whole flow is testable here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy.engine import Engine

from icc import formatting
from icc.datasets.schema import DATASETS, ORDER
from icc.intake import diff, recognition
from icc.intake.reading import ReadResult, looks_like, read_upload
from icc.intake.validation import ERROR, WARNING, Problem, validate_all, validate_table
from icc.prepared.model import Bundle
from icc.storage import store

Progress = Callable[[float, str], None]


def no_progress(_: float, __: str) -> None:
    pass


@dataclass
class Checked:
    dataset: str
    filename: str
    read: ReadResult
    typed: pd.DataFrame
    problems: list[Problem]
    changes: diff.Changes
    base_version_id: int | None  # the current version the check compared against
    resemblance: str | None = None  # French hint when the file looks like another dataset
    extra: dict = field(default_factory=dict)
    # Questions « Même festival ? » (« Même lieu ? ») of an import (icc.intake.recognition.Question).
    questions: tuple = ()

    @property
    def unanswered(self) -> list:
        return [q for q in self.questions if q.answer is None]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]

    @property
    def publishable(self) -> bool:
        return not self.errors and not self.changes.empty and not self.unanswered


def resemblance(dataset: str, headers: list[str]) -> str | None:
    """« Ce fichier ressemble au jeu Financements » when another dataset fits its headers better."""
    scores = dict(looks_like(headers))
    best = max(scores, key=scores.get) if scores else None
    if best and best != dataset and scores[best] > scores.get(dataset, 0) and scores[best] >= 0.5:
        return (
            f"Ce fichier ressemble au jeu « {DATASETS[best].title} » plutôt qu'au jeu "
            f"« {DATASETS[dataset].title} » choisi : vérifiez le jeu sélectionné."
        )
    return None


def check(
    dataset: str,
    content: bytes,
    filename: str,
    bundle: Bundle,
    contours,
    max_bytes: int,
    max_rows: int,
    progress: Progress = no_progress,
) -> Checked:
    """Read and validate an upload against the current data; raises reading.ReadError."""
    progress(0.05, "Lecture du fichier…")
    read = read_upload(content, filename, max_bytes, max_rows, sheet_hint=dataset)
    return check_read(dataset, read, filename, bundle, contours, progress)


def check_read(
    dataset: str,
    read: ReadResult,
    filename: str,
    bundle: Bundle,
    contours,
    progress: Progress = no_progress,
) -> Checked:
    """Validate text cells already read (an uploaded file, or a merged import) against the current data."""
    ds = DATASETS[dataset]
    progress(0.35, "Validation des colonnes et des valeurs…")
    typed, problems = validate_table(ds, read.frame, read.decimal)
    progress(0.65, "Contrôles croisés avec les autres jeux…")
    frames = {name: bundle.frames[name][DATASETS[name].columns] for name in ORDER}
    frames[dataset] = typed
    cross = validate_all(frames, contours)
    # Only problems of this file, or of other datasets that this file breaks (e.g. a removed commune).
    problems += cross
    progress(0.85, "Comparaison avec la version en vigueur…")
    current = bundle.frames[dataset][ds.columns]
    changes = diff.compare(ds, current, typed) if not [p for p in problems if p.severity == ERROR] else None
    if changes is None:
        changes = diff.Changes(typed.iloc[0:0], current.iloc[0:0], typed.iloc[0:0], {}, 0)
    else:
        problems += diff.warnings(ds, current, typed)
    progress(1.0, "Contrôles terminés.")
    return Checked(
        dataset=dataset,
        filename=filename,
        read=read,
        typed=typed,
        problems=problems,
        changes=changes,
        base_version_id=bundle.versions[dataset].id if dataset in bundle.versions else None,
        resemblance=resemblance(dataset, read.headers),
    )


class NotPublishable(ValueError):
    """French reason why a checked file cannot be published."""


def published_since(engine: Engine, dataset: str, base_version_id: int | None) -> str:
    """« la version 3, publiée par agent.deux le 4 déc. 2026 à 10:12 (« comment ») »: who moved the data."""
    if base_version_id is None:
        return "une autre version"
    newer = store.versions_since(engine, dataset, base_version_id)
    if not newer:
        return "une autre version"
    return " ; ".join(
        f"la version {v.number}, publiée par {v.author} le {formatting.date_heure(v.created_at)} (« {v.comment} »)"
        for v in newer
    )


def publish(
    engine: Engine,
    checked: Checked,
    author: str,
    comment: str,
    acknowledged: bool,
    action: str = "publication",
) -> store.Version:
    """Publish a checked table; ``action`` names its source in the audit log (« modification en ligne »)."""
    if checked.errors:
        raise NotPublishable(f"{len(checked.errors)} erreur(s) bloquent la publication : corrigez le fichier.")
    if checked.unanswered:
        raise NotPublishable(
            f"{len(checked.unanswered)} question(s) « {recognition.question_title(checked.dataset)} » attendent "
            "votre réponse : répondez « fusionner » ou « garder les deux » avant de publier."
        )
    if checked.changes.empty:
        raise NotPublishable("Le fichier est identique à la version en vigueur : rien à publier.")
    if checked.warnings and not acknowledged:
        raise NotPublishable("Des avertissements demandent votre confirmation avant de publier.")
    if not comment.strip():
        raise NotPublishable("Indiquez un commentaire : il accompagne la version dans l'historique.")
    comment = comment.strip()
    if checked.extra.get("comment_note"):  # an import's answers « Même festival ? »: merged, kept apart
        comment = f"{comment} — {checked.extra['comment_note']}"
    try:
        return store.publish(
            engine, checked.dataset, checked.typed, author, comment, checked.base_version_id, action=action
        )
    except store.StaleVersion as exc:
        who = published_since(engine, checked.dataset, checked.base_version_id)
        raise NotPublishable(
            f"Depuis votre vérification, {who}. Rien n'a été publié et vos données ne sont pas perdues : "
            "vérifiez-les à nouveau pour les comparer à la nouvelle version, puis publiez."
        ) from exc


def record(engine: Engine, user: str, checked: Checked) -> None:
    """Every upload is in the audit log, published or not."""
    with engine.begin() as conn:
        store.log(
            conn,
            user,
            "téléversement",
            checked.dataset,
            detail=f"{checked.filename} : {checked.read.rows} lignes, {len(checked.errors)} erreur(s), "
            f"{len(checked.warnings)} avertissement(s)",
        )
