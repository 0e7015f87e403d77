"""Read control claims (who holds what, when) out of extracted events.

Three kinds of statement become a ``ControlClaim``:

- an area figure about the salient ("about 10 percent of the more than 500
  square miles that they once held"; "reclaiming approximately half of the
  1000+ square kilometers initially captured"): the holder's extent on the
  report's date, and the peak extent it refers to;
- a place retaken or seized ("retake the town of Sudzha"): the holder loses
  the place from that date and is taken to have held it before;
- a claim of full control ("full liberation"), kept with its standing
  (disputed when the other side denies it).

Every claim keeps the sentence it came from, so an area on the map can be
followed back to its words. This module does not build geometry
(geo.control does) and does not read text beyond the event sentences.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import Sequence

from geo import settings
from geo.extract.figures import area_parts
from geo.records import ControlClaim, Event, Place

SALIENT_HOLDER = "Ukraine"  # the incursion's territory was held by Ukraine
SALIENT_COUNTRY = "RU"  # ... inside Russia
_PEAK_WORDS = re.compile(r"\b(once held|initially captured|at (?:its|the) peak|originally (?:seized|captured|took))\b", re.I)
# A share the holder lost, not kept: "Russia reclaiming half of …", "Ukraine lost 90 percent of …".
_REGAIN_WORDS = re.compile(
    r"\b(reclaim\w*|retak\w*|retook|regain\w*|recaptur\w*|liberat\w*|lost|ceded|gave up|surrender\w*)\b", re.I
)
_CAPTURE_BEFORE = re.compile(
    r"\b(?:retake|retook|retaken|recaptur\w*|seiz\w*|captur\w*|liberat\w*|took|take back|regain\w*|reclaim\w*)"
    r"\W+(?:[\w’'-]+\W+){0,5}$",
    re.I,
)
_FULL_CONTROL = re.compile(r"\bfull liberation\b|\bfully liberated\b|\bcomplete(?:ly)? liberat\w*", re.I)


def control_claims(events: Sequence[Event]) -> list[ControlClaim]:
    """All control claims the events carry, in date order, places propagated.

    A place lost on day D is added to ``places_held`` of every earlier claim
    of the same holder, so the schematic extent contains it until it fell.
    """
    claims: list[ControlClaim] = []
    for event in events:
        if event.historical:
            continue
        claims.extend(_area_claims(event))
        claims.extend(_place_claims(event))
        claims.extend(_full_control_claims(event))
    claims.sort(key=lambda c: (c.on, c.holder, c.source_id, c.area_km2 or 0))
    return _propagate_held_places(claims)


def _area_claims(event: Event) -> list[ControlClaim]:
    parts = area_parts(event.sentence)
    if parts is None or event.place.country != SALIENT_COUNTRY:
        return []  # an area elsewhere ("20 percent of Ukraine") is not the salient's
    share, base_km2, share_text, base_text = parts
    status, claimant = _standing(event)
    out: list[ControlClaim] = []
    if _PEAK_WORDS.search(event.sentence):
        out.append(ControlClaim(
            on=settings.CAMPAIGN_START, holder=SALIENT_HOLDER, claimant=claimant, status=status,
            source_id=event.source_id, quote=event.sentence, area_km2=round(base_km2, 1),
            note=f"peak extent ({base_text}); undated in the report, applied from the start of the incursion",
        ))
    if share is not None:
        regained = _REGAIN_WORDS.search(event.sentence) is not None
        held = (1 - share) if regained else share
        how = f"1 − {share_text}" if regained else share_text
        out.append(ControlClaim(
            on=event.when.end, holder=SALIENT_HOLDER, claimant=claimant, status=status,
            source_id=event.source_id, quote=event.sentence, area_km2=round(base_km2 * held, 1),
            note=f"{how} of {base_text} = {base_km2 * held:,.0f} km²",
        ))
    return out


def _place_claims(event: Event) -> list[ControlClaim]:
    if event.sub_event_type != "Government regains territory" or event.geo_precision != 1:
        return []
    if _FULL_CONTROL.search(event.sentence) or not _is_object_of_capture(event):
        return []
    status, claimant = _standing(event)
    return [ControlClaim(
        on=event.when.end, holder=SALIENT_HOLDER, claimant=claimant, status=status,
        source_id=event.source_id, quote=event.sentence, places_lost=(event.place,),
        note=f"{event.place.name} lost by {event.when.end.isoformat()} ({event.when.text or 'date inferred'})",
    )]


def _is_object_of_capture(event: Event) -> bool:
    """True when the place is what was taken ("retake the town of Sudzha"), not a by-stander."""
    at = event.sentence.find(event.location_text)
    return at >= 0 and bool(_CAPTURE_BEFORE.search(event.sentence[max(0, at - 60):at]))


def _full_control_claims(event: Event) -> list[ControlClaim]:
    if not _FULL_CONTROL.search(event.sentence):
        return []
    status, claimant = _standing(event)
    when = event.when
    # A vague date ("just days after", in an article dated by inference) is
    # drawn from the middle of its span, the best single estimate; the span
    # itself is kept in the note.
    on = when.start + (when.end - when.start) / 2 if when.precision >= 3 else when.start
    return [ControlClaim(
        on=on, holder="Russia", claimant=claimant or "Russia", status=status,
        source_id=event.source_id, quote=event.sentence,
        note=f"claim of full control of the region, made {when.start.isoformat()}..{when.end.isoformat()}"
             + (", drawn from the middle of that span" if on != when.start else ""),
    )]


def _standing(event: Event) -> tuple[str, str]:
    # A denied claim (the report calls it false) never shapes an extent as
    # fact; it is kept as "disputed" so the map still shows it was made.
    status = "disputed" if event.claim_status == "denied" else event.claim_status
    return status, event.claimant


def _propagate_held_places(claims: list[ControlClaim]) -> list[ControlClaim]:
    losses: list[tuple[date, str, Place]] = [(c.on, c.holder, p) for c in claims for p in c.places_lost]
    out = []
    for claim in claims:
        held = {p.place_id: p for p in claim.places_held}
        lost = {p.place_id: p for p in claim.places_lost}
        for lost_on, holder, place in losses:
            if holder != claim.holder:
                continue
            if claim.on < lost_on:
                held.setdefault(place.place_id, place)
            else:
                lost.setdefault(place.place_id, place)
        out.append(replace(
            claim,
            places_held=tuple(held[k] for k in sorted(held)),
            places_lost=tuple(lost[k] for k in sorted(lost)),
        ))
    return out
