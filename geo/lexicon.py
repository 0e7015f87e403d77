"""Load the word lists from ``data/lexicon/`` and ``data/sources.csv``.

Shared by the place matcher (``geo.toponyms``: person titles and reporting
verbs tell people from places) and the extraction stage (``geo.extract``).

Every word the extraction stage reacts to (event triggers, reporting verbs,
modality cues, locative cues, actor names, person titles, news sources) is
a row in a CSV file with a note saying why it is there, in the manner of
PETRARCH's dictionaries. This module turns those rows into compiled phrase
patterns; it holds no vocabulary itself and does not look at article text.

Phrase syntax in the files: ``|`` separates alternatives, a space matches
any run of whitespace, and a trailing ``*`` matches the rest of a word
(``liberat*`` matches "liberated" and "liberation"). Matching is
case-insensitive and on word boundaries.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from geo import settings
from geo.errors import InputError

__all__ = ["Actor", "Cue", "Institution", "Source", "Trigger", "actors", "area_verbs", "locatives", "modality_cues", "institutions", "person_titles",
           "phrase_pattern", "reporting_verbs", "sources", "triggers"]


@dataclass(frozen=True)
class Trigger:
    """An event trigger: a family of words naming one kind of action (a frame)."""

    frame: str
    pattern: re.Pattern[str]
    event_type: str
    sub_event_type: str
    strength: str  # strong | weak | context | attribute
    note: str


@dataclass(frozen=True)
class Cue:
    """A word or phrase with the role it gives to what follows it."""

    text: str
    role: str
    pattern: re.Pattern[str]
    note: str


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
    parts = []
    for form in alternatives:
        stem, wild = (form[:-1], True) if form.endswith("*") else (form, False)
        body = r"\s+".join(re.escape(w) for w in stem.split())
        parts.append(body + (r"[\w-]*" if wild else ""))
    flags = 0 if case_sensitive else re.IGNORECASE
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w])", flags)


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
def triggers() -> tuple[Trigger, ...]:
    """Event triggers (``data/lexicon/triggers.csv``), in file order."""
    columns = ("frame", "forms", "event_type", "sub_event_type", "strength", "note")
    return tuple(
        Trigger(r["frame"], phrase_pattern(r["forms"]), r["event_type"], r["sub_event_type"], r["strength"], r["note"])
        for r in _rows(_lexicon("triggers.csv"), columns, phrases=("forms",))
    )


def _cues(name: str, key: str, role: str) -> tuple[Cue, ...]:
    rows = _rows(_lexicon(name), (key, role, "note"), phrases=(key,))
    return tuple(Cue(r[key], r[role], phrase_pattern(r[key]), r["note"]) for r in rows)


@lru_cache(maxsize=None)
def modality_cues() -> tuple[Cue, ...]:
    """Cues that make an action not (yet) a fact (``data/lexicon/modality.csv``)."""
    return _cues("modality.csv", "cue", "class")


@lru_cache(maxsize=None)
def reporting_verbs() -> tuple[Cue, ...]:
    """Reporting verbs with their stance: assert, deny, false (``data/lexicon/reporting.csv``)."""
    return _cues("reporting.csv", "form", "stance")


@lru_cache(maxsize=None)
def locatives() -> tuple[Cue, ...]:
    """Words before a place and the role they give it: event, near, passing."""
    return _cues("locatives.csv", "cue", "role")


@lru_cache(maxsize=None)
def area_verbs() -> tuple[Cue, ...]:
    """Verbs of holding, taking, retaking, losing and peak extent (``data/lexicon/area_verbs.csv``)."""
    return _cues("area_verbs.csv", "form", "stance")


@lru_cache(maxsize=None)
def person_titles() -> frozenset[str]:
    """Titles and ranks that make the next capitalised word a person's name."""
    return frozenset(r["title"].casefold() for r in _rows(_lexicon("person_titles.csv"), ("title", "note")))


@lru_cache(maxsize=None)
def actors() -> tuple[Actor, ...]:
    """Parties to events and the names that stand for them (``data/lexicon/actors.csv``)."""
    rows = _rows(_lexicon("actors.csv"), ("actor", "forms", "note"), phrases=("forms",))
    return tuple(Actor(r["actor"], phrase_pattern(r["forms"], case_sensitive=True)) for r in rows)


@lru_cache(maxsize=None)
def sources() -> tuple[Source, ...]:
    """Claimants: organisations, outlets and people (``data/sources.csv``)."""
    columns = ("name", "aliases", "side", "kind", "reliability", "valid_from", "valid_to", "reason")
    path = settings.DATA_DIR / "sources.csv"
    out = []
    for line, r in enumerate(_rows(path, columns, phrases=("name", "aliases")), start=2):
        try:
            start, end = (date.fromisoformat(r[c]) if r[c] else None for c in ("valid_from", "valid_to"))
        except ValueError:
            raise InputError(path, f"line {line}: valid_from/valid_to must be YYYY-MM-DD") from None
        out.append(Source(r["name"], phrase_pattern(r["name"] + "|" + r["aliases"]), r["side"], r["kind"],
                          r["reliability"], r["reason"], start, end))
    return tuple(out)


@lru_cache(maxsize=None)
def institutions() -> tuple[Institution, ...]:
    """Unqualified offices and their holder on each side (``data/lexicon/institutions.csv``)."""
    rows = _rows(_lexicon("institutions.csv"), ("form", "russia", "ukraine", "note"), phrases=("form",))
    return tuple(Institution(phrase_pattern(r["form"]), {"Russia": r["russia"], "Ukraine": r["ukraine"]})
                 for r in rows)
