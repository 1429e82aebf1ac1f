"""Cells of the Ministry of Culture's files, read alike by every import of them (festivals, Basilic,
Muséofile, museum attendance): a column found by its folded header, text stripped, numbers with
either decimal mark, the rows left out with their reason, and counted French words."""

from __future__ import annotations

import pandas as pd

from icc.formatting import nombre
from icc.intake.headers import fold


def count(n: int, singular: str, plural: str) -> str:
    return f"{nombre(n)} {singular if n < 2 else plural}"


def text(value) -> str:
    """A cell as stripped text with single spaces; "" for a missing cell."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return " ".join(str(value).split())


def column(raw: pd.DataFrame, aliases: tuple[str, ...]) -> pd.Series:
    """The first present column among ``aliases`` (folded match: case, accents, spaces and punctuation
    ignored), as stripped text; "" when absent. Each distinct cell is read once (a national file
    repeats its towns and départements thousands of times)."""
    by_fold = {}
    for header in raw.columns:
        by_fold.setdefault(fold(header), header)
    for alias in aliases:
        header = by_fold.get(fold(alias))
        if header is not None:
            values = raw[header].astype(object).where(raw[header].notna(), "")
            texts = {v: text(v) for v in values.unique()}
            return pd.Series([texts[v] for v in values], index=raw.index, dtype=object)
    return pd.Series("", index=raw.index, dtype=object)


def number(cell: str) -> float | None:
    """« 43.29 », « 43,29 », « 1 234 » -> a float; None when it is no number."""
    try:
        value = float(cell.replace(",", ".").replace("\u00a0", "").replace(" ", ""))
    except ValueError:
        return None
    return value if pd.notna(value) else None


def left_out(raw: pd.DataFrame, reasons: pd.Series) -> pd.DataFrame:
    """The rows not kept, as the file gives them, each with its French reason and file line first."""
    out = raw.loc[reasons != ""].copy()
    out.insert(0, "Raison", reasons[reasons != ""])
    out.insert(1, "Ligne du fichier", [str(n + 2) for n in out.index])  # header on line 1
    return out.reset_index(drop=True).astype(object).fillna("")


def kept_summary(rows_read: int, kept: int, excluded: dict[str, int], where: str) -> str:
    """« 312 lignes lues, 41 retenues dans <where>, 3 écartées : commune hors de la Métropole (3). »"""
    retained = "retenue" if kept < 2 else "retenues"
    out = f"{count(rows_read, 'ligne lue', 'lignes lues')}, {nombre(kept)} {retained} {where}"
    left = sum(excluded.values())
    if left:
        reasons = " ; ".join(f"{reason} ({nombre(n)})" for reason, n in excluded.items())
        out += f", {nombre(left)} {'écartée' if left < 2 else 'écartées'} : {reasons}"
    return out + "."
