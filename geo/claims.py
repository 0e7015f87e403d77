"""Read control claims (who holds what, when) out of extracted events and area figures.

Three kinds of statement become a ``ControlClaim``:

- an area figure (``geo.extract.areas``: "holds about 63 km²", "about 10
  percent of the more than 500 square miles that they once held"): the
  holder's extent on the report's date, or its peak extent;
- a place retaken or seized ("retake the town of Sudzha"): the holder loses
  the place from that date and is taken to have held it before;
- a claim of full control ("full liberation"), kept with its standing
  (disputed when the other side denies it).

Every claim keeps the sentence it came from, so an area on the map can be
followed back to its words. This module does not build geometry
(geo.control does) and does not read text.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import Sequence

from geo import settings
from geo.records import AreaReport, ControlClaim, Event, Place

SALIENT_HOLDER = "Ukraine"  # the incursion's territory was held by Ukraine
_FULL_CONTROL = re.compile(r"\bfull liberation\b|\bfully liberated\b|\bcomplete(?:ly)? liberat\w*", re.I)


def control_claims(events: Sequence[Event], areas: Sequence[AreaReport] = ()) -> list[ControlClaim]:
    """All control claims the events and area figures carry, in date order, places propagated.

    A place lost on day D is added to ``places_held`` of every earlier claim
    of the same holder, so the schematic extent contains it until it fell.
    """
    claims: list[ControlClaim] = [_area_claim(a) for a in areas]
    for event in events:
        if event.historical:
            continue
        claims.extend(_place_claims(event))
        claims.extend(_full_control_claims(event))
    claims = list({(c.on, c.holder, c.source_id, c.quote, c.area_km2, _ids(c.places_lost)): c for c in claims}.values())
    claims.sort(key=lambda c: (c.on, c.holder, c.source_id, c.area_km2 or 0))
    return _propagate_held_places(claims)


def _ids(places: Sequence[Place]) -> tuple[str, ...]:
    # One sentence naming several places gives one event per place, but one claim of full control.
    return tuple(p.place_id for p in places)


def _area_claim(area: AreaReport) -> ControlClaim:
    """An area figure: the holder's extent on the report's date (a peak from the campaign's start)."""
    status = "disputed" if area.status == "denied" else area.status
    note = f"{area.note} = {area.area_km2:,.1f} km² held by {area.holder}"
    if area.peak:
        note = f"peak extent ({note}); applied from the start of the incursion"
    return ControlClaim(on=settings.CAMPAIGN_START if area.peak else area.on, holder=area.holder,
                        claimant=area.claimant, status=status, source_id=area.source_id, quote=area.quote,
                        area_km2=area.area_km2, note=note)


def _place_claims(event: Event) -> list[ControlClaim]:
    if event.sub_event_type != "Government regains territory" or event.geo_precision != 1:
        return []
    if _FULL_CONTROL.search(event.sentence):
        return []
    status, claimant = _standing(event)
    return [ControlClaim(
        on=event.when.end, holder=SALIENT_HOLDER, claimant=claimant, status=status,
        source_id=event.source_id, quote=event.sentence, places_lost=(event.place,),
        note=f"{event.place.name} lost by {event.when.end.isoformat()} ({event.when.text or 'date inferred'})",
    )]


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
