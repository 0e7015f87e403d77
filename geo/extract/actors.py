"""Who acted: the parties to an event, and ACLED's sub-type for territory taken.

Actor names come from ``data/lexicon/actors.csv``. The side named before the
trigger is the one acting ("Russian forces retook ..."), a side after "by"
in a passive is too ("was retaken by Russian troops"), and for a strike a
side named after the trigger is its target ("drones hit Ukrainian vehicles").

ACLED codes a government taking back a place in its own country as
"Government regains territory" (Russia retaking Sudzha, Ukraine retaking a
Sumy village) and a foreign force taking a place as an armed clash. Which
government rules where is ``settings.GOVERNMENTS``. This module does not
find triggers, places or claims.
"""

from __future__ import annotations

import re

from geo import settings
from geo import lexicon
from geo.records import Place

# A relative clause in commas, between a subject and its verb: its words are not the action's.
RELATIVE_ASIDE = re.compile(r",\s+(?:which|who|whom|whose|where)\b[^,;:]{0,120},")
# "Sudzha, the largest town Ukraine had held in the Kursk region, had been retaken": a noun phrase set
# beside a name, between it and its verb; not a list's head ("the villages of A, B and C")
APPOSITIVE_ASIDE = re.compile(r",\s+(?:the|a|an)\s+(?!(?:villages|towns|settlements|communities|hromadas)\s+of\b)"
                              r"(?:[^,;:]|,\d{3}){1,120}?,(?!\d{3})")

__all__ = ["APPOSITIVE_ASIDE", "RELATIVE_ASIDE", "named_actors", "event_actors", "subject_before", "territory_sub_type", "is_deployment", "holder_after"]

TAKING_FRAMES = frozenset({"capture", "recapture", "take", "control", "fall", "claim_place"})
# Verbs of ground movement: an advance on enemy ground, a deployment on one's own.
MOVEMENT_FRAMES = frozenset({"enter", "advance"})
# A party right after one of these is an object ("wore down Ukrainian units", "attacked Russian positions", "had
# taken 594 Russian soldiers prisoner", a count between the verb and the demonym)
_OBJECT_BEFORE = re.compile(r"\b(?:(?:against|on|of|from|with|to|at|down|off|out|over|into|for|by|in|inside|near|across|"
                            r"within|about)\s+(?:the\s+)?|(?:[a-z]+ed|[a-z]+en)\s+(?:(?:the|some|about|over|nearly|almost|"
                            r"at\s+least|more\s+than)\s+)*(?:\d[\d,.]*\s+)?)$")
_BY_AGENT = re.compile(r"^\s*(?:[\w-]+\s+){0,3}?by\s+", re.I)
# "the Russian town of Sudzha", "Ukrainian territory": a demonym before a place noun says whose the place is
_PLACE_NOUN_AFTER = re.compile(r"\s+(?:border\s+)?(?:towns?|villages?|city|cities|settlements?|regions?|oblasts?|"
                               r"territory|soil|districts?|hromadas?|communities|community)\b", re.I)


def named_actors(text: str) -> list[str]:
    """The parties named in ``text``, in order of first mention, without repeats."""
    return list(dict.fromkeys(actor.name for _, actor in lexicon.actors().finditer(text)))


def subject_before(text: str) -> str:
    """The party acting in ``text``'s last clause: the last one named that is not an object, nor a
    place's nationality ("the Russian town of Sudzha, which they seized")."""
    found = sorted((m.start(), m.end(), a.name) for a in lexicon.actors() for m in a.pattern.finditer(text))
    subjects = [name for at, end, name in found if not _OBJECT_BEFORE.search(text[max(0, at - 25):at])
                and not _PLACE_NOUN_AFTER.match(text, end)]
    return subjects[-1] if subjects else ""


def event_actors(sentence: str, trigger_start: int, trigger_end: int, *, frame: str, event_type: str,
                 place: Place | None) -> tuple[str, str]:
    """(actor1, actor2) for the action at ``trigger_start:trigger_end``.

    actor1 acts: named before the trigger, or after "by" in a passive. For
    a retaking with no actor named, actor1 is the government of the place's
    country. actor2 is the other side named, or for a retaking the side that
    lost the place.
    """
    # "Gornal, which ... Ukrainian control, had been", "Sudzha, the largest town Ukraine had held, was"
    head = APPOSITIVE_ASIDE.sub(",", RELATIVE_ASIDE.sub(",", sentence[:trigger_start]))
    before, after = named_actors(head), named_actors(sentence[trigger_end:])
    agent = _passive_agent(sentence[trigger_end:])
    actor1 = agent or subject_before(head) or (before[-1] if before else "")
    if frame == "control":
        # "Yunakivka is under Ukrainian control", "in Russian hands", "under the control of Russian troops":
        # the holder the state names, whoever the sentence's subject is
        inside = named_actors(sentence[trigger_start:trigger_end])
        named = inside or (after[:1] if sentence[:trigger_end].rstrip().endswith(" of") else [])
        actor1 = named[0] if named else actor1
    if frame == "air_defence" and after:
        # "Russia intercepted four Ukrainian drones": the drones' owner struck, the defender was the target
        return after[0], next((a for a in (actor1, *before) if a and a != after[0]), "")
    if event_type == "Explosions/Remote violence":
        target = next((a for a in after if a != actor1), "")
        return actor1 or (before[0] if before else ""), target
    government = settings.GOVERNMENTS.get(place.country, "") if place is not None else ""
    if not actor1 and frame == "recapture":
        actor1 = government
    side = settings.ALLIES.get(actor1, actor1)
    others = [a for a in before + after if a and settings.ALLIES.get(a, a) != side]
    actor2 = others[0] if others else ""
    if frame in TAKING_FRAMES and government and side == government:
        # a government retaking its own ground takes it from the other side, whoever else is named
        actor2 = next((a for a in settings.GOVERNMENTS.values() if a != government), actor2)
    return actor1, actor2


def _passive_agent(after: str) -> str:
    match = _BY_AGENT.match(after)
    if match is None:
        return ""
    named = named_actors(after[match.end():match.end() + 40])
    return named[0] if named else ""


def territory_sub_type(sub_event_type: str, *, frame: str, actor1: str, place: Place | None) -> str:
    """ACLED sub-type of a capture: the government taking its own ground back regains territory."""
    if frame not in TAKING_FRAMES or place is None:
        return sub_event_type
    government = settings.GOVERNMENTS.get(place.country, "")
    if government and actor1 in _allied(government):
        return "Government regains territory"
    return "Armed clash"


def is_deployment(*, frame: str, actor1: str, place: Place | None) -> bool:
    """A force moving into a whole region of its own side's country is deployed, not attacking.

    "North Korean troops have reached the Kursk region" is a deployment; "Ukrainian
    troops reached the Kursk region" is an incursion, and reaching a settlement
    is an advance whoever makes it (the settlement may be held by the other side).
    """
    if frame not in MOVEMENT_FRAMES or place is None or not place.is_region or not actor1:
        return False
    government = settings.GOVERNMENTS.get(place.country, "")
    return bool(government) and actor1 in _allied(government)


def on_enemy_ground(*, actor1: str, place: Place | None) -> bool:
    """Whether the acting side is on the other side's ground: "Ukrainian troops are in Sudzha", "moved
    deeper into Russkaya Konopelka" is a ground presence or advance, not a deployment."""
    if place is None or not actor1:
        return False
    government = settings.GOVERNMENTS.get(place.country, "")
    side = settings.ALLIES.get(actor1, actor1)
    return bool(government) and side in settings.GOVERNMENTS.values() and side != government


def holder_after(control: str, actor1: str) -> str:
    """The side an action says holds its place afterwards: the taker of a place taken or held, the
    other side of one that withdrew; '' for a place entered or fought over (contested) or an
    unknown actor."""
    side = settings.ALLIES.get(actor1, actor1)
    if side not in settings.GOVERNMENTS.values():
        return ""
    if control in ("taken", "held"):
        return side
    if control == "withdrawn":
        return next((g for g in settings.GOVERNMENTS.values() if g != side), "")
    return ""


def _allied(government: str) -> tuple[str, ...]:
    return (government,) + tuple(a for a, g in settings.ALLIES.items() if g == government)
