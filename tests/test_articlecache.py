"""Incremental builds: unchanged articles come from the cache, and the layer stays byte-identical."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from geo import articlecache, settings
from geo.cli import build

SEED_STEMS = sorted(p.stem for p in settings.SEEDS_DIR.glob("*.txt"))


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch) -> Path:
    folder = tmp_path / "article-cache"
    monkeypatch.setattr(settings, "ARTICLE_CACHE_DIR", folder)
    return folder


def _folder(path: Path, stems: list[str]) -> Path:
    path.mkdir(exist_ok=True)
    shutil.copy(settings.SEEDS_DIR / "sources.csv", path)  # rows of absent files are ignored
    for stem in stems:
        shutil.copy(settings.SEEDS_DIR / f"{stem}.txt", path)
    return path


def _build(folder: Path, out: Path, **kw) -> tuple[bytes, int]:
    report = build(folder, out, **kw)
    return out.read_bytes(), report.from_cache


def test_new_articles_are_read_alone_and_the_layer_is_a_full_builds(tmp_path: Path, cache_dir: Path) -> None:
    folder = _folder(tmp_path / "articles", SEED_STEMS[:3])
    first, hits = _build(folder, tmp_path / "a.geojson")
    assert hits == 0 and len(list(cache_dir.glob("*.pickle"))) == 3
    again, hits = _build(folder, tmp_path / "b.geojson")
    assert (again, hits) == (first, 3)
    _folder(folder, SEED_STEMS)  # two new articles
    grown, hits = _build(folder, tmp_path / "c.geojson")
    assert hits == 3  # only the two new ones were read
    full, _ = _build(folder, tmp_path / "full.geojson", cache=False)
    assert grown == full
    parallel, hits = _build(folder, tmp_path / "d.geojson", jobs=2)
    assert (parallel, hits) == (full, 5)


def test_the_seed_layer_built_from_the_cache_is_the_committed_one(tmp_path: Path, cache_dir: Path) -> None:
    _build(settings.SEEDS_DIR, tmp_path / "warm.geojson")
    cached, hits = _build(settings.SEEDS_DIR, tmp_path / "layer.geojson")
    assert hits == len(SEED_STEMS)
    assert cached == settings.LAYER_PATH.read_bytes()


def test_a_changed_article_is_read_again(tmp_path: Path, cache_dir: Path) -> None:
    folder = _folder(tmp_path / "articles", SEED_STEMS[:2])
    _build(folder, tmp_path / "a.geojson")
    changed = folder / f"{SEED_STEMS[0]}.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\nSudzha was shelled on Monday.\n", encoding="utf-8")
    edited, hits = _build(folder, tmp_path / "b.geojson")
    assert hits == 1
    assert edited == _build(folder, tmp_path / "full.geojson", cache=False)[0]


def test_an_unreadable_entry_is_a_miss_not_an_error(tmp_path: Path, cache_dir: Path) -> None:
    folder = _folder(tmp_path / "articles", SEED_STEMS[:2])
    first, _ = _build(folder, tmp_path / "a.geojson")
    for entry in cache_dir.glob("*.pickle"):
        entry.write_bytes(b"not a pickle")
    again, hits = _build(folder, tmp_path / "b.geojson")
    assert (again, hits) == (first, 0)


def test_the_fingerprint_follows_the_code_and_the_curated_data(tmp_path: Path) -> None:
    (tmp_path / "geo").mkdir()
    (tmp_path / "data" / "lexicon").mkdir(parents=True)
    (tmp_path / "geo" / "m.py").write_text("X = 1\n")
    lexicon = tmp_path / "data" / "lexicon" / "triggers.csv"
    lexicon.write_text("word,type\n")
    before = articlecache.fingerprint(tmp_path)
    assert articlecache.fingerprint(tmp_path) == before
    lexicon.write_text("word,type\nretook,Battles\n")
    after_data = articlecache.fingerprint(tmp_path)
    (tmp_path / "geo" / "m.py").write_text("X = 2\n")
    assert len({before, after_data, articlecache.fingerprint(tmp_path)}) == 3


def test_the_process_keeps_the_fingerprint_it_started_with(tmp_path: Path, monkeypatch) -> None:
    # A file edited while a process runs does not change what that process has loaded.
    (tmp_path / "geo").mkdir()
    (tmp_path / "geo" / "m.py").write_text("X = 1\n")
    monkeypatch.setattr(settings, "ROOT", tmp_path)
    articlecache.process_fingerprint.cache_clear()
    try:
        started = articlecache.process_fingerprint()
        (tmp_path / "geo" / "m.py").write_text("X = 2\n")
        assert articlecache.process_fingerprint() == started != articlecache.fingerprint(tmp_path)
    finally:
        articlecache.process_fingerprint.cache_clear()


def test_prune_keeps_the_most_recently_used(tmp_path: Path) -> None:
    import os

    cache = articlecache.ArticleCache(tmp_path, pipeline="p")
    for n in range(5):
        path = tmp_path / f"{n}.pickle"
        path.write_bytes(b"x")
        os.utime(path, ns=(n * 10**9, n * 10**9))
    assert cache.prune(2) == 3
    assert sorted(p.name for p in tmp_path.glob("*.pickle")) == ["3.pickle", "4.pickle"]
