"""Former name of ``icc.ministere`` (imports of Ministry of Culture extracts), kept for existing imports."""

from icc.ministere import (
    BASILIC,
    FESTIVALS,
    FESTIVALS_HEADERS,
    TARGETS,
    ImportRefused,
    ImportResult,
    basilic_to_lieux,
    check_extract,
    check_import,
    detect_source,
    festivals_to_evenements,
    merge,
    same_names,
)

__all__ = [
    "BASILIC",
    "FESTIVALS",
    "FESTIVALS_HEADERS",
    "TARGETS",
    "ImportRefused",
    "ImportResult",
    "basilic_to_lieux",
    "check_extract",
    "check_import",
    "detect_source",
    "festivals_to_evenements",
    "merge",
    "same_names",
]
