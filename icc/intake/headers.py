"""Matching the headers of a file to a dataset's fields, whatever their case, accents or spacing."""

from __future__ import annotations

import unicodedata

from icc.datasets.schema import Dataset


def fold(text: str) -> str:
    """Header key that ignores case, accents, spaces and punctuation."""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return "".join(c for c in text.lower() if c.isalnum())


def match_headers(ds: Dataset, headers: list[str]) -> tuple[dict[str, str], list[str]]:
    """Map file headers to field names by technical name or French label; return (mapping, unknown)."""
    keys = {}
    for f in ds.fields:
        keys.setdefault(fold(f.name), f.name)
        keys.setdefault(fold(f.label), f.name)
    mapping, unknown = {}, []
    for header in headers:
        name = keys.get(fold(header))
        if name and name not in mapping.values():
            mapping[header] = name
        else:
            unknown.append(header)
    return mapping, unknown
