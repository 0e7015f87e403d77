"""End-to-end tests of ``python -m geo build`` on the real seeds, and its failure modes."""

from __future__ import annotations

import json
import re
import shutil
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

from geo import settings
from geo.cli import EXIT_FAILED, EXIT_OK, EXIT_WARNINGS, build, main
from geo.errors import InputError
from geo.layer import layer_lock, read_layer


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("build") / "layer.geojson"
    build(settings.SEEDS_DIR, out)
    return out


def _events(fc: dict) -> list[dict]:
    return [f["properties"] for f in fc["features"] if f["properties"]["kind"] == "event"]


def _event(fc: dict, fragment: str) -> dict:
    found = [p for p in _events(fc) if fragment in p["quote"]]
    assert len(found) == 1, fragment
    return found[0]


def test_seed_layer_has_the_events_read_in_the_articles(built: Path) -> None:
    fc = read_layer(built)
    sudzha = _event(fc, "retake the town of Sudzha")
    assert sudzha["sub_event_type"] == "Government regains territory"
    assert (sudzha["date_start"], sudzha["date_end"], sudzha["time_precision"]) == ("2025-03-10", "2025-03-16", 2)
    assert sudzha["source_title"] == "North Koreans troops key to Russian advances in Kursk, says Ukraine"
    assert sudzha["source_date"] == "2025-03-18"
    drones = _event(fc, "New Year’s Eve drones")
    assert (drones["event_date"], drones["sub_event_type"], drones["location"]) == ("2024-12-31", "Air/drone strike", "Sudzha")
    troops = _event(fc, "dispatched 12,000 soldiers")
    assert troops["troops"] == 12000 and troops["geo_precision"] == 3 and troops["location"] == "Kursk Oblast"
    assert _event(fc, "full liberation")["claim_status"] == "disputed"
    assert _event(fc, "falsely claimed")["claim_status"] == "denied"


def test_seed_layer_has_the_places(built: Path) -> None:
    fc = read_layer(built)
    places = {f["properties"]["name"]: f for f in fc["features"] if f["properties"]["kind"] == "place"}
    lon, lat = places["Sudzha"]["geometry"]["coordinates"]
    assert abs(lat - 51.19) < 0.05 and abs(lon - 35.27) < 0.05
    assert places["Pokrovsk"]["properties"]["admin1"] == "Donetsk Oblast"
    assert places["Kursk Oblast"]["properties"]["feature"] == "region"
    assert "Sverdlikovo" in places and "Deep State" not in places


def test_publication_dates_and_their_basis(built: Path) -> None:
    meta = {a["source_id"][:3]: a for a in read_layer(built)["metadata"]["articles"]}
    assert (meta["001"]["published"], meta["001"]["date_basis"]) == ("2025-03-18", "stated")
    assert (meta["003"]["published"], meta["003"]["date_basis"]) == ("2025-01-31", "stated")
    assert meta["000"]["date_basis"] == "inferred" and meta["000"]["published"].startswith("2024-11")
    assert "President-elect" in meta["000"]["date_reason"]


def test_committed_layer_is_what_the_seeds_build(built: Path) -> None:
    assert settings.LAYER_PATH.read_bytes() == built.read_bytes(), "run `python -m geo build` and commit data/layer.geojson"


def test_rebuild_is_byte_identical(built: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.geojson"
    build(settings.SEEDS_DIR, again)
    assert again.read_bytes() == built.read_bytes()


def _seed_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    shutil.copytree(settings.SEEDS_DIR, folder)
    return folder


def test_bad_files_are_skipped_and_the_exit_code_says_warnings(tmp_path: Path, capsys) -> None:
    folder = _seed_copy(tmp_path)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (folder / "noplace.txt").write_text("Washington Post March 18, 2025\nThe weather was mild and nothing happened.\n")
    out = tmp_path / "layer.geojson"
    code = main(["build", "--seeds", str(folder), "--out", str(out)])
    printed = capsys.readouterr().out
    assert code == EXIT_WARNINGS
    for name in ("empty.txt", "binary.txt", "noplace.txt"):
        assert f"skipped {name}" in printed
    assert len(_events(read_layer(out))) > 20


def test_clean_build_exits_zero(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "one"
    folder.mkdir()
    shutil.copy(settings.SEEDS_DIR / "003_c601d5b61a287260.txt", folder)
    assert main(["build", "--seeds", str(folder), "--out", str(tmp_path / "l.geojson")]) == EXIT_OK


def test_failed_build_keeps_the_previous_layer(tmp_path: Path, capsys) -> None:
    out = tmp_path / "layer.geojson"
    shutil.copy(settings.LAYER_PATH, out)
    before = out.read_bytes()
    empty = tmp_path / "nothing"
    empty.mkdir()
    (empty / "bad.txt").write_bytes(b"")
    assert main(["build", "--seeds", str(empty), "--out", str(out)]) == EXIT_FAILED
    assert "bad.txt" in capsys.readouterr().err
    assert out.read_bytes() == before


def test_second_build_is_refused_while_one_runs(tmp_path: Path, capsys) -> None:
    out = tmp_path / "layer.geojson"
    with layer_lock(out):
        assert main(["build", "--out", str(out)]) == EXIT_FAILED
    assert "another build" in capsys.readouterr().err


@pytest.mark.parametrize("kill_after", [0.3, 1.0, 2.0])
def test_killed_build_leaves_the_previous_layer_untouched(tmp_path: Path, kill_after: float) -> None:
    out = tmp_path / "layer.geojson"
    out.write_text('{"previous": true}\n')
    proc = subprocess.Popen([sys.executable, "-m", "geo", "build", "--out", str(out)], cwd=settings.ROOT)
    time.sleep(kill_after)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    text = out.read_text()
    if text != '{"previous": true}\n':  # the build won the race: then the layer is whole
        assert json.loads(text)["type"] == "FeatureCollection"


@hsettings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(min_size=0, max_size=2000))
def test_any_article_text_builds_or_fails_clearly(tmp_path_factory, text: str) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    (folder / "a.txt").write_text("date 2025-03-18\nFighting near Sudzha.\n" + text, encoding="utf-8")
    (folder / "b.txt").write_text(text, encoding="utf-8")
    try:
        report = build(folder, folder / "layer.geojson")
    except InputError:
        return
    assert report.files_read == 2
    read_layer(folder / "layer.geojson")


def test_rebuild_keeps_imported_front_lines(tmp_path: Path) -> None:
    from geo.importer import import_control

    out = tmp_path / "layer.geojson"
    build(settings.SEEDS_DIR, out)
    line = tmp_path / "assessed-2025-03-01.geojson"
    line.write_text(json.dumps({"type": "FeatureCollection", "features": [{
        "type": "Feature", "properties": {"holder": "Ukraine"},
        "geometry": {"type": "Polygon", "coordinates": [[[35.1, 51.2], [35.3, 51.2], [35.3, 51.3], [35.1, 51.3], [35.1, 51.2]]]},
    }]}))
    import_control([line], layer_path=out, source="analyst")
    build(settings.SEEDS_DIR, out)
    origins = [f["properties"]["origin"] for f in read_layer(out)["features"] if f["properties"]["kind"] == "control"]
    assert origins.count("imported") == 1 and "schematic" in origins


def test_an_event_place_the_gazetteer_lacks_is_listed_as_unresolved(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "arts"
    folder.mkdir()
    (folder / "a.txt").write_text("date 2025-03-16\nRussian troops won back Goncharovka, Zaoleshenka and "
                                  "Rubanshchina in the Kursk region on Sunday.\n", encoding="utf-8")
    assert main(["build", "--seeds", str(folder), "--out", str(tmp_path / "l.geojson")]) == EXIT_WARNINGS
    assert "unresolved place names (1): Rubanshchina" in capsys.readouterr().out


def test_a_build_with_two_processes_is_byte_identical(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "arts"
    shutil.copytree(settings.SEEDS_DIR, folder)
    for n in range(3):  # enough articles for the pool to be used
        shutil.copy(folder / "003_c601d5b61a287260.txt", folder / f"copy{n}.txt")
    assert main(["build", "--seeds", str(folder), "--out", str(tmp_path / "one.geojson")]) in (EXIT_OK, EXIT_WARNINGS)
    assert main(["build", "--seeds", str(folder), "--out", str(tmp_path / "two.geojson"), "--jobs", "2"]) in (
        EXIT_OK, EXIT_WARNINGS)
    assert (tmp_path / "one.geojson").read_bytes() == (tmp_path / "two.geojson").read_bytes()


def test_ledger_lists_who_claims_what_about_a_place(built: Path, capsys) -> None:
    assert main(["ledger", "--layer", str(built), "--place", "sudzha"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Sudzha:") and "Russia" in out
    assert main(["ledger", "--layer", str(built), "--place", "Atlantis"]) == 0
    assert "no claims about a place matching 'Atlantis'" in capsys.readouterr().out


def test_ledger_as_csv_and_json_one_row_per_claim(built: Path, capsys) -> None:
    import csv
    import io

    from geo.ledger import LEDGER_COLUMNS

    assert main(["ledger", "--layer", str(built), "--place", "sudzha", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows and all(r["place"] == "Sudzha" for r in rows)
    assert main(["ledger", "--layer", str(built), "--place", "sudzha", "--format", "json"]) == 0
    objects = json.loads(capsys.readouterr().out)
    assert [tuple(o) for o in objects] == [LEDGER_COLUMNS] * len(rows)
    assert [{k: str(v) for k, v in o.items()} for o in objects] == rows  # the same claims, the same values
    march = [o for o in objects if o["start"].startswith("2025-03")]
    assert any(o["control"] == "taken" and o["holder"] == "Russia" for o in march)
    assert all(o["reliability"] in "ABCDEF" and 1 <= o["credibility"] <= 6 for o in objects)
    # the layer's claim features are these claims, at Sudzha
    claims = [f["properties"] for f in read_layer(built)["features"] if f["properties"]["kind"] == "claim"]
    assert sorted(c["quote"] for c in claims if c["place"] == "Sudzha") == sorted(o["quote"] for o in objects)
    assert main(["ledger", "--layer", str(built), "--place", "Atlantis", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["ledger", "--layer", str(built), "--place", "Atlantis", "--format", "csv"]) == 0
    assert capsys.readouterr().out.strip() == ",".join(LEDGER_COLUMNS)


def test_ledger_refuses_an_unknown_format(built: Path) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["ledger", "--layer", str(built), "--format", "xlsx"])
    assert exc.value.code == 2


def test_first_build_says_it_builds_the_place_name_index_before_it_does(tmp_path: Path) -> None:
    """The ~35 s index build is announced at once on a new machine (empty cache), and not again."""
    import os

    from geo.cli import INDEX_NOTICE

    env = {**os.environ, "GEO_CACHE_DIR": str(tmp_path / "cache")}
    cmd = [sys.executable, "-m", "geo", "build", "--seeds", str(settings.SEEDS_DIR), "--out", str(tmp_path / "l.geojson")]
    proc = subprocess.Popen(cmd, cwd=settings.ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first = proc.stderr.readline().strip()
        still_running = proc.poll() is None  # the line came before the slow part, not with the summary
        out, err = proc.communicate(timeout=300)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert first == INDEX_NOTICE and still_running
    assert proc.returncode in (EXIT_OK, EXIT_WARNINGS), err
    assert INDEX_NOTICE not in out and "built " in out
    assert list((tmp_path / "cache").glob("gazetteer-*.pickle")), "the index was not cached"
    again = subprocess.run(cmd, cwd=settings.ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert again.returncode in (EXIT_OK, EXIT_WARNINGS) and INDEX_NOTICE not in again.stderr


def test_index_build_pending_follows_the_cache_and_its_sources(tmp_path: Path, monkeypatch) -> None:
    import os

    from geo import cli, gazetteer

    monkeypatch.setattr(gazetteer.load_default, "cache_info", lambda: type("Info", (), {"currsize": 0})())
    cache = tmp_path / "cache"
    assert cli.index_build_pending(cache)  # no folder yet
    cache.mkdir()
    assert cli.index_build_pending(cache)  # empty folder
    index = cache / "gazetteer-0123456789abcdef.pickle"
    index.write_bytes(b"")
    assert not cli.index_build_pending(cache)
    # A curated CSV newer than the index means a rebuild.
    csv_copy = tmp_path / "gazetteer.csv"
    shutil.copy(settings.GAZETTEER_CSV, csv_copy)
    later = index.stat().st_mtime + 60
    os.utime(csv_copy, (later, later))
    monkeypatch.setattr(settings, "GAZETTEER_CSV", csv_copy)
    assert cli.index_build_pending(cache)


# ---------------------------------------------------------------------------
# export --bbox: the snapshot shows the box asked for (issue 10)
# ---------------------------------------------------------------------------

SUDZHA_BOX = (35.05, 51.12, 35.45, 51.28)  # about what the app's map shows at zoom 11 over Sudzha
BOX_ARG = ",".join(str(v) for v in SUDZHA_BOX)


def _export(built: Path, out: Path, fmt: str, *extra: str) -> int:
    return main(["export", "--layer", str(built), "--date", "2025-03-14", "--format", fmt, "--out", str(out), *extra])


def _png_extent(path: Path) -> tuple[float, ...]:
    from PIL import Image

    with Image.open(path) as image:
        return tuple(float(v) for v in image.text["Map extent"].split(","))


def test_export_bbox_png_shows_the_box_widened_to_the_slide(built: Path, tmp_path: Path) -> None:
    assert _export(built, tmp_path / "box.png", "png", "--bbox", BOX_ARG) == EXIT_OK
    west, south, east, north = _png_extent(tmp_path / "box.png")
    assert west <= SUDZHA_BOX[0] and south <= SUDZHA_BOX[1] and east >= SUDZHA_BOX[2] and north >= SUDZHA_BOX[3]
    # Only widened to 16:9: the box's latitudes stay as given, a little longitude is added each side.
    assert (south, north) == pytest.approx(SUDZHA_BOX[1::2], abs=1e-4)
    assert east - west < 1.1 * (SUDZHA_BOX[2] - SUDZHA_BOX[0])
    assert _export(built, tmp_path / "default.png", "png") == EXIT_OK
    default = _png_extent(tmp_path / "default.png")
    assert default[2] - default[0] > 3 * (east - west)  # without --bbox: the whole campaign area


def test_export_bbox_pdf_shows_the_box_and_names_what_lies_in_it(built: Path, tmp_path: Path) -> None:
    assert _export(built, tmp_path / "box.png", "png", "--bbox", BOX_ARG) == EXIT_OK
    out = tmp_path / "box.pdf"
    assert _export(built, out, "pdf", "--bbox", BOX_ARG) == EXIT_OK
    # the same extent as the PNG of the same box, in the PDF's subject
    extent = ",".join(f"{v:.5f}" for v in _png_extent(tmp_path / "box.png"))
    assert f"Map extent: {extent}".encode() in out.read_bytes()
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed: the slide's names were not read")
    text = " ".join(subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    assert "Sudzha" in text and "Makhnovka" in text  # a village named only this close in
    assert "Glushkovo" not in text  # a town west of the box


def test_export_bbox_html_opens_fitted_to_the_box(built: Path, tmp_path: Path) -> None:
    out = tmp_path / "box.html"
    assert _export(built, out, "html", "--bbox", BOX_ARG) == EXIT_OK
    html = out.read_text(encoding="utf-8")
    # Leaflet's [[south, west], [north, east]]; the browser test checks what the map then shows.
    assert re.search(r"map_\w+\.fitBounds\(\s*\[\[51\.12, 35\.05\], \[51\.28, 35\.45\]\]", html)
    assert _export(built, tmp_path / "plain.html", "html") == EXIT_OK
    assert not re.search(r"map_\w+\.fitBounds\(", (tmp_path / "plain.html").read_text(encoding="utf-8"))


@pytest.mark.parametrize(("box", "problem"), [
    ("35,51,35.5", "four numbers"),
    ("35,51,east,51.3", "four numbers"),
    ("36,51,35,51.3", "west 36 is not less than east 35"),
    ("35,51.3,35.5,51", "south 51.3 is not less than north 51"),
    ("35,51,35.001,51.3", "under 0.01°"),
    ("35,51,200,51.3", "east 200 is not a longitude between -180 and 180"),
    ("35,51,35.5,91", "north 91 is not a latitude between -85 and 85"),
    ("nan,51,35.5,51.3", "west nan is not a longitude"),
    ("51.12,35.05,51.28,35.45", "outside the map's region"),  # latitude and longitude swapped
])
def test_export_bbox_refuses_a_bad_box_saying_why(built: Path, tmp_path: Path, capsys, box: str, problem: str) -> None:
    with pytest.raises(SystemExit) as exit_:
        _export(built, tmp_path / "bad.png", "png", f"--bbox={box}")
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "--bbox" in err and problem in err, err
    assert not (tmp_path / "bad.png").exists()


def test_export_bbox_is_refused_for_the_event_files(built: Path, tmp_path: Path, capsys) -> None:
    with pytest.raises(SystemExit) as exit_:
        _export(built, tmp_path / "events.csv", "csv", "--bbox", BOX_ARG)
    assert exit_.value.code == 2
    assert "--bbox applies to the map formats (png, pdf, html), not csv" in capsys.readouterr().err
    assert not (tmp_path / "events.csv").exists()


def test_export_with_a_bad_bbox_raises_input_error(built: Path, tmp_path: Path) -> None:
    from geo.export import export
    from geo.filters import EventFilter

    with pytest.raises(InputError, match="west 36 is not less than east 35"):
        export(read_layer(built), day=date(2025, 3, 14), flt=EventFilter(), fmt="png", out=tmp_path / "x.png",
               bbox=(36, 51, 35, 51.3))
    assert not (tmp_path / "x.png").exists()
