"""Project-wide settings, read by functions when they run (never at import).

Names, types and defaults:

- ``ROOT`` (Path): the repository folder.
- ``DATA_DIR`` (Path): generated and curated data, ``ROOT/data``.
- ``SEEDS_DIR`` (Path): default articles folder, ``ROOT/seeds``.
- ``LAYER_PATH`` (Path): default built layer, ``DATA_DIR/layer.geojson``.
- ``GAZETTEER_CSV`` (Path): curated places GeoNames lacks.
- ``ADMIN1_CSV`` (Path): curated first-level regions (oblasts).
- ``CACHE_DIR`` (Path): where the compact gazetteer index is cached;
  ``$GEO_CACHE_DIR`` overrides it.
- ``ARTICLE_CACHE_DIR`` (Path): per-article reading results of earlier
  builds (geo.articlecache), ``CACHE_DIR/articles``.
- ``MAX_ARTICLE_BYTES`` (int): articles larger than this are refused.
- ``CAMPAIGN_START`` (date): Ukraine's incursion into Kursk Oblast began.
- ``GOVERNMENTS`` (dict[str, str]): the party that governs each country of
  the campaign (ISO code -> actor name), for ACLED's "Government regains
  territory".
- ``ALLIES`` (dict[str, str]): forces fighting for a government (North
  Korea's troops in Kursk fight for Russia).
- ``FRONT_WIDE`` (dict[str, str]): a side whose ground in a country is a whole
  front, not the campaign's (Russia in Ukraine): its area figure counts only
  when the sentence names a place inside that country, not the country alone.
- ``CAMPAIGN_CENTRE`` (tuple[float, float]): (lat, lon) near Sudzha on the
  Kursk–Sumy border, where same-named villages are looked for when an
  article names no other place.
- ``FOCUS_COUNTRIES`` (tuple[str, ...]): default country prior for
  disambiguation when an article gives no stronger signal.
- ``CAMPAIGN_BBOX`` (tuple[float, float, float, float]): (west, south,
  east, north) lon/lat of the campaign area, the Kursk–Sumy–Belgorod
  border; imported whole-front maps (``import-control --preset``) are
  clipped to it.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

ROOT: Path = Path(__file__).resolve().parent.parent
DATA_DIR: Path = ROOT / "data"
SEEDS_DIR: Path = ROOT / "seeds"
LAYER_PATH: Path = DATA_DIR / "layer.geojson"
GAZETTEER_CSV: Path = DATA_DIR / "gazetteer.csv"
ADMIN1_CSV: Path = DATA_DIR / "admin1.csv"
CACHE_DIR: Path = Path(os.environ.get("GEO_CACHE_DIR") or ROOT / ".cache")
ARTICLE_CACHE_DIR: Path = CACHE_DIR / "articles"
MAX_ARTICLE_BYTES: int = 5 * 1024 * 1024
CAMPAIGN_START: date = date(2024, 8, 6)
FOCUS_COUNTRIES: tuple[str, ...] = ("RU", "UA")
CAMPAIGN_CENTRE: tuple[float, float] = (51.2, 35.3)
# West of Tetkino (34.24 E, the campaign's westernmost ground), east of Belgorod
# city (36.6 E) but short of the Kharkiv front at Vovchansk (36.9 E, 50.3 N), south
# of Graivoron (50.48 N), north of Kursk city (51.73 N): about 195 x 167 km,
# 257 km corner to corner.
CAMPAIGN_BBOX: tuple[float, float, float, float] = (33.9, 50.4, 36.7, 51.9)
GOVERNMENTS: dict[str, str] = {"RU": "Russia", "UA": "Ukraine"}
ALLIES: dict[str, str] = {"North Korea": "Russia"}
FRONT_WIDE: dict[str, str] = {"Russia": "UA"}  # "its forces gained 240 km² in Ukraine in March": the whole front
