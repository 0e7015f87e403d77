"""Decide whether a trigger reports something that happened.

Speculation ("could launch"), forecasts ("are expected to bolster"),
conditionals ("if fighting erupts ... might withdraw") and negations ("did
not capture") are not events. The cues live in ``data/lexicon/modality.csv``
with their class. A cue governs a trigger when it comes before it in the
same clause, within a few words (a row's ``window`` may narrow that: an
infinitive "to" counts only right before the action); a cue of class
``condition`` ("if", "unless") governs its whole sentence, and a ``done``
phrase ("managed to") says the action was carried out, and an ``attempt``
("trying to retake") says the fighting happened but not the taking. A cue written with a capital in mid-sentence is a
name ("in May"), not a cue.

A noun for the fighting inside a prepositional phrase ("away from the
fighting in the Kursk region", "losses in the Kursk fighting") names the war
as a whole (``names_the_fighting``): no event unless it names a settlement;
after "during" or "amid" it is a time ("damaged during the fighting",
``dates_by_the_fighting``): no fight at any place.

This module only answers that question; it does not find triggers.
"""

from __future__ import annotations

import re

from geo import lexicon

__all__ = ["attempted", "dates_by_the_fighting", "names_the_fighting", "non_factual"]

CUE_WINDOW_WORDS = 6  # a modal verb governs the action within this many words after it
# "Fearing they would be encircled, Ukrainian soldiers left": a comma before a capitalised subject opens the main clause
_CLAUSE_BREAK = re.compile(r"[;:!?]|,\s+(?:but|while|although|though|and|as|after|when)\b|\s[-–—]\s|\bbut\b"
                           r"|,\s+(?=[A-Z])")
_WORD = re.compile(r"[\w’'-]+")


def non_factual(sentence: str, at: int) -> str:
    """The class of the cue that makes the action at offset ``at`` not a fact, or ''."""
    before = sentence[:at]
    clause_start = max((m.end() for m in _CLAUSE_BREAK.finditer(before)), default=0)
    for match, cue in lexicon.modality_cues().finditer(before):
        if _is_name(sentence, match.start()) or cue.role in ("done", "attempt"):
            continue  # "in May"; "managed to retake", "trying to retake" (the longer phrase wins over its "to")
        window = CUE_WINDOW_WORDS if cue.window is None else cue.window
        if cue.role == "condition" or (match.start() >= clause_start and _words_between(before, match.end()) <= window):
            return cue.role
    return ""


def attempted(sentence: str, at: int) -> bool:
    """Whether the action at offset ``at`` was only attempted ("trying to retake", "attempts to push into")."""
    before = sentence[:at]
    clause_start = max((m.end() for m in _CLAUSE_BREAK.finditer(before)), default=0)
    return any(cue.role == "attempt" and match.start() >= clause_start
               and _words_between(before, match.end()) <= CUE_WINDOW_WORDS
               for match, cue in lexicon.modality_cues().finditer(before))


def _words_between(before: str, cue_end: int) -> int:
    # an adverb does not part a cue from its action: "to completely liberate" is "to liberate"
    return sum(1 for word in _WORD.findall(before[cue_end:]) if not _ADVERB.fullmatch(word))


# "completely", "fully", "quickly"; lower case, so no name ("Italy"). Not "nearly", "partly", "largely": "troops
# used to nearly retake the region" tells what was (nearly) done, not an aim
_ADVERB = re.compile(r"(?!(?:nearly|partly|largely|mostly|only)\b)[a-z]{3,}ly")


def _is_name(sentence: str, at: int) -> bool:
    # "May" in "in May", "Will" as a name: capitalised, and not the sentence's first word.
    return sentence[at].isupper() and bool(sentence[:at].strip())


_FIGHTING_NOUN = re.compile(r"fighting|fight|fights|battle|battles|combat|hostilities", re.I)
_PREPOSITIONS = "from|during|in|of|about|amid|amidst|despite|to|for|into|on|since|throughout"
_TIME_PREPOSITIONS = "during|amid|amidst|throughout"  # the fighting as the time something else happened


def _after(prepositions: str) -> re.Pattern[str]:
    """A preposition, then up to two words, right before the noun ("from the fighting", "in the Kursk")."""
    return re.compile(rf"\b(?:{prepositions})\s+(?:the\s+|this\s+|that\s+)?(?:[\w’'-]+\s+){{0,2}}$", re.I)


_AFTER_PREPOSITION, _DURING = _after(_PREPOSITIONS), _after(_TIME_PREPOSITIONS)


def _fighting_after(sentence: str, start: int, end: int, before: re.Pattern[str]) -> bool:
    return _FIGHTING_NOUN.fullmatch(sentence, start, end) is not None \
        and before.search(sentence, max(0, start - 40), start) is not None


def dates_by_the_fighting(sentence: str, start: int, end: int) -> bool:
    """Whether the trigger is the fighting named as a time ("the church had its roof damaged during the
    fighting"): when something else happened, at any place, not a fight the sentence reports."""
    return _fighting_after(sentence, start, end, _DURING)


def names_the_fighting(sentence: str, start: int, end: int) -> bool:
    """Whether the trigger at ``start:end`` is a noun for the fighting after a preposition ("drew forces away
    from the fighting in the Kursk region", "lost 75,000 troops in the Kursk fighting"): the war named, not a
    fight reported."""
    return _fighting_after(sentence, start, end, _AFTER_PREPOSITION)
