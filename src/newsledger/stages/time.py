"""The time stage: temporal expressions normalized to ISO 8601 relative to the article
date, and each event given the date the text gives it.

Candidates are spaCy's DATE and TIME entities plus what spaCy misses (weekdays, month-day
dates, clock times, years after a preposition); a clock time, its zone and its date are
one expression ("noon Damascus time on July 9"). Values (see ``data/time.yaml`` for the
conventions and the lexicon):

- absolute dates are read by dateparser (cached per text; a missing year is the one that
  puts the date closest to the article date);
- what depends on the article date is computed here: "today", "yesterday", "last year",
  "two days ago", and weekdays, which dateparser resolves without regard to tense:
  "Friday" in past-tense copy is the latest Friday on or before the article date, in
  future copy ("will meet on Tuesday", "is set to take effect Sunday") the next one;
- a zone named by a city or country ("Damascus time") resolves through the place
  gazetteer (GeoNames cities carry their IANA zone) and zoneinfo, at that date;
- durations are ISO 8601 durations ("more than two hours" = PT2H); vague ones ("for
  days") are durations with no value.

Without an article date, expressions that need one keep value None, with one warning.
"""

from __future__ import annotations

import datetime
import re
import zoneinfo
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Optional

import yaml

from newsledger.document import Document, TimeExpr
from newsledger.settings import Settings
from newsledger.stage import stage
from newsledger.knowledge.gazetteer import gazetteer
from newsledger.knowledge.lexicon import read_text

TIME_LABELS = ("DATE", "TIME")


@dataclass
class TimeLexicon:
    numbers: dict[str, float]
    units: dict[str, dict[str, Any]]
    approximations: list[str]  # longest first
    vague_amounts: list[str]
    relative_days: dict[str, int]
    period_qualifiers: list[str]
    clock_words: dict[str, str]
    zone_abbreviations: dict[str, str]
    zone_names: dict[str, str]
    future_cues: frozenset[str]
    step_words: dict[str, int]
    future_words: frozenset[str]
    past_words: frozenset[str]
    weekdays: list[str]
    months: dict[str, int]  # name or abbreviation -> 1..12
    set_words: dict[str, str]
    # Compiled from the above.
    number_re: str = ""
    unit_re: str = ""
    qualifier_re: Optional[re.Pattern[str]] = None
    month_re: Optional[re.Pattern[str]] = None
    clock_re: Optional[re.Pattern[str]] = None
    zone_re: Optional[re.Pattern[str]] = None


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def lexicon() -> TimeLexicon:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(read_text("time.yaml"), Loader=loader)
    steps = {str(k).lower(): int(v) for k, v in data["step_words"].items()}
    lex = TimeLexicon(
        numbers={str(k).lower(): float(v) for k, v in data["numbers"].items()},
        units={str(k).lower(): dict(v) for k, v in data["units"].items()},
        approximations=sorted((str(w).lower() for w in data["approximations"]), key=len, reverse=True),
        vague_amounts=sorted((str(w).lower() for w in data["vague_amounts"]), key=len, reverse=True),
        relative_days={str(k).lower(): int(v) for k, v in data["relative_days"].items()},
        period_qualifiers=[str(w).lower() for w in data["period_qualifiers"]],
        clock_words={str(k).lower(): str(v) for k, v in data["clock_words"].items()},
        zone_abbreviations={str(k): str(v) for k, v in data["zone_abbreviations"].items()},
        zone_names={str(k).lower(): str(v) for k, v in data["zone_names"].items()},
        future_cues=frozenset(str(w).lower() for w in data["future_cues"]),
        step_words=steps,
        future_words=frozenset(w for w, step in steps.items() if step > 0),
        past_words=frozenset(w for w, step in steps.items() if step < 0),
        weekdays=[str(w).lower() for w in data["weekdays"]],
        months={str(k).lower(): int(v) for k, v in data["months"].items()},
        set_words={str(k).lower(): str(v) for k, v in data["set_words"].items()},
    )
    words = [w for w in lex.numbers if " " not in w]
    lex.number_re = r"(?:\d+(?:\.\d+)?|(?:" + _alternation(list(lex.numbers)) + r")(?:[- ](?:" + _alternation(words) + r"))*(?: and a half)?)"
    lex.unit_re = r"(?:" + _alternation(list(lex.units)) + r")"
    lex.qualifier_re = re.compile(r"(?<![\w-])(?:" + _alternation(lex.period_qualifiers) + r")(?:-|\s+|$)")
    lex.month_re = re.compile(r"(?i)\b(?:" + _alternation(lex.months) + r")\b\.?")
    lex.clock_re = re.compile(
        r"(?i)(?<![\w:])(?:(?P<h>\d{1,2})(?::(?P<m>\d{2}))?\s*(?P<ampm>[ap])\.?\s?m\b\.?"
        r"|(?P<h24>[01]?\d|2[0-3]):(?P<m24>[0-5]\d)(?!\d)"
        r"|(?P<mil>[01]\d|2[0-3])(?P<milm>[0-5]\d)(?=\s*(?:GMT|UTC|hours|hrs)\b)"
        r"|(?P<word>" + _alternation(list(lex.clock_words)) + r"))"
    )
    abbreviations = _alternation(list(lex.zone_abbreviations))
    lex.zone_re = re.compile(
        r"\s*\(?\s*(?:(?P<abbr>" + abbreviations + r")\b|(?P<name>(?:[A-Z][\w.'’-]*\s+){1,2})time\b|(?P<local>local time\b))\)?"
    )
    return lex


# --------------------------------------------------------------------------- values


@dataclass
class Value:
    value: Optional[str]
    kind: str
    needs_anchor: bool = False  # depends on the article date
    granularity: str = "day"  # year | month | week | day | time | none


def _number(text: str, lex: TimeLexicon) -> Optional[float]:
    text = text.strip().lower()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        pass
    half = 0.0
    if text.endswith(" and a half"):
        text, half = text[: -len(" and a half")], 0.5
    if text in lex.numbers:
        return lex.numbers[text] + half
    total = 0.0
    for part in re.split(r"[- ]", text):
        if part not in lex.numbers:
            return None
        n = lex.numbers[part]
        total = total * n if n == 100 and total else total + n
    return total + half


def _duration(amount: float, unit: str, lex: TimeLexicon) -> str:
    spec = lex.units[unit]
    amount *= float(spec.get("times", 1))
    designator = spec["designator"]
    if designator == "W" and amount != int(amount):
        amount, designator = amount * 7, "D"
    number = str(int(amount)) if amount == int(amount) else f"{amount:g}"
    return f"PT{number}{designator}" if spec.get("clock") else f"P{number}{designator}"


def _strip_prefixes(text: str, words: list[str]) -> tuple[str, bool]:
    stripped = False
    changed = True
    while changed:
        changed = False
        for w in words:
            if text.startswith(w + " "):
                text, stripped, changed = text[len(w) + 1 :], True, True
                break
    return text, stripped


def _as_duration(text: str, lex: TimeLexicon) -> Optional[Value]:
    """ "more than two hours" -> PT2H, "the half-hour" -> PT30M, "a three-day visit"'s
    "three-day" -> P3D, "for days" -> duration without value; None if not a duration."""
    body, approximated = _strip_prefixes(text, lex.approximations)
    body, vague = _strip_prefixes(body, lex.vague_amounts)
    m = re.fullmatch(r"(?P<num>" + lex.number_re + r")?[\s-]*(?P<unit>" + lex.unit_re + r")s?(?:'s)?(?:\s+long)?", body)
    if not m:
        return None
    unit = m.group("unit")
    plural = body.rstrip().endswith("s") and not unit.endswith("s")
    if m.group("num"):
        amount = _number(m.group("num"), lex)
        if amount is None:
            return None
        return Value(_duration(amount, unit, lex), "duration", granularity="none")
    if vague or plural:
        return Value(None, "duration", granularity="none")  # "days", "several weeks"
    if "implicit" in lex.units[unit] or approximated and not text.startswith("the ") or text.startswith(("the past ", "the last ", "the next ")):
        return Value(_duration(float(lex.units[unit].get("implicit", 1)), unit, lex), "duration", granularity="none")
    return None


def _iso_week(day: datetime.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _shift_months(day: datetime.date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def _format(day: datetime.date, granularity: str) -> str:
    if granularity == "year":
        return f"{day.year:04d}"
    if granularity == "month":
        return f"{day.year:04d}-{day.month:02d}"
    if granularity == "week":
        return _iso_week(day)
    return day.isoformat()


def _weekday(anchor: datetime.date, weekday: int, direction: str, strict: bool) -> datetime.date:
    if direction == "future":
        delta = (weekday - anchor.weekday()) % 7
        if delta == 0 and strict:
            delta = 7
        return anchor + datetime.timedelta(days=delta)
    delta = (anchor.weekday() - weekday) % 7
    if delta == 0 and strict:
        delta = 7
    return anchor - datetime.timedelta(days=delta)


def _strip_qualifiers(text: str, lex: TimeLexicon) -> str:
    assert lex.qualifier_re is not None
    text = lex.qualifier_re.sub(" ", text)
    return re.sub(r"\s+", " ", text).strip(" ,-")


@lru_cache(maxsize=4096)
def _dateparser(text: str) -> Optional[tuple[int, int, int, str, bool]]:
    """(year, month, day, period, year given) for an absolute date, read by dateparser
    against a fixed base so that the result can be cached across articles."""
    common = _common_date(text)
    if common is not None:
        return common
    parsed = _date_parser().get_date_data(text)
    if parsed is None or parsed.date_obj is None:
        return None
    d = parsed.date_obj
    year_given = bool(re.search(r"\b\d{4}\b|'\d{2}\b", text))
    return d.year, d.month, d.day, parsed.period or "day", year_given


def _common_date(text: str) -> Optional[tuple[int, int, int, str, bool]]:
    """``_dateparser``'s answer for the commonest forms ("8 july 2017", "july 8, 2017",
    "july 8", "july 2017", "july"), without dateparser: its first parse builds its time-zone
    and locale regexes, a quarter of a second of a cold ``newsledger analyze``. Each form
    was checked against dateparser's own reading under the settings below (21,000 dates);
    anything else, an impossible day included, is left to it."""
    lex = lexicon()
    if text in lex.months:
        return 2000, lex.months[text], 1, "month", False
    found = _common_date_pattern(tuple(lex.months)).fullmatch(text)
    if found is None:
        return None
    if found["month_year"]:
        year, month, day, period = int(found["year_only"]), lex.months[found["month_year"]], 1, "month"
    else:
        month = lex.months[found["month"] or found["month_before"]]
        day = int(found["day"] or found["day_after"])
        year, period = (int(found["year"]) if found["year"] else 2000), "day"
    try:
        datetime.date(year, month, day)
    except ValueError:
        return None
    return year, month, day, period, bool(found["year"] or found["year_only"])


@lru_cache(maxsize=4)
def _common_date_pattern(months: tuple[str, ...]) -> re.Pattern[str]:
    names = _alternation(months)
    return re.compile(
        rf"(?:(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<month>{names})\.?"
        rf"|(?P<month_before>{names})\.?\s+(?P<day_after>\d{{1,2}})(?:st|nd|rd|th)?)(?:,?\s+(?P<year>\d{{4}}))?"
        rf"|(?P<month_year>{names})\.?,?\s+(?P<year_only>\d{{4}})"
    )


@lru_cache(maxsize=1)
def _date_parser() -> Any:
    from dateparser.date import DateDataParser

    return DateDataParser(
        languages=["en"],
        settings={
            "RELATIVE_BASE": datetime.datetime(2000, 1, 1),
            "PREFER_DAY_OF_MONTH": "first",
            "STRICT_PARSING": False,
            "REQUIRE_PARTS": [],
            "PARSERS": ["absolute-time", "custom-formats"],
        },
    )


def _closest_year(month: int, day: int, anchor: datetime.date, direction: Optional[str]) -> int:
    best = None
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            candidate = datetime.date(year, month, day)
        except ValueError:
            continue
        gap = abs((candidate - anchor).days)
        if direction == "future" and candidate < anchor:
            gap += 60  # a future-tense date a little before the article date is last year's only if far
        if best is None or gap < best[0]:
            best = (gap, year)
    return best[1] if best else anchor.year


def normalize_date(text: str, anchor: Optional[datetime.date], direction: str = "past") -> Optional[Value]:
    """The value of a date expression without a clock time. ``direction`` is the tense
    of its clause: "past" or "future"."""
    lex = lexicon()
    t = text.lower().replace("’", "'").strip(" ,.")
    t = re.sub(r"'s$", "", t)
    t = re.sub(r"^(?:on|in|at|by|since|until|till|from|during|of)\s+", "", t)

    for word, period in lex.set_words.items():
        if t == word:
            return Value(period, "set", granularity="none")
    m = re.fullmatch(r"(?:every|each)\s+(?P<num>" + lex.number_re + r")\s+(?P<unit>" + lex.unit_re + r")s?", t)
    if m and (amount := _number(m.group("num"), lex)) is not None:
        return Value(_duration(amount, m.group("unit"), lex), "set", granularity="none")

    duration = _as_duration(t, lex)
    if duration is not None:
        return duration

    # "two days ago", "three years from now"
    m = re.fullmatch(r"(?P<num>" + lex.number_re + r")\s+(?P<unit>" + lex.unit_re + r")s?\s+(?P<dir>ago|from now|hence)", t)
    if m:
        amount = _number(m.group("num"), lex)
        unit = m.group("unit")
        if amount is None or anchor is None:
            return Value(None, "relative", needs_anchor=True)
        sign = -1 if m.group("dir") == "ago" else 1
        return _offset(anchor, sign * amount, unit, lex)

    t = re.sub(r"^(?:the\s+)?", "", t)
    bare = _strip_qualifiers(t, lex)
    if bare in lex.relative_days or t in lex.relative_days:
        offset = lex.relative_days.get(t, lex.relative_days.get(bare, 0))
        if anchor is None:
            return Value(None, "relative", needs_anchor=True)
        return Value((anchor + datetime.timedelta(days=offset)).isoformat(), "relative", needs_anchor=True)

    words = bare.split()
    # "last year", "this month", "next week", "last Friday", "last July"
    if len(words) == 2 and words[0] in lex.step_words:
        which, what = words
        if anchor is None:
            return Value(None, "relative", needs_anchor=True)
        step = lex.step_words[which]
        if what == "year":
            return Value(f"{anchor.year + step:04d}", "relative", True, "year")
        if what == "month":
            y, mo = _shift_months(anchor, step)
            return Value(f"{y:04d}-{mo:02d}", "relative", True, "month")
        if what in ("week", "weekend"):
            return Value(_iso_week(anchor + datetime.timedelta(weeks=step)), "relative", True, "week")
        if what == "decade":
            decade = anchor.year // 10 + step
            return Value(f"{decade:03d}X", "relative", True, "year")
        if what in lex.weekdays:
            direction_ = "future" if step > 0 else "past" if step < 0 else direction
            day = _weekday(anchor, lex.weekdays.index(what), direction_, strict=step != 0)
            return Value(day.isoformat(), "relative", True, "day")
        month = _month_number(what, lex)
        if month is not None:
            year = anchor.year + (step if step else 0)
            if step < 0 and month < anchor.month:
                year = anchor.year
            if step > 0 and month > anchor.month:
                year = anchor.year
            return Value(f"{year:04d}-{month:02d}", "relative", True, "month")
        return None

    # A weekday: "Friday", "Friday morning", "Thursday night".
    if len(words) == 1 and words[0] in lex.weekdays:
        if anchor is None:
            return Value(None, "relative", needs_anchor=True)
        day = _weekday(anchor, lex.weekdays.index(words[0]), direction, strict=direction == "future")
        return Value(day.isoformat(), "relative", True, "day")

    # Years and decades: "1944", "the year 2016", "mid-2016", "the 1990s", "the '90s".
    m = re.fullmatch(r"(?:the\s+)?(?:year\s+)?(\d{4})(?:\s*(?:ad|ce))?", bare)
    if m:
        return Value(m.group(1), "date", granularity="year")
    m = re.fullmatch(r"(?:the\s+)?(?:early|mid|late)?-?(\d{3})0'?s", bare)
    if m:
        return Value(f"{m.group(1)}X", "date", granularity="year")

    # Absolute dates, by dateparser; only text that names a month or a numeric date.
    assert lex.month_re is not None
    if lex.month_re.search(bare) or re.search(r"\b\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}\b", bare):
        parsed = _dateparser(bare)
        if parsed is None:
            return None
        year, month, day, period, year_given = parsed
        granularity = {"day": "day", "month": "month", "year": "year", "week": "week", "time": "day"}.get(period, "day")
        if not year_given:
            if anchor is None:
                return Value(None, "date", needs_anchor=True)
            if granularity == "day":
                year = _closest_year(month, day, anchor, direction)
            elif direction == "future":  # "in January", said in July: next January
                year = anchor.year + (month < anchor.month)
            else:  # "since January": the latest January
                year = anchor.year - (month > anchor.month)
        try:
            value = datetime.date(year, month, day)
        except ValueError:
            return None
        return Value(_format(value, granularity), "date", needs_anchor=not year_given, granularity=granularity)
    return None


def _month_number(word: str, lex: TimeLexicon) -> Optional[int]:
    return lex.months.get(word)


def _offset(anchor: datetime.date, amount: float, unit: str, lex: TimeLexicon) -> Optional[Value]:
    spec = lex.units[unit]
    amount *= float(spec.get("times", 1))
    designator = spec["designator"]
    if spec.get("clock"):
        return Value(anchor.isoformat(), "relative", True, "day")
    if designator == "D":
        return Value((anchor + datetime.timedelta(days=amount)).isoformat(), "relative", True, "day")
    if designator == "W":
        return Value((anchor + datetime.timedelta(weeks=amount)).isoformat(), "relative", True, "day")
    if designator == "M":
        y, mo = _shift_months(anchor, int(amount))
        return Value(f"{y:04d}-{mo:02d}", "relative", True, "month")
    return Value(f"{anchor.year + int(amount):04d}", "relative", True, "year")


# --------------------------------------------------------------------------- clock and zone


def zone_for(name: str) -> Optional[str]:
    """The IANA zone a place name ("Damascus", "Syria", "Eastern") stands for."""
    lex = lexicon()
    k = name.strip().lower()
    if k in lex.zone_names:
        return lex.zone_names[k]
    entry = gazetteer().lookup(name)
    if entry is None:
        return None
    if entry.timezone:
        return entry.timezone
    country = gazetteer().country(entry.country)
    return country.timezone if country else None


def _offset_text(zone: str, day: Optional[datetime.date], hour: int, minute: int) -> Optional[str]:
    if re.fullmatch(r"[+-]\d{2}:\d{2}", zone):
        return zone
    try:
        info = zoneinfo.ZoneInfo(zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None
    moment = datetime.datetime.combine(day or datetime.date(2000, 1, 1), datetime.time(hour, minute), tzinfo=info)
    offset = moment.utcoffset()
    if offset is None:
        return None
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


@dataclass
class Clock:
    hour: int
    minute: int
    start: int  # in the expression text
    end: int


def _clock(text: str) -> Optional[Clock]:
    lex = lexicon()
    assert lex.clock_re is not None
    m = lex.clock_re.search(text)
    if not m:
        return None
    if m.group("word"):
        hh, mm = lex.clock_words[m.group("word").lower()].split(":")
        return Clock(int(hh), int(mm), m.start(), m.end())
    if m.group("ampm"):
        hour = int(m.group("h"))
        if hour > 12:
            return None
        hour = hour % 12 + (12 if m.group("ampm").lower() == "p" else 0)
        return Clock(hour, int(m.group("m") or 0), m.start(), m.end())
    if m.group("h24"):
        return Clock(int(m.group("h24")), int(m.group("m24")), m.start(), m.end())
    return Clock(int(m.group("mil")), int(m.group("milm")), m.start(), m.end())


# --------------------------------------------------------------------------- candidates


def _tense(doc: Any, start: int, end: int) -> str:
    """ "future" when the clause governing the expression points forward (will, is set
    to, plans to, is meeting), else "past": news reports what happened."""
    lex = lexicon()
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return "past"
    lowered = {t.lower_ for t in span}
    if lowered & lex.future_words:
        return "future"
    if lowered & lex.past_words:
        return "past"
    tok = span.root
    for _ in range(8):
        if tok.pos_ in ("VERB", "AUX"):
            break
        if tok.head.i == tok.i:
            return "past"
        tok = tok.head
    verb, steps = tok, 0
    while verb is not None and steps < 4:
        for child in verb.children:
            if child.dep_ in ("aux", "auxpass") and child.lower_ in lex.future_cues:
                return "future"
        if verb.lemma_.lower() in lex.future_cues and any(c.dep_ == "xcomp" for c in verb.children) and verb.i != tok.i:
            return "future"
        if verb.tag_ == "VBG" and any(c.dep_ == "aux" and c.lower_ in ("is", "are", "am", "'s", "'re") for c in verb.children):
            return "future"
        if verb.dep_ in ("xcomp", "advcl") and verb.head.i != verb.i:
            verb = verb.head
            steps += 1
            continue
        break
    # "set to take effect", "due to begin": the cue governs the clause's verb.
    head = tok.head if tok.dep_ == "xcomp" else None
    if head is not None and head.lemma_.lower() in lex.future_cues:
        return "future"
    return "past"


@lru_cache(maxsize=1)
def _missed_patterns() -> list[re.Pattern[str]]:
    """What spaCy's NER often misses; group "x" is the expression."""
    lex = lexicon()
    weekdays = _alternation([w.capitalize() for w in lex.weekdays])
    months = _alternation([m.capitalize() for m in lex.months])
    steps = _alternation([form for w in lex.step_words for form in (w, w.capitalize())])
    return [
        re.compile(r"\b(?P<x>(?:(?:" + steps + r")\s+)?(?:" + weekdays + r")\b(?:\s+(?:morning|afternoon|evening|night))?)"),
        re.compile(r"\b(?P<x>(?:" + months + r")\.?\s+\d{1,2}(?:st|nd|rd|th)?\b(?:,?\s+\d{4}\b)?)"),
        re.compile(r"\b(?P<x>\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:" + months + r")\b(?:,?\s+\d{4}\b)?)"),
        re.compile(r"\b(?:in|In|of|since|Since|until|by|before|after|during|from|between)\s+(?P<x>(?:1[5-9]|20)\d{2})\b(?![\d,%])"),
        re.compile(r"(?i)\b(?P<x>" + _alternation(list(lex.set_words)) + r")\b"),
    ]


def _candidates(doc: Any, text: str, ents: list[Any]) -> list[tuple[int, int]]:
    lex = lexicon()
    spans = []
    for e in ents:
        if e.label_ in TIME_LABELS:
            s, end = e.start_char, e.end_char
            newline = text.find("\n", s, end)
            if newline > s:
                end = newline  # a time expression does not run across lines
            while end > s and (text[end - 1].isspace() or text[end - 1] in ",;"):
                end -= 1  # spaCy may keep trailing white space ("Friday, 4 January 2019\xa0\n")
            spans.append((s, end))
    taken = bytearray(len(text) + 1)
    for s, e in spans:
        taken[s:e] = b"\x01" * (e - s)
    for pattern in _missed_patterns():
        for m in pattern.finditer(text):
            a, b = m.span("x")
            if not any(taken[a:b]):
                spans.append((a, b))
                taken[a:b] = b"\x01" * (b - a)
    assert lex.clock_re is not None
    for m in lex.clock_re.finditer(text):
        if not any(taken[m.start() : m.end()]):
            spans.append(m.span())
            taken[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    spans.sort()
    return _merge_clock_and_date(text, spans)


def _merge_clock_and_date(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """One expression for a clock time, its zone and its date: "noon Damascus time on
    July 9", "July 9 at 3 p.m. GMT", "3 p.m. (1300 GMT) Friday"."""
    lex = lexicon()
    assert lex.zone_re is not None
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(spans):
        s, e = spans[i]
        if _clock(text[s:e]) is not None:
            z = lex.zone_re.match(text, e)
            if z and z.end() > e and (z.group("abbr") or z.group("local") or z.group("name")):
                e = z.end()
            if i + 1 < len(spans):
                ns, ne = spans[i + 1]
                if re.fullmatch(r"\s*,?\s*(?:on\s+|this\s+)?", text[e:ns]) and _clock(text[ns:ne]) is None:
                    e = ne
                    i += 1
        elif i + 1 < len(spans):
            ns, ne = spans[i + 1]
            if re.fullmatch(r"\s*,?\s*(?:at\s+|from\s+)?", text[e:ns]) and _clock(text[ns:ne]) is not None:
                e = ne
                z = lex.zone_re.match(text, e)
                if z and z.end() > e and (z.group("abbr") or z.group("local") or z.group("name")):
                    e = z.end()
                i += 1
        while e > s and text[e - 1] in " ,(":
            e -= 1
        out.append((s, e))
        i += 1
    return out


# --------------------------------------------------------------------------- the stage


def _zone_offset(text: str, sentence_places: list[str], day: Optional[datetime.date], clock: Clock) -> Optional[str]:
    lex = lexicon()
    assert lex.zone_re is not None
    m = lex.zone_re.search(text, clock.end)
    if not m or not (m.group("abbr") or m.group("name") or m.group("local")):
        return None
    if m.group("abbr"):
        zone = lex.zone_abbreviations[m.group("abbr")]
    elif m.group("name"):
        zone = zone_for(m.group("name").strip())
    else:
        zone = next((z for z in (zone_for(p) for p in sentence_places) if z), None)
    if not zone:
        return None
    if zone == "UTC":
        return "+00:00"
    return _offset_text(zone, day, clock.hour, clock.minute)


def normalize(
    text: str,
    anchor: Optional[datetime.date],
    direction: str = "past",
    sentence_places: Optional[list[str]] = None,
    default_day: Optional[datetime.date] = None,
) -> Optional[Value]:
    """The value of one time expression. ``anchor`` is the article date; ``direction``
    the tense of its clause; ``sentence_places`` the place names of its sentence (for
    "local time"); ``default_day`` the date a bare clock time falls on."""
    clock = _clock(text)
    if clock is None:
        return normalize_date(text, anchor, direction)
    lex = lexicon()
    assert lex.zone_re is not None
    rest = text[: clock.start] + " " + text[clock.end :]
    z = lex.zone_re.search(rest, clock.start)
    if z and (z.group("abbr") or z.group("name") or z.group("local")):
        rest = rest[: z.start()] + " " + rest[z.end() :]
    rest = re.sub(r"\b(?:on|at|this|of)\b|[,()]", " ", rest)
    rest = re.sub(r"\s+", " ", rest).strip()
    day: Optional[datetime.date] = None
    if rest:
        date_value = normalize_date(rest, anchor, direction)
        if date_value is None or date_value.value is None or date_value.granularity != "day":
            if date_value is not None and date_value.needs_anchor and anchor is None:
                return Value(None, "datetime", needs_anchor=True)
            day = default_day
        else:
            day = datetime.date.fromisoformat(date_value.value)
    else:
        day = default_day
    offset = _zone_offset(text, sentence_places or [], day, clock) or ""
    clock_text = f"T{clock.hour:02d}:{clock.minute:02d}{offset}"
    if day is None:
        return Value(clock_text, "datetime", needs_anchor=anchor is None, granularity="time")
    return Value(f"{day.isoformat()}{clock_text}", "datetime", granularity="time")


def article_anchor(document: Document) -> Optional[datetime.date]:
    return document.article.anchor_date()


_JOINERS = re.compile(r"\s+(?:after|before|and|until|till|to|through|or|but|than|since|ahead of)\s+|\s*[,;]\s+")


def _pieces(text: str, spans: list[tuple[int, int]], anchor: Optional[datetime.date]) -> list[tuple[int, int]]:
    """spaCy sometimes takes two expressions, or more than one, as one DATE entity
    ("March 3 after weeks"): an entity that does not normalize as a whole is split at
    the words joining them, and each piece is tried alone."""
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if normalize(text[s:e], anchor or datetime.date(2000, 1, 1)) is not None:
            out.append((s, e))
            continue
        start = s
        for m in _JOINERS.finditer(text, s, e):
            if m.start() > start:
                out.append((start, m.start()))
            start = m.end()
        if start < e and start != s:
            out.append((start, e))
    return out


def find_times(document: Document) -> list[tuple[TimeExpr, Value]]:
    """Every time expression with its value, in text order. Dates first, then clock
    times: a clock time without its own date falls on the date its sentence gives
    ("at 10:30 a.m. local time in Caracas on Friday"), else on the article date."""
    doc = document.doc
    if doc is None:
        return []
    anchor = article_anchor(document)
    text = document.text  # not doc.text, which spaCy rebuilds from the tokens at each access
    ents = list(doc.ents)  # each access to doc.ents walks the whole Doc
    place_ents = [x for x in ents if x.label_ in ("GPE", "LOC")]
    spans = _pieces(text, _candidates(doc, text, ents), anchor)
    sentences: dict[tuple[int, int], Any] = {}
    for s, e in spans:
        span = doc.char_span(s, e, alignment_mode="expand")
        sentences[(s, e)] = span.sent if span is not None and len(span) else None
    values: dict[tuple[int, int], Optional[Value]] = {}
    days: list[tuple[int, int, datetime.date]] = []  # (sentence start, position, date)
    for s, e in spans:
        if _clock(text[s:e]) is None:
            value = normalize(text[s:e], anchor, _tense(doc, s, e))
            values[(s, e)] = value
            sent = sentences[(s, e)]
            if value is not None and value.value and value.granularity == "day" and sent is not None:
                days.append((sent.start_char, s, datetime.date.fromisoformat(value.value[:10])))
    found: list[tuple[TimeExpr, Value]] = []
    for s, e in spans:
        sent = sentences[(s, e)]
        if (s, e) not in values:
            same = [(abs(pos - s), day) for start, pos, day in days if sent is not None and start == sent.start_char]
            default_day = min(same)[1] if same else anchor
            places = [x.text for x in place_ents if sent is not None and sent.start_char <= x.start_char < sent.end_char]
            values[(s, e)] = normalize(text[s:e], anchor, _tense(doc, s, e), places, default_day)
        value = values[(s, e)]
        if value is None or (value.value is None and not (value.kind == "duration" or value.needs_anchor)):
            continue
        found.append((TimeExpr(text=text[s:e], start=s, end=e, value=value.value, kind=value.kind, granularity=value.granularity), value))
    return found


# --------------------------------------------------------------------------- events


def run(document: Document, settings: Settings) -> None:
    found = find_times(document)
    document.times = [t for t, _ in found]
    if article_anchor(document) is None:
        unresolved = sum(1 for _, v in found if v.needs_anchor and v.value is None)
        if unresolved:
            document.warnings.append(
                f"time: the article has no date, so {unresolved} relative time expression(s) "
                "(\"Friday\", \"last year\") were left without a value; pass --date to anchor them"
            )


STAGE = stage("time", requires=("doc",), assigns=("times",))(run)
