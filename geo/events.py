"""Turn an article's sentences into dated, located, typed events.

One sentence yields at most one event. A sentence becomes an event when it
has an event trigger (fighting, retaking, strikes, deployments, casualties,
agreements, claims); it is then typed in ACLED's taxonomy, given actors,
figures (fatalities, casualties, troops, areas in km²), a claim status with
its claimant, a date span from ``geo.timex`` and a place from
``geo.toponyms``. Whatever was not stated in the sentence (a date taken from
the publication, a place taken from the previous sentence) is flagged in
``notes`` and in the date/geo precision, never hidden.

Limits: rule-based English patterns, tuned on campaign reporting; one event
per sentence, so a sentence reporting two events keeps the first trigger.
This module does not read files, build geometry or write the layer.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import Sequence

from geo import settings, timex
from geo.records import Article, ClaimStatus, Event, Figures, Mention, Place, TimeSpan
from geo.toponyms import geo_precision

SQ_MI_TO_KM2 = 2.589988  # 1 square mile in km² (exact to 6 figures)
# Events that began before the incursion are background (Aleppo 2016, the
# 2024 treaty, Avdiivka): kept, flagged historical, hidden by default.
HISTORICAL_BEFORE = settings.CAMPAIGN_START
UNDATED_WINDOW_DAYS = 7  # an undated sentence is read as "within the week before publication"
CARRY_SENTENCES = 3  # a narrative's date carries over at most this many undated sentences

# (pattern, event_type, sub_event_type, note). First match wins, so the
# specific patterns come before the generic ones.
EVENT_RULES: tuple[tuple[re.Pattern[str], str, str, str], ...] = tuple(
    (re.compile(p, re.I), t, s, n)
    for p, t, s, n in (
        (r"\b(encircl\w*)", "Battles", "Armed clash", "encirclement"),
        (r"\b(full liberation|liberat\w+|retake|retook|retaken|retaking|reclaim\w*|recaptur\w*|regain\w*|take back)\b",
         "Battles", "Government regains territory", "territory retaken"),
        (r"\b(square miles|square kilomet\w+|sq\.? ?(?:mi|km)|km2|km²)", "Strategic developments", "Other",
         "territorial control report"),
        (r"\b(seiz\w+|captur\w+ (?:the|of)|overr[au]n|took control)\b", "Battles", "Armed clash", "territory seized"),
        (r"\b(drones? (?:swarmed|struck|hit|attack\w*|peppered)|air ?strikes?|glide bombs?|airstrikes?|bombard\w*)",
         "Explosions/Remote violence", "Air/drone strike", ""),
        (r"\b(shell(?:ing|ed)|artillery fire|missile strikes?|rocket attacks?)\b",
         "Explosions/Remote violence", "Shelling/artillery/missile attack", ""),
        (r"\b(withdr[ae]wn?|withdrawal|retreat\w*|pulled back|pulled out)\b",
         "Strategic developments", "Change to group/activity", "withdrawal"),
        (r"\b(deploy\w*|dispatched|sent \S+ (?:troops|soldiers)|sends? (?:its|their)? ?troops|amassed|stationed|"
         r"reinforcements?|returned|arrived|bolstered its forces|to send its troops)\b",
         "Strategic developments", "Change to group/activity", "deployment"),
        (r"\b(treaty|pact|agreement|ceasefire|cease-fire)\b", "Strategic developments", "Agreement", ""),
        (r"\b(killed|wounded|casualties|dead|deadliest|losses|lost)\b", "Battles", "Armed clash", "casualties"),
        (r"\b(assaults?|attack\w*|offensive|fighting|fought|battles?|clash\w*|combat|fire)\b",
         "Battles", "Armed clash", ""),
    )
)

ACTOR_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (actor, re.compile(p))
    for actor, p in (
        ("North Korea", r"\b(North Kore\w*|Pyongyang|DPRK|Kim Jong Un|KCNA)\b"),
        ("South Korea", r"\b(South Kore\w*|Seoul)\b"),
        ("Russia", r"\b(Russi\w*|Moscow|Kremlin|Putin|Belousov|Gerasimov)\b"),
        ("Ukraine", r"\b(Ukrain\w*|Kyiv|Kiev|Zelensk\w*|Syrskyi)\b"),
        ("United States", r"\b(U\.S\.|United States|Washington|Trump|Pentagon|American)\b"),
    )
)

# Attribution phrases -> (claimant pattern, claimant). Checked in order.
CLAIMANTS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p, re.I), who)
    for p, who in (
        (r"\bTrump\b", "Donald Trump"),
        (r"\bPutin\b", "Russia"),
        (r"\b(Kremlin|Russian (?:officials|military|defen[cs]e ministry|sources|bloggers))\b", "Russia"),
        (r"\b(North Korea\w*'?s? state media|KCNA|Kim Jong Un)\b", "North Korea"),
        (r"\b(Deep State|Mykula)\b", "Deep State"),
        (r"\b(Ukrainian (?:officials|military|sources|soldiers?|commanders|President)|Zelensk\w*|Syrskyi|Kyiv|Likhovy)\b",
         "Ukraine"),
        (r"\b(U\.S\.|US) (?:officials|intelligence)\b", "United States"),
        (r"\bSouth Korea\w*'?s? National Intelligence Service\b", "South Korea"),
        (r"\b(British defen[cs]e officials)\b", "United Kingdom"),
        (r"\b(New York Times|NYT)\b", "The New York Times"),
    )
)
_FALSE_CLAIM = re.compile(r"\bfalsely\b|\bfalse claim", re.I)
_DENIAL = re.compile(r"\b(?:strongly )?(?:denies|denied|disputes|rejects|rejected)\b", re.I)
_ATTRIBUTION = re.compile(
    r"\b(?:claim\w*|according to|said|says|reportedly|reports?|estimates?|alleged\w*|indicated|suggests?|"
    r"declared|announced|confirm\w*|noted|described|shown|shows|map from)\b",
    re.I,
)

_NUMBER = r"(?<![\w.,^])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"  # not the tail of "1e308" or "10^400"
# Figures beyond these are misreadings, not reports (the whole war is far smaller).
MAX_PEOPLE = 10_000_000
MAX_AREA_KM2 = 1_000_000
_FIGURE_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("casualties", re.compile(_NUMBER + r"\s+(?:[\w-]+\s+){0,8}?(?:killed or wounded|killed and wounded|casualties|"
                              r"(?:have|had) been lost|were lost)", re.I)),
    ("casualties", re.compile(r"(?:killed or wounded|casualties)[^.\d]{0,30}?" + _NUMBER, re.I)),
    ("fatalities", re.compile(r"(?:including|with)\s+" + _NUMBER + r"\s+(?:dead|killed)", re.I)),
    ("fatalities", re.compile(r"\b(?:killing|killed)\s+(?:at least\s+|some\s+|about\s+)?" + _NUMBER + r"\b", re.I)),
    ("fatalities", re.compile(_NUMBER + r"\s+(?:[\w-]+\s+){0,3}?(?:were |have been |had been )?(?:killed|dead)\b(?! or)", re.I)),
    ("troops", re.compile(_NUMBER + r"\s+(?:[\w-]+\s+){0,3}?(?:troops|soldiers|fighters|servicemen)", re.I)),
)
_RATE = re.compile(r"^\s*(?:\w+\s+){0,2}?(?:per day|a day|per year|annually|per month)", re.I)
_FRACTIONS = {"half": 0.5, "a third": 1 / 3, "a quarter": 0.25, "two-thirds": 2 / 3}
_LOCATIVE = re.compile(
    r"\b(?:in|into|to|inside|near|at|from|outside|around|toward|towards|across|entered|entering|enter|retake|retook|"
    r"reclaim|seize|seized|capture|captured|above|over|of the town of|of the village of|the town of|the village of|"
    r"stronghold of|border of|battle for|fighting in|fight in)\s+(?:the\s+)?(?:key\s+)?(?:\w+[’']s\s+)?$",
    re.I,
)
_POSSESSIVE_AFTER = re.compile(r"[’']s\b")
_NOW = re.compile(r"\b(?:now|currently|as of today)\b", re.I)
_AREA = re.compile(_NUMBER + r"\s*\+?\s*(square miles|sq\.? ?mi|square kilomet(?:er|re)s|sq\.? ?km|km2|km²)", re.I)
_PERCENT_OF = re.compile(r"(\d+(?:\.\d+)?)\s*(?:percent|per cent|%)\s+of\b", re.I)
_FRACTION_BEFORE = re.compile(r"\b(half|a third|a quarter|two-thirds)\s+of\s+(?:the\s+)?$", re.I)
_FRACTION_OF = re.compile(r"\b(half|a third|a quarter|two-thirds)\s+of\b", re.I)


def extract_events(article: Article, sentences: Sequence[tuple[int, int, str]],
                   mentions: Sequence[Mention]) -> list[Event]:
    """Events of one article, one per triggering sentence.

    Parameters
    ----------
    article : Article
        The source; its publication date anchors relative dates.
    sentences : sequence of (start, end, text)
        From ``geo.sources.split_sentences(article.text)``.
    mentions : sequence of Mention
        Resolved place mentions over the whole text (``geo.toponyms.extract``).
    """
    events: list[Event] = []
    seen_sentences: set[str] = set()
    context = _Context(focus=_focus_place(mentions))
    for start, end, sentence in sentences:
        here = [m for m in mentions if start <= m.start and m.end <= end and m.place is not None]
        stated = timex.resolve_sentence(sentence, anchor=article.published, anchor_precision=article.date_precision)
        key = " ".join(sentence.split())
        if key not in seen_sentences:
            seen_sentences.add(key)
            event = _sentence_event(article, sentence, start, here, stated, context)
            if event is not None:
                events.append(event)
        context.advance(here, stated, actors(sentence)[0])
    return events


@dataclass
class _Context:
    """What the narrative carries from one sentence to the next."""

    focus: Mention | None
    places: list[Mention] = field(default_factory=list)
    span: TimeSpan | None = None
    span_age: int = 0
    actor: str = ""

    def advance(self, here: list[Mention], stated: TimeSpan | None, actor: str) -> None:
        self.places = here or self.places
        self.span, self.span_age = (stated, 0) if stated else (self.span, self.span_age + 1)
        self.actor = actor or self.actor

    def carried_span(self) -> TimeSpan | None:
        """The recent narrative date ("Then, early last month, …"), flagged as inferred."""
        if self.span is None or self.span_age >= CARRY_SENTENCES or self.span.end < HISTORICAL_BEFORE:
            return None  # background dates ("the 1950s") never spread to the sentences after them
        return replace(self.span, inferred=True, note="no date in the sentence: taken from the sentences before")


def _sentence_event(article: Article, sentence: str, offset: int, here: list[Mention],
                    stated: TimeSpan | None, context: _Context) -> Event | None:
    rule = classify(sentence)
    if rule is None:
        return None
    event_type, sub_event_type, note = rule
    located = _locate(article.text, here, context)
    fig = figures(sentence)
    if located is None or (located[2] and stated is None and fig == Figures()):
        return None  # neither place, date nor figure of its own: too vague to map
    mention, precision, place_note = located
    when = stated or _now(sentence, article) or context.carried_span() or _undated(article)
    actor1, actor2 = actors(sentence, sub_event_type=sub_event_type, place=mention.place)
    if event_type == "Explosions/Remote violence":
        actor1, actor2 = _attacker_and_target(sentence)
    if note == "territory seized" and _is_russian_recapture(actor1, mention.place):
        sub_event_type = "Government regains territory"
        actor1, actor2 = actors(sentence, sub_event_type=sub_event_type, place=mention.place)
    actor_note = ""
    if not actor1 and context.actor:
        actor1, actor_note = context.actor, f"actor1 ({context.actor}) from the sentences before"
    status, claimant = claim_status(sentence)
    notes = "; ".join(n for n in (note, place_note, when.note, actor_note, _figure_note(fig)) if n)
    place = mention.place
    assert place is not None  # _locate only returns resolved mentions
    return Event(
        event_id=event_id(article.source_id, sentence, place.place_id),
        source_id=article.source_id,
        sentence=sentence.strip(),
        when=when,
        place=place,
        geo_precision=precision,
        event_type=event_type,
        sub_event_type=sub_event_type,
        actor1=actor1,
        actor2=actor2 if actor2 != actor1 else "",
        figures=fig,
        claim_status=status,
        claimant=claimant,
        historical=when.start < HISTORICAL_BEFORE,
        notes=notes,
        location_text=mention.surface,
    )


def classify(sentence: str) -> tuple[str, str, str] | None:
    """(event_type, sub_event_type, note) of the first rule the sentence triggers."""
    for pattern, event_type, sub_event_type, note in EVENT_RULES:
        if pattern.search(sentence):
            return event_type, sub_event_type, note
    return None


def _locate(text: str, here: list[Mention], context: _Context) -> tuple[Mention, int, str] | None:
    """The place an event happened: (mention, geo precision, note on where it came from).

    Prefers names after a locative cue ("in Kursk", "the town of Sudzha")
    over names used as actors ("Moscow has bolstered …", "KYIV -" datelines),
    then the most precise. Countries count only after a locative cue. Else
    the previous sentence's place, else the article's focus region.
    """
    usable = [m for m in here if not _is_country(m) or _has_locative_cue(text, m)]
    if usable:
        best = min(usable, key=lambda m: _location_rank(text, m))
        return best, geo_precision(best), ""
    if context.places:
        usable = [m for m in context.places if not _is_country(m)] or context.places
        best = min(usable, key=lambda m: _location_rank(text, m))
        return best, max(2, geo_precision(best)), "place not named in the sentence: taken from the one before"
    if context.focus is not None:
        return context.focus, 3, "place not named in the sentence: the article's focus region"
    return None


def _location_rank(text: str, mention: Mention) -> tuple[bool, bool, bool, int, int]:
    return (not _has_locative_cue(text, mention), _is_possessive(text, mention), _is_country(mention),
            geo_precision(mention), mention.start)


def _is_possessive(text: str, mention: Mention) -> bool:
    # "Moscow's military efforts", "Pyongyang's troops": an actor, not a location.
    return bool(_POSSESSIVE_AFTER.match(text, mention.end))


def _has_locative_cue(text: str, mention: Mention) -> bool:
    return bool(_LOCATIVE.search(text[max(0, mention.start - 40):mention.start]))


def _is_country(mention: Mention) -> bool:
    return mention.place is not None and mention.place.feature == "country"


def _focus_place(mentions: Sequence[Mention]) -> Mention | None:
    """The region (not country) the article names most, as a fallback location."""
    regions = [m for m in mentions if m.place is not None and m.place.feature == "region"]
    if not regions:
        return None
    counts: dict[str, int] = {}
    for m in regions:
        counts[m.place.place_id] = counts.get(m.place.place_id, 0) + 1  # type: ignore[union-attr]
    top = max(sorted(counts), key=counts.__getitem__)
    return next(m for m in regions if m.place is not None and m.place.place_id == top)


def _now(sentence: str, article: Article) -> TimeSpan | None:
    """"now", "currently": the publication date itself."""
    if not _NOW.search(sentence):
        return None
    return TimeSpan(article.published, article.published, article.date_precision, text="now",
                    inferred=article.date_basis == "inferred", note="'now': the publication date")


def _undated(article: Article) -> TimeSpan:
    start = article.published - timedelta(days=UNDATED_WINDOW_DAYS)
    return TimeSpan(
        start=start,
        end=article.published,
        precision=max(2, article.date_precision),
        text="",
        inferred=True,
        note="no date in the sentence: read as the week before publication",
    )


def _is_russian_recapture(actor1: str, place: Place | None) -> bool:
    # Russian or allied forces taking a place inside Russia is ACLED's
    # "Government regains territory", however the sentence words it.
    return place is not None and place.country == "RU" and not place.is_region and actor1 in ("Russia", "North Korea")


def actors(sentence: str, *, sub_event_type: str = "", place: Place | None = None) -> tuple[str, str]:
    """(actor1, actor2): the first two parties named, ordered by role.

    For "Government regains territory" inside Russia, Russia is actor1 (the
    government) and Ukraine actor2, whatever the word order.
    """
    named = sorted(
        ((m.start(), actor) for actor, pat in ACTOR_PATTERNS for m in [pat.search(sentence)] if m),
    )
    order = list(dict.fromkeys(actor for _, actor in named))
    if sub_event_type == "Government regains territory" and place is not None and place.country == "RU":
        rest = [a for a in order if a not in ("Russia", "North Korea")]
        return "Russia", (rest[0] if rest else "Ukraine")
    order += ["", ""]
    return order[0], order[1]


def _attacker_and_target(sentence: str) -> tuple[str, str]:
    """For strikes, a party named after the trigger is the target ("drones swarmed six Ukrainian vehicles")."""
    rule = next(p for p, t, _, _ in EVENT_RULES if t == "Explosions/Remote violence" and p.search(sentence))
    cut = rule.search(sentence).start()  # type: ignore[union-attr]
    before, after = actors(sentence[:cut]), actors(sentence[cut:])
    attacker = before[0] or (before[1] if before[1] != after[0] else "")
    target = next((a for a in after if a and a != attacker), "")
    return attacker, target


def claim_status(sentence: str) -> tuple[ClaimStatus, str]:
    """The claim's standing and its claimant.

    ``denied``: the report itself calls the claim false. ``disputed``: a
    party denies it. ``claimed``: attributed to a party, unverified.
    ``reported``: stated by the article as fact.
    """
    claimant = _claimant(sentence)
    if _FALSE_CLAIM.search(sentence):
        return "denied", claimant
    if _DENIAL.search(sentence):
        return "disputed", claimant
    if _ATTRIBUTION.search(sentence) and claimant:
        return "claimed", claimant
    return "reported", ""


def _claimant(sentence: str) -> str:
    for pattern, who in CLAIMANTS:
        if pattern.search(sentence):
            return who
    return ""


def figures(sentence: str) -> Figures:
    """Fatalities, casualties, troops and areas (km²) the sentence reports."""
    found: dict[str, int] = {}
    for name, pattern in _FIGURE_RULES:
        if name in found:
            continue
        for match in pattern.finditer(sentence):
            if _RATE.match(sentence[match.end():]) or _is_year(match.group(1)):
                continue
            if _to_number(match.group(1)) > MAX_PEOPLE:
                continue
            found[name] = _scaled(sentence, match.start(), _to_number(match.group(1)))
            break
    area, area_note = area_km2(sentence)
    return Figures(
        fatalities=found.get("fatalities"),
        casualties=found.get("casualties"),
        troops=found.get("troops") if "casualties" not in found or found.get("troops") != found.get("casualties") else None,
        area_km2=area,
        area_note=area_note,
    )


def _is_year(number: str) -> bool:
    # "in October 2024" must not become 2,024 casualties.
    return len(number) == 4 and number.isdigit() and 1900 <= int(number) <= 2100


def _scaled(sentence: str, at: int, value: float) -> int:
    """Apply "half of the 12,000 …" style fractions just before a number."""
    match = _FRACTION_BEFORE.search(sentence[max(0, at - 30):at])
    share = _FRACTIONS[match.group(1).lower()] if match else 1.0
    return int(round(value * share))


def _to_number(text: str) -> float:
    digits = text.replace(",", "")
    return float(digits) if "." in digits else int(digits)  # ints stay exact


def area_km2(sentence: str) -> tuple[float | None, str]:
    """The area a sentence reports, in km², with how it was computed.

    "about 10 percent of the more than 500 square miles" gives
    0.10 × 500 mi² = 129.5 km²; "half of the 1000+ square kilometers" gives
    500 km². The base figure alone is returned when no share precedes it.
    """
    parts = area_parts(sentence)
    if parts is None:
        return None, ""
    share, base_km2, share_text, base_text = parts
    if share is None:
        return round(base_km2, 1), base_text
    return round(base_km2 * share, 1), f"{share_text} of {base_text}"


def area_parts(sentence: str) -> tuple[float | None, float, str, str] | None:
    """(share, base km², share words, base words) of the first area figure, or None."""
    match = _AREA.search(sentence)
    if match is None:
        return None
    value = _to_number(match.group(1))
    km2 = value * SQ_MI_TO_KM2 if "mi" in match.group(2).lower() else value
    if km2 > MAX_AREA_KM2:
        return None
    base_text = f"{match.group(0).strip()} = {km2:,.0f} km²"
    share, share_text = _share_before(sentence[: match.start()])
    return share, km2, share_text, base_text


def _share_before(text: str) -> tuple[float | None, str]:
    window = text[-80:]
    percent = list(_PERCENT_OF.finditer(window))
    if percent:
        return float(percent[-1].group(1)) / 100, percent[-1].group(0)[:-3].strip()
    fraction = list(_FRACTION_OF.finditer(window))
    if fraction:
        return _FRACTIONS[fraction[-1].group(1).lower()], fraction[-1].group(1)
    return None, ""


def _figure_note(fig: Figures) -> str:
    return f"area: {fig.area_note}" if fig.area_km2 is not None else ""


def event_id(source_id: str, sentence: str, place_id: str) -> str:
    """Stable id from the source, the sentence text and the place."""
    digest = hashlib.sha1(f"{source_id}\x1f{' '.join(sentence.split())}\x1f{place_id}".encode()).hexdigest()
    return f"ev-{digest[:12]}"


def merge_duplicates(events: Sequence[Event]) -> list[Event]:
    """One event per real-world event reported by several articles.

    See ``_same_event`` for when two reports are the same event. The first
    report (input order) is kept as the primary; the others are listed in
    ``also_reported`` with their own sentences.
    """
    merged: list[Event] = []
    buckets: dict[tuple[str, str], list[int]] = {}  # only same-type events can match
    for event in events:
        bucket = buckets.setdefault((event.event_type, event.sub_event_type), [])
        index = next((i for i in bucket if _same_event(merged[i], event)), None)
        if index is None:
            bucket.append(len(merged))
            merged.append(event)
        else:
            match = merged[index]
            merged[index] = replace(match, also_reported=match.also_reported + ((event.source_id, event.sentence),))
    return merged


def _same_event(a: Event, b: Event) -> bool:
    """Same type, overlapping dates, and something concrete in common.

    The concrete link is an identical figure (and no conflicting one), or
    the same town-level place with the same actors. Vague region-level
    reports without figures are never merged: too many differ.
    """
    if (a.event_type, a.sub_event_type) != (b.event_type, b.sub_event_type) or a.historical != b.historical:
        return False
    if a.when.end < b.when.start or b.when.end < a.when.start:
        return False
    if any(source == b.source_id for source, _ in a.also_reported):
        return False
    pairs = [(x, y) for x, y in zip(_numbers(a.figures), _numbers(b.figures)) if x is not None and y is not None]
    if pairs:
        return all(x == y for x, y in pairs)
    same_town = a.place.place_id == b.place.place_id and a.geo_precision == b.geo_precision == 1
    return a.source_id != b.source_id and same_town and {a.actor1, a.actor2} == {b.actor1, b.actor2}


def _numbers(fig: Figures) -> tuple[float | None, ...]:
    return (fig.fatalities, fig.casualties, fig.troops, fig.area_km2)
