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

Both files are also imported through the data page (``icc.intake.ministere.check_extract`` sends them
here): ``import_museofile`` updates ``lieux`` by Muséofile identifier, ``import_attendance`` adds and
updates ``frequentation_lieux`` by museum reference; a museum neither identifier recognises is a
question « Même lieu ? » asked with ``icc.intake.recognition``'s rules for places.

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
from dataclasses import dataclass, field, replace
from functools import lru_cache

import pandas as pd

from icc.datasets.schema import COMPTE_AVEC, DATASETS, FERME, NON_COMMUNIQUE
from icc.formatting import nombre
from icc.intake import extracts, recognition, villes
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
DEPARTEMENTS = {"bouches du rhone": "13", "var": "83", "vaucluse": "84"}

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
        return extracts.kept_summary(
            self.rows_read, len(self.frame), self.excluded, "dans les communes de la Métropole"
        )


def detect(headers) -> str | None:
    """MUSEOFILE or FREQUENTATION when the headers are those of the Ministry's museum files."""
    folded = {fold(h) for h in headers}
    for source, signature in SIGNATURES.items():
        if all(fold(h) in folded for h in signature):
            return source
    return None


# --- towns --------------------------------------------------------------------------------


@lru_cache(maxsize=65_536)
def fold_town(name: str) -> str:
    """A town's name as ``icc.intake.villes`` compares it (case, accents, punctuation, articles, « St »)."""
    return villes.normalise(name)


def first_town(cell: str) -> str:
    """The first town of a cell that names several (« AUBAGNE/PUYLOUBIER », « Aubagne et Puyloubier »)."""
    named = villes.towns(cell)
    return named[0].strip() if named else ""


def departement_code(text: str) -> str:
    """« Bouches-du-Rhône » or « BOUCHES DU RHONE » -> « 13 »; a département elsewhere -> ""."""
    return DEPARTEMENTS.get(fold_town(text), "")


def town_codes(towns: pd.Series, departements: pd.Series, communes: pd.DataFrame) -> pd.Series:
    """INSEE code of each town among the Métropole's communes ("" when not one of them)."""
    by_name = {
        (str(code)[:2], fold_town(name)): str(code)
        for code, name in zip(communes["code_insee"], communes["nom"], strict=True)
    }
    pairs = list(zip(departements.tolist(), towns.tolist(), strict=True))
    # A national file names each town many times: each pair is read once.
    found = {(d, t): by_name.get((d, fold_town(first_town(t))), "") if d else "" for d, t in dict.fromkeys(pairs)}
    return pd.Series([found[pair] for pair in pairs], index=towns.index, dtype=object)


# --- cells --------------------------------------------------------------------------------


def _count_cell(text: str) -> str:
    """« 470486 », « 470486.0 », « 470 486 » -> « 470486 »; anything else stays as typed (validation
    reports it)."""
    value = extracts.number(text)
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
    """French reason -> rows, largest first (ties: the order the file meets them)."""
    given = reasons[reasons != ""]
    counted = Counter(dict(given.value_counts()))
    ordered = sorted(given.drop_duplicates(), key=lambda r: -counted[r])
    return {r: int(counted[r]) for r in ordered}


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


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^0-9a-z]+", "_", ascii_text).strip("_")


def museofile_to_lieux(raw: pd.DataFrame, communes: pd.DataFrame, contours=None) -> Mapped:
    """Muséofile rows as ``lieux`` rows of the Métropole, at their Muséofile position
    (``precision_localisation`` « adresse »). With ``contours``, a point outside its commune is left
    out (validation would refuse it)."""
    get = {role: extracts.column(raw, aliases) for role, aliases in MUSEOFILE_COLUMNS.items()}
    deps = get["departement"].map(departement_code)
    # The postcode tells the département when the name is missing or spelt otherwise.
    deps = deps.where(
        deps != "", get["code_postal"].str[:2].where(get["code_postal"].str[:2].isin(["13", "83", "84"]), "")
    )
    codes = town_codes(get["ville"], deps, communes)
    lat = get["latitude"].map(extracts.number).astype("float64")
    lon = get["longitude"].map(extracts.number).astype("float64")
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
    source = pd.Series(
        [
            SOURCE_TITLES[MUSEOFILE] + (f", fiche {r}" if r else "") + (f" mise à jour le {d}" if d else "")
            for r, d in zip(ref, updated, strict=True)
        ],
        index=rows,
        dtype=object,
    )
    # A record without its reference (a hand-made copy) is named after its name and commune.
    ids = ref.map(museofile_id).where(ref != "", "museofile_" + get["nom"][rows].map(_slug) + "_" + codes[rows])
    frame = _frame(
        "lieux",
        {
            "id": ids,
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
    return Mapped(MUSEOFILE, frame, len(raw), _reasons_counted(reasons), extracts.left_out(raw, reasons))


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
    # The département and town first: the other cells are read only for the Métropole's rows.
    deps = extracts.column(raw, FREQUENTATION_COLUMNS["departement"])
    deps = deps.map({d: departement_code(d) for d in deps.unique()})
    codes = town_codes(extracts.column(raw, FREQUENTATION_COLUMNS["ville"]), deps, communes)
    inside = raw[codes != ""]
    get = {role: extracts.column(inside, aliases) for role, aliases in FREQUENTATION_COLUMNS.items()}
    years = get["annee"].map(_count_cell)
    reasons = _territory(
        codes,
        deps,
        [
            get["ref_musee"].map(lambda v: "" if v else NO_REF).reindex(raw.index, fill_value=""),
            years.map(lambda v: "" if re.fullmatch(r"\d{4}", v) else NO_YEAR).reindex(raw.index, fill_value=""),
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
        extracts.left_out(raw, reasons),
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
    places = {**known_refs, **by_ref}  # a museum counted with another the file no longer lists is still known
    frame["compte_avec"] = frame["compte_avec"].map(
        lambda refs: " ; ".join(places.get(r, r) for r in refs.split(" ; ")) if refs else ""
    )
    placed = frame["lieu"] != ""
    rest = frame[~placed]
    # The name a museum had in its latest year names it in a question.
    rest = rest.iloc[rest["annee"].astype(int).argsort(kind="stable")]
    unknown = (
        rest.groupby("ref_musee", sort=False)
        .agg(nom=("nom_dans_la_source", "last"), commune=("commune", "last"), annees=("annee", "size"))
        .reset_index()
    )
    return Reconciled(frame[placed].drop(columns="commune").reset_index(drop=True), unknown, by_ref)


# --- a new file through the data page -----------------------------------------------------

_DETAILS = (("type_equipement_ou_lieu", "Type de lieu", "non précisé"), ("adresse", "Adresse", "non précisée"))
# Muséofile into ``lieux``: a museum is recognised by its Muséofile identifier; else the places of its
# commune with a close name (recognition's rules for places) are questions « Même lieu ? ». The
# recognition fills nothing itself: what a record updates is ``_from_record``'s business.
MUSEOFILE_KIND = recognition.Kind(
    "lieux",
    "identifiant_museofile",
    "code_insee",
    "lieu",
    "lieux",
    "l'identifiant Muséofile",
    (*_DETAILS, ("site_internet", "Site", "non précisé")),
    (),
    (),
    site="site_internet",
    generic=recognition.PLACE.generic,
)
# A museum of the attendance file with no place yet, against the places of its commune.
YEARS = "annees_de_frequentation"
ATTENDANCE_KIND = recognition.Kind(
    "lieux",
    "ref_musee",
    "code_insee",
    "lieu",
    "lieux",
    "la référence du musée",
    (*_DETAILS, (YEARS, "Fréquentation", "aucune année")),
    (),
    (),
    generic=recognition.PLACE.generic,
)
# What a new Muséofile record changes on the museum it identifies: a place of Muséofile alone takes it
# all; a place of ours (the roadmap's MuCEM, Musée Granet) keeps its name, type, family and position
# and takes the address and website, as a Basilic merge keeps the roadmap's rows.
FROM_MUSEOFILE = ("nom", "code_insee", "adresse", "site_internet", "latitude", "longitude", "precision_localisation")
OURS_FROM_MUSEOFILE = ("adresse", "site_internet")
_PLACEHOLDER = "museofile_"  # a record without reference stands for itself by its place id


@dataclass(frozen=True)
class Imported:
    """A museum file reconciled with the version in force: whole tables (text cells), ready to check."""

    source: str
    tables: dict[str, pd.DataFrame]  # dataset -> merged table; the attendance file may add ``lieux`` rows
    questions: tuple[recognition.Question, ...]
    notes: tuple[str, ...]  # French, with the file's values inside: shown as text
    left_out: pd.DataFrame


def _names(communes: pd.DataFrame) -> dict[str, str]:
    return dict(zip(communes["code_insee"].astype(str), communes["nom"].astype(str), strict=True))


def _waiting(rows: int) -> str:
    if not rows:
        return ""
    what = extracts.count(rows, "ligne du fichier attend", "lignes du fichier attendent")
    return f" ; {what} votre réponse à la question « Même lieu ? » (rien n'est publié avant)"


def _from_record(row: dict, record: dict) -> dict:
    title = SOURCE_TITLES[MUSEOFILE]
    source = str(row["source"])
    if source.startswith(title):
        for column in FROM_MUSEOFILE:
            row[column] = record[column]
        row["source"] = record["source"]
        return row
    for column in OURS_FROM_MUSEOFILE:
        if record[column]:
            row[column] = record[column]
    kept = [part for part in source.split(recognition.SEPARATOR) if part and not part.startswith(title)]
    row["source"] = recognition.SEPARATOR.join([*kept, record["source"]])
    return row


def import_museofile(
    raw: pd.DataFrame,
    communes: pd.DataFrame,
    lieux: pd.DataFrame,
    answers: dict[str, str],
    contours=None,
) -> Imported:
    """A Muséofile extract merged into ``lieux`` (text cells of the version in force).

    A museum known by its identifier is updated (``_from_record``); one that is not, with a close
    name in its commune, is a question « Même lieu ? » (``answers``: question key -> « fusionner » or
    « garder les deux »); the others are added. A record without reference (a hand-made copy) is
    recognised by the place id it would have, never remembered by an identifier it lacks.
    """
    mapped = museofile_to_lieux(raw, communes, contours)
    imp = mapped.frame.copy()
    no_ref = imp["identifiant_museofile"] == ""
    imp.loc[no_ref, "identifiant_museofile"] = imp.loc[no_ref, "id"]
    cur = lieux.reset_index(drop=True).copy()
    blank = (cur["identifiant_museofile"] == "") & cur["id"].str.startswith(_PLACEHOLDER)
    cur.loc[blank, "identifiant_museofile"] = cur.loc[blank, "id"]
    title = SOURCE_TITLES[MUSEOFILE]
    found = recognition.reconcile(cur, imp, answers, _names(communes), title, title, False, MUSEOFILE_KIND)
    records: dict[str, dict] = {}
    for record in imp.to_dict("records"):
        records.setdefault(record["identifiant_museofile"], record)
    out = []
    for row in found.frame.to_dict("records"):
        ids = recognition.split_ids(row["identifiant_museofile"])
        row["identifiant_museofile"] = recognition.SEPARATOR.join(i for i in ids if not i.startswith(_PLACEHOLDER))
        record = records.get(ids[0]) if ids else None
        out.append(_from_record(row, record) if record is not None else row)
    frame = pd.DataFrame(out, columns=lieux.columns).astype(object)
    counts = (
        f"{extracts.count(found.recognised, 'musée reconnu', 'musées reconnus')} par l'identifiant Muséofile, "
        f"{extracts.count(found.merged, 'fusionné', 'fusionnés')} sur votre réponse, "
        f"{extracts.count(found.added, 'ajouté', 'ajoutés')}"
    )
    notes = (mapped.summary, counts + _waiting(found.held) + ".")
    return Imported(MUSEOFILE, {"lieux": frame}, found.questions, notes, mapped.left_out)


def _years_text(years: pd.Series) -> str:
    values = sorted({int(y) for y in years if str(y).strip()})
    if not values:
        return ""
    span = str(values[0]) if len(values) == 1 else f"{values[0]} à {values[-1]}"
    return f"{span} ({extracts.count(len(values), 'année', 'années')})"


def _merged(current: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    """The current rows, those the file gives again (same ``id``) replaced in place, then the new ones.
    A new id given twice stays twice: validation says so."""
    given = {row["id"]: row for row in rows.to_dict("records")}
    out = [given.get(row["id"], row) for row in current.to_dict("records")]
    known = set(current["id"])
    out += [row for row in rows.to_dict("records") if row["id"] not in known]
    return pd.DataFrame(out, columns=current.columns).astype(object)


def _coordinate(value) -> str:
    return str(round(float(value), 6))


def import_attendance(
    raw: pd.DataFrame,
    communes: pd.DataFrame,
    lieux: pd.DataFrame,
    frequentation: pd.DataFrame,
    answers: dict[str, str],
) -> Imported:
    """An attendance file merged into ``frequentation_lieux`` (text cells of the version in force).

    A museum's rows find their place by its reference, known in the dataset; else by its Muséofile
    identifier (``lieux.identifiant_museofile``); else the places of its commune with a close name
    are questions « Même lieu ? »: « fusionner » gives its place, « garder les deux » (to each) makes
    it a new place at its commune's centre (precision « commune », family « Musées et patrimoine »),
    in ``tables["lieux"]``. The reference stored on the rows remembers the answer. A museum with no
    close name in its commune becomes a new place without a question.
    """
    mapped = frequentation_rows(raw, communes)
    given = frequentation[frequentation["ref_musee"] != ""]
    known = dict(zip(given["ref_musee"], given["lieu"], strict=True))
    place_ids = set(lieux["id"])
    for ref in mapped.frame["ref_musee"].unique():  # a new place published before its rows
        if ref not in known and f"frequentation_{ref}" in place_ids:
            known[ref] = f"frequentation_{ref}"
    first = reconcile(mapped, known, lieux)
    by_ref = dict(first.by_ref)
    questions: tuple[recognition.Question, ...] = ()
    new_places = pd.DataFrame(columns=lieux.columns)
    merged = 0
    if len(first.unknown):
        found, new_places, merged = _place_museums(first.unknown, mapped, communes, lieux, frequentation, answers)
        for row in found.frame.to_dict("records"):
            for ref in recognition.split_ids(row["ref_musee"]):
                by_ref.setdefault(ref, row["id"])
        questions = found.questions
    places = pd.concat([lieux, new_places], ignore_index=True).astype(object) if len(new_places) else lieux
    done = reconcile(mapped, known, places, by_ref) if len(first.unknown) else first
    columns = DATASETS["frequentation_lieux"].columns
    table = _merged(frequentation, done.frame[columns])
    years = sorted(set(done.frame.loc[~done.frame["id"].isin(set(frequentation["id"])), "annee"]))
    by_identifier = len({r for r in first.by_ref if r not in known})
    placed = set(done.frame["ref_musee"])
    counts = (
        f"{extracts.count(len(placed & set(known)), 'musée reconnu', 'musées reconnus')} par la référence du musée, "
        f"{nombre(by_identifier)} par l'identifiant Muséofile, "
        f"{extracts.count(merged, 'rattaché', 'rattachés')} à un lieu sur votre réponse, "
        f"{extracts.count(len(new_places), 'nouveau lieu', 'nouveaux lieux')} au centre de la commune"
    )
    notes = [mapped.summary, counts + _waiting(int(done.unknown["annees"].sum())) + "."]
    if years:
        notes.append(f"Année(s) nouvelle(s) : {', '.join(years)}.")
    tables = {"frequentation_lieux": table}
    if len(new_places):
        tables["lieux"] = pd.concat([lieux, new_places], ignore_index=True).astype(object)
    return Imported(FREQUENTATION, tables, questions, tuple(notes), mapped.left_out)


def _place_museums(unknown, mapped, communes, lieux, frequentation, answers):
    """The questions « Même lieu ? » for museums with no place, and the new places of those that are
    none of the places of their commune: (recognition's result, new ``lieux`` rows, museums merged)."""
    title = SOURCE_TITLES[FREQUENTATION]
    cur = lieux.reset_index(drop=True).copy()
    cur["ref_musee"] = ""
    counted = frequentation.groupby("lieu")["annee"].agg(_years_text)
    cur[YEARS] = cur["id"].map(counted).fillna("")
    rows = mapped.frame
    centres = communes.assign(code_insee=communes["code_insee"].astype(str)).set_index("code_insee")
    museums = []
    for _, museum in unknown.iterrows():
        ref, commune = museum["ref_musee"], museum["commune"]
        museums.append(
            {
                **{column: "" for column in cur.columns},
                "id": f"frequentation_{ref}",
                "nom": museum["nom"],
                "type_equipement_ou_lieu": MUSEUM_TYPE,
                "filiere": FAMILY,
                "code_insee": commune,
                "latitude": _coordinate(centres.loc[commune, "latitude"]),
                "longitude": _coordinate(centres.loc[commune, "longitude"]),
                "precision_localisation": "commune",
                "statut": "existant",
                "source": f"{title}, musée {ref} (sans fiche Muséofile) ; position : centre de la commune",
                "ref_musee": ref,
                YEARS: _years_text(rows.loc[rows["ref_musee"] == ref, "annee"]),
            }
        )
    imp = pd.DataFrame(museums, columns=cur.columns).astype(object)
    found = recognition.reconcile(cur, imp, answers, _names(communes), title, title, False, ATTENDANCE_KIND)
    refs = set(imp["ref_musee"])

    def where(side: recognition.Side) -> recognition.Side:
        return replace(side, where=f"fichier, musée {side.key}") if side.key in refs else side

    questions = tuple(replace(q, known=where(q.known), new=where(q.new)) for q in found.questions)
    sources = dict(zip(imp["id"], imp["source"], strict=True))
    added = found.frame.iloc[len(cur) :].copy()
    added["source"] = added["id"].map(sources)
    new_places = added[list(lieux.columns)].reset_index(drop=True).astype(object)
    return replace(found, questions=questions), new_places, found.merged
