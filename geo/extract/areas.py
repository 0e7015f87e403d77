"""Area figures about who holds how much: "holds about 63 km²", "lost 40 %".

A sentence becomes an ``AreaReport`` when it gives an area (any unit) or a
share of one ("more than 40 % of the territory it seized", "half of the
1,000+ km²"), together with a verb of holding, taking, retaking or losing
(``data/lexicon/area_verbs.csv``). The holder is the side named before that
verb, or in "Ukrainian-held"/"under Russian control", else the side foreign
to the region named; the figure is what the holder holds after the
statement: a share retaken by the other side is subtracted from its base.
A share with no area of its own applies to the article's last figure.

Shares of a whole country ("20 percent of Ukrainian territory") are not
the campaign's areas. This module does not build geometry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from geo import settings
from geo import lexicon
from geo.extract.actors import named_actors, subject_before
from geo.extract.attribution import Attribution
from geo.extract.figures import area_parts, area_ranges, area_spans, numbers_as_digits, shares
from geo.records import AreaReport, Mention, TimeSpan

__all__ = ["AreaContext", "area_report", "area_reports"]

# "20 percent of Ukrainian territory", "of Ukraine", "of the country": a whole country, not the campaign's ground
_WHOLE_COUNTRY = re.compile(r"^\s*of\s+(?:the\s+)?(?:[A-Z][\w’']*\s+(?:territory|land)\b|country\b|(?:"
                            + "|".join(settings.GOVERNMENTS.values()) + r")\b(?!['’]s))")
# "75% of Ukraine's Donetsk region", "a third of the Kursk region": a share of a named whole, not of a figure
_OF_A_NAMED_PLACE = re.compile(r"^\s*of\s+(?:the\s+)?(?:[A-Z][\w’']*['’]s\s+)?[A-Z]")
_HELD_BY = re.compile(r"\b([A-Z][\w’']*)-(?:held|controlled)|\b(?:under|in|out\s+of)\s+([A-Z][\w’']*)\s+(?:control|hands)")
_FIRST_PERSON = re.compile(r"\b(?:we|our forces|our troops)\b(?:\s+\w+)?\s*$", re.I)
# "That incursion began in August and had grabbed 1,300 km²": a campaign on the article's region, the foreign side's
_CAMPAIGN_SUBJECT = re.compile(r"\s*(?:(?:the|that|this|its|their)\s+)?(?:[\w-]+\s+){0,2}?"
                               r"(?:incursion|offensive|counteroffensive|counter-offensive|operation|push)\b", re.I)
_THIRD_PERSON = re.compile(r"\b(?:they|its (?:forces|troops|army)|their (?:forces|troops))\b(?:\s+\w+)?\s*$", re.I)


@dataclass
class AreaContext:
    """The article's last area figure, the base a later bare share applies to, and the narrative's actor."""

    base_km2: float | None = None
    base_text: str = ""
    actor: str = ""  # the side the narrative last named acting: "they" in "they took 1,300 km²"
    country: str = ""  # ISO code of the article's focus region: an incursion there is the foreign side's


def area_reports(sentence: str, *, when: TimeSpan, claim: Attribution, here: list[Mention], source_id: str,
                 context: AreaContext, speaker_side: str = "") -> list[AreaReport]:
    """The area statements of ``sentence``; updates ``context`` with its figure.

    Each area figure is read with the words around it, up to the next one
    ("holds about 63 km², down from as much as 1,400 km² Kyiv said it
    controlled" gives both). A share taken back from a base stated in the
    sentence ("retaken 40 % of the 984 km² Ukraine had held") gives two: the
    base as the holder's earlier (peak) extent, and what is left.
    """
    text = numbers_as_digits(sentence)
    out = []
    for segment in _segments(text, area_spans(sentence)):
        report = area_report(segment, when=when, claim=claim, here=here, source_id=source_id, context=context,
                             speaker_side=speaker_side, earlier_of=out[-1].holder if out else "")
        if report is None:
            continue
        report = replace(report, quote=sentence.strip())
        if report.base_km2 and report.base_km2 != report.area_km2 and report.base_in_sentence:
            out.append(replace(report, area_km2=round(report.base_km2, 1), peak=True,
                               note=f"base of the share: {report.note}"))
        out.append(report)
        high = next((hi for lo, hi in area_ranges(sentence) if report.area_km2 == round(lo, 1)), None)
        if high is not None and not report.peak:  # "900 to 1,300 km²": both ends are the report's
            out.append(replace(report, area_km2=round(high, 1), base_km2=round(high, 1),
                               note=f"upper end of the range {report.area_km2:,.0f}–{high:,.0f} km²"))
    rest = _clause_after_figures(text)
    if out and rest and not _of_the_peak(rest):
        # "took 1,300 km²; roughly half of that area has since been lost": a share of it (but "80 km² - 6% of
        # the most ground it ever took" restates the figure against the peak)
        later = area_report(rest, when=when, claim=claim, here=here, source_id=source_id, context=context,
                            speaker_side=speaker_side, earlier_of=out[-1].holder)
        if later is not None and area_parts(rest) is None:
            out.append(replace(later, quote=sentence.strip()))
    return out


def _of_the_peak(clause: str) -> bool:
    return any(cue.role == "peak" for _, cue in lexicon.area_verbs().finditer(clause))


def _clause_after_figures(text: str) -> str:
    """The clause after the sentence's last area figure, when a semicolon or dash opens it."""
    spans = area_spans(text)
    if not spans:
        return ""
    cut = re.search(r";|\s[-–—]{1,2}\s", text[spans[-1][1]:])
    return text[spans[-1][1] + cut.end():] if cut else ""


def _segments(text: str, spans: list[tuple[int, int, float]]) -> list[str]:
    """One stretch of text per area figure: from the figure before it to the clause of the one after."""
    if len(spans) < 2:
        return [text]
    out, start = [], 0
    for (_, end, _), (next_start, _, _) in zip(spans, spans[1:]):
        comma = max(text.rfind(",", end, next_start), text.rfind(";", end, next_start))
        stop = comma if comma >= 0 else next_start
        out.append(text[start:stop])
        start = stop
    return out + [text[start:]]


def area_report(sentence: str, *, when: TimeSpan, claim: Attribution, here: list[Mention], source_id: str,
                context: AreaContext, speaker_side: str = "", earlier_of: str = "") -> AreaReport | None:
    """The first area statement of ``sentence``, or None; updates ``context`` with its figure.

    ``earlier_of`` is the holder of the figure before this one in the same
    sentence: a bare comparison after it ("..., down from 1,400 km²") is
    that holder's earlier extent.
    """
    parts = area_parts(sentence)
    share = _share(sentence) if parts is None else None
    if parts is None and share is None:
        return None
    rest = _clause_after_figures(sentence)
    own = sentence[:len(sentence) - len(rest)] if rest else sentence  # "...; the rest is contested" is not its
    cues = {cue.role for _, cue in lexicon.area_verbs().finditer(own)}
    stance, verb_at = _stance(sentence, _figure_at(sentence))
    comparison = stance is None and bool(earlier_of) and "peak" in cues  # "..., down from 1,400 km²"
    # "retaken roughly 120 km² since October, 65 km² of it over the weekend": a part of the figure before
    part_of_before = stance is None and bool(earlier_of) and bool(_PART_OF_BEFORE.search(sentence))
    if comparison or part_of_before:
        stance = "hold"
        comparison = True
    if stance is None or "none" in cues:
        return None  # no verb of holding, or ground neither side holds ("81 km² of unknown control")
    if parts is not None:
        share_of, base, share_text, base_text = parts
    elif context.base_km2 is not None and share is not None:
        share_of, base, share_text, base_text = share[0], context.base_km2, share[1], context.base_text
    else:
        return None
    # "they" is the holder of the sentence's figure before, else the narrative's last actor
    holder = earlier_of if comparison else _holder(sentence, stance, verb_at, here, speaker_side,
                                                   earlier_of or context.actor, context.country)
    occupier = _occupier(sentence, here, context.country)
    if occupier and stance == "hold":
        holder = occupier
    if not holder and parts is None and earlier_of:
        holder = earlier_of  # "...; roughly half of that area has since been lost": a share of the figure before
    if not holder and stance == "regain":
        # "801 km² had been liberated": lost by the side foreign to the article's region, else by the side
        # other than the one announcing it
        if context.country in settings.GOVERNMENTS:
            holder = _other(settings.GOVERNMENTS[context.country])
        elif speaker_side in settings.GOVERNMENTS.values():
            holder = _other(speaker_side)
    if not holder:
        return None
    if share_of is None and stance in ("regain", "lose"):
        holder = _taker(stance, holder, here)  # "Russia lost 142 km²": the other side's gain
    if _whole_front(sentence, holder, here):
        return None
    km2, how = _held(stance, share_of, base, share_text, base_text)
    if parts is not None:
        context.base_km2, context.base_text = base, base_text
    peak = "peak" in cues
    return AreaReport(on=when.end, holder=holder, area_km2=round(km2, 1), claimant=claim.claimant,
                      status=claim.status, source_id=source_id, quote=sentence.strip(), note=how,
                      peak=peak and stance in ("take", "hold") and share_of is None,
                      base_km2=round(base, 1), base_in_sentence=parts is not None)


# A verb in a clause that only describes the ground ("63.2% of the area the Ukrainians had seized ...
# had been liberated"): the statement's verb comes later.
_DESCRIBES_GROUND = re.compile(r"\b(?:area|territory|ground|land)\s+(?:that\s+|which\s+)?(?:the\s+)?"
                               r"[A-Z][\w’'-]+(?:\s+(?:forces|troops|army))?\s+(?:had\s+|have\s+|has\s+)?$")


_GROUND_DESCRIBED = re.compile(r"\b(?:area|territory|ground|land)\s+(?:that\s+|which\s+)?(?:the\s+)?[A-Z][\w’'-]+"
                               r"(?:\s+(?:forces|troops|army))?\s+(?:had\s+|have\s+|has\s+)?[a-z]+\b")


def _share(sentence: str) -> tuple[float, str] | None:
    """The first share of the campaign's ground (not of a whole country) the sentence gives."""
    text = numbers_as_digits(sentence)
    return next(((value, words) for value, words, end in shares(sentence)
                 if not _WHOLE_COUNTRY.match(text[end:]) and not _OF_A_NAMED_PLACE.match(text[end:])), None)


def _stance(sentence: str, figure_at: int) -> tuple[str | None, int]:
    """The verb of holding, taking, retaking or losing that governs the figure, and where it is: the
    last one before it ("Russia's advance lost pace in March, when its forces gained 240 km²"), else
    the first after it ("63 km² remain in Ukrainian hands")."""
    asides = [m.span() for m in _RELATIVE_ASIDE.finditer(sentence)]  # ", which was originally occupied by ...,"
    found = [(m.start(), cue.role) for m, cue in lexicon.area_verbs().finditer(sentence)
             if cue.role not in ("peak", "none") and not _DESCRIBES_GROUND.search(sentence, 0, m.start())
             and not any(a <= m.start() < b for a, b in asides)]
    before = [f for f in found if f[0] < figure_at]
    chosen = before[-1] if before else found[0] if found else None
    return (chosen[1], chosen[0]) if chosen else (None, -1)


_PART_OF_BEFORE = re.compile(r"\b(?:km²|km2|kilometres|kilometers|miles)\s+of\s+(?:it|that|them|those|this)\b", re.I)
_RELATIVE_ASIDE = re.compile(r",\s+(?:which|that)\s+[^,;]{3,80},")
# "puts the occupied area at 62.6 km²": ground the other side holds in the country it lies in
_OCCUPIED_GROUND = re.compile(r"\b(?:the\s+)?occupied\s+(?:area|areas|territory|territories|land|ground)\b", re.I)


def _figure_at(sentence: str) -> int:
    """Where the sentence's first area figure or share starts (its end when there is neither)."""
    spans = area_spans(sentence)
    starts = [spans[0][0]] if spans else []
    starts += [end - len(words) for _, words, end in shares(sentence)[:1]]
    return min(starts) if starts else len(sentence)


def _holder(sentence: str, stance: str, verb_at: int, here: list[Mention], speaker_side: str,
            narrative_actor: str = "", region_country: str = "") -> str:
    """The side that holds the area after the statement ('' if the sentence does not say)."""
    if _FIRST_PERSON.search(sentence[max(0, verb_at - 12):verb_at]) and speaker_side in settings.GOVERNMENTS.values():
        subject = speaker_side  # "we held about 1,376 km²": the speaker's side
    else:  # not the side in a clause that only describes the ground ("the area the Ukrainians had seized")
        subject = _side(subject_before(_GROUND_DESCRIBED.sub(" ", sentence[:verb_at])))
    if not subject and region_country in settings.GOVERNMENTS and _CAMPAIGN_SUBJECT.match(sentence):
        subject = _other(settings.GOVERNMENTS[region_country])  # "That incursion ... had grabbed 1,300 km²"
    if not subject and _THIRD_PERSON.search(sentence[max(0, verb_at - 20):verb_at]) and narrative_actor:
        subject = _side(narrative_actor)  # "Ukrainian troops crossed ... In the first weeks they took 1,300 km²"
    if subject:
        return _other(subject) if stance == "regain" else subject
    adjective = _HELD_BY.search(sentence)
    held_by = named_actors(adjective.group(1) or adjective.group(2)) if adjective else []
    if held_by:
        return _side(held_by[0])
    countries = [m.place.country for m in here if m.place is not None and m.place.feature != "country"]
    government = next((settings.GOVERNMENTS[c] for c in countries if c in settings.GOVERNMENTS), "")
    return _other(government) if government else ""  # the foreign side holds ground in a named region


def _occupier(sentence: str, here: list[Mention], region_country: str) -> str:
    """Who holds "the occupied area" of a sentence: the side foreign to the country the ground lies in."""
    if not _OCCUPIED_GROUND.search(sentence):
        return ""
    countries = [m.place.country for m in here if m.place is not None and m.place.feature != "country"]
    country = next((c for c in countries if c in settings.GOVERNMENTS), region_country)
    return _other(settings.GOVERNMENTS[country]) if country in settings.GOVERNMENTS else ""


def _whole_front(sentence: str, holder: str, here: list[Mention]) -> bool:
    """Whether the figure is a side's ground on a whole front: "gained 240 km² in Ukraine", with no
    place inside the country named."""
    country = settings.FRONT_WIDE.get(holder)
    places = [m for m in here if m.place is not None]
    return all(m.place.feature == "country" for m in places) and any(  # type: ignore[union-attr]
        m.place.country == country and re.search(rf"\b(?:in|across|inside|throughout)\s+{re.escape(m.surface)}\b",
                                                  sentence) for m in places)  # type: ignore[union-attr]


def _taker(stance: str, loser: str, here: list[Mention]) -> str:
    """Who holds ground a sentence says was lost or retaken, as a figure of its own (not a share).

    Ground retaken goes back to the government of the country it lies in ("801 km² had been
    liberated" in the Kursk region: Russia's); otherwise, and for ground lost, it goes to the side
    other than the one that lost it.
    """
    if stance == "regain":
        countries = [m.place.country for m in here if m.place is not None and m.place.feature != "country"]
        government = next((settings.GOVERNMENTS[c] for c in countries if c in settings.GOVERNMENTS), "")
        if government:
            return government
    return _other(loser)  # "Russian forces have won back 683 sqkm": the loser's other side, whoever speaks


def _side(actor: str) -> str:
    """The government an actor fights for (North Korea's troops hold ground for Russia)."""
    return settings.ALLIES.get(actor, actor)


def _other(side: str) -> str:
    ally = settings.ALLIES.get(side, side)
    return next((g for g in settings.GOVERNMENTS.values() if g != ally), "")


def _held(stance: str, share: float | None, base: float, share_text: str, base_text: str) -> tuple[float, str]:
    if share is None:
        return base, base_text
    if stance in ("regain", "lose"):
        return base * (1 - share), f"1 − {share_text} of {base_text}"
    return base * share, f"{share_text} of {base_text}"
