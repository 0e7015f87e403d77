"""Split clean article text into sentences with character offsets.

``split_sentences`` returns ``(start, end, sentence)`` spans over the text it
is given, so later stages (toponyms, events) can point back into the article.
Paragraphs, bullet lines, headlines and datelines on their own line end a
sentence; abbreviations, initials and decimal numbers do not.

It must NOT read files, clean or decode text (``geo.textfile`` does that),
date articles, or change the text: every span is a slice of the input.
"""

from __future__ import annotations

import re

from geo.pubdate import MONTHS

__all__ = ["BULLET_RE", "split_sentences"]

# A list marker at the start of a line ("• ", "- ", "1. ", "2) ").
BULLET_RE = re.compile(r"(?:[•·▪‣◦●○■□►▸*+–—-]|\d{1,2}[.)])\s+")

# Never end a sentence after these (with their period).
_ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "gen", "lt", "col", "maj", "capt", "sgt", "cpl", "pvt", "adm", "brig",
    "cmdr", "gov", "sen", "rep", "rev", "prof", "pres", "hon", "st", "mt", "ft", "jr", "sr", "messrs",
    "approx", "ca", "cf", "vs", "esp", "dept", "est", "lt.-gen", "maj.-gen",
    "г", "гг", "им", "ул", "обл", "пос", "тыс", "млн", "млрд", "ген", "св", "р", "ст",
})
# Not a sentence end when a number follows ("No. 5", "Jan. 2025").
_BEFORE_NUMBER = frozenset({"no", "nos", "vol", "art", "p", "pp", "fig", "ch", "sec", "para", *MONTHS})
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
        bullet = BULLET_RE.match(stripped)
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
    # "[A hromada is ... – ed.]" after a full stop is an editor's note of its own; "[make]" inside a quote is not
    bracketed = first == "[" and rest[1:2].isupper()
    return first.isupper() or first.isdigit() or first in _SENTENCE_OPENERS or bracketed or bool(BULLET_RE.match(rest))


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
