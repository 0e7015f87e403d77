"""Tests for geo.sources: reading and dating articles (sentences: test_sentences.py).

Expected dates come from the seed texts themselves (datelines) and from the
dated facts in data/publication_cues.csv; bad inputs are real files written
into tmp_path.
"""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

import pytest

from tests.seedrun import seed_articles
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

from geo import settings
from geo.errors import InputError
from geo.records import Article
from geo.sources import read_article, read_articles, read_sources_csv, split_sentences

SEEDS = settings.SEEDS_DIR
SEED = {
    "000": "000_75e1f71b68d9fc3f.txt",
    "001": "001_2dafe8c5b76e0796.txt",
    "002": "002_c1a517583d6e6b88.txt",
    "003": "003_c601d5b61a287260.txt",
    "004": "004_bc244ce61d56f460.txt",
}


@pytest.fixture(scope="module")
def seeds() -> dict[str, Article]:
    return seed_articles()  # tests/seedrun.py: read once, no file skipped


def sentences(text: str) -> list[str]:
    return [s for _, _, s in split_sentences(text)]


def folder_with(tmp_path: Path, files: dict[str, bytes | str]) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir(exist_ok=True)
    for name, content in files.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        (folder / name).write_bytes(data)
    return folder


GOOD = "Kursk update\nKYIV, March 3, 2025\nUkrainian troops held positions near Sudzha.\n"

# ---------------------------------------------------------------- seeds


def test_all_seeds_load_in_name_order(seeds: dict[str, Article]) -> None:
    assert list(seeds) == ["000", "001", "002", "003", "004"]
    assert all(a.file == SEED[k] and a.source_id == Path(SEED[k]).stem for k, a in seeds.items())


def test_seed_001_dateline_washington_post(seeds: dict[str, Article]) -> None:
    a = seeds["001"]
    # Line 3 of the file: "Washington Post March 18, 2025".
    assert (a.published, a.date_basis, a.date_precision) == (date(2025, 3, 18), "stated", 1)
    assert "Washington Post March 18, 2025" in a.date_reason
    assert a.outlet == "Washington Post"
    assert a.title == "North Koreans troops key to Russian advances in Kursk, says Ukraine"


def test_seed_003_dateline_iso(seeds: dict[str, Article]) -> None:
    a = seeds["003"]
    # First line " date 2025-01-31 Support us on Patreon", and "31/01/2025" below.
    assert (a.published, a.date_basis, a.date_precision) == (date(2025, 1, 31), "stated", 1)
    assert a.outlet == ""


def test_seed_000_inferred_november_2024(seeds: dict[str, Article]) -> None:
    a = seeds["000"]
    # "President-elect Donald Trump" (6 Nov 2024 .. 19 Jan 2025) and losses
    # "per day in October 2024" reported as past: November 2024.
    assert a.date_basis == "inferred"
    assert a.date_precision == 3
    assert (a.published.year, a.published.month) == (2024, 11)
    assert a.published >= date(2024, 11, 6)
    assert "President-elect" in a.date_reason and "October 2024" in a.date_reason
    assert "November 2024" in a.date_reason


def test_seed_004_inferred_after_kursk_liberation_claim(seeds: dict[str, Article]) -> None:
    a = seeds["004"]
    # "Putin confirms North Korea sent ..." and "full liberation" of Kursk
    # (claimed 26 Apr 2025; Putin's confirmation 28 Apr 2025).
    assert a.date_basis == "inferred" and a.date_precision == 3
    assert date(2025, 4, 26) <= a.published <= date(2025, 5, 31)
    assert "Putin confirms North Korea" in a.date_reason


def test_seed_002_inferred_after_putin_confirmation(seeds: dict[str, Article]) -> None:
    a = seeds["002"]
    # "North Korean troops have finally arrived in Kursk, as confirmed by
    # President Putin himself"; its "June 2024" treaty is older background.
    assert a.date_basis == "inferred"
    assert date(2025, 4, 28) <= a.published <= date(2025, 5, 31)
    assert "confirmed by President Putin" in a.date_reason


def test_seed_000_title_falls_back_to_first_sentence(seeds: dict[str, Article]) -> None:
    title = seeds["000"].title
    assert title.startswith("Russia has amassed a force of 50,000 troops")
    assert len(title) <= 121


def test_text_dating_without_sources_csv_matches(tmp_path: Path, seeds: dict[str, Article]) -> None:
    folder = folder_with(tmp_path, {})
    for key in ("000", "001", "003"):
        shutil.copy(SEEDS / SEED[key], folder / SEED[key])
    articles, skipped = read_articles(folder)
    assert skipped == []
    by_key = {a.source_id[:3]: a for a in articles}
    for key in ("000", "001", "003"):
        assert by_key[key].published == seeds[key].published
    # Without sources.csv the outlet comes from the dateline and the title
    # skips the one-word section label "Europe".
    assert by_key["001"].outlet == "Washington Post"
    assert by_key["001"].title.startswith("North Koreans troops key")
    assert by_key["003"].title.startswith("NYT: North Korean troops withdrawn")


# ---------------------------------------------------------------- sources.csv


def test_sources_csv_provided_date_wins(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, {})
    shutil.copy(SEEDS / SEED["001"], folder / SEED["001"])
    (folder / "sources.csv").write_text(
        "file,title,outlet,published,url\n"
        f"{SEED['001']},My title,The Post,2025-03-20,https://example.org/story\n",
        encoding="utf-8",
    )
    (article,), skipped = read_articles(folder)
    assert skipped == []
    assert (article.published, article.date_basis, article.date_precision) == (date(2025, 3, 20), "provided", 1)
    assert "sources.csv" in article.date_reason
    assert (article.title, article.outlet, article.url) == ("My title", "The Post", "https://example.org/story")


def test_sources_csv_bad_rows_are_reported_and_fall_back(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, {"a.txt": GOOD, "b.txt": GOOD, "c.txt": GOOD})
    (folder / "sources.csv").write_text(
        "file,title,outlet,published,url\n"
        "a.txt,only three,cells\n"
        "b.txt,B,,2025-02-30,\n"
        "missing.txt,M,,2025-01-01,\n"
        "c.txt,C,,,javascript:alert(1)\n",
        encoding="utf-8",
    )
    rows, skipped = read_sources_csv(folder)
    assert rows == {}
    reasons = [s.reason for s in skipped]
    assert reasons[0].startswith("sources.csv line 2:") and "columns" in reasons[0]
    assert reasons[1].startswith("sources.csv line 3:") and "2025-02-30" in reasons[1]
    assert reasons[2].startswith("sources.csv line 4:") and "missing.txt" in reasons[2]
    assert reasons[3].startswith("sources.csv line 5:") and "url" in reasons[3]
    articles, skipped_all = read_articles(folder)
    assert [a.file for a in articles] == ["a.txt", "b.txt", "c.txt"]
    # Each falls back to its own dateline "KYIV, March 3, 2025".
    assert {(a.published, a.date_basis) for a in articles} == {(date(2025, 3, 3), "stated")}
    assert all(a.url == "" for a in articles)
    assert len(skipped_all) == 4


def test_sources_csv_without_header_is_refused(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, {"a.txt": GOOD})
    (folder / "sources.csv").write_text("a.txt,T,O,2025-01-01,\n", encoding="utf-8")
    rows, skipped = read_sources_csv(folder)
    assert rows == {}
    assert "header" in skipped[0].reason and "line 1" in skipped[0].reason


def test_sources_csv_control_characters_removed_from_title(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, {"a.txt": GOOD})
    (folder / "sources.csv").write_text(
        'file,title,outlet,published,url\na.txt,"Bad\x07 title\x1b[31m",Out\x1flet,,\n', encoding="utf-8"
    )
    (article,), skipped = read_articles(folder)
    assert skipped == []
    assert article.title == "Bad title[31m"
    assert article.outlet == "Outlet"


def test_seed_sources_csv_leaves_dates_to_the_text() -> None:
    rows, skipped = read_sources_csv(SEEDS)
    assert skipped == []
    assert set(rows) == set(SEED.values())
    assert all(row["published"] == "" and row["url"] == "" for row in rows.values())


# ---------------------------------------------------------------- bad files


def _sparse(path: Path, size: int) -> None:
    with open(path, "wb") as handle:
        handle.truncate(size)


BAD_FILES = [
    ("empty.txt", b"", "empty"),
    ("blank.txt", b" \n\t\r\n  ", "empty"),
    ("nul.txt", b"Kyiv, March 3, 2025\n\x00\x01\x02 payload", "binary"),
    ("ctrl.txt", b"Kyiv, March 3, 2025\n" + b"\x01\x02\x03\x04\x05\x06" * 20, "binary"),
    ("undecodable.txt", bytes(range(128, 256)) * 8, "encoding"),
    ("nodate.txt", b"Troops moved somewhere. Nobody said when.", "no publication date"),
    ("broken.html", b"<![ broken", "HTML"),
    ("script-only.html", b"<html><script>var a = 'Kyiv, March 3, 2025';</script></html>", "no readable text"),
    ("bad-utf16.txt", b"\xff\xfe\x00\xd8", "UTF-16"),
]


@pytest.mark.parametrize(("name", "data", "expected"), BAD_FILES)
def test_bad_file_is_skipped_with_reason(tmp_path: Path, name: str, data: bytes, expected: str) -> None:
    folder = folder_with(tmp_path, {name: data, "good.txt": GOOD})
    articles, skipped = read_articles(folder)
    assert [a.file for a in articles] == ["good.txt"]
    assert len(skipped) == 1 and skipped[0].file == name
    assert expected in skipped[0].reason
    with pytest.raises(InputError) as info:
        read_article(folder / name)
    assert info.value.path == str(folder / name) and expected in info.value.reason


def test_oversized_file_is_refused(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, {"good.txt": GOOD})
    _sparse(folder / "huge.txt", settings.MAX_ARTICLE_BYTES + 1)
    articles, skipped = read_articles(folder)
    assert [a.file for a in articles] == ["good.txt"]
    assert skipped[0].file == "huge.txt" and "too large" in skipped[0].reason


def test_symlink_outside_folder_is_refused_inside_is_read(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, {"good.txt": GOOD})
    outside = tmp_path / "secret.txt"
    outside.write_text(GOOD, encoding="utf-8")
    os.symlink(outside, folder / "leak.txt")
    os.symlink(folder / "good.txt", folder / "alias.txt")
    os.symlink(folder / "nowhere.txt", folder / "dangling.txt")
    articles, skipped = read_articles(folder)
    assert [a.file for a in articles] == ["alias.txt", "good.txt"]
    reasons = {s.file: s.reason for s in skipped}
    assert "outside" in reasons["leak.txt"]
    assert "broken symlink" in reasons["dangling.txt"]


def test_hidden_files_folders_and_other_extensions_are_ignored(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, {".hidden.txt": b"\x00", "notes.md": GOOD, "good.TXT": GOOD})
    (folder / "sub").mkdir()
    (folder / "sub" / "deep.txt").write_text(GOOD, encoding="utf-8")
    articles, skipped = read_articles(folder)
    assert [a.file for a in articles] == ["good.TXT"]
    assert skipped == []


def test_duplicate_source_id_is_skipped(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, {"a.html": f"<p>{GOOD}</p>", "a.txt": GOOD})
    articles, skipped = read_articles(folder)
    assert [a.file for a in articles] == ["a.html"]
    assert skipped[0].file == "a.txt" and "duplicate" in skipped[0].reason


def test_missing_folder_raises_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        read_articles(tmp_path / "nope")


# ---------------------------------------------------------------- decoding


RUSSIAN = (
    "Москва, 18 марта 2025\n"
    "Российские войска вернули контроль над Суджей в Курской области. "
    "Об этом сообщило Министерство обороны России."
)


def test_cp1251_cyrillic_decodes(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, {"ru.txt": RUSSIAN.encode("cp1251")})
    (article,), skipped = read_articles(folder)
    assert skipped == []
    assert article.text == RUSSIAN
    assert article.published == date(2025, 3, 18) and article.date_basis == "stated"


def test_latin1_decodes(tmp_path: Path) -> None:
    text = "Kyiv, 3 March 2025\nLes troupes nord-coréennes ont été déployées dans la région de Koursk, selon Kyiv."
    folder = folder_with(tmp_path, {"fr.txt": text.encode("latin-1")})
    (article,), _ = read_articles(folder)
    assert article.text == text


def test_bom_crlf_and_control_characters_are_cleaned(tmp_path: Path) -> None:
    data = b"\xef\xbb\xbfKursk update\r\nKYIV, March 3, 2025\r\nTroops\x07 held\tSudzha.\rMore.\r\n"
    article = read_article(folder_with(tmp_path, {"a.txt": data}) / "a.txt")
    assert article.text == "Kursk update\nKYIV, March 3, 2025\nTroops held Sudzha.\nMore."
    assert article.title == "Kursk update"


HTML_PAGE = """<!DOCTYPE html>
<html><head><title>Sudzha &amp; Kursk</title>
<style>p { color: red }</style>
<script>document.write('<p>injected</p>'); var stolen = "cookie";</script>
</head><body>
<noscript>Please enable JavaScript</noscript>
<h1>Russia says it retook Sudzha</h1>
<p>Published March 13, 2025</p>
<p>Russian troops entered
Sudzha &mdash; the town&#39;s centre.<br>Ukraine denied it.</p>
<template><p>hidden template</p></template>
<ul><li>First point</li><li>Second point</li></ul>
</body></html>"""


@pytest.mark.parametrize("name", ["page.html", "page-saved-as.txt"])
def test_html_is_stripped(tmp_path: Path, name: str) -> None:
    article = read_article(folder_with(tmp_path, {name: HTML_PAGE}) / name)
    text = article.text
    assert "<script" not in text and "<" not in text
    for gone in ("injected", "cookie", "color: red", "enable JavaScript", "hidden template"):
        assert gone not in text
    assert "Russian troops entered Sudzha — the town's centre." in text
    assert article.title == "Sudzha & Kursk"
    assert article.published == date(2025, 3, 13)
    said = sentences(text)
    assert "Ukraine denied it." in said
    assert "First point" in said and "Second point" in said


def test_html_without_closing_head_keeps_body(tmp_path: Path) -> None:
    page = "<html><head><title>T</title><meta charset=utf-8><body><p>Published March 13, 2025</p><p>Troops moved.</p>"
    article = read_article(folder_with(tmp_path, {"a.html": page}) / "a.html")
    assert article.text == "Published March 13, 2025\n\nTroops moved."


def test_html_declared_charset_is_used(tmp_path: Path) -> None:
    page = '<html><head><meta charset="windows-1251"></head><body><p>18 марта 2025</p><p>Курск.</p></body></html>'
    article = read_article(folder_with(tmp_path, {"a.html": page.encode("cp1251")}) / "a.html")
    assert "Курск." in article.text and article.published == date(2025, 3, 18)


# ---------------------------------------------------------------- dating rules


def test_future_month_is_not_taken_as_past(tmp_path: Path) -> None:
    text = (
        "Aides to President-elect Donald Trump met officials in Kyiv.\n"
        "A ceasefire plan is expected to be ready by December 2024, they said.\n"
    )
    article = read_article(folder_with(tmp_path, {"a.txt": text}) / "a.txt")
    # Only the President-elect window applies: its first day.
    assert article.published == date(2024, 11, 6)
    assert "December 2024" not in article.date_reason


def test_outdated_title_does_not_block_a_later_fact(tmp_path: Path) -> None:
    text = (
        "Chancellor Friedrich Merz spoke about Kursk.\n"
        "He recalled how President-elect Donald Trump had promised a quick deal.\n"
    )
    article = read_article(folder_with(tmp_path, {"a.txt": text}) / "a.txt")
    assert article.published >= date(2025, 5, 6) and article.date_basis == "inferred"


def test_ambiguous_numeric_dateline_is_day_month(tmp_path: Path) -> None:
    text = "Frontline report\n03/04/2025\nTroops held the line near Sudzha.\n"
    article = read_article(folder_with(tmp_path, {"a.txt": text}) / "a.txt")
    assert article.published == date(2025, 4, 3)
    assert "ambiguous" in article.date_reason


@pytest.mark.parametrize("dateline", ["24-05-2025 21:26", "24.05.2025", "24/05/2025"])
def test_a_numeric_dateline_with_any_separator_dates_the_article(tmp_path: Path, dateline: str) -> None:
    text = f"Russians advance in the Sumy region\n\n{dateline}\n\nDeepState marked 62.6 sq km as occupied.\n"
    article = read_article(folder_with(tmp_path, {"a.txt": text}) / "a.txt")
    assert (article.published, article.date_basis) == (date(2025, 5, 24), "stated")


def test_a_month_day_slash_year_date_after_a_label_dates_the_article_and_names_no_outlet(tmp_path: Path) -> None:
    text = "Russia launches Kursk counteroffensive\n\nWar\nPost At: Sep 11/2024 08:50PM\n\nFighting near Snagost.\n"
    article = read_article(folder_with(tmp_path, {"a.txt": text}) / "a.txt")
    assert (article.published, article.date_basis) == (date(2024, 9, 11), "stated")
    assert article.outlet != "Post At"


@pytest.mark.parametrize("heading", ["Sitrep for March 24-28, 2025 (as of 10 a.m. UTC+3)", "Weekly update, 24–28 March 2025"])
def test_a_headings_span_of_days_dates_the_report_by_its_last_day(tmp_path: Path, heading: str) -> None:
    text = f"{heading}\n\nRussian paratroopers reached the Sudzha border crossing.\n"
    article = read_article(folder_with(tmp_path, {"a.txt": text}) / "a.txt")
    assert (article.published, article.date_basis) == (date(2025, 3, 28), "stated")
    assert "last day" in article.date_reason


@pytest.mark.parametrize("dateline, want", [
    ("MOSCOW, Sept 12 (AFP) - Russia's army has won back 10 settlements.", date(2024, 9, 12)),
    ("KYIV, 8 April - Fighting continued near Popovka.", date(2025, 4, 8)),
    ("KAZACHYA LOKNYA, Russia, March 19 (AFP) - Few residents remain.", date(2025, 3, 19)),
])
def test_wire_dateline_without_a_year_is_placed_in_the_campaign(tmp_path: Path, dateline: str, want: date) -> None:
    article = read_article(folder_with(tmp_path, {"a.txt": f"Headline\n\n{dateline}\n"}) / "a.txt")
    assert (article.published, article.date_basis, article.date_precision) == (want, "inferred", 1)
    assert "gives day and month" in article.date_reason


def test_a_wire_dateline_with_a_numeric_date_opens_a_long_paragraph(tmp_path: Path) -> None:
    text = ("Headline\n\nKYIV, 17.05.2025 (Interfax-Ukraine) - Nine people were killed when a drone struck a bus "
            "near Bilopillia, the regional administration said on Saturday.\n")
    article = read_article(folder_with(tmp_path, {"a.txt": text}) / "a.txt")
    assert (article.published, article.date_basis) == (date(2025, 5, 17), "stated")
    # a date further into a long line is no dateline
    late = "Headline\n\nKYIV, officials said on 17.05.2025 that nine people were killed near Bilopillia in a strike.\n"
    with pytest.raises(InputError, match="no publication date"):
        read_article(folder_with(tmp_path, {"late.txt": late}) / "late.txt")


def test_yearless_dateline_year_follows_the_latest_fact_mentioned(tmp_path: Path) -> None:
    text = "Headline\nKYIV, Aug 15 (Reuters) - Fighting went on, as it has since August 2025.\n"
    assert read_article(folder_with(tmp_path, {"a.txt": text}) / "a.txt").published == date(2025, 8, 15)


def test_no_date_message(tmp_path: Path) -> None:
    path = folder_with(tmp_path, {"a.txt": "Troops moved. Nobody said when.\n"}) / "a.txt"
    with pytest.raises(InputError, match="no publication date: no sources.csv date, no dateline"):
        read_article(path)


# ---------------------------------------------------------------- any bytes


@hsettings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=2048), suffix=st.sampled_from([".txt", ".html"]))
def test_arbitrary_bytes_give_article_or_input_error(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(data)
    try:
        article = read_article(path)
    except InputError as err:
        assert err.reason
    else:
        assert isinstance(article, Article) and article.text.strip()


def test_a_trigger_row_with_an_unknown_control_stance_is_refused(tmp_path, monkeypatch) -> None:
    from geo import lexicon
    from geo.errors import InputError

    folder = tmp_path / "lexicon"
    folder.mkdir()
    (folder / "triggers.csv").write_text("frame,forms,event_type,sub_event_type,strength,control,note\n"
                                         "capture,captured,Battles,Armed clash,strong,conquered,x\n")
    monkeypatch.setattr(settings, "DATA_DIR", tmp_path)
    lexicon.triggers.cache_clear()
    try:
        with pytest.raises(InputError, match="line 2: control 'conquered'"):
            lexicon.triggers()
    finally:
        lexicon.triggers.cache_clear()
