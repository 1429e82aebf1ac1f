"""Is this festival (or place) one we already know? Candidates for « Même festival ? », « Même lieu ? ».

Names are compared folded (case, accents, punctuation, articles), without the words every
festival shares (« festival », « international », « rencontres »…) or every place may carry
(« salle », « espace »; the kind of place, « théâtre », « cinéma », stays: it tells places
apart), nor the name of its own commune (« Festival de Marseille » says little in Marseille),
with rapidfuzz. The website and the address, where both rows have one, are strong evidence:
with them a looser name is enough.
Two rows in different communes are candidates only with the same website and a close name (a
festival held in several communes, placed in another by the list); a row whose commune is unknown
is compared with every commune.

Every candidate pair is scored here, once, for festivals and places alike (``assess``): a score
from 0 to 100, the evidence for and against in plain French, and whether the evidence is decisive
(``sure``: the same name once case, accents, punctuation, articles and word order are set aside,
or a close name with the same website or address, in the same commune, with nothing against).
Sure pairs are answered together by a person, the others one by one: nothing is merged on a score
alone.
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
NAME_ALONE = 90  # a name this close is a candidate by itself (and, with the same site or address, sure)
WITH_EVIDENCE = 60  # a name this close is a candidate when the site or the address agree
GLUED_MIN_CHARS = 8  # a shared word this long is dropped where glued on (« HeroFestival »), « fest » is not
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


def compact(text: str) -> str:
    """The letters and digits of a text, folded: « JOURS [ET NUITS] DE CIRQUE(S) » is « joursetnuitsdecirques »."""
    return re.sub(r"[^a-z0-9]+", "", fold(text))


def retyped(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ only by case, accents, spacing or punctuation: not a change."""
    return compact(a) == compact(b)


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
    year: str = ""  # year of creation, "" when unknown
    ids: tuple[str, ...] = ()  # identifiers in the list it came from (Ministry, Basilic, Muséofile)

    @cached_property
    def tokens(self) -> tuple[str, ...]:
        """Distinctive words; a shared word glued on is dropped (« HeroFestival » is « hero »)."""
        glued = frozenset(w for w in self.generic if len(w) >= GLUED_MIN_CHARS)
        return tuple(_without((w for w in words(self.name) if w not in self.generic), glued))

    @cached_property
    def sorted_words(self) -> tuple[str, ...]:
        return tuple(sorted(words(self.name)))


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


@dataclass(frozen=True)
class Assessment:
    """How alike two rows are: what a person reads before answering « Même festival ? »."""

    score: float  # 0 to 100: the name's similarity, raised by what agrees, lowered by what differs
    name: float  # the name's similarity alone, 0 to 100
    sure: bool  # decisive evidence, nothing against: answered with the other sure pairs
    reasons: tuple[str, ...]  # French, for: « même site internet », « même commune »…
    against: tuple[str, ...] = ()  # French, against: « années de création différentes (1998 / 2004) »…


def _name_in_site(a: Row, b: Row, site: str) -> bool:
    """A distinctive word of a name inside the shared site's host (« Festival AFLAM », lesrencontresdaflam.fr)."""
    host = site.split("/")[0]
    return any(len(token) >= 4 and token in host for token in (*a.tokens, *b.tokens))


def assess(a: Row, b: Row, place_names: dict[str, str]) -> Assessment | None:
    """The score, reasons and certainty of the pair when ``a`` and ``b`` may be the same festival (or
    place), else None (not a candidate: never asked about)."""
    other_commune = bool(a.commune) and bool(b.commune) and a.commune != b.commune
    place = frozenset(words(" ".join(place_names.get(c, "") for c in {a.commune, b.commune} if c)))
    site_a, site_b = site_key(a.site), site_key(b.site)
    same_site = bool(site_a) and site_a == site_b
    if other_commune and not same_site:
        return None
    strict, loose = name_scores(a, b, place)
    same_words = a.sorted_words == b.sorted_words and bool(a.sorted_words)
    address_a, address_b = address_key(a.address, place), address_key(b.address, place)
    same_address = bool(address_a) and address_a == address_b
    if same_words:
        strict = loose = 100.0
    if other_commune:
        candidate = strict >= NAME_ALONE
        name = strict
    elif strict >= NAME_ALONE:
        candidate, name = True, strict
    elif (same_site or same_address) and loose >= WITH_EVIDENCE:
        candidate, name = True, loose
    else:
        candidate, name = same_site and _name_in_site(a, b, site_a), loose
    if not candidate:
        return None
    return _weighed(a, b, place_names, place, name, same_words, same_site, same_address, site_a, site_b)


def _weighed(
    a: Row,
    b: Row,
    place_names: dict[str, str],
    place: frozenset[str],
    name: float,
    same_words: bool,
    same_site: bool,
    same_address: bool,
    site_a: str,
    site_b: str,
) -> Assessment:
    reasons: list[str] = []
    against: list[str] = []
    if retyped(a.name, b.name):
        reasons.append("nom identique à la casse, aux accents et à la ponctuation près")
    elif same_words:
        reasons.append("mêmes mots du nom, dans un autre ordre ou sans article")
    core_a, core_b = sorted(_without(a.tokens, place)), sorted(_without(b.tokens, place))
    same_core = bool(core_a) and core_a == core_b
    if same_core and not same_words:
        reasons.append("même nom une fois mis de côté les mots courants (« festival »…) et la commune")
    elif not same_words:
        (reasons if name >= NAME_ALONE else against).append(
            f"noms {'proches' if name >= NAME_ALONE else 'différents'} ({name:.0f} % de ressemblance)"
        )
    score = name
    if same_site:
        reasons.append("même site internet")
        score += 15
        if name < WITH_EVIDENCE:
            reasons.append("le nom figure dans l'adresse du site")
    elif site_a and site_b:
        against.append("sites internet différents")
        score -= 20
    if same_address:
        reasons.append("même adresse")
        score += 10
    if a.commune and a.commune == b.commune:
        reasons.append("même commune")
    elif a.commune and b.commune:
        names = [place_names.get(c, c) for c in (a.commune, b.commune)]
        against.append(f"communes différentes ({names[0]} / {names[1]})")
        score -= 30
    else:
        against.append("commune non précisée d'un côté")
        score -= 10
    if a.year and a.year == b.year:
        reasons.append(f"même année de création ({a.year})")
        score += 5
    elif a.year and b.year:
        against.append(f"années de création différentes ({a.year} / {b.year})")
        score -= 25
    if a.ids and b.ids and not set(a.ids) & set(b.ids):
        against.append("identifiants différents dans la liste d'origine")
        score -= 30
    close = name >= NAME_ALONE and (same_site or same_address)
    agrees = same_site or same_address or (bool(a.year) and a.year == b.year)
    decisive = same_words or (same_core and agrees) or close
    sure = decisive and not against
    return Assessment(max(0.0, min(100.0, score)), name, sure, tuple(reasons), tuple(against))


def score(a: Row, b: Row, place_names: dict[str, str]) -> float | None:
    """The score of the pair when ``a`` and ``b`` may be the same festival (or place), else None."""
    found = assess(a, b, place_names)
    return None if found is None else found.score
