"""One festival, one row: an imported list is reconciled with the rows we already have.

A row of the file is first recognised by its Ministry identifier (« FEST_13055_3701 ») among
those the version in force keeps (``identifiants_ministere``). Otherwise the rows it may be
(same commune, or commune unknown, and a close name: ``icc.intake.matching``), in the version
in force or earlier in the same file, become questions « Même festival ? » that a person
answers, « fusionner » or « garder les deux ». Nothing is added while one of its questions is
unanswered, and a confirmed pair is remembered: the identifier is stored on the row, so the
next export of the list updates it in place without asking again.

What a recognised row brings: a row of our own (the roadmap's, or typed by staff) keeps what
it says (name, attendance, support, family) and gains the Ministry's identifiers and what it
did not know (commune, discipline, year of creation, website); its source names both. A row
that came from the list alone is the list's, updated from it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from icc.intake.matching import Row, score

MERGE, KEEP = "fusionner", "garder les deux"
ANSWERS = (MERGE, KEEP)
IDS = "identifiants_ministere"
SEPARATOR = " ; "
# Filled from the list where our own row leaves them empty; a row of the list takes them all.
FILLED = ("code_insee_commune", "discipline_dominante", "annee_de_creation_du_festival", "site_internet")
FROM_LIST = ("nom", "filiere", *FILLED)


def split_ids(cell: str) -> list[str]:
    return [part.strip() for part in str(cell or "").split(";") if part.strip()]


@dataclass(frozen=True)
class Side:
    """What a question shows of one row (text, as the data says it)."""

    key: str  # our row's identifier, or the file row's Ministry identifier
    name: str
    commune: str  # the commune's name, "" when unknown
    year: str  # year of creation
    site: str
    where: str  # French: « version en vigueur » or « fichier, ligne 12 »


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
) -> Reconciled:
    """Merge ``imported`` (the list's rows mapped to ``evenements``, one identifier each) into
    ``current`` (the version in force); both are text cells with the dataset's columns.

    ``answers``: question key -> MERGE or KEEP, as the person answered so far.
    """
    cur = current.reset_index(drop=True)
    imp = imported.reset_index(drop=True)
    # Plain records: a pandas access per cell took seconds on a national list.
    cur_rows, imp_rows = cur.to_dict("records"), imp.to_dict("records")
    ids_of_row = [split_ids(row[IDS]) for row in cur_rows]
    owner = {mid: i for i, ids in enumerate(ids_of_row) for mid in ids}
    groups = _Groups()
    recognised = merged = 0
    held: set[int] = set()
    questions: list[Question] = []

    def side(row: dict, key: str, where: str) -> Side:
        return Side(
            key,
            row["nom"],
            commune_names.get(row["code_insee_commune"], ""),
            row["annee_de_creation_du_festival"],
            row["site_internet"],
            where,
        )

    def profile(row: dict) -> Row:
        return Row(row["nom"], row["code_insee_commune"], row["site_internet"], row.get("adresse", ""))

    cur_profiles = {i: [profile(row)] for i, row in enumerate(cur_rows)}
    imp_profiles = {j: profile(row) for j, row in enumerate(imp_rows)}
    for j, row in enumerate(imp_rows):
        mid = row[IDS]
        if mid in owner:
            groups.join(("imp", j), ("cur", owner[mid]))
            cur_profiles[owner[mid]].append(imp_profiles[j])
            recognised += 1
    open_rows: list[int] = []  # file rows not recognised, in file order
    for j in range(len(imp)):
        if groups.find(("imp", j))[0] == "cur":
            continue
        found: list[tuple[float, tuple[str, int], Side]] = []
        for i, profiles in cur_profiles.items():
            best = max(
                (s for p in profiles if (s := score(p, imp_profiles[j], commune_names)) is not None), default=None
            )
            if best is not None:
                found.append((best, ("cur", i), side(cur_rows[i], cur_rows[i]["id"], "version en vigueur")))
        for k in open_rows:
            value = score(imp_profiles[k], imp_profiles[j], commune_names)
            if value is not None:
                found.append((value, ("imp", k), side(imp_rows[k], imp_rows[k][IDS], f"fichier, ligne {k + 2}")))
        found.sort(key=lambda item: -item[0])
        new = side(imp_rows[j], imp_rows[j][IDS], f"fichier, ligne {j + 2}")
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

    members: dict[tuple[str, int], list[int]] = {}
    for j in range(len(imp)):
        members.setdefault(groups.find(("imp", j)), []).append(j)
    # A group still waiting for an answer (one of its rows, or the row it merges into) waits whole.
    waiting = {root for root, rows in members.items() if root[0] == "imp" and any(j in held for j in rows)}

    out = []
    for i, row in enumerate(cur_rows):
        rows = members.get(("cur", i), [])
        out.append(_updated(dict(row), [imp_rows[j] for j in rows], list_title, list_source, dated) if rows else row)
    added = 0
    for root, rows in members.items():
        if root[0] == "cur" or root in waiting:
            continue
        out.append(_new_row([imp_rows[j] for j in rows], list_source))
        added += 1
    frame = pd.DataFrame(out, columns=cur.columns).reset_index(drop=True).astype(object)
    held_rows = sum(len(rows) for root, rows in members.items() if root in waiting)
    return Reconciled(frame, tuple(questions), recognised, merged, added, held_rows)


def _first_filled(rows: list[dict], column: str) -> str:
    return next((v for row in rows if str(v := row[column]).strip()), "")


def _ordered(rows: list[dict], known_ids: list[str]) -> list[dict]:
    """The file rows of a group, the one whose identifier the row lists first leading."""
    rank = {mid: n for n, mid in enumerate(known_ids)}
    return sorted(rows, key=lambda row: rank.get(row[IDS], len(rank)))  # stable: file order otherwise


def _updated(row: dict, rows: list[dict], title: str, list_source: str, dated: bool) -> dict:
    known = split_ids(row[IDS])
    rows = _ordered(rows, known)
    row[IDS] = SEPARATOR.join(known + [m for m in dict.fromkeys(r[IDS] for r in rows) if m not in known])
    primary = [r for r in rows if known and r[IDS] == known[0]]
    if _ministry_source(row["source"], title) and primary:  # a row of the list: its first identifier says it
        for column in FROM_LIST:
            row[column] = _first_filled(rows, column)
        if dated or not row["source"]:
            row["source"] = list_source
        return row
    if _ministry_source(row["source"], title):  # merged with another listing of it: what it lacks only
        for column in FILLED:
            if not str(row[column]).strip():
                row[column] = _first_filled(rows, column)
        return row
    for column in FILLED:
        if not str(row[column]).strip():
            row[column] = _first_filled(rows, column)
    row["source"] = _with_list_source(row["source"], list_source, title, dated)
    return row


def _new_row(rows: list[dict], list_source: str) -> dict:
    row = dict(rows[0])
    for column in FROM_LIST:
        row[column] = _first_filled(rows, column)
    row[IDS] = SEPARATOR.join(dict.fromkeys(r[IDS] for r in rows))
    row["source"] = list_source
    return row
