"""Benchmark geo.timex on the seed sentences (prints figures).

Measures ``resolve_sentence`` per sentence over every sentence of the seed
articles, split into sentences with and without a time expression, as the
best of several rounds (the machine is shared, so the minimum is the most
stable figure), plus the first call (which pays for compiling nothing:
patterns compile at import) and the import itself.

Target: well under 1 ms per sentence on average; the pipeline must handle
200+ articles/s. Usage: ``python bench/bench_timex.py [--rounds 7]``.
This script only measures; tests/test_timex.py checks behaviour.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ANCHOR = date(2025, 3, 18)


def _sentences() -> list[str]:
    from geo import settings

    out: list[str] = []
    for path in sorted(settings.SEEDS_DIR.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        out += [s for s in re.split(r"(?<=[a-z0-9”'][.!?])\s+|\n+", text) if s.strip()]
    return out


def _best_us(sentences: list[str], rounds: int) -> float:
    from geo.timex import resolve_sentence

    best = float("inf")
    for _ in range(rounds):
        t0 = time.perf_counter()
        for s in sentences:
            resolve_sentence(s, anchor=ANCHOR)
        best = min(best, (time.perf_counter() - t0) / max(1, len(sentences)))
    return best * 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()

    t0 = time.perf_counter()
    from geo.timex import find_times

    print(f"import geo.timex: {(time.perf_counter() - t0) * 1e3:.1f} ms")
    sentences = _sentences()
    dated = [s for s in sentences if find_times(s, anchor=ANCHOR)]
    undated = [s for s in sentences if s not in dated]
    figures = {}
    for label, group in (("all", sentences), ("with a time", dated), ("without", undated)):
        figures[label] = _best_us(group, args.rounds)
        print(f"{label:12} {len(group):4d} sentences: {figures[label]:8.1f} us/sentence")
    per_article = figures["all"] * len(sentences) / 5
    print(f"per seed article (5 seeds): {per_article / 1e3:.2f} ms "
          f"-> {1e6 / per_article:.0f} articles/s on one core for timex alone")
    return 0


if __name__ == "__main__":
    sys.exit(main())
