"""Read the articles folder safely: files in, clean dated ``Article`` records out.

This module is the only place that opens article files. It

- lists ``*.txt`` and ``*.html`` (also ``.htm``, any case) directly in the
  articles folder, ignoring hidden files and refusing symlinks that point
  outside the folder;
- reads each file defensively (size limit checked before reading), turns
  its bytes into clean text with ``geo.textfile`` and dates it with
  ``geo.pubdate``;
- takes title, outlet, url and publication date from an optional
  ``sources.csv`` next to the articles, and otherwise finds a title in the
  text;
- re-exports ``split_sentences`` (``geo.sentences``) for its callers.

It must NOT decode, strip or date text itself, extract places, events or
event dates, geocode, escape text for HTML (that happens at render time) or
write any file. One bad file never stops ``read_articles``: it becomes a
``Skipped`` entry.
"""

from __future__ import annotations

import csv
import io
import os
import re
import stat
from datetime import date, timedelta
from pathlib import Path

from geo import settings
from geo.errors import InputError
from geo.pubdate import DATELINE_LINES, has_full_date, publication_date
from geo.records import Article, Skipped
from geo.sentences import BULLET_RE, split_sentences
from geo.textfile import clean_field, decode_article, shorten

__all__ = ["read_articles", "read_article", "read_sources_csv", "split_sentences"]

ARTICLE_SUFFIXES = (".txt", ".html", ".htm")
SOURCES_CSV = "sources.csv"
SOURCES_COLUMNS = ("file", "title", "outlet", "published", "url")

# --------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------


def read_articles(folder: Path) -> tuple[list[Article], list[Skipped]]:
    """Read every article in ``folder``, sorted by file name.

    Parameters
    ----------
    folder : Path
        The articles folder. An optional ``folder/sources.csv`` supplies
        title, outlet, url and publication date per file.

    Returns
    -------
    tuple[list[Article], list[Skipped]]
        The good articles, and the files (or ``sources.csv`` rows) that were
        not used, each with a reason. One bad file never raises.

    Raises
    ------
    InputError
        If ``folder`` is not a readable folder.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(folder, "not a folder")
    metadata, skipped = read_sources_csv(folder)
    articles: list[Article] = []
    used_ids: dict[str, str] = {}
    for name, path, problem in _article_files(folder):
        if problem:
            skipped.append(Skipped(name, problem))
            continue
        stem = Path(name).stem
        if stem in used_ids:
            skipped.append(Skipped(name, f"duplicate source id {stem!r}: {used_ids[stem]} already uses it"))
            continue
        try:
            article = read_article(path, metadata=metadata.get(name))
        except InputError as err:
            skipped.append(Skipped(name, err.reason))
            continue
        used_ids[stem] = name
        articles.append(article)
    return articles, skipped


def read_article(path: Path, *, metadata: dict[str, str] | None = None) -> Article:
    """Read and date one article file.

    Parameters
    ----------
    path : Path
        A ``.txt`` or ``.html`` file (a ``.txt`` holding an HTML page is
        stripped too).
    metadata : dict[str, str] | None
        Optional ``title``, ``outlet``, ``published`` (ISO date) and ``url``,
        normally one ``sources.csv`` row. Non-empty values win over what the
        text says.

    Returns
    -------
    Article
        Clean text (offsets of later stages refer to it) with its dating.

    Raises
    ------
    InputError
        For any bad input: too large, empty, binary, undecodable, no text,
        bad metadata or no way to date it.
    """
    path = Path(path)
    meta = _clean_metadata(path, metadata or {})
    raw = _read_bytes(path)
    text, html_title = decode_article(path, raw)
    dated = publication_date(text, provided=meta["published"], path=path)
    title = meta["title"] or html_title or _headline(text) or path.stem
    return Article(
        source_id=path.stem,
        file=path.name,
        text=text,
        title=title,
        outlet=meta["outlet"] or dated.outlet,
        url=meta["url"],
        published=dated.published,
        date_basis=dated.basis,
        date_reason=dated.reason,
        date_precision=dated.precision,
    )


def read_sources_csv(folder: Path) -> tuple[dict[str, dict[str, str]], list[Skipped]]:
    """Read ``folder/sources.csv`` (columns ``file,title,outlet,published,url``).

    Parameters
    ----------
    folder : Path
        The articles folder. A missing ``sources.csv`` is fine.

    Returns
    -------
    tuple[dict[str, dict[str, str]], list[Skipped]]
        Rows keyed by file name (values cleaned, ``published`` ISO or empty),
        and one ``Skipped`` per unusable row whose reason starts with
        ``"sources.csv line N:"``. Rows naming files that are not in the
        folder are reported and left out.
    """
    folder = Path(folder)
    path = folder / SOURCES_CSV
    if not os.path.lexists(path):
        return {}, []
    try:
        text = _read_sources_text(folder, path)
    except InputError as err:
        return {}, [Skipped(SOURCES_CSV, err.reason)]
    return _parse_sources_rows(folder, text)


# --------------------------------------------------------------------------
# Listing the folder
# --------------------------------------------------------------------------


def _article_files(folder: Path) -> list[tuple[str, Path, str]]:
    """(name, path, problem) for each candidate article; problem '' if fine."""
    root = folder.resolve()
    found = []
    with os.scandir(folder) as entries:
        for entry in entries:
            name = entry.name
            if name.startswith(".") or not name.lower().endswith(ARTICLE_SUFFIXES):
                continue
            found.append((name, Path(entry.path), _entry_problem(entry, root)))
    return sorted(found, key=lambda item: item[0])


def _entry_problem(entry: os.DirEntry, root: Path) -> str:
    """Why a directory entry cannot be an article ('' when it can)."""
    if entry.is_symlink():
        target = Path(os.path.realpath(entry.path))
        if target.parent != root:
            return "symlink pointing outside the articles folder (refused)"
        if not target.exists():
            return "broken symlink"
    try:
        mode = os.stat(entry.path).st_mode
    except OSError as err:
        return f"cannot read: {err.strerror or err}"
    if not stat.S_ISREG(mode):
        return "not a regular file"
    return ""


# --------------------------------------------------------------------------
# sources.csv
# --------------------------------------------------------------------------


def _read_sources_text(folder: Path, path: Path) -> str:
    """Decoded sources.csv text, or InputError with the reason."""
    if path.is_symlink() and Path(os.path.realpath(path)).parent != folder.resolve():
        raise InputError(path, "sources.csv: symlink pointing outside the articles folder (refused)")
    raw = _read_bytes(path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(path, f"sources.csv: not UTF-8 (byte {err.start}); save it as UTF-8") from None
    if "\x00" in text:
        raise InputError(path, "sources.csv: contains NUL bytes (binary file)")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _parse_sources_rows(folder: Path, text: str) -> tuple[dict[str, dict[str, str]], list[Skipped]]:
    """Validate rows; return the good ones keyed by file and the bad ones."""
    rows: dict[str, dict[str, str]] = {}
    first_line: dict[str, int] = {}
    skipped: list[Skipped] = []
    header: list[str] | None = None
    reader = csv.reader(io.StringIO(text))
    line = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as err:
            skipped.append(Skipped(SOURCES_CSV, f"sources.csv line {reader.line_num}: {err}"))
            break  # the csv module cannot resynchronise after a broken row
        start, line = line, reader.line_num + 1
        if not any(cell.strip() for cell in row):
            continue
        if header is None:
            header = [cell.strip().lower() for cell in row]
            problem = _header_problem(header)
            if problem:
                return {}, [Skipped(SOURCES_CSV, f"sources.csv line {start}: {problem}")]
            continue
        try:
            name, values = _sources_row(folder, header, row)
        except ValueError as err:
            skipped.append(Skipped(SOURCES_CSV, f"sources.csv line {start}: {err}"))
            continue
        if name in rows:
            reason = f"sources.csv line {start}: duplicate row for {name} (first on line {first_line[name]})"
            skipped.append(Skipped(SOURCES_CSV, reason))
            continue
        rows[name], first_line[name] = values, start
    return rows, skipped


def _header_problem(header: list[str]) -> str:
    """'' when the header names the expected columns, else the problem."""
    expected = ",".join(SOURCES_COLUMNS)
    if "file" not in header:
        return f"the first row must be the header {expected}"
    unknown = [name for name in header if name not in SOURCES_COLUMNS]
    if unknown or len(set(header)) != len(header):
        return f"header {','.join(header)} does not match {expected}"
    return ""


def _sources_row(folder: Path, header: list[str], row: list[str]) -> tuple[str, dict[str, str]]:
    """One validated row; ValueError says what is wrong with it."""
    if len(row) != len(header):
        raise ValueError(f"expected {len(header)} columns ({','.join(header)}), found {len(row)}")
    cells = dict(zip(header, row))
    name = cells["file"].strip()
    if not name:
        raise ValueError("empty file name")
    if "/" in name or "\\" in name or name in (".", ".."):
        raise ValueError(f"file must be a bare file name in the folder, not {name!r}")
    if not name.lower().endswith(ARTICLE_SUFFIXES) or name.startswith("."):
        raise ValueError(f"{name!r} is not a .txt or .html article")
    if not os.path.lexists(folder / name):
        raise ValueError(f"names {name!r}, which is not in the articles folder")
    values = {key: cells.get(key, "") for key in SOURCES_COLUMNS if key != "file"}
    return name, _clean_metadata(folder / name, values, error=ValueError)


def _clean_metadata(path: Path, meta: dict[str, str], *, error: type[Exception] | None = None) -> dict[str, str]:
    """Clean and validate title/outlet/published/url; raise on a bad value.

    ``error`` is the exception type to raise (InputError naming ``path`` by
    default; ValueError while reading sources.csv rows).
    """
    out = {
        "title": clean_field(meta.get("title", "")),
        "outlet": clean_field(meta.get("outlet", "")),
        "published": (meta.get("published") or "").strip(),
        "url": (meta.get("url") or "").strip(),
    }
    problem = _published_problem(out["published"]) or _url_problem(out["url"])
    if problem:
        if error is None:
            raise InputError(path, f"metadata: {problem}")
        raise error(problem)
    return out


def _published_problem(value: str) -> str:
    """'' when ``value`` is empty or a plausible ISO date, else the problem."""
    if not value:
        return ""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return f"published {value!r} is not an ISO date YYYY-MM-DD"
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return f"published {value!r} is not a valid date"
    if day > date.today() + timedelta(days=1):
        return f"published {value} is in the future"
    return ""


def _url_problem(value: str) -> str:
    """'' for an empty or http(s) URL; anything else could be a script URL."""
    if not value:
        return ""
    if not re.fullmatch(r"https?://[^\s\x00-\x1f\x7f]+", value, flags=re.IGNORECASE):
        return f"url {value[:80]!r} must be an http:// or https:// address"
    return ""


# --------------------------------------------------------------------------
# Reading bytes
# --------------------------------------------------------------------------


def _read_bytes(path: Path) -> bytes:
    """The file's bytes; refuses non-regular, oversized and unreadable files."""
    limit = settings.MAX_ARTICLE_BYTES
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise InputError(path, "not a regular file")
        if info.st_size > limit:
            raise InputError(path, f"file is too large ({info.st_size} bytes; the limit is {limit} bytes)")
        with open(path, "rb") as handle:
            raw = handle.read(limit + 1)  # the file may have grown since stat
    except OSError as err:
        raise InputError(path, f"cannot read file: {err.strerror or err}") from None
    if len(raw) > limit:
        raise InputError(path, f"file is too large (over the limit of {limit} bytes)")
    return raw


# --------------------------------------------------------------------------
# Titles
# --------------------------------------------------------------------------


def _headline(text: str) -> str:
    """A headline-like line near the top, else the first sentence, shortened."""
    for line in text.split("\n")[:DATELINE_LINES]:
        words = line.split()
        if (
            2 <= len(words) <= 30
            and len(line) <= 200
            and not line.endswith(".")
            and not BULLET_RE.match(line)
            and not has_full_date(line)
            and not re.match(r"(?i:by)(?:\s|[A-Z])", line)
        ):
            return line
    for _start, _end, sentence in split_sentences(text[:5000]):
        if len(sentence.split()) >= 3 and not has_full_date(sentence):
            return shorten(sentence, 120)
    return ""
