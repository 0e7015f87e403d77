"""Time the offline gazetteer: cold build and warm (cached) loads.

Prints the seconds of one cold build (empty cache folder, so GeoNames,
Natural Earth and the curated CSVs are all read and indexed) and the
median of five warm loads from the cached index, plus a lookup rate.
Run: ``python bench/bench_gazetteer.py``. It prints figures and asserts
nothing; it never touches the project's own cache folder.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geo.gazetteer import Gazetteer  # noqa: E402


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-gazetteer-") as tmp:
        cache = Path(tmp)
        start = time.perf_counter()
        gaz = Gazetteer.load(cache_dir=cache)
        cold = time.perf_counter() - start

        warm = []
        for _ in range(5):
            start = time.perf_counter()
            gaz = Gazetteer.load(cache_dir=cache)
            warm.append(time.perf_counter() - start)

        names = ["Sudzha", "Sverdlikovo", "Kursk region", "Pokrovsk", "Deep State", "Moscow", "the", "North Korea"]
        rounds = 20_000
        start = time.perf_counter()
        for _ in range(rounds):
            for name in names:
                gaz.has_name(name)
        per_lookup = (time.perf_counter() - start) / (rounds * len(names))

        size = sum(f.stat().st_size for f in cache.glob("gazetteer-*.pickle"))
    print(f"places indexed:        {len(gaz)}")
    print(f"cache file size:       {size / 1e6:.1f} MB")
    print(f"cold build:            {cold:.2f} s")
    print(f"warm load (median/5):  {statistics.median(warm):.3f} s  (all: {', '.join(f'{w:.3f}' for w in warm)})")
    print(f"has_name lookup:       {per_lookup * 1e6:.1f} µs")


if __name__ == "__main__":
    main()
