"""Which action happened where: each trigger of a sentence paired with its places.

One ``Action`` per trigger and place: the places its clause governs
(``geo.extract.location``), else the place of the sentence's other action,
else "the village" named before, else, for a strong action with its own date
or figure, the narrative's last place or the article's region. At each place
the strongest trigger wins. This module builds no ``Event``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Sequence

from geo import lexicon
from geo.extract.actors import TAKING_FRAMES
from geo.extract.location import Located, clause_places, own_container, passing_antecedent, unknown_places, usable_mentions
from geo.extract.narrative import Narrative
from geo.extract.triggers import TriggerHit
from geo.extract.when import relative_clause
from geo.records import Mention
from geo.toponyms import evidential, geo_precision

_PARENTHETICAL_BEFORE = re.compile(r",\s*[\w’' -]{1,30}$")
_SUBORDINATE = re.compile(r"\b(?:as|while|when|after|before|since|until)\s+(?:[\w’'-]+\s+){0,3}$", re.I)
CARRIED = "place not named in the sentence"  # note of an action placed from the narrative
UNPLACED = "is not in the gazetteer: drawn at"  # note of a settlement drawn at its region
NAMED_BACK = "named as 'the village' or the like: the settlement named before"  # the sentence's own reference


@dataclass(frozen=True)
class Action:
    """One trigger with one of its places, before it becomes an Event."""

    hit: TriggerHit
    mention: Mention
    precision: int
    place_note: str
    named: str = ""  # the sentence's name for the place when the gazetteer lacks it (drawn at its region)
    clause: tuple[int, int] | None = None  # the relative clause that places it, when it is an action of its own

    @property
    def key(self) -> tuple[str, str]:
        """One action per place, and per unlocated name within a region."""
        return self.mention.place.place_id, self.named  # type: ignore[union-attr]

    @property
    def strike_kind(self) -> str:
        """The kind of strike, or '' for an action of another type."""
        trigger = self.hit.trigger
        return trigger.sub_event_type if trigger.event_type == "Explosions/Remote violence" else ""


# a comma between them: "34 airstrikes and fired on positions 243 times" tells two attacks
_COUNT_BEFORE = re.compile(r"\b\d[\d,]*\s+(?:[\w-]+\s+){0,2}$")  # "34 airstrikes", "13 projectiles and"
_COUNT_AFTER = re.compile(r"[^.;]{0,40}?\b\d[\d,]*\s+(?:times|strikes|attacks|rounds|shells|munitions)\b")  # "... 243 times"


ONE_ATTACK_CHARS = 60  # how near two uncounted strike words must be to tell one attack


def _one_attack(sentence: str, one: TriggerHit, other: TriggerHit) -> bool:
    """Whether two strike words of different kinds tell one attack: weapons listed for it ("was hit with
    mortars, FPV drones and explosives", "defeated by air strikes, artillery fire and ..."), not a
    bulletin's separately counted attacks or a strike in another clause ("...; the city is a frequent
    target of air strikes")."""
    first, second = sorted((one, other), key=lambda h: h.start)
    between = sentence[first.end:second.start]
    if _counted(sentence, first) and _counted(sentence, second):
        return False
    return 0 <= len(between) <= ONE_ATTACK_CHARS and ";" not in between


def _counted(sentence: str, hit: TriggerHit) -> bool:
    """Whether a strike has a count of its own ("carried out 34 airstrikes and fired on positions 243 times"):
    a bulletin's separate attacks. Weapons listed for one attack ("hit with mortars, FPV drones and
    explosives") have none."""
    return bool(_COUNT_BEFORE.search(sentence, max(0, hit.start - 30), hit.start) or _COUNT_AFTER.match(sentence, hit.end))


# "were reported", "were also reported", "have again been recorded": an adverb may stand in the passive
_AUXILIARY_BEFORE = re.compile(r"\s+(?:was|were|is|are|has|have|had)(?:\s+(?:also|again|still|further|likewise|"
                               r"now|reportedly|repeatedly))?(?:\s+been)?(?:\s+(?:also|again|still|further|likewise))?"
                               r"\s+$", re.I)


def _reported_action(sentence: str, verb_start: int, hits: list[TriggerHit]) -> bool:
    """Whether the reporting verb is the passive of an action named right before it ("Other clashes were
    reported near Mikhaylovka, Sudzha and Ozerki"): its places follow the verb, in the same clause."""
    aux = _AUXILIARY_BEFORE.search(sentence, 0, verb_start)
    return aux is not None and any(h.end == aux.start() for h in hits)


def _subordinate(sentence: str, hit: TriggerHit) -> bool:
    # "drones swarmed the vehicles as they entered Sudzha": the strike is the event, the entry its setting
    return bool(_SUBORDINATE.search(sentence[:hit.start]))


def placed_actions(sentence: str, offset: int, here: list[Mention], hits: list[TriggerHit], cut: int,
                   context: Narrative, *, has_own_evidence: bool, disputed: bool, statement_dated: bool = False,
                   area_object: bool = False) -> list[Action]:
    """One action per place: the strongest trigger at each place wins. ``area_object``: the sentence
    gives an area figure, so a taking that names no place took that area, not the last place named."""
    placed = _placed_hits(sentence, offset, here, hits, cut, has_own_evidence=has_own_evidence,
                          statement_dated=statement_dated)
    # a place named in passing serves only the relative clause that tells of it, never the main clause's action
    shared = next((locs for locs in placed.values() if any(not loc.is_region for loc in locs)
                   and not all(loc.cue == "passing" for loc in locs)), [])
    candidates = []
    for hit, located in placed.items():
        # "pushed up to the settlement and were operating south-east of Korenevo": the object named back first
        actions = [] if _object_named_back(sentence, hit, located) else actions_at(hit, located, context.focus, here)
        if not actions and shared and hit.trigger.strength == "strong":
            actions = [replace(a, place_note="place of the other action in the sentence")
                       for a in actions_at(hit, shared, context.focus)]
        # a claim reported as false is still mapped, as such
        if not actions and names_place_back(sentence, hit):
            actions = named_before_in_sentence(hit, here, offset) or carried_actions(
                hit, context, True, settlement=True, unknown=not any(_settlement(m) for m in here))
        if not actions:
            actions = region_named_back(sentence, offset, hit, here, context)
        if not actions:
            actions = _at_line_label(sentence, offset, hit, here)
        if not actions and area_object and hit.trigger.frame in TAKING_FRAMES:
            continue  # "Kyiv says it captured about 1,300 square km": the area report stands for it, no place
        candidates += actions or carried_actions(hit, context, has_own_evidence or disputed, force=disputed)
    by_place: dict[tuple[tuple[str, str], tuple[int, int] | None], list[Action]] = {}
    for action in sorted(candidates, key=lambda a: (_subordinate(sentence, a.hit), a.hit.rank)):
        # an action its relative clause places is one of its own ("troops were sent to the Kursk region, where
        # Ukraine's offensive began in August"): it has its own time; one with a borrowed place is not
        clause = relative_clause(sentence, action.hit) if not action.place_note else None
        kept = by_place.setdefault((action.key, clause), [replace(action, clause=clause)])
        # strikes of another kind at a place already struck stay apart ("34 airstrikes ... and fired on
        # positions 243 times"): a bulletin lists separate attacks, while a capture and its fighting are one
        if kept[0].strike_kind and action.strike_kind and action.strike_kind not in {k.strike_kind for k in kept} \
                and not any(_one_attack(sentence, k.hit, action.hit) for k in kept):
            kept.append(replace(action, clause=clause))
    return sorted((a for kept in by_place.values() for a in kept), key=lambda a: a.mention.start)


def _placed_hits(sentence: str, offset: int, here: list[Mention], hits: list[TriggerHit], cut: int,
                 *, has_own_evidence: bool, statement_dated: bool = False) -> dict[TriggerHit, list[Located]]:
    """The places each trigger governs; deaths and injuries count only when nothing else happened."""
    # a parenthetical ", the governor said," does not end the action's clause, nor does an evidential
    # ("Sudzha was reported to have been liberated", "has reportedly been retaken"): the subject is the place
    verbs = [m.start() for m, _ in lexicon.reporting_verbs().finditer(sentence)
             if not (_PARENTHETICAL_BEFORE.search(sentence, 0, m.start()) and sentence[m.end():m.end() + 1] == ",")
             and not evidential(sentence, m) and not _reported_action(sentence, m.start(), hits)]
    boundaries = sorted({h.start for h in hits} | set(verbs))
    tallies = [m.span() for m, _ in lexicon.tally_cues().finditer(sentence)]
    # "since the fighting in the region started": the fighting dates a running total, it is no event
    actions = [h for h in hits if h.trigger.strength != "attribute"]
    main = [h for h in actions if not any(a <= h.start and h.end <= b for a, b in tallies)]
    unknown = unknown_places(sentence, offset, here)
    placed: dict[TriggerHit, list[Located]] = {}
    for hit in main:
        if hit.trigger.strength == "context" and not (has_own_evidence or _LAUNCHED.search(sentence, 0, hit.start)):
            continue  # "the offensive" as background; "have opened a new offensive in X" is news
        if hit.trigger.strength == "context" and statement_dated and not _LAUNCHED.search(sentence, 0, hit.start):
            continue  # "one of the aims of Ukraine's operation, the commander said on Monday": the date is the saying's
        placed[hit] = _hit_places(sentence, offset, here, hit, cut, boundaries, unknown)
    if not any(placed.values()) and (not actions or not tallies) and not _loss_tally(hits, tallies):
        # deaths and injuries, when no other action has a place ("lost 6,000 soldiers killed and wounded in
        # the Kursk region, on top of troops lost in other combat areas"), unless they are a running total
        # ("losses in the Kursk area since the fighting began"), which the other action's words tell
        placed.update({hit: _hit_places(sentence, offset, here, hit, cut, boundaries, unknown)
                       for hit in hits if hit.trigger.strength == "attribute"})
    return placed


def _loss_tally(hits: list[TriggerHit], tallies: list[tuple[int, int]]) -> bool:
    """Whether the sentence only counts a side's losses over a day, a front or the war ("over the past day
    Ukraine lost more than 400 troops in the Kursk direction"): a tally, never one event. A strike's dead
    ("killing three people") are no side's losses."""
    return bool(tallies) and all(h.trigger.frame == "casualty" for h in hits) \
        and any(h.text.casefold() in _LOSS_WORDS for h in hits)


_LOSS_WORDS = frozenset({"lost", "losses"})  # the casualty frame's words for a side's losses (triggers.csv)


def _hit_places(sentence: str, offset: int, here: list[Mention], hit: TriggerHit, cut: int, boundaries: list[int],
                unknown: list[Located]) -> list[Located]:
    usable = usable_mentions(sentence, offset, here, dateline_end=cut, frame=hit.trigger.frame)
    found = clause_places(sentence, hit, usable, boundaries=[b for b in boundaries if b != hit.start], unknown=unknown)
    if not found and hit.trigger.strength != "attribute":
        found = passing_antecedent(sentence, offset, here, hit, dateline_end=cut)
    if not found and hit.trigger.strength == "attribute":
        found = _main_clause_places(hit, usable)
    return found


def _main_clause_places(hit: TriggerHit, usable: list[Located]) -> list[Located]:
    """Deaths told in a participle ("hit a bus in Bilopillia, Sumy Oblast, on May 17, killing nine"): the
    place is the main clause's, before it (its settlement over its region)."""
    before = [loc for loc in usable if loc.start < hit.start and loc.cue in ("event", "near") and not loc.is_country]
    settlements = [loc for loc in before if not loc.is_region]
    return settlements[:1] or before[:1]


def actions_at(hit: TriggerHit, located: list[Located], focus: Mention | None,
               regions: Sequence[Mention] = ()) -> list[Action]:
    """Actions at the located places; a name the gazetteer lacks is drawn at the district or region the
    sentence puts it in (the narrowest), else at the region of the ``regions`` the sentence names that holds
    its known list-mates, else the article's focus, at that place's precision."""
    known = [loc for loc in located if not loc.is_unknown and not loc.is_country]
    # a lone district beside unknown villages holds them ("the village of X in the Y district"); districts
    # listed with others are places of their own ("the communities of Khotin, Svesa and Esman")
    containers = [loc for loc in known if loc.is_region
                  or (len(known) == 1 and loc.mention.place.feature == "area")]  # type: ignore[union-attr]
    narrowest = min(containers, key=lambda loc: loc.is_region) if containers else None
    holder = narrowest.mention if narrowest else (_mates_region(known, regions) or focus)
    actions = []
    for loc in located:
        if not loc.is_unknown:
            actions.append(Action(hit, loc.mention, max(geo_precision(loc.mention), 2 if loc.cue == "near" else 1), ""))
            continue
        own = own_container(loc, containers)
        at = own.mention if own is not None else holder
        if at is not None and at.place is not None:
            district = not at.place.is_region
            note = f"'{loc.mention.surface}' {UNPLACED} {at.place.name}, {'district' if district else 'region'} precision"
            actions.append(Action(hit, at, 2 if district else 3, note, named=loc.mention.surface))
    if any(a.named for a in actions):  # the container only says where the unknown villages lie
        actions = [a for a in actions if a.named or all(a.mention is not c.mention for c in containers)]
    return actions


def _mates_region(known: list[Located], regions: Sequence[Mention]) -> Mention | None:
    """The region the sentence names that holds the known places listed with an unknown one ("strikes in the
    Sumy region ... in areas including Bilopillia, Vodolahy, Zhuravka"): a village lies where its list-mates do."""
    held = {loc.mention.place.admin1 for loc in known if loc.mention.place is not None}
    return next((m for m in regions if m.place is not None and m.place.feature == "region"
                 and m.place.admin1 in held), None)


# "- Esman community: Russian troops fired mortars at it": a bulletin's line opens with the place it tells of
_LINE_LABEL = re.compile(r"\s*(?:[-–—•*·▪►]\s*)?(?:the\s+)?$", re.I)
_LABEL_END = re.compile(r"(?:\s+(?:hromada|community|territorial\s+community|district|raion|region|oblast))?\s*:\s",
                        re.I)
LABEL_NOTE = "the label its line opens with ('Esman community: ...')"


def _at_line_label(sentence: str, offset: int, hit: TriggerHit, here: list[Mention]) -> list[Action]:
    """The action's place when the sentence is a labelled line of a breakdown and the action names none."""
    first = min(here, key=lambda m: m.start, default=None)
    if first is None or first.start - offset >= hit.start or not _LINE_LABEL.fullmatch(sentence[:first.start - offset]):
        return []
    label_end = _LABEL_END.match(sentence, first.end - offset)
    if label_end is None or label_end.end() > hit.start:
        return []
    return [Action(hit, first, max(1, geo_precision(first)), LABEL_NOTE)]


OBJECT_ANAPHOR_CHARS = 20  # "pushed up to the settlement": how near its verb a named-back object starts


def _object_named_back(sentence: str, hit: TriggerHit, located: list[Located]) -> bool:
    """Whether the action's object is a settlement named back ("the settlement") before any place it governs."""
    first = min((loc.start for loc in located), default=len(sentence))
    return any(hit.end <= m.start() <= hit.end + OBJECT_ANAPHOR_CHARS and m.start() < first
               and not _NAME_FOLLOWS.match(sentence, m.end())  # "the village of Olgovka" names it here
               for m, _ in lexicon.place_anaphora().finditer(sentence))


_NAME_FOLLOWS = re.compile(r"\s+(?:of\b|[A-Z])")
REGION_NAMED_BACK = "named as 'the region' or the like: the oblast, district or hromada named before"


def region_named_back(sentence: str, offset: int, hit: TriggerHit, here: list[Mention],
                      context: Narrative) -> list[Action]:
    """The oblast, district or hromada a definite noun in the action's clause names back ("beat back five
    assaults in the region today", after the Kursk region; "an attack on the hromada"): the last one of that
    unit named, in this sentence before it, in the one before, else the article's focus region. "In the
    region of 10 km" is a quantity, not a place."""
    unit = _region_noun_in_clause(sentence, hit)
    if not unit:
        return []

    def fits(m: Mention) -> bool:
        place = m.place
        return place is not None and (place.feature == "region" if unit == "region" else place.feature == "area")

    # "the region" is the article's own region as a rule, even just after a sentence on another front
    focus = [context.focus] if unit == "region" and context.focus is not None else []
    named = [m for m in here if fits(m) and m.end - offset <= hit.start][-1:] or focus \
        or [m for m in context.mentioned if fits(m)][-1:] or [m for m in context.places if fits(m)][-1:]
    return [Action(hit, m, max(2, geo_precision(m)), REGION_NAMED_BACK) for m in named]


def _region_noun_in_clause(sentence: str, hit: TriggerHit) -> str:
    """The unit of a region noun ("the region", "the hromada") in the action's clause, after it or fronted
    before it, or ''."""
    clause_end = next((m.start() for m in _CLAUSE_BREAK.finditer(sentence, hit.end)), len(sentence))
    clause_start = max((m.end() for m in _CLAUSE_BREAK.finditer(sentence, 0, hit.start)), default=0)
    for match, cue in lexicon.region_anaphora().finditer(sentence):
        if clause_start <= match.start() < clause_end and not _NAME_FOLLOWS.match(sentence, match.end()):
            return cue.role
    return ""


def names_place_back(sentence: str, hit: TriggerHit) -> bool:
    """Whether the action's clause names its place by a definite noun ("forced them out of the village")."""
    clause_end = next((m.start() for m in _CLAUSE_BREAK.finditer(sentence, hit.end)), len(sentence))
    # "the village of Svesa" names its place: no anaphor
    return any(hit.end <= m.start() < clause_end and not _NAME_FOLLOWS.match(sentence, m.end())
               for m, _ in lexicon.place_anaphora().finditer(sentence))


# A campaign noun as the object of a launch ("have opened a new offensive", "launched a counteroffensive",
# "conducted offensive actions", "carried out an offensive")
_LAUNCHED = re.compile(r"\b(?:(?:launch|open|begin|began|begun|start|mount|unleash|conduct)(?:s|ed|ing)?|"
                       r"carr(?:y|ies|ied|ying)\s+out)\s+(?:an?\s+|the\s+|its\s+|"
                       r"their\s+)?(?:(?:new|fresh|large-scale|major|surprise|second|renewed)\s+){0,2}$", re.I)


def _settlement(mention: Mention) -> bool:
    """Whether "the village" or "the city" can mean it: a settlement, not a region, district or road."""
    return mention.place is not None and not mention.place.is_region and mention.place.feature != "area"


def named_before_in_sentence(hit: TriggerHit, here: list[Mention], offset: int) -> list[Action]:
    """"Kyiv Mayor Vitali Klitschko said missiles hit the city": "the city" is the settlement the sentence
    named before it, in whatever role, before any the sentences before named."""
    before = [m for m in here if _settlement(m) and m.end - offset <= hit.start]
    return [Action(hit, before[-1], max(2, geo_precision(before[-1])), NAMED_BACK)] if before else []


_CLAUSE_BREAK = re.compile(r"[,;:]|\b(?:and|but|while|as|so that)\b")


def carried_actions(hit: TriggerHit, context: Narrative, has_own_evidence: bool, *, force: bool = False,
                    settlement: bool = False, unknown: bool = False) -> list[Action]:
    """The previous sentence's place, else the article's region: strong actions with their own date or figure.

    ``settlement``: the sentence refers back to a settlement ("the village"), so only one will do;
    ``unknown``: it may be a village the gazetteer lacks, when the sentence names no settlement itself.
    """
    if settlement and unknown and context.unknown_village is not None and hit.trigger.strength != "none":
        # "Fighting went on in the village of Orlovka. ... forced out of the village": the village the gazetteer
        # lacks, drawn where it was drawn, not an earlier settlement it knows
        name, at = context.unknown_village
        note = f"{NAMED_BACK}; '{name}' {UNPLACED} {at.place.name}"  # type: ignore[union-attr]
        return [Action(hit, at, max(2, geo_precision(at)), note, named=name)]
    if settlement:  # "north of the town": the settlement the sentence before named, with or without an event there
        usable = [m for m in context.mentioned if _settlement(m)][:1] or [m for m in context.places if _settlement(m)]
        return [Action(hit, usable[-1], max(2, geo_precision(usable[-1])), NAMED_BACK)
                ] if usable and hit.trigger.strength != "none" else []
    if (hit.trigger.strength not in ("strong", "attribute") and not force) or not has_own_evidence:
        return []
    if context.places:
        usable = [m for m in context.places if m.place is not None and m.place.feature != "country"]
        if usable:
            best = min(usable, key=lambda m: (geo_precision(m), m.start))
            return [Action(hit, best, max(2, geo_precision(best)), f"{CARRIED}: taken from the one before")]
    if context.focus is not None:
        return [Action(hit, context.focus, 3, f"{CARRIED}: the article's focus region")]
    return []
