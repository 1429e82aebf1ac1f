"""Typing the text cells of an upload: numbers, whole numbers, yes/no, dates and text.

Each distinct text is read once (``pandas.factorize``), so a column of 100 000 cells
costs as many parses as it has different values. A cell is read as its author meant,
following the conventions of its column (or else of its file), or it gets a French
message saying why not, quoting the cell as typed:

- numbers: decimal comma or point, thousands grouped by spaces (NBSP, narrow NBSP),
  points or commas, scientific notation (``6,43E+11``), ``%``, ``M€``/``k€``/``Md€``.
  A number whose reading depends on the convention (``2.500`` in a file whose decimals
  are written with a comma) is refused as ambiguous, never guessed.
- dates: ``25/10/2024``, ``25-10-2024``, ``25.10.2024``, ``2024-10-25``, ``2024/10/25``;
  a date that does not exist (``31/02/2024``) has its own message.
- yes/no: ``oui``/``non``, ``vrai``/``faux``, ``1``/``0``, ``x``…
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from icc.datasets.problems import ERROR, quoted
from icc.datasets.schema import BOOLEAN, DATE, INTEGER, KIND_LABELS, NUMBER, PANDAS_DTYPES, Field
from icc.formatting import nombre

TRUE_WORDS = {"true", "vrai", "oui", "o", "yes", "y", "1", "x"}
FALSE_WORDS = {"false", "faux", "non", "n", "no", "0"}
SCALES = {"k": 1e3, "m": 1e6, "md": 1e9, "mds": 1e9, "mrd": 1e9, "milliard": 1e9, "milliards": 1e9}
SCALES.update({"million": 1e6, "millions": 1e6})
# Whole numbers beyond this lose digits as floating point numbers.
EXACT_LIMIT = 2**53

_GROUP_SPACES = " \u00a0\u202f'"
_NUMBER = re.compile(
    r"(?P<sign>[-+\u2212]?)\s*(?P<body>\d(?:[\d.,'\u00a0\u202f ]*\d)?)"
    r"(?:\s*e\s*(?P<exp>[-+]?\d{1,4}))?"
    r"\s*(?P<scale>k|m|md|mds|mrd|millions?|milliards?)?"
    r"\s*(?P<unit>%|€|eur|euros?)?",
    re.IGNORECASE,
)
_SPACED = re.compile(r"\d{1,3}(?:[ \u00a0\u202f']\d{3})+(?:[.,]\d+)?")
_PLAIN_INTEGER = re.compile(r"-?\d{1,15}")


@dataclass(frozen=True)
class CellIssue:
    kind: str  # French group name
    message: str  # French, starting with the cell as typed
    severity: str = ERROR


@dataclass(frozen=True)
class _Number:
    value: float | None
    percent: bool = False
    issue: str | None = None  # "nombre", "ambigu", "grand"
    detail: str = ""


def _grouped(text: str, mark: str) -> bool:
    return re.fullmatch(rf"\d{{1,3}}(?:{re.escape(mark)}\d{{3}})+", text) is not None


def _digits(body: str, decimal: str | None, thousands: str | None = None) -> tuple[str | None, str | None]:
    """(plain digits with a decimal point, issue) for the body of a number."""
    if any(c in body for c in _GROUP_SPACES):
        if not _SPACED.fullmatch(body):
            return None, "nombre"
        body = "".join(c for c in body if c not in _GROUP_SPACES)
        return body.replace(",", "."), None  # after grouping spaces, a mark can only be decimal
    commas, points = body.count(","), body.count(".")
    if not commas and not points:
        return body, None
    if commas and points:
        last = "," if body.rfind(",") > body.rfind(".") else "."
        other = "." if last == "," else ","
        whole, fraction = body.rsplit(last, 1)
        if not _grouped(whole, other):
            return None, "nombre"
        return whole.replace(other, "") + "." + fraction, None
    mark = "," if commas else "."
    if commas + points > 1:
        return (body.replace(mark, ""), None) if _grouped(body, mark) else (None, "nombre")
    whole, fraction = body.split(mark)
    if len(fraction) != 3 or len(whole) > 3 or whole == "0" or mark == decimal:
        return whole + "." + fraction, None
    if mark == thousands:  # the column groups its thousands with this mark elsewhere ("1.500.000")
        return whole + fraction, None
    return None, "ambigu"


def read_number(text: str, decimal: str | None, thousands: str | None = None) -> _Number:
    """One cell read as a number, with the column's decimal and thousands marks (None when unknown)."""
    match = _NUMBER.fullmatch(text.strip())
    if not match:
        return _Number(None, issue="nombre")
    digits, issue = _digits(match.group("body"), decimal, thousands)
    if digits is None:
        return _Number(None, issue=issue, detail=match.group("body"))
    sign = "-" if match.group("sign") in ("-", "\u2212") else ""
    exp = match.group("exp")
    value = float(f"{sign}{digits}" + (f"e{exp}" if exp else ""))
    scale, unit = (match.group("scale") or "").lower(), (match.group("unit") or "").lower()
    if scale:
        if unit == "%":
            return _Number(None, issue="nombre")
        value *= SCALES[scale]
    if not math.isfinite(value):
        return _Number(None, issue="grand")
    return _Number(value, percent=unit == "%")


def marks(texts: pd.Series) -> tuple[str | None, str | None]:
    """(decimal mark, thousands mark) the numbers of a column use unambiguously (None when they don't tell).

    ``1,5`` or ``1 500,25`` show a decimal comma; ``1.500.000`` or ``1.500,5`` show points
    grouping thousands.
    """
    decimals, groups = set(), set()
    for text in texts:
        match = _NUMBER.fullmatch(text.strip())
        if not match:
            continue
        body = match.group("body")
        if any(c in body for c in _GROUP_SPACES):
            decimals.update(mark for mark in ".," if mark in body)
            continue
        commas, points = body.count(","), body.count(".")
        if commas and points:
            last = "," if body.rfind(",") > body.rfind(".") else "."
            decimals.add(last)
            groups.add("." if last == "," else ",")
        elif commas > 1 or points > 1:  # "1.500.000": that mark groups thousands, the other is decimal
            if _grouped(body, "," if commas else "."):
                groups.add("," if commas else ".")
                decimals.add("." if commas else ",")
        elif commas + points == 1:
            mark = "," if commas else "."
            whole, fraction = body.split(mark)
            if len(fraction) != 3 or len(whole) > 3 or whole == "0":
                decimals.add(mark)
    return (decimals.pop() if len(decimals) == 1 else None), (groups.pop() if len(groups) == 1 else None)


# --- French messages ---------------------------------------------------------------------


def _bound(value: float) -> str:
    """A bound or example the French way; years (whole numbers below 10 000) without a thousands space."""
    if float(value).is_integer() and abs(value) < 10_000:
        return str(int(value))
    return nombre(value, 6)


def expected(f: Field) -> str:
    """What a cell of this field should hold, in French."""
    if f.values:
        return "une de ces valeurs : " + ", ".join(f"« {v} »" for v in f.values)
    text = KIND_LABELS[f.kind]
    if f.kind == DATE:
        text = "une date, par exemple 25/10/2024 ou 2024-10-25"
    if f.minimum is not None and f.maximum is not None:
        text += f" entre {_bound(f.minimum)} et {_bound(f.maximum)}"
    elif f.minimum is not None:
        text += f" supérieur ou égal à {_bound(f.minimum)}"
    if f.unit and f.kind in (INTEGER, NUMBER):
        text += f" ({f.unit})"
    return text


def _example(f: Field) -> str:
    """``, ex. 150 000`` from the field's example, written the French way."""
    if not f.example:
        return ""
    try:
        value = float(f.example)
    except ValueError:
        return ""
    return f", ex. {_bound(value)}"


def _number_issue(f: Field, raw: str, number: _Number, decimal: str | None) -> CellIssue:
    shown = quoted(raw)
    if number.issue == "ambigu":
        mark = "," if "," in number.detail else "."
        other = "." if mark == "," else ","
        whole, fraction = number.detail.split(mark)
        as_thousands = nombre(int(whole + fraction))
        as_decimal = nombre(float(f"{whole}.{fraction}"), 3)
        if decimal == other:
            why = f"les décimales de ce fichier s'écrivent avec {'une virgule' if other == ',' else 'un point'}"
        else:
            why = "rien dans la colonne ni dans le fichier ne dit si le point ou la virgule marque les décimales"
        return CellIssue(
            "Nombre ambigu",
            f"{shown} peut se lire {as_thousands} ou {as_decimal} : {why}. Écrivez {whole}{fraction} s'il s'agit "
            f"de milliers, sinon la valeur décimale avec {'une virgule' if decimal != '.' else 'un point'} ; "
            f"attendu : {expected(f)}.",
        )
    if number.issue == "grand":
        return CellIssue("Type", f"{shown} est trop grand pour être un nombre ; attendu : {expected(f)}.")
    return CellIssue("Type", f"{shown} n'est pas un {KIND_LABELS[f.kind]} ; attendu : {expected(f)}{_example(f)}.")


def _date_issue(f: Field, raw: str) -> CellIssue:
    shown = quoted(raw)
    parts = _date_parts(raw.strip())
    if parts is not None:
        year, month, day = parts
        if not 1 <= month <= 12:
            why = f"il n'y a pas de mois {month}"
        else:
            days = calendar.monthrange(year, month)[1] if 1 <= year <= 9999 else 31
            month_name = (
                "janvier février mars avril mai juin juillet août septembre octobre novembre décembre"
            ).split()
            why = (
                f"{month_name[month - 1]} {year} n'a que {days} jours" if day > days else f"le jour {day} n'existe pas"
            )
        return CellIssue("Date impossible", f"{shown} n'est pas une date qui existe : {why} ; attendu : {expected(f)}.")
    return CellIssue("Type", f"{shown} n'est pas une date ; attendu : {expected(f)}.")


# --- dates ---------------------------------------------------------------------------------

_DAY_FIRST = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T]00:00(?::00)?)?")
_YEAR_FIRST = re.compile(r"(\d{4})([-/])(\d{1,2})\2(\d{1,2})(?:[ T]00:00(?::00)?)?")


def _date_parts(text: str) -> tuple[int, int, int] | None:
    match = _DAY_FIRST.fullmatch(text)
    if match:
        return int(match.group(3)), int(match.group(2)), int(match.group(1))
    match = _YEAR_FIRST.fullmatch(text)
    if match:
        return int(match.group(1)), int(match.group(3)), int(match.group(4))
    return None


def read_date(text: str) -> str | None:
    """ISO date of a cell, or None when it is not a date that exists."""
    parts = _date_parts(text.strip())
    if parts is None:
        return None
    try:
        return dt.date(*parts).isoformat()
    except ValueError:
        return None


def read_boolean(text: str) -> bool | None:
    word = text.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    return None


# --- a whole column -------------------------------------------------------------------------


_FAST_INTEGER = r"-?[0-9]{1,15}"  # ASCII digits only: pandas reads no other (« １２ », « ١٢ »)
# Decimals that read the same whatever the file's conventions ("43,3105", "0.5", "1500,25").
_FAST_DECIMAL = r"-?(?:[0-9]+[.,](?:[0-9]{1,2}|[0-9]{4,})|[0-9]{4,}[.,][0-9]+|0[.,][0-9]+)"
MARK_SAMPLE = 20_000  # distinct numbers looked at to learn a column's marks


def _text_of(raw: pd.Series) -> pd.Series:
    return raw.astype("str").fillna("")


def column_marks(raw: pd.Series) -> tuple[str | None, str | None]:
    """(decimal mark, thousands mark) the cells of a column show unambiguously."""
    uniques = pd.Series(pd.unique(_text_of(raw)), dtype="str")
    candidates = uniques[uniques.str.contains(r"\d[.,]\d", regex=True)]
    return marks(candidates.head(MARK_SAMPLE))


def _typed_text(text: pd.Series) -> pd.Series:
    stripped = text.str.strip()
    # Our exports write "'=..." so spreadsheets show formulas as text; read them back as typed.
    quoted = stripped.str.match(r"'[=+\-@]")
    if quoted.any():
        stripped = stripped.where(~quoted, stripped.str.slice(1))
    return stripped.where(stripped != "", None).astype("str")


def type_column(
    f: Field, raw: pd.Series, file_decimal: str | None, column: tuple[str | None, str | None] | None = None
) -> tuple[pd.Series, dict[int, CellIssue]]:
    """The typed column (missing where empty or unreadable) and the issue of each unreadable cell.

    ``column``: the column's own (decimal, thousands) marks, when already known.
    """
    text = _text_of(raw)
    if f.kind not in (INTEGER, NUMBER, DATE, BOOLEAN):
        return _typed_text(text), {}
    codes, uniques = pd.factorize(text, sort=False)
    candidates = pd.Series(uniques, dtype="str")
    uniques = [str(u) for u in uniques]
    issues_by_unique: dict[int, CellIssue] = {}
    values: list = [None] * len(uniques)
    slow = candidates.str.strip() != ""
    if f.kind in (INTEGER, NUMBER):
        decimal, thousands = column if column is not None else column_marks(raw)
        decimal = decimal or file_decimal
        python_type = int if f.kind == INTEGER else float
        fast = candidates.str.fullmatch(_FAST_INTEGER)
        if f.kind == NUMBER:
            fast |= candidates.str.fullmatch(_FAST_DECIMAL)
        fast = fast.fillna(False).to_numpy(bool)
        if fast.any():
            parsed = pd.to_numeric(candidates[fast].str.replace(",", ".", regex=False))
            for k, value in zip(np.flatnonzero(fast), parsed.tolist(), strict=True):
                values[k] = python_type(value)
        slow &= ~fast
        for k in np.flatnonzero(slow.to_numpy(bool)):
            u = uniques[k]
            number = read_number(u, decimal, thousands)
            if number.value is None:
                issues_by_unique[k] = _number_issue(f, u, number, decimal)
            elif number.percent and f.unit not in (None, "%"):
                issues_by_unique[k] = CellIssue(
                    "Type", f"{quoted(u)} est un pourcentage ; attendu : {expected(f)}, sans « % »."
                )
            elif f.kind == INTEGER and not float(number.value).is_integer():
                issues_by_unique[k] = CellIssue(
                    "Type", f"{quoted(u)} n'est pas un nombre entier ; attendu : {expected(f)}{_example(f)}."
                )
            elif f.kind == INTEGER and abs(number.value) >= EXACT_LIMIT:
                issues_by_unique[k] = _number_issue(f, u, _Number(None, issue="grand"), decimal)
            else:
                values[k] = python_type(number.value)
    elif f.kind == DATE:
        for k in np.flatnonzero(slow.to_numpy(bool)):
            values[k] = read_date(uniques[k])
            if values[k] is None:
                issues_by_unique[k] = _date_issue(f, uniques[k])
    else:
        for k in np.flatnonzero(slow.to_numpy(bool)):
            values[k] = read_boolean(uniques[k])
            if values[k] is None:
                issues_by_unique[k] = CellIssue(
                    "Type", f"{quoted(uniques[k])} n'est pas compris comme oui ou non ; attendu : oui ou non."
                )
    dtype = PANDAS_DTYPES[f.kind]
    typed_uniques = pd.array(values, dtype=dtype) if values else pd.array([], dtype=dtype)
    typed = pd.Series(typed_uniques.take(codes, allow_fill=True), index=raw.index, dtype=dtype)
    issues = {}
    if issues_by_unique:
        bad = np.isin(codes, list(issues_by_unique))
        for position in np.flatnonzero(bad):
            issues[raw.index[position]] = issues_by_unique[int(codes[position])]
    return typed, issues
