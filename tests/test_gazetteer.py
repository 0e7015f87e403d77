"""Tests for geo.gazetteer against the real offline data.

The index is built once per session into a temporary cache folder (the
cold build takes several seconds); every other test reads that instance.
Known answers (Sudzha's coordinates, GeoNames admin1 codes, oblast names)
were checked against GeoNames and Wikipedia, not copied from the code.
"""

from __future__ import annotations

import csv
import math
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import geo.gazetteer as gazetteer_module
from geo import settings
from geo.errors import InputError
from geo.gazetteer import Gazetteer, load_default, normalize
from geo.records import PINPOINT_KM

# Rough lat/lon boxes (south, north, west, east) for the curated rows.
BBOX = {"RU": (41.0, 82.0, 19.0, 180.0), "UA": (44.0, 52.5, 22.0, 40.3)}


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("gazetteer-cache")


@pytest.fixture(scope="session")
def gaz(cache_dir: Path) -> Gazetteer:
    return Gazetteer.load(cache_dir=cache_dir)


def _ids(places) -> list[str]:
    return [p.place_id for p in places]


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


# ---------------------------------------------------------------- normalize
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Sudża", "sudza"),
        ("SUDZHA", "sudzha"),
        ("Tëtkino", "tetkino"),
        ("L’gov", "lgov"),
        ("Ryl'sk", "rylsk"),
        ("  Kursk \t Oblast ", "kursk oblast"),
        ("Sumy – Sudzha road", "sumy-sudzha road"),
        ("Nikolaevo—Darino", "nikolaevo-darino"),
        ("Суджа", "суджа"),
    ],
)
def test_normalize_examples(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


@given(st.text(max_size=40))
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


# ------------------------------------------------------------ known answers
def test_sudzha_coordinates(gaz: Gazetteer) -> None:
    # Wikipedia: 51°11′29″N 35°16′14″E.
    [sudzha] = [p for p in gaz.candidates("Sudzha") if p.country == "RU"]
    assert sudzha.place_id == "gn:486816"
    assert abs(sudzha.lat - 51.19) < 0.05 and abs(sudzha.lon - 35.27) < 0.05
    assert sudzha.admin1 == "Kursk Oblast"
    assert sudzha.feature == "city" and sudzha.geonameid == 486816


@pytest.mark.parametrize("spelling", ["Sudja", "Suja", "Sudzha", "Sudża", "Суджа", "sudzha"])
def test_sudzha_spellings_reach_the_same_place(gaz: Gazetteer, spelling: str) -> None:
    assert "gn:486816" in _ids(gaz.candidates(spelling))


@pytest.mark.parametrize("spelling", ["Sverdlikovo", "Sverdlykove", "Свердликово"])
def test_sverdlikovo_is_the_curated_row(gaz: Gazetteer, spelling: str) -> None:
    [place] = gaz.candidates(spelling)
    assert place.place_id == "cur:sverdlikovo"
    assert (place.country, place.admin1, place.feature) == ("RU", "Kursk Oblast", "village")
    assert place.source and place.geonameid is None


def test_kursk_region_is_the_oblast_not_the_city(gaz: Gazetteer) -> None:
    found = gaz.candidates("Kursk region")
    assert _ids(found) == ["adm1:RU-41"]
    oblast = found[0]
    assert oblast.feature == "region" and oblast.is_region and oblast.country == "RU"
    assert oblast.precision_km > 50  # an oblast of ~30,000 km²
    city = gaz.get("gn:538560")
    assert city is not None and city in gaz.candidates("Kursk")
    assert city.feature == "city"


def test_pokrovsk_in_both_countries(gaz: Gazetteer) -> None:
    found = gaz.candidates("Pokrovsk")
    assert {"RU", "UA"} <= {p.country for p in found}
    ukrainian = [p for p in found if p.country == "UA"]
    assert ukrainian and all(p.admin1 == "Donetsk Oblast" for p in ukrainian)


def test_moscow_russian_first_and_ordered(gaz: Gazetteer) -> None:
    found = gaz.candidates("Moscow")
    assert found[0].country == "RU" and found[0].place_id == "gn:524901"
    assert len({p.country for p in found}) > 1  # Moscow, Idaho and others
    keys = [(-p.population, p.place_id) for p in found]
    assert keys == sorted(keys)


def test_aleppo_is_in_syria(gaz: Gazetteer) -> None:
    assert gaz.candidates("Aleppo")[0].country == "SY"


def test_deep_state_is_not_a_place(gaz: Gazetteer) -> None:
    assert gaz.candidates("Deep State") == []
    assert not gaz.has_name("Deep State")


@pytest.mark.parametrize(
    ("city", "country", "oblast"),
    [
        ("Kursk", "RU", "Kursk Oblast"),  # GeoNames admin1 41
        ("Sumy", "UA", "Sumy Oblast"),  # 21
        ("Donetsk", "UA", "Donetsk Oblast"),  # 05
        ("Kharkiv", "UA", "Kharkiv Oblast"),  # 07
        ("Belgorod", "RU", "Belgorod Oblast"),  # 09
        ("Simferopol", "UA", "Autonomous Republic of Crimea"),  # 11
    ],
)
def test_admin1_codes_match_geonames(gaz: Gazetteer, city: str, country: str, oblast: str) -> None:
    place = next(p for p in gaz.candidates(city) if p.country == country)
    assert place.admin1 == oblast


def test_countries_and_aliases(gaz: Gazetteer) -> None:
    for alias, iso2 in [
        ("Russia", "RU"), ("Russian Federation", "RU"), ("Ukraine", "UA"), ("North Korea", "KP"),
        ("DPRK", "KP"), ("South Korea", "KR"), ("Syria", "SY"), ("United States", "US"),
        ("U.S.", "US"), ("Belarus", "BY"), ("Poland", "PL"), ("China", "CN"), ("India", "IN"),
    ]:
        first = gaz.candidates(alias)[0]
        assert (first.place_id, first.feature) == (f"cc:{iso2}", "country"), alias


@pytest.mark.parametrize(("iso2", "area_km2"), [("RU", 17_100_000), ("UA", 603_500), ("KP", 120_540)])
def test_country_point_and_precision_from_polygons(gaz: Gazetteer, iso2: str, area_km2: float) -> None:
    country = gaz.country(iso2)
    assert country is not None and country.country == iso2
    # Area from Natural Earth agrees with the published area within 10%.
    assert country.precision_km == pytest.approx(math.sqrt(area_km2 / math.pi), rel=0.1)
    if iso2 in BBOX:
        s, n, w, e = BBOX[iso2]
        assert s <= country.lat <= n and w <= country.lon <= e


def test_region_lookup(gaz: Gazetteer) -> None:
    sumy = gaz.region("UA", "21")
    assert sumy is not None and sumy.name == "Sumy Oblast" and sumy.feature == "region"
    assert gaz.region("ua", "21") == sumy
    assert gaz.region("RU", "99") is None
    assert gaz.get("adm1:UA-21") == sumy and gaz.get("nope:1") is None


# A city inside each region whose GeoNames admin1 code must be the row's
# (the administrative centre, except for Kyiv Oblast whose centre is Kyiv
# city, a region of its own). Where absent, the city is the name's stem.
REGION_CITY = {
    "Dnipropetrovsk Oblast": "Dnipro", "Kirovohrad Oblast": "Kropyvnytskyi",
    "Zakarpattia Oblast": "Uzhhorod", "Volyn Oblast": "Lutsk", "Kyiv Oblast": "Bila Tserkva",
    "Autonomous Republic of Crimea": "Simferopol", "Kyiv City": "Kyiv", "Sevastopol City": "Sevastopol",
    "Khmelnytskyi Oblast": "Khmelnytskyi", "Moscow City": "Moscow", "Moscow Oblast": "Krasnogorsk",
    "Saint Petersburg City": "Saint Petersburg", "Leningrad Oblast": "Gatchina",
    "Krasnodar Krai": "Krasnodar", "Republic of Tatarstan": "Kazan", "Chechen Republic": "Grozny",
}


def test_every_region_has_the_right_code_and_point(gaz: Gazetteer) -> None:
    # Catches a row whose admin1code is another region's: its city would
    # then carry another region's name, and the point would lie elsewhere.
    rows = _rows(settings.ADMIN1_CSV)
    assert len(rows) >= 50
    for row in rows:
        region = gaz.get(row["place_id"])
        assert region is not None and region.admin1 == row["name"]
        city_name = REGION_CITY.get(row["name"], row["name"].removesuffix(" Oblast"))
        city = max(
            (p for p in gaz.candidates(city_name) if p.country == row["country"] and p.feature == "city"),
            key=lambda p: p.population,
        )
        assert city.admin1 == row["name"], (row["name"], city)
        assert _km(region.lat, region.lon, city.lat, city.lon) < region.precision_km, row["name"]


def test_max_name_tokens_covers_curated_names(gaz: Gazetteer) -> None:
    longest = max(
        len(normalize(label).split())
        for path in (settings.ADMIN1_CSV, settings.GAZETTEER_CSV)
        for row in _rows(path)
        for label in [row["name"], *row["aliases"].split("|")]
    )
    assert longest <= gaz.max_name_tokens
    assert gaz.has_name("Cherkasskoye Porechnoye") and gaz.has_name("sumy - sudzha road")


# ------------------------------------------------------------ curated data
def test_curated_rows_are_sourced_and_plausible() -> None:
    seen: set[str] = set()
    for path in (settings.ADMIN1_CSV, settings.GAZETTEER_CSV):
        for row in _rows(path):
            pid = row["place_id"]
            assert pid not in seen, pid
            seen.add(pid)
            assert row["source"].strip(), pid
            assert float(row["precision_km"]) > 0, pid
            lat, lon = float(row["lat"]), float(row["lon"])
            if row["country"] in BBOX:
                s, n, w, e = BBOX[row["country"]]
                assert s <= lat <= n and w <= lon <= e, pid


def test_curated_places_lie_in_their_region(gaz: Gazetteer) -> None:
    for row in _rows(settings.GAZETTEER_CSV):
        region = gaz.region(row["country"], row["admin1code"])
        if region is None:
            continue
        distance = _km(float(row["lat"]), float(row["lon"]), region.lat, region.lon)
        # The radius reaches the region's farthest GeoNames town; a smaller village
        # at the region's edge (Ochkyne, Sumy Oblast's northern tip) lies a little past it.
        assert distance < 1.1 * region.precision_km, row["place_id"]


def test_gn_rows_only_add_aliases(gaz: Gazetteer) -> None:
    for row in _rows(settings.GAZETTEER_CSV):
        if not row["place_id"].startswith("gn:"):
            continue
        place = gaz.get(row["place_id"])
        assert place is not None and place.source.startswith("GeoNames cities500")
        for alias in row["aliases"].split("|"):
            assert row["place_id"] in _ids(gaz.candidates(alias)), alias


# ---------------------------------------------- Kursk campaign villages
# Sudzha per Wikipedia: 51°11′29″N 35°16′14″E.
SUDZHA = (51.1914, 35.2706)
# Kursk, Belgorod, Bryansk (RU); Sumy, Kharkiv, Chernihiv (UA): GeoNames admin1 codes.
CAMPAIGN_OBLASTS = {("RU", "41"), ("RU", "09"), ("RU", "10"), ("UA", "21"), ("UA", "07"), ("UA", "02")}


@pytest.mark.parametrize(
    ("spelling", "place_id", "lat", "lon"),
    [
        # Wikipedia (en) Plyokhovo: 51°06′N 35°20′E.
        ("Plekhovo", "cur:plekhovo", 51.10, 35.33),
        ("Plyokhovo", "cur:plekhovo", 51.10, 35.33),
        ("Плёхово", "cur:plekhovo", 51.10, 35.33),
        # Wikipedia (es) Liubimovka (Kórenevo): 51°18′43″N 35°02′34″E.
        ("Lyubimovka", "cur:lyubimovka", 51.3119, 35.0428),
        ("Liubymivka", "cur:lyubimovka", 51.3119, 35.0428),
        # Wikipedia (es) Zaoleshenka: 51°12′10″N 35°15′29″E.
        ("Zaoleshenka", "cur:zaoleshenka", 51.2028, 35.2581),
        # Wikipedia (es) Vnezápnoye: 51°14′30″N 34°52′49″E.
        ("Vnezapnoe", "cur:vnezapnoye", 51.2417, 34.8803),
    ],
)
def test_verified_villages_match_their_source(gaz: Gazetteer, spelling: str, place_id: str, lat: float, lon: float) -> None:
    # Other places share some of these names (a Plekhovo in Poltava Oblast,
    # Liubymivkas in Ukraine): the one in the campaign area is the curated row.
    [place] = [p for p in gaz.candidates(spelling) if _km(*SUDZHA, p.lat, p.lon) < 100]
    assert place.place_id == place_id
    assert (place.country, place.admin1, place.feature) == ("RU", "Kursk Oblast", "village")
    assert _km(place.lat, place.lon, lat, lon) < 2.0
    assert place.precision_km <= 2.0


@pytest.mark.parametrize(
    "name", ["Plekhovo", "Pogrebki", "Yunakivka", "Lebedevka", "Novenke", "Loknia", "Kulbaki", "Pysarivka", "Giri"]
)
def test_campaign_villages_lie_near_sudzha(gaz: Gazetteer, name: str) -> None:
    near = [p for p in gaz.candidates(name) if p.country in ("RU", "UA") and _km(*SUDZHA, p.lat, p.lon) < 60]
    assert near, name
    assert all(p.admin1 in ("Kursk Oblast", "Sumy Oblast") for p in near)


def test_novoivanovka_is_two_villages(gaz: Gazetteer) -> None:
    found = {p.place_id: p for p in gaz.candidates("Novoivanovka") if p.admin1 == "Kursk Oblast"}
    assert {"cur:novoivanovka-sudzhansky", "cur:novoivanovka-glushkovsky"} <= set(found)
    # Wikipedia (es) Novoivánovka (Sudzha): 51°19′20″N 35°06′21″E, 18 km north-west of Sudzha.
    sudzhansky = found["cur:novoivanovka-sudzhansky"]
    assert _km(sudzhansky.lat, sudzhansky.lon, 51.3222, 35.1057) < 2.0
    assert 15 < _km(*SUDZHA, sudzhansky.lat, sudzhansky.lon) < 22


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Hlushkovo", "Glushkovo"),
        ("Tetkine", "Tetkino"),
        ("Bolshoe Soldatskoye", "Bolshoye Soldatskoye"),
        ("Гуєво", "Guevo"),
        ("Pohrebky", "Pogrebki"),
        ("Новеньке", "Novenkoe"),
        ("Rizhivka", "Ryzhivka"),
    ],
)
def test_ukrainian_and_russian_spellings_agree(gaz: Gazetteer, one: str, other: str) -> None:
    ids = set(_ids(gaz.candidates(one)))
    assert ids and ids == set(_ids(gaz.candidates(other)))


def test_curated_villages_follow_the_sourcing_rules() -> None:
    # A village placed from memory must say so and carry at least 5 km; one read
    # off a page names the page. Every village lies in the campaign's border
    # oblasts and within a day's drive of Sudzha (catches swapped lat/lon).
    villages = [r for r in _rows(settings.GAZETTEER_CSV) if r["feature"] == "village"]
    assert len(villages) >= 100
    for row in villages:
        if "recalled" in row["source"]:
            assert "not verified" in row["source"] or "unverified" in row["source"], row["place_id"]
            assert float(row["precision_km"]) >= 5.0, row["place_id"]
        elif "coordinates as the page states them" in row["source"]:
            assert row["source"].startswith(("http://", "https://")), row["place_id"]
        assert (row["country"], row["admin1code"]) in CAMPAIGN_OBLASTS, row["place_id"]
        assert _km(*SUDZHA, float(row["lat"]), float(row["lon"])) < 300, row["place_id"]


def test_villages_known_only_to_their_district_sit_at_its_centre(gaz: Gazetteer) -> None:
    # A village a page lists in a district without coordinates takes the district's centre and radius,
    # and only under a name no other known place has (else it would take their mentions).
    placed = [r for r in _rows(settings.GAZETTEER_CSV) if "no page found states its coordinates" in r["source"]]
    assert len(placed) >= 50
    for row in placed:
        district = gaz.get(re.search(r"\((cur:[a-z0-9-]+)\)", row["source"]).group(1))
        assert district is not None and district.feature == "area", row["place_id"]
        assert (float(row["lat"]), float(row["lon"])) == (district.lat, district.lon), row["place_id"]
        assert float(row["precision_km"]) == district.precision_km > PINPOINT_KM, row["place_id"]
        assert row["source"].startswith(("http://", "https://")), row["place_id"]
        others = {p.place_id for p in gaz.candidates(row["name"]) if p.feature in ("city", "village")}
        assert others == {row["place_id"]}, row["name"]


@pytest.mark.parametrize(("oblast", "units"), [(("RU", "Belgorod Oblast"), 21), (("RU", "Kursk Oblast"), 27),
                                              (("RU", "Bryansk Oblast"), 27), (("UA", "Sumy Oblast"), 5)])
def test_every_district_of_the_border_oblasts_is_known(gaz: Gazetteer, oblast: tuple[str, str], units: int) -> None:
    # Second-level units, each on its centre's GeoNames point: a report may name any of them.
    rows = [r for r in _rows(settings.GAZETTEER_CSV) if r["feature"] == "area" and r["place_id"].endswith(("-district", "-raion"))]
    found = [gaz.get(r["place_id"]) for r in rows]
    assert sum((p.country, p.admin1) == oblast for p in found) >= units


@pytest.mark.parametrize(("name", "place_id", "centre"), [
    ("Prokhorovsky district", "cur:prokhorovsky-district", "Prokhorovka"),
    ("Starooskolsky District", "cur:starooskolsky-district", "Stary Oskol"),
    ("Shostka Raion", "cur:shostka-raion", "Shostka"),
])
def test_a_district_sits_on_its_centre(gaz: Gazetteer, name: str, place_id: str, centre: str) -> None:
    [unit] = [p for p in gaz.candidates(name) if p.feature == "area"]
    [town] = [p for p in gaz.candidates(centre) if p.feature == "city" and p.admin1 == unit.admin1]
    assert unit.place_id == place_id and (unit.lat, unit.lon) == (round(town.lat, 5), round(town.lon, 5))
    assert unit.precision_km >= 15


# ------------------------------------------------------------------ cache
def test_cache_file_written_and_reused(gaz: Gazetteer, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = list(cache_dir.glob("gazetteer-*.pickle"))
    assert len(files) == 1 and files[0].stat().st_size > 1_000_000
    stamp = files[0].stat().st_mtime_ns

    def no_build(*args: object) -> None:
        raise AssertionError("the second load rebuilt the index instead of reading the cache")

    monkeypatch.setattr(gazetteer_module, "_build", no_build)
    again = Gazetteer.load(cache_dir=cache_dir)
    assert again.candidates("Sverdlikovo") == gaz.candidates("Sverdlikovo")
    assert len(again) == len(gaz)
    assert files[0].stat().st_mtime_ns == stamp


def test_load_default_is_memoised(cache_dir: Path, gaz: Gazetteer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "CACHE_DIR", cache_dir)
    load_default.cache_clear()
    try:
        first = load_default()
        assert first is load_default()
        assert len(first) == len(gaz)
    finally:
        load_default.cache_clear()


# ------------------------------------------------------------ bad input
def _broken_copy(tmp_path: Path, source: Path, edit) -> Path:
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    target = tmp_path / source.name
    target.write_text("".join(edit(lines)), encoding="utf-8")
    return target


GAZETTEER_BREAKS = {
    "lat not a number": lambda lines: [lines[0], lines[1].replace(",51.", ",north51.", 1), *lines[2:]],
    "duplicate place_id": lambda lines: [*lines, lines[-1]],
    "missing column": lambda lines: [lines[0].replace(",source", ""), *lines[1:]],
    "short row": lambda lines: [*lines, "cur:x,X\n"],
    "bad place_id": lambda lines: [*lines, 'Bad Id,X,,RU,41,51.0,35.0,2,village,,"a source"\n'],
    "empty source": lambda lines: [*lines, "cur:no-source,X,,RU,41,51.0,35.0,2,village,,\n"],
    "bad feature": lambda lines: [*lines, 'cur:odd,X,,RU,41,51.0,35.0,2,town,,"a source"\n'],
}


@pytest.mark.parametrize("break_it", GAZETTEER_BREAKS.values(), ids=GAZETTEER_BREAKS.keys())
def test_malformed_gazetteer_csv_names_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, break_it) -> None:
    broken = _broken_copy(tmp_path, settings.GAZETTEER_CSV, break_it)
    monkeypatch.setattr(settings, "GAZETTEER_CSV", broken)
    with pytest.raises(InputError) as info:
        Gazetteer.load(cache_dir=tmp_path / "cache")
    assert info.value.path == str(broken)
    assert not list((tmp_path / "cache").glob("gazetteer-*.pickle"))


def test_malformed_admin1_csv_names_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A region whose place_id disagrees with its admin1code.
    broken = _broken_copy(tmp_path, settings.ADMIN1_CSV, lambda ls: [ls[0], ls[1].replace("adm1:UA-01", "adm1:UA-02", 1), *ls[2:]])
    monkeypatch.setattr(settings, "ADMIN1_CSV", broken)
    with pytest.raises(InputError, match="place_id") as info:
        Gazetteer.load(cache_dir=tmp_path / "cache")
    assert info.value.path == str(broken)


def test_missing_csv_names_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    missing = tmp_path / "nowhere.csv"
    monkeypatch.setattr(settings, "GAZETTEER_CSV", missing)
    with pytest.raises(InputError) as info:
        Gazetteer.load(cache_dir=tmp_path / "cache")
    assert info.value.path == str(missing)


class _RunsOnUnpickle:
    """Unpickling this creates a file: proof that a pickle was loaded."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self):
        return (open, (self.marker, "w"))


def test_cache_in_a_folder_others_can_write_is_never_unpickled(tmp_path) -> None:
    import os
    import pickle

    from geo import gazetteer

    marker = tmp_path / "unpickled"
    folder = tmp_path / "cache"
    folder.mkdir()
    planted = folder / "gazetteer-planted.pickle"
    planted.write_bytes(pickle.dumps(_RunsOnUnpickle(str(marker))))
    os.chmod(folder, 0o777)
    assert gazetteer._read_cache(planted) is None and not marker.exists()
    os.chmod(folder, 0o755)
    assert gazetteer._read_cache(planted) is None  # read, then refused as not an index
    assert marker.exists()  # so the folder check is what protected the first read


@pytest.mark.parametrize("written, indexed", [
    ("Guevo", "Guyevo"), ("Melovoy", "Melovoe"), ("Melovoye", "Melovoi"), ("Martynivka", "Martynovka"),
    ("Mala Loknya", "Malaya Loknya"), ("Hlushkovo", "Glushkovo"), ("Plyokhovo", "Plekhovo"),
    ("Avdiivka", "Avdiyivka"), ("Nikolaevka", "Nikolayevka"),
])
def test_transliteration_variants_share_a_spelling_key(written: str, indexed: str) -> None:
    from geo.gazetteer import spelling_key

    assert spelling_key(written) == spelling_key(indexed)


def test_different_names_keep_different_spelling_keys() -> None:
    from geo.gazetteer import spelling_key

    assert len({spelling_key(n) for n in ("Sudzha", "Suzemka", "Sumy", "Kursk", "Korenevo", "Kharkiv")}) == 6


def test_near_misses_are_one_edit_from_the_name(gaz) -> None:
    area = {"bbox": (33.9, 50.4, 36.7, 51.9), "min_population": 2000}  # around Sudzha
    assert "Sudzha" in {p.name for p in gaz.near_miss_candidates("Suzha", **area)}  # a letter dropped
    assert "Sudzha" in {p.name for p in gaz.near_miss_candidates("Sundzha", **area)}  # one added
    assert "Sudzha" in {p.name for p in gaz.near_miss_candidates("Sudhza", **area)}  # two swapped
    assert "Sudzha" in {p.name for p in gaz.near_miss_candidates("Sudzhe", **area)}  # one changed
    assert gaz.near_miss_candidates("Sudzha", bbox=(30.0, 46.0, 31.0, 47.0), min_population=2000) == []  # elsewhere
    assert gaz.near_miss_candidates("Zzyzxovka", **area) == []


def test_a_variant_finds_the_geonames_spelling(gaz) -> None:
    assert gaz.candidates("Melovoi") == []  # no place is spelt so ...
    assert "Melovoye" in {a for p in gaz.variant_candidates("Melovoi") for a in (p.name, *p.aliases)}  # ... but a variant is
