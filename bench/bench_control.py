"""How close the drawn control extent is to DeepStateMap's, snapshot by snapshot.

For each DeepStateMap snapshot in ``../shared/deepstate/`` (see its README):
Ukraine's area inside Russia is the union of the snapshot's blue
("Liberated", fill ``#01579b``) polygons clipped to Russia; the layer's is the
union of the Ukraine extents valid on the snapshot's day (``geo.control.
extents_on``). Prints both areas in km², the area figure the drawn extent was
calibrated to (and by whom), and their IoU (overlap / union). A second table
does the same for Russia's ground in Ukraine inside the campaign area
(``settings.CAMPAIGN_BBOX``): DeepState's red ("Occupied", ``#a52714``)
against the layer's Russia extents on Ukraine's side of the border.

Usage: ``python bench/bench_control.py [--layer FILE] [--deepstate DIR]``.
The layer defaults to ``data/layer.geojson`` (the seeds' build); a layer
built from more articles (``python -m geo build --seeds bench/corpus/dev
--out FILE``) measures the extents those articles support.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime, timezone
from pathlib import Path

import shapely
from shapely.geometry import shape

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geo import borders, settings  # noqa: E402
from geo.control import extents_on  # noqa: E402
from geo.filters import controls  # noqa: E402
from geo.layer import read_layer  # noqa: E402

UKRAINE_HELD_FILL = "#01579b"  # DeepState's "Liberated" blue (shared/deepstate/README)
RUSSIA_HELD_FILL = "#a52714"  # DeepState's "Occupied" red
DEFAULT_DEEPSTATE = settings.ROOT.parent / "shared" / "deepstate"


def deepstate_area(path: Path, fill: str, country: str) -> shapely.Geometry:
    """The snapshot's polygons of one fill inside ``country`` (ISO3), within the campaign area."""
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    shapes = [shape(f["geometry"]) for f in features
              if f.get("geometry") and f["geometry"]["type"] in ("Polygon", "MultiPolygon")
              and str((f.get("properties") or {}).get("fill", "")).lower() == fill]
    if not shapes:
        return shapely.Polygon()
    area = shapely.intersection(shapely.box(*settings.CAMPAIGN_BBOX), borders.country_shape(country))
    return shapely.intersection(shapely.union_all([shapely.make_valid(g) for g in shapes]), area)


def deepstate_ukraine_in_russia(path: Path) -> shapely.Geometry:
    """The snapshot's Ukrainian-held area inside Russia."""
    return deepstate_area(path, UKRAINE_HELD_FILL, "RUS")


def layer_extent(layer: dict, day, holder: str, country: str) -> tuple[shapely.Geometry, list[dict]]:
    """The union of the layer's extents of ``holder`` valid on ``day`` inside ``country``, and the extents."""
    shown = [f for f in extents_on(controls(layer), day) if f["properties"].get("holder") == holder]
    if not shown:
        return shapely.Polygon(), []
    union = shapely.union_all([shapely.make_valid(shape(f["geometry"])) for f in shown])
    return shapely.intersection(union, borders.country_shape(country)), shown


def _iou(real: shapely.Geometry, drawn: shapely.Geometry) -> float:
    union = borders.geodesic_area_km2(shapely.union(real, drawn))
    # under 1 km² on both sides (slivers where an extent meets the border): nothing to compare
    return borders.geodesic_area_km2(shapely.intersection(real, drawn)) / union if union >= 1.0 else float("nan")


def _basis(shown: list[dict]) -> str:
    """The figure the drawn extent was calibrated to, and who gave it."""
    figures = [f["properties"] for f in shown if f["properties"].get("reported_area_km2") is not None]
    if not figures:
        return "places only" if shown else ""
    props = figures[0]
    return f"{props['reported_area_km2']:,.0f} ({props.get('claimant') or 'outlet'})"


def compare(layer: dict, snapshots: list[Path], holder: str, fill: str, country: str) -> list[float]:
    """Print one table row per snapshot; return the IoUs."""
    print(f"{holder} in {country}")
    print(f"{'day':<12}{'DeepState km²':>14}{'layer km²':>11}{'IoU':>7}  calibrated to km² (by)")
    scores = []
    for path in snapshots:
        day = datetime.fromtimestamp(int(path.stem), tz=timezone.utc).date()
        real = deepstate_area(path, fill, country)
        drawn, shown = layer_extent(layer, day, holder, country)
        iou = _iou(real, drawn)
        scores.append(iou)
        print(f"{day.isoformat():<12}{borders.geodesic_area_km2(real):>14,.0f}{borders.geodesic_area_km2(drawn):>11,.0f}"
              f"{iou:>7.2f}  {_basis(shown)}")
    known = sorted(s for s in scores if s == s)
    if known:
        print(f"median IoU over {len(known)} snapshots: {known[len(known) // 2]:.2f}; "
              f"IoU >= 0.5 on {sum(s >= 0.5 for s in known)} of {len(known)}")
    return scores


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--layer", default=str(settings.LAYER_PATH))
    parser.add_argument("--deepstate", default=str(DEFAULT_DEEPSTATE))
    args = parser.parse_args(argv)
    snapshots = sorted(Path(args.deepstate).glob("*.geojson"))
    if not snapshots:
        parser.error(f"no DeepState snapshots in {args.deepstate}")
    layer = read_layer(Path(args.layer))
    compare(layer, snapshots, "Ukraine", UKRAINE_HELD_FILL, "RUS")
    print()
    compare(layer, snapshots, "Russia", RUSSIA_HELD_FILL, "UKR")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
