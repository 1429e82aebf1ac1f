"""A town as the Ministry's museum files write it, matched to its INSEE commune by name within its département.

The files write towns and départements freely: « AIX-EN-PROVENCE » and « Aix-En-Provence », « BOUCHES DU
RHONE » and « Bouches-du-Rhône », « Seine-St-Denis », « ILE ET VILAINE », « Woerth » for Wœrth, « Neuilly » for
Neuilly-sur-Seine, one museum in two towns (« AUBAGNE/PUYLOUBIER », « AUBAGNE & PUYLOUBIER », « Aubagne et
Puyloubier »). A name is compared without case, accents, punctuation or articles, « St »/« Ste » read as
« Saint »/« Sainte », arrondissement numbers and « Cedex » dropped. In order:

1. the whole name, among the département's communes (a current commune before a former, merged one);
2. each town of a cell naming several (« / », « & », « et », « - » between spaces), the first one found;
3. the postcode (Muséofile gives one): the only commune of the département with that postcode;
4. a name that is the start of a single commune's name (« Neuilly », « Arromanches »), or whose start or end
   is a single commune's whole name (« Elbeuf-sur-Seine », « Montreuil-sous-Bois »; « Le Pouverel La Garde »,
   « Le Cap d'Agde »), among those of the postcode if any, else of the département.

A département name is read the same way; one that is a letter away from a single département's name is that
département (« ILE ET VILAINE »). Nothing else is guessed: a town not found is not matched, and said so.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import pandas as pd

ARTICLES = frozenset({"le", "la", "les", "l"})
ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}
LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"})
DROPPED = re.compile(r"\d+(e|er|eme|ere)?|arrondissement|arr|cedex")
SEVERAL = re.compile(r"\s*/\s*|\s*&\s*|\s+et\s+|\s+-\s+", flags=re.IGNORECASE)

# Why a museum is not placed (the derived list's « raison »).
NO_DEPARTMENT = "département non reconnu"
NO_TOWN = "commune non trouvée dans le département"
SEVERAL_TOWNS = "plusieurs communes possibles dans le département"


def normalise(name) -> str:
    """« Saint-Rémy-de-Provence », « ST REMY DE PROVENCE » → « saint remy de provence »; « L'Alpe d'Huez » →
    « alpe d huez »."""
    text = unicodedata.normalize("NFKD", str(name).translate(LIGATURES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    words = (ABBREVIATIONS.get(w, w) for w in re.sub(r"[^a-z0-9]+", " ", text).split())
    return " ".join(w for w in words if w not in ARTICLES and not DROPPED.fullmatch(w))


def towns(cell) -> list[str]:
    """The towns a cell names: « AUBAGNE/PUYLOUBIER » → [« AUBAGNE », « PUYLOUBIER »]."""
    return [part for part in SEVERAL.split(str(cell).strip()) if part.strip()]


def _distance_at_most_one(a: str, b: str) -> bool:
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1 :] or a[i + 1 :] == b[i + 1 :]


@dataclass(frozen=True)
class Match:
    code: str | None  # the INSEE code of the commune (current, or a former one merged since), None if not found
    reason: str = ""  # why not, in French (empty when found)
    how: str = ""  # how it was found: « nom », « une des communes », « code postal », « début ou fin du nom »


@dataclass
class Communes:
    """The communes' names by département (``reference/communes-noms.csv``) and the départements' names."""

    names: pd.DataFrame  # code, nom, departement, ancienne (« oui »: a former commune), codes_postaux
    departements: pd.DataFrame  # code, nom
    _by_name: dict = field(init=False, repr=False)
    _by_postcode: dict = field(init=False, repr=False)
    _departements: dict = field(init=False, repr=False)

    def __post_init__(self):
        self._by_name, self._by_postcode = {}, {}
        for code, name, dep, former, postcodes in self.names[
            ["code", "nom", "departement", "ancienne", "codes_postaux"]
        ].itertuples(index=False):
            rank = 1 if former else 0
            self._by_name.setdefault((dep, normalise(name)), []).append((rank, code))
            for postcode in str(postcodes).split():
                self._by_postcode.setdefault((dep, postcode), set()).add((code, normalise(name), rank))
        self._departements = {normalise(n): c for c, n in self.departements[["code", "nom"]].itertuples(index=False)}
        self._known = set(self.names["departement"])

    def departement(self, name) -> str | None:
        """The code of a département named freely; None if none or several are that close."""
        key = normalise(name)
        if key in self._departements:
            return self._departements[key]
        near = {c for n, c in self._departements.items() if _distance_at_most_one(key, n)}
        return near.pop() if len(near) == 1 else None

    def covers(self, departement: str | None) -> bool:
        """Whether the reference has the communes of this département (those where a métropole has one)."""
        return departement in self._known

    def _by_whole_name(self, departement: str, name: str) -> str | None:
        hits = self._by_name.get((departement, normalise(name)))
        if not hits:
            return None
        best = min(rank for rank, _ in hits)
        codes = {code for rank, code in hits if rank == best}
        return codes.pop() if len(codes) == 1 else None

    def match(self, departement: str | None, cell, postcode: str = "") -> Match:
        """The commune of a town cell within a département (a code from ``departement``)."""
        if departement is None:
            return Match(None, NO_DEPARTMENT)
        code = self._by_whole_name(departement, cell)
        if code:
            return Match(code, how="nom")
        for part in towns(cell):
            code = self._by_whole_name(departement, part)
            if code:
                return Match(code, how="une des communes")
        postcode = str(postcode or "").strip()
        by_postcode = self._by_postcode.get((departement, postcode), set()) if postcode else set()
        current = {code for code, _, rank in by_postcode if rank == 0}
        if len(current) == 1:
            return Match(current.pop(), how="code postal")
        candidates = (
            {(code, name) for code, name, _ in by_postcode}
            if by_postcode
            else {(code, name) for (dep, name), hits in self._by_name.items() if dep == departement for _, code in hits}
        )
        for part in [cell, *towns(cell)]:
            key = normalise(part)
            if not key:
                continue
            found = {
                code
                for code, name in candidates
                if name.startswith(key + " ") or key.startswith(name + " ") or key.endswith(" " + name)
            }
            if len(found) == 1:
                return Match(found.pop(), how="début ou fin du nom")
            if len(found) > 1:
                return Match(None, SEVERAL_TOWNS)
        return Match(None, NO_TOWN)
