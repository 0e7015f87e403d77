"""How close the drawn control extent is to DeepStateMap's, snapshot by snapshot.

For each DeepStateMap snapshot in ``../shared/deepstate/`` (see its README):
Ukraine's area inside Russia is the union of the snapshot's blue
("Liberated", fill ``#01579b``) polygons clipped to Russia; the layer's is the
union of the Ukraine extents valid on the snapshot's day (``geo.control.
extents_on``). Prints both areas in km² and their IoU (overlap / union).

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
DEFAULT_DEEPSTATE = settings.ROOT.parent / "shared" / "deepstate"


def deepstate_ukraine_in_russia(path: Path) -> shapely.Geometry:
    """The snapshot's Ukrainian-held area inside Russia."""
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    blue = [shape(f["geometry"]) for f in features
            if f.get("geometry") and f["geometry"]["type"] in ("Polygon", "MultiPolygon")
            and str((f.get("properties") or {}).get("fill", "")).lower() == UKRAINE_HELD_FILL]
    if not blue:
        return shapely.Polygon()
    return shapely.intersection(shapely.union_all([shapely.make_valid(g) for g in blue]), borders.country_shape("RUS"))


def layer_ukraine(layer: dict, day) -> shapely.Geometry:
    """The union of the layer's Ukraine extents valid on ``day``."""
    shown = [f for f in extents_on(controls(layer), day) if f["properties"].get("holder") == "Ukraine"]
    return shapely.union_all([shapely.make_valid(shape(f["geometry"])) for f in shown]) if shown else shapely.Polygon()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--layer", default=str(settings.LAYER_PATH))
    parser.add_argument("--deepstate", default=str(DEFAULT_DEEPSTATE))
    args = parser.parse_args(argv)
    snapshots = sorted(Path(args.deepstate).glob("*.geojson"))
    if not snapshots:
        parser.error(f"no DeepState snapshots in {args.deepstate}")
    layer = read_layer(Path(args.layer))
    print(f"{'day':<12}{'DeepState km²':>14}{'layer km²':>11}{'IoU':>7}")
    scores = []
    for path in snapshots:
        day = datetime.fromtimestamp(int(path.stem), tz=timezone.utc).date()
        real, drawn = deepstate_ukraine_in_russia(path), layer_ukraine(layer, day)
        union = shapely.union(real, drawn)
        iou = borders.geodesic_area_km2(shapely.intersection(real, drawn)) / borders.geodesic_area_km2(union) \
            if not union.is_empty and borders.geodesic_area_km2(union) > 0 else float("nan")
        scores.append(iou)
        print(f"{day.isoformat():<12}{borders.geodesic_area_km2(real):>14,.0f}{borders.geodesic_area_km2(drawn):>11,.0f}"
              f"{iou:>7.2f}")
    known = sorted(s for s in scores if s == s)
    if known:
        print(f"median IoU over {len(known)} snapshots: {known[len(known) // 2]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
