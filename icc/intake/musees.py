"""The Ministry of Culture's museum files mapped to ``lieux`` and ``frequentation_lieux``.

* Muséofile (data.culture.gouv.fr, « musees-de-france-base-museofile »): one row per Musée de
  France; ``ref`` (M0894…), ``nomoff``, ``adrl1_m``, ``cp_m``, ``ville_m``, ``dpt``, ``latitude``,
  ``longitude``, ``url_m``, ``dmaj`` (date of the record). A museum becomes a place of the
  « Musées et patrimoine » family at its Muséofile position, remembered by its identifier
  (``identifiant_museofile``).
* « Fréquentation des musées de France » (same publisher): one row per museum and year;
  ``ref_musee`` (stable 7-digit key), ``nom_du_musee``, ``annee``, ``ville``, ``nomdep``,
  ``payant``, ``gratuit``, ``total``, ``note`` (``F`` closed, ``NC`` not communicated, ``R`` counted
  with another museum), ``id_museofile`` (filled from 2019 only), ``observations`` (the
  references counted together, « 1305503 ; 1305509 »).

A town is matched to one of the Métropole's communes by its name within its département, folded
(case, accents, hyphens, « ST » for « SAINT »); a cell naming two towns (« AUBAGNE/PUYLOUBIER »,
« Aubagne et Puyloubier ») is read as its first town. Headers are compared folded, so a copy
with upper-case or spaced headers reads the same. Everything returned is text cells, ready for
``icc.intake.validation.validate_table``.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

import pandas as pd

from icc.datasets.schema import COMPTE_AVEC, DATASETS, FERME, NON_COMMUNIQUE
from icc.formatting import nombre
from icc.intake.headers import fold

MUSEOFILE, FREQUENTATION = "museofile", "frequentation"
TARGETS = {MUSEOFILE: "lieux", FREQUENTATION: "frequentation_lieux"}
SOURCE_TITLES = {
    MUSEOFILE: "Ministère de la Culture – Muséofile (Musées de France)",
    FREQUENTATION: "Ministère de la Culture – Fréquentation des musées de France",
}
FAMILY = "musees_patrimoine"
MUSEUM_TYPE = "Musée de France"

MUSEOFILE_COLUMNS = {
    "identifiant": ("ref",),
    "nom": ("nomoff",),
    "adresse": ("adrl1_m",),
    "code_postal": ("cp_m",),
    "ville": ("ville_m",),
    "departement": ("dpt",),
    "latitude": ("latitude",),
    "longitude": ("longitude",),
    "site": ("url_m",),
    "mise_a_jour": ("dmaj",),
}
FREQUENTATION_COLUMNS = {
    "ref_musee": ("ref_musee",),
    "nom": ("nom_du_musee",),
    "annee": ("annee",),
    "ville": ("ville",),
    "departement": ("nomdep",),
    "payant": ("payant",),
    "gratuit": ("gratuit",),
    "total": ("total",),
    "note": ("note",),
    "id_museofile": ("id_museofile",),
    "observations": ("observations",),
}
SIGNATURES = {
    MUSEOFILE: ("ref", "nomoff", "ville_m"),
    FREQUENTATION: ("ref_musee", "annee", "total"),
}
NOTES = {"F": FERME, "NC": NON_COMMUNIQUE, "R": COMPTE_AVEC}

# The départements of the Métropole's communes, by folded name (the file writes both
# « BOUCHES DU RHONE » and « Bouches-du-Rhône »).
DEPARTEMENTS = {"BOUCHES DU RHONE": "13", "VAR": "83", "VAUCLUSE": "84"}

# Reasons a row is left out, in the order they are tested (each row counts once).
OTHER_DEPARTEMENT = "département hors de la Métropole"
OUTSIDE = "commune hors de la Métropole"
NO_NAME = "nom absent"
NO_POSITION = "coordonnées absentes ou illisibles"
MISPLACED = "position hors de sa commune"
NO_REF = "référence du musée absente"
NO_YEAR = "année absente ou illisible"


class MuseumImportError(ValueError):
    """A file that cannot be read as a museum file; ``message`` is French."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class Mapped:
    """Rows of a Ministry museum file kept in the Métropole, and what was left out."""

    source: str
    frame: pd.DataFrame  # text cells, the target dataset's columns (``lieu`` empty until reconciled)
    rows_read: int
    excluded: dict[str, int]  # French reason -> rows left out, largest first
    left_out: pd.DataFrame  # the rows left out as the file gives them, « Raison » first
    # Attendance only: each kept row's Muséofile identifier, as the file gives it for that row.
    museofile_ids: pd.Series = field(default_factory=lambda: pd.Series(dtype=object))

    @property
    def summary(self) -> str:
        kept = len(self.frame)
        text = (
            f"{nombre(self.rows_read)} {'ligne lue' if self.rows_read < 2 else 'lignes lues'}, "
            f"{nombre(kept)} {'retenue' if kept < 2 else 'retenues'} dans les communes de la Métropole"
        )
        left = sum(self.excluded.values())
        if left:
            reasons = " ; ".join(f"{reason} ({nombre(n)})" for reason, n in self.excluded.items())
            text += f", {nombre(left)} {'écartée' if left < 2 else 'écartées'} : {reasons}"
        return text + "."


def detect(headers) -> str | None:
    """MUSEOFILE or FREQUENTATION when the headers are those of the Ministry's museum files."""
    folded = {fold(h) for h in headers}
    for source, signature in SIGNATURES.items():
        if all(fold(h) in folded for h in signature):
            return source
    return None


# --- towns --------------------------------------------------------------------------------


def fold_town(text: str) -> str:
    """« Les Baux-de-Provence », « LES BAUX DE PROVENCE » -> « LES BAUX DE PROVENCE »; « ST CHAMAS » ->
    « SAINT CHAMAS »."""
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().upper()
    words = re.sub(r"[^A-Z0-9]+", " ", ascii_text).split()
    words = [{"ST": "SAINT", "STE": "SAINTE"}.get(w, w) for w in words]
    return " ".join(words)


def first_town(text: str) -> str:
    """The first town of a cell that names several (« AUBAGNE/PUYLOUBIER », « Aubagne et Puyloubier »)."""
    return re.split(r"\s*(?:/|&|\bet\b|\bET\b)\s*", str(text).strip(), maxsplit=1)[0]


def departement_code(text: str) -> str:
    """« Bouches-du-Rhône » or « BOUCHES DU RHONE » -> « 13 »; a département elsewhere -> ""."""
    return DEPARTEMENTS.get(fold_town(text), "")


def town_codes(towns: pd.Series, departements: pd.Series, communes: pd.DataFrame) -> pd.Series:
    """INSEE code of each town among the Métropole's communes ("" when not one of them)."""
    by_name = {
        (str(code)[:2], fold_town(name)): str(code)
        for code, name in zip(communes["code_insee"], communes["nom"], strict=True)
    }
    return pd.Series(
        [by_name.get((d, fold_town(first_town(t))), "") for t, d in zip(towns, departements, strict=True)],
        index=towns.index,
        dtype=object,
    )


# --- cells --------------------------------------------------------------------------------


def _text(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return " ".join(str(value).split())


def _column(raw: pd.DataFrame, aliases: tuple[str, ...]) -> pd.Series:
    by_fold = {}
    for header in raw.columns:
        by_fold.setdefault(fold(header), header)
    for alias in aliases:
        header = by_fold.get(fold(alias))
        if header is not None:
            return raw[header].map(_text)
    return pd.Series("", index=raw.index, dtype=object)


def _number(text: str) -> float | None:
    try:
        value = float(text.replace(",", ".").replace("\u00a0", "").replace(" ", ""))
    except ValueError:
        return None
    return value if pd.notna(value) else None


def _count_cell(text: str) -> str:
    """« 470486 », « 470486.0 », « 470 486 » -> « 470486 »; anything else stays as typed (validation
    reports it)."""
    value = _number(text)
    if value is not None and float(value).is_integer():
        return str(int(value))
    return text


def _capitalised(name: str) -> str:
    """Muséofile writes « musée Ziem »: the first letter is set upright (« Musée Ziem »), nothing else."""
    return name[:1].upper() + name[1:]


def _date_fr(iso: str) -> str:
    found = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2}).*", iso)
    return f"{found[3]}/{found[2]}/{found[1]}" if found else iso


def _reasons_counted(reasons: pd.Series) -> dict[str, int]:
    counted = Counter(r for r in reasons if r)
    ordered = sorted((r for r in dict.fromkeys(reasons) if r), key=lambda r: -counted[r])
    return {r: counted[r] for r in ordered}


def _left_out(raw: pd.DataFrame, reasons: pd.Series) -> pd.DataFrame:
    out = raw.loc[reasons != ""].copy()
    out.insert(0, "Raison", reasons[reasons != ""])
    out.insert(1, "Ligne du fichier", [str(n + 2) for n in out.index])
    return out.reset_index(drop=True).astype(object).fillna("")


def _frame(dataset: str, columns: dict[str, pd.Series], index: pd.Index) -> pd.DataFrame:
    ds = DATASETS[dataset]
    out = pd.DataFrame({c: columns.get(c, pd.Series("", index=index, dtype=object)) for c in ds.columns}, index=index)
    return out.astype(object).reset_index(drop=True)


def _territory(codes: pd.Series, departements: pd.Series, checks: list[pd.Series]) -> pd.Series:
    reasons = pd.Series("", index=codes.index, dtype=object)
    reasons[departements == ""] = OTHER_DEPARTEMENT
    reasons[(reasons == "") & (codes == "")] = OUTSIDE
    for detail in checks:
        first = (reasons == "") & (detail != "")
        reasons[first] = detail[first]
    return reasons


# --- Muséofile -> lieux -------------------------------------------------------------------


def museofile_id(ref: str) -> str:
    return "museofile_" + re.sub(r"[^0-9a-z]+", "_", ref.lower()).strip("_")


def museofile_to_lieux(raw: pd.DataFrame, communes: pd.DataFrame, contours=None) -> Mapped:
    """Muséofile rows as ``lieux`` rows of the Métropole, at their Muséofile position
    (``precision_localisation`` « adresse »). With ``contours``, a point outside its commune is left
    out (validation would refuse it)."""
    get = {role: _column(raw, aliases) for role, aliases in MUSEOFILE_COLUMNS.items()}
    deps = get["departement"].map(departement_code)
    # The postcode tells the département when the name is missing or spelt otherwise.
    deps = deps.where(
        deps != "", get["code_postal"].str[:2].where(get["code_postal"].str[:2].isin(["13", "83", "84"]), "")
    )
    codes = town_codes(get["ville"], deps, communes)
    lat = get["latitude"].map(_number).astype("float64")
    lon = get["longitude"].map(_number).astype("float64")
    missing = lat.isna() | lon.isna()
    placed = pd.Series(True, index=raw.index)
    if contours is not None and (~missing & (codes != "")).any():
        from icc.datasets.geo import points_in_communes

        where = ~missing & (codes != "")
        placed[where] = points_in_communes(codes[where], lat[where], lon[where], contours)
    reasons = _territory(
        codes,
        deps,
        [
            get["nom"].map(lambda v: "" if v else NO_NAME),
            missing.map(lambda m: NO_POSITION if m else ""),
            (~placed & ~missing).map(lambda m: MISPLACED if m else ""),
        ],
    )
    rows = raw.index[reasons == ""]
    ref = get["identifiant"][rows]
    postal = get["code_postal"][rows] + " " + get["ville"][rows]
    adresse = (get["adresse"][rows] + ", " + postal.str.strip()).where(get["adresse"][rows] != "", postal.str.strip())
    updated = get["mise_a_jour"][rows].map(_date_fr)
    source = (SOURCE_TITLES[MUSEOFILE] + ", fiche " + ref).where(
        updated == "", SOURCE_TITLES[MUSEOFILE] + ", fiche " + ref + " mise à jour le " + updated
    )
    frame = _frame(
        "lieux",
        {
            "id": ref.map(museofile_id),
            "nom": get["nom"][rows].map(_capitalised),
            "identifiant_museofile": ref,
            "type_equipement_ou_lieu": pd.Series(MUSEUM_TYPE, index=rows, dtype=object),
            "filiere": pd.Series(FAMILY, index=rows, dtype=object),
            "code_insee": codes[rows],
            "adresse": adresse,
            "site_internet": get["site"][rows],
            "latitude": lat[rows].map(lambda v: str(round(float(v), 6))),
            "longitude": lon[rows].map(lambda v: str(round(float(v), 6))),
            "precision_localisation": pd.Series("adresse", index=rows, dtype=object),
            "statut": pd.Series("existant", index=rows, dtype=object),
            "source": source,
        },
        rows,
    )
    return Mapped(MUSEOFILE, frame, len(raw), _reasons_counted(reasons), _left_out(raw, reasons))


# --- Fréquentation -> frequentation_lieux ------------------------------------------------


def _refs(text: str) -> list[str]:
    """The museum references an observation lists (« 1305503 ; 1305509 ; 1320801 »)."""
    return re.findall(r"\b\d{7}\b", text)


def frequentation_rows(raw: pd.DataFrame, communes: pd.DataFrame) -> Mapped:
    """Yearly rows of the Métropole's museums, ``lieu`` left empty (``reconcile`` fills it).

    A missing total says why: the note (F, NC, R), else references listed in the observations (the
    museum is counted with them), else « non communiqué ». ``compte_avec`` holds the other museums'
    references until ``reconcile`` turns them into places.
    """
    get = {role: _column(raw, aliases) for role, aliases in FREQUENTATION_COLUMNS.items()}
    deps = get["departement"].map(departement_code)
    codes = town_codes(get["ville"], deps, communes)
    years = get["annee"].map(lambda t: _count_cell(t))
    reasons = _territory(
        codes,
        deps,
        [
            get["ref_musee"].map(lambda v: "" if v else NO_REF),
            years.map(lambda v: "" if re.fullmatch(r"\d{4}", v) else NO_YEAR),
        ],
    )
    rows = raw.index[reasons == ""]
    ref = get["ref_musee"][rows].map(_count_cell)
    total = get["total"][rows].map(_count_cell)
    note = get["note"][rows].str.upper().map(lambda n: NOTES.get(n, ""))
    observations = get["observations"][rows]
    others = pd.Series(
        [" ; ".join(r for r in _refs(o) if r != own) for o, own in zip(observations, ref, strict=True)],
        index=rows,
        dtype=object,
    )
    reason = note.copy()
    reason[(reason == "") & (total == "") & (others != "")] = COMPTE_AVEC
    reason[(reason == "") & (total == "")] = NON_COMMUNIQUE
    reason[total != ""] = ""  # a figure given needs no reason
    frame = _frame(
        "frequentation_lieux",
        {
            "annee": years[rows],
            "ref_musee": ref,
            "nom_dans_la_source": get["nom"][rows],
            "payant": get["payant"][rows].map(_count_cell),
            "gratuit": get["gratuit"][rows].map(_count_cell),
            "total": total,
            "chiffre_manquant": reason,
            "compte_avec": others,
            "observations": observations,
            "source": pd.Series(SOURCE_TITLES[FREQUENTATION], index=rows, dtype=object),
        },
        rows,
    )
    frame["commune"] = codes[rows].to_numpy()
    return Mapped(
        FREQUENTATION,
        frame,
        len(raw),
        _reasons_counted(reasons),
        _left_out(raw, reasons),
        get["id_museofile"][rows].reset_index(drop=True),
    )


@dataclass(frozen=True)
class Reconciled:
    frame: pd.DataFrame  # rows whose place is known, ``lieu`` and ``id`` set
    unknown: pd.DataFrame  # one row per museum reference with no place yet: ref_musee, nom, commune, years
    by_ref: dict[str, str]  # museum reference -> place id


def reconcile(
    mapped: Mapped,
    known_refs: dict[str, str],
    lieux: pd.DataFrame,
    answers: dict[str, str] | None = None,
) -> Reconciled:
    """Give each yearly row its place: by the reference already known in the attendance dataset
    (``known_refs``: ref_musee -> place id), else by the Muséofile identifier any of its rows gives
    (filled from 2019 only: one year is enough for all), else by ``answers`` (ref_musee -> place id,
    a person's decision). The rest is returned in ``unknown``, one row per museum."""
    frame = mapped.frame.copy()
    ids = mapped.museofile_ids.reindex(frame.index).fillna("")
    by_museofile = {}
    if "identifiant_museofile" in lieux.columns:
        known = lieux.dropna(subset=["identifiant_museofile"])
        by_museofile = dict(zip(known["identifiant_museofile"].astype(str), known["id"].astype(str), strict=True))
        by_museofile.pop("", None)
    by_ref: dict[str, str] = {}
    for ref, museofile in zip(frame["ref_musee"], ids, strict=True):
        if ref in by_ref:
            continue
        if ref in known_refs:
            by_ref[ref] = known_refs[ref]
        elif museofile and museofile in by_museofile:
            by_ref[ref] = by_museofile[museofile]
    for ref, museofile in zip(frame["ref_musee"], ids, strict=True):
        if ref not in by_ref and museofile in by_museofile:
            by_ref[ref] = by_museofile[museofile]
    for ref, place in (answers or {}).items():
        by_ref.setdefault(ref, place)
    frame["lieu"] = frame["ref_musee"].map(by_ref).fillna("")
    frame["id"] = frame["lieu"] + "_" + frame["annee"]
    frame["compte_avec"] = frame["compte_avec"].map(
        lambda refs: " ; ".join(by_ref.get(r, r) for r in refs.split(" ; ")) if refs else ""
    )
    placed = frame["lieu"] != ""
    rest = frame[~placed]
    unknown = (
        rest.groupby("ref_musee", sort=False)
        .agg(nom=("nom_dans_la_source", "last"), commune=("commune", "last"), annees=("annee", "size"))
        .reset_index()
    )
    return Reconciled(frame[placed].drop(columns="commune").reset_index(drop=True), unknown, by_ref)
