"""Tests for geo.ingest: uploads are saved under safe names inside the folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo import settings
from geo.ingest import MAX_UPLOAD_FILES, safe_name, save_uploads
from geo.records import Skipped


@pytest.mark.parametrize(
    "name, expected",
    [
        ("../../x", "x.txt"),
        ("../../etc/passwd.txt", "passwd.txt"),
        ("..\\..\\evil.html", "evil.html"),
        (".hidden.txt", "hidden.txt"),
        ("Сумы report.txt", "report.txt"),
        ("a b<c>.TXT", "a_b_c_.txt"),
        ("", "article.txt"),
    ],
)
def test_safe_name(name: str, expected: str) -> None:
    assert safe_name(name) == expected


def test_uploads_stay_inside_the_folder(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    results = save_uploads([("../../x.txt", b"Sudzha was retaken."), ("../x.txt", b"again")], folder)
    assert all(isinstance(r, Path) and r.parent == folder for r in results)
    assert sorted(p.name for p in folder.iterdir()) == ["x-2.txt", "x.txt"]
    assert not (tmp_path / "x.txt").exists()


def test_bad_uploads_are_skipped_with_reasons(tmp_path: Path) -> None:
    big = b"a" * (settings.MAX_ARTICLE_BYTES + 1)
    results = save_uploads([("a.pdf", b"x"), ("b.txt", b"   "), ("c.txt", big), ("d.txt", b"ok text")], tmp_path)
    reasons = [r.reason for r in results if isinstance(r, Skipped)]
    assert len(reasons) == 3
    assert any(".txt and .html" in r for r in reasons)
    assert any("empty" in r for r in reasons)
    assert any("MB" in r for r in reasons)
    assert [p.name for p in tmp_path.iterdir()] == ["d.txt"]


def test_count_limit(tmp_path: Path) -> None:
    files = [(f"{i}.txt", b"text") for i in range(MAX_UPLOAD_FILES + 2)]
    results = save_uploads(files, tmp_path)
    assert sum(isinstance(r, Skipped) for r in results) == 2


def test_add_articles_rebuilds_the_layer(tmp_path: Path) -> None:
    import shutil

    from geo.ingest import add_articles

    folder = tmp_path / "articles"
    shutil.copytree(settings.SEEDS_DIR, folder)
    layer = tmp_path / "layer.geojson"
    text = b"date 2025-03-14\nUkrainian troops withdrew from Sudzha on March 13, 2025, the army said.\n"
    result = add_articles([("../new report.txt", text)], folder, layer)
    assert result.error == "" and result.report is not None
    assert (folder / "new_report.txt").exists()
    assert "new_report.txt" in result.report.per_file


def test_failed_rebuild_takes_the_upload_back_out(tmp_path: Path) -> None:
    from geo.ingest import add_articles
    from geo.layer import layer_lock

    layer = tmp_path / "layer.geojson"
    layer.write_text("previous")
    with layer_lock(layer):  # another build is running
        result = add_articles([("a.txt", b"date 2025-03-14\nShelling near Sudzha.\n")], tmp_path, layer)
    assert result.report is None and "Rebuild failed" in result.error
    assert not (tmp_path / "a.txt").exists() and layer.read_text() == "previous"


def test_an_upload_never_shadows_an_article_with_the_same_stem(tmp_path: Path) -> None:
    (tmp_path / "000_seed.txt").write_text("original")
    [saved] = save_uploads([("000_seed.html", b"<p>other</p>")], tmp_path)
    assert saved.name == "000_seed-2.html"
    assert (tmp_path / "000_seed.txt").read_text() == "original"


def test_uploads_the_build_skips_are_taken_back_out(tmp_path: Path) -> None:
    import shutil

    from geo.ingest import add_articles

    folder = tmp_path / "articles"
    shutil.copytree(settings.SEEDS_DIR, folder)
    result = add_articles([("binary.txt", b"\x00\x01\x02" * 100)], folder, tmp_path / "layer.geojson")
    assert result.report is not None
    assert any(s.file == "binary.txt" for s in result.report.skipped)
    assert not (folder / "binary.txt").exists()


def test_uploads_stop_when_the_folder_is_full(tmp_path: Path, monkeypatch) -> None:
    from geo import ingest

    monkeypatch.setattr(ingest, "MAX_FOLDER_BYTES", 10)
    results = save_uploads([("a.txt", b"12345678"), ("b.txt", b"12345678")], tmp_path)
    assert isinstance(results[0], Path)
    assert isinstance(results[1], Skipped) and "full" in results[1].reason
