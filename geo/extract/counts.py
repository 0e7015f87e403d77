"""Counted places: "liberated 10 settlements", and the lists that name them.

A taking of a number of places may name them in the same sentence ("took
four more villages -- A, B, C and D --") or in the next ("It named them as
A, B and C"); each named place becomes its own action.
"""

from __future__ import annotations

import re
from dataclasses import replace

from geo.extract.actions import Action, actions_at
from geo.extract.actors import TAKING_FRAMES
from geo.extract.figures import NUMBER_WORD, numbers_as_digits
from geo.extract.location import Located, unknown_places, usable_mentions
from geo.extract.triggers import TriggerHit
from geo.records import Mention, TimeSpan

# Counts of places, shared by the patterns below: "10 settlements", "three more villages".
_COUNT = rf"(?:\d+|{NUMBER_WORD})"
_PLACES = r"(?:settlements|villages|towns|localities|hamlets)\b"
_MORE = r"(?:more\s+|other\s+|further\s+)?"
# "liberated 10 settlements", "took three more villages", "won back another two settlements", "freed
# some 12 villages": a count of places, named in a later sentence
_BEFORE_COUNT = r"(?:the\s+|another\s+|a\s+further\s+|some\s+|at\s+least\s+|over\s+|more\s+than\s+)?"
COUNT_OF_PLACES = re.compile(rf"\s+{_BEFORE_COUNT}{_COUNT}\s+{_MORE}{_PLACES}", re.I)
# "some 44 settlements had been freed": a count of the places taken is a figure of the taking.
PLACES_COUNTED = re.compile(rf"\b(?:{_COUNT}|dozens\s+of|scores\s+of|several)\s+"
                             rf"(?:(?:more|other|further|border|small|frontline)\s+)*{_PLACES}", re.I)
# After "took four villages": the list that names them, and where it ends.
_LIST_OPENS = re.compile(r"\s*(?:--|[–—:(]|,\s*(?:including|namely|among them|such as))\s*", re.I)
# "dealt blows to Ukrainian units around 14 other settlements:": the count a few words on, after a locative.
_COUNT_AFTER_LOCATIVE = re.compile(rf"[^,;:.]{{0,40}}?\b(?:around|in|near|at)\s+(?:the\s+)?{_COUNT}\s+{_MORE}{_PLACES}",
                                   re.I)
_LIST_AFTER = re.compile(r"\s*(?::|\s--|\s[-–—])\s+(?=[A-Z])")  # "... in February - Pogrebki, Orlovka"
# "more than 1,100 km² were freed, among them villages such as A, B and C": the places of a counted
# taking named a few words after it
_LIST_NAMED = re.compile(rf",\s*(?:including|among\s+them|namely)(?:\s+(?:the\s+)?{_PLACES}(?:\s+of)?)?"
                         r"(?:\s+such\s+as)?\s+(?=[A-Z])", re.I)
NAMED_LIST_CHARS = 60  # how far after its trigger such a list may open
# "struck two settlements in the region early on Wednesday, Shebekino and Ustinka": an apposition after a
# comma is the count's list only when it names as many places as were counted.
_APPOSITION = re.compile(r"[^,;:.]{0,50}?,\s+(?=[A-Z])")
_ANY_COUNT = re.compile(rf"\b{_COUNT}\b", re.I)
_LIST_CLOSES = re.compile(r"\s(?:--|[–—])\s|[;)]|\.\s")
ENUMERATED = "action from the sentence before, which counted the places this one names"


def counted_taking(sentence: str, hits: list[TriggerHit], actions: list[Action],
                   when: TimeSpan) -> tuple[TriggerHit, TimeSpan] | None:
    """A taking of a number of places the sentence does not name ("liberated 10 settlements"), or None."""
    if any(not a.mention.place.is_region for a in actions):  # type: ignore[union-attr]
        return None
    for hit in hits:
        if hit.trigger.frame in TAKING_FRAMES and COUNT_OF_PLACES.match(sentence, hit.end):
            return hit, when
    return None


def enumerated_actions(sentence: str, offset: int, here: list[Mention], cut: int,
                       counted: tuple[TriggerHit, TimeSpan], focus: Mention | None) -> list[Action]:
    """The places a sentence lists after a counted taking ("It named them as A, B and C"): one event each."""
    usable = usable_mentions(sentence, offset, here, dateline_end=cut)
    listed = [loc for loc in usable if not loc.is_region] + unknown_places(sentence, offset, here)
    if len(listed) < 2:
        return []
    note = ENUMERATED
    region = [loc for loc in usable if loc.is_region][:1]
    return [replace(a, place_note="; ".join(filter(None, (note, a.place_note))))
            for a in actions_at(counted[0], sorted(listed, key=lambda loc: loc.start) + region, focus)]


def listed_after_count(sentence: str, offset: int, here: list[Mention], cut: int, hits: list[TriggerHit],
                        actions: list[Action], focus: Mention | None) -> list[Action]:
    """Places an action lists in its own sentence after counting them.

    "took four more villages -- A, B, C and D --", "Five localities were won back in February - A, B
    and C", "dealt blows to Ukrainian units around 14 other settlements: A, B ...": a number before
    the list says the list is of the action's places.
    """
    taken = {a.key for a in actions}
    for hit in hits:
        if hit.trigger.strength in ("context", "attribute"):
            continue
        count = COUNT_OF_PLACES.match(sentence, hit.end) or _COUNT_AFTER_LOCATIVE.match(sentence, hit.end)
        marker = (_LIST_OPENS.match(sentence, count.end()) or _LIST_AFTER.search(sentence, count.end(), count.end() + 40)
                  if count else _LIST_AFTER.search(sentence, hit.end)
                  or _LIST_NAMED.search(sentence, hit.end, hit.end + NAMED_LIST_CHARS))
        apposed = marker is None and count is not None
        if apposed:
            marker = _APPOSITION.match(sentence, count.end())
        if marker is None or not (count or _ANY_COUNT.search(sentence, 0, marker.start())):
            continue
        if any(hit.end <= other.start < marker.start() for other in hits):
            continue  # the list belongs to the action nearer it
        close = _LIST_CLOSES.search(sentence, marker.end())
        stop = close.start() if close else len(sentence)
        usable = usable_mentions(sentence, offset, here, dateline_end=cut)
        listed = [loc for loc in usable + unknown_places(sentence, offset, here)
                  if marker.end() <= loc.start < stop and not loc.is_region]
        if apposed and not _names_as_many(sentence[marker.end():stop], count.group(0), listed):
            continue
        note = "one of the places the sentence lists after counting them"
        return [replace(a, place_note="; ".join(filter(None, (note, a.place_note))))
                for a in actions_at(hit, sorted(listed, key=lambda loc: loc.start), focus) if a.key not in taken]
    return []


def _names_as_many(apposition: str, count: str, listed: list[Located]) -> bool:
    """Whether a comma's apposition is the counted list: as many places as counted, joined by "and"."""
    number = re.search(r"\d+", numbers_as_digits(count))
    return number is not None and int(number.group(0)) == len(listed) >= 2 and " and " in apposition
