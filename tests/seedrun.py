"""Run the pipeline stages once on the real seeds, for the tests that need it."""

from __future__ import annotations

from functools import cache

from geo import extract, settings, sources, toponyms
from geo.gazetteer import load_default
from geo.records import Article, Event


@cache
def seed_articles() -> dict[str, Article]:
    articles, skipped = sources.read_articles(settings.SEEDS_DIR)
    assert not skipped, skipped
    return {a.source_id[:3]: a for a in articles}


@cache
def seed_events() -> tuple[Event, ...]:
    out: list[Event] = []
    for article in seed_articles().values():
        mentions, _ = toponyms.extract(article.text, gazetteer=load_default())
        out += extract.extract_events(article, sources.split_sentences(article.text), mentions)
    return tuple(out)


def event_with(fragment: str) -> Event:
    """The one seed event whose sentence contains ``fragment``."""
    found = [e for e in seed_events() if fragment in e.sentence]
    assert len(found) == 1, f"{len(found)} events contain {fragment!r}"
    return found[0]
