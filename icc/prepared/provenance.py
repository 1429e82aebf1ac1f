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


# Also read as markup: an HTML entity (« &amp; » would show as « & »), a block marker at the start of a
# line (« - », « + », « 1. », « = », a list or a heading), and Streamlit's own shortcodes (« :smile: »,
# « :material/home: »), which it reads after the escapes: a word joiner after their colon breaks them.
_ENTITY = re.compile(r"&(?=#?\w+;)")
_LINE_START = re.compile(r"(?m)^([ \t]*)(?:([-+=])(?=[ \t]|$)|(\d+)(?=[.)](?:[ \t]|$)))")
_SHORTCODE = re.compile(r":(?=[\w+\-/]+:)")


def escape_markdown(text: str) -> str:
    """Text read as markdown (captions, messages, labels): data and what users type inside it is
    escaped so it shows as typed, never as formatting, a link or an image."""
    escaped = _MARKDOWN.sub(r"\\\1", text)
    escaped = _ENTITY.sub(r"\\&", escaped)
    escaped = _LINE_START.sub(lambda m: m.group(1) + (f"\\{m[2]}" if m[2] else f"{m[3]}\\"), escaped)
    escaped = _SHORTCODE.sub(":" + WORD_JOINER, escaped)
    return _AUTOLINK.sub(lambda m: WORD_JOINER + m.group(1), escaped)


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
