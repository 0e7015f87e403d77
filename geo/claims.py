"""Read control claims (who holds what, when) out of extracted events and area figures.

Three kinds of statement become a ``ControlClaim``:

- an area figure (``geo.extract.areas``: "holds about 63 km²", "about 10
  percent of the more than 500 square miles that they once held"): the
  holder's extent on the report's date, or its peak extent;
- each change in a settlement's status timeline in the claims ledger
  (``geo.ledger``): a side across the border holding it, fighting for it, or
  losing it to the country it lies in ("retake the town of Sudzha": held by
  Ukraine before, lost from that date); Ukraine in Russia's villages and
  Russia in Ukraine's alike;
- a claim of full control ("full liberation"), kept with its standing
  (disputed when the other side denies it).

Every claim keeps the sentence it came from, so an area on the map can be
followed back to its words. This module does not build geometry
(geo.control does) and does not read text.
"""

from __future__ import annotations

import re
from typing import Sequence

from geo import ledger, settings
from geo.records import AreaReport, ControlClaim, Event, Place

_FULL_CONTROL = re.compile(r"\bfull liberation\b|\bfully liberated\b|\bcomplete(?:ly)? liberat\w*", re.I)


def control_claims(events: Sequence[Event], areas: Sequence[AreaReport] = (),
                   ledger_claims: Sequence[ledger.PlaceClaim] | None = None) -> list[ControlClaim]:
    """All control claims the events and area figures carry, in date order.

    ``ledger_claims`` are ``geo.ledger.event_claims(events)``, when the caller has them already.
    A place lost with no earlier report is taken by ``geo.control`` to have
    been held until it fell; the claims say only what the reports say.
    """
    claims: list[ControlClaim] = [_area_claim(a) for a in areas]
    places = {e.place.place_id: e.place for e in events}
    graded = ledger.event_claims(events) if ledger_claims is None else ledger_claims
    claims.extend(holding_claims(graded, places))
    for event in events:
        if event.historical:
            continue
        claims.extend(_full_control_claims(event))
    claims = list({(c.on, c.holder, c.source_id, c.quote, c.area_km2, _ids(c.places_lost), _ids(c.places_held),
                    _ids(c.places_contested)): c for c in claims}.values())
    claims.sort(key=lambda c: (c.on, c.holder, c.source_id, c.area_km2 or 0))
    return claims


def _ids(places: Sequence[Place]) -> tuple[str, ...]:
    # One sentence naming several places gives one event per place, but one claim of full control.
    return tuple(p.place_id for p in places)


def _area_claim(area: AreaReport) -> ControlClaim:
    """An area figure: the holder's extent on the report's date (a peak, undated, on the campaign's start)."""
    status = "disputed" if area.status == "denied" else area.status
    note = f"{area.note} = {area.area_km2:,.1f} km² held by {area.holder}"
    if area.peak:
        note = f"peak extent ({note}); undated, so it calibrates only days before the first dated figure (geo.control)"
    return ControlClaim(on=settings.CAMPAIGN_START if area.peak else area.on, holder=area.holder,
                        claimant=area.claimant, status=status, source_id=area.source_id, quote=area.quote,
                        area_km2=area.area_km2, note=note)


def holding_claims(claims: Sequence[ledger.PlaceClaim], places: dict[str, Place]) -> list[ControlClaim]:
    """One control claim per statement day of each span of a settlement's ledger timeline, for the side
    across the border.

    A settlement in Russia is Ukraine's to hold (held), fight for
    (contested) or lose (held by Russia); one in Ukraine is Russia's. A
    disputed statement is not in the timeline (``geo.ledger.timeline``).
    """
    out = []
    for place_id in sorted({c.place_id for c in claims}):
        place = places.get(place_id)
        # a settlement held by the other belligerent is ground it holds across the border
        home = settings.GOVERNMENTS.get(place.country) if place is not None and not place.is_region else None
        if home is None:
            continue
        incomer = next(side for side in settings.GOVERNMENTS.values() if side != home)
        seen_there = False  # the incomer said to hold it or fight for it, so far
        for span in ledger.timeline(claims, place_id):
            if span.holder == home and not seen_there and all(c.control == "held" for c in span.claims):
                # "Yunakivka is under Ukrainian control": no one said Russia was there, so Russia loses nothing
                # (a loss would mean it held the village until then)
                continue
            seen_there = seen_there or span.holder in (incomer, "contested")
            # each restatement renews the state: fighting reported again in April is not August's
            firsts = {c.end: c for c in reversed(span.claims) if c.end >= span.start}
            out.extend(_span_claim(span, place, incomer, lead) for _, lead in sorted(firsts.items()))
    return out


def _span_claim(span: ledger.Span, place: Place, incomer: str, lead: ledger.PlaceClaim) -> ControlClaim:
    state = "held" if span.holder == incomer else "contested" if span.holder == "contested" else "lost"
    return ControlClaim(
        on=max(span.start, lead.end), holder=incomer, claimant=lead.claimant,
        status="reported" if lead.status == "reported" else "claimed", source_id=lead.source_id, quote=lead.quote,
        places_held=(place,) if state == "held" else (), places_lost=(place,) if state == "lost" else (),
        places_contested=(place,) if state == "contested" else (),
        note=f"{place.name} {state} by {incomer} on {max(span.start, lead.end).isoformat()} "
             f"(ledger: {span.holder} from {span.start.isoformat()}, {span.standing})",
    )


def _full_control_claims(event: Event) -> list[ControlClaim]:
    # Russia's claim to have freed its own region; "to completely liberate the LPR territory" is another front
    if not _FULL_CONTROL.search(event.sentence) or settings.GOVERNMENTS.get(event.place.country) != "Russia":
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
