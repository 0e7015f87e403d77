"""Find the event triggers of a sentence: the words that name an action.

Every match of every trigger in ``data/lexicon/triggers.csv`` is returned,
not just the first, so a sentence reporting a capture and a strike yields
both. Overlapping matches keep the longest ("drone strike" over "strike").
Whether a trigger reports a fact (and not a forecast) is
``geo.extract.modality``'s job; where it happened is ``geo.extract.location``'s.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from geo import lexicon
from geo.lexicon import Trigger

__all__ = ["TriggerHit", "find_triggers", "idiom_spans"]

# A determiner or possessive right before a participle makes it an adjective ("the recently seized
# village"); an adverb alone does not ("had recently seized", "has once more attacked").
_MODIFIER_BEFORE = re.compile(r"(?:\b(?:the|a|an|its|their|his|her|our|other|some|many|several|these|those|such|"
                              r"(?<!once\s)more|most)|[’']s)\s+"
                              r"(?:(?:newly|partly|recently|previously)\s+)?$", re.I)
_QUANTITY = re.compile(r"\s+(?:about\s+|around\s+|nearly\s+|almost\s+|just\s+)?(?:\d|zero\b|nil\b|a\s+low\b|a\s+record\b|"
                       r"half\b|a\s+third\b|a\s+quarter\b)", re.I)
STRENGTH_ORDER = {"strong": 0, "object": 1, "subject": 1, "weak": 2, "context": 3, "attribute": 4}  # "none": idioms


@dataclass(frozen=True)
class TriggerHit:
    """One trigger word in a sentence (offsets within the sentence)."""

    trigger: Trigger
    start: int
    end: int
    text: str

    @property
    def rank(self) -> tuple[int, int]:
        """Lower is stronger: strength class, then the lexicon's order."""
        return STRENGTH_ORDER.get(self.trigger.strength, 9), lexicon.triggers().items.index(self.trigger)


def find_triggers(sentence: str) -> list[TriggerHit]:
    """Every trigger in ``sentence``, in text order, without overlaps.

    A participle used as an adjective ("Ukraine's captured Kursk region",
    "the occupied territories") describes a state, not an action: no trigger.
    """
    return [hit for hit in _scan(sentence) if hit.trigger.strength != "none" and not _adjectival(sentence, hit)
            and not _quantity_after(sentence, hit)]


def idiom_spans(sentence: str) -> list[tuple[int, int]]:
    """Where the sentence holds an idiom that names no action ("took Moscow by surprise"): a place
    inside one is its object, not where anything happened."""
    return [(hit.start, hit.end) for hit in _scan(sentence) if hit.trigger.strength == "none"]


@lru_cache(maxsize=256)  # the pipeline asks for a sentence's idioms, then for its triggers
def _scan(sentence: str) -> tuple[TriggerHit, ...]:
    # one regex: longest match, no overlaps
    return tuple(TriggerHit(t, m.start(), m.end(), m.group(0)) for m, t in lexicon.triggers().finditer(sentence))


def _quantity_after(sentence: str, hit: TriggerHit) -> bool:
    """"Transit requests fell to zero", "losses fell to 200": a figure falling, not a place falling to a side."""
    return hit.text.lower().endswith(" to") and bool(_QUANTITY.match(sentence, hit.end))


# "air assault brigades", "an assault regiment", "combat units": a noun naming a kind of unit, not an action
_UNIT_AFTER = re.compile(r"\s+(?:brigades?|regiments?|battalions?|divisions?|detachments?|compan(?:y|ies)|units?|"
                         r"troops|forces|aviation|helicopters?|vehicles?)\b", re.I)


def _adjectival(sentence: str, hit: TriggerHit) -> bool:
    if " " not in hit.text and not hit.text.lower().endswith(("ed", "ing")) and _UNIT_AFTER.match(sentence, hit.end):
        return True
    return hit.text.lower().endswith("ed") and " " not in hit.text and bool(_MODIFIER_BEFORE.search(sentence[:hit.start]))
