"""One cell of French spreadsheet text as a value (``1 500,5``, ``211,5 M€``, ``oui``, ``25/10/2024``).

The single-cell face of ``icc.intake.cells``, which types whole columns with their
conventions and says why a cell cannot be read; these return None instead.
"""

from __future__ import annotations

from icc.intake.cells import read_boolean, read_date, read_number

__all__ = ["parse_boolean", "parse_date", "parse_number"]


def parse_number(text: str, decimal: str | None = None) -> float | None:
    """French or plain number, with optional scale, percent or euro sign; None if it isn't one.

    ``decimal``: the decimal mark of the file when known; without it, ``2.500`` is ambiguous.
    """
    return read_number(text, decimal).value


def parse_boolean(text: str) -> bool | None:
    return read_boolean(text)


def parse_date(text: str) -> str | None:
    """ISO date string, or None (also for a date that does not exist, such as 31/02/2024)."""
    return read_date(text)
