"""Accuracy of the extraction stage against hand-made gold annotations.

Scores the seeds, the corpus's dev half and its test half
(``bench/corpus/README.md``) and prints, for each:

- places: gold places (with a sourced coordinate) the pipeline resolves
  within the gold tolerance;
- events: recall, precision and F1. A reported event is found when an
  extracted event has the same ACLED event type, an overlapping date window
  and a point within the gold place's tolerance (for a gold place whose
  coordinates could not be sourced: the same name, within 100 km of the
  article's sourced places); matching is one-to-one;
- claimant: of the found events the gold calls a claim (claimed, disputed,
  denied), the share with the right claimant (names compared through
  ``data/sources.csv``, so "Syrsky" is Oleksandr Syrskyi);
- standing: of the found events, the share stored as the gold has them,
  a fact (``reported``) or someone's claim (claimed, disputed, denied);
- dated inside: of the found events (whose windows only overlap the gold's),
  the share whose window lies inside the gold's: no wider than the text allows;
- areas: gold area figures that become a control claim of the same holder
  within 5 % of the figure;
- articles per second through the whole extraction.

Usage: ``python bench/bench_accuracy.py [--split seeds|dev|test] [--verbose]``.
``--verbose`` lists misses and spurious events: use it on dev and seeds only,
never on test (the test half is scored, not tuned on).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo import claims, extract, settings, sources, toponyms  # noqa: E402
from geo import lexicon  # noqa: E402
from geo.gazetteer import load_default, normalize, spelling_key  # noqa: E402
from geo.records import Article, ControlClaim, Event, Mention  # noqa: E402

SPLITS = {"seeds": ROOT / "seeds", "dev": ROOT / "bench" / "corpus" / "dev", "test": ROOT / "bench" / "corpus" / "test"}
AREA_TOLERANCE = 0.05
LOCAL_KM = 30.0  # a gold place with a tolerance under this is a settlement, not a region or district
UNSOURCED_NEAR_KM = 100.0  # a gold place without coordinates: how near the article's sourced places a match must be


@dataclass
class Score:
    """Counts for one split."""

    places_ok: int = 0
    places: int = 0
    gold_events: int = 0
    found: int = 0
    predicted: int = 0
    correct_predictions: int = 0
    local_gold: int = 0  # the same three counts for events at a settlement, not a region or district
    local_found: int = 0
    local_predicted: int = 0
    local_correct: int = 0
    claims: int = 0
    claimant_ok: int = 0
    status_ok: int = 0  # found events whose standing (fact, or someone's claim) is the gold's
    dated_inside: int = 0  # found events whose date window lies inside the gold's (no wider than the text allows)
    areas: int = 0
    areas_ok: int = 0
    articles: int = 0
    seconds: float = 0.0
    misses: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2, dl = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


def canonical(name: str) -> str:
    """A claimant's canonical name through data/sources.csv ("the Russian Defence Ministry" -> "Russian
    Ministry of Defence"), else its name with transliteration variants folded ("Oleksandr Syrsky" and
    "Oleksandr Syrskyi" are one person)."""
    for source in lexicon.sources():
        if source.pattern.fullmatch(name.strip()):
            return source.name
    return spelling_key(name)


def run_article(article: Article, gazetteer) -> tuple[list[Mention], list[Event], list[ControlClaim]]:
    """The pipeline's stages for one article, as ``python -m geo build`` runs them."""
    found, _ = toponyms.extract(article.text, gazetteer=gazetteer)
    result = extract.extract_article(article, sources.split_sentences(article.text), found)
    return found, result.events, claims.control_claims(result.events, result.areas)


def score_split(folder: Path, *, verbose: bool) -> Score:
    gazetteer = load_default()
    articles, skipped = sources.read_articles(folder)
    score = Score()
    for skip in skipped:  # an article the build could not read finds nothing: its gold counts as missed
        gold = _gold(folder, skip.file)
        if gold is not None:
            if verbose:
                print(f"  skip   {skip.file}: {skip.reason}")
            _score_article(gold, ([], [], []), score, skip.file, verbose)
    for article in articles:
        gold = _gold(folder, article.file)
        if gold is None:
            continue
        began = time.perf_counter()
        found = run_article(article, gazetteer)
        score.seconds += time.perf_counter() - began
        _score_article(gold, found, score, article.source_id, verbose)
    return score


def _gold(folder: Path, file: str) -> dict | None:
    path = folder / (Path(file).stem + ".gold.json")
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def _score_article(gold: dict, found: tuple[list, list, list], score: Score, sid: str, verbose: bool) -> None:
    mentions, events, control = found
    score.articles += 1
    _score_places(gold, mentions, score, sid, verbose)
    _score_events(gold, events, score, sid, verbose)
    _score_areas(gold, control, score, sid, verbose)


def _gold_coords(gold: dict) -> dict[str, dict]:
    return {normalize(p["name"]): p for p in gold.get("places", [])}


def _score_places(gold: dict, mentions: list[Mention], score: Score, sid: str, verbose: bool) -> None:
    for place in gold.get("places", []):
        if place.get("lat") is None:
            continue
        score.places += 1
        key = normalize(place["name"])
        resolved = [m.place for m in mentions if m.place is not None
                    and (normalize(m.surface) == key or normalize(m.surface + " " + m.qualifier) == key
                         or key.startswith(normalize(m.surface) + " ") or normalize(m.surface).startswith(key + " "))]
        ok = any(km(p.lat, p.lon, place["lat"], place["lon"]) <= place.get("tolerance_km", 5) for p in resolved)
        score.places_ok += ok
        if not ok and verbose:
            where = ", ".join(f"{p.name} ({p.admin1 or p.country})" for p in resolved) or "not resolved"
            print(f"  place  {sid}: {place['name']} -> {where}")


def _event_point(gold_event: dict, coords: dict[str, dict]) -> tuple[float | None, float | None, float]:
    place = coords.get(normalize(gold_event["place"]))
    if place is None or place.get("lat") is None:
        return None, None, 0.0
    return place["lat"], place["lon"], float(place.get("tolerance_km", 5))


def _matches(gold_event: dict, event: Event, coords: dict[str, dict]) -> bool:
    if event.event_type != gold_event["event_type"]:
        return False
    start, end = date.fromisoformat(gold_event["date_start"]), date.fromisoformat(gold_event["date_end"])
    if event.when.end < start or event.when.start > end:
        return False
    lat, lon, tolerance = _event_point(gold_event, coords)
    if lat is None:
        # No sourced coordinate: the name must match, and the point lie near the article's sourced places
        # (a same-named village 500 km away is not a match). A village the gazetteer lacks is put at its
        # region under its own name; "near" is then within the region's own radius.
        named = normalize(gold_event["place"]) in (normalize(event.place.name), normalize(event.location_text))
        sourced = [p for p in coords.values() if p.get("lat") is not None]
        near = max(UNSOURCED_NEAR_KM, event.place.precision_km if event.place.is_region else 0.0)
        return named and any(km(event.place.lat, event.place.lon, p["lat"], p["lon"]) <= near for p in sourced)
    return km(event.place.lat, event.place.lon, lat, lon) <= tolerance


def _is_local(gold_event: dict, coords: dict[str, dict]) -> bool:
    """A gold event at a settlement (or a named spot), not at a region or district."""
    lat, _, tolerance = _event_point(gold_event, coords)
    return lat is None or tolerance < LOCAL_KM


def _pairs(wanted: list[dict], predicted: list[Event], coords: dict[str, dict]) -> dict[int, int]:
    """One-to-one gold -> predicted matches: pairs from the gold's own sentence first, then the rest in order."""
    pairs: dict[int, int] = {}
    for own_sentence in (True, False):
        for n, g in enumerate(wanted):
            if n in pairs:
                continue
            taken = set(pairs.values())
            index = next((i for i, e in enumerate(predicted) if i not in taken and _matches(g, e, coords)
                          and (not own_sentence or g.get("quote", "\x00") in e.sentence)), None)
            if index is not None:
                pairs[n] = index
    return pairs


def _one_per_action_and_place(events: list[dict]) -> list[dict]:
    """Gold events that differ only in claimant are one event with several claimants.

    The annotation rule is one event per action and place; where a sentence names two
    sources for one action ("according to the ministry and to war bloggers"), some
    annotators wrote one event per source. Either claimant counts as right.
    """
    merged: dict[tuple, dict] = {}
    for event in events:
        key = (event.get("quote"), event["place"], event["date_start"], event["date_end"], event["event_type"],
               event.get("sub_event_type"), event.get("claim_status"))
        if key in merged:
            merged[key]["claimants"].append(event.get("claimant", ""))
        else:
            merged[key] = {**event, "claimants": [event.get("claimant", "")]}
    return list(merged.values())


def _score_events(gold: dict, events: list[Event], score: Score, sid: str, verbose: bool) -> None:
    coords = _gold_coords(gold)
    wanted = _one_per_action_and_place(
        [g for g in gold.get("events", []) if date.fromisoformat(g["date_end"]) >= settings.CAMPAIGN_START])
    predicted = [e for e in events if not e.historical]
    score.gold_events += len(wanted)
    score.predicted += len(predicted)
    pairs = _pairs(wanted, predicted, coords)
    used = set(pairs.values())
    local = [n for n, g in enumerate(wanted) if _is_local(g, coords)]
    score.local_gold += len(local)
    score.local_found += sum(n in pairs for n in local)
    score.local_predicted += sum(e.place.precision_km < LOCAL_KM for e in predicted)
    score.local_correct += sum(predicted[i].place.precision_km < LOCAL_KM for i in used)
    for n, g in enumerate(wanted):
        index = pairs.get(n)
        if index is None:
            if verbose:
                print(f"  miss   {sid}: {g['event_type'][:12]} @ {g['place']} {g['date_start']}..{g['date_end']}"
                      f" | {g.get('quote', '')[:80]}")
            continue
        score.found += 1
        when = predicted[index].when
        score.dated_inside += date.fromisoformat(g["date_start"]) <= when.start and \
            when.end <= date.fromisoformat(g["date_end"])
        wants_claim = g.get("claim_status", "reported") != "reported"
        is_claim = predicted[index].claim_status != "reported"
        score.status_ok += wants_claim == is_claim
        if wants_claim != is_claim and verbose:
            print(f"  status {sid}: {g['place']}: want {g.get('claim_status')}, got {predicted[index].claim_status}"
                  f" | {predicted[index].sentence[:100]}")
        if g.get("claim_status") in ("claimed", "disputed", "denied") and g.get("claimant"):
            score.claims += 1
            ok = canonical(predicted[index].claimant) in {canonical(c) for c in g.get("claimants", [g["claimant"]])}
            score.claimant_ok += ok
            if not ok and verbose:
                print(f"  claim  {sid}: {g['place']}: want {g['claimant']!r}, got {predicted[index].claimant!r}"
                      f" | {predicted[index].sentence[:120]}")
    score.correct_predictions += len(used)
    if verbose:
        for i, e in enumerate(predicted):
            if i not in used:
                print(f"  extra  {sid}: {e.event_type[:12]} @ {e.place.name} {e.when.start}..{e.when.end}"
                      f" | {e.sentence[:80]}")


def _score_areas(gold: dict, control: list[ControlClaim], score: Score, sid: str, verbose: bool) -> None:
    for figure in gold.get("area_figures", []):
        score.areas += 1
        want = float(figure["area_km2"])
        ok = any(c.area_km2 is not None and abs(c.area_km2 - want) <= max(1.0, AREA_TOLERANCE * want)
                 and c.holder == figure.get("holder", c.holder) for c in control)
        score.areas_ok += ok
        if not ok and verbose:
            got = ", ".join(f"{c.holder} {c.area_km2}" for c in control if c.area_km2 is not None) or "none"
            print(f"  area   {sid}: want {figure.get('holder')} {want} ({figure.get('quote', '')[:60]}); got {got}")


def _ratio(a: int, b: int) -> str:
    return f"{a}/{b} ({100 * a / b:.0f} %)" if b else "n/a"


def report(name: str, s: Score) -> None:
    recall = s.found / s.gold_events if s.gold_events else 0.0
    precision = s.correct_predictions / s.predicted if s.predicted else 0.0
    f1 = 2 * recall * precision / (recall + precision) if recall + precision else 0.0
    rate = s.articles / s.seconds if s.seconds else 0.0
    print(f"{name}: {s.articles} articles")
    print(f"  places within tolerance   {_ratio(s.places_ok, s.places)}")
    print(f"  event recall              {_ratio(s.found, s.gold_events)}")
    print(f"  event precision           {_ratio(s.correct_predictions, s.predicted)}")
    print(f"  event F1                  {100 * f1:.0f} %")
    print(f"  at settlements: recall    {_ratio(s.local_found, s.local_gold)}")
    print(f"  at settlements: precision {_ratio(s.local_correct, s.local_predicted)}")
    print(f"  right claimant            {_ratio(s.claimant_ok, s.claims)}")
    print(f"  fact or claim as gold     {_ratio(s.status_ok, s.found)}")
    print(f"  dated inside gold window  {_ratio(s.dated_inside, s.found)}")
    print(f"  area figures -> claims    {_ratio(s.areas_ok, s.areas)}")
    print(f"  articles per second       {rate:.0f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=tuple(SPLITS), action="append")
    parser.add_argument("--verbose", action="store_true", help="list misses (dev and seeds only)")
    args = parser.parse_args(argv)
    splits = args.split or list(SPLITS)
    if args.verbose and "test" in splits:
        parser.error("--verbose is for dev and seeds: the test half is scored, never tuned on")
    load_default()  # the gazetteer's load is not part of the throughput
    for name in splits:
        report(name, score_split(SPLITS[name], verbose=args.verbose))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
