"""Is this festival (or place) one we already know? Candidates for « Même festival ? », « Même lieu ? ».

Names are compared folded (case, accents, punctuation, articles), without the words every
festival shares (« festival », « international », « rencontres »…) or every place may carry
(« salle », « espace »; the kind of place, « théâtre », « cinéma », stays: it tells places
apart), nor the name of its own commune (« Festival de Marseille » says little in Marseille),
with rapidfuzz. The website and the address, where both rows have one, are strong evidence:
with them a looser name is enough.
Two rows in different communes are never candidates; a row whose commune is unknown is
compared with every commune.

Only candidates come out of here: a person answers, nothing is merged on a score.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from urllib.parse import urlsplit

from rapidfuzz import fuzz

ARTICLES = frozenset("le la les l de du des d et en a au aux un une sur pour par c est the of and y".split())
# Words most festival names carry: they say nothing of which festival it is.
GENERIC = frozenset(
    """festival festivals fest international internationale internationaux internationales rencontre
    rencontres journee journees salon biennale edition annuel annuelle""".split()
    # "fest" stays distinctive inside a longer name ("web fest") only through the other words
)
# Words a place's name may carry or drop (« Salle Le Silo », « Le Silo »).
PLACE_GENERIC = frozenset("salle salles espace espaces lieu site complexe".split())
NAME_ALONE = 90  # a name this close is a candidate by itself
WITH_EVIDENCE = 60  # a name this close is a candidate when the site or the address agree
PARTIAL_MIN_CHARS = 10  # a name glued together (« CineHorizontes ») is looked for inside the other


def fold(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    return ascii_text


def words(text: str) -> list[str]:
    """Folded words, letters and digits apart (« SMR13 » is « smr 13 »), articles dropped."""
    return list(_words(str(text)))


@lru_cache(maxsize=65_536)
def _words(text: str) -> tuple[str, ...]:
    # The same names and communes are compared with many rows: folded once each.
    return tuple(w for w in re.findall(r"[a-z]+|[0-9]+", fold(text)) if w not in ARTICLES)


def site_key(url: str) -> str:
    """« https://www.festival-aix.com/ » and « festival-aix.com » are one site; a path is kept
    (a city's portal hosts many festivals, a programme page is not the festival's site)."""
    text = fold(url).strip()
    if not text or " " in text or "." not in text:
        return ""
    parts = urlsplit(text if "//" in text else "//" + text)
    host = (parts.hostname or "").removeprefix("www.")
    return host + parts.path.rstrip("/") if host else ""


def address_key(address: str, place: frozenset[str] = frozenset()) -> str:
    """Folded street without its number, postcode nor commune (``place``): « 5 Place Des carmes » and
    « Place des Carmes, 13100 Aix-en-Provence » agree."""
    kept = [w for w in words(address) if not w.isdigit() and w not in {"bis", "ter"} and w not in place]
    return " ".join(kept) if len(kept) >= 2 else ""


@dataclass(frozen=True)
class Row:
    """What the comparison reads of one row."""

    name: str
    commune: str = ""  # INSEE code, "" when unknown
    site: str = ""
    address: str = ""
    generic: frozenset[str] = GENERIC  # words that say nothing of which festival (or place) it is

    @cached_property
    def tokens(self) -> tuple[str, ...]:
        return tuple(w for w in words(self.name) if w not in self.generic)


def _without(tokens: Iterable[str], place: frozenset[str]) -> list[str]:
    """Tokens without the commune's own words, also where glued on (« FIDMarseille » is « fid »)."""
    out = []
    for token in tokens:
        if token in place:
            continue
        for word in place:
            if len(word) >= 4 and token != word and (token.startswith(word) or token.endswith(word)):
                token = token.removeprefix(word) if token.startswith(word) else token.removesuffix(word)
        if token:
            out.append(token)
    return out


def name_scores(a: Row, b: Row, place: frozenset[str] = frozenset()) -> tuple[float, float]:
    """(strict, loose), 0 to 100: how alike the two names are once shared and place words are set
    aside. Strict lets one name stand inside the other only when it has two words or more
    (« Les musiques » is not « Musiques interdites »); loose, read with a site or an address in
    common, lets a single word do (« Les Élancées » in « Festival des arts du geste, les Élancées »)."""
    ta, tb = _without(a.tokens, place), _without(b.tokens, place)
    if not ta or not tb:  # a name that is only its commune (« Festival d'Aix-en-Provence »)
        ta, tb = list(a.tokens), list(b.tokens)
        if not ta or not tb:
            return 0.0, 0.0
        both = fuzz.token_sort_ratio(" ".join(ta), " ".join(tb))
        return both, both
    joined_a, joined_b = " ".join(ta), " ".join(tb)
    strict = fuzz.token_sort_ratio(joined_a, joined_b)
    inside = fuzz.token_set_ratio(joined_a, joined_b)
    if min(len(ta), len(tb)) >= 2:
        strict = max(strict, inside)
    glued_a, glued_b = "".join(ta), "".join(tb)
    lone = (len(ta) == 1 and ta[0] in tb) or (len(tb) == 1 and tb[0] in ta)  # one word lost in a long name
    if min(len(glued_a), len(glued_b)) >= PARTIAL_MIN_CHARS and not lone:  # « Ciné horizontes », « CineHorizontes »
        strict = max(strict, fuzz.partial_ratio(glued_a, glued_b))
    return strict, max(strict, inside)


def evidence(a: Row, b: Row, place: frozenset[str] = frozenset()) -> bool:
    site_a, site_b = site_key(a.site), site_key(b.site)
    if site_a and site_a == site_b:
        return True
    address_a, address_b = address_key(a.address, place), address_key(b.address, place)
    return bool(address_a) and address_a == address_b


def score(a: Row, b: Row, place_names: dict[str, str]) -> float | None:
    """The name score when ``a`` and ``b`` may be the same festival (or place), else None."""
    if a.commune and b.commune and a.commune != b.commune:
        return None
    place = frozenset(words(" ".join(place_names.get(c, "") for c in {a.commune, b.commune} if c)))
    strict, loose = name_scores(a, b, place)
    if strict >= NAME_ALONE:
        return strict
    if loose >= WITH_EVIDENCE and evidence(a, b, place):
        return loose
    return None
