"""The extraction stage: article sentences -> dated, located, attributed events.

One module per job, run in order by ``pipeline.extract_events``:
``furniture`` (not reporting), ``triggers`` (actions), ``modality`` (facts
only), ``location`` and ``actions`` (where), ``actors`` (who),
``attribution`` (who claims it), ``figures`` and ``counts`` (numbers),
``when`` (the date), ``event`` (the record), with ``narrative`` carrying
context between sentences, then ``merge`` across articles. Vocabulary lives
in ``data/lexicon/*.csv`` and ``data/sources.csv``, loaded by ``geo.lexicon``.
"""

from geo.extract.figures import area_km2, area_parts, figures
from geo.extract.merge import merge_duplicates
from geo.extract.pipeline import Extraction, event_id, extract_article, extract_events

__all__ = ["Extraction", "area_km2", "area_parts", "event_id", "extract_article", "extract_events", "figures", "merge_duplicates"]
