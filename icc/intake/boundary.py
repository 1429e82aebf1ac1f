"""The error boundary of the check-and-publish flow: whatever happens, a French answer.

A refusal the intake foresaw (a file that cannot be read, a publication that is not
allowed) keeps its own French message. Anything else is a defect: its traceback goes
to the server log, the uploaded file is kept on the server under a reference, the
audit log records the refusal, and the user reads in French what happened, that
nothing was published, that the file is kept and what to do. Streamlit's English
error box never shows.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from icc.storage import store

logger = logging.getLogger("icc.intake")
T = TypeVar("T")
REFUSED = "téléversement refusé"
KEPT_DIR = "depots"  # under ICC_VAR_DIR


@dataclass(frozen=True)
class Refusal:
    title: str  # French, one line: shown as the error box
    message: str  # French detail, shown as text
    unexpected: bool = False
    reference: str | None = None


def keep_file(directory: Path, filename: str, content: bytes) -> str:
    """Save an upload that made the intake fail; return its reference (the file's name on the server)."""
    digest = hashlib.sha256(content).hexdigest()[:12]
    stamp = store.now().strftime("%Y%m%d-%H%M%S")
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(filename).name)[-80:] or "fichier"
    reference = f"{stamp}-{digest}-{safe}"
    directory.mkdir(parents=True, exist_ok=True)
    (directory / reference).write_bytes(content)
    return reference


def _audit(engine_factory: Callable, user: str, dataset: str, detail: str) -> None:
    try:
        with engine_factory().begin() as conn:
            store.log(conn, user, REFUSED, dataset, detail=detail[:2000])
    except Exception:  # the database may be what failed: the server log keeps the trace
        logger.exception("audit log entry failed for a refused upload of %s", dataset)


def unexpected_message(step: str, filename: str, reference: str | None) -> str:
    kept = (
        f"Votre fichier a été conservé sur le serveur sous la référence {reference}."
        if reference
        else "Votre fichier n'a pas pu être conservé sur le serveur : gardez-en une copie."
    )
    return (
        f"Une erreur inattendue est survenue pendant la {step} du fichier « {filename} ». "
        "Rien n'a été publié : la version en vigueur reste inchangée. "
        f"{kept} Réessayez ; si l'erreur se reproduit, transmettez cette référence à l'administrateur "
        "de l'application, qui en trouvera le détail dans le journal du serveur."
    )


def guarded(
    step: str,
    action: Callable[[], T],
    *,
    foreseen: dict[type, str],
    engine_factory: Callable,
    user: str,
    dataset: str,
    filename: str,
    content: bytes,
    keep_dir: Path,
) -> T | Refusal:
    """``action()``, or the Refusal that says in French why it did not go through.

    ``step``: French noun for the messages (« vérification », « publication »).
    ``foreseen``: exception types whose ``message`` (or text) is already French, with
    the title to show; the first matching type wins.
    """
    try:
        return action()
    except Exception as exc:
        for kind, title in foreseen.items():
            if isinstance(exc, kind):
                message = getattr(exc, "message", None) or str(exc)
                _audit(engine_factory, user, dataset, f"{filename} : {message}")
                return Refusal(title, message)
        logger.exception("unexpected failure during the %s of %r (%s)", step, filename, dataset)
        try:
            reference = keep_file(keep_dir, filename, content)
        except Exception:
            logger.exception("could not keep the uploaded file %r", filename)
            reference = None
        _audit(
            engine_factory,
            user,
            dataset,
            f"{filename} : erreur inattendue pendant la {step} ({type(exc).__name__}), fichier conservé : {reference}",
        )
        return Refusal(
            "Le fichier n'a pas pu être traité.",
            unexpected_message(step, filename, reference),
            unexpected=True,
            reference=reference,
        )
