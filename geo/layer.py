"""Assemble, read and write the GeoJSON layer (schema: geo/schema.py).

``assemble`` turns pipeline records into the FeatureCollection. Every write
goes through ``write_layer``: the collection is validated, serialised
deterministically, written to a temporary file in the target folder and
renamed over the old layer, under a file lock. A failed or killed write
therefore leaves the previous layer untouched.

This module does not read articles, geocode, extract events or draw.
"""

from __future__ import annotations

import json
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator, Mapping, Sequence

from filelock import FileLock, Timeout

from geo.errors import BuildLockedError, InputError
from geo.ledger import PlaceClaim, claim_properties
from geo.records import Article, Event, Mention, Place, Skipped
from geo.schema import validate_layer

LOCK_TIMEOUT_S = 0.0  # refuse at once: a second build must not wait silently


def assemble(
    *,
    articles: Sequence[Article],
    events: Sequence[Event],
    mentions: Mapping[str, Sequence[Mention]],
    controls: Sequence[dict],
    skipped: Sequence[Skipped] = (),
    unresolved: Mapping[str, Sequence[str]] | None = None,
    claims: Sequence[PlaceClaim] = (),
) -> dict:
    """The FeatureCollection for one build, in a deterministic order.

    ``mentions`` maps source ids to their resolved mentions; ``unresolved``
    maps source ids to place-like names the gazetteer did not know;
    ``claims`` are the ledger's claims about the events' settlements
    (``geo.ledger.event_claims(events)``).
    """
    by_id = {a.source_id: a for a in articles}
    features = sorted(controls, key=lambda f: f["id"])
    features += place_features(mentions)
    features += sorted((event_feature(e, by_id) for e in events), key=lambda f: f["id"])
    features += claim_features(claims, events)
    return {
        "type": "FeatureCollection",
        "metadata": {
            "generated_by": "python -m geo build",
            "articles": [_article_meta(a) for a in sorted(articles, key=lambda a: a.source_id)],
            "skipped": [{"file": s.file, "reason": s.reason} for s in sorted(skipped, key=lambda s: s.file)],
            "unresolved": _unresolved_meta(unresolved or {}),
        },
        "features": features,
    }


def _article_meta(article: Article) -> dict:
    return {
        "source_id": article.source_id, "file": article.file, "title": article.title,
        "outlet": article.outlet, "url": article.url, "published": article.published.isoformat(),
        "date_basis": article.date_basis, "date_reason": article.date_reason,
        "date_precision": article.date_precision,
    }


def _unresolved_meta(unresolved: Mapping[str, Sequence[str]]) -> list[dict]:
    counts: dict[tuple[str, str], int] = {}
    for source_id, names in unresolved.items():
        for name in names:
            counts[(name, source_id)] = counts.get((name, source_id), 0) + 1
    return [{"name": n, "source_id": s, "count": c} for (n, s), c in sorted(counts.items())]


def event_feature(event: Event, articles: Mapping[str, Article]) -> dict:
    """One event as a GeoJSON Point feature (schema: docs/layer-schema.md)."""
    article = articles[event.source_id]
    place, when, fig = event.place, event.when, event.figures
    sources = [event.source_id] + [s for s, _ in event.also_reported if s != event.source_id]
    return {
        "type": "Feature",
        "id": event.event_id,
        "geometry": _point(place),
        "properties": {
            "kind": "event", "event_id": event.event_id,
            "event_date": when.start.isoformat(), "date_start": when.start.isoformat(),
            "date_end": when.end.isoformat(), "time_precision": when.precision,
            "date_text": when.text, "date_inferred": when.inferred,
            "event_type": event.event_type, "sub_event_type": event.sub_event_type,
            "actor1": event.actor1, "actor2": event.actor2,
            "location": place.name, "admin1": place.admin1, "country": place.country,
            "geonameid": place.geonameid, "place_id": place.place_id, "geo_precision": event.geo_precision,
            "fatalities": fig.fatalities, "casualties": fig.casualties,
            "wounded": fig.wounded, "prisoners": fig.prisoners, "troops": fig.troops,
            "area_km2": fig.area_km2,
            "claim_status": event.claim_status, "claimant": event.claimant, "historical": event.historical,
            "quote": event.sentence, "source_id": event.source_id, "source_ids": list(dict.fromkeys(sources)),
            "source_title": article.title, "source_date": article.published.isoformat(),
            "source_url": article.url, "notes": event.notes,
            "also_reported": [{"source_id": s, "quote": q, "claimant": c, "claim_status": st}
                              for (s, q), (c, st) in zip(event.also_reported, _claims_of(event))],
            "control": event.control, "holder": event.holder,
        },
    }


def claim_features(claims: Iterable[PlaceClaim], events: Iterable[Event]) -> list[dict]:
    """One Point per ledger claim, at its settlement (its event's place), sorted by id.

    Raises KeyError when a claim's event is not among ``events``: a claim
    must never be drawn somewhere its event is not.
    """
    places = {e.event_id: e.place for e in events}
    features: dict[str, dict] = {}
    for claim in claims:
        props = claim_properties(claim)
        base = props["claim_id"]
        # one source repeating a sentence about one event: the same statement twice, kept apart by a suffix
        n = 1
        while props["claim_id"] in features:
            n += 1
            props["claim_id"] = f"{base}-{n}"
        features[props["claim_id"]] = {"type": "Feature", "id": props["claim_id"],
                                       "geometry": _point(places[claim.event_id]), "properties": props}
    return [features[k] for k in sorted(features)]


def _claims_of(event: Event) -> list[tuple[str, str]]:
    # older records carry no claimants for their merged reports
    return list(event.also_claimed) + [("", "reported")] * (len(event.also_reported) - len(event.also_claimed))


def place_features(mentions: Mapping[str, Sequence[Mention]]) -> list[dict]:
    """One Point per resolved place, with the surface forms and sources seen."""
    seen: dict[str, tuple[Place, set[str], set[str]]] = {}
    for source_id, items in mentions.items():
        for mention in items:
            if mention.place is None:
                continue
            place, forms, sources = seen.setdefault(mention.place.place_id, (mention.place, set(), set()))
            forms.add(mention.surface)
            sources.add(source_id)
    return [_place_feature(place, forms, sources) for place, forms, sources in
            (seen[k] for k in sorted(seen))]


def _place_feature(place: Place, forms: Iterable[str], sources: Iterable[str]) -> dict:
    return {
        "type": "Feature",
        "id": f"place-{place.place_id}",
        "geometry": _point(place),
        "properties": {
            "kind": "place", "name": place.name, "aliases": sorted(place.aliases)[:20],
            "mentions": sorted(forms), "place_id": place.place_id, "geonameid": place.geonameid,
            "country": place.country, "admin1": place.admin1, "feature": place.feature,
            "precision_km": place.precision_km, "sources": sorted(sources),
        },
    }


def _point(place: Place) -> dict:
    return {"type": "Point", "coordinates": [round(place.lon, 5), round(place.lat, 5)]}


def dumps_layer(fc: dict) -> str:
    """Serialise deterministically: sorted keys, fixed separators, one final newline."""
    return json.dumps(fc, ensure_ascii=False, sort_keys=True, separators=(",", ":"), indent=None) + "\n"


def read_layer(path: Path) -> dict:
    """Read and validate a layer file; InputError names the file on any problem."""
    path = Path(path)
    try:
        fc = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(path, "layer file not found; build it with `python -m geo build`") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(path, f"not readable as GeoJSON: {exc}") from None
    except RecursionError:  # '[' * 100000 overflows the parser's stack
        raise InputError(path, "not readable as GeoJSON: nested too deeply") from None
    validate_layer(fc, origin=path)
    return fc


@contextmanager
def layer_lock(path: Path) -> Iterator[None]:
    """Hold ``<path>.lock``; BuildLockedError if another build or import holds it."""
    lock = FileLock(str(Path(path)) + ".lock")
    try:
        lock.acquire(timeout=LOCK_TIMEOUT_S)
    except Timeout:
        raise BuildLockedError(f"{path}: another build or import is writing this layer; try again when it ends") from None
    try:
        yield
    finally:
        lock.release()


def write_layer(fc: dict, path: Path, *, locked: bool = False) -> None:
    """Validate ``fc`` and write it atomically to ``path``.

    Parameters
    ----------
    fc : dict
        The FeatureCollection.
    path : Path
        Target file; its folder is created if missing.
    locked : bool
        True when the caller already holds ``layer_lock(path)``.
    """
    path = Path(path)
    validate_layer(fc, origin=path)
    text = dumps_layer(fc)
    if locked:
        _atomic_write_text(path, text)
        return
    with layer_lock(path):
        _atomic_write_text(path, text)


def _atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def _read_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# Read once at import: os.umask() changes it for the whole process, which
# threads (Streamlit sessions) writing files at the same moment would see.
_UMASK = _read_umask()


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write to a temp file beside ``path``, fsync, then rename over it.

    Used for the layer, exports and uploads, so a killed process never
    leaves a half-written file behind.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes 0600; readers (the app) need the usual mode
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
