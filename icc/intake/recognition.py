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

Every question carries its score, its reasons for and against (``icc.intake.matching.assess``, the
one scoring of festivals and places) and what merging would change. ``plan`` orders them for a
person: the sure pairs (decisive evidence, nothing against, the file row's only such candidate)
answered together, then the doubtful ones one by one, most doubtful first. Answers are keyed by the
pair (``Question.key``), so the page keeps them with the import's draft across reloads.

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

from icc.intake.matching import GENERIC, PLACE_GENERIC, Assessment, Row, assess, retyped, site_key

MERGE, KEEP = "fusionner", "garder les deux"
ANSWERS = (MERGE, KEEP)
# Kept with the answers, not an answer: a sure pair the person took out of the sure group, asked alone.
ASK = "à examiner"
SEPARATOR = " ; "
# An identifier made up by the import for a row the list gives none (« min_ » + name + commune):
# not the list's, so not evidence that two rows differ.
MADE_UP = "min_"


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
    year: str = ""  # column of the year of creation, "" when the dataset has none

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
    year="annee_de_creation_du_festival",
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
    score: float  # 0 to 100 (``icc.intake.matching.assess``)
    answer: str | None = None
    sure: bool = False  # decisive evidence, nothing against, no other row as close: in the sure group
    reasons: tuple[str, ...] = ()  # French: the evidence for
    against: tuple[str, ...] = ()  # French: the evidence against
    # What merging changes on the known row: (column, value in force, value after the merge).
    changes: tuple[tuple[str, str, str], ...] = ()

    @property
    def key(self) -> str:
        return f"{self.known.key} = {self.new.key}"

    @property
    def doubt(self) -> float:
        """0 for the most doubtful pair (as much for as against), 50 for the clearest."""
        return abs(self.score - 50)


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

    @property
    def kept_apart(self) -> int:
        """Pairs answered « garder les deux »."""
        return sum(q.answer == KEEP for q in self.questions)


@dataclass(frozen=True)
class Plan:
    """What the page asks, in order: the sure pairs together, then the doubtful ones one by one."""

    sure: tuple[Question, ...]  # unanswered sure pairs still in the group
    doubtful: tuple[Question, ...]  # the other unanswered pairs a person answers, most doubtful first
    merged: int  # pairs answered « fusionner »
    kept: int  # pairs answered « garder les deux »

    @property
    def unanswered(self) -> int:
        return len(self.sure) + len(self.doubtful)


def plan(questions: Iterable[Question], answers: dict[str, str]) -> Plan:
    """The sure group and the doubtful questions. A sure pair taken out of the group (``ASK``) is asked
    alone; a file row whose sure pair is in the group is not asked about its weaker candidates: merging
    the group settles them."""
    questions = list(questions)
    group = [q for q in questions if q.sure and q.answer is None and answers.get(q.key) != ASK]
    settled = {q.new.key for q in group}
    doubtful = [q for q in questions if q.answer is None and q not in group and q.new.key not in settled]
    doubtful.sort(key=lambda q: (q.doubt, -q.score))  # stable: file order between equals
    merged = sum(q.answer == MERGE for q in questions)
    return Plan(tuple(group), tuple(doubtful), merged, sum(q.answer == KEEP for q in questions))


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
        year = str(row.get(kind.year, "")) if kind.year else ""
        ids = tuple(m for m in split_ids(row[id_col]) if not m.startswith(MADE_UP))
        return Row(row["nom"], row[kind.commune], site, row.get(kind.address, ""), kind.generic, year, ids)

    cur_profiles = {i: [profile(row)] for i, row in enumerate(cur_rows)}
    imp_profiles = {j: profile(row) for j, row in enumerate(imp_rows)}
    for j, row in enumerate(imp_rows):
        mid = row[id_col]
        if mid in owner:
            groups.join(("imp", j), ("cur", owner[mid]))
            cur_profiles[owner[mid]].append(imp_profiles[j])
            recognised += 1
    # Rows by commune ("" when unknown): only the same commune, or an unknown one, is compared.
    # And a row of another commune with the same website (a festival held in several communes).
    cur_by_commune: dict[str, set[int]] = {}
    cur_by_site: dict[str, set[int]] = {}
    for i, profiles in cur_profiles.items():
        for p in profiles:
            cur_by_commune.setdefault(p.commune, set()).add(i)
            cur_by_site.setdefault(site_key(p.site), set()).add(i)
    cur_by_site.pop("", None)
    open_by_commune: dict[str, set[int]] = {}
    open_by_site: dict[str, set[int]] = {}

    def compared(by_commune: dict[str, set[int]], by_site: dict, every: Iterable[int], row: Row) -> list[int]:
        if not row.commune:
            return list(every)
        near = by_commune.get(row.commune, set()) | by_commune.get("", set())
        return sorted(near | by_site.get(site_key(row.site), set()))

    def changes(i: int, j: int) -> tuple[tuple[str, str, str], ...]:
        after = _updated(dict(cur_rows[i]), [imp_rows[j]], list_title, list_source, dated, kind)
        return tuple((c, str(cur_rows[i][c]), str(after[c])) for c in cur.columns if after[c] != cur_rows[i][c])

    open_rows: list[int] = []  # file rows not recognised, in file order
    for j in range(len(imp)):
        if groups.find(("imp", j))[0] == "cur":
            continue
        found: list[tuple[Assessment, tuple[str, int], Side]] = []
        mine = imp_profiles[j]
        for i in compared(cur_by_commune, cur_by_site, cur_profiles, mine):
            seen = [a for p in cur_profiles[i] if (a := assess(p, mine, commune_names)) is not None]
            if seen:
                best = max(seen, key=lambda a: (a.sure, a.score))
                found.append((best, ("cur", i), side(cur_rows[i], cur_rows[i]["id"], "version en vigueur")))
        for k in compared(open_by_commune, open_by_site, open_rows, mine):
            value = assess(imp_profiles[k], mine, commune_names)
            if value is not None:
                found.append((value, ("imp", k), side(imp_rows[k], imp_rows[k][id_col], f"fichier, ligne {k + 2}")))
        found.sort(key=lambda item: (-item[0].sure, -item[0].score))
        new = side(imp_rows[j], imp_rows[j][id_col], f"fichier, ligne {j + 2}")
        asked = [
            _question(a, known, new, answers, _sure(a, node, found), changes(node[1], j) if node[0] == "cur" else ())
            for a, node, known in found
        ]
        chosen = next((n for q, (_, n, _) in zip(asked, found, strict=True) if q.answer == MERGE), None)
        if chosen is not None:
            groups.join(("imp", j), chosen)
            merged += 1
            questions += [q for q in asked if q.answer == MERGE][:1] + [q for q in asked if q.answer == KEEP]
        else:
            questions += asked
            if any(q.answer is None for q in asked):
                held.add(j)
        open_rows.append(j)
        open_by_commune.setdefault(mine.commune, set()).add(j)
        if site_key(mine.site):
            open_by_site.setdefault(site_key(mine.site), set()).add(j)

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


def _sure(value: Assessment, node: tuple[str, int], found: list) -> bool:
    """A sure pair stays sure when it is the file row's only sure candidate among our rows (or, with
    none of ours, among the file's earlier rows); two rows as sure are a question for a person."""
    if not value.sure:
        return False
    ours = [n for a, n, _ in found if a.sure and n[0] == "cur"]
    if ours:
        return ours == [node]
    return [n for a, n, _ in found if a.sure] == [node]


def _question(value: Assessment, known: Side, new: Side, answers: dict[str, str], sure: bool, changes) -> Question:
    question = Question(known, new, value.score, None, sure, value.reasons, value.against, changes)
    answer = answers.get(question.key)
    against = value.against
    if value.sure and not sure:
        against = (*against, "une autre ligne lui ressemble autant")
    return replace(question, answer=answer if answer in ANSWERS else None, against=against)


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
            value = _first_filled(rows, column)
            if not retyped(value, row[column]):  # « JOURS [ET NUITS] » does not replace « Jours [et nuits] »
                row[column] = value
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
