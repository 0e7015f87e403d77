"""The claims ledger: who claims what about each settlement, when, and who else says so.

Reads the layer's event features. An event whose ``control`` says something
about a settlement's control (taken, held, entered, fighting, withdrawn) is a
claim about that place; so is each other report merged into it
(``also_reported``), with its own claimant (an article retelling its own
statement stays one claim). Each claim gets:

- the claimant's side, kind and source grade (``data/sources.csv``: the
  Admiralty scale's A reliable ... F cannot be judged, as analysts set it);
- its *standing*, from corroboration within ``CORROBORATION_DAYS`` (or
  later, when nobody has claimed another holder in between):
  ``confirmed`` when the other side or an independent source says the same,
  ``disputed`` when the report calls it false or someone denies it or says
  another side holds the place, ``claimed`` while only its own side says so,
  ``reported`` when an outlet states it with no claimant;
- a *credibility* from 1 (confirmed by independent sources) to 6 (cannot be
  judged), the Admiralty scale's information grade.

````timeline`` turns a place's claims into spans: held by a side, contested,
from one statement to the next. Region-level events are not claims about a
settlement and are left out.

``to_rows`` is the one plain form of the ledger (the CSV and JSON of
``python -m geo ledger`` and the app's download, keys ``LEDGER_COLUMNS``);
``claim_properties`` and ``from_properties`` write and read a claim as the
properties of the layer's ``claim`` features. This module reads no articles,
draws no geometry and writes no files.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, fields, replace
from datetime import date
from typing import Iterable, Mapping, Sequence

from geo import lexicon
from geo.records import Event

__all__ = ["CORROBORATION_DAYS", "LEDGER_COLUMNS", "RELIABILITY_WORDS", "CREDIBILITY_WORDS", "PlaceClaim", "Span",
           "event_claims", "place_claims", "timeline", "grade", "to_rows", "claim_id", "claim_properties",
           "from_properties"]

CORROBORATION_DAYS = 7  # statements this close in time speak of the same situation
INDEPENDENT = "independent"
_CREDIBILITY = {"confirmed": 1, "corroborated": 2, "claimed": 3, "reported": 3, "disputed": 5, "unknown": 6}
# One row of the ledger's CSV and JSON, in this order ("kind" is the claimant's kind: ministry, tracker ...).
LEDGER_COLUMNS: tuple[str, ...] = (
    "place", "place_id", "start", "end", "control", "holder", "claimant", "side", "kind", "reliability",
    "standing", "credibility", "basis", "status", "source_id", "quote",
)
# The Admiralty scale's words for a grade, for legends and tooltips.
RELIABILITY_WORDS = {"A": "completely reliable", "B": "usually reliable", "C": "fairly reliable",
                     "D": "not usually reliable", "E": "unreliable", "F": "reliability cannot be judged"}
CREDIBILITY_WORDS = {1: "confirmed by other sources", 2: "probably true", 3: "possibly true", 4: "doubtful",
                     5: "improbable", 6: "truth cannot be judged"}


@dataclass(frozen=True)
class PlaceClaim:
    """One statement about who controls one settlement."""

    place_id: str
    place: str
    start: date
    end: date
    control: str  # taken | held | entered | fighting | withdrawn
    holder: str  # the side it says holds the place after it ('' when contested or not said)
    claimant: str
    side: str  # the claimant's side: Russia, Ukraine, independent, or '' when not listed
    kind: str
    reliability: str  # the claimant's grade in data/sources.csv, 'F' when not listed
    status: str  # as reported: reported | claimed | disputed | denied
    standing: str = "claimed"  # confirmed | claimed | disputed | reported
    credibility: int = 6  # 1 confirmed ... 6 cannot be judged
    basis: str = ""  # why that standing: the claims that agree or disagree
    event_id: str = ""
    source_id: str = ""
    quote: str = ""


@dataclass(frozen=True)
class Span:
    """A stretch of a settlement's status timeline between two statements."""

    holder: str  # the side said to hold it, or "contested"
    start: date
    end: date  # the day of the next statement that changes it, or the last statement's day
    claims: tuple[PlaceClaim, ...]

    @property
    def standing(self) -> str:
        """The best standing among the claims behind the span."""
        return min((c.standing for c in self.claims), key=lambda s: _CREDIBILITY.get(s, 9))


def place_claims(features: Iterable[Mapping]) -> list[PlaceClaim]:
    """Every claim about a settlement's control in the layer's event features, graded.

    Parameters
    ----------
    features : iterable of GeoJSON features
        Usually ``geo.filters.events(layer)``; other kinds are skipped.
    """
    claims = [claim for feature in features for claim in _claims_of(feature.get("properties") or {})]
    claims.sort(key=lambda c: (c.place, c.end, c.start, c.claimant, c.source_id))
    by_place: dict[str, list[PlaceClaim]] = {}
    for claim in claims:
        by_place.setdefault(claim.place_id, []).append(claim)
    return [_graded(claim, by_place[claim.place_id]) for claim in claims]  # only a place's own claims compare


def event_claims(events: Iterable[Event]) -> list[PlaceClaim]:
    """``place_claims`` for extracted events, before they become layer features.

    The pipeline draws control from the ledger before it writes the layer;
    the claims are the same as those of the events' features.
    """
    return place_claims({"properties": _event_properties(e)} for e in events)


def _event_properties(event: Event) -> dict:
    """The feature properties ``_claims_of`` reads (geo.layer.event_feature writes the same)."""
    claimed = list(event.also_claimed) + [("", "reported")] * (len(event.also_reported) - len(event.also_claimed))
    return {
        "kind": "event", "control": event.control, "holder": event.holder, "geo_precision": event.geo_precision,
        "historical": event.historical, "place_id": event.place.place_id, "location": event.place.name,
        "date_start": event.when.start.isoformat(), "date_end": event.when.end.isoformat(),
        "claim_status": event.claim_status, "claimant": event.claimant, "event_id": event.event_id,
        "source_id": event.source_id, "quote": event.sentence,
        "also_reported": [{"source_id": s, "quote": q, "claimant": c, "claim_status": st}
                          for (s, q), (c, st) in zip(event.also_reported, claimed)],
    }


def timeline(claims: Sequence[PlaceClaim], place_id: str) -> list[Span]:
    """The place's status over time: who is said to hold it, from one statement to the next."""
    # on one day, fighting comes before the taking or withdrawal that ends it
    own = sorted((c for c in claims if c.place_id == place_id and c.standing != "disputed"),
                 key=lambda c: (c.end, c.control != "fighting", c.start))
    spans: list[Span] = []
    for claim in own:
        if not claim.holder and claim.control in ("taken", "held", "withdrawn"):
            continue  # a change of hands whose taker the report does not name: no status to show
        holder = claim.holder or "contested"
        if spans and spans[-1].holder == holder:
            last = spans[-1]
            spans[-1] = replace(last, end=max(last.end, claim.end), claims=last.claims + (claim,))
            continue
        if spans and claim.start < spans[-1].start:
            continue  # a vague window ("in recent days") that may well lie before the last change
        if spans:
            spans[-1] = replace(spans[-1], end=claim.end)
        spans.append(Span(holder, claim.end, claim.end, (claim,)))
    return spans


def _claims_of(props: Mapping) -> list[PlaceClaim]:
    if props.get("kind") != "event" or not props.get("control") or int(props.get("geo_precision") or 3) > 2:
        return []
    if props.get("historical"):
        return []
    base = PlaceClaim(
        place_id=str(props.get("place_id", "")), place=str(props.get("location", "")),
        start=date.fromisoformat(props["date_start"]), end=date.fromisoformat(props["date_end"]),
        control=str(props["control"]), holder=str(props.get("holder", "")), claimant="", side="", kind="",
        reliability="F", status=str(props.get("claim_status", "reported")), event_id=str(props.get("event_id", "")),
        source_id=str(props.get("source_id", "")), quote=str(props.get("quote", "")),
    )
    out = [_with_claimant(base, str(props.get("claimant", "")))]
    for merged in props.get("also_reported") or []:
        if merged.get("source_id", "") == base.source_id:
            continue  # the article retelling its own statement: one claim per report
        out.append(_with_claimant(replace(base, source_id=merged.get("source_id", ""), quote=merged.get("quote", ""),
                                          status=merged.get("claim_status", "reported")),
                                  merged.get("claimant", "")))
    return out


def _with_claimant(claim: PlaceClaim, claimant: str) -> PlaceClaim:
    source = lexicon.sources().owner(claimant) if claimant else None
    if source is None:
        return replace(claim, claimant=claimant)
    return replace(claim, claimant=source.name, side=source.side, kind=source.kind, reliability=source.reliability)


def _graded(claim: PlaceClaim, claims: Sequence[PlaceClaim]) -> PlaceClaim:
    # a claim speaks of the situation on its last day (a vague "since August" must not span the war)
    near = [c for c in claims if c.place_id == claim.place_id and c is not claim and c.source_id != claim.source_id
            and abs((c.end - claim.end).days) <= CORROBORATION_DAYS]
    # only a statement made at the same time or after contradicts: an earlier one was overtaken by events
    against = [c for c in near if c.holder and claim.holder and c.holder != claim.holder and c.end >= claim.end
               and c.claimant != claim.claimant and c.status not in ("denied", "disputed")]
    agreeing = [c for c in near if c.holder == claim.holder and c.status not in ("denied", "disputed")]
    agreeing += [c for c in _unbroken_agreement(claim, claims) if c not in agreeing]
    if claim.status in ("denied", "disputed") or (against and claim.holder):
        standing, why = "disputed", _basis("disputed by", against) or "the report calls it false or it was denied"
    elif [c for c in agreeing if _independent_of(c, claim)]:
        standing, why = "confirmed", _basis("confirmed by", [c for c in agreeing if _independent_of(c, claim)])
    elif [c for c in agreeing if c.claimant != claim.claimant]:
        return replace(claim, standing="claimed", credibility=_CREDIBILITY["corroborated"],
                       basis=_basis("also said by", [c for c in agreeing if c.claimant != claim.claimant]))
    elif claim.claimant:
        standing, why = "claimed", "only the claimant says so"
    else:
        standing, why = "reported", "stated by the outlet, with no claimant"
    credibility = _CREDIBILITY["unknown"] if standing == "reported" and not claim.side else _CREDIBILITY[standing]
    return replace(claim, standing=standing, credibility=credibility, basis=why)


def _unbroken_agreement(claim: PlaceClaim, claims: Sequence[PlaceClaim]) -> list[PlaceClaim]:
    """Statements of the same holder, earlier or later, with no other holder claimed in between:
    "Russia took Basivka" (6 April) and the Sumy governor's "Basivka is under enemy control" (26 May)."""
    if not claim.holder:
        return []
    out = []
    for step in (1, -1):  # later, then earlier
        ordered = sorted((c for c in claims if c.place_id == claim.place_id and (c.end - claim.end).days * step > 0),
                         key=lambda c: c.end, reverse=step < 0)
        for other in ordered:
            if other.holder and other.holder != claim.holder:
                break
            if other.holder == claim.holder and other.status not in ("denied", "disputed"):
                out.append(other)
    return out


def _independent_of(other: PlaceClaim, claim: PlaceClaim) -> bool:
    """The other side, or an independent source, corroborates; the claimant's own side does not."""
    if not other.claimant or other.claimant == claim.claimant:
        return False
    return other.side == INDEPENDENT or (bool(other.side) and bool(claim.side) and other.side != claim.side)


def _basis(verb: str, claims: Sequence[PlaceClaim]) -> str:
    names = sorted({f"{c.claimant or 'an outlet'} ({c.end.isoformat()})" for c in claims})
    return f"{verb} {', '.join(names)}" if names else ""


def grade(reliability: str, credibility: int) -> str:
    """The Admiralty grade as analysts write it: the source's letter, the information's number ("C1")."""
    return f"{reliability}{credibility}"


def to_rows(claims: Iterable[PlaceClaim]) -> list[dict]:
    """One plain dict per claim, keys ``LEDGER_COLUMNS`` in order: dates ISO, credibility an int."""
    return [{column: _value(claim, column) for column in LEDGER_COLUMNS} for claim in claims]


def _value(claim: PlaceClaim, column: str) -> str | int:
    value = getattr(claim, column)
    return value.isoformat() if isinstance(value, date) else value


def claim_id(claim: PlaceClaim) -> str:
    """A stable id, ``cl-<12 hex>``, from the claim's event, source, claimant and sentence.

    A merged event's reports share its event id; the source and claimant
    tell them apart, the sentence two reports of one source.
    """
    key = "|".join((claim.event_id, claim.source_id, claim.claimant, claim.quote))
    return "cl-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def claim_properties(claim: PlaceClaim) -> dict:
    """The properties of the layer's ``claim`` feature for ``claim`` (docs/layer-schema.md).

    The row of ``to_rows`` with the claimant's kind as ``claimant_kind``
    (``kind`` is the feature's), plus ``claim_id`` and ``event_id``.
    """
    row = to_rows([claim])[0]
    row["claimant_kind"] = row.pop("kind")
    return {"kind": "claim", "claim_id": claim_id(claim), "event_id": claim.event_id, **row}


def from_properties(props: Mapping) -> PlaceClaim:
    """The claim a ``claim`` feature's properties hold (``claim_properties`` read back)."""
    values = {f.name: props[f.name] for f in fields(PlaceClaim) if f.name in props and f.name != "kind"}
    values["kind"] = props.get("claimant_kind", "")
    values["start"], values["end"] = date.fromisoformat(props["start"]), date.fromisoformat(props["end"])
    return PlaceClaim(**values)
