"""Plain records handed from stage to stage.

Each pipeline stage takes and returns these frozen dataclasses, so the stages
stay pure functions that are easy to test. This module holds no logic beyond
small derived properties; it does not read files, geocode or draw.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

DateBasis = Literal["provided", "stated", "inferred"]
ClaimStatus = Literal["reported", "claimed", "disputed", "denied"]


@dataclass(frozen=True)
class Article:
    """One article read from the articles folder.

    ``source_id`` is the file name without its extension, so it is stable
    across rebuilds. ``published`` is the date relative expressions are
    resolved against; ``date_basis``/``date_reason`` say where it came from.
    """

    source_id: str
    file: str
    text: str
    title: str
    outlet: str
    url: str
    published: date
    date_basis: DateBasis
    date_reason: str
    date_precision: int = 1  # ACLED scale; an inferred date is usually 3 (month)


@dataclass(frozen=True)
class Skipped:
    """A file the build did not use, and why (shown in the build summary)."""

    file: str
    reason: str


PINPOINT_KM = 10.0  # the widest radius a point still marks the place itself (a large city's is 10 km)


@dataclass(frozen=True)
class Place:
    """A gazetteer entry.

    ``place_id`` is unique and stable: ``gn:<geonameid>`` for GeoNames cities,
    ``cur:<slug>`` for curated rows, ``adm1:<CC>-<code>`` for first-level
    regions and ``cc:<CC>`` for countries. ``feature`` is one of
    ``city``, ``village``, ``area``, ``region`` or ``country``.
    ``precision_km`` is the radius within which the true location lies.
    """

    place_id: str
    name: str
    lat: float
    lon: float
    country: str
    admin1: str
    feature: str
    population: int
    precision_km: float
    aliases: tuple[str, ...] = ()
    source: str = ""
    geonameid: int | None = None

    @property
    def is_region(self) -> bool:
        """True for regions and countries, which map at region precision."""
        return self.feature in ("region", "country")

    @property
    def pinpointed(self) -> bool:
        """True when the place is known to within ``PINPOINT_KM``.

        A village a source lists in a district without giving its coordinates
        is placed at the district's centre with the district's radius: it can
        place an event there at "part of a region" precision, but it labels
        no map and anchors no control extent.
        """
        return self.precision_km <= PINPOINT_KM


@dataclass(frozen=True)
class Mention:
    """A place name found in text, with its resolution (None if unresolved)."""

    surface: str
    start: int
    end: int
    place: Place | None
    qualifier: str = ""  # e.g. "near", "region": widens geo precision


@dataclass(frozen=True)
class TimeSpan:
    """A resolved time expression.

    ``precision`` follows ACLED: 1 day, 2 week or a few days, 3 month,
    4 vaguer. ``inferred`` is True when the span was not stated in the text
    (e.g. taken from the publication date).
    """

    start: date
    end: date
    precision: int
    text: str = ""
    inferred: bool = False
    note: str = ""


@dataclass(frozen=True)
class Figures:
    """Numbers a sentence reports. Areas are converted to km²."""

    fatalities: int | None = None
    casualties: int | None = None  # killed and wounded together
    wounded: int | None = None
    prisoners: int | None = None
    troops: int | None = None
    area_km2: float | None = None
    area_note: str = ""


@dataclass(frozen=True)
class Event:
    """One dated, located event extracted from one sentence."""

    event_id: str
    source_id: str
    sentence: str
    when: TimeSpan
    place: Place
    geo_precision: int
    event_type: str
    sub_event_type: str
    actor1: str
    actor2: str
    figures: Figures
    claim_status: ClaimStatus
    claimant: str
    historical: bool
    notes: str = ""
    location_text: str = ""
    also_reported: tuple[tuple[str, str], ...] = ()  # (source_id, sentence) of merged duplicates
    also_claimed: tuple[tuple[str, str], ...] = ()  # (claimant, claim_status) of each, in the same order
    control: str = ""  # what the report says of the place's control: taken|held|entered|fighting|withdrawn, or ''
    holder: str = ""  # the side it says holds the place afterwards ('' when contested or not said)


@dataclass(frozen=True)
class ControlClaim:
    """A dated statement about who holds what in the campaign area.

    ``area_km2`` is the holder's reported extent in km² (None when the claim
    only concerns places). ``places_held``/``places_lost`` (and
    ``places_contested``) anchor the schematic geometry. ``status`` is the claim's standing in the report.
    """

    on: date
    holder: str
    claimant: str
    status: ClaimStatus
    source_id: str
    quote: str
    area_km2: float | None = None
    places_held: tuple[Place, ...] = ()
    places_lost: tuple[Place, ...] = ()
    note: str = ""
    places_contested: tuple[Place, ...] = ()  # fought over: the holder is there, for a while


@dataclass(frozen=True)
class AreaReport:
    """A sentence's figure for the area one side holds after the statement.

    ``peak`` marks the salient's initial or largest extent ("initially
    captured").
    """

    on: date
    holder: str
    area_km2: float
    claimant: str
    status: ClaimStatus
    source_id: str
    quote: str
    note: str = ""
    peak: bool = False
    base_km2: float | None = None  # the figure a share applied to
    base_in_sentence: bool = False
