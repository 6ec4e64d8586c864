"""Events in the field's layouts: GDELT 2.0's event table and PLOVER/POLECAT's event records.

Both are read from the database in one streamed join (events, their actors, their article)
and written by ``run.export``. docs/EXPORT.md describes every column and where we differ.
"""

from __future__ import annotations

import datetime as _dt
import re
from functools import lru_cache
from typing import Any, Iterator, Optional, Sequence

from sqlalchemy import and_, func, select

from newsledger.knowledge.lexicon import read_text
from newsledger.store import Store
from newsledger.store.schema import actors, articles, events

SLICE = 2000
LEAD_CHARS = 4000  # the lead paragraph is looked for in the article's first characters

_GEO = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
_ACTOR = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code", "Type1Code", "Type2Code", "Type3Code")

# GDELT 2.0's event table, its 61 columns in its order (GDELT Event Codebook V2.0), then ours.
GDELT_NAMES: tuple[str, ...] = (
    ("GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate")
    + tuple(f"Actor1{c}" for c in _ACTOR)
    + tuple(f"Actor2{c}" for c in _ACTOR)
    + ("IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
       "NumMentions", "NumSources", "NumArticles", "AvgTone")
    + tuple(f"Actor1Geo_{c}" for c in _GEO)
    + tuple(f"Actor2Geo_{c}" for c in _GEO)
    + tuple(f"ActionGeo_{c}" for c in _GEO)
    + ("DATEADDED", "SOURCEURL")
)
# Our columns after GDELT's: (name, meaning). docs/EXPORT.md repeats this list.
GDELT_EXTRAS: tuple[tuple[str, str], ...] = (
    ("event_type", "PLOVER event type"),
    ("mode", "asserted, hypothetical, future, negated ... (how the article reports it)"),
    ("negated", "true when the text says the event did not happen"),
    ("date_from_article", "true when the text gives no date and the publication date stands in"),
    ("evidence_start", "character offset where the event's words start in articles.text"),
    ("evidence_end", "character offset where they end (exclusive)"),
    ("evidence_text", "the words that state the event: text[evidence_start:evidence_end]"),
    ("claimed_by", "actor id of the speaker when the event is reported inside a quote"),
    ("article_id", "the article's id in the database"),
    ("event_idx", "the event's position in its article"),
    ("outlet", "the article's source (outlet)"),
    ("fetched_at", "when the article's page was fetched (ISO UTC; empty for articles read from files)"),
)
GDELT_COLUMNS: tuple[str, ...] = GDELT_NAMES + tuple(name for name, _ in GDELT_EXTRAS)

_INTEGERS = {"GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "IsRootEvent", "QuadClass", "NumMentions", "NumSources",
             "NumArticles", "Actor1Geo_Type", "Actor2Geo_Type", "ActionGeo_Type", "DATEADDED", "evidence_start",
             "evidence_end", "event_idx"}
_FLOATS = {"FractionDate", "GoldsteinScale", "AvgTone", "Actor1Geo_Lat", "Actor1Geo_Long", "Actor2Geo_Lat",
           "Actor2Geo_Long", "ActionGeo_Lat", "ActionGeo_Long"}
_BOOLEANS = {"negated", "date_from_article"}


def gdelt_schema():
    """The Parquet schema: integers and floats as GDELT's codebook types them, CAMEO codes
    (EventCode "042") and every other code as strings."""
    import pyarrow as pa

    def kind(name: str):
        if name in _INTEGERS:
            return pa.int64()
        if name in _FLOATS:
            return pa.float64()
        if name in _BOOLEANS:
            return pa.bool_()
        return pa.string()

    return pa.schema([pa.field(name, kind(name)) for name in GDELT_COLUMNS])


@lru_cache(maxsize=1)
def goldstein_scale() -> dict[str, float]:
    """CAMEO code -> Goldstein (1992) score, from knowledge/data/events/goldstein.tsv."""
    table: dict[str, float] = {}
    for line in read_text("events/goldstein.tsv").splitlines():
        if not line.strip() or line.startswith("#") or line.startswith("cameo\t"):
            continue
        code, score = line.split("\t")[:2]
        table[code.strip()] = float(score)
    return table


@lru_cache(maxsize=1)
def plover_table() -> dict[str, tuple[str, str]]:
    """CAMEO code -> (PLOVER mode, PLOVER context) of the CAMEO-to-PLOVER table."""
    table: dict[str, tuple[str, str]] = {}
    for line in read_text("events/cameo_plover.tsv").splitlines():
        if not line.strip() or line.startswith("#") or line.startswith("cameo\t"):
            continue
        parts = line.split("\t") + ["", "", ""]
        table[parts[0].strip()] = (parts[2].strip(), parts[3].strip())
    return table


def goldstein(code: Optional[str]) -> Optional[float]:
    if not code:
        return None
    scale = goldstein_scale()
    for prefix in (code, code[:3], code[:2]):
        if prefix in scale:
            return scale[prefix]
    return None


def quad_class(root: Optional[str]) -> Optional[int]:
    """GDELT's QuadClass of a CAMEO root code: 1 verbal cooperation (01-05), 2 material
    cooperation (06-08), 3 verbal conflict (09-14), 4 material conflict (15-20)."""
    if not root or not root.isdigit():
        return None
    number = int(root)
    return 1 if number <= 5 else 2 if number <= 8 else 3 if number <= 14 else 4


def _event_query():
    source = actors.alias("source_actor")
    target = actors.alias("target_actor")
    return (
        select(
            events.c.article_id, events.c.idx, events.c.type, events.c.cameo, events.c.date, events.c.date_from_article,
            events.c.source_id, events.c.source_name, source.c.country, source.c.sector, source.c.code,
            events.c.target_id, events.c.target_name, target.c.country, target.c.sector, target.c.code,
            events.c.negated, events.c.mode, events.c.subtype, events.c.context, events.c.place_name, events.c.place_country, events.c.place_lat, events.c.place_lon,
            events.c.start_char, events.c.end_char, events.c.text, events.c.claimed_by_id,
            articles.c.url, articles.c.source, articles.c.fetched_at, articles.c.ingested_at, articles.c.date, articles.c.title,
        )
        .join(articles, articles.c.id == events.c.article_id)
        .outerjoin(source, and_(source.c.article_id == events.c.article_id, source.c.actor_id == events.c.source_id))
        .outerjoin(target, and_(target.c.article_id == events.c.article_id, target.c.actor_id == events.c.target_id))
        .order_by(events.c.article_id, events.c.idx)
    )


_FIELDS = (
    "article_id", "idx", "type", "cameo", "date", "date_from_article",
    "source_id", "source_name", "source_country", "source_sector", "source_code",
    "target_id", "target_name", "target_country", "target_sector", "target_code",
    "negated", "mode", "subtype", "context", "place_name", "place_country", "place_lat", "place_lon",
    "start", "end", "text", "claimed_by", "url", "outlet", "fetched_at", "ingested_at", "article_date", "title",
)


def _event_records(store: Store) -> Iterator[dict[str, Any]]:
    """One dict per event (``_FIELDS``) with ``lead_end``: where its article's lead paragraph ends."""
    lead_of: dict[str, int] = {}
    with store.engine.connect() as conn, store.engine.connect() as lookup:
        result = conn.execution_options(stream_results=True).execute(_event_query())
        for part in result.partitions(SLICE):
            for row in part:
                record = dict(zip(_FIELDS, row))
                article_id = record["article_id"]
                if article_id not in lead_of:
                    lead_of.clear()  # rows come by article: one at a time is remembered
                    head = lookup.execute(select(func.substr(articles.c.text, 1, LEAD_CHARS)).where(articles.c.id == article_id)).scalar()
                    lead_of[article_id] = lead_end(head or "", record["title"])
                record["lead_end"] = lead_of[article_id]
                yield record


_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*(\s|$)")


def lead_end(text: str, title: Optional[str] = None) -> int:
    """Where the lead paragraph ends: the first paragraph (blank-line separated) that is not
    the headline, a byline or a dateline, i.e. that holds a sentence end or 100 characters."""
    position = 0
    for paragraph in re.split(r"(\n\s*\n)", text):
        end = position + len(paragraph)
        stripped = paragraph.strip()
        if stripped and stripped != (title or "").strip() and (_SENTENCE_END.search(stripped) or len(stripped) >= 100):
            return end
        position = end
    return len(text)


def _date_parts(value: Optional[str]) -> Optional[_dt.date]:
    if value and re.match(r"^\d{4}-\d{2}-\d{2}", value):
        try:
            return _dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _date_added(fetched_at: Optional[str], ingested_at: Any) -> Optional[int]:
    """GDELT's DATEADDED, YYYYMMDDHHMMSS (UTC): when the page was fetched, else when it was stored."""
    moment: Any = None
    if fetched_at:
        try:
            moment = _dt.datetime.fromisoformat(fetched_at.replace("Z", "+00:00"))
        except ValueError:
            moment = None
    if moment is None and ingested_at is not None:
        moment = ingested_at if isinstance(ingested_at, _dt.datetime) else _dt.datetime.fromisoformat(str(ingested_at))
    if moment is None:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(_dt.timezone.utc)
    return int(moment.strftime("%Y%m%d%H%M%S"))


def _geo_type(place: Optional[str], country: Optional[str]) -> Optional[int]:
    """GDELT's Geo_Type: 1 for a country, 4 for any other place (a world city or region)."""
    if not place:
        return None
    if country:
        import pycountry

        found = pycountry.countries.get(alpha_3=country)
        names = {getattr(found, n, "").lower() for n in ("name", "common_name", "official_name")} if found else set()
        if place.lower() in names:
            return 1
    return 4


def _actor_code(event: dict[str, Any], side: str) -> Optional[str]:
    """The CAMEO actor code: the dictionary's (USAGOV), else composed as CAMEO composes it,
    country then sector (TUR + MIL = TURMIL), when the actor has a country."""
    code, country, sector = event[f"{side}_code"], event[f"{side}_country"], event[f"{side}_sector"]
    if code or not country:
        return code
    return country + (sector or "")


def gdelt_rows(store: Store) -> Iterator[Sequence[Any]]:
    """The events as rows of ``GDELT_COLUMNS``."""
    empty_actor = (None,) * 4  # KnownGroup, Ethnic, Religion1, Religion2 codes: not coded
    for number, e in enumerate(_event_records(store), start=1):
        day = _date_parts(e["date"]) or _date_parts(e["article_date"])
        cameo = e["cameo"] or None
        root = cameo[:2] if cameo else None
        actor1 = (_actor_code(e, "source"), e["source_name"], e["source_country"], *empty_actor, e["source_sector"], None, None)
        actor2 = (_actor_code(e, "target"), e["target_name"], e["target_country"], *empty_actor, e["target_sector"], None, None)
        action_geo = (_geo_type(e["place_name"], e["place_country"]), e["place_name"], e["place_country"], None, None,
                      e["place_lat"], e["place_lon"], None)
        no_geo = (None,) * len(_GEO)
        yield (
            number,
            int(day.strftime("%Y%m%d")) if day else None,
            int(day.strftime("%Y%m")) if day else None,
            day.year if day else None,
            round(day.year + day.timetuple().tm_yday / 365, 4) if day else None,
            *actor1,
            *actor2,
            1 if e["start"] < e["lead_end"] else 0,
            cameo,
            cameo[:3] if cameo else None,
            root,
            quad_class(root),
            goldstein(cameo),
            1, 1, 1,  # NumMentions, NumSources, NumArticles: one row per event mention in one article
            None,  # AvgTone: not computed
            *no_geo,
            *no_geo,
            *action_geo,
            _date_added(e["fetched_at"], e["ingested_at"]),
            e["url"],
            e["type"], e["mode"], bool(e["negated"]), bool(e["date_from_article"]),
            e["start"], e["end"], e["text"], e["claimed_by"], e["article_id"], e["idx"], e["outlet"], e["fetched_at"],
        )


def plover_records(store: Store) -> Iterator[dict[str, Any]]:
    """The events as PLOVER/POLECAT event records (one JSON object each)."""
    modes = plover_table()
    for e in _event_records(store):
        # The event's own subtype and contexts (the coder's: the table's and the ones its
        # sentence names); the table's alone for rows stored before migration 9 filled them.
        plover_mode, context = modes.get(e["cameo"] or "", ("", ""))
        contexts = e["context"] if isinstance(e["context"], list) and e["context"] else [c.strip() for c in context.split(",") if c.strip()]
        yield {
            "event_id": f"{e['article_id']}-{e['idx']}",
            "event_date": e["date"],
            "event_type": e["type"],
            "mode": e["subtype"] or plover_mode or None,
            "context": contexts,
            "actor": {"name": e["source_name"], "id": e["source_id"], "country": e["source_country"],
                      "sector": e["source_sector"], "code": e["source_code"]},
            "recipient": {"name": e["target_name"], "id": e["target_id"], "country": e["target_country"],
                          "sector": e["target_sector"], "code": e["target_code"]},
            "location": {"name": e["place_name"], "country": e["place_country"], "lat": e["place_lat"], "lon": e["place_lon"]}
            if e["place_name"] else None,
            "source_text": e["text"],
            "story": {"id": e["article_id"], "date": e["article_date"], "title": e["title"], "url": e["url"], "publisher": e["outlet"]},
            "cameo": e["cameo"],
            "assertion": e["mode"],  # how the article reports it: asserted, hypothetical, future ...
            "negated": bool(e["negated"]),
            "date_from_article": bool(e["date_from_article"]),
            "evidence_start": e["start"],
            "evidence_end": e["end"],
            "claimed_by": e["claimed_by"],
        }
