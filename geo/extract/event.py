"""An action becomes an ``Event``: its actors, type, claim, figures and stable id.

The trigger gives the type; the sentence's words may change it (an attempt
is a clash, not a taking; troops moving on the other side's ground are an
advance; deaths "by drones" are a strike's). Each figure goes to one action,
so a list of places never multiplies it.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace

from geo import lexicon, settings
from geo.extract.actions import Action
from geo.extract.actors import TAKING_FRAMES, event_actors, holder_after, is_deployment, on_enemy_ground, territory_sub_type
from geo.extract.attribution import UNNAMED, Attribution, recorded_by_no_one
from geo.extract.modality import attempted
from geo.extract.narrative import Narrative
from geo.extract.triggers import TriggerHit, find_triggers
from geo.records import Article, Event, Figures, TimeSpan

_LOSSES = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
FIGURE_KINDS: dict[str, frozenset[str]] = {  # event types or frames each figure measures
    "fatalities": _LOSSES, "casualties": _LOSSES, "wounded": _LOSSES, "prisoners": frozenset({"Battles"}),
    "troops": frozenset({"deploy", "withdraw"}), "area_km2": frozenset({"capture", "recapture", "take", "control"}),
}


def share_figures(fig: Figures, actions: list[Action]) -> list[Figures]:
    """Each figure to one action, so a list of places never multiplies it.

    A figure goes to the first action of the kind it measures (troops to a
    deployment, deaths to a battle or strike, an area to a capture), else to
    the first action whose place the sentence names.
    """
    shares = [Figures() for _ in actions]
    if not actions:
        return shares
    default = next((i for i, a in enumerate(actions) if not a.place_note), 0)
    for name in ("fatalities", "casualties", "wounded", "prisoners", "troops", "area_km2"):
        value = getattr(fig, name)
        if value is None:
            continue
        kinds = FIGURE_KINDS[name]
        owner = next((i for i, a in enumerate(actions) if a.hit.trigger.event_type in kinds
                      or a.hit.trigger.frame in kinds), default)
        extra = {"area_note": fig.area_note} if name == "area_km2" else {}
        shares[owner] = replace(shares[owner], **{name: value}, **extra)
    return shares


def _facility_named(sentence: str, surface: str) -> str:
    """The place's name as the sentence writes it: with the facility it names ("the Sudzha checkpoint",
    "the Sudzha border crossing"), the facility being at the town, else the name alone."""
    for match in re.finditer(rf"(?<![\w-]){re.escape(surface)}(?:[’']s)?\s+", sentence):
        head = lexicon.name_heads().match(sentence, match.end())
        if head is not None and head[1].role == "facility":
            return f"{surface} {head[0].group(0)}"
    return surface


def _force_moves(sentence: str, hit: TriggerHit) -> bool:
    """Whether a military force is what the deployment verb moves ("Ukrainian units moved forward", "troops
    are in"), not residents ("the authorities had moved 56,000 residents out")."""
    return _names_a_force(sentence[max(0, hit.start - FORCE_WINDOW_CHARS):hit.end], unit_nouns_only=True)


def moves_a_force(sentence: str, hit: TriggerHit) -> bool:
    """Whether a deployment verb moves a military force, named before it or as its object ("sent 10,000
    troops", "reinforcements arrived"): not the wounded, residents or a visitor ("The wounded are to be moved
    to the regional hospital", "Grossi arrived at the plant"), which no map of the war shows."""
    if hit.trigger.frame != "deploy" or _DEPLOYMENT_NOUN.fullmatch(hit.text):
        return True  # "the North Korean deployment": a deployment is of a force
    return _names_a_force(sentence[max(0, hit.start - FORCE_WINDOW_CHARS):hit.end + FORCE_WINDOW_CHARS])


def _names_a_force(window: str, *, unit_nouns_only: bool = False) -> bool:
    """Whether ``window`` names a military force: a unit noun of data/lexicon/name_heads.csv, or (unless
    ``unit_nouns_only``) another word for troops."""
    return any(cue.role == "unit" for _, cue in lexicon.name_heads().finditer(window)) \
        or (not unit_nouns_only and _FORCE_WORD.search(window) is not None)


# forces the unit nouns of data/lexicon/name_heads.csv leave out: what a deployment verb moves
_FORCE_WORD = re.compile(r"\b(?:reinforcements?|reserves|personnel|fighters|marines|paratroopers|mercenaries|"
                         r"manpower|contingent|military|troop)\b", re.I)
_DEPLOYMENT_NOUN = re.compile(r"(?:re)?deployments?|build-?ups?", re.I)


def build_event(article: Article, sentence: str, action: Action, when: TimeSpan, claim: Attribution,
                context: Narrative, fig: Figures) -> Event:
    trigger, place = action.hit.trigger, action.mention.place
    assert place is not None  # only resolved mentions become actions
    actor1, actor2 = event_actors(sentence, action.hit.start, action.hit.end, frame=trigger.frame,
                                  event_type=trigger.event_type, place=place)
    actor_note = ""
    if not actor1 and context.actor:
        actor1, actor_note = context.actor, f"actor1 ({context.actor}) from the sentences before"
    event_type = trigger.event_type
    sub_type = territory_sub_type(trigger.sub_event_type, frame=trigger.frame, actor1=actor1, place=place)
    control = trigger.control
    if (trigger.frame in TAKING_FRAMES or trigger.frame == "enter") and attempted(sentence, action.hit.start):
        # "trying to retake", "tried to break through the border": the place did not change hands
        sub_type, control = "Armed clash", "fighting"
        actor_note = "; ".join(n for n in (actor_note, "an attempt: a clash, not a taking or an entry") if n)
    if claim.status != "reported" and _before_a_contrasted_claim(sentence, action.hit):
        claim = Attribution("reported")  # "Kyiv's forces poured in in August, though Russia says ...": the outlet's
    if claim.status == "reported" and context.voice is not None and actor1 == context.voice.side:
        claim = context.relayed_claim()  # TASS telling Russia's gains in its own words: Russia's claim
    weapon = _killed_by(sentence, action.hit) if trigger.frame == "casualty" else ""
    if weapon:  # "infantrymen were killed by drones": the strike's casualties
        event_type, sub_type = "Explosions/Remote violence", weapon
    elif trigger.frame == "casualty" and _civilian_victims(sentence, action.hit):
        event_type, sub_type = "Violence against civilians", "Attack"  # "the incursion has left 12 civilians dead"
    elif trigger.frame == "fight" and _ATTACK.fullmatch(action.hit.text) \
            and (_civilian_harm(sentence) or _places_as_target(sentence, action.hit)):
        # "attacked the town of Lgov, causing heavy damage to a block of flats", "attacked the border areas of
        # Sumy Oblast 73 times": fire from afar on where people live, not a ground battle
        event_type, sub_type, control = "Explosions/Remote violence", "Shelling/artillery/missile attack", ""
    if trigger.frame == "deploy" and on_enemy_ground(actor1=actor1, place=place) \
            and _force_moves(sentence, action.hit):
        event_type, sub_type, control = "Battles", "Armed clash", "entered"
        actor_note = "; ".join(n for n in (actor_note, "troops on the other side's ground: a ground advance") if n)
    if not action.named and is_deployment(frame=trigger.frame, actor1=actor1, place=place):  # a village is no region
        event_type, sub_type, actor2, control = "Strategic developments", "Change to group/activity", "", ""
        actor_note = "; ".join(n for n in (actor_note, "a force moving within its own side's region: a deployment") if n)
    area_note = f"area: {fig.area_note}" if fig.area_km2 is not None else ""
    disputer_note = f"disputed by {claim.denier.claimant}" if claim.denier is not None and claim.denier.claimant else ""
    notes = "; ".join(n for n in (f"trigger '{action.hit.text}' ({trigger.frame})", action.place_note, when.note,
                                  actor_note, area_note, disputer_note) if n)
    return Event(
        event_id=event_id(article.source_id, sentence, place.place_id + (f"#{action.named}" if action.named else "")
                          + (f"~{action.strike_kind}" if action.strike_kind else "")  # two strikes at one place
                          + (f"@{action.clause[0]}" if action.clause else "")),  # and a relative clause's own
        source_id=article.source_id, sentence=sentence.strip(), when=when, place=place,
        geo_precision=action.precision, event_type=event_type, sub_event_type=sub_type,
        actor1=actor1, actor2=actor2 if actor2 != actor1 else "", figures=fig,
        # a claim the report pins on no named source is the unnamed reports' (graded F in data/sources.csv)
        claim_status=claim.status, claimant=claim.claimant or (UNNAMED if claim.status != "reported" else ""),
        historical=when.end < settings.CAMPAIGN_START, notes=notes,
        location_text=action.named or _facility_named(sentence, action.mention.surface),
        control=control, holder=holder_after(control, actor1),
    )


def _before_a_contrasted_claim(sentence: str, hit: TriggerHit) -> bool:
    """Whether the action is told in a clause of its own before a contrasting clause that holds every
    reporting verb ("Kyiv's forces poured into the region in August, though Russia's military says it has
    since won back most of it")."""
    turn = _CONTRAST.search(sentence, hit.end)
    if turn is None:
        return False
    # "..., while launches of guided bombs were recorded over X": a bulletin's tally has no speaker to contrast
    verbs = [(m, cue) for m, cue in lexicon.reporting_verbs().finditer(sentence)
             if not recorded_by_no_one(sentence, m.start(), m.end())]
    # the contrasting clause opens with its claimant ("though Russia's military says"), not "..., but were
    # destroyed, he said", whose verb covers the whole sentence; "..., but Kyiv denied it" keeps it disputed
    return bool(verbs) and all(turn.end() < m.start() <= turn.end() + CONTRAST_SUBJECT_CHARS
                               and "," not in sentence[turn.end():m.start()]
                               and cue.role not in ("deny", "false") for m, cue in verbs)


CONTRAST_SUBJECT_CHARS = 40  # "though Russia's military says": the claimant before its verb
_CONTRAST = re.compile(r"(?:,|;)\s+(?:though|although|but|whereas|while|yet)\b|;\s+")


def _civilian_victims(sentence: str, hit: TriggerHit) -> bool:
    """Whether the deaths or injuries are of civilians: a victim noun just before or after the verb."""
    start, end = max(0, hit.start - VICTIM_WINDOW_CHARS), min(len(sentence), hit.end + VICTIM_WINDOW_CHARS)
    return any(cue.role == "civilian" for _, cue in lexicon.victims().finditer(sentence[start:end]))


TARGET_WINDOW_CHARS = 20  # "attacked the border areas", "attacked nine hromadas of": the object right after the verb


def _places_as_target(sentence: str, hit: TriggerHit) -> bool:
    """Whether what was attacked is places taken together ("the border areas", "12 hromadas"), as a
    shelling summary counts them (``data/lexicon/place_plurals.csv``): after the verb, or as the subject
    of its passive ("The communities of Mykolaiv, Khotin and Esman were also attacked")."""
    window = sentence[hit.end:hit.end + TARGET_WINDOW_CHARS]
    if next(iter(lexicon.place_plurals().finditer(window)), None) is not None:
        return True
    subject = _PASSIVE_SUBJECT.match(sentence[:hit.start])
    return subject is not None and next(iter(lexicon.place_plurals().finditer(subject.group(1))), None) is not None


# "The communities of A, B and C were also attacked": the subject that opens the sentence, then the passive
_PASSIVE_SUBJECT = re.compile(r"^\W*((?:the\s+)?(?:\d+\s+)?\w+(?:\s+\w+)?)\b.*\b(?:was|were|are|is|been)\s+"
                              r"(?:\w+ly\s+|also\s+|again\s+)?$", re.I | re.S)


def _civilian_harm(sentence: str) -> bool:
    """Whether the sentence tells of civilians or their homes and services hurt (``data/lexicon/victims.csv``)."""
    return any(True for _ in lexicon.victims().finditer(sentence))


_ATTACK = re.compile(r"attack(?:s|ed|ing)?", re.I)


def _killed_by(sentence: str, hit: TriggerHit) -> str:
    """The strike sub-type when deaths or wounds are "by" a weapon right after them ("killed by drones") or
    a weapon is their subject ("The strike killed 35 people"), or ''."""
    by = _BY_WEAPON.match(sentence, hit.end)
    found = lexicon.weapons().match(sentence, by.end()) if by else None
    if found is None:  # "The strike killed at least 35 people", "the drones wounded two": the weapon as subject
        found = lexicon.weapons().just_before(sentence, hit.start, window=WEAPON_SUBJECT_CHARS)
    if found is None and not _ground_fighting(sentence):
        # "a man had died in Zvannoye after an explosive device was dropped on him", "a second explosion went
        # off, wounding thirteen": the only weapon the sentence names did it
        found = next(iter(lexicon.weapons().finditer(sentence)), None)
    return found[1].role if found else ""


def _ground_fighting(sentence: str) -> bool:
    """Whether the sentence tells of ground fighting ("killed in clashes near Sudzha"): its casualties may be
    the fighting's, whatever weapon it also names."""
    return any(h.trigger.event_type == "Battles" and h.trigger.frame != "casualty" for h in find_triggers(sentence))


VICTIM_WINDOW_CHARS = 25  # "five civilians killed", "killed five civilians": how near the verb its victims are
FORCE_WINDOW_CHARS = 40  # how far before a deployment verb its force ("Ukrainian troops have recently") may be
WEAPON_SUBJECT_CHARS = 25  # "The strike killed": how far before the verb its weapon subject may end
_BY_WEAPON = re.compile(r"\s+(?:(?:in|from|as\s+a\s+result\s+of)\s+(?:the\s+)?|"
                        r"by\s+(?:(?:a|an|the|Russian|Ukrainian|enemy)\s+)?)")


def event_id(source_id: str, sentence: str, place_id: str) -> str:
    """Stable id from the source, the sentence text and the place."""
    digest = hashlib.sha1(f"{source_id}\x1f{' '.join(sentence.split())}\x1f{place_id}".encode()).hexdigest()
    return f"ev-{digest[:12]}"
