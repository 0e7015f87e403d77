"""Load the word lists from ``data/lexicon/`` and ``data/sources.csv``.

Shared by the place matcher (``geo.toponyms``: person titles and reporting
verbs tell people from places) and the extraction stage (``geo.extract``).

Every word the extraction stage reacts to (event triggers, reporting verbs,
modality cues, locative cues, actor names, person titles, news sources) is
a row in a CSV file with a note saying why it is there, in the manner of
PETRARCH's dictionaries. This module turns those rows into compiled phrase
patterns; it holds no vocabulary itself and does not look at article text.

Phrase syntax in the files: ``|`` separates alternatives, a space matches
any run of whitespace, a trailing ``*`` matches the rest of a word
(``liberat*`` matches "liberated" and "liberation"), and a ``~`` between
words matches up to four words ("drove ~ out of" matches "drove the
Ukrainians out of"). Matching is
case-insensitive and on word boundaries.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Generic, TypeVar

from geo import settings
from geo.errors import InputError

T = TypeVar("T")
FOUND_MEMO = 2048  # texts whose matches a PhraseSet remembers (a few articles' sentences)

__all__ = ["Actor", "Cue", "Institution", "PhraseSet", "Source", "Trigger", "actors", "area_verbs", "institutions",
           "locatives", "modality_cues", "name_heads", "person_titles", "phrase_pattern", "recap_labels",
           "reporting_verbs", "sources", "triggers"]


# What an action says about who holds its place (triggers.csv's `control`; '' for strikes, deployments ...).
CONTROL_STANCES = ("", "taken", "held", "entered", "fighting", "withdrawn")


@dataclass(frozen=True)
class Trigger:
    """An event trigger: a family of words naming one kind of action (a frame)."""

    frame: str
    pattern: re.Pattern[str]
    event_type: str
    sub_event_type: str
    strength: str  # strong | object | subject | weak | context | attribute | none (an idiom, dropped)
    note: str
    control: str = ""  # what the action says of a place's control: taken | held | entered | fighting | withdrawn


@dataclass(frozen=True)
class Cue:
    """A word or phrase with the role it gives to what follows it."""

    text: str
    role: str
    pattern: re.Pattern[str]
    note: str
    marks_place: bool = False  # locatives: an unknown capitalised word after it is reported as a place
    window: int | None = None  # modality: words it may stand before the action (None: the default)


@dataclass(frozen=True)
class Actor:
    """A party to events, with the names that stand for it."""

    name: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class Source:
    """An organisation, outlet or person that makes claims (``data/sources.csv``)."""

    name: str
    pattern: re.Pattern[str]
    side: str
    kind: str
    reliability: str
    reason: str
    valid_from: date | None = None  # holders of an office change: "Kursk governor"
    valid_to: date | None = None

    def valid_on(self, day: date) -> bool:
        """Whether this source held its role (and aliases) on ``day``."""
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class Institution:
    """An unqualified office ("the defence ministry") and who it is on each side."""

    pattern: re.Pattern[str]
    by_side: dict[str, str]
    regional: str = ""  # "{region} governor": the office is per region, named so in data/sources.csv


GAP = "~"  # in a phrase, up to four words of any kind ("pushed ~ out of": "pushed the Ukrainians almost entirely out of")
LONG_GAP = "~~"  # up to twelve words, for a phrase whose ends are rare together ("put ~~ at" a figure)
_GAP_WORDS = r"\s+(?:(?:\d[\d,.]*\d|[\w’'-]+)\s+){0,4}"  # a number with separators is one word ("10,000")
# a list's commas too ("sent two tanks, a dozen armoured vehicles and a team toward"), but no word that opens
# another clause ("sent to Russia, with many heading toward")
_LONG_GAP_WORDS = r"\s+(?:(?!(?:with|while|which|who|but|where|when)\b)(?:\d[\d,.]*\d|[\w’'-]+),?\s+){0,12}?"
_GAPS = {GAP: _GAP_WORDS, LONG_GAP: _LONG_GAP_WORDS}


def phrase_pattern(forms: str, *, case_sensitive: bool = False) -> re.Pattern[str]:
    """One regex for ``|``-separated phrases, longest first, on word boundaries.

    Raises
    ------
    ValueError
        When a ``*`` stands anywhere but at the end of a phrase.
    """
    alternatives = sorted({f.strip() for f in forms.split("|") if f.strip()}, key=len, reverse=True)
    misplaced = [f for f in alternatives if "*" in f[:-1]]
    if misplaced:
        raise ValueError(f"'*' only ends a phrase: {', '.join(misplaced)}")
    loose = [f for f in alternatives if f.split()[0] in _GAPS or f.split()[-1] in _GAPS]
    if loose:
        raise ValueError(f"'{GAP}' and '{LONG_GAP}' stand between words, never first or last: {', '.join(loose)}")
    return _compile([_regex(form) for form in alternatives], case_sensitive=case_sensitive)


def _regex(form: str) -> str:
    stem, wild = (form[:-1], True) if form.endswith("*") else (form, False)
    words = stem.split()
    out = re.escape(words[0])
    for before, word in zip(words, words[1:]):
        if word in _GAPS:
            out += _GAPS[word]
        else:
            out += ("" if before in _GAPS else r"\s+") + re.escape(word)
    return out + (r"[\w-]*" if wild else "")


def _compile(parts: list[str], *, case_sensitive: bool = False) -> re.Pattern[str]:
    flags = 0 if case_sensitive else re.IGNORECASE
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w])", flags)


class PhraseSet(Generic[T]):
    """A lexicon's entries with one regex for all their phrases.

    Matching one pattern per sentence instead of one per entry keeps the
    extraction fast; each match is handed back with the entry it belongs
    to (the first in file order whose own pattern matches it in full).
    Iterating yields the entries.
    """

    def __init__(self, items: Sequence[T], forms: Sequence[str], *, case_sensitive: bool = False) -> None:
        self.items = tuple(items)
        # longest first, then alphabetical: a set's order changes with the hash seed, and the regex takes
        # the first alternative that matches, so ties must be broken the same way on every run
        alternatives = sorted({f.strip() for text in forms for f in text.split("|") if f.strip()},
                              key=lambda f: (-len(f), f))
        self.pattern = _compile([_regex(f) for f in alternatives], case_sensitive=case_sensitive)
        self._owners: dict[str, tuple[T, ...]] = {}
        self._found: dict[str, list[tuple[re.Match[str], T]]] = {}
        self._before: re.Pattern[str] | None = None

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def finditer(self, text: str) -> list[tuple[re.Match[str], T]]:
        """Every match in ``text`` with its entry, in text order.

        Memoised per text: several components read the same sentence.
        """
        found = self._found.get(text)
        if found is None:
            found = [(m, o) for m in self.pattern.finditer(text) for o in [self.owner(m.group(0))] if o is not None]
            if len(self._found) >= FOUND_MEMO:
                self._found.clear()
            self._found[text] = found
        return found

    def match(self, text: str, pos: int = 0) -> tuple[re.Match[str], T] | None:
        """The match starting at ``pos``, with its entry, or None."""
        match = self.pattern.match(text, pos)
        owner = self.owner(match.group(0)) if match else None
        return (match, owner) if match and owner is not None else None

    def just_before(self, text: str, pos: int, *, window: int = 40) -> tuple[re.Match[str], T] | None:
        """The entry whose phrase ends right before ``pos`` (an optional "the" between), or None."""
        if self._before is None:
            self._before = re.compile(r"(?:" + self.pattern.pattern + r")\s+(?:the\s+)?$", self.pattern.flags)
        match = self._before.search(text, max(0, pos - window), pos)
        if match is None:
            return None
        owner = self.owner(match.group(0).rsplit(None, 1)[0] if match.group(0).split()[-1].casefold() == "the"
                           else match.group(0).strip())
        return (match, owner) if owner is not None else None

    def owner(self, text: str) -> T | None:
        """The first entry whose own pattern matches ``text`` in full."""
        owners = self.owners(text)
        return owners[0] if owners else None

    def owners(self, text: str) -> tuple[T, ...]:
        """Every entry whose own pattern matches ``text`` in full, in file order."""
        key = " ".join(text.split())
        if key not in self._owners:
            self._owners[key] = tuple(i for i in self.items if i.pattern.fullmatch(key))  # type: ignore[attr-defined]
        return self._owners[key]


def _rows(path: Path, columns: tuple[str, ...], *, phrases: tuple[str, ...] = ()) -> list[dict[str, str]]:
    """The file's rows; InputError naming the file and line for a missing column or a bad phrase."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in columns if c not in (reader.fieldnames or ())]
            if missing:
                raise InputError(path, f"missing columns {', '.join(missing)}")
            rows = list(reader)
    except (OSError, UnicodeDecodeError, csv.Error) as err:
        raise InputError(path, f"lexicon not readable: {err}") from None
    for line, row in enumerate(rows, start=2):
        if any(row.get(c) is None or not row[c].strip() for c in columns[:1]):
            raise InputError(path, f"line {line}: empty {columns[0]}")
        for column in phrases:
            try:
                phrase_pattern(row[column] or "")
            except ValueError as err:
                raise InputError(path, f"line {line}, column {column}: {err}") from None
    return rows


def _lexicon(name: str) -> Path:
    return settings.DATA_DIR / "lexicon" / name


@lru_cache(maxsize=None)
def triggers() -> PhraseSet[Trigger]:
    """Event triggers (``data/lexicon/triggers.csv``), in file order."""
    columns = ("frame", "forms", "event_type", "sub_event_type", "strength", "control", "note")
    rows = _rows(_lexicon("triggers.csv"), columns, phrases=("forms",))
    for line, row in enumerate(rows, start=2):
        if row["control"] not in CONTROL_STANCES:
            allowed = ", ".join(repr(s) for s in CONTROL_STANCES)
            raise InputError(_lexicon("triggers.csv"), f"line {line}: control {row['control']!r} is not one of {allowed}")
    return PhraseSet([Trigger(r["frame"], phrase_pattern(r["forms"]), r["event_type"], r["sub_event_type"],
                              r["strength"], r["note"], r["control"]) for r in rows], [r["forms"] for r in rows])


def _cues(name: str, key: str, role: str) -> PhraseSet[Cue]:
    rows = _rows(_lexicon(name), (key, role, "note"), phrases=(key,))
    return PhraseSet([Cue(r[key], r[role], phrase_pattern(r[key]), r["note"]) for r in rows], [r[key] for r in rows])


@lru_cache(maxsize=None)
def speaker_groups() -> PhraseSet[Cue]:
    """Plural nouns naming a group of speakers ("Western officials said"; ``data/lexicon/speaker_groups.csv``)."""
    return _cues("speaker_groups.csv", "form", "role")


@lru_cache(maxsize=None)
def tally_cues() -> PhraseSet[Cue]:
    """Phrases that make a casualty figure a running total, not one event's (``data/lexicon/tallies.csv``)."""
    return _cues("tallies.csv", "form", "role")


@lru_cache(maxsize=None)
def modality_cues() -> PhraseSet[Cue]:
    """Cues that make an action not (yet) a fact (``data/lexicon/modality.csv``)."""
    path = _lexicon("modality.csv")
    rows = _rows(path, ("cue", "class", "window", "note"), phrases=("cue",))
    for line, r in enumerate(rows, start=2):
        if r["window"] and not r["window"].isdigit():
            raise InputError(path, f"line {line}: window must be a whole number of words or empty")
    return PhraseSet([Cue(r["cue"], r["class"], phrase_pattern(r["cue"]), r["note"],
                          window=int(r["window"]) if r["window"] else None) for r in rows], [r["cue"] for r in rows])


@lru_cache(maxsize=None)
def reporting_verbs() -> PhraseSet[Cue]:
    """Reporting verbs with their stance: assert, deny, false (``data/lexicon/reporting.csv``)."""
    return _cues("reporting.csv", "form", "stance")


@lru_cache(maxsize=None)
def locatives() -> PhraseSet[Cue]:
    """Words before a place and the role they give it: event, near, passing."""
    rows = _rows(_lexicon("locatives.csv"), ("cue", "role", "marks_place", "note"), phrases=("cue",))
    return PhraseSet([Cue(r["cue"], r["role"], phrase_pattern(r["cue"]), r["note"], r["marks_place"] == "yes")
                      for r in rows], [r["cue"] for r in rows])


@lru_cache(maxsize=None)
def area_verbs() -> PhraseSet[Cue]:
    """Verbs of holding, taking, retaking, losing and peak extent (``data/lexicon/area_verbs.csv``)."""
    return _cues("area_verbs.csv", "form", "stance")


@lru_cache(maxsize=None)
def victims() -> PhraseSet[Cue]:
    """Nouns naming who was killed or hurt when that makes the event an attack on civilians (``data/lexicon/victims.csv``)."""
    return _cues("victims.csv", "form", "role")


@lru_cache(maxsize=None)
def name_heads() -> PhraseSet[Cue]:
    """Nouns after a capitalised name that make it a unit, street, route or feature (``data/lexicon/name_heads.csv``)."""
    return _cues("name_heads.csv", "head", "kind")


@lru_cache(maxsize=None)
def person_titles() -> frozenset[str]:
    """Titles and ranks that make the next capitalised word a person's name."""
    return frozenset(r["title"].casefold() for r in _rows(_lexicon("person_titles.csv"), ("title", "note")))


@lru_cache(maxsize=None)
def actors() -> PhraseSet[Actor]:
    """Parties to events and the names that stand for them (``data/lexicon/actors.csv``)."""
    rows = _rows(_lexicon("actors.csv"), ("actor", "forms", "note"), phrases=("forms",))
    return PhraseSet([Actor(r["actor"], phrase_pattern(r["forms"], case_sensitive=True)) for r in rows],
                     [r["forms"] for r in rows], case_sensitive=True)


@lru_cache(maxsize=None)
def sources() -> PhraseSet[Source]:
    """Claimants: organisations, outlets and people (``data/sources.csv``)."""
    columns = ("name", "aliases", "side", "kind", "reliability", "valid_from", "valid_to", "reason")
    path = settings.DATA_DIR / "sources.csv"
    out, forms = [], []
    for line, r in enumerate(_rows(path, columns, phrases=("name", "aliases")), start=2):
        try:
            start, end = (date.fromisoformat(r[c]) if r[c] else None for c in ("valid_from", "valid_to"))
        except ValueError:
            raise InputError(path, f"line {line}: valid_from/valid_to must be YYYY-MM-DD") from None
        aliases = "|".join([r["aliases"], *(v for a in r["aliases"].split("|") for v in regional_variants(a.strip()))])
        out.append(Source(r["name"], phrase_pattern(r["name"] + "|" + aliases), r["side"], r["kind"],
                          r["reliability"], r["reason"], start, end))
        forms.append(r["name"] + "|" + aliases)
    return PhraseSet(out, forms)


_PLACE_OFFICE = re.compile(r"(?P<acting>acting )?(?P<place>[A-Z][\w-]+) (?P<office>governor)", re.I)
_OFFICE_OF_PLACE = re.compile(r"(?P<office>governor) of (?P<place>[A-Z][\w-]+)", re.I)


def regional_variants(alias: str) -> list[str]:
    """The other ways news writes a regional office an alias names: "Kursk governor" is also "Kursk
    region's governor", "Kursk Oblast governor" and "the Kursk regional governor"; "governor of Kursk"
    is also "governor of the Kursk region", and a governor is "the head of the Kursk region"."""
    found = _PLACE_OFFICE.fullmatch(alias)
    if found and found.group("place")[0].isupper():
        acting, place, office = found.group("acting") or "", found.group("place"), found.group("office")
        heads = [f"{place} region's", f"{place} Oblast's", f"{place} region", f"{place} Oblast", f"{place} regional"]
        return [f"{acting}{head} {office}" for head in heads]
    found = _OFFICE_OF_PLACE.fullmatch(alias)
    if found and found.group("place")[0].isupper():
        office, place = found.group("office"), found.group("place")
        return [f"{o} of {the}{place} {unit}" for o in (office, "head") for the in ("the ", "") for unit in ("region", "Oblast")]
    return []


@lru_cache(maxsize=None)
def anaphora() -> PhraseSet[Cue]:
    """Words that stand for the last claimant named: "it said", "the channel said" (``data/lexicon/anaphora.csv``)."""
    rows = _rows(_lexicon("anaphora.csv"), ("form", "note"), phrases=("form",))
    return PhraseSet([Cue(r["form"], "anaphor", phrase_pattern(r["form"]), r["note"]) for r in rows],
                     [r["form"] for r in rows])


@lru_cache(maxsize=None)
def place_anaphora() -> PhraseSet[Cue]:
    """Definite nouns that stand for the last settlement named: "out of the village"
    (``data/lexicon/place_anaphora.csv``)."""
    rows = _rows(_lexicon("place_anaphora.csv"), ("form", "note"), phrases=("form",))
    return PhraseSet([Cue(r["form"], "place", phrase_pattern(r["form"]), r["note"]) for r in rows],
                     [r["form"] for r in rows])


@lru_cache(maxsize=None)
def recap_labels() -> re.Pattern[str]:
    """Labels that open a page's recap, followed by a colon: "Background:", "Earlier:"
    (``data/lexicon/recap_labels.csv``)."""
    rows = _rows(_lexicon("recap_labels.csv"), ("form", "note"), phrases=("form",))
    forms = phrase_pattern("|".join(r["form"] for r in rows)).pattern
    return re.compile(r"^\W*" + forms + r"\s*:", re.IGNORECASE)


@lru_cache(maxsize=None)
def region_anaphora() -> PhraseSet[Cue]:
    """Definite nouns that stand for the last oblast, district or hromada named: "in the region"; the cue's
    role is the unit, ``region`` or ``area`` (``data/lexicon/region_anaphora.csv``)."""
    rows = _rows(_lexicon("region_anaphora.csv"), ("form", "unit", "note"), phrases=("form",))
    return PhraseSet([Cue(r["form"], r["unit"], phrase_pattern(r["form"]), r["note"]) for r in rows],
                     [r["form"] for r in rows])


@lru_cache(maxsize=None)
def place_plurals() -> PhraseSet[Cue]:
    """Plural nouns for several places taken together: "won back five settlements"
    (``data/lexicon/place_plurals.csv``)."""
    rows = _rows(_lexicon("place_plurals.csv"), ("form", "note"), phrases=("form",))
    return PhraseSet([Cue(r["form"], "places", phrase_pattern(r["form"]), r["note"]) for r in rows],
                     [r["form"] for r in rows])


@lru_cache(maxsize=None)
def weapons() -> PhraseSet[Cue]:
    """Weapons that make people's deaths a strike's ("killed by drones"); the cue's role is the ACLED
    sub-event type of that strike (``data/lexicon/weapons.csv``)."""
    rows = _rows(_lexicon("weapons.csv"), ("form", "sub_event_type", "note"), phrases=("form",))
    return PhraseSet([Cue(r["form"], r["sub_event_type"], phrase_pattern(r["form"]), r["note"]) for r in rows],
                     [r["form"] for r in rows])


@lru_cache(maxsize=None)
def state_voices() -> PhraseSet[Cue]:
    """States that speak through an office when they are a reporting subject (``data/lexicon/state_voices.csv``).

    The cue's ``role`` is the claimant ("Russia said" -> "Russian Ministry of Defence"). Case-sensitive:
    these are proper names.
    """
    rows = _rows(_lexicon("state_voices.csv"), ("form", "claimant", "note"), phrases=("form",))
    return PhraseSet([Cue(r["form"], r["claimant"], phrase_pattern(r["form"], case_sensitive=True), r["note"])
                      for r in rows], [r["form"] for r in rows], case_sensitive=True)


@lru_cache(maxsize=None)
def institutions() -> tuple[Institution, ...]:
    """Unqualified offices and their holder on each side (``data/lexicon/institutions.csv``)."""
    rows = _rows(_lexicon("institutions.csv"), ("form", "russia", "ukraine", "regional", "note"), phrases=("form",))
    return tuple(Institution(phrase_pattern(r["form"]), {"Russia": r["russia"], "Ukraine": r["ukraine"]},
                             r["regional"]) for r in rows)
