"""Tell reporting from the page around it: headlines, captions, bylines, furniture.

A sentence of these kinds is never an event, whatever words it holds:

- ``headline``: a line of its own with no closing punctuation (headlines,
  section labels, titles of related stories);
- ``caption``: a photo caption ("Photo: ...", a credit in parentheses such as
  "(Reuters)" or "(Name/Agency)" at the end), and the text a credit follows
  on its line ("Aftermath of an attack in Sumy Oblast. Photo: ...": ``credit_follows``);
- ``byline``: "By Name", "Reporting by ...", "Editing by ...";
- ``furniture``: "Read more", "Subscribe", "Follow us", "Share", "Advertisement";
- ``question``: a sentence ending in a question mark.

``is_source_line`` tells a page's source line ("Source: Sumy Oblast Military
Administration"), which names whom the report that follows comes from, and
``opens_recap`` the label that ends it ("Background:", "Earlier:").

``dateline`` finds the "MOSCOW (Reuters) -" or "KYIV, March 9 (AFP) -" prefix
of a sentence: its city is where the report was filed, never where an event
happened, and it never makes the sentence a claim.

This module only classifies spans of text; it does not find events.
"""

from __future__ import annotations

import re

from geo import lexicon

__all__ = ["credit_follows", "dateline_end", "is_source_line", "opens_recap", "page_kind"]

_SOURCE_LINE = re.compile(r"^\W*sources?\s*:\s*\S", re.I)
_CAPTION_START = re.compile(r"^\W*(?:photo|image|picture|pictured|caption|file photo|video|illustration|"
                            r"photograph|screenshot|map|graphic|chart|infographic)\b\s*[:.,-]", re.I)
_CREDIT_END = re.compile(r"\((?:[^()]{0,80}/[^()]{1,60}|reuters|afp|ap|getty images|epa|tass|ria novosti|"
                         r"anadolu|file|handout)\)\s*\.?\s*$", re.I)
# A byline is names and their joints ("By Anna Smith and Jo Lee in Kyiv"); any other lower-case word
# ("By DeepState's reckoning some 44 ...", "By Sunday troops had ...") makes it running text.
_BYLINE_JOINTS = frozenset("by reporting writing editing additional compiled and in for of the with at from staff "
                           "correspondent correspondents reporter reporters news desk team agency agencies".split())
_RUNNING_WORD = re.compile(r"\b(?!(?:" + "|".join(sorted(_BYLINE_JOINTS)) + r")\b)[a-z][a-z’'-]*\b")
_BYLINE = re.compile(r"^\W*(?:by|reporting by|writing by|editing by|additional reporting by|compiled by)\s+[A-Z]", re.I)
_FURNITURE = re.compile(
    r"^\W*(?:read more|read also|also read|see also|related|subscribe|sign up|follow us|share this|share on|"
    r"advertisement|click here|watch|listen|support our|donate|newsletter|all rights reserved|copyright|©)\b",
    re.I,
)
_CLOSING = re.compile(r"[.!…:;\"”’»)]\s*$")
DATELINE = re.compile(
    r"^\s*[A-ZА-ЯІЇЄ][A-ZА-ЯІЇЄ'’. ]{2,30}"                     # MOSCOW, KYIV, NEW YORK
    r"(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?)?"            # , March 9
    r"(?:\s*(?:\([^()]{1,40}\)\s*)?[-–—:]\s"                            # (Reuters) -
    r"|\.?\s*/[A-Z][A-Za-z-]{1,12}/\.?\s)",                               # . /TASS/.
)


def page_kind(sentence: str, *, whole_line: bool) -> str:
    """The kind of page furniture ``sentence`` is, or '' for reporting.

    Parameters
    ----------
    sentence : str
        One sentence.
    whole_line : bool
        True when the sentence is a line of its own in the article (a
        headline has no closing punctuation; running text wraps in lines
        that end with it).
    """
    text = sentence.strip()
    if not text:
        return "furniture"
    if _FURNITURE.match(text):
        return "furniture"
    if _BYLINE.match(text) and len(text.split()) <= 12 and not _RUNNING_WORD.search(text):
        return "byline"
    if _CAPTION_START.match(text) or _CREDIT_END.search(text):
        return "caption"
    if text.endswith("?") or text.endswith("?\"") or text.endswith("?”"):
        return "question"
    if whole_line and not _CLOSING.search(text):
        return "headline"
    return ""


def credit_follows(text: str, end: int) -> bool:
    """Whether the rest of the line after ``text[:end]`` is a photo credit ("Photo: Sumy Oblast Military
    Administration"): the sentence before it on that line is the photo's caption, not reporting."""
    line_end = text.find("\n", end)
    rest = text[end:line_end if line_end >= 0 else len(text)].strip()
    return bool(rest) and _CAPTION_START.match(rest) is not None


# A paragraph label some outlets put before running text ("Details: Syrskyi said ...", "Quote: ...")
_LABEL = re.compile(r"^\s*(?:Details|Quote|Update|Updated|Recap)\s*:\s+(?=\S)")


def dateline_end(sentence: str) -> int:
    """Length of the sentence's dateline prefix ("MOSCOW (Reuters) - ") or paragraph label ("Details: "), 0 if none."""
    label = _LABEL.match(sentence)
    if label is not None:
        return label.end()
    match = DATELINE.match(sentence)
    return match.end() if match else 0


def is_source_line(sentence: str) -> bool:
    """Whether the sentence is a page's source line ("Source: DeepState", "Source: Sumy Oblast Military
    Administration on Telegram"), as Ukrainian outlets open a report they retell in their own words."""
    return _SOURCE_LINE.match(sentence) is not None


def opens_recap(sentence: str) -> bool:
    """Whether the sentence opens with a recap label ("Background: ...", "Earlier: ...",
    ``data/lexicon/recap_labels.csv``): the page's own background follows."""
    return lexicon.recap_labels().match(sentence) is not None
