"""Where an action happened: the places a trigger governs.

The event's place is the object or locative of its action, read from the
clause around the trigger:

1. the places after the trigger, up to the end of its clause, as a list
   ("recaptured Viktorovka, Nikolaevka and Lebedevka" gives three places;
   "the village of Novenke in Sumy region" gives Novenke, whose region only
   contains it), or as locative phrases one after another ("near A in the
   Khotin hromada, on the edge of B, and on the approaches to C"; "east of
   Sudzha, around A and B" gives A and B, Sudzha only saying where they lie);
2. else the nearest place before it in the same clause (passives: "Guevo
   had been retaken"; fronted locatives: "In Sudzha, fighting went on");
3. else, for a strong trigger, a place the sentence gives a locative cue.

A place is never the event's place when it is:

- in the sentence's dateline ("MOSCOW (Reuters) -");
- a speaker or an actor: followed by a reporting verb ("Moscow said",
  "Olga told"), possessive ("Kyiv's troops"), after "according to", or a
  big city with no locative cue ("as Moscow presses an offensive"): the
  seat of a government stands for it (metonymy) unless the text puts the
  action in it ("a drone strike on Moscow");
- a passing reference: a distance ("about 10 km from Sudzha"), detention,
  talks, visits and other cues of ``data/lexicon/locatives.csv`` with role
  ``passing``.

A settlement beats a region: a region-level place is kept only when the
clause names no settlement. This module does not read dates or actors.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from geo import lexicon
from geo.pubdate import MONTHS, WEEKDAYS
from geo.timex import find_times
from geo.extract.actors import APPOSITIVE_ASIDE, RELATIVE_ASIDE, named_actors
from geo.extract.triggers import TriggerHit
from geo.records import Mention
from geo.toponyms import FUNCTION_WORDS, before_reporting_verb, is_adjective_before_noun

__all__ = ["Located", "clause_places", "own_container", "unknown_places", "usable_mentions"]

FORWARD_GAP_CHARS = 60  # trigger ... first object, when a preposition leads to it
LOCATIVE_GAP_CHARS = 90  # trigger ... its target ... a locative cue ... the place
CONTAINED_GAP_CHARS = 2  # "Demidovka in Russia's Belgorod Oblast": the container follows its item at once
SHORT_GAP_CHARS = 25  # trigger ... first object with any words between ("retook two more villages,")
LIST_GAP_CHARS = 40  # between items of a list of places
ADJACENT_GAP_CHARS = 25  # place ... verb that needs it as its subject ("Oleshnya was quickly taken")
BACKWARD_GAP_CHARS = 80  # place ... trigger ("Guevo, a village near the border, had been retaken")
CUE_WINDOW_CHARS = 40  # how far before a place its locative cue may start
CUE_FILLER_WORDS = 4  # "in the small border village of X": words between cue and place
METONYM_POPULATION = 500_000  # a city this big, with no locative cue, stands for its government
_ANY_DAY = date(2025, 1, 1)  # time expressions are found whatever day they resolve to
FROM_IS_PLACE = frozenset({"withdraw", "recapture"})  # "withdrew from Sudzha", "drove them out of X"
_ORIGIN_CUES = ("from", "out of")  # where a move starts: the place of a withdrawal or a retaking only

# A clause ends at these; not at a period, which inside a split sentence is an abbreviation ("Dec. 14").
_ASIDE = re.compile(r"\s*\([^()]{0,40}\)")  # a conversion or short aside in brackets
# an attribution set off by commas inside the clause: ", it said,", ", the ministry added,"
_SAID_ASIDE = re.compile(r",\s+(?:it|he|she|they|the\s+[\w-]+|[A-Z][\w-]+)\s+(?:said|says|added|claimed|reported|wrote),")
_BOUNDARY = re.compile(
    r"[;:!?()]|\s[-–—]\s|\b(?:which|where|who|whose|after|while|(?<!many )(?<!much )(?<!such )as(?!\s+(?:many|much|well|far|part)\b)|"
    r"but|before|when|since|because|although|"
    r"though|whereas|amid|despite|until|unlike|(?<!more )(?<!less )(?<!fewer )than|including\s+in)\b",
    re.I,
)
# The object as a list of military units ("formations of a tank brigade, seven mechanised brigades and three
# assault regiments of the Ukrainian armed forces"): its commas part units, not clauses
_UNIT_WORDS = r"(?:brigades?|regiments?|battalions?|divisions?|units?|formations?|groups?|companies|company|corps)"
_HOW_MANY = r"(?:an?|the|one|two|three|four|five|six|seven|eight|nine|ten|\d+)"
_UNIT_LIST = re.compile(rf"\b(?:{_HOW_MANY}\s+)?(?:[\w’'-]+\s+){{0,3}}{_UNIT_WORDS}(?:\s*,\s*(?:and\s+)?|\s+and\s+)"
                        rf"(?:{_HOW_MANY}\s+(?:[\w’'-]+\s+){{0,3}}{_UNIT_WORDS}(?:\s*,\s*(?:and\s+)?|\s+and\s+)?)+"
                        rf"(?:\s*of\s+the\s+(?:[\w’'-]+\s+){{0,3}}(?:armed\s+forces|army|AFU)\s*)?", re.I)
# a discourse adverb set off by commas between a subject and its verb ("Sudzha, meanwhile, was shelled")
_ADVERB_ASIDE = re.compile(r"^\s*,\s+(?:meanwhile|however|though|too|also|in\s+turn|for\s+its\s+part|for\s+their\s+part|"
                           r"then|again|once\s+again|in\s+addition|moreover|by\s+contrast|likewise|similarly|"
                           r"reportedly|allegedly|apparently)\s*,\s*", re.I)
# a list set off by dashes ("four of the region's villages – A, B and C – were ..."): opened and closed
_DASH_BEFORE = re.compile(r"\s[-–—]\s+$")
_DASH_AFTER = re.compile(r"^\s[-–—]\s")
_COMMA = re.compile(r",(?!\d{3})")  # a comma between clauses, not the one in "1,800"
# From a place to an action in the relative clause that hangs on it ("Sudzha, where ... fought").
_RELATIVE_TO_PLACE = re.compile(r"^(?:\s+(?:region|oblast|area|district|border\s+area))?\s*,\s*"
                                r"(?:(?:from|in|into|to|near|around|across|of)\s+)?(?:which|where)\b[^,;:]{0,80}$",
                                re.I)
# "in the Khotin hromada", "in the Glushkovo district": an administrative unit holding the place before it
_CONTAINER = re.compile(r"\s*\bin\s+(?:the\s+)?[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?\s+"
                        r"(?i:hromada|community|district|raion|rayon|municipality|region|oblast)\b")
_IN_THE_BEFORE = re.compile(r"\s*\bin\s+(?:the\s+)?(?:[A-Z][a-z]+[’']s\s+)?$")  # "in the", "in Russia's"
# the last item's kind of settlement, after its name ("the Stary farmstead and the settlement of Shakhovka")
_SETTLEMENT_WORD = re.compile(r"^\s+(?:village|settlement|farmstead|khutor|hamlet|town)\b", re.I)
_UNIT_WORD = re.compile(r"^\s+(?:region|oblast|district|raion|rayon|hromada|community|area)\b", re.I)  # the last item's
# "Shebekino itself and the villages of A and B": an intensifier after an item stays in the list
_LIST_GAP = re.compile(r"^(?:\s+(?:itself|themselves)\b)?(?:\s*,\s*|\s+|\s*,?\s*(?:and|or|as well as|plus|along with)\s+(?:the\s+)?)"
                       r"(?:(?:the\s+)?(?:nearby\s+|neighbouring\s+|neighboring\s+)?"
                       r"(?:villages?|settlements?|towns?|hamlets?)\s+(?:of\s+)?)?$", re.I)
_LIST_GAP_THE = re.compile(r"^\s*,\s*the\s+$", re.I)  # "the Kursk region, the Belgorod region"
# A list item that is no usable place ("A, Russian Porechnoye and B"): the items around it stay one list
_SKIPPED_ITEM = re.compile(r"(?<=,)\s*(?:and\s+)?[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2}(?=\s*,|\s+and\s)")
# The object named in an appositive: "hit the regional capital, also called Sumy".
_NAMEDAPPOSITIVE_ASIDE = re.compile(r"^\s+(?:the\s+|a\s+)?[a-z][\w\s-]{0,30},\s+(?:also\s+)?(?:called|named|known\s+as)\s+$"
                               # "claimed the capture of another village, Basivka": the kind, then its name
                               r"|^\s+(?:of\s+)?(?:the|a|an|another|one\s+more)\s+(?:[a-z-]+\s+){0,2}"
                               r"(?:village|town|settlement|hamlet|locality),\s+$")
# The object's members listed after it: "around other villages in the area, Hryhorov said, among them".
_LIST_OF_OBJECT = re.compile(r"^[^;:.]{0,60}?\b(?:villages|settlements|towns|localities|areas|places|locations)\b"
                             r"[^;:.]{0,40}?,\s*(?:[\w’' -]{1,30}?\s+said,\s*)?"
                             r"(?:among them|including|such as|namely)\s+(?:near\s+|around\s+|in\s+)?"
                             r"(?:(?:the\s+)?(?:towns?|villages?|city|settlements?)\s+of\s+|downtown\s+|central\s+)?$")
# The next locative phrase of the same action: ", on the edge of", ", and on the approaches to".
# A compass point joins only after "and" (", and to the northeast of X"): ", northeast of X" describes the last item
_LOCATIVE_ITEM = re.compile(r"^(?:\s+[a-z]+)?\s*,\s*(?:(?:(?:and|or)\s+)?(?:also\s+)?"
                            r"(?:on|in|at|near|around|outside|inside|into|along|toward|towards)|"
                            r"and\s+(?:also\s+)?(?:to\s+the\s+)?(?:north|south|east|west)(?:-?(?:east|west))?\s+of)"
                            r"\s+(?:[a-z]+\s+){0,3}$")
# "to the northeast of Sudzha near the village of X": the compass point's landmark, then where it happened
_LANDMARK_THEN_LOCATIVE = re.compile(r"^\s*,?\s*(?:near|around|in|at|outside|close\s+to)\s+(?:the\s+)?"
                                     r"(?:(?:small\s+|border\s+)?(?:village|town|settlement|hamlet)s?\s+of\s+)?$")
# "attacks further east, near Vovchansk": a short adverb, then the locative of the same action.
_ADVERB_THEN_LOCATIVE = re.compile(r"^\s+(?:[a-z]+\s+){0,2}[a-z]+,\s*(?:near|in|around|outside|at|close to)\s+(?:the\s+)?$")
_MEDIUM_BEFORE = re.compile(r"\b(?:post|posts|page|channel|account|video|message|statement|broadcast|interview|"
                            r"show|feed|app|site|website)\s+(?:on|in|via)\s+$", re.I)
_NARROWED = re.compile(r"^\s+(?:through|via|in|near|at|around)\s+(?:the\s+)?$", re.I)
# From a district or region to settlements inside it, perhaps past the day: where in the district it happened
_NEAR_INSIDE = re.compile(r"^(?:\s+on\s+[A-Z][a-z]+(?:,\s+[A-Z][a-z]+\s+\d{1,2}(?:,\s+\d{4})?)?)?,?\s+"
                          r"(?:near|close\s+to|outside|around|on\s+the\s+outskirts\s+of|in\s+the\s+area\s+of)\s+"
                          r"(?:the\s+)?(?:(?:villages?|settlements?|towns?)\s+of\s+)?$")
# A village named for a date, as an item of a list of names ("Obukhovka, Snagost and 10th October"): Soviet names
_DATE_NAMED_ITEM = re.compile(r"(?<=[A-Za-z]),?\s+(?:and\s+)?(?P<name>\d{1,2}(?:st|nd|rd|th)\s+(?:%s))\b(?!\s+\d)"
                              % "|".join(calendar.month_name[1:]))
_COMPASS_BEFORE = re.compile(r"\b(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?\s+of\s+(?:the\s+)?$", re.I)
_TITLE_AFTER = re.compile(r"\s+([A-Z][a-z]+)\b")
_SAID_ON = re.compile(r"\b(?:said|says|wrote|writes|posted|posts|claimed|claims|reported|reports|announced|"
                      r"stated|published)\s+(?:\w+\s+)?on\s+(?:(?:his|her|its|their|the)\s+)?$", re.I)
# "on his Telegram channel", "its Facebook page": a name a medium noun follows is where something was said
_MEDIUM_AFTER = re.compile(r"\s+(?:channels?|account|accounts|page|pages|post|posts|feed|messenger)\b", re.I)
# A name, then an appositive naming what its bearer does: a person, not a place.
_PERSONAPPOSITIVE_ASIDE = re.compile(r",\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,3}?(?:%s)\b" % "|".join(
    re.escape(t) for t in sorted(lexicon.person_titles(), key=len, reverse=True) if t.isalpha()), re.I)
_PASSIVE_BEFORE = re.compile(r"\b(?:was|were|been|being|is|are|got)\s+(?:[a-z]+ly\s+)?$", re.I)
_ENDS_WITH_PREPOSITION = re.compile(r"\b(?:of|in|into|near|at|to|from|around|outside|toward|towards|on|for|by|"
                                    r"across|inside|within|over|throughout|along)\s+(?:the\s+|[A-Z][a-z]+[’']s\s+)?"
                                    r"(?:(?:north|south)?(?:east|west)ern\s+|(?:north|south)ern\s+|border\s+|nearby\s+|"
                                    r"neighbou?ring\s+)?$",
                                    re.I)  # "in Russia's", "in Russia's western", "in the border", "in nearby"
# "Kyiv's troops" is an actor; "Sudzha's central square", "the town's outskirts" are parts of the place
_POSSESSIVE = re.compile(r"^[’']s\s+(?!(?:region|oblast|district|province|border|central|centre|center|outskirts|"
                         r"streets?|square|suburbs?|edge|outskirt|environs)\b)", re.I)
_INDEFINITE_BEFORE = re.compile(r"\b(?:a|an)\s+$", re.I)
_CROSSED_BEFORE = re.compile(r"\b(?:over|across|along|beyond)\s+the\s+$", re.I)
_ACCORDING = re.compile(r"\baccording\s+to\s+(?:the\s+)?$", re.I)
# "Volobuev, who heads the Belovsky district", "the head of the Glushkovo district": the speaker's office
_OFFICE_OF = re.compile(r"\b(?:who\s+(?:heads|headed|runs|ran|leads|led|governs|governed)|(?:head|chief|governor|"
                        r"mayor)\s+of)\s+(?:the\s+)?$", re.I)
_SUBJECT_VERB = re.compile(r"^\s+(?:has|have|had|is|was|were|will|would|also|then|now)?\s*\w+", re.I)
_CAPITALISED = re.compile(r"(?:St\.\s+)?[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*")  # "St. Nicholas Monastery" too
_OPENING_PREPOSITIONS = frozenset({"around", "outside", "inside", "across", "along", "toward", "towards", "beyond"})
_FILLER_STOP = re.compile(r"[,.;:]|\b(?:and|or|but|that|which|who|to|what)\b")  # a cue's clause ends here
_AREA_UNIT = re.compile(r"\bsquare\s*$", re.I)
_FILLER = re.compile(r"^(?:\s*[\w’'-]+){0,%d}\s*$" % CUE_FILLER_WORDS)  # "in Russia's Kursk region"


@dataclass(frozen=True)
class Located:
    """A usable place mention within one sentence, with sentence-relative offsets."""

    mention: Mention
    start: int
    end: int
    cue: str  # "event", "near", "passing" (named in passing, told of by a relative clause) or "" (no locative cue)

    @property
    def is_region(self) -> bool:
        """Regions and countries: kept only when no settlement is named."""
        return self.mention.place is not None and self.mention.place.is_region

    @property
    def is_unknown(self) -> bool:
        """A name the gazetteer does not know (``unknown_places``)."""
        return self.mention.place is None

    @property
    def is_country(self) -> bool:
        """Countries: a place only after a locative cue ("in Ukraine")."""
        return self.mention.place is not None and self.mention.place.feature == "country"


def usable_mentions(sentence: str, offset: int, mentions: list[Mention], *, dateline_end: int = 0,
                    frame: str = "") -> list[Located]:
    """The sentence's resolved mentions that can be an event's place.

    Parameters
    ----------
    sentence : str
        The sentence text.
    offset : int
        Where the sentence starts in the article (mentions carry article offsets).
    mentions : list of Mention
        Resolved mentions inside the sentence.
    dateline_end : int
        Length of the sentence's dateline prefix: places in it are excluded.
    frame : str
        The trigger's frame: for "withdraw" and "recapture", a place after
        "from" is where the action happened.
    """
    out = []
    for mention, start, end, (role, text) in _placed_mentions(sentence, offset, mentions, dateline_end):
        if role == "passing" and not (text.casefold().startswith(_ORIGIN_CUES) and frame in FROM_IS_PLACE):
            continue
        if not role and _is_seat_of_power(mention):
            continue  # "as Moscow presses an offensive", "what Kyiv described": the government, not the city
        out.append(Located(mention, start, end, "event" if role == "passing" else role))
    return [loc for loc in out if not loc.is_country or loc.cue]


def _placed_mentions(sentence: str, offset: int, mentions: list[Mention],
                     dateline_end: int) -> Iterator[tuple[Mention, int, int, tuple[str, str]]]:
    """Resolved mentions past the dateline that name no actor, with sentence offsets and their cue."""
    for mention in mentions:
        start, end = mention.start - offset, mention.end - offset
        if mention.place is not None and start >= dateline_end and not _is_actor(sentence, start, end, mention):
            yield mention, start, end, _cue(sentence, start)


def _is_actor(sentence: str, start: int, end: int, mention: Mention) -> bool:
    after = sentence[end:]
    if _POSSESSIVE.match(after) or _ACCORDING.search(sentence[:start]):
        return True
    if _OFFICE_OF.search(sentence, max(0, start - 30), start):
        return True  # "Volobuev, who heads the Belovsky district, wrote": the domain of his office
    if _TITLE_AFTER.match(after) and _TITLE_AFTER.match(after).group(1).casefold() in lexicon.person_titles():
        return True  # "Kyiv Mayor Vitali Klitschko said": the office's domain, not where anything happened
    verb = _SUBJECT_VERB.match(after)
    if verb is None:
        return False
    next_words = after[:verb.end() + 25]
    return lexicon.reporting_verbs().match(next_words.lstrip()) is not None  # "Moscow said": a speaker


def _is_seat_of_power(mention: Mention) -> bool:
    place = mention.place
    return place is not None and not place.is_region and place.population >= METONYM_POPULATION


def _cue(sentence: str, start: int) -> tuple[str, str]:
    """(role, cue text) of the nearest locative cue before the place, or ('', '')."""
    best: tuple[str, str] = ("", "")
    for match, cue in lexicon.locatives().finditer(sentence):  # in text order: the last usable one is nearest
        if match.end() > start:
            break
        if match.end() < start - CUE_WINDOW_CHARS:
            continue
        filler = sentence[match.end():start]
        if not _FILLER.match(filler) or _FILLER_STOP.search(filler):
            continue
        if cue.role == "passing" and _AREA_UNIT.search(sentence, max(0, match.start() - 12), match.start()):
            continue  # "1,300 square km of the Kursk region" is an area, not a distance
        best = (cue.role, match.group(0))
    return best


def unknown_places(sentence: str, offset: int, known: list[Mention]) -> list[Located]:
    """Capitalised names the gazetteer does not know, as unresolved places (``mention.place`` None).

    Only an action's object list uses them ("won back Goncharovka,
    Zaoleshenka and Rubanshchina"): there a name is a place even when no
    gazetteer has it. Not the sentence's first word, a party ("Ukrainian
    positions"), a listed source or words of its name ("the Institute for the
    Study of War"), a time ("Palm Sunday"), a title, a war ("World War II"),
    a statement's medium ("claimed on Telegram"), a speaker ("Shot claimed"),
    a person an appositive describes ("Yuri Kotyonok, a war correspondent"),
    or a known place.
    """
    taken = [(m.start - offset, m.end - offset) for m in known]
    taken += [m.span() for m, _ in lexicon.sources().finditer(sentence)]  # "the Institute for the Study of War"
    listed_dates = [m.span("name") for m in _DATE_NAMED_ITEM.finditer(sentence)]  # "Snagost and 10th October"
    taken += [(t.start, t.end) for t in find_times(sentence, anchor=_ANY_DAY)  # "on Palm Sunday", "Victory Day"
              if not any(a <= t.start < b or t.start <= a < t.end for a, b in listed_dates)]
    out = [Located(Mention(sentence[a:b], a + offset, b + offset, None), a, b, "") for a, b in listed_dates
           if not any(s < b and a < e for s, e in taken)]
    taken += listed_dates
    for match in _CAPITALISED.finditer(sentence):
        start, end, name = _without_opening_word(match)
        if start == 0 or any(s < end and start < e for s, e in taken) or not _could_be_a_place(sentence, start, name):
            continue
        out.append(Located(Mention(name, start + offset, end + offset, None), start, end, _place_cue(sentence, start)))
    return out


def _without_opening_word(match: re.Match[str]) -> tuple[int, int, str]:
    """A capitalised run without the preposition or article that opens its sentence ("Near Zeleny Shlyakh
    the fighting went on", "In Plodosovkhoz ..."): only the word's capital joined it to the name."""
    start, end, name = match.start(), match.end(), match.group(0)
    first, _, rest = name.partition(" ")
    if rest and first.casefold() in FUNCTION_WORDS | _OPENING_PREPOSITIONS:
        return end - len(rest), end, rest
    return start, end, name


def _called_a_settlement(sentence: str, start: int) -> bool:
    """Whether the name at ``start`` follows a noun that makes it a settlement ("the village of", "the
    settlement of"), not only a locative ("in", "near") that any capitalised word may follow."""
    found = lexicon.locatives().just_before(sentence, start)
    return found is not None and found[1].role == "event" and found[1].marks_place \
        and found[0].group(0).split()[-1].casefold() in ("of", "the") and " of" in found[0].group(0).casefold()


def _place_cue(sentence: str, start: int) -> str:
    """The role of a cue that marks what follows as a place ("in the village of Gruzskoye"), or ''."""
    found = lexicon.locatives().just_before(sentence, start)
    return found[1].role if found is not None and found[1].marks_place and found[1].role in ("event", "near") else ""


def _could_be_a_place(sentence: str, start: int, name: str) -> bool:
    if named_actors(name) or lexicon.sources().owner(name) is not None or is_adjective_before_noun(sentence, start):
        return False
    if _MEDIUM_BEFORE.search(sentence, max(0, start - 40), start):
        return False  # "in a post on TruthSocial", "a video on Telegram": where it was said, not a place
    if _SAID_ON.search(sentence, max(0, start - 30), start) or _MEDIUM_AFTER.match(sentence, start + len(name)):
        return False  # "claimed on Telegram", "wrote on his Telegram channel": the medium of a statement
    heads = [lexicon.name_heads().owner(word) for word in name.split()]
    if any(ch.isdigit() for ch in name) or lexicon.name_heads().match(sentence, start + len(name) + 1) \
            or any(head is not None and head.role != "facility" for head in heads):
        # "K-040" (a road), "the Edelweiss brigade", "the St. Nicholas Belogorsky monastery" (a facility of the
        # place named after it), "Lomonosov Street", "World War II"; a landmark that bears its noun in its own
        # name ("the St. Nicholas Monastery") is where the event was
        return False
    if _INDEFINITE_BEFORE.search(sentence, max(0, start - 4), start):
        return False  # "the drone hit a Lada Largus": a thing, since no settlement's name takes "a"
    if _CROSSED_BEFORE.search(sentence, max(0, start - 12), start) and not _UNIT_WORD.match(sentence, start + len(name)):
        return False  # "bridges over the Seim", "across the Dnipro": what is crossed is a river, not a settlement
    if before_reporting_verb(sentence, start + len(name)):
        return False  # "Shot claimed", "Alex said": a speaker
    if " " in name and _PERSONAPPOSITIVE_ASIDE.match(sentence, start + len(name)):
        return False  # "Yuri Kotyonok, a pro-Kremlin war correspondent"
    first = name.split()[0].casefold().rstrip(".")
    return len(name) >= 4 and first not in lexicon.person_titles() and first not in MONTHS and first not in WEEKDAYS


def clause_places(sentence: str, hit: TriggerHit, usable: list[Located], *, boundaries: list[int],
                  unknown: Sequence[Located] = ()) -> list[Located]:
    """The places the trigger ``hit`` governs in its clause (settlements over regions).

    ``boundaries`` are sentence offsets where another action's clause starts
    (other triggers, reporting verbs): the scope never crosses them.
    ``unknown`` places (``unknown_places``) count only in the action's object list.
    """
    strength = hit.trigger.strength
    found = [] if strength == "subject" else _forward(sentence, hit, [*usable, *unknown], boundaries)
    if not found and (strength != "object" or _PASSIVE_BEFORE.search(sentence, 0, hit.start)):
        # "taken" governs the place before it only in the passive ("Oleshnya was taken")
        found = _backward(sentence, hit, [*usable, *unknown], boundaries, adjacent=strength in ("object", "subject"))
    if not found:
        found = _antecedent(sentence, hit, usable)
    if not found and strength == "strong":
        # "In the settlement of Artakovo, two buildings went up in flames after a drone strike": a name the
        # sentence calls a settlement is where its one strong action happened, known or not
        found = [loc for loc in unknown if _called_a_settlement(sentence, loc.start)]
    container: list[Located] = []
    if found and all(loc.mention.place is None for loc in found):
        # the district or region that holds the unknown villages, the narrowest named: kept beside them, so
        # they are drawn there ("the village of Makiivka in the Luhansk region"), not at the article's region
        container = sorted((loc for loc in usable if _breadth(loc) > 0 and not loc.is_country), key=_breadth)[:1]
        # "A in the Sumy region, as well as B in the Donetsk region": each village its own container
        container += [c for loc in found if (c := own_container(loc, usable)) is not None and c not in container]
        found += container
    if not found and hit.trigger.strength == "strong":
        found = _with_lists(sentence, [loc for loc in usable if loc.cue in ("event", "near") and not loc.is_country],
                            [*usable, *unknown])
    settlements = [loc for loc in found if not loc.is_region] + [c for c in container if c.is_region]
    # "in the Sudzha district and the Korenevo district": regions listed as the action's objects are each its
    # place; a lone region found otherwise is one
    listed_regions = [loc for loc in found if not loc.is_country] if len(found) > 1 else []
    return settlements or listed_regions or found[:1]


OWN_CONTAINER_CHARS = 14  # "Zelene Pole in the Donetsk region", "X in Russia's Kursk region": a container right after


def own_container(loc: Located, places: Sequence[Located]) -> Located | None:
    """The district or region named right after a place ("Zelene Pole in the Donetsk region"), or None."""
    after = [c for c in places if _breadth(c) > 0 and not c.is_country and 0 <= c.start - loc.end <= OWN_CONTAINER_CHARS]
    return min(after, key=lambda c: c.start, default=None)


def _forward(sentence: str, hit: TriggerHit, usable: list[Located], boundaries: list[int]) -> list[Located]:
    stop = min([b for b in boundaries if b > hit.end] + [len(sentence)])
    found: list[Located] = []
    last = hit.end
    for loc in sorted(usable, key=lambda loc: loc.start):
        if loc.start < hit.end or loc.start >= stop:
            continue
        # "advanced 2.5 km (1.5 miles) in ...", "the fiercest fighting, it said, was around ...": no new clause
        gap = _ASIDE.sub(" ", sentence[last:loc.start])
        if not found:
            gap = _UNIT_LIST.sub(" the units ", gap)  # "defeated formations of a tank brigade, ... and three regiments"
            unsaid = _SAID_ASIDE.sub(" ", gap)
            if _NAMEDAPPOSITIVE_ASIDE.match(gap) or _LIST_OF_OBJECT.match(gap) or _ADVERB_THEN_LOCATIVE.match(gap):
                found.append(loc)  # "hit the regional capital, also called Sumy"; "villages, among them A and B"
            elif _BOUNDARY.search(unsaid) or _COMMA.search(unsaid) or not (
                    _object_gap(unsaid) or (hit.trigger.strength != "object" and _target_then_locative(unsaid, loc))):
                break  # "wounded, survived and were brought to Kyiv": another clause
            else:
                found.append(loc)
        elif _is_list_gap(gap, same_kind=last == found[-1].end and _same_kind(loc, found[-1])):
            found.append(loc)  # another item of the list ("the Sudzha district and the Korenevo district")
        elif _LANDMARK_THEN_LOCATIVE.match(gap) and _breadth(loc) <= _breadth(found[-1]) \
                and _COMPASS_BEFORE.search(sentence, max(0, found[-1].start - 30), found[-1].start):
            found[-1] = loc  # "to the northeast of Sudzha near the village of X": Sudzha only says where X lies
        elif len(found) == 1 and found[0].is_country and not loc.is_country and _NARROWED.match(gap):
            found = [loc]  # "tried to cross into Russia through the Krasnaya Yaruga district": where in Russia
        elif len(found) == 1 and _breadth(found[0]) > _breadth(loc) and not found[0].is_country \
                and _NEAR_INSIDE.match(_UNIT_WORD.sub("", gap, count=1)):
            found = [loc]  # "made gains in the Glushkovo district on Saturday, close to the villages of A and B"
        elif _breadth(loc) <= _breadth(found[-1]) and _coordinated_locative(sentence[found[-1].end:loc.start]):
            # "near A and B in the X hromada, on the edge of C, and on the approaches to D"; not the region
            # after a settlement ("Maryino, in the Rylsky district"): that is its container
            if len(found) == 1 and _COMPASS_BEFORE.search(sentence, max(0, found[0].start - 30), found[0].start):
                found = []  # "fighting east of Sudzha, around A and B": Sudzha only says where A and B lie
            found.append(loc)
        elif _BOUNDARY.search(gap) or _COMMA.search(gap):
            break
        # else: a container or landmark of the last item ("Novenke in Sumy region"): not an event place
        last = loc.end
    return found


def _with_lists(sentence: str, found: list[Located], usable: list[Located]) -> list[Located]:
    """``found`` with the rest of each one's list: a cue marks a list's first item only ("over the
    Kursk, Belgorod and Bryansk regions"); a name the gazetteer lacks is an item among settlements
    ("in areas including Bilopillia, Vodolahy, Zhuravka and Obody")."""
    out = list(found)
    for loc in sorted(usable, key=lambda loc: loc.start):
        last = out[-1] if out else None
        if loc in out or last is None or loc.start < last.end:
            continue
        among_settlements = (loc.is_unknown or last.is_unknown) and _breadth(loc) == _breadth(last) == 0
        if not (_same_kind(loc, last) or among_settlements):
            continue
        if _is_list_gap(sentence[last.end:loc.start], same_kind=not among_settlements):
            out.append(loc)
    return sorted(out, key=lambda loc: loc.start)


def _same_kind(loc: Located, other: Located) -> bool:
    """Two places the gazetteer knows, both settlements or both regions."""
    known = loc.mention.place is not None and other.mention.place is not None
    return known and _breadth(loc) == _breadth(other)


def _is_list_gap(gap: str, *, same_kind: bool) -> bool:
    """Whether ``gap`` parts two items of one list of places. "the" after a comma ("the Kursk region,
    the Belgorod region") only between places of one kind: else it opens an appositive."""
    gap = _SKIPPED_ITEM.sub("", _SETTLEMENT_WORD.sub("", _UNIT_WORD.sub("", gap, count=1), count=1))
    return len(gap) <= LIST_GAP_CHARS and bool(_LIST_GAP.match(gap) or (same_kind and _LIST_GAP_THE.match(gap)))


def _breadth(loc: Located) -> int:
    """0 for a settlement (or a name the gazetteer lacks), 1 for a district or area, 2 for a region or country."""
    place = loc.mention.place
    return 0 if place is None else 2 if place.is_region else 1 if place.feature == "area" else 0


def _coordinated_locative(gap: str) -> bool:
    """Whether ``gap`` joins one locative phrase of an action to the next: a comma, maybe "and", and the
    next phrase's own preposition ("..., on the edge of"), with the last item's container left out."""
    gap = _without_containers(gap)
    return len(gap) <= LIST_GAP_CHARS and bool(_LOCATIVE_ITEM.match(gap)) and not _BOUNDARY.search(gap)


def _target_then_locative(gap: str, loc: Located) -> bool:
    """Whether the words between a trigger and a place are its target, then a locative that marks the place
    ("a fire attack on Ukrainian troops and equipment close to the settlements of"): longer than an object's
    head may be, as the cue says where."""
    return bool(loc.cue) and len(gap) <= LOCATIVE_GAP_CHARS


def _object_gap(gap: str) -> bool:
    """Whether the words between a trigger and a place can be its object's head
    ("the town of", "two more villages,"), not another clause ("... and prevent")."""
    return len(gap) <= SHORT_GAP_CHARS or (len(gap) <= FORWARD_GAP_CHARS and bool(_ENDS_WITH_PREPOSITION.search(gap)))


def passing_antecedent(sentence: str, offset: int, mentions: list[Mention], hit: TriggerHit, *,
                       dateline_end: int = 0) -> list[Located]:
    """A place named in passing that a relative clause right after it describes: "a video comes from
    Pogrebki, which recently came back under our control" is news of Pogrebki, though "from" is no locative."""
    passing = [Located(mention, start, end, "passing")
               for mention, start, end, (role, _) in _placed_mentions(sentence, offset, mentions, dateline_end)
               if role == "passing"]
    return _antecedent(sentence, hit, passing)


def _antecedent(sentence: str, hit: TriggerHit, usable: list[Located]) -> list[Located]:
    """The place a relative clause hangs on: "the Kursk region, from which Moscow says it has
    expelled Kyiv's forces", "Sudzha, where fighting went on"."""
    for loc in sorted(usable, key=lambda loc: -loc.start):
        if loc.end <= hit.start and _RELATIVE_TO_PLACE.match(sentence[loc.end:hit.start]):
            return [loc]
    return []


def _container_start(sentence: str, loc: Located) -> int:
    match = _IN_THE_BEFORE.search(sentence, max(0, loc.start - 12), loc.start)
    return match.start() if match else loc.start


def _without_containers(gap: str) -> str:
    return _CONTAINER.sub("", gap)


def _backward(sentence: str, hit: TriggerHit, usable: list[Located], boundaries: list[int],
              *, adjacent: bool = False) -> list[Located]:
    """Places before the trigger: its subject ("Guevo had been retaken"), or a list of them.

    ``adjacent``: the place must be the trigger's own subject, a few words before it
    ("Sverdlikovo fell", "Oleshnya was taken"), as verbs that need a place as subject or object do.
    """
    asides = [m.span() for m in RELATIVE_ASIDE.finditer(sentence, 0, hit.start)]
    asides += [m.span() for loc in usable if (m := APPOSITIVE_ASIDE.match(sentence, loc.end)) and m.end() <= hit.start]
    start = max([b for b in boundaries if b < hit.start and not any(a <= b < e for a, e in asides)] + [0])
    # "Novenke and Basivka in the Yunakivka hromada and Veselivka ...": a container of the item
    # before it, not an item of the list; its words count as part of the gap
    containers = [loc for loc in usable if _CONTAINER.match(sentence, _container_start(sentence, loc))
                  and _container_start(sentence, loc) < loc.start
                  and any(0 <= _container_start(sentence, loc) - other.end <= CONTAINED_GAP_CHARS
                          for other in usable if other is not loc)]
    # "Gornal, which Moscow describes as the last settlement in Russia's Kursk Oblast ..., had been
    # liberated": the relative clause between the subject and its verb is skipped, with its places
    before = [loc for loc in usable if start <= loc.start and loc.end <= hit.start and loc not in containers
              and not any(a <= loc.start < b for a, b in asides)]
    ordered = sorted(before, key=lambda loc: -loc.start)
    if not ordered:
        return []
    nearest = ordered[0]
    found = [nearest]
    for loc in ordered[1:]:  # the rest of a list before a passive ("A, B and C are back under Russian control")
        between = _without_containers(sentence[loc.end:found[-1].start])
        if len(between) > LIST_GAP_CHARS or not _LIST_GAP.match(between):
            break
        found.append(loc)
    gap = _without_containers(RELATIVE_ASIDE.sub("", APPOSITIVE_ASIDE.sub("", sentence[nearest.end:hit.start], count=1)))
    gap = _ADVERB_ASIDE.sub(" ", gap)  # "Sudzha, meanwhile, was shelled": the aside parts no subject from its verb
    if _DASH_BEFORE.search(sentence, 0, found[-1].start):
        gap = _DASH_AFTER.sub(" ", gap, count=1)  # "four villages – A, B and C – were in a grey zone"
    if adjacent and (len(gap) > ADJACENT_GAP_CHARS or _COMMA.search(gap)):
        return []
    fronted = bool(nearest.cue) and gap.strip().startswith(",") and not _BOUNDARY.search(gap)
    if len(gap) > BACKWARD_GAP_CHARS or _BOUNDARY.search(gap) or (_COMMA.search(gap) and not fronted):
        return []
    return found[::-1]
