"""One festival (or place), one row: an imported list is reconciled with the rows we already have.

The same path serves every Ministry list, described by a ``Kind``: the festivals list into
``evenements`` (``FESTIVAL``, « Même festival ? ») and Basilic into ``lieux`` (``PLACE``,
« Même lieu ? »).

A row of the file is first recognised by its identifier in the list (« FEST_13055_3701 »)
among those the version in force keeps (``identifiants_ministere``, ``identifiants_basilic``).
Otherwise the rows it may be (same commune, or commune unknown, and a close name:
``icc.intake.matching``), in the version in force or earlier in the same file, become
questions « Même festival ? » (« Même lieu ? ») that a person answers, « fusionner » or
« garder les deux ». Nothing is added while one of its questions is unanswered, and a
confirmed pair is remembered: the identifier is stored on the row, so the next export of the
list updates it in place without asking again.

What a recognised row brings: a row of our own (the roadmap's, or typed by staff) keeps what
it says (name, attendance, support, family, position) and gains the list's identifiers and
what it did not know (``Kind.filled``: commune, discipline, year of creation, website; a
place's address); its source names both. A row that came from the list alone is the list's,
updated from it (``Kind.from_list``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

import pandas as pd

from icc.intake.matching import GENERIC, PLACE_GENERIC, Row, score

MERGE, KEEP = "fusionner", "garder les deux"
ANSWERS = (MERGE, KEEP)
SEPARATOR = " ; "


@dataclass(frozen=True)
class Kind:
    """How the rows of one dataset are recognised, asked about and merged."""

    dataset: str
    ids: str  # column remembering the list's identifiers, " ; "-separated
    commune: str  # column of the commune's INSEE code
    one: str  # French noun: « festival », « lieu » (both masculine)
    many: str  # its plural
    identifier: str  # French: what recognises a row, « l'identifiant du ministère »
    # What a question shows besides the name and commune: (column, French label, French when empty).
    details: tuple[tuple[str, str, str], ...]
    filled: tuple[str, ...]  # filled from the list where our own row leaves them empty
    from_list: tuple[str, ...]  # what a row of the list alone takes from the list
    site: str = ""  # column of the website, "" when the dataset has none
    address: str = "adresse"  # column of the postal address (an extra column of the import when not ours)
    generic: frozenset[str] = GENERIC  # words of names that do not tell two rows apart

    @property
    def question(self) -> str:
        """« Même festival ? », « Même lieu ? »."""
        return f"Même {self.one} ?"


_FESTIVAL_FILLED = ("code_insee_commune", "discipline_dominante", "annee_de_creation_du_festival", "site_internet")
FESTIVAL = Kind(
    "evenements",
    "identifiants_ministere",
    "code_insee_commune",
    "festival",
    "festivals",
    "l'identifiant du ministère",
    (("annee_de_creation_du_festival", "Année de création", "non précisée"), ("site_internet", "Site", "non précisé")),
    _FESTIVAL_FILLED,
    ("nom", "filiere", *_FESTIVAL_FILLED),
    site="site_internet",
)
# A place of ours keeps its position (and how precise it is): Basilic only fills its address.
PLACE = Kind(
    "lieux",
    "identifiants_basilic",
    "code_insee",
    "lieu",
    "lieux",
    "l'identifiant Basilic",
    (("type_equipement_ou_lieu", "Type de lieu", "non précisé"), ("adresse", "Adresse", "non précisée")),
    ("adresse",),
    (
        "nom",
        "type_equipement_ou_lieu",
        "filiere",
        "code_insee",
        "adresse",
        "latitude",
        "longitude",
        "precision_localisation",
    ),
    generic=PLACE_GENERIC,
)
KINDS = {kind.dataset: kind for kind in (FESTIVAL, PLACE)}


def question_title(dataset: str) -> str:
    """The question asked about the rows of ``dataset``: « Même festival ? », « Même lieu ? »."""
    return KINDS[dataset].question if dataset in KINDS else "Même ligne ?"


def split_ids(cell: str) -> list[str]:
    return [part.strip() for part in str(cell or "").split(";") if part.strip()]


@dataclass(frozen=True)
class Side:
    """What a question shows of one row (text, as the data says it)."""

    key: str  # our row's identifier, or the file row's identifier in the list
    name: str
    commune: str  # the commune's name, "" when unknown
    where: str  # French: « version en vigueur » or « fichier, ligne 12 »
    # (French label, value as the data says it, French when empty): year and site, type and address…
    details: tuple[tuple[str, str, str], ...] = ()


@dataclass(frozen=True)
class Question:
    known: Side  # a row we have (version in force), or an earlier row of the same file
    new: Side  # the file's row
    score: float
    answer: str | None = None

    @property
    def key(self) -> str:
        return f"{self.known.key} = {self.new.key}"


@dataclass(frozen=True)
class Reconciled:
    frame: pd.DataFrame  # the merged table, text cells, RangeIndex
    questions: tuple[Question, ...]
    recognised: int  # file rows recognised by their identifier
    merged: int  # file rows merged on a person's answer
    added: int  # new rows
    held: int  # file rows waiting for an answer (not in ``frame``)

    @property
    def unanswered(self) -> list[Question]:
        return [q for q in self.questions if q.answer is None]


def _ministry_source(source: str, title: str) -> bool:
    return str(source).startswith(title)


def _with_list_source(source: str, list_source: str, title: str, dated: bool) -> str:
    """Our source, then the list's; an undated import keeps the list's source already named."""
    parts = [p for p in str(source).split(SEPARATOR) if p]
    kept = [p for p in parts if not p.startswith(title)]
    named = [p for p in parts if p.startswith(title)]
    return SEPARATOR.join([*kept, *(named if named and not dated else [list_source])])


class _Groups:
    """Union-find over rows: ("cur", i) for the version in force, ("imp", j) for the file."""

    def __init__(self) -> None:
        self.parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(self, node: tuple[str, int]) -> tuple[str, int]:
        while self.parent.get(node, node) != node:
            node = self.parent[node]
        return node

    def join(self, child: tuple[str, int], target: tuple[str, int]) -> None:
        root_child, root_target = self.find(child), self.find(target)
        if root_child == root_target:
            return
        # A row of the version in force stays the root: the file's rows merge into it.
        if root_child[0] == "cur" and root_target[0] == "imp":
            root_child, root_target = root_target, root_child
        self.parent[root_child] = root_target


def reconcile(
    current: pd.DataFrame,
    imported: pd.DataFrame,
    answers: dict[str, str],
    commune_names: dict[str, str],
    list_title: str,
    list_source: str,
    dated: bool,
    kind: Kind = FESTIVAL,
) -> Reconciled:
    """Merge ``imported`` (the list's rows mapped to ``kind.dataset``, one identifier each in
    ``kind.ids``) into ``current`` (the version in force); both are text cells with the dataset's
    columns (``imported`` may add ``kind.address``).

    ``answers``: question key -> MERGE or KEEP, as the person answered so far.
    """
    id_col = kind.ids
    cur = current.reset_index(drop=True)
    imp = imported.reset_index(drop=True)
    # Plain records: a pandas access per cell took seconds on a national list.
    cur_rows, imp_rows = cur.to_dict("records"), imp.to_dict("records")
    ids_of_row = [split_ids(row[id_col]) for row in cur_rows]
    owner = {mid: i for i, ids in enumerate(ids_of_row) for mid in ids}
    groups = _Groups()
    recognised = merged = 0
    held: set[int] = set()
    questions: list[Question] = []

    def side(row: dict, key: str, where: str) -> Side:
        return Side(
            key,
            row["nom"],
            commune_names.get(row[kind.commune], ""),
            where,
            tuple((label, str(row.get(column, "")), empty) for column, label, empty in kind.details),
        )

    def profile(row: dict) -> Row:
        site = row.get(kind.site, "") if kind.site else ""
        return Row(row["nom"], row[kind.commune], site, row.get(kind.address, ""), kind.generic)

    cur_profiles = {i: [profile(row)] for i, row in enumerate(cur_rows)}
    imp_profiles = {j: profile(row) for j, row in enumerate(imp_rows)}
    for j, row in enumerate(imp_rows):
        mid = row[id_col]
        if mid in owner:
            groups.join(("imp", j), ("cur", owner[mid]))
            cur_profiles[owner[mid]].append(imp_profiles[j])
            recognised += 1
    # Rows by commune ("" when unknown): only the same commune, or an unknown one, is compared.
    cur_by_commune: dict[str, set[int]] = {}
    for i, profiles in cur_profiles.items():
        for p in profiles:
            cur_by_commune.setdefault(p.commune, set()).add(i)
    open_by_commune: dict[str, set[int]] = {}

    def compared(by_commune: dict[str, set[int]], every: Iterable[int], commune: str) -> list[int]:
        if not commune:
            return list(every)
        return sorted(by_commune.get(commune, set()) | by_commune.get("", set()))

    open_rows: list[int] = []  # file rows not recognised, in file order
    for j in range(len(imp)):
        if groups.find(("imp", j))[0] == "cur":
            continue
        found: list[tuple[float, tuple[str, int], Side]] = []
        commune = imp_profiles[j].commune
        for i in compared(cur_by_commune, cur_profiles, commune):
            profiles = cur_profiles[i]
            best = max(
                (s for p in profiles if (s := score(p, imp_profiles[j], commune_names)) is not None), default=None
            )
            if best is not None:
                found.append((best, ("cur", i), side(cur_rows[i], cur_rows[i]["id"], "version en vigueur")))
        for k in compared(open_by_commune, open_rows, commune):
            value = score(imp_profiles[k], imp_profiles[j], commune_names)
            if value is not None:
                found.append((value, ("imp", k), side(imp_rows[k], imp_rows[k][id_col], f"fichier, ligne {k + 2}")))
        found.sort(key=lambda item: -item[0])
        new = side(imp_rows[j], imp_rows[j][id_col], f"fichier, ligne {j + 2}")
        asked = [Question(known, new, value) for value, _, known in found]
        asked = [replace(q, answer=answers.get(q.key) if answers.get(q.key) in ANSWERS else None) for q in asked]
        chosen = next((n for q, (_, n, _) in zip(asked, found, strict=True) if q.answer == MERGE), None)
        if chosen is not None:
            groups.join(("imp", j), chosen)
            merged += 1
            questions += [q for q in asked if q.answer == MERGE][:1]
        else:
            questions += asked
            if any(q.answer is None for q in asked):
                held.add(j)
        open_rows.append(j)
        open_by_commune.setdefault(commune, set()).add(j)

    members: dict[tuple[str, int], list[int]] = {}
    for j in range(len(imp)):
        members.setdefault(groups.find(("imp", j)), []).append(j)
    # A group still waiting for an answer (one of its rows, or the row it merges into) waits whole.
    waiting = {root for root, rows in members.items() if root[0] == "imp" and any(j in held for j in rows)}

    out = []
    for i, row in enumerate(cur_rows):
        rows = members.get(("cur", i), [])
        out.append(
            _updated(dict(row), [imp_rows[j] for j in rows], list_title, list_source, dated, kind) if rows else row
        )
    added = 0
    for root, rows in members.items():
        if root[0] == "cur" or root in waiting:
            continue
        out.append(_new_row([imp_rows[j] for j in rows], list_source, kind))
        added += 1
    frame = pd.DataFrame(out, columns=cur.columns).reset_index(drop=True).astype(object)
    held_rows = sum(len(rows) for root, rows in members.items() if root in waiting)
    return Reconciled(frame, tuple(questions), recognised, merged, added, held_rows)


def _first_filled(rows: list[dict], column: str) -> str:
    return next((v for row in rows if str(v := row[column]).strip()), "")


def _ordered(rows: list[dict], known_ids: list[str], ids: str) -> list[dict]:
    """The file rows of a group, the one whose identifier the row lists first leading."""
    rank = {mid: n for n, mid in enumerate(known_ids)}
    return sorted(rows, key=lambda row: rank.get(row[ids], len(rank)))  # stable: file order otherwise


def _updated(row: dict, rows: list[dict], title: str, list_source: str, dated: bool, kind: Kind) -> dict:
    id_col = kind.ids
    known = split_ids(row[id_col])
    rows = _ordered(rows, known, id_col)
    row[id_col] = SEPARATOR.join(known + [m for m in dict.fromkeys(r[id_col] for r in rows) if m not in known])
    primary = [r for r in rows if known and r[id_col] == known[0]]
    if _ministry_source(row["source"], title) and primary:  # a row of the list: its first identifier says it
        for column in kind.from_list:
            row[column] = _first_filled(rows, column)
        if dated or not row["source"]:
            row["source"] = list_source
        return row
    if _ministry_source(row["source"], title):  # merged with another listing of it: what it lacks only
        for column in kind.filled:
            if not str(row[column]).strip():
                row[column] = _first_filled(rows, column)
        return row
    for column in kind.filled:
        if not str(row[column]).strip():
            row[column] = _first_filled(rows, column)
    row["source"] = _with_list_source(row["source"], list_source, title, dated)
    return row


def _new_row(rows: list[dict], list_source: str, kind: Kind) -> dict:
    row = dict(rows[0])
    for column in kind.from_list:
        row[column] = _first_filled(rows, column)
    row[kind.ids] = SEPARATOR.join(dict.fromkeys(r[kind.ids] for r in rows))
    row["source"] = list_source
    return row
