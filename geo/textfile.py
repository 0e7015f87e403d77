"""Turn the untrusted bytes of an article file into clean text.

Given bytes already read from a file, this module

- refuses empty and binary input (NUL bytes, too many control bytes) and
  input whose encoding cannot be told reliably, with a clear reason;
- decodes UTF-8 (BOM allowed), UTF-16/32 with a BOM, a charset an HTML page
  declares, or a legacy encoding such as cp1251 only when
  ``charset-normalizer`` is sure;
- strips HTML with the stdlib parser (scripts, styles and the head dropped,
  block elements turned into line breaks, entities unescaped);
- normalises newlines, spaces, control characters and Unicode form, and
  cleans one-line fields (titles, outlets).

Its functions are pure: they take bytes or str and return str, raising
``InputError`` that names the file. It must NOT open or list files, check
file sizes (``geo.sources`` does, before reading), date articles, split
sentences, or escape text for HTML (that happens at render time).
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

from geo.errors import InputError

__all__ = ["MAX_FIELD_CHARS", "clean_field", "decode_article", "shorten"]

MAX_FIELD_CHARS = 300  # titles and outlets longer than this are cut

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


def decode_article(path: Path, raw: bytes) -> tuple[str, str]:
    """Clean text and HTML title of an article file's bytes.

    Parameters
    ----------
    path : Path
        The file the bytes came from: its suffix marks HTML (a ``.txt``
        holding an HTML page is stripped too) and errors name it. It is not
        opened.
    raw : bytes
        The file's content.

    Returns
    -------
    tuple[str, str]
        The clean text and the page's ``<title>`` ('' for plain text).

    Raises
    ------
    InputError
        If the bytes are empty, binary, undecodable, unparsable HTML or
        have no visible text.
    """
    if not raw:
        raise InputError(path, "empty file (0 bytes)")
    text = _decode_bytes(path, raw)
    if not text.strip():
        raise InputError(path, "empty file (only whitespace)")
    title = ""
    if path.suffix.lower() in (".html", ".htm") or _looks_like_html(text):
        # Plain text with stray tags (no page structure) keeps its line breaks:
        # they separate its datelines, headlines and paragraphs.
        is_page = path.suffix.lower() in (".html", ".htm") or bool(_HTML_SIGNS_RE.search(text[:4096]))
        text, title = _strip_html(path, text, keep_newlines=not is_page)
    text = _clean_text(text)
    if not text:
        raise InputError(path, "no readable text (the page has no visible text)")
    return text, clean_field(title)


def clean_field(value: str) -> str:
    """One-line text field: control characters removed, spaces collapsed.

    Parameters
    ----------
    value : str
        Untrusted text such as a title or outlet name.

    Returns
    -------
    str
        The text on one line, cut to ``MAX_FIELD_CHARS`` with an ellipsis.
    """
    value = _CONTROL_RE.sub("", value or "")
    value = " ".join(value.split())
    if len(value) > MAX_FIELD_CHARS:
        value = value[: MAX_FIELD_CHARS - 1].rstrip() + "…"
    return value


def shorten(value: str, limit: int) -> str:
    """``value`` on one line, cut at a word boundary with an ellipsis.

    Parameters
    ----------
    value : str
        Any text.
    limit : int
        Most characters kept before the ellipsis.

    Returns
    -------
    str
        ``value`` with whitespace collapsed, shortened when longer than ``limit``.
    """
    value = " ".join(value.split())
    if len(value) <= limit:
        return value
    return value[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


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

    def __init__(self, *, keep_newlines: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.keep_newlines = keep_newlines
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
            # Outside <pre>, source line breaks in an HTML page are just spaces.
            keep = self._pre_depth or self.keep_newlines
            self.parts.append(data if keep else re.sub(r"\s+", " ", data))


def _strip_html(path: Path, text: str, *, keep_newlines: bool = False) -> tuple[str, str]:
    """(visible text, <title>) of an HTML page."""
    parser = _TextExtractor(keep_newlines=keep_newlines)
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
