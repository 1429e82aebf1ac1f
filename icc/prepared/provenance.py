"""What every chart and table states: its sources and the data version it shows."""

from __future__ import annotations

import re

import pandas as pd

from icc import formatting as fr
from icc.datasets.schema import DATASETS
from icc.prepared.model import Bundle

# Characters that start markdown formatting anywhere in a line; others read as typed.
_MARKDOWN = re.compile(r"([\\`*_{}\[\]<>#|~$])")


# Streamlit's markdown links bare addresses by itself (GFM autolinks: "http://", "www.", e-mail),
# whatever the escaping: an invisible word joiner (U+2060) breaks each such pattern.
_AUTOLINK = re.compile(r"(?i)(://|www\.|@)")
WORD_JOINER = "\u2060"


def escape_markdown(text: str) -> str:
    """Captions are markdown: data inside them is escaped so it shows as typed, never as a link."""
    return _AUTOLINK.sub(lambda m: WORD_JOINER + m.group(1), _MARKDOWN.sub(r"\\\1", text))


def sources(frame: pd.DataFrame, limit: int = 3) -> str:
    """The most cited sources of the rows shown (markdown-escaped)."""
    counts = frame["source"].value_counts()
    shown = "; ".join(escape_markdown(s) for s in counts.index[:limit])
    more = len(counts) - limit
    return f"{shown} (et {more} autre{'s' if more > 1 else ''})" if more > 0 else shown


def version_note(bundle: Bundle, *datasets: str) -> str:
    parts = []
    for name in datasets:
        v = bundle.versions[name]
        parts.append(f"{DATASETS[name].title} v{v.number} du {fr.date(v.created_at.date())}")
    return "Données : " + ", ".join(parts)


def caption(bundle: Bundle, frame: pd.DataFrame, *datasets: str) -> str:
    """« Source : … · Données : Financements v2 du 25 nov. 2026 »."""
    text = version_note(bundle, *datasets)
    if len(frame) and "source" in frame.columns:
        text = f"Source : {sources(frame)} · {text}"
    return text
