"""Read the figures a sentence reports: deaths, injuries, prisoners, troops, areas.

Numbers may be digits ("1,263"), words ("two", "twenty-five", "three
hundred"), scaled ("12,000", "1.5 million"), ranges ("30-40", "between 30
and 40": the lower bound, as ACLED codes fatalities) or bounds ("at least
5", "more than 100": the stated number). Areas are converted to km² from
km², square miles and hectares; a share before the area ("about 10 percent
of the 500 square miles") is applied.

Rates ("200 a day") and years ("October 2024") are not figures. Figures past
a plausibility cap are misreadings and dropped. This module does not decide
whose area a figure is (``geo.claims`` does).
"""

from __future__ import annotations

import re
from functools import lru_cache

from geo.records import Figures

__all__ = ["NUMBER_WORD", "SQ_MI_TO_KM2", "area_km2", "area_parts", "area_ranges", "area_spans", "counts_action", "figures",
           "numbers_as_digits", "share_follows", "shares"]

SQ_MI_TO_KM2 = 2.589988  # 1 square mile in km² (exact to 6 figures)
HA_TO_KM2 = 0.01
MAX_PEOPLE = 10_000_000  # the whole war is far smaller: larger figures are misreadings
MAX_AREA_KM2 = 1_000_000
MAX_DAILY_TALLY = 5_000  # a day's bulletin counts at most a few thousand attacks; more is stock or output
SAME_FIGURE = 0.02  # two areas this close in one sentence are one figure in two units

_UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen".split())}
_TENS = {w: 10 * i for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()) if w != "_"}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000}
# A regex alternation of English number words ("two", "twenty", "a dozen", ...).
NUMBER_WORD = "|".join(sorted([*_UNITS, *_TENS, *_SCALES, "a dozen", "dozen"], key=len, reverse=True))
_WORD_NUMBER = re.compile(rf"\b(?:{NUMBER_WORD})(?:[\s-]+(?:and\s+)?(?:{NUMBER_WORD}))*\b", re.I)
_ANY_NUMBER = re.compile(rf"\d|\b(?:{NUMBER_WORD})\b", re.I)
_DIGIT = re.compile(r"\d")
_DIGIT_SCALE = re.compile(r"(\d+(?:\.\d+)?)\s+(million|thousand)\b", re.I)
_RANGE = re.compile(r"\bbetween\s+(\d[\d,]*)\s+and\s+\d[\d,]*|(\d[\d,]*)\s*(?:-|–|to)\s*\d[\d,]*(?=\s+[a-z])")

_NUMBER = r"(?<![\w.,^])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"  # not the tail of "1e308" or "10^400"
_PEOPLE = r"(?:troops|soldiers|fighters|servicemen|service members|personnel|men|people|civilians|residents|" \
          r"militants|mercenaries|marines|paratroopers)"
_FIGURE_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("casualties", re.compile(_NUMBER + r"\s+(?:[\w-]+\s+){0,8}?(?:killed or wounded|killed and wounded|"
                              r"dead or wounded|casualties|(?:have|had) been lost|were lost)", re.I)),
    ("casualties", re.compile(r"(?:killed or wounded|casualties|losses)[^.\d]{0,30}?" + _NUMBER, re.I)),
    # "Ukraine lost more than 300 troops": people lost are the side's losses, killed and wounded together
    ("casualties", re.compile(r"\b(?:lost|loses|lose|losing)\s+(?:[a-z]+\s+){0,2}?" + _NUMBER
                              + r"\s+(?:[\w-]+\s+){0,2}?" + _PEOPLE + r"\b", re.I)),
    ("fatalities", re.compile(r"(?:including|with)\s+" + _NUMBER + r"\s+(?:dead|killed)", re.I)),
    ("fatalities", re.compile(r"\b(?:killing|killed)\s+(?:at least\s+|some\s+|about\s+|more than\s+)?"
                              + _NUMBER + r"\b", re.I)),
    ("fatalities", re.compile(_NUMBER + r"\s+(?:[\w-]+\s+){0,3}?(?:were |have been |had been |was )?"
                              r"(?:killed|dead|died)\b(?! or)", re.I)),
    ("wounded", re.compile(r"\b(?:wounding|wounded|injuring|injured)\s+(?:at least\s+|some\s+|about\s+)?"
                           + _NUMBER + r"\b", re.I)),
    ("wounded", re.compile(_NUMBER + r"\s+(?:[\w-]+\s+){0,3}?(?:were |have been |had been |was )?"
                           r"(?:wounded|injured)\b", re.I)),
    ("prisoners", re.compile(r"\b(?:captured|taken prisoner|took prisoner|capturing)\s+(?:at least\s+|some\s+)?"
                             + _NUMBER + r"\s+(?:[\w-]+\s+){0,3}?" + _PEOPLE, re.I)),
    ("prisoners", re.compile(_NUMBER + r"\s+(?:[\w-]+\s+){0,3}?(?:prisoners|POWs|" + _PEOPLE +
                             r"\s+(?:were |had been |have been )?(?:captured|taken prisoner))", re.I)),
    ("troops", re.compile(_NUMBER + r"\s+(?:[\w-]+\s+){0,3}?(?:troops|soldiers|fighters|servicemen)", re.I)),
)
_COUNT_BEFORE = re.compile(rf"(\d[\d,]*|\b(?:{NUMBER_WORD}))\s+(?:more\s+|new\s+|[a-z]+-scale\s+)?$", re.I)
_RESTATED = re.compile(r",\s*or\s+(?:about\s+|some\s+|roughly\s+|nearly\s+|almost\s+)?$", re.I)
_RATE_AFTER = re.compile(r"\b(?:per day|a day|per year|annually|per month|a month|daily|each day|every day)\b", re.I)
_TIMES_AFTER = re.compile(rf"\b(?:\d[\d,]*|{NUMBER_WORD})\s+times\b", re.I)
_RATE = re.compile(r"^\s*(?:\w+\s+){0,2}?(?:per day|a day|per year|annually|per month|a month|daily)", re.I)
_FRACTIONS = {"half": 0.5, "a third": 1 / 3, "a quarter": 0.25, "two-thirds": 2 / 3, "two thirds": 2 / 3,
              "three-quarters": 0.75}
_FRACTION = "|".join(sorted(_FRACTIONS, key=len, reverse=True))
# "80 km²", "30 square miles", and the adjective "an 80-square-kilometre pocket"; "1,100 kilometres of
# territory" is an area written loosely (a length is never "of territory")
_AREA = re.compile(_NUMBER + r"\s*\+?\s*-?(square[- ]miles?|sq\.? ?mi|square[- ]kilomet(?:er|re)s?|square km|sq\.? ?km|"
                   r"km2|km²|kilomet(?:er|re)s? squared|hectares|ha\b|(?:kilomet(?:er|re)s?|km)(?= of (?:the )?territory))", re.I)
_AREA_RANGE = re.compile(r"(?:\bbetween\s+)?(\d[\d,]*(?:\.\d+)?)\s*(?:-|–|to|and)\s*(\d[\d,]*(?:\.\d+)?)\s*"
                         r"(square miles|sq\.? ?mi|square kilomet(?:er|re)s|square km|sq\.? ?km|km2|km²)", re.I)
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*(?:percent|per cent|%)", re.I)
_FRACTION_WORD = re.compile(rf"\b({_FRACTION})\b", re.I)
_PERCENT_OF = re.compile(r"(\d+(?:\.\d+)?)\s*(?:percent|per cent|%)\s+of\b", re.I)
_FRACTION_BEFORE = re.compile(rf"\b({_FRACTION})\s+of\s+(?:the\s+)?$", re.I)
_FRACTION_OF = re.compile(rf"\b({_FRACTION})\s+of\b", re.I)
# "controls 75% of", "holds about a third of": a share right after a word
_SHARE_AFTER = re.compile(r"\s+(?:(?:about|around|some|roughly|nearly|almost|over|more\s+than)\s+)?(?:"
                          + _PERCENT_OF.pattern + "|" + _FRACTION_OF.pattern + ")", re.I)


@lru_cache(maxsize=4096)  # figures, areas and shares all read the same sentence
def numbers_as_digits(sentence: str) -> str:
    """The sentence with number words, scales and ranges rewritten as plain digits.

    "killing two and wounding three" -> "killing 2 and wounding 3";
    "1.5 million" -> "1500000"; "30-40 soldiers" -> "30 soldiers".
    """
    if not _ANY_NUMBER.search(sentence):
        return sentence
    text = _WORD_NUMBER.sub(lambda m: _word_value(m.group(0)), sentence)
    text = _DIGIT_SCALE.sub(lambda m: str(int(float(m.group(1)) * _SCALES[m.group(2).lower()])), text)
    return _RANGE.sub(lambda m: m.group(1) or m.group(2), text)


def area_ranges(sentence: str) -> list[tuple[float, float]]:
    """(low, high) km² of each area given as a range ("900 to 1,300 square kilometers").

    ``numbers_as_digits`` keeps a range's low end, as counts of people go; an area's high end
    is a figure of its own that the report gives.
    """
    text = _DIGIT_SCALE.sub(lambda m: str(int(float(m.group(1)) * _SCALES[m.group(2).lower()])),
                            _WORD_NUMBER.sub(lambda m: _word_value(m.group(0)), sentence))
    out = []
    for match in _AREA_RANGE.finditer(text):
        low = _km2(_AREA.match(f"{match.group(1)} {match.group(3)}"))  # type: ignore[arg-type]
        high = _km2(_AREA.match(f"{match.group(2)} {match.group(3)}"))  # type: ignore[arg-type]
        if low is not None and high is not None and low < high:
            out.append((low, high))
    return out


def _word_value(words: str) -> str:
    total, current = 0, 0
    for word in re.split(r"[\s-]+", words.lower()):
        if word in ("and", "a"):
            continue
        if word == "dozen":
            current = (current or 1) * 12
        elif word in _UNITS:
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word == "hundred":
            current = (current or 1) * 100
        elif word in _SCALES:
            total += (current or 1) * _SCALES[word]
            current = 0
    value = total + current
    return str(value) if value else words  # "zero", lone scale words stay text


def figures(sentence: str) -> Figures:
    """Fatalities, casualties, wounded, prisoners, troops and area (km²) in ``sentence``."""
    text = numbers_as_digits(sentence)
    found: dict[str, int] = {}
    for name, pattern in _FIGURE_RULES if _DIGIT.search(text) else ():
        if name in found:
            continue
        for match in pattern.finditer(text):
            value = _to_number(match.group(1))
            if _RATE.match(text[match.end():]) or _is_year(match.group(1)) or value > MAX_PEOPLE:
                continue
            found[name] = _scaled(text, match.start(), value)
            break
    area, area_note = area_km2(sentence)
    troops = found.get("troops")
    if troops is not None and troops in (found.get("casualties"), found.get("prisoners"), found.get("fatalities"),
                                         found.get("wounded")):
        troops = None  # "200 soldiers killed" is a death toll, not a troop figure
    return Figures(fatalities=found.get("fatalities"), casualties=found.get("casualties"),
                   wounded=found.get("wounded"), prisoners=found.get("prisoners"), troops=troops,
                   area_km2=area, area_note=area_note)


def counts_action(sentence: str, start: int, end: int) -> bool:
    """Whether the action at ``start:end`` is counted: "34 airstrikes", "19 clashes", "shelled ... 370 times".

    A tally of the action itself is a specific report (a daily bulletin's),
    as good as a date or a death toll for telling an event from background.
    """
    if _RATE_AFTER.search(sentence, end, min(len(sentence), end + 40)):
        return False  # "28,000 artillery shells per day" is a rate of fire, not a bulletin's tally
    count = _COUNT_BEFORE.search(sentence[max(0, start - 30):start])
    if count is not None:
        value = numbers_as_digits(count.group(1)).replace(",", "")
        return value.isdigit() and int(value) <= MAX_DAILY_TALLY and not _is_year(value)
    return bool(_TIMES_AFTER.search(sentence, end, min(len(sentence), end + 80)))


def _is_year(number: str) -> bool:
    # "in October 2024" must not become 2,024 casualties.
    return len(number) == 4 and number.isdigit() and 1900 <= int(number) <= 2100


def _scaled(sentence: str, at: int, value: float) -> int:
    """Apply "half of the 12,000 …" style fractions just before a number."""
    match = _FRACTION_BEFORE.search(sentence[max(0, at - 30):at])
    share = _FRACTIONS[match.group(1).lower()] if match else 1.0
    return int(round(value * share))


def _to_number(text: str) -> float:
    digits = text.replace(",", "")
    return float(digits) if "." in digits else int(digits)  # ints stay exact


def area_km2(sentence: str) -> tuple[float | None, str]:
    """The area a sentence reports, in km², with how it was computed.

    "about 10 percent of the more than 500 square miles" gives
    0.10 × 500 mi² = 129.5 km²; "half of the 1000+ square kilometers" gives
    500 km². The base figure alone is returned when no share precedes it.
    """
    parts = area_parts(sentence)
    if parts is None:
        return None, ""
    share, base_km2, share_text, base_text = parts
    if share is None:
        return round(base_km2, 1), base_text
    return round(base_km2 * share, 1), f"{share_text} of {base_text}"


def area_spans(sentence: str) -> list[tuple[int, int, float]]:
    """(start, end, km²) of every distinct area figure in ``numbers_as_digits(sentence)``.

    A conversion of the same figure ("1,000 km² (386 square miles)") is not
    another one.
    """
    text, out = numbers_as_digits(sentence), []
    for match in _AREA.finditer(text):
        km2 = _km2(match)
        if km2 is None:
            continue
        if out and abs(out[-1][2] - km2) <= SAME_FIGURE * km2:
            out[-1] = (out[-1][0], match.end(), out[-1][2])  # the conversion belongs to the figure before it
            continue
        out.append((match.start(), match.end(), km2))
    return out


def _km2(match: re.Match[str]) -> float | None:
    value, unit = _to_number(match.group(1)), match.group(2).lower()
    km2 = value * SQ_MI_TO_KM2 if "mi" in unit else value * HA_TO_KM2 if unit.startswith(("hectare", "ha")) else value
    return None if km2 > MAX_AREA_KM2 else km2


def area_parts(sentence: str) -> tuple[float | None, float, str, str] | None:
    """(share, base km², share words, base words) of the first area figure, or None."""
    sentence = numbers_as_digits(sentence)
    match = _AREA.search(sentence)
    if match is None:
        return None
    km2 = _km2(match)
    if km2 is None:
        return None
    base_text = f"{match.group(0).strip()} = {km2:,.0f} km²"
    if _RESTATED.search(sentence, 0, match.start()):
        return None, km2, "", base_text  # "63.2% of the area ..., or 801 km²": the share restated in km²
    share, share_text = _share_before(sentence[: match.start()])
    return share, km2, share_text, base_text


def shares(sentence: str) -> list[tuple[float, str, int]]:
    """Every share the sentence gives ("40 %", "more than half"): (fraction, words, end offset in the digit text)."""
    text = numbers_as_digits(sentence)
    found = [(float(m.group(1)) / 100, m.group(0), m.end()) for m in _PERCENT.finditer(text)]
    found += [(_FRACTIONS[m.group(1).lower()], m.group(1), m.end()) for m in _FRACTION_WORD.finditer(text)]
    return sorted(found, key=lambda s: s[2])


def _share_before(text: str) -> tuple[float | None, str]:
    window = text[-80:]
    percent = list(_PERCENT_OF.finditer(window))
    if percent:
        return float(percent[-1].group(1)) / 100, percent[-1].group(0)[:-3].strip()
    fraction = list(_FRACTION_OF.finditer(window))
    if fraction:
        return _FRACTIONS[fraction[-1].group(1).lower()], fraction[-1].group(1)
    return None, ""


def share_follows(text: str, at: int) -> bool:
    """Whether a share of something comes right after offset ``at`` ("controls 75% of the Donetsk region",
    "holds about a third of it"): what follows is an area's share, not a place taken."""
    return _SHARE_AFTER.match(text, at) is not None
