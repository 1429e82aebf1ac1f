"""Ministry of Culture extracts (festivals list, Basilic) imported into ``evenements`` and ``lieux``.

Staff download an extract of the « Liste des festivals en France » or of the « Base des
lieux et équipements culturels » (Basilic), from the Métropole's open-data portal or from
the Ministry, and drop it on the data page. The extract is read like any upload
(``icc.intake.reading.read_upload``), recognised from its headers (``detect_source``), mapped to
our columns, kept to the 92 communes of the Métropole, then RECONCILED with the current version
(``icc.intake.recognition``: a row is recognised by the list's identifier remembered on our row,
else a close name in the same commune is a question « Même festival ? » or « Même lieu ? »): the
merged table goes through the usual check → preview → publish flow, so an import is validated,
previewed and versioned like any upload, and the roadmap's rows stay.

Column names of the Ministry's files, and where they were read (2026):

* Liste des festivals en France — data.gouv.fr dataset « liste-des-festivals-en-france »
  (Ministère de la Culture, Deps-doc / France festivals / Cepel, 2022; CSV resource
  « festivals-global-festivals »): the 30 headers of ``FESTIVALS_HEADERS`` are the column
  profile of that CSV as data.gouv.fr publishes it. The Opendatasoft copies
  (data.culture.gouv.fr dataset « festivals-global-festivals-_-pl », and the portals that
  republish it) name the same fields in snake case (``nom_du_festival``,
  ``code_insee_commune``, ``geocodage_xy``; older copies say « Code Insee EPCI collage en
  valeur »): headers are compared folded (case, accents, spaces and punctuation ignored),
  so both spellings are read. « Géocodage xy » is « latitude, longitude ».
* Basilic — data.gouv.fr CSV of the « Base des lieux et équipements culturels » (DEPS,
  ``;``-separated): ``Nom``, ``Adresse``, ``Code Postal``, ``libelle_geographique``,
  ``code_insee``, ``Identifiant_deps_a_partir_de_2022``, ``Identifiant_deps_old``,
  ``Identifiant origine``, ``Rang``, ``Type équipement ou lieu``, ``Label et appellation``,
  ``Domaine``, ``Sous_domaine``, ``Précision équipement``, ``Fonction_1``…``Fonction_4``,
  ``Latitude``, ``Longitude``, ``N_Département``, ``Région``, ``Demographie_AP``…, as read by
  public code that loads that CSV. The Opendatasoft copies (data.culture.gouv.fr dataset
  « base-des-lieux-et-des-equipements-culturels »; data.ampmetropole.fr dataset
  « ls-base-equipements-culturels-nouvelle-version », update of March 2021) use field names
  such as ``type_equipement_ou_lieu``, ``sous_domaines``, ``adresse_postale``,
  ``identifiant_origine`` and ``coordonnees_gps_lat_lon`` (« latitude, longitude »).
  No real Basilic export has been available to us: this mapping is the documented one, tested
  on hand-made samples (tests/corpus/ministere/, tests/test_basilic_recognition.py). A place is
  remembered by its Basilic identifier (``identifiants_basilic`` of ``lieux``).

The Ministry's museum files (Muséofile into ``lieux``, « Fréquentation des musées de France » into
``frequentation_lieux``) take the same flow: ``check_extract`` recognises them and hands them to
``icc.intake.musees``.

Everything returned is text cells, ready for ``icc.intake.validation.validate_table``. French
notes may contain values from the file: show them as text (``st.text``), never markdown.

Longer than 600 lines on purpose: both extracts' mappings, their French notes and the merge
with the version in force are read together when the Ministry changes a file.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from icc.datasets.schema import DATASETS
from icc.formatting import date as date_fr
from icc.formatting import nombre
from icc.intake import extracts, musees, recognition, upload
from icc.intake.headers import fold
from icc.intake.reading import ReadError, ReadResult, read_upload
from icc.prepared.model import Bundle
from icc.storage import store

FESTIVALS, BASILIC = "festivals", "basilic"
# Which of our datasets each Ministry dataset feeds.
TARGETS = {FESTIVALS: "evenements", BASILIC: "lieux"}
SOURCE_TITLES = {
    FESTIVALS: "Ministère de la Culture – Liste des festivals en France",
    BASILIC: "Ministère de la Culture – Basilic",
}

# The headers of the data.gouv.fr CSV, in file order (see the module docstring).
FESTIVALS_HEADERS = (
    "Nom du festival",
    "Envergure territoriale",
    "Région principale de déroulement",
    "Département principal de déroulement",
    "Commune principale de déroulement",
    "Code postal (de la commune principale de déroulement)",
    "Code Insee commune",
    "Code Insee EPCI",
    "Libellé EPCI",
    "Numéro de voie",
    "Type de voie (rue, Avenue, boulevard, etc.)",
    "Nom de la voie",
    "Adresse postale",
    "Complément d'adresse (facultatif)",
    "Site internet du festival",
    "Adresse e-mail",
    "Décennie de création du festival",
    "Année de création du festival",
    "Discipline dominante",
    "Sous-catégorie spectacle vivant",
    "Sous-catégorie musique",
    "Sous-catégorie Musique CNM",
    "Sous-catégorie cinéma et audiovisuel",
    "Sous-catégorie arts visuels et arts numériques",
    "Sous-catégorie livre et littérature",
    "Période principale de déroulement du festival",
    "Identifiant Agence A",
    "Identifiant",
    "Géocodage xy",
    "identifiant CNM",
)

# Our role -> the source headers that carry it, best first (compared folded).
FESTIVAL_COLUMNS = {
    "identifiant": ("Identifiant",),
    "nom": ("Nom du festival",),
    "code_insee": ("Code Insee commune",),
    "annee_creation": ("Année de création du festival",),
    "discipline": ("Discipline dominante",),
    "site": ("Site internet du festival",),
    "adresse": ("Adresse postale",),
}
BASILIC_COLUMNS = {
    "identifiant": (
        "Identifiant_deps_a_partir_de_2022",
        "Identifiant_deps",
        "Identifiant origine",
        "Identifiant_deps_old",
    ),
    "nom": ("Nom",),
    "type": ("Type équipement ou lieu",),
    "domaine": ("Domaine",),
    "sous_domaine": ("Sous_domaine", "Sous_domaines"),
    # The commune first: code_insee_arrondt gives Marseille's arrondissements, read as Marseille.
    "code_insee": ("code_insee", "code_insee_arrondt"),
    "adresse": ("Adresse", "Adresse_postale"),
    "latitude": ("Latitude",),
    "longitude": ("Longitude",),
    "coordonnees": ("coordonnees_gps_lat_lon", "Coordonnées GPS", "geo_point_2d"),
}
# What each dataset imports from the Ministry (the Muséofile and attendance files: icc.intake.musees),
# as the data page names it.
EXTRACTS = {
    "evenements": "Liste des festivals en France",
    "lieux": "Basilic ou Muséofile",
    "frequentation_lieux": "Fréquentation des musées de France",
}
# Headers that are enough to recognise each dataset.
_SIGNATURES = {
    FESTIVALS: ("Nom du festival", "Code Insee commune", "Discipline dominante"),
    BASILIC: ("Nom", "Type équipement ou lieu", "Domaine"),
}

# Ministry discipline -> our filière code. Explicit on purpose: a value missing here is
# reported and its rows left out (counted, and downloadable), never guessed. A festival with
# no single discipline is in the « Pluridisciplinaire » family: out of no count.
PLURIDISCIPLINAIRE = "pluridisciplinaire"
FESTIVAL_FILIERES = {
    # Current list (2022 cartography): six values of « Discipline dominante ».
    "Pluridisciplinaire": PLURIDISCIPLINAIRE,
    "Transdisciplinaire": PLURIDISCIPLINAIRE,
    "Musique": "musique",
    "Spectacle vivant": "spectacle_vivant",
    "Cinéma, audiovisuel": "cinema_audiovisuel",
    "Livre, littérature": "edition",
    "Arts visuels, arts numériques": "arts_visuels",
    # Domains of the older « Panorama des festivals », still found in republished copies.
    "Musiques actuelles": "musique",
    "Musique classique": "musique",
    "Musiques classiques": "musique",
    "Pluridisciplinaire Musique": "musique",
    "Théâtre": "spectacle_vivant",
    "Danse": "spectacle_vivant",
    "Cirque et arts de la rue": "spectacle_vivant",
    "Pluridisciplinaire Spectacle vivant": "spectacle_vivant",
    "Divers Spectacle vivant": "spectacle_vivant",
    "Cinéma et audiovisuel": "cinema_audiovisuel",
    "Livre et littérature": "edition",
    "Arts plastiques et visuels": "arts_visuels",
}
# Basilic (Domaine, Sous_domaine) -> filière; ("X", "") applies to any other sub-domain of X.
# Heritage, public reading, archives, architecture and teaching are not ICC filières of the
# roadmap: reported, not imported.
BASILIC_FILIERES = {
    ("Cinéma", ""): "cinema",
    ("Livre et presse", ""): "edition",
    ("Arts visuels", ""): "arts_visuels",
    ("Arts plastiques", ""): "arts_visuels",
    ("Arts du spectacle", "Musique"): "musique",
    ("Arts du spectacle", "Théâtre"): "spectacle_vivant",
    ("Arts du spectacle", "Danse"): "spectacle_vivant",
    ("Arts du spectacle", "Cirque"): "spectacle_vivant",
    ("Arts du spectacle", "Arts de la rue"): "spectacle_vivant",
    ("Arts du spectacle", "Cirque et arts de la rue"): "spectacle_vivant",
    ("Arts du spectacle", ""): "musique_spectacle_vivant",
}
_FESTIVAL_KEYS = {fold(k): v for k, v in FESTIVAL_FILIERES.items()}
_BASILIC_KEYS = {(fold(d), fold(s)): v for (d, s), v in BASILIC_FILIERES.items()}

ID_PREFIX = "min_"
# The Ministry sometimes codes Marseille by municipal arrondissement (13201 to 13216).
MARSEILLE = "13055"
_ARRONDISSEMENTS = {f"132{n:02d}": MARSEILLE for n in range(1, 17)}

# Reasons a row is left out, in the order they are tested (each row counts once).
NO_CODE = "code INSEE de la commune absent"
OUTSIDE = "commune hors de la Métropole"
NO_NAME = "nom absent"
NO_TYPE = "type de lieu absent"
NO_POSITION = "coordonnées absentes ou illisibles"
MISPLACED = "position hors de sa commune"


class ImportRefused(ReadError):
    """A file that is not a Ministry extract for the chosen dataset; ``message`` is French."""


@dataclass(frozen=True)
class ImportResult:
    source: str  # FESTIVALS or BASILIC
    dataset: str  # our dataset the rows are for
    frame: pd.DataFrame  # text cells, the dataset's technical columns, RangeIndex
    rows_read: int
    communes: int  # how many communes the filter kept (92)
    excluded: dict[str, int]  # French reason -> rows left out, largest first
    notes: tuple[str, ...] = field(default_factory=tuple)  # French remarks beyond the summary
    # The rows left out, as the file gives them, with their reason first (« Raison »).
    left_out: pd.DataFrame = field(default_factory=pd.DataFrame)
    # Postal address of each kept row (festivals): evidence for the recognition, not a column of ours.
    addresses: tuple[str, ...] = ()

    @property
    def kept(self) -> int:
        return len(self.frame)

    @property
    def summary(self) -> str:
        """« 312 lignes lues, 41 retenues dans les 92 communes de la Métropole, 3 écartées : … »."""
        where = f"dans les {nombre(self.communes)} communes de la Métropole"
        return extracts.kept_summary(self.rows_read, self.kept, self.excluded, where)

    @property
    def description(self) -> str:
        return " ".join([self.summary, *self.notes])


# --- recognising the source ---------------------------------------------------------------


def detect_source(headers) -> str | None:
    """FESTIVALS or BASILIC when the headers are the Ministry's (labels or field names)."""
    folded = {fold(h) for h in headers}
    for source, signature in _SIGNATURES.items():
        if all(fold(h) in folded for h in signature):
            if source == BASILIC and not any(fold(h) in folded for h in BASILIC_COLUMNS["code_insee"]):
                continue
            return source
    return None


# --- small helpers --------------------------------------------------------------------------


def _insee(text: str) -> str:
    """Five-character INSEE code of a commune: "13055.0" and 4-digit codes read by Excel fixed."""
    code = re.split(r"[,;]", text)[0].strip()  # several communes: the first is the main one
    if re.fullmatch(r"0+(\.0+)?", code):  # the list writes a missing code « 0 »
        return ""
    if re.fullmatch(r"\d{4,5}(\.0+)?", code):
        code = code.split(".")[0].zfill(5)
    return _ARRONDISSEMENTS.get(code, code)


def _slug(text: str) -> str:
    """Identifier-safe text: "FEST_13055_1234" -> "fest_13055_1234", accents and spaces folded."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^0-9a-z]+", "_", ascii_text).strip("_")


def _latlon(pair: str) -> tuple[float | None, float | None]:
    """ "43.296346, 5.369889" (latitude first, as the Ministry's geocoding columns)."""
    parts = [p for p in re.split(r"[,;]\s*|\s+", pair.strip("[]() ")) if p]
    if len(parts) != 2:
        return None, None
    return extracts.number(parts[0]), extracts.number(parts[1])


def _coordinate(value: float) -> str:
    return "" if pd.isna(value) else str(round(float(value), 6))


def _source(source: str, extrait_du: dt.date | str | None) -> str:
    title = SOURCE_TITLES[source]
    return f"{title} (extrait du {date_fr(extrait_du)})" if extrait_du else title


def _unique_ids(ids: pd.Series) -> tuple[pd.Series, list[str]]:
    """Suffix repeated identifiers (_2, _3…) so that validation's uniqueness holds; say so."""
    seen: Counter = Counter()
    out, repeated = [], []
    for value in ids:
        seen[value] += 1
        if seen[value] > 1:
            out.append(f"{value}_{seen[value]}")
            if seen[value] == 2:
                repeated.append(value)
        else:
            out.append(value)
    notes = []
    if repeated:
        shown = ", ".join(f"« {v} »" for v in repeated[:5])
        notes.append(f"Identifiant(s) en double dans l'extrait : {shown} ; les suivants ont reçu un suffixe (_2, _3…).")
    return pd.Series(out, index=ids.index, dtype=object), notes


YEAR_WRITINGS = r"(\d{4})(?:\.0+)?|\d{1,2}/\d{1,2}/(\d{4})(?:\s.*)?|(\d{4})-\d{2}-\d{2}(?:[ T].*)?"


def _year(text: str) -> str:
    """« 2015 », « 2015.0 », « 01/01/2015 00:00 » or « 2015-01-01 » -> « 2015 »; else the text as given."""
    found = re.fullmatch(
        r"(\d{4})(?:\.0+)?|\d{1,2}/\d{1,2}/(\d{4})(?:\s.*)?|(\d{4})-\d{2}-\d{2}(?:[ T].*)?", text.strip()
    )
    return next((g for g in found.groups() if g), text) if found else text


def _filter(
    codes: pd.Series, communes: pd.DataFrame, checks: list[pd.Series]
) -> tuple[pd.Series, dict[str, int], pd.Series]:
    """Rows kept, French reason -> count of rows left out (each row under its first reason), and
    each row's reason ("" when kept).

    The commune comes first: a row outside the Métropole is never reported for its content.
    ``checks``: Series of "" where the row is fine, else the French reason.
    """
    known = set(communes["code_insee"].dropna().astype(str))
    reasons = pd.Series("", index=codes.index, dtype=object)
    reasons[codes == ""] = NO_CODE
    reasons[(reasons == "") & ~codes.isin(known)] = OUTSIDE
    for detail in checks:
        first = (reasons == "") & (detail != "")
        reasons[first] = detail[first]
    counted = Counter(r for r in reasons if r)
    # Largest first; ties keep the file's order (sorted is stable).
    ordered = sorted((r for r in dict.fromkeys(reasons) if r), key=lambda r: -counted[r])
    return reasons == "", {r: counted[r] for r in ordered}, reasons


def _filiere_check(targets: pd.Series, labels: pd.Series, filieres: pd.DataFrame, what: str, absent: str) -> pd.Series:
    """ "" when mapped to a known filière; else the French reason naming the value."""
    codes = set(filieres["code"].dropna().astype(str))
    detail = pd.Series("", index=targets.index, dtype=object)
    unmapped = targets == ""
    detail[unmapped & (labels != "")] = f"{what} « " + labels[unmapped & (labels != "")] + " » sans correspondance"
    detail[unmapped & (labels == "")] = absent
    unknown = ~unmapped & ~targets.isin(codes)
    detail[unknown] = "filière « " + targets[unknown] + " » absente du jeu Filières"
    return detail


def _frame(dataset: str, columns: dict[str, pd.Series], index: pd.Index) -> pd.DataFrame:
    ds = DATASETS[dataset]
    out = pd.DataFrame({c: columns.get(c, pd.Series("", index=index, dtype=object)) for c in ds.columns}, index=index)
    return out.astype(object).reset_index(drop=True)


# --- mapping ----------------------------------------------------------------------------------


def festivals_to_evenements(
    raw: pd.DataFrame,
    communes: pd.DataFrame,
    filieres: pd.DataFrame,
    extrait_du: dt.date | str | None = None,
) -> ImportResult:
    """Rows of the « Liste des festivals en France » as ``evenements`` rows of the Métropole.

    The list has no attendance nor dates: name, discipline, commune, year of creation, website
    and the Ministry's identifier are imported; the postal address is kept aside
    (``addresses``), read by the recognition of festivals already known.
    ``extrait_du``: date of the extract, stated in ``source``.
    """
    get = {role: extracts.column(raw, aliases) for role, aliases in FESTIVAL_COLUMNS.items()}
    codes = get["code_insee"].map(_insee)
    discipline = get["discipline"]
    targets = discipline.map(lambda v: _FESTIVAL_KEYS.get(fold(v), ""))
    checks = [
        get["nom"].map(lambda v: "" if v else NO_NAME),
        _filiere_check(targets, discipline, filieres, "discipline", "discipline absente"),
    ]
    kept, excluded, reasons = _filter(codes, communes, checks)
    rows = raw.index[kept]
    notes = []

    years = get["annee_creation"][rows].map(_year)
    valid = years.map(lambda v: bool(re.fullmatch(r"\d{4}", v)) and 1800 <= int(v) <= 2100)
    unreadable = years[(years != "") & ~valid]
    if len(unreadable):
        shown = ", ".join(f"« {v} »" for v in dict.fromkeys(unreadable.tolist()[:3]))
        what = extracts.count(len(unreadable), "année de création illisible", "années de création illisibles")
        notes.append(f"{what} ({shown}) : {'laissée vide' if len(unreadable) < 2 else 'laissées vides'}.")
    years = years.where(valid, "")

    names = get["nom"][rows]
    fallback = ID_PREFIX + names.map(_slug) + "_" + codes[rows]
    given = get["identifiant"][rows].map(_slug)
    ids, id_notes = _unique_ids((ID_PREFIX + given).where(given != "", fallback))
    notes += id_notes
    source = _source(FESTIVALS, extrait_du)
    frame = _frame(
        "evenements",
        {
            "id": ids,
            "nom": names,
            "identifiants_ministere": get["identifiant"][rows].where(get["identifiant"][rows] != "", ids),
            "filiere": targets[rows],
            "discipline_dominante": discipline[rows],
            "code_insee_commune": codes[rows],
            "annee_de_creation_du_festival": years,
            "site_internet": get["site"][rows],
            "approximatif": pd.Series("false", index=rows, dtype=object),
            "source": pd.Series(source, index=rows, dtype=object),
        },
        rows,
    )
    return ImportResult(
        FESTIVALS,
        "evenements",
        frame,
        len(raw),
        len(communes),
        excluded,
        tuple(notes),
        extracts.left_out(raw, reasons),
        tuple(get["adresse"][rows]),
    )


def basilic_to_lieux(
    raw: pd.DataFrame,
    communes: pd.DataFrame,
    filieres: pd.DataFrame,
    extrait_du: dt.date | str | None = None,
    contours=None,
) -> ImportResult:
    """Rows of Basilic as ``lieux`` rows of the Métropole.

    Coordinates come from ``Latitude``/``Longitude`` (or the combined GPS column); a row
    without them is left out (the map needs them). With ``contours``, a point outside its
    commune is left out too (validation would refuse it); without, a point outside the
    schema's latitude/longitude bounds is. ``precision_localisation`` is « adresse » when the
    row has an address (Basilic geocodes it), else « commune », the prudent claim.
    """
    get = {role: extracts.column(raw, aliases) for role, aliases in BASILIC_COLUMNS.items()}
    codes = get["code_insee"].map(_insee)
    domaine, sous_domaine = get["domaine"], get["sous_domaine"]
    targets = pd.Series(
        [
            _BASILIC_KEYS.get((fold(d), fold(s))) or _BASILIC_KEYS.get((fold(d), ""), "")
            for d, s in zip(domaine, sous_domaine, strict=True)
        ],
        index=raw.index,
        dtype=object,
    )
    pairs = get["coordonnees"].map(_latlon)
    lat = get["latitude"].map(extracts.number).astype("float64")
    lon = get["longitude"].map(extracts.number).astype("float64")
    lat = lat.where(lat.notna(), pairs.map(lambda p: p[0]).astype("float64"))
    lon = lon.where(lon.notna(), pairs.map(lambda p: p[1]).astype("float64"))
    missing = lat.isna() | lon.isna()
    placed = _placed(codes, lat, lon, missing, contours)
    checks = [
        get["nom"].map(lambda v: "" if v else NO_NAME),
        _filiere_check(targets, domaine, filieres, "domaine", "domaine absent"),
        get["type"].map(lambda v: "" if v else NO_TYPE),
        missing.map(lambda m: NO_POSITION if m else ""),
        (~placed & ~missing).map(lambda m: MISPLACED if m else ""),
    ]
    kept, excluded, reasons = _filter(codes, communes, checks)
    rows = raw.index[kept]

    names = get["nom"][rows]
    fallback = ID_PREFIX + names.map(_slug) + "_" + codes[rows]
    given = get["identifiant"][rows].map(_slug)
    ids, notes = _unique_ids((ID_PREFIX + given).where(given != "", fallback))
    adresse = get["adresse"][rows]
    source = _source(BASILIC, extrait_du)
    frame = _frame(
        "lieux",
        {
            "id": ids,
            "nom": names,
            "identifiants_basilic": get["identifiant"][rows].where(get["identifiant"][rows] != "", ids),
            "type_equipement_ou_lieu": get["type"][rows],
            "filiere": targets[rows],
            "code_insee": codes[rows],
            "adresse": adresse,
            "latitude": lat[rows].map(_coordinate),
            "longitude": lon[rows].map(_coordinate),
            "precision_localisation": adresse.map(lambda a: "adresse" if a else "commune"),
            "statut": pd.Series("existant", index=rows, dtype=object),
            "source": pd.Series(source, index=rows, dtype=object),
        },
        rows,
    )
    return ImportResult(
        BASILIC, "lieux", frame, len(raw), len(communes), excluded, tuple(notes), extracts.left_out(raw, reasons)
    )


def _placed(codes: pd.Series, lat: pd.Series, lon: pd.Series, missing: pd.Series, contours) -> pd.Series:
    """True where the point may stand for its commune (False is only meaningful with coordinates)."""
    ok = pd.Series(True, index=codes.index)
    present = ~missing
    if not present.any():
        return ok
    if contours is not None:
        from icc.datasets.geo import points_in_communes

        ok[present] = points_in_communes(codes[present], lat[present], lon[present], contours)
        return ok
    fields = {f.name: f for f in DATASETS["lieux"].fields}
    la, lo = fields["latitude"], fields["longitude"]
    inside = lat[present].between(la.minimum, la.maximum) & lon[present].between(lo.minimum, lo.maximum)
    ok[present] = inside
    return ok


def to_ours(
    source: str,
    raw: pd.DataFrame,
    communes: pd.DataFrame,
    filieres: pd.DataFrame,
    extrait_du: dt.date | str | None = None,
    contours=None,
) -> ImportResult:
    if source == FESTIVALS:
        return festivals_to_evenements(raw, communes, filieres, extrait_du)
    return basilic_to_lieux(raw, communes, filieres, extrait_du, contours)


# --- merging with the current version --------------------------------------------------------


def as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Typed cells back to the text people type: "" for missing, "true"/"false", "10", "43.3105"."""

    def one(value) -> str:
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            return ""
        if isinstance(value, bool | np.bool_):
            return "true" if value else "false"
        if isinstance(value, float | np.floating) and float(value).is_integer() and abs(value) < 1e15:
            return str(int(value))
        return str(value)

    return frame.apply(lambda column: column.map(one)).astype(object)


def merge(current: pd.DataFrame, imported: pd.DataFrame, key: str = "id") -> pd.DataFrame:
    """The current rows, those with an imported key replaced in place, then the new imported rows.

    Rows absent from the import (the roadmap's, or earlier imports') stay as they are. Text
    cells with a RangeIndex, columns of ``current`` (pass ``bundle.frames[name][ds.columns]``).
    A key repeated in ``imported``: its last row wins.
    """
    columns = list(current.columns) + [c for c in imported.columns if c not in current.columns]
    cur = as_text(current).reset_index(drop=True).reindex(columns=columns, fill_value="")
    imp = as_text(imported).drop_duplicates(key, keep="last").reindex(columns=columns, fill_value="")
    by_key = imp.set_index(key, drop=False)
    replaced = cur[key].isin(by_key.index)
    if replaced.any():
        cur.loc[replaced, columns] = by_key.loc[cur.loc[replaced, key], columns].to_numpy()
    added = imp[~imp[key].isin(set(cur[key]))]
    return pd.concat([cur, added], ignore_index=True)[columns].astype(object)


# --- the check → preview → publish flow ------------------------------------------------------


def check_import(
    dataset: str,
    merged_frame: pd.DataFrame,
    bundle: Bundle,
    contours,
    filename: str = "extrait du ministère de la Culture",
    description: str = "",
    progress: upload.Progress = upload.no_progress,
) -> upload.Checked:
    """Validate a merged table exactly as an uploaded file (no file to read).

    Mirrors ``icc.intake.upload.check`` after its reading step; ``description`` (French, contains
    data) is kept in ``extra["description"]`` for the page to show instead of the file's.
    """
    read = ReadResult(frame=merged_frame.reset_index(drop=True), format="csv", encoding="UTF-8", separator=";")
    checked = upload.check_read(dataset, read, filename, bundle, contours, progress)
    checked.extra["description"] = description
    return checked


def check_extract(
    dataset: str,
    content: bytes,
    filename: str,
    bundle: Bundle,
    contours,
    max_bytes: int,
    max_rows: int,
    extrait_du: dt.date | str | None = None,
    progress: upload.Progress = upload.no_progress,
    answers: dict[str, str] | None = None,
) -> upload.Checked:
    """Read a Ministry extract, map it, merge it with ``dataset`` and check the result.

    Festivals and places are reconciled with those already known (``icc.intake.recognition``):
    the questions « Même festival ? » or « Même lieu ? » come back in ``questions``, with the
    ``answers`` given so far.

    Raises ``ReadError`` (French) for an unreadable file, ``ImportRefused`` (a ReadError) for a
    file that is not an extract of the Ministry dataset feeding ``dataset``.
    """
    progress(0.05, "Lecture du fichier…")
    read = read_upload(content, filename, max_bytes, max_rows)
    source = detect_source(read.headers) or musees.detect(read.headers)
    targets, titles = {**TARGETS, **musees.TARGETS}, {**SOURCE_TITLES, **musees.SOURCE_TITLES}
    expected = [s for s, target in targets.items() if target == dataset]
    if not expected:
        raise ImportRefused(
            f"Le jeu « {DATASETS[dataset].title} » ne s'alimente pas depuis un extrait du ministère : choisissez "
            + ", ".join(f"« {DATASETS[name].title} »" for name in list(EXTRACTS)[:-1])
            + f" ou « {DATASETS[list(EXTRACTS)[-1]].title} »."
        )
    if source is None:
        raise ImportRefused(
            "Les colonnes de ce fichier ne sont pas celles de la « Liste des festivals en France », de la base "
            "Basilic, de Muséofile ni de la « Fréquentation des musées de France » du ministère de la Culture : "
            "téléchargez l'extrait au format CSV ou Excel sans renommer ses colonnes, ou déposez un fichier au "
            "format du modèle."
        )
    if source not in expected:
        other = DATASETS[targets[source]].title
        raise ImportRefused(
            f"Ce fichier est un extrait de « {titles[source]} » : il alimente le jeu « {other} ». "
            "Choisissez ce jeu puis déposez-le à nouveau."
        )
    progress(0.2, "Correspondance des colonnes et des communes…")
    if source in musees.TARGETS:
        return _check_museums(source, read.frame, filename, bundle, contours, answers or {}, progress)
    communes = bundle.frames["communes"]
    result = to_ours(source, read.frame, communes, bundle.frames["filieres"], extrait_du, contours)
    ds = DATASETS[dataset]
    current = bundle.frames[dataset][ds.columns]
    kind = recognition.KINDS[dataset]
    progress(0.3, f"Recherche des {kind.many} déjà connus…")
    names = dict(zip(communes["code_insee"].astype(str), communes["nom"].astype(str), strict=True))
    imported = as_text(result.frame)
    if result.addresses:  # festivals: the address is evidence, not a column of ours
        imported = imported.assign(adresse=list(result.addresses))
    found = recognition.reconcile(
        as_text(current),
        imported,
        answers or {},
        names,
        SOURCE_TITLES[source],
        _source(source, extrait_du),
        dated=extrait_du is not None,
        kind=kind,
    )
    merged, questions = found.frame, found.questions
    notes = [result.description, recognised_text(found, kind, answers or {})]
    notes.append(
        f"Table fusionnée : {extracts.count(len(merged), 'ligne', 'lignes')} "
        "(version en vigueur, puis lignes ajoutées) ; "
        "les numéros de ligne du rapport renvoient à cette table."
    )
    checked = check_import(dataset, merged, bundle, contours, filename, " ".join(notes), progress)
    checked.questions = questions
    checked.extra["left_out"] = result.left_out
    if questions:  # recorded in the comment of the version published from it
        checked.extra["comment_note"] = pairs_text(found, kind, answers or {})
    return checked


def _check_museums(
    source: str,
    raw: pd.DataFrame,
    filename: str,
    bundle: Bundle,
    contours,
    answers: dict[str, str],
    progress: upload.Progress,
) -> upload.Checked:
    """A Muséofile extract (``lieux``) or an attendance file (``frequentation_lieux``), reconciled by
    ``icc.intake.musees`` and checked like an upload. New places an attendance file brings are checked
    first, as a table of ``lieux`` kept in ``extra["places"]`` and published with it (``publish``)."""
    progress(0.3, "Recherche des musées déjà connus…")
    texts = {name: as_text(bundle.frames[name][DATASETS[name].columns]) for name in ("lieux", "frequentation_lieux")}
    communes = bundle.frames["communes"]
    if source == musees.MUSEOFILE:
        found = musees.import_museofile(raw, communes, texts["lieux"], answers, contours)
    else:
        found = musees.import_attendance(raw, communes, texts["lieux"], texts["frequentation_lieux"], answers)
    dataset = musees.TARGETS[source]
    merged = found.tables[dataset]
    notes = " ".join(
        [
            *found.notes,
            f"Table fusionnée : {extracts.count(len(merged), 'ligne', 'lignes')} "
            "(version en vigueur, puis lignes ajoutées) ; "
            "les numéros de ligne du rapport renvoient à cette table.",
        ]
    )
    places = None
    if dataset != "lieux" and "lieux" in found.tables:
        places = check_import("lieux", found.tables["lieux"], bundle, contours, filename, notes, progress)
        bundle = replace(bundle, frames={**bundle.frames, "lieux": places.typed})
    checked = check_import(dataset, merged, bundle, contours, filename, notes, progress)
    checked.questions = found.questions
    checked.extra["left_out"] = found.left_out
    if places is not None:
        checked.problems += [p for p in places.problems if p not in checked.problems]
        checked.extra["places"] = places
    if dataset != "lieux":
        checked.extra["asked_about"] = "lieux"  # « Même lieu ? »: a museum of the file, the places we have
    return checked


def publish(
    engine, checked: upload.Checked, author: str, comment: str, acknowledged: bool, action: str = "publication"
) -> store.Version:
    """``upload.publish``, the new places of an attendance file first (``extra["places"]``), once the
    table itself may be published."""
    places = checked.extra.get("places")
    if places is not None and not (
        checked.errors or checked.unanswered or (checked.warnings and not acknowledged) or not comment.strip()
    ):
        upload.publish(engine, places, author, comment, acknowledged, action)
    return upload.publish(engine, checked, author, comment, acknowledged, action)


def recognised_text(
    found: recognition.Reconciled, kind: recognition.Kind = recognition.FESTIVAL, answers: dict | None = None
) -> str:
    """« 250 festivals reconnus par l'identifiant du ministère, 3 fusionnés sur votre réponse, 12 ajoutés ;
    5 lignes du fichier attendent… » (« lieux reconnus par l'identifiant Basilic » for Basilic)."""
    text = (
        f"{extracts.count(found.recognised, f'{kind.one} reconnu', f'{kind.many} reconnus')} par {kind.identifier}, "
        f"{extracts.count(found.merged, 'fusionné', 'fusionnés')} sur votre réponse, "
        f"{extracts.count(found.added, 'ajouté', 'ajoutés')}"
    )
    if found.held:
        waiting = extracts.count(found.held, "ligne du fichier attend", "lignes du fichier attendent")
        text += f" ; {waiting} votre réponse à la question « {kind.question} » (rien n'est publié avant)"
    text += "."
    if found.questions:
        text += " " + pairs_text(found, kind, answers or {})
    return text


def pairs_text(
    found: recognition.Reconciled, kind: recognition.Kind = recognition.FESTIVAL, answers: dict | None = None
) -> str:
    """« Rapprochements « Même festival ? » : 262 fusionnés, 3 gardés séparés, 5 sans réponse. » The pairs a
    sure pair settles (other candidates of its file row) are not counted: merging the group answers them."""
    steps = recognition.plan(found.questions, answers or {})
    return (
        f"Rapprochements « {kind.question} » : {extracts.count(steps.merged, 'fusionné', 'fusionnés')}, "
        f"{extracts.count(steps.kept, 'gardé séparé', 'gardés séparés')}, {nombre(steps.unanswered)} sans réponse."
    )
