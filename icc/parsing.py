"""Turn the text people type in spreadsheets into typed values.

Only the French conventions are handled here (decimal commas, spaces as thousands
separators, ``1,5 M€``, ``oui``/``non``, ``25/10/2024``); anything that does not parse
is left as it was, so that validation reports the original text with its row and
column.
"""

from __future__ import annotations

import re
from datetime import datetime

import pandas as pd
from babel.numbers import NumberFormatError, parse_decimal

from icc.schema import BOOLEAN, DATE, INTEGER, NUMBER, Dataset

TRUE_WORDS = {"true", "vrai", "oui", "o", "yes", "y", "1", "x"}
FALSE_WORDS = {"false", "faux", "non", "n", "no", "0"}
# Amount suffixes found in French documents: "211,5 M€", "80 K€", "1,7 Md€".
_SCALES = {"k": 1e3, "m": 1e6, "md": 1e9, "mds": 1e9, "mrd": 1e9, "milliard": 1e9, "milliards": 1e9}
_SCALES.update({"million": 1e6, "millions": 1e6})
_AMOUNT = re.compile(
    r"^(?P<num>[-+]?[\d\s.,\u00a0\u202f]+?)\s*(?P<scale>k|m|md|mds|mrd|millions?|milliards?)?\s*(€|eur|euros?)?$"
)
_SPACES = re.compile(r"[\s\u00a0\u202f]")
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y/%m/%d")


def parse_number(text: str) -> float | None:
    """French or plain number, with optional scale and euro sign; None if it isn't one."""
    match = _AMOUNT.match(text.strip().lower())
    if not match:
        return None
    digits = _SPACES.sub("", match.group("num"))
    if not digits or not any(c.isdigit() for c in digits):
        return None
    if "," in digits and "." in digits:  # "1.500,5": dots group, comma is the decimal mark
        digits = digits.replace(".", "")
    elif digits.count(".") > 1:  # "1.500.000"
        digits = digits.replace(".", "")
    try:
        value = float(parse_decimal(digits.replace(".", ","), locale="fr_FR", strict=False))
    except (NumberFormatError, ValueError):
        return None
    scale = match.group("scale")
    return value * _SCALES[scale] if scale else value


def parse_boolean(text: str) -> bool | None:
    word = text.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    return None


def parse_date(text: str) -> str | None:
    """ISO date string, or None."""
    value = text.strip()
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def _convert(series: pd.Series, parser) -> pd.Series:
    def one(value):
        if not isinstance(value, str):
            return value
        if not value.strip():
            return None
        parsed = parser(value)
        return value if parsed is None else parsed

    return series.map(one).astype(object)


def _text(value):
    if not isinstance(value, str):
        return value
    value = value.strip()
    # Our exports write "'=..." so spreadsheets show formulas as text; read them back as typed.
    if len(value) > 1 and value[0] == "'" and value[1] in "=+-@":
        value = value[1:]
    return value or None


def prepare(dataset: Dataset, raw: pd.DataFrame) -> pd.DataFrame:
    """Convert the text cells of ``raw`` (schema column names) towards their kinds.

    Cells that do not parse keep their text; empty cells become missing.
    """
    out = pd.DataFrame(index=raw.index)
    for f in dataset.fields:
        if f.name not in raw.columns:
            continue
        col = raw[f.name].astype(object)
        if f.kind in (INTEGER, NUMBER):
            out[f.name] = _convert(col, parse_number)
        elif f.kind == BOOLEAN:
            out[f.name] = _convert(col, parse_boolean)
        elif f.kind == DATE:
            out[f.name] = _convert(col, parse_date)
        else:
            out[f.name] = col.map(_text).astype(object)
    return out
