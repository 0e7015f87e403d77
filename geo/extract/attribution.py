"""Who claims it: the reporting subject of a sentence, and the claim's standing.

A sentence with a reporting verb (``data/lexicon/reporting.csv``: "said",
"announced", "according to", "put the area at" ...) is a claim, and its
claimant is the reporting subject:

- a state right before the verb ("Russia said", "Kyiv says") speaks through
  its military (``data/lexicon/state_voices.csv``);
- a source of ``data/sources.csv`` named next to the verb ("the General
  Staff reported", "according to DeepState"), resolved by date for offices
  whose holder changed;
- an unqualified office ("the defence ministry said") is the one of the side
  the article already points to: its earlier claimants, else the sentence's
  actors (``data/lexicon/institutions.csv``); "the governor" is the governor
  of the article's region;
- else a capitalised name next to the verb ("Yuri Podolyak wrote"), without
  its title;
- a pronoun or a noun standing for a source ("it said", "the channel said",
  "according to the project": ``data/lexicon/anaphora.csv``) is the previous
  claim's claimant.

People: ``people_named`` collects the full names a sentence introduces and
``offices_named`` the listed source a person is introduced as heading
("Oleh Hryhorov, head of the Sumy Oblast Military Administration"), so a
later bare surname ("according to Hryhorov") speaks for them.

Who cites whom: an outlet citing a source relays its claim ("TASS reported,
citing the ministry"), an official citing someone makes the claim ("Zelensky,
citing the commander, said").

Retold stories: ``headline_source`` reads whom a story retells from a headline
that opens with them ("Forbes: ...", "Belgorod governor: ..."); the pipeline
gives that source the claims of the sentences that name no other and are not
background.

Partisan outlets: ``partisan_voice`` gives the claim an article's own words
make when its outlet is a side's state media or blogger (TASS, RIA Novosti):
the pipeline reads what such an outlet tells of its own side's actions as that
side's claim, of the source it last relayed, else of the outlet.

Standing: ``denied`` when the report itself calls the claim false
("falsely"), ``disputed`` when someone denies it or has not confirmed it
("Neither the General Staff nor the commander has confirmed"), ``claimed`` when it is
attributed, ``reported`` when the article states it as fact. The dateline
is stripped before this module sees the sentence: "KYIV -" never makes a
claim. This module does not find events.
"""

from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass, replace
from datetime import date
from typing import Sequence

from geo import lexicon, timex
from geo.pubdate import MONTHS, WEEKDAYS
from geo.records import ClaimStatus

__all__ = ["Attribution", "as_listed_source", "attribute", "headline_source", "mentioned_source", "names_the_outlet",
           "offices_named", "partisan_voice", "people_named"]

RELAYING_KINDS = frozenset({"outlet", "wire", "state media"})  # these carry what they cite; see _cites_as_own
SUBJECT_WINDOW_CHARS = 60  # how far from its verb a reporting subject may be
AFTER_VERB_PENALTY = 30  # characters a source after its verb counts as farther away
# ", which Kyiv also denied", ", a claim Ukraine rejects": a denial hung on what was claimed, by a subject of its own
_DENIED_IN_RELATIVE = re.compile(r",\s+(?:which|a\s+claim(?:\s+that)?|an\s+assertion(?:\s+that)?)\s+"
                                 r"(?:[\w’'-]+\s+){1,4}(?:also\s+|has\s+|have\s+|had\s+|strongly\s+)*$", re.I)
SPEAKS_AFTER_CHARS = 20  # "bloggers say", "the ministry, in a statement, said": a source's own verb this near
# from a reporting verb to the subject of the clause it reports: "said (on Wednesday) that (the)"
_THAT_CLAUSE = re.compile(r"\s+(?:(?:on|last|this|late|early)\s+[\w-]+\s+)?that\s+(?:the\s+)?")
RELAY_GAP_CHARS = 5  # "quoted by the TASS agency": how far after "quoted by" the relaying outlet starts
# a name right before its verb; "of"/"for" join the words of an organisation's name
# ("Center for Strategic Communications"), and a possessive before it is its country's ("Ukraine's")
_NAME = re.compile(r"(?:\b[A-Z][\w-]+[’']s\s+)?((?:[A-Z][\w’'-]+\s+(?:(?:of|for)\s+(?:the\s+)?)?){0,3}"
                   r"(?:[A-Z][\w’'-]+|(?<=[A-Za-z]\s)[A-Z]))\s*,?\s*$")  # "Upravlenie Z": a letter ends a name
# "Goncharenko appeared to confirm", "the ministry did not confirm", "Syrskyi has told": words between a
# subject and its verb
_RAISING = re.compile(r"\s+(?:appeared|appears|seemed|seems|did not|does not|has not|have not|had not|has yet|"
                      r"have yet|declined|refused|was quick|were quick|was able|were able|has|have|had)"
                      r"(?:\s+to)?\s*$", re.I)
# "<office>, <First Last>," after "according to" ("the head of the district, Alexander Bogachev,"): an office,
# then the person holding it
_OFFICE_THEN_NAME = re.compile(r"\s*(?:the\s+)?(?:[A-Z][\w-]*[’']s\s+)?(?:[a-z-]+\s+){0,3}([a-z-]+),\s+"
                               r"([A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){1,2}),")
_NAME_AFTER = re.compile(r"^\s*(?:by\s+)?(?:the\s+)?((?:[A-Z][a-z]{1,4}\.\s+){0,2}(?:[A-Z][\w’'-]+\s+){0,2}[A-Z][\w’'-]+)")  # "Lt. Gen. X Y"
# "Ukrainian journalist ", "the pro-war military blogger ": a description ending in a title, before a name
_TITLED_AFTER = re.compile(r"^\s*(?:the\s+)?(?:[A-Z][a-z]+\s+)?(?:[a-z-]+\s+){0,2}(?P<title>[a-z-]+)\s+(?=[A-Z])")
_INVERTED = re.compile(r"[,“”\"]\s*$")  # ", said the ministry."
_CLAUSE_END = re.compile(r"\s*(?:[.,;:]|$)")
# "Kovalenko, who heads ...,", "Kovalenko, an official of ...,": a person, described between commas
_APPOSITIVE = re.compile(r"((?:[A-Z][\w’'-]+\s+){0,2}[A-Z][\w’'-]+),\s+(?:who|whose|an?|the)\s[^,]{0,80},\s*$")
# ", an online tracker with links to the Ukrainian army, " right before a reporting verb: describes its subject
# also after a closing quote; a medium or occasion too ("the ministry, in a statement on the fighting, said")
_DESCRIBED = re.compile(r",['\"”’]?\s+(?:an?|the|who|which|whose|in\s+(?:an?|its|their|his|her)|"
                        r"on\s+(?:its|their|his|her))\s[^,]{0,100},\s*$")
_LAST_WORD = re.compile(r"([A-Za-z.]+)\s*$")
# A name right before its verb, perhaps with an auxiliary or a day between ("Russia has said", "Kyiv on Monday said").
_STATE_SUBJECT = re.compile(r"(?<![\w’'-])(?<!\bof )(?<!\bin )(?<!\bby )(?<!\bfor )(?<!\bto )(?<!\bfrom )([A-Z][a-z]+(?:\s+side)?)\s+(?:(?:has|had|have|also|again|earlier|later|now|on\s+[A-Z][a-z]+day)\s+)*$")
_NEGATION_BEFORE = re.compile(r"(?:\b(?:not|never|neither|nor|no one|nobody)\b|n[’']t\b)[^,;:.]{0,60}$", re.I)
_NOT_NAMES = frozenset({"The", "A", "An", "In", "On", "It", "He", "She", "They", "This", "That", "But", "And",
                        # a conjunction opening the sentence: "As Ukrinform reported earlier" names Ukrinform
                        "As", "While", "When", "After", "Before", "Since", "If", "Although", "Though", "Meanwhile"})


@dataclass(frozen=True)
class Attribution:
    """The standing of a sentence's claims and who makes them."""

    status: ClaimStatus
    claimant: str = ""
    side: str = ""
    denier: Attribution | None = None  # who denies or will not confirm the claim ("Kyiv denied ..."): not its claimant


def attribute(sentence: str, *, on: date, article_sides: tuple[str, ...] = (), actors: tuple[str, ...] = (),
              previous: Attribution | None = None, continuing: bool = False, region: str = "",
              people: frozenset[str] = frozenset()) -> Attribution:
    """The claim standing and claimant of ``sentence`` (dateline already removed).

    Parameters
    ----------
    sentence : str
        The sentence without its dateline.
    on : date
        The report's date: offices are resolved to their holder that day.
    article_sides : tuple of str
        Sides of the claimants earlier in the article, latest first.
    actors : tuple of str
        The parties the sentence names, in order.
    previous : Attribution or None
        The article's last claimant or named source, for pronoun subjects.
    continuing : bool
        True when the sentence is in ``previous``'s paragraph: a reporting
        verb with no subject of its own ("footage released on Tuesday
        shows ...") continues that claim.
    region : str
        The article's region ("Belgorod"): "the governor" is its governor.
    people : frozenset of str
        Surnames of people the article introduced by full name: "according to Hryhorov" is a speaker.
    """
    verbs = [(m.start(), m.end(), _negated(sentence, m.start(), cue.role))
             for m, cue in lexicon.reporting_verbs().finditer(sentence) if not _is_name(sentence, m.start())]
    if not verbs:
        return Attribution("reported")
    stances = {role for _, _, role in verbs}
    if all(_hearsay(sentence, start, end) for start, end, _ in verbs):
        claimant, side = UNNAMED, ""  # "Russia has reportedly brought in ...": Russia acts, no one is said to speak
    else:
        # "The ministry claimed the capture of Basivka, which Kyiv denied": the denial in the relative clause
        # makes the claim disputed; its subject is not the claimant
        speaking = [v for v in verbs if not (v[2] == "deny" and _DENIED_IN_RELATIVE.search(sentence, 0, v[0]))] or verbs
        claimant, side = _claimant(sentence, speaking, on=on, article_sides=article_sides, actors=actors,
                                   previous=previous, region=region, people=people)
    if not claimant and _AGENTLESS.search(sentence):
        claimant = UNNAMED  # "reportedly", "were reported liberated": a claim the report pins on no one
    if not claimant and previous is not None and (continuing or _evidence_only(sentence, verbs)):
        # "According to geolocated footage posted on August 22, ...": evidence the last speaker presents
        claimant, side = previous.claimant, previous.side
    if "false" in stances:
        return Attribution("denied", claimant, side)
    if "deny" in stances:
        if _only_denies(sentence, verbs) and claimant != UNNAMED:
            return _denied_claim(sentence, verbs, Attribution("claimed", claimant, side), on=on, previous=previous)
        return Attribution("disputed", claimant, side)
    return Attribution("claimed", claimant, side)


# the owner of a denied claim, named with it: "claims by TASS", "reports from the Russian Defence Ministry"
_CLAIM_OF = re.compile(r"\b(?:claims?|reports?|statements?|assertions?|allegations?)\s+(?:by|of|from)\s+"
                       r"(?P<owner>(?:the\s+)?[\w’'-]+(?:\s+[\w’'-]+){0,4})", re.I)


def _only_denies(sentence: str, verbs: list[tuple[int, int, str]]) -> bool:
    """Whether the sentence's statement is a denial: its first reporting word denies ("rejected", not a
    negated "has not confirmed", whose subject keeps the claim), and any other comes after it, inside
    what is denied ("rejected claims that ...", "denied reports that ...")."""
    start, end, role = verbs[0]
    verb = lexicon.reporting_verbs().owner(sentence[start:end])
    denies = role == "deny" and verb is not None and verb.role == "deny"
    return denies and all(other >= end for other, _, role in verbs[1:] if role != "deny")


def _denied_claim(sentence: str, verbs: list[tuple[int, int, str]], denier: Attribution, *, on: date,
                  previous: Attribution | None) -> Attribution:
    """A denial's claim: its claimant is whom the denied claim belongs to, the denier only disputes it
    ("Kyiv denied that Russia had taken Basivka", after the ministry's claim; "rejected claims that ...").
    The claim's owner is a source named after the denial's verb ("dismissed the claims by TASS"), else the
    last speaker of another side, else unnamed reports."""
    after = sentence[verbs[0][1]:]
    pinned = _CLAIM_OF.search(after)
    named = mentioned_source(pinned.group("owner"), on=on) if pinned else None
    if named is not None and named.claimant != denier.claimant:
        owner = named
    elif previous is not None and previous.claimant and previous.side and previous.side != denier.side:
        owner = previous
    else:
        owner = Attribution("claimed", UNNAMED, "")
    return Attribution("disputed", owner.claimant, owner.side, denier=denier)


def _evidence_only(sentence: str, verbs: list[tuple[int, int, str]]) -> bool:
    """Whether the sentence's only reporting words are evidence ("geolocated footage shows", "according to
    footage", "explosions were recorded"): no one speaks in it, so the last speaker presents it, even in a
    new paragraph."""
    evidence = [_EVIDENCE.fullmatch(sentence, start, end) is not None or recorded_by_no_one(sentence, start, end)
                for start, end, _ in verbs]
    return any(evidence) and all(e or sentence[start:end].casefold() in _EVIDENCE_FRAME
                                 for e, (start, end, _) in zip(evidence, verbs))


def recorded_by_no_one(sentence: str, start: int, end: int) -> bool:
    """A tally's agentless passive ("In Hlukhiv hromada, three explosions were recorded"): a bulletin's own
    record, which the bulletin's source keeps for paragraph after paragraph."""
    return (sentence[start:end].casefold() == "recorded" and _TALLY_PASSIVE.search(sentence, max(0, start - 25), start)
            is not None and not re.match(r"\s+by\b", sentence[end:]))


_TALLY_PASSIVE = re.compile(r"\b(?:was|were|is|are|been|being)\s+(?:\w+ly\s+|also\s+|again\s+)?$", re.I)


def _hearsay(sentence: str, start: int, end: int) -> bool:
    """Whether the reporting verb names no speaker: "reportedly", or a passive with the actor as its subject
    ("Moscow is said to have recaptured ...": Moscow acts, no one is said to speak)."""
    return (sentence[start:end].casefold() == "reportedly"
            or bool(_HEARSAY_VERB.fullmatch(sentence, start, end) and _PASSIVE_COPULA.search(sentence, max(0, start - 25), start)
                    and _HEARSAY_AFTER.match(sentence, end)))


def _negated(sentence: str, at: int, role: str) -> str:
    """A confirmation, or its absence: "Neither the General Staff nor the commander has confirmed that ..."
    disputes what follows; "did not say when" is no statement about it either way."""
    if role != "confirm":
        return role
    return "deny" if _NEGATION_BEFORE.search(sentence, max(0, at - 60), at) else "assert"


def _is_name(sentence: str, at: int) -> bool:
    return sentence[at].isupper() and bool(sentence[:at].strip()) and sentence[at:at + 3] != "Per"


_ADDRESSEE_BEFORE = re.compile(r"\b(?:told|tells|telling|(?:an?\s+)?interview\s+with|speaking\s+to|spoke\s+to|"
                               r"talking\s+to|comments?\s+to|remarks\s+to|said\s+to)\s+(?:the\s+)?"
                               r"(?:(?-i:[A-Z][a-z]+)\s+){0,2}$", re.I)  # "told President Volodymyr Zelensky"
_BASED_AFTER = re.compile(r"-based\b", re.I)
_CLOSE_TO_AFTER = re.compile(r"\s+(?:close\s+to|linked\s+to|tied\s+to|loyal\s+to|affiliated\s+with|connected\s+to)\s+"
                             r"(?:the\s+)?", re.I)
_CLOSE_TO_SPAN = re.compile(r"\b(?:close\s+to|linked\s+to|links\s+to|tied\s+to|loyal\s+to|affiliated\s+with|"
                            r"connected\s+to)\s+[^,;:]{1,60}", re.I)
# "Rybar and other Russian military sources have admitted": the class the named source belongs to, not a
# second speaker
_AND_OTHER_SPAN = re.compile(r"\b(?:and|as\s+well\s+as)\s+other\s+(?:[\w’'-]+\s+){0,3}[\w’'-]+", re.I)
_TELLING = re.compile(r"told|tells|telling", re.I)
_WORD_AFTER = re.compile(r"\s+([A-Za-z][\w.-]*)")
# "Some Russian military officials said": up to three modifiers (a demonym among them, maybe) and a plural head
_GROUP_SUBJECT = re.compile(r"(?:^|(?<=[,;:]\s)|(?<=\b[Ss]ome\s)|(?<=\b[Tt]he\s)|(?<=\b[Mm]any\s)|(?<=\b[Oo]ther\s))"
                            r"(?P<phrase>(?:(?:[A-Z][a-z]+|[a-z]+(?:-[a-z]+)?)\s+){0,3}?(?P<head>[a-z]+))"
                            r"\s+(?:(?:have|has|had|also|later|earlier)\s+)?$")
# "according to Russian Telegram channels,": the group after the phrase, up to the clause's end
_GROUP_AFTER = re.compile(r"\s+(?:the\s+|some\s+|several\s+|many\s+)?(?P<phrase>(?:(?:[A-Z][a-z]+|[a-z]+(?:-[a-z]+)?)\s+){0,3}?"
                          r"(?P<head>[a-z]+))(?=\s*(?:[,.;:]|$)|\s+(?:close|linked|tied|loyal|affiliated|connected)\s)")
_EVIDENCE = re.compile(r"footage|geolocated|show|shows|showed|shown", re.I)  # what evidence shows, no speaker
_EVIDENCE_FRAME = frozenset({"according to", "posted", "published"})  # "according to footage posted on ..."
_UNNAMED_REPORTS = re.compile(r"\baccording\s+to\s+(?:(?:some|several|other|unconfirmed|local|media|press|news)\s+){0,2}"
                              r"(?:reports|sources)\b(?!\s+(?:from|in|of|by|close)\b)", re.I)
_QUANTIFIER = re.compile(r"^(?:other|some|several|many|most|various|two|three)\s+", re.I)
# "A local Telegram channel said": one unnamed speaker, article included
_ONE_SUBJECT = re.compile(r"(?:^|(?<=[,;:]\s))(?P<phrase>[Aa]n?\s+(?:(?:[A-Z][a-z]+|[a-z]+(?:-[a-z]+)?)\s+){0,3}?"
                          r"(?P<head>[a-z]+))\s+(?:(?:has|had|also|later|earlier)\s+)?$")
UNNAMED = "unnamed reports"  # data/sources.csv: the claimant of a claim the report attributes to no one
_AGENTLESS = re.compile(r"\breportedly\b|\bthere\s+(?:were|are|have\s+been)\s+(?:\w+\s+)?reports\b|\b(?:was|were|is|are|been|being)\s+(?:\w+ly\s+)?(?:reported|said|claimed)\s+"
                        r"(?:to\s+(?:have\s+)?|as\s+)?(?!by\b)\w", re.I)
_PASSIVE_COPULA = re.compile(r"\b(?:was|were|is|are|been|being)\s+(?:\w+ly\s+)?$", re.I)
# Verbs of saying; "shown as" (a map shows) keeps the speaker of the map
_HEARSAY_VERB = re.compile(r"said|reported|claimed|believed|thought|alleged|rumou?red", re.I)
_HEARSAY_AFTER = re.compile(r"\s+(?:to|as)\b", re.I)  # "is said to have", "were reported as"; not "was said by"
_PLACE_HEADS = frozenset({"district", "region", "oblast", "province", "raion", "rayon", "hromada", "municipality",
                          "republic", "river"})
_RELATIVE_SAYING = re.compile(r"\b(?:that|which)\s+(?:he|she|they|it)\s+$", re.I)  # a pronoun's aside inside the subject
_PRONOUN_SUBJECT = re.compile(r"(?:^|[.;]\s+|,\s+)(?:he|she|they)\s+(?:\w+\s+){0,2}$", re.I)


def _claimant(sentence: str, verbs: list[tuple[int, int, str]], *, on: date, article_sides: tuple[str, ...],
              actors: tuple[str, ...], previous: Attribution | None, region: str = "",
              people: frozenset[str] = frozenset()) -> tuple[str, str]:
    cite = next(((start, end) for start, end, role in verbs if role == "cite"), None)
    cited = cite[1] if cite is not None and not _cites_as_own(sentence, cite[0], on) else None
    if cited is not None:  # "TASS reported, citing the ministry": the ministry makes the claim, TASS relays it
        inner = _claimant(sentence[cited:], [(0, 0, "assert")], on=on, article_sides=article_sides,
                          actors=actors, previous=previous, region=region, people=people)
        if inner[0]:
            return inner
    if previous is not None and previous.claimant and verbs and _PRONOUN_SUBJECT.search(sentence, 0, verbs[0][0]):
        # "He wrote that the Ukrainian army had taken ...": the pronoun is the subject, the army its object
        return previous.claimant, previous.side
    holder = _office_holder_after(sentence, verbs)
    if holder:
        return holder, ""
    # "Telegram channels close to Russia's Defence Ministry": whom a speaker is close to does not speak
    unrelated = _CLOSE_TO_SPAN.sub(lambda m: " " * len(m.group(0)), sentence)
    without_class = _AND_OTHER_SPAN.sub(lambda m: " " * len(m.group(0)), unrelated)
    if any(True for _ in lexicon.sources().finditer(without_class)):  # a source named besides the class
        unrelated = without_class
    for found in (_state_voice(unrelated, verbs, on), _sources_near(unrelated, verbs, on),
                  _office(unrelated, verbs, article_sides=article_sides, actors=actors, on=on, region=region,
                          previous=previous)):
        if found[0]:
            return found
    for n, (start, end, _) in enumerate(verbs):
        if n + 1 < len(verbs) and _RELATIVE_SAYING.search(sentence, max(0, start - 20), start):
            continue  # "In a statement that he said followed visits ..., commander Syrsky confirmed": the main verb's
        if previous is not None and previous.claimant and _refers_back(sentence, start, end):
            return previous.claimant, previous.side
        if _is_speaking_noun(sentence, verbs, n):
            break  # "Early reports put the toll at 10": the word before "reports" is no speaker
        # the whole lead-in: a name with its relative clause ("Kovalenko, who heads ..., said") runs long
        # after "told" comes whom the speaker told ("who told RFA Korean that ..."), never the speaker
        after = "" if _TELLING.fullmatch(sentence, start, end) else sentence[end:end + SUBJECT_WINDOW_CHARS]
        name = _person(sentence[:start], after, people)
        if name:
            return name, ""
    return _speaker_group(sentence, verbs)


def _is_speaking_noun(sentence: str, verbs: list[tuple[int, int, str]], n: int) -> bool:
    """Whether reporting word ``n`` is a plural noun, the subject of the reporting verb right after it
    ("Early reports put ...", "Preliminary reports say"): a verb in -s is never followed by another verb."""
    start, end, _ = verbs[n]
    return n + 1 < len(verbs) and sentence[start:end].casefold().endswith("s") \
        and not sentence[end:verbs[n + 1][0]].strip()


def _speaker_group(sentence: str, verbs: list[tuple[int, int, str]]) -> tuple[str, str]:
    """A group no one source stands for, right before the verb ("Western officials said", "Some Russian
    military officials said") or after "according to" ("according to Russian Telegram channels"): the
    phrase as written, with the side its demonym names. A bare noun ("analysts said") is no claimant."""
    for start, end, role in verbs:
        if role == "cite":
            continue
        if _UNNAMED_REPORTS.match(sentence, start) or _part_before(sentence, start):
            return UNNAMED, ""  # "according to media reports", "Some claimed": no one named
        if sentence[start:end].casefold().startswith("according"):
            match = _GROUP_AFTER.match(sentence, end)
        else:
            one = _ONE_SUBJECT.search(sentence, max(0, start - SUBJECT_WINDOW_CHARS), start)
            if _head_role(one) == "one":
                phrase = one.group("phrase")  # type: ignore[union-attr]
                return phrase[0].lower() + phrase[1:], ""  # "A local Telegram channel said"
            match = _GROUP_SUBJECT.search(sentence, max(0, start - SUBJECT_WINDOW_CHARS), start)
        if _head_role(match) != "group":
            continue
        phrase = _QUANTIFIER.sub("", match.group("phrase"))  # "Other Russian sources said": Russian sources
        if " " not in phrase:
            continue  # a bare "analysts said" names no one: the article's speaker may still be meant
        named = [a.name for a in lexicon.actors() if a.pattern.search(phrase)]
        sides = named or _side_close_to(sentence, match.end())
        side = sides[0] if len(set(sides)) == 1 else ""
        if match.group("head") == "reports" and not side:
            return UNNAMED, ""  # "Early reports put the toll at 10": reports no side or medium owns
        listed = _DEMONYMS.get(side) and lexicon.sources().owner(f"{_DEMONYMS[side]} {phrase}")
        if listed and not named:  # "Telegram channels close to Russia's Defence Ministry": Russian Telegram channels
            return listed.name, listed.side
        return phrase, side
    return "", ""


_DEMONYMS = {"Russia": "Russian", "Ukraine": "Ukrainian"}


def _part_before(sentence: str, start: int) -> bool:
    """Whether a quantifier pronoun is the verb's subject ("Some claimed", "; others said")."""
    before = lexicon.speaker_groups().just_before(sentence, start, window=12)
    return before is not None and before[1].role == "part"


def _head_role(match: re.Match[str] | None) -> str:
    """The speaker_groups.csv role of a subject phrase's head noun: "group", "one", or ''."""
    found = lexicon.speaker_groups().match(match.group("head")) if match is not None else None
    return found[1].role if found is not None else ""


def _side_close_to(sentence: str, at: int) -> list[str]:
    """The side of the source a group is said to be close to ("Telegram channels close to Russia's Defence
    Ministry"): the group's side, though not that source's voice."""
    close = _CLOSE_TO_AFTER.match(sentence, at)
    found = next(iter(lexicon.sources().finditer(sentence[close.end():close.end() + 60])), None) if close else None
    owner = next(iter(lexicon.sources().owners(found[0].group(0))), None) if found else None
    return [owner.side] if owner is not None and owner.side in ("Russia", "Ukraine") else []


def _office_holder_after(sentence: str, verbs: list[tuple[int, int, str]]) -> str:
    """The person after "according to" an office ("according to the country's top commander, <First
    Last>, Moscow has moved ..."): the speaker, not the party the clause then names."""
    for start, end, _ in verbs:
        if sentence[start:end].casefold().startswith("according"):
            office = _OFFICE_THEN_NAME.match(sentence, end)
            if office is not None and _is_title(office.group(1), lexicon.person_titles()):
                return office.group(2)
    return ""


def _cites_as_own(sentence: str, cite_start: int, on: date) -> bool:
    """Whether the one citing is no mere carrier: "the president, citing the commander, said" is the president's claim,
    while "TASS reported, citing the ministry" is the ministry's. Outlets relay; officials and
    commanders take the claim on themselves."""
    before = sentence[max(0, cite_start - SUBJECT_WINDOW_CHARS):cite_start]
    citer = None
    for match, _ in lexicon.sources().finditer(before):
        citer = _source_named(match.group(0), on) or citer
    return citer is not None and citer.kind not in RELAYING_KINDS


def _refers_back(sentence: str, start: int, end: int) -> bool:
    """Whether the verb's subject stands for the last claimant: "it said", "the channel said",
    "according to the project", "by their account"."""
    words = lexicon.anaphora()
    if words.just_before(sentence, start, window=SUBJECT_WINDOW_CHARS) is not None:
        return True
    if next(iter(words.finditer(sentence[start:end])), None) is not None:
        return True  # "by their account"
    # the subject follows only "according to" and an inverted verb (", said the ministry.")
    inverted = bool(_INVERTED.search(sentence, 0, start))
    if not (inverted or sentence[start:end].casefold().startswith("according")):
        return False
    subject_at = end + len(sentence[end:]) - len(sentence[end:].lstrip())
    return words.match(sentence, subject_at) is not None


def _sources_near(sentence: str, verbs: list[tuple[int, int, str]], on: date) -> tuple[str, str]:
    """The source named nearest a reporting verb."""
    best: tuple[int, str, str] | None = None
    sources = lexicon.sources()
    relays = [end for _, end, role in verbs if role == "relay"]
    asides = [m.span() for s, _, _ in verbs for m in [_DESCRIBED.search(sentence, 0, s)] if m]
    for match, _ in sources.finditer(sentence):
        source = next((s for s in sources.owners(match.group(0)) if s.valid_on(on)), None)
        if source is None or (source.kind in RELAYING_KINDS
                              and any(0 <= match.start() - end <= RELAY_GAP_CHARS for end in relays)):
            continue  # "quoted by TASS": TASS carries the claim; "reported by ISW": ISW makes it
        if _ADDRESSEE_BEFORE.search(sentence, max(0, match.start() - 30), match.start()):
            continue  # "the governor told Reuters", "said in an interview with TASS": the outlet is only told
        if _BASED_AFTER.match(sentence, match.end()):
            continue  # "the Washington-based think tank": where the speaker sits, not who speaks
        if any(_THAT_CLAUSE.fullmatch(sentence, e, match.start()) for _, e, _ in verbs if e <= match.start()) \
                and not any(0 <= s - match.end() <= SPEAKS_AFTER_CHARS for s, _, _ in verbs):
            # "Marochko said on Wednesday that the Russian army had liberated": the army is what was said; one
            # that speaks in turn ("Liga reported that Russian military bloggers say") is the claim's source
            continue
        title = _WORD_AFTER.match(sentence, match.end())
        if title is not None and _is_title(title.group(1), lexicon.person_titles()):
            continue  # "Kyiv Mayor Vitali Klitschko said": the office's domain, the person speaks
        if any(0 <= a - match.end() <= 1 for a, _ in asides):
            # "DeepState, a tracker with links to the Ukrainian army, said": the subject, not the army it describes
            return source.name, source.side
        distance = min(_subject_distance(sentence, match.start(), match.end(), s, e) for s, e, _ in verbs)
        if distance <= SUBJECT_WINDOW_CHARS and (best is None or distance < best[0]):
            best = (distance, source.name, source.side)
    return (best[1], best[2]) if best else ("", "")


def _state_voice(sentence: str, verbs: list[tuple[int, int, str]], on: date) -> tuple[str, str]:
    """"Russia said", "Moscow says": a state as the verb's subject speaks through its office."""
    for start, _, role in verbs:
        if role == "cite":
            continue
        subject = _STATE_SUBJECT.search(sentence, max(0, start - SUBJECT_WINDOW_CHARS), start)
        if subject is None:
            continue
        found = lexicon.state_voices().match(sentence, subject.start(1))
        if found is not None and found[0].end() == subject.end(1):
            source = _source_named(found[1].role, on)
            return (source.name, source.side) if source else (found[1].role, "")
    return "", ""


def _subject_distance(sentence: str, start: int, end: int, verb_start: int, verb_end: int) -> int:
    """Characters between a source and a reporting verb; a source after the verb is likelier its
    object ("said Moscow had moved troops") unless the verb is inverted ("..., said the ministry")."""
    distance = _distance(start, end, verb_start, verb_end)
    inverted = bool(_INVERTED.search(sentence, 0, verb_start)) and bool(_CLAUSE_END.match(sentence, end))
    subject_follows = sentence[verb_start:verb_end].casefold().startswith("according")  # "according to X"
    return distance + (AFTER_VERB_PENALTY if start >= verb_end and not (inverted or subject_follows) else 0)


def _distance(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return max(0, b_start - a_end, a_start - b_end)


def _office(sentence: str, verbs: list[tuple[int, int, str]], *, article_sides: tuple[str, ...],
            actors: tuple[str, ...], on: date, region: str = "", previous: Attribution | None = None) -> tuple[str, str]:
    sides = [s for s in article_sides + actors if s in ("Russia", "Ukraine")]
    for office in lexicon.institutions():
        for match in office.pattern.finditer(sentence):
            if min(_distance(match.start(), match.end(), s, e) for s, e, _ in verbs) > SUBJECT_WINDOW_CHARS:
                continue
            if previous is not None and previous.claimant and previous.claimant in office.by_side.values():
                # "Russia's Defence Ministry had not commented. The ministry did say ...": the one just named
                return previous.claimant, previous.side
            local = _source_named(office.regional.format(region=region), on) if office.regional and region else None
            if local is not None:
                return local.name, local.side  # "the governor" in a Belgorod report is Belgorod's
            own = _side_right_before(sentence, match.start())  # "the Russian Ministry of Defense": its own side
            if not (own or sides):
                continue  # whose ministry, with no side known: no one's
            holder = office.by_side[own or sides[0]]
            source = _source_named(holder, on)
            return (source.name, source.side) if source else (holder, sides[0])
    return "", ""


def _side_right_before(sentence: str, start: int) -> str:
    """The side a demonym right before an office names ("the Russian Ministry of Defense", "Ukraine's
    general staff"): Russia or Ukraine, else ''."""
    window = sentence[max(0, start - 24):start]
    found = [(m.end(), actor.name) for actor in lexicon.actors() for m in actor.pattern.finditer(window)]
    if not found:
        return ""
    end, side = max(found)
    return side if side in ("Russia", "Ukraine") and not window[end:].strip(" ’'s") else ""


def _is_time(name: str) -> bool:
    """Whether a capitalised word is a time expression ("Yesterday", "Today", "Tonight"), never a name."""
    return any(t.start == 0 and t.end == len(name) for t in timex.find_times(name, anchor=_ANY_DAY))


_ANY_DAY = date(2025, 1, 1)  # what a time word means does not matter here, only that it is one


def _source_named(text: str, on: date) -> lexicon.Source | None:
    return next((s for s in lexicon.sources().owners(text) if s.valid_on(on)), None)


@lru_cache(maxsize=1)
def _source_nouns() -> frozenset[str]:
    """Nouns that name a kind of source (``data/lexicon/anaphora.csv``: "the broadcaster", "the channel"):
    before a lone name they make it that source's name ("Ukraine's public broadcaster Suspilne reported")."""
    return frozenset(form.split()[-1].casefold() for cue in lexicon.anaphora() for form in cue.text.split("|")
                     if form.startswith("the ") and form.split()[-1].isalpha())


_FRONTED = re.compile(r"\s*(?:[\w’'-]+(?:\s+[\w’'-]+){0,3},\s*)?")  # nothing, or one to four words and a comma


_SUBJECT_ENDS = re.compile(r"\s*(?:[.,;:!?]|$|\s(?:on|in|at|via|from|told|wrote|added)\b)")


def _inverted_subject(after: str) -> bool:
    """Whether a name right after the verb is all its subject ("..., said Yuri Podolyaka." / "on Telegram"),
    not the start of what was said ("..., said Ukrainian forces were pulling out")."""
    described = _TITLED_AFTER.match(after)
    rest = after[described.end():] if described is not None else after
    name = _NAME_AFTER.match(rest)
    return name is not None and _SUBJECT_ENDS.match(rest, name.end()) is not None


def _person(before: str, after: str, people: frozenset[str] = frozenset()) -> str:
    titles = lexicon.person_titles()
    before = _RAISING.sub(" ", before)
    appositive = _APPOSITIVE.search(before)
    if appositive:  # "Kovalenko, who heads the counter-disinformation centre, said": a person, whatever the length
        name = " ".join(w for w in appositive.group(1).split() if not _is_title(w, titles))
        return "" if _names_a_party(name) else name
    # ", said Yuri Podolyaka": after a comma the verb is inverted, its subject follows; a name before the
    # comma ("near Novenke, said ...") ends the reported clause
    inverted = before.rstrip().endswith(",") and _inverted_subject(after)
    match = None if inverted else _NAME.search(before)
    described = None
    if match is None:
        described = _TITLED_AFTER.match(after)
        if described is not None and _is_title(described.group("title"), titles):
            after = after[described.end():]  # "according to Ukrainian journalist Andriy Tsaplienko": who, then the name
        else:
            described = None
        match = _NAME_AFTER.match(after)
    if match is None:
        return ""
    words = match.group(1).split()
    while len(words) > 1 and _names_a_party(words[0]):
        words = words[1:]  # "Ukrainian Sergeant Oleg Chaus": the demonym says whose, the rest who
    previous = _LAST_WORD.search(before, 0, match.start()) if match.re is _NAME else None
    titled = described is not None or any(_is_title(w, titles) for w in words[:-1]) \
        or (previous is not None and (_is_title(previous.group(1), titles)
                                      or previous.group(1).casefold() in _source_nouns()))
    names = [w for w in _without_titles(words, titles) if w not in _NOT_NAMES]
    while len(names) > 1 and _is_time(names[0]):
        names = names[1:]  # "Yesterday Kovrigin said": the day, then the speaker
    name = " ".join(names)
    if not name or name.casefold() in MONTHS or name.casefold() in WEEKDAYS or _names_a_party(name) \
            or _is_time(name):
        return ""  # "said Tuesday", "Yesterday reports emerged", "said Russian forces ...": not a speaker
    if names[-1].casefold() in _PLACE_HEADS:
        return ""  # "In the Shebekinsky District, according to ...": a place, not a speaker
    member = _MEMBER_OF.search(before, 0, match.start()) if match.re is _NAME else None
    if member is not None and not before[match.end():].strip() and _is_member(member.group(1)):
        return name  # "journalists from Suspilne reported": the outlet they work for
    # a person is a first name and surname ("Yuri Podolyak"), a surname after a title ("commander Gorm"),
    # or a surname the article introduced with its first name ("according to Hryhorov")
    # or a lone name opening its sentence right before the verb ("Shot claimed"): a channel or call sign
    if len(names) >= 2 or titled or name in people:
        return name
    # "Separately, Marochko said", "On Wednesday, Shot claimed": a fronted adverbial still opens the clause
    opens = match.re is _NAME and _FRONTED.fullmatch(before, 0, match.start()) is not None \
        and not before[match.end():].strip() \
        and not any(True for _ in lexicon.reporting_verbs().finditer(name)) \
        and lexicon.speaker_groups().match(name.casefold()) is None  # "Geolocated footage shows", "Analysts say"
    # "..., two buildings caught fire, Khinshtein said.": a lone name between a comma and a verb that ends
    # the sentence is its speaker, as a sentence never ends on a reported clause's subject
    tail = match.re is _NAME and before[:match.start()].rstrip().endswith(",") \
        and not before[match.end():].strip() and _SUBJECT_ENDS.match(after) is not None \
        and lexicon.speaker_groups().match(name.casefold()) is None
    return name if opens or tail else ""


_MEMBER_OF = re.compile(r"\b([a-z]+)\s+(?:from|at|of|with)\s+(?:the\s+)?$")


def _is_member(noun: str) -> bool:
    found = lexicon.speaker_groups().match(noun.casefold())
    return found is not None and found[1].role == "member"


def _without_titles(words: list[str], titles: frozenset[str]) -> list[str]:
    """The name without its titles; a title's domain goes with it ("Secretary of State Antony Blinken")."""
    kept: list[str] = []
    skip = 0
    for n, word in enumerate(words):
        if skip:
            skip -= 1
        elif _is_title(word, titles):
            if n + 2 < len(words) and words[n + 1] in _CONNECTORS:
                skip = 3 if words[n + 2] == "the" and n + 3 < len(words) else 2
        elif word not in _CONNECTORS or kept:
            kept.append(word)
    while kept and kept[-1] in _CONNECTORS:
        kept.pop()
    return kept


_CONNECTORS = frozenset({"of", "for", "the"})


def _is_title(word: str, titles: frozenset[str]) -> bool:
    return word.casefold() in titles or word.casefold().rstrip(".") in titles


def _names_a_party(name: str) -> bool:
    return any(actor.pattern.search(name) for actor in lexicon.actors())


def mentioned_source(sentence: str, *, on: date) -> Attribution | None:
    """The first listed source a sentence names, as a possible antecedent of "it said", "he added"."""
    sources = lexicon.sources()
    for match, _ in sources.finditer(sentence):
        source = next((s for s in sources.owners(match.group(0)) if s.valid_on(on)), None)
        if source is not None:
            return Attribution("claimed", source.name, source.side)
    return None


_FULL_NAME = re.compile(r"(?<=[a-z,] )([A-Z][a-z]+(?: [A-Z][a-z’'-]+){1,2})\b")  # not at a sentence start
# ... unless an appositive follows it ("Oleh Hryhorov, head of the Sumy Oblast Military Administration, said")
_FULL_NAME_LEADING = re.compile(r"^\s*([A-Z][a-z]+(?: [A-Z][a-z’'-]+){1,2}),\s+(?:who|whose|an?|the|head|chief|"
                                r"commander|spokesman|spokeswoman|governor|deputy|mayor)\b")


def people_named(sentence: str) -> dict[str, str]:
    """Surname -> "First Last" for names in running text ("the regional governor, Oleh Hryhorov, wrote ...")."""
    out = {}
    leading = _FULL_NAME_LEADING.match(sentence)
    for match in [*([leading] if leading else []), *_FULL_NAME.finditer(sentence)]:
        words = match.group(1).split()
        if _names_a_party(match.group(1)) or words[-1].casefold() in _PLACE_HEADS \
                or any(True for _ in lexicon.reporting_verbs().finditer(words[0])):
            continue  # "Citing Newsweek, the report says", "Kursk Oblast": no person
        while len(words) > 2 and words[0].casefold().rstrip(".") in lexicon.person_titles():
            words = words[1:]  # "Colonel Vitaly Sarantsev" is Vitaly Sarantsev: the rank is no part of the name
        out[words[-1]] = " ".join(words)
    return out


def offices_named(sentence: str, *, on: date, region: str = "") -> dict[str, Attribution]:
    """Surname -> the listed source a person is introduced as heading or speaking for
    ("Oleh Hryhorov, head of the Sumy Oblast Military Administration, said"; "Governor Oleh Hryhorov",
    the governor of the article's ``region`` unless the title names another: "Belgorod Governor ...")."""
    out = {}
    for match in _NAME_WITH_OFFICE.finditer(sentence):
        office = mentioned_source(match.group(2), on=on)
        if office is None and _REGIONAL_OFFICE.match(match.group(2)):
            office = _governor_of(region, on)  # "head of the regional military administration (OVA)"
        if office is not None:
            out[match.group(1).split()[-1]] = office
    for match in _GOVERNOR_THEN_NAME.finditer(sentence):
        office = _governor_of(match.group("region") or region, on)
        if office is not None:
            out[match.group("name").split()[-1]] = office
    return out


def _governor_of(region: str, on: date) -> Attribution | None:
    for office in lexicon.institutions():
        if office.regional and office.pattern.fullmatch("governor") and region:
            source = _source_named(office.regional.format(region=region), on)
            if source is not None:
                return Attribution("claimed", source.name, source.side)
    return None


_REGIONAL_OFFICE = re.compile(r"\s*(?:the\s+)?(?:regional|oblast)\s+(?:military\s+|state\s+)?administration\b", re.I)
_GOVERNOR_THEN_NAME = re.compile(r"(?:\b(?P<region>[A-Z][a-z]+)\s+|\b)(?:[Rr]egional\s+)?[Gg]overnor,?\s+"
                                 r"(?P<name>[A-Z][a-z]+(?: [A-Z][a-z’'-]+){1,2})")
_NAME_WITH_OFFICE = re.compile(r"\b([A-Z][a-z]+(?: [A-Z][a-z’'-]+){1,2}),\s+(?:the\s+)?(?:head|chief|commander|"
                               r"spokesman|spokeswoman|spokesperson|governor|deputy\s+head|an?\s+official)\s+"
                               r"(?:of|at|for)\s+([^,;]{3,80})")


def as_listed_source(claim: Attribution, *, on: date) -> Attribution:
    """A person's claim as the source ``data/sources.csv`` lists them under ("Oleh Hryhorov": the Sumy
    regional administration), when it does."""
    source = next((s for s in lexicon.sources().owners(claim.claimant) if s.valid_on(on)), None)
    return replace(claim, claimant=source.name, side=source.side) if source is not None else claim


# "Forbes: Russians pray in Kursk church ...", "Belgorod governor: Ukrainian shelling hit ...": a headline that
# opens with whom the story retells (up to four words, not a shouted label such as "BREAKING")
_HEADLINE_SOURCE = re.compile(r"^\s*([A-Z][\w.’'-]*(?:\s+[\w.’'-]+){0,3}):\s+\S")
# "Ukrainian army loses over 380 troops in Kursk area in past day - Russian MoD": the wire's source after a dash
_HEADLINE_SOURCE_AFTER = re.compile(r"\S\s+[-–—]\s+([A-Z][\w.’'-]*(?:\s+[\w.’'-]+){0,3})\s*$")


def headline_source(text: str, *, on: date, region: str = "") -> Attribution | None:
    """Whom an article retells, when its headline opens with the source ("ISW: Ukrainian forces push
    forward ...", "Syrskyi: ...") or ends with it after a dash ("... in past day - Russian MoD"): the
    source as ``attribute`` reads it as a speaker, else None ("Kursk Region: six counterattacks
    repelled" names a place, "BREAKING:" no one, "Vietnam.vn - Platform for promoting Vietnam" a site)."""
    headline = text.split("\n", 1)[0]
    match = _HEADLINE_SOURCE.match(headline) or _HEADLINE_SOURCE_AFTER.search(headline)
    if match is None:
        return None
    prefix = match.group(1)
    claim = mentioned_source(prefix, on=on) or attribute(prefix + " said.", on=on, region=region)
    if claim.status != "claimed" or not claim.claimant or claim.claimant == UNNAMED:
        return None
    if prefix.isupper() and lexicon.sources().owner(prefix) is None:
        return None  # "BREAKING:", "UPDATE:": a label, not a source
    if prefix != claim.claimant and prefix.endswith(" " + claim.claimant):
        return None  # "General Staff" read as a "Staff": whose staff the headline does not say
    return as_listed_source(claim, on=on)


def names_the_outlet(claimant: str, outlet: str) -> bool:
    """Whether the claimant is the article's own outlet ("As Ukrinform reported earlier, ..." in a Ukrinform
    story, "Ukrinform (via MENAFN)"): the outlet telling its own reporting in its own words, no source."""
    if not claimant or not outlet.strip():
        return False
    listed = lexicon.sources().owner(outlet.strip())
    if listed is not None and listed.kind not in NEWS_KINDS:
        return False  # a tracker's or a think tank's own page (ISW's assessment) still speaks as that source
    head = re.split(r"\s*[(/,]|\s+via\s+", outlet.strip(), maxsplit=1)[0]
    return claimant.casefold() in {head.casefold(), (listed.name if listed else "").casefold()}


NEWS_KINDS = frozenset({"outlet", "wire"})  # news media: what they report in their own words is no one's claim


PARTISAN_KINDS = frozenset({"state media", "blogger"})  # outlets that speak for a side, whatever they report


def partisan_voice(outlet: str) -> Attribution | None:
    """The claim an outlet's own words make, when ``data/sources.csv`` lists it as a side's state media or
    blogger (TASS, RIA Novosti): what it tells of its side's actions is that side's claim, not a fact."""
    source = lexicon.sources().owner(outlet.strip()) if outlet.strip() else None
    if source is None or source.kind not in PARTISAN_KINDS or source.side not in ("Russia", "Ukraine"):
        return None
    return Attribution("claimed", source.name, source.side)


_QUOTE_PAIRS = {"“": "”", "«": "»", '"': '"'}
QUOTE_SENTENCES = 8  # how many sentences one quotation may run before its speaker is named


def _opens_quotation(sentence: str) -> str:
    """The closing mark the sentence leaves open: it opens a quotation and does not close it; else ''."""
    text = sentence.lstrip()
    closing = _QUOTE_PAIRS.get(text[:1], "")
    if not closing:
        return ""
    still_open = text.count('"') % 2 == 1 if closing == '"' else closing not in text
    return closing if still_open else ""


def quotation_speaker(text: str, sentences: Sequence[tuple[int, int, str]], index: int, *, on: date,
                      region: str = "", previous: Attribution | None = None) -> tuple[int, Attribution] | None:
    """The speaker of a quotation that opens at sentence ``index`` and runs over several sentences of its
    paragraph, named only where it closes ('"In the Kharkiv direction ... One engagement is continuing,"
    Oleh Syniehubov said.'), with the offset where it closes; None when no such quotation opens there.
    ``previous`` is the article's last speaker, for a close that names none ("the statement reads")."""
    closing = _opens_quotation(sentences[index][2])
    if not closing:
        return None
    for start, end, sentence in sentences[index + 1:index + 1 + QUOTE_SENTENCES]:
        if "\n" in text[sentences[index][1]:start]:
            return None  # a new paragraph: the speaker is not named in this one
        closes = sentence.count('"') % 2 == 1 if closing == '"' else closing in sentence
        if closes:
            # '... were repelled," the statement reads': the statement of the source named before
            said = attribute(sentence, on=on, region=region, previous=previous, continuing=previous is not None)
            return (end, said) if said.status != "reported" and said.claimant else None
    return None
