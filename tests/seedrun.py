"""Run the pipeline stages once on the real seeds, for the tests that need it."""

from __future__ import annotations

from functools import cache

from geo import extract, settings, sources, toponyms
from geo.gazetteer import load_default
from geo.records import AreaReport, Article, Event


@cache
def seed_articles() -> dict[str, Article]:
    articles, skipped = sources.read_articles(settings.SEEDS_DIR)
    assert not skipped, skipped
    return {a.source_id[:3]: a for a in articles}


@cache
def seed_extractions() -> tuple[extract.Extraction, ...]:
    out = []
    for article in seed_articles().values():
        mentions, _ = toponyms.extract(article.text, gazetteer=load_default())
        out.append(extract.extract_article(article, sources.split_sentences(article.text), mentions))
    return tuple(out)


@cache
def seed_events() -> tuple[Event, ...]:
    return tuple(e for x in seed_extractions() for e in x.events)


def seed_areas() -> tuple[AreaReport, ...]:
    return tuple(a for x in seed_extractions() for a in x.areas)


def event_with(fragment: str, *, place: str | None = None) -> Event:
    """The one seed event whose sentence contains ``fragment`` (at ``place``, when a sentence has several)."""
    found = [e for e in seed_events() if fragment in e.sentence and (place is None or e.place.name == place)]
    assert len(found) == 1, f"{len(found)} events contain {fragment!r}"
    return found[0]
