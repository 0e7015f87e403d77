"""Read the articles folder safely: files in, clean dated ``Article`` records out.

This module is the only place that touches article files. It

- lists ``*.txt`` and ``*.html`` (also ``.htm``, any case) directly in the
  articles folder, ignoring hidden files and refusing symlinks that point
  outside the folder;
- reads each file defensively (size limit checked before reading, empty,
  binary and undecodable files refused with a clear reason, legacy encodings
  such as cp1251 decoded only when ``charset-normalizer`` is sure, HTML
  stripped with the stdlib parser, BOM, newlines and control characters
  cleaned);
- takes title, outlet, url and publication date from an optional
  ``sources.csv`` next to the articles;
- otherwise dates an article from a dateline in its first lines ("stated"),
  or infers a month from dated cues in the text ("inferred"), using the
  curated table ``data/publication_cues.csv``. The cue table assumes the
  article is about the 2024-2025 Kursk campaign (e.g. "President Trump"
  means the second term). Cues give a window (latest lower bound, earliest
  upper bound; an upper bound below the lower one is dropped, as writers
  keep outdated titles); a "Month YYYY" the text mentions as past raises the
  lower bound. The date is the 15th of the month after that latest past
  month when the window allows it, else the window's first day, always
  with precision 3 (month);
- splits text into sentences with offsets (``split_sentences``).

It must NOT extract places, events or event dates, geocode, escape text for
HTML (that happens at render time) or write any file. One bad file never
stops ``read_articles``: it becomes a ``Skipped`` entry.
"""

from __future__ import annotations

import codecs
import csv
import functools
import io
import os
import re
import stat
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path

from geo import settings
from geo.errors import InputError
from geo.records import Article, Skipped

__all__ = ["read_articles", "read_article", "read_sources_csv", "split_sentences"]

ARTICLE_SUFFIXES = (".txt", ".html", ".htm")
SOURCES_CSV = "sources.csv"
SOURCES_COLUMNS = ("file", "title", "outlet", "published", "url")
CUES_CSV = "publication_cues.csv"
NO_DATE_REASON = "no publication date: no sources.csv date, no dateline, no dated cue in the text"

DATELINE_LINES = 15  # a dateline sits in the first lines of an article
MAX_FIELD_CHARS = 300  # titles and outlets longer than this are cut
EARLIEST_PLAUSIBLE = date(1990, 1, 1)
INFERENCE_CHARS = 200_000  # dated cues are looked for in this much text (keeps huge files fast)

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
    text, html_title = _decode_article(path, raw)
    published, basis, reason, precision, dateline_outlet = _date_article(path, text, meta)
    title = meta["title"] or html_title or _headline(text) or path.stem
    return Article(
        source_id=path.stem,
        file=path.name,
        text=text,
        title=title,
        outlet=meta["outlet"] or dateline_outlet,
        url=meta["url"],
        published=published,
        date_basis=basis,
        date_reason=reason,
        date_precision=precision,
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


def split_sentences(text: str) -> list[tuple[int, int, str]]:
    """Split text into sentences with offsets.

    Parameters
    ----------
    text : str
        Clean article text.

    Returns
    -------
    list[tuple[int, int, str]]
        ``(start, end, sentence)`` with ``sentence == text[start:end]``,
        stripped of surrounding whitespace and of a leading bullet marker.
        Abbreviations (U.S., Gen., Dr., Mr., St.), initials and decimal
        numbers do not end a sentence; a closing quote after the final
        punctuation belongs to the sentence; bullet lines, headlines and
        paragraphs end one even without a final period.
    """
    out: list[tuple[int, int, str]] = []
    for seg_start, seg_end in _segments(text):
        for start, end in _split_segment(text, seg_start, seg_end):
            out.append((start, end, text[start:end]))
    return out


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
        "title": _clean_field(meta.get("title", "")),
        "outlet": _clean_field(meta.get("outlet", "")),
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


def _clean_field(value: str) -> str:
    """One-line text field: control characters removed, spaces collapsed."""
    value = _CONTROL_RE.sub("", value or "")
    value = " ".join(value.split())
    if len(value) > MAX_FIELD_CHARS:
        value = value[: MAX_FIELD_CHARS - 1].rstrip() + "…"
    return value


# --------------------------------------------------------------------------
# Bytes to clean text
# --------------------------------------------------------------------------

_CONTROL_BYTES = bytes([*range(0, 9), 11, *range(14, 32), 127])  # not \t \n \f \r
_CONTROL_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ufffe\uffff]")
_SPACE_RE = re.compile(r"[^\S\n]+")  # any whitespace but newline
_MANY_NEWLINES_RE = re.compile(r"\n{3,}")
_MAX_CONTROL_SHARE = 0.02
_MAX_CHAOS = 0.2
# Tie-break between equally plausible legacy encodings: the common ones first
# (charset-normalizer can rank mac_cyrillic above cp1251 for Russian text,
# which mangles every capital letter).
_PREFERRED_ENCODINGS = (
    "cp1252", "cp1251", "latin_1", "iso8859_15", "cp1250", "koi8_r", "koi8_u",
    "iso8859_2", "cp1253", "cp1254", "cp1257", "iso8859_5", "cp866", "mac_cyrillic",
)


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


def _decode_article(path: Path, raw: bytes) -> tuple[str, str]:
    """Clean text and the HTML <title> ('' for plain text)."""
    if not raw:
        raise InputError(path, "empty file (0 bytes)")
    text = _decode_bytes(path, raw)
    if not text.strip():
        raise InputError(path, "empty file (only whitespace)")
    title = ""
    if path.suffix.lower() in (".html", ".htm") or _looks_like_html(text):
        text, title = _strip_html(path, text)
    text = _clean_text(text)
    if not text:
        raise InputError(path, "no readable text (the page has no visible text)")
    return text, _clean_field(title)


def _decode_bytes(path: Path, raw: bytes) -> str:
    """Decode UTF-8 (BOM allowed), UTF-16/32 with BOM, or a reliably detected legacy encoding."""
    for bom, codec in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                       (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if raw.startswith(bom):
            try:
                return raw.decode(codec)
            except UnicodeDecodeError:
                name = codec.upper()
                raise InputError(path, f"starts with a {name} byte-order mark but is not valid {name}") from None
    if b"\x00" in raw:
        raise InputError(path, "binary file: contains NUL bytes (or UTF-16 text without a byte-order mark)")
    control = len(raw) - len(raw.translate(None, _CONTROL_BYTES))
    if control > _MAX_CONTROL_SHARE * len(raw):
        raise InputError(path, f"binary file: {control} control bytes in {len(raw)} bytes")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    return _decode_legacy(path, raw)


def _decode_legacy(path: Path, raw: bytes) -> str:
    """Decode a non-UTF-8 file when its encoding is declared or detected reliably."""
    declared = _declared_charset(raw)
    if declared:
        try:
            return raw.decode(declared)
        except (UnicodeDecodeError, LookupError):
            pass  # a wrong declaration: fall back to detection
    try:
        from charset_normalizer import from_bytes

        results = list(from_bytes(raw))
    except Exception:  # third-party detector on untrusted bytes: failure means "unknown"
        results = []
    plausible = [r for r in results if r.chaos <= _MAX_CHAOS]
    if not plausible:
        raise InputError(path, "not UTF-8 and its encoding could not be detected reliably; save it as UTF-8")
    least_chaos = min(r.chaos for r in plausible)
    ranked = []
    for result in plausible:
        if result.chaos > least_chaos + 0.05:
            continue
        for name in result.could_be_from_charset:
            known = name in _PREFERRED_ENCODINGS
            rank = _PREFERRED_ENCODINGS.index(name) if known else len(_PREFERRED_ENCODINGS)
            ranked.append((rank, result.chaos, name, result))
    ranked.sort(key=lambda item: item[:3])
    for _rank, _chaos, name, result in ranked:
        try:
            return raw.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
    return str(ranked[0][3]) if ranked else str(plausible[0])


def _declared_charset(raw: bytes) -> str:
    """The charset an HTML page declares in a <meta> tag ('' if none or unknown)."""
    found = _META_CHARSET_RE.search(raw[:4096])
    if not found:
        return ""
    try:
        return codecs.lookup(found.group(1).decode("ascii")).name
    except LookupError:
        return ""


_META_CHARSET_RE = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]{1,40})", re.IGNORECASE)
_HTML_SIGNS_RE = re.compile(r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.IGNORECASE)
_HTML_TAG_RE = re.compile(
    r"</?(?:p|div|br|span|a|li|ul|h[1-6]|script|style|table|td|tr|img|meta)\b[^<>]{0,500}>", re.IGNORECASE
)


def _looks_like_html(text: str) -> bool:
    """True for an HTML page (e.g. one saved as .txt)."""
    head = text[:4096]
    if _HTML_SIGNS_RE.search(head):
        return True
    return len(_HTML_TAG_RE.findall(text[:65536], 0)) >= 5


class _TextExtractor(HTMLParser):
    """Visible text of an HTML page; block elements become line breaks.

    ``convert_charrefs`` makes the parser unescape entities in the text.
    """

    _SKIP = frozenset({"script", "style", "noscript", "template", "svg", "math", "iframe", "object"})
    _BLOCK = frozenset({
        "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "fieldset",
        "figcaption", "figure", "footer", "form", "header", "hr", "main", "nav", "ol", "section",
        "table", "tbody", "thead", "tfoot", "tr", "ul", "caption",
    })
    _PARAGRAPH = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "pre"})
    _VOID = frozenset({
        "br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed", "source", "track", "wbr", "param",
    })

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title_parts: list[str] = []
        self._skip_depth = 0
        self._in_title = False
        self._in_head = False  # </head> may be omitted: <body> ends it too
        self._pre_depth = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "title":
            self._in_title = True
        elif tag in ("head", "body"):
            self._in_head = tag == "head"
        elif tag in self._SKIP and tag not in self._VOID:
            self._skip_depth += 1
        elif tag == "li":
            self.parts.append("\n• ")  # list items read as bullet lines
        elif tag in ("td", "th"):
            self.parts.append(" ")
        elif tag in self._PARAGRAPH:
            self._pre_depth += tag == "pre"
            self.parts.append("\n\n")
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        if tag in self._BLOCK or tag in self._PARAGRAPH:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag == "head":
            self._in_head = False
        elif tag in self._SKIP:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag in self._PARAGRAPH:
            self._pre_depth = max(0, self._pre_depth - (tag == "pre"))
            self.parts.append("\n\n")
        elif tag in self._BLOCK or tag == "li":
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title_parts.append(data)
        elif not self._skip_depth and not self._in_head:
            # Outside <pre>, source line breaks in HTML are just spaces.
            self.parts.append(data if self._pre_depth else re.sub(r"\s+", " ", data))


def _strip_html(path: Path, text: str) -> tuple[str, str]:
    """(visible text, <title>) of an HTML page."""
    parser = _TextExtractor()
    try:
        parser.feed(text)
        parser.close()
    except (AssertionError, ValueError) as err:  # html.parser asserts on some broken markup
        raise InputError(path, f"HTML could not be parsed: {err}") from None
    body = "".join(parser.parts)
    body = "\n".join(line.strip() for line in body.split("\n"))
    return body, " ".join("".join(parser.title_parts).split())


def _clean_text(text: str) -> str:
    """Normalise newlines, spaces, control characters and Unicode form."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for odd, plain in (("\x0b", "\n"), ("\x0c", "\n"), ("\x85", "\n"), ("\u2028", "\n"), ("\u2029", "\n"), ("\t", " ")):
        if odd in text:  # str.replace is much faster than str.translate on MBs
            text = text.replace(odd, plain)
    text = _CONTROL_RE.sub("", text)
    text = unicodedata.normalize("NFC", text)
    text = _SPACE_RE.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    return _MANY_NEWLINES_RE.sub("\n\n", text).strip()


# --------------------------------------------------------------------------
# Titles
# --------------------------------------------------------------------------

_BULLET_RE = re.compile(r"(?:[•·▪‣◦●○■□►▸*+–—-]|\d{1,2}[.)])\s+")


def _headline(text: str) -> str:
    """A headline-like line near the top, else the first sentence, shortened."""
    for line in text.split("\n")[:DATELINE_LINES]:
        words = line.split()
        if (
            2 <= len(words) <= 30
            and len(line) <= 200
            and not line.endswith(".")
            and not _BULLET_RE.match(line)
            and not _first_dateline_date(line)
            and not re.match(r"(?i:by)(?:\s|[A-Z])", line)
        ):
            return line
    for _start, _end, sentence in split_sentences(text[:5000]):
        if len(sentence.split()) >= 3 and not _first_dateline_date(sentence):
            return _shorten(sentence, 120)
    return ""


def _shorten(value: str, limit: int) -> str:
    """``value`` on one line, cut at a word boundary with an ellipsis."""
    value = " ".join(value.split())
    if len(value) <= limit:
        return value
    return value[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


# --------------------------------------------------------------------------
# Publication date
# --------------------------------------------------------------------------

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
# English month names are capitalised; requiring that keeps "may" the verb out.
_MONTH = "(?:" + "|".join(
    alt for name in sorted(_MONTHS, key=len, reverse=True) for alt in (name.capitalize(), name.upper())
) + r")\.?"
_ORD = r"(?:st|nd|rd|th)?"
_DATE_PATTERNS = (
    ("mdy", re.compile(rf"\b(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}}){_ORD},?\s+(?P<year>\d{{4}})(?!\d)")),
    ("dmy", re.compile(rf"(?<!\d)(?P<day>\d{{1,2}}){_ORD}\s+(?P<month>{_MONTH}),?\s+(?P<year>\d{{4}})(?!\d)")),
    ("iso", re.compile(r"(?<![\d-])(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?!\d)")),
    ("num", re.compile(r"(?<![\d./])(?P<a>\d{1,2})(?P<sep>[./])(?P<b>\d{1,2})(?P=sep)(?P<year>\d{4})(?!\d)")),
    ("word", re.compile(r"(?<!\d)(?P<day>\d{1,2})\s+(?P<word>[^\W\d_]{3,12})\.?,?\s+(?P<year>\d{4})(?!\d)")),
)
_DATELINE_KEYWORD_RE = re.compile(
    r"\b(?:published|updated|posted|dated?|опубликовано|обновлено|дата)\b", re.IGNORECASE
)
_DATELINE_MAX_CHARS = 80


@dataclass(frozen=True)
class _Found:
    """A date read from a line: the date, the text it came from, notes."""

    day: date
    start: int
    end: int
    note: str = ""


def _date_article(path: Path, text: str, meta: dict[str, str]) -> tuple[date, str, str, int, str]:
    """(published, basis, reason, precision, outlet named by the dateline)."""
    if meta["published"]:
        reason = f"provided: sources.csv published {meta['published']}"
        return date.fromisoformat(meta["published"]), "provided", reason, 1, ""
    stated = _stated_date(text)
    if stated:
        return stated
    inferred = _inferred_date(text)
    if inferred:
        day, reason = inferred
        return day, "inferred", reason, 3, ""
    raise InputError(path, NO_DATE_REASON)


def _stated_date(text: str) -> tuple[date, str, str, int, str] | None:
    """The first plausible dateline in the first lines of the text."""
    fallback = None
    lines = [line for line in text.split("\n", 200)[:200] if line.strip()][:DATELINE_LINES]
    for number, line in enumerate(lines, start=1):
        line = line[:300]  # a dateline is short; never scan a whole one-line book
        if len(line) > _DATELINE_MAX_CHARS and not _DATELINE_KEYWORD_RE.search(line):
            continue
        found = _first_dateline_date(line)
        if not found:
            continue
        shown = _shorten(line, 80)
        reason = f"stated: dateline {shown!r} (line {number}){found.note}"
        result = (found.day, "stated", reason, 1, _dateline_outlet(line[: found.start]))
        if not found.note:
            return result
        fallback = fallback or result  # ambiguous day/month order: keep looking
    return fallback


def _first_dateline_date(line: str) -> _Found | None:
    """The earliest plausible full date (day, month, year) in one line."""
    best: _Found | None = None
    for kind, pattern in _DATE_PATTERNS:
        for match in pattern.finditer(line):
            found = _date_from_match(kind, match)
            if found and (best is None or found.start < best.start):
                best = found
                break
    return best


def _date_from_match(kind: str, match: re.Match) -> _Found | None:
    """Turn one regex match into a plausible date (None if it is not one)."""
    note = ""
    try:
        year = int(match["year"])
        if kind in ("mdy", "dmy"):
            month, day = _MONTHS[match["month"].rstrip(".").lower()], int(match["day"])
        elif kind == "iso":
            month, day = int(match["month"]), int(match["day"])
        elif kind == "num":
            a, b = int(match["a"]), int(match["b"])
            if a > 12 or match["sep"] == ".":
                day, month = a, b
            elif b > 12:
                month, day = a, b
            else:
                day, month = a, b
                note = " (day/month order ambiguous; read as day/month)"
        else:
            if match["word"].lower() in _MONTHS:
                return None  # covered by the English patterns
            found = _parse_foreign_date(match.group(0))
            if not found:
                return None
            year, month, day = found.year, found.month, found.day
        when = date(year, month, day)
    except (ValueError, KeyError):
        return None
    if not EARLIEST_PLAUSIBLE <= when <= date.today() + timedelta(days=1):
        return None
    return _Found(when, match.start(), match.end(), note)


def _parse_foreign_date(value: str) -> date | None:
    """'18 марта 2025' and the like, via dateparser (imported only when needed)."""
    try:
        import dateparser

        parsed = dateparser.parse(
            value, languages=["ru", "uk", "de", "fr", "es", "pl"], settings={"STRICT_PARSING": True}
        )
    except Exception:  # third-party parser on untrusted text: failure means "no date"
        return None
    return parsed.date() if parsed else None


def _dateline_outlet(prefix: str) -> str:
    """An outlet named right before the date ('Washington Post March 18, 2025').

    A comma before the date marks a place dateline ('KYIV, March 3, 2025').
    """
    if prefix.rstrip().endswith(","):
        return ""
    prefix = prefix.strip(" \t|-–—·•:")
    words = prefix.split()
    if not 1 <= len(words) <= 6 or any(ch.isdigit() for ch in prefix):
        return ""
    if _DATELINE_KEYWORD_RE.search(prefix) or words[0].lower() in ("by", "on", "in", "at"):
        return ""
    if not all(w[0].isupper() or w.lower() in ("of", "the", "and", "de", "la") for w in words):
        return ""
    return _clean_field(prefix)


# ---- inference from dated cues ------------------------------------------

_MENTION_RE = re.compile(
    rf"\b(?P<month>{_MONTH})\s+(?:\d{{1,2}}{_ORD},?\s+)?(?P<year>\d{{4}})(?!\d)"
    rf"|(?<!\d)\d{{1,2}}{_ORD}\s+(?P<month2>{_MONTH}),?\s+(?P<year2>\d{{4}})(?!\d)"
)
# A month after one of these words may lie ahead of the writer ("by May 2025").
_FUTURE_RE = re.compile(
    r"\b(?:will|would|shall|expected|expects?|plans?|planned|planning|scheduled|due|until|till|by|"
    r"next|upcoming|ahead|before|deadline|forecasts?|set to)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Cue:
    """One row of data/publication_cues.csv."""

    pattern: re.Pattern
    not_before: date | None
    not_after: date | None
    label: str
    source: str


def _inferred_date(text: str) -> tuple[date, str] | None:
    """(representative date, reason) from dated cues and past months, or None."""
    text = text[:INFERENCE_CHARS]
    hits = _cue_hits(text)
    floors = [cue.not_before for cue, _ in hits if cue.not_before]
    floor = max(floors) if floors else None
    # A later fact mentioned is a hard lower bound; an office title is a
    # softer upper bound (writers keep old titles), so drop ceilings that
    # contradict the floor rather than fail.
    ceilings = [cue.not_after for cue, _ in hits if cue.not_after and (floor is None or cue.not_after >= floor)]
    ceiling = min(ceilings) if ceilings else None
    month = _latest_past_month(text, ceiling)
    if month:
        floor = max(floor, month) if floor else month
    if floor is None:
        return None
    day, outcome = _representative_day(floor, ceiling, month)
    return day, _inference_reason(hits, month, outcome)


def _cue_hits(text: str) -> list[tuple[_Cue, str]]:
    """Each cue found in the text, with the text that matched it."""
    hits = []
    for cue in _load_cues(settings.DATA_DIR / CUES_CSV):
        match = cue.pattern.search(text)
        if match:
            hits.append((cue, " ".join(match.group(0).split())))
    return hits


def _latest_past_month(text: str, ceiling: date | None) -> date | None:
    """First day of the latest month the text mentions as past (not after ``ceiling``)."""
    today = date.today()
    latest = None
    for match in _MENTION_RE.finditer(text):
        name, year = match["month"] or match["month2"], int(match["year"] or match["year2"])
        first = date(year, _MONTHS[name.rstrip(".").lower()], 1) if 1 <= year <= 9999 else None
        if first is None or first < EARLIEST_PLAUSIBLE or first > today or (ceiling and first > ceiling):
            continue
        before = text[max(0, match.start() - 60) : match.start()]
        before = re.split(r"[.!?\n]\s", before)[-1]  # same sentence only
        if _FUTURE_RE.search(before):
            continue
        if latest is None or first > latest:
            latest = first
    return latest


def _representative_day(floor: date, ceiling: date | None, month: date | None) -> tuple[date, str]:
    """Mid-month of the month after the latest past month when the cues allow, else the floor."""
    if month:
        after = _add_month(month)
        mid = after.replace(day=15)
        end = _add_month(after) - timedelta(days=1)
        if end >= floor and (ceiling is None or after <= ceiling):
            day = max(floor, min(mid, ceiling or mid))
            return day, f"{after:%B %Y} ({day.isoformat()} stands for the month)"
        return floor, f"{floor.isoformat()}, the earliest date the cues allow (the month mentioned is older)"
    return floor, f"{floor.isoformat()}, the earliest date the cues allow"


def _add_month(first: date) -> date:
    """First day of the following month."""
    return date(first.year + first.month // 12, first.month % 12 + 1, 1)


def _inference_reason(hits: list[tuple[_Cue, str]], month: date | None, outcome: str) -> str:
    """Human reason: the cues with their windows, the past month, the result."""
    parts = []
    ordered = sorted(hits, key=lambda hit: hit[0].not_before or date.min, reverse=True)
    for cue, matched in ordered[:3]:  # the tightest lower bounds; the cue table has the labels
        window = f"{cue.not_before or ''}..{cue.not_after or ''}"
        if len(matched) > 60:  # keep both ends: a cue's key words may be at either
            matched = matched[:24].rstrip() + " … " + matched[-32:].lstrip()
        parts.append(f"{matched!r} ({window})")
    if month:
        parts.append(f"'{month:%B %Y}' mentioned as past")
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"inferred: {listed} -> {outcome}"


def _load_cues(path: Path) -> tuple[_Cue, ...]:
    """The cue table (cached per file version)."""
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        raise InputError(path, "publication cue table is missing") from None
    return _load_cues_cached(str(path), mtime)


@functools.lru_cache(maxsize=4)
def _load_cues_cached(path: str, _mtime: int) -> tuple[_Cue, ...]:
    cues = []
    with open(path, encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            try:
                cues.append(
                    _Cue(
                        pattern=re.compile(row["cue_regex"], re.IGNORECASE),
                        not_before=date.fromisoformat(row["not_before"]) if row["not_before"] else None,
                        not_after=date.fromisoformat(row["not_after"]) if row["not_after"] else None,
                        label=row["label"],
                        source=row["source"],
                    )
                )
            except (re.error, ValueError, KeyError, TypeError) as err:
                raise InputError(path, f"line {number}: bad cue row: {err}") from None
    return tuple(cues)


# --------------------------------------------------------------------------
# Sentences
# --------------------------------------------------------------------------

# Never end a sentence after these (with their period).
_ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "gen", "lt", "col", "maj", "capt", "sgt", "cpl", "pvt", "adm", "brig",
    "cmdr", "gov", "sen", "rep", "rev", "prof", "pres", "hon", "st", "mt", "ft", "jr", "sr", "messrs",
    "approx", "ca", "cf", "vs", "esp", "dept", "est", "lt.-gen", "maj.-gen",
    "г", "гг", "им", "ул", "обл", "пос", "тыс", "млн", "млрд", "ген", "св", "р", "ст",
})
# Not a sentence end when a number follows ("No. 5", "Jan. 2025").
_BEFORE_NUMBER = frozenset({"no", "nos", "vol", "art", "p", "pp", "fig", "ch", "sec", "para", *_MONTHS})
_SENTENCE_STARTERS = frozenset({
    "the", "a", "an", "in", "it", "he", "she", "they", "we", "i", "but", "and", "this", "that", "these",
    "those", "on", "at", "as", "after", "before", "however", "meanwhile", "there", "its", "his", "her",
    "their", "our", "when", "while", "if", "according", "despite", "since", "yet", "still",
})
_JOINER_WORDS = frozenset({
    "a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "from", "with", "without", "under",
    "over", "into", "onto", "as", "and", "or", "but", "nor", "that", "which", "who", "whom", "whose",
    "than", "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "its", "their",
    "his", "her", "our", "your", "this", "these", "those", "such", "about", "after", "before",
    "between", "during", "against", "across", "near", "per", "via", "if", "while", "when", "where",
    "whether", "not", "so", "very", "more", "most", "some", "any", "all", "each", "both", "will",
    "would", "can", "could", "should", "may", "might", "must", "also",
})
_OPENERS = "“‘\"'«([„"
_SENTENCE_OPENERS = "“‘\"'«(„"  # not "[": "able to … [make] it" goes on
_CLOSERS = "\"”’»')]"
_END_RE = re.compile(rf"(?:\.\.\.|[.!?…])+[{re.escape(_CLOSERS)}]*(?=\s)")
_LINE_END_RE = re.compile(rf"(?:[.!?…])[{re.escape(_CLOSERS)}]*$")
_INTERNAL_END_RE = re.compile(r"[a-z0-9)\]][.!?][\"”’]?\s")
_DOTTED_RE = re.compile(r"(?:\w\.)+\w")
_NON_SPACE_RE = re.compile(r"\S")
_CITY_DATELINE_RE = re.compile(  # "KYIV - ", "MOSCOW (Reuters) — "
    r"[A-ZА-ЯІЇЄ][A-ZА-ЯІЇЄ'’. ]{2,30}(?:,[\w .]{2,30})?\s*(?:\([^()]{1,40}\)\s*)?[-–—]\s"
)


def _segments(text: str) -> list[tuple[int, int]]:
    """Spans of text between hard breaks (paragraphs, bullets, headlines)."""
    lines = []
    pos = 0
    for line in text.split("\n"):
        lines.append((pos, pos + len(line)))
        pos += len(line) + 1
    short_limit = _short_line_limit([e - s for s, e in lines if e > s])
    segments: list[tuple[int, int]] = []
    seg_start = None
    prev, prev_end, prev_bullet = "", 0, False
    for start, end in lines:
        line = text[start:end]
        stripped = line.strip()
        if not stripped:
            if seg_start is not None:
                segments.append((seg_start, prev_end))
            seg_start, prev = None, ""
            continue
        lead = len(line) - len(line.lstrip())
        bullet = _BULLET_RE.match(stripped)
        if bullet and stripped[0] in "-–—" and prev and not _ends_block(prev, prev_bullet, short_limit):
            bullet = None  # a dash that wrapped onto a new line, not a list item
        prev_bullet = bool(bullet)
        content_start = start + lead + (bullet.end() if bullet else 0)
        if seg_start is not None and (bullet or _hard_break(prev, stripped, short_limit)):
            segments.append((seg_start, prev_end))
            seg_start = None
        if seg_start is None:
            seg_start = content_start
        prev, prev_end = stripped, end
    if seg_start is not None:
        segments.append((seg_start, prev_end))
    return segments


def _short_line_limit(lengths: list[int]) -> int:
    """Lines up to this length may be headlines; lower for hard-wrapped text."""
    if len(lengths) >= 8:
        ordered = sorted(lengths)
        p90 = ordered[int(len(ordered) * 0.9) - 1]
        near_width = sum(1 for n in lengths if n >= 0.75 * p90)
        if p90 <= 110 and near_width >= 0.5 * len(lengths):
            return int(0.6 * p90)  # wrapped at ~p90 columns: only clearly short lines
    return 150


def _ends_block(prev: str, prev_bullet: bool, short_limit: int) -> bool:
    """Can a list start after line ``prev``?"""
    return prev_bullet or prev[-1] in ".!?…:" + _CLOSERS or len(prev) <= short_limit


def _hard_break(prev: str, nxt: str, short_limit: int) -> bool:
    """Does the line break between ``prev`` and ``nxt`` end a sentence?"""
    if _LINE_END_RE.search(prev):
        token = prev.split()[-1].rstrip(_CLOSERS)
        return not _is_abbreviation(token[:-1] if token.endswith(".") else "", nxt)
    if prev.endswith(":") and nxt[:1].isupper():
        return True
    if _CITY_DATELINE_RE.match(nxt):
        return True  # "KYIV - A fresh supply ..." opens the story after a caption
    if prev[-1] in ",;(-–—/&" + _OPENERS or prev.split()[-1].lower() in _JOINER_WORDS:
        return False
    if nxt[:1].islower():
        return False
    if len(prev) <= short_limit and not _INTERNAL_END_RE.search(prev):
        return True  # a headline, dateline or byline on its own line
    return False


def _split_segment(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside one segment, split at sentence punctuation."""
    spans = []
    piece_start = start
    segment = text[start:end]
    for match in _END_RE.finditer(segment):
        # Look only at nearby characters: slicing to the segment's ends on
        # every full stop would be quadratic on a long paragraph.
        after = _NON_SPACE_RE.search(segment, match.end())
        if not after:
            continue
        rest = segment[after.start() : after.start() + 64]
        if not _starts_sentence(rest):
            continue
        mark = match.group(0).rstrip(_CLOSERS)
        if mark == ".":
            before = segment[max(0, match.start() - 40) : match.start()].split()
            token = before[-1] if before else ""
            if _is_abbreviation(token.lstrip(_OPENERS), rest):
                continue
        spans.append((piece_start, start + match.end()))
        piece_start = start + match.end()
    spans.append((piece_start, end))
    out = []
    for s, e in spans:
        piece = text[s:e]
        s2 = s + len(piece) - len(piece.lstrip())
        e2 = e - (len(piece) - len(piece.rstrip()))
        if e2 > s2:
            out.append((s2, e2))
    return out


def _starts_sentence(rest: str) -> bool:
    """Can the text after a full stop begin a new sentence?"""
    first = rest[0]
    return first.isupper() or first.isdigit() or first in _SENTENCE_OPENERS or bool(_BULLET_RE.match(rest))


def _is_abbreviation(token: str, rest: str) -> bool:
    """Is ``token`` + '.' an abbreviation or initial rather than a sentence end?"""
    if not token:
        return False
    word = token.lower()
    if len(token) == 1 and token.isalpha():
        return True  # an initial ("J. D. Vance") or "с." / "г."
    if word in _ABBREVIATIONS:
        return True
    if word in _BEFORE_NUMBER and rest[:1].isdigit():
        return True
    if _DOTTED_RE.fullmatch(token):
        if token.islower():
            return True  # "e.g.", "i.e."
        next_word = re.split(r"\W", rest, maxsplit=1)[0].lower()
        return next_word not in _SENTENCE_STARTERS  # "U.S. officials" vs "the U.S. The ..."
    return False
