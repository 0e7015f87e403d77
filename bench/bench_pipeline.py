"""Pipeline benchmark: prints three figures for the README.

1. articles per second on ~600 synthetic articles made by recombining the
   seeds' paragraphs (warm gazetteer), with one process and with two
   (``build(jobs=2)``, both cores);
2. the cold build time of the seeds: a fresh ``python -m geo build`` process,
   imports included, with the gazetteer index already cached (and, once, with
   no cache at all); every article is read, never taken from the article
   cache (geo.articlecache), so the figures measure reading;
3. the gazetteer's warm load time (median of 5).

Run: ``python bench/bench_pipeline.py`` (about a minute). Writes only to a
temporary folder.
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo import settings  # noqa: E402

N_ARTICLES = 600
DATELINES = ["Washington Post March 18, 2025", "date 2025-01-31", "31/01/2025", "Reuters November 20, 2024"]


def synthetic_corpus(folder: Path, n: int = N_ARTICLES, *, seed: int = 7) -> None:
    """Write ``n`` articles, each a dateline and 4-8 random seed paragraphs."""
    rng = random.Random(seed)
    paragraphs = [p.strip() for f in sorted(settings.SEEDS_DIR.glob("*.txt"))
                  for p in f.read_text(encoding="utf-8").split("\n") if len(p.strip()) > 80]
    for i in range(n):
        body = "\n".join(rng.sample(paragraphs, rng.randint(4, 8)))
        (folder / f"synthetic_{i:04d}.txt").write_text(f"{rng.choice(DATELINES)}\n{body}\n", encoding="utf-8")


def articles_per_second(folder: Path, *, jobs: int = 1) -> tuple[float, int]:
    from geo.cli import build
    from geo.gazetteer import load_default

    load_default()  # warm: the figure is the pipeline's steady throughput,
    build(settings.SEEDS_DIR, folder / "warmup.geojson", cache=False)  # not imports or the border load
    start = time.perf_counter()
    # no article cache: the figure is reading, not looking up what an earlier run read
    report = build(folder, folder / f"layer-{jobs}.geojson", jobs=jobs, cache=False)
    elapsed = time.perf_counter() - start
    return report.files_read / elapsed, report.events


def cold_build_seconds(out: Path, *, cache_dir: str | None = None) -> float:
    env = dict(os.environ)
    if cache_dir:
        env["GEO_CACHE_DIR"] = cache_dir
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "geo", "build", "--no-cache", "--out", str(out)], cwd=ROOT, env=env,
                   check=False, capture_output=True)
    return time.perf_counter() - start


def gazetteer_warm_load() -> float:
    from geo.gazetteer import Gazetteer

    Gazetteer.load()
    times = []
    for _ in range(5):
        start = time.perf_counter()
        Gazetteer.load()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        synthetic_corpus(corpus)
        for jobs in (1, 2):
            rate, events = articles_per_second(corpus, jobs=jobs)
            print(f"throughput: {rate:.0f} articles/s ({N_ARTICLES} synthetic articles, {events} events, "
                  f"{jobs} process{'es' if jobs > 1 else ''})")
        cold = statistics.median(cold_build_seconds(Path(tmp) / f"seed{i}.geojson") for i in range(3))
        print(f"seed build, fresh process incl. imports, gazetteer cached: {cold:.2f} s (median of 3)")
        first = cold_build_seconds(Path(tmp) / "first.geojson", cache_dir=str(Path(tmp) / "nocache"))
        print(f"seed build on a new machine (gazetteer index built first): {first:.1f} s")
    print(f"gazetteer warm load: {gazetteer_warm_load() * 1000:.0f} ms (median of 5)")


if __name__ == "__main__":
    main()
