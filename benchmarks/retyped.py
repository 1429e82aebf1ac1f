"""The territory's festivals of the Ministry's national list as another tool or a colleague re-types them.

Issue #32: the 270 festivals of the Métropole in the May 2024 export, their identifiers removed
and their names re-typed (upper case, accents dropped, dashes as spaces, « Festival » moved to the
end), each change applied to a name or not by a seeded draw: the same file on every run.
"""

from __future__ import annotations

import random
import re
import unicodedata
from pathlib import Path

import pandas as pd

from icc.intake.reading import read_upload

ROOT = Path(__file__).resolve().parent.parent
NATIONAL = ROOT / "tests" / "fixtures" / "ministere" / "liste-des-festivals-en-france-2024-05.csv"
COMMUNES = ROOT / "data" / "communes.csv"
SEED = 32
IDENTIFIERS = ("Identifiant", "Identifiant Agence A", "identifiant CNM")
LIMITS = (50 * 1024 * 1024, 200_000)


def retype(name: str, rng: random.Random) -> str:
    """One name as re-typed: each change drawn once (three in four names get each)."""
    text = name
    if rng.random() < 0.75:  # « Festival » moved to the end
        match = re.match(r"(?i)\s*festival\s+(.+)", text)
        if match:
            text = f"{match.group(1)} Festival"
    if rng.random() < 0.75:
        text = re.sub(r"\s*[-–—]\s*", " ", text)
    if rng.random() < 0.75:
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    if rng.random() < 0.75:
        text = text.upper()
    return text


def territory_rows() -> pd.DataFrame:
    """The national list's rows in the 92 communes, as read from the file (text cells)."""
    frame = read_upload(NATIONAL.read_bytes(), NATIONAL.name, *LIMITS).frame
    codes = set(pd.read_csv(COMMUNES, dtype=str)["code_insee"])
    return frame[frame["Code Insee commune"].isin(codes)].copy()


def retyped_export(seed: int = SEED) -> tuple[pd.DataFrame, dict[str, str]]:
    """The re-typed export, and for each re-typed name's row (by position in it) the identifier it had."""
    rows = territory_rows().reset_index(drop=True)
    rng = random.Random(seed)
    originals = dict(zip(range(len(rows)), rows["Identifiant"], strict=True))
    rows["Nom du festival"] = [retype(name, rng) for name in rows["Nom du festival"]]
    for column in IDENTIFIERS:
        if column in rows.columns:
            rows[column] = ""
    return rows, originals


def retyped_csv(seed: int = SEED) -> bytes:
    return retyped_export(seed)[0].to_csv(sep=";", index=False).encode("utf-8")
