"""What the web pages show, on a small hand-made corpus (no pipeline run): fixed event
colours, the timeline's clamped axis, the network's layout, the sourcing chart, the article
sidebar's sources, CSV downloads and the offline API docs."""

from __future__ import annotations

import csv
import io
import re
import warnings
from urllib.parse import quote as urlquote

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from newsledger.document import Actor, Article, Claim, Document, Event, Mention, Quote, Span
from newsledger.store.store import Store
from newsledger.web.app import create_app
from newsledger.web.charts import EVENT_TYPE_COLOURS, LABEL_H, event_colour, label_width, network_svg

TYPES = ["ACCUSE", "CONSULT", "AGREE"]


def _article(i: int, date: str, outlet: str, event_type: str, event_date: str) -> Document:
    """One short article: Minister A{i % 3} meets envoy B; a named quote, a quote from an
    unnamed source, a quote with no source, and an anonymous claim."""
    text = (
        f"Report {i}. Minister Alpha{i % 3} met envoy Beta in Lima. "
        f'"We agreed on much," Alpha{i % 3} said. '
        f'"It will not last," an aide said. '
        f'"Nobody knows." '
        f"Officials speaking on condition of anonymity said talks went on."
    )

    def at(needle: str) -> tuple[int, int]:
        start = text.index(needle)
        return start, start + len(needle)

    doc = Document(article=Article(text=text, title=f"Talks {i}", date=date, source=outlet))
    alpha_name = f"Alpha{i % 3}"
    alpha_key = f"alpha-{i % 3}"
    a, b = at(f"Minister {alpha_name}"), at("envoy Beta")
    doc.actors = [
        Actor(id=alpha_key, name=alpha_name, type="person", mentions=[Mention(a[0], a[1], alpha_name, alpha_key)]),
        Actor(id="beta", name="Beta", type="person", mentions=[Mention(b[0], b[1], "Beta", "beta")]),
    ]
    q1, q2, q3 = at("We agreed on much,"), at("It will not last,"), at("Nobody knows.")
    doc.quotes = [
        Quote(text="We agreed on much,", start=q1[0], end=q1[1], kind="direct", speaker=alpha_key, speaker_name=alpha_name,
              speaker_span=Span(*at(f"{alpha_name} said"), f"{alpha_name} said")),
        Quote(text="It will not last,", start=q2[0], end=q2[1], kind="direct", speaker_span=Span(*at("an aide"), "an aide")),
        Quote(text="Nobody knows.", start=q3[0], end=q3[1], kind="direct"),
    ]
    met = at("met")
    doc.events = [
        Event(type=event_type, start=met[0], end=met[1], source=alpha_key, source_name=alpha_name, target="beta",
              target_name="Beta", date=event_date, text="met")
    ]
    c = at("talks went on")
    doc.claims = [Claim(text="talks went on", start=c[0], end=c[1], source_type="anonymous", source_text="Officials")]
    doc.sourcing = {"named": 1, "anonymous": 1, "collective": 0, "unattributed": 1, "hedged": 0, "anonymous_sources": ["Officials"]}
    return doc


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    path = tmp_path_factory.mktemp("pages") / "news.db"
    store = Store(path)
    docs = [_article(i, f"2019-{1 + i % 12:02d}-10", "Big Wire", TYPES[i % 3], f"2019-{1 + i % 12:02d}-09") for i in range(30)]
    # One event misdated two centuries back, and an outlet with a single article.
    docs.append(_article(30, "2019-05-01", "Tiny Post", "ACCUSE", "1835-03-01"))
    for doc in docs:
        store.save(doc)
    store.close()
    return path, [d.id for d in docs]


@pytest.fixture(scope="module")
def client(corpus):
    with TestClient(create_app(corpus[0])) as c:
        yield c


# --------------------------------------------------------------------------- colours


def _badge_colours(html: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for colour, name in re.findall(r'<span class="etype" style="background: (#[0-9a-f]{6})">([A-Z]+)</span>', html):
        found.setdefault(name, set()).add(colour)
    for colour, name in re.findall(r'stroke="(#[0-9a-f]{6})"[^>]*data-type="([A-Z]+)"', html):
        found.setdefault(name, set()).add(colour)
    return found


def test_each_event_type_has_one_colour_on_every_page(client, corpus):
    pages = ["/network", "/network?type=CONSULT", "/timeline", "/timeline?type=AGREE", "/actors/alpha-0", f"/articles/{corpus[1][1]}"]
    seen: dict[str, set[str]] = {}
    for page in pages:
        for name, colours in _badge_colours(client.get(page).text).items():
            seen.setdefault(name, set()).update(colours)
    assert set(seen) == set(TYPES)
    for name, colours in seen.items():
        assert colours == {EVENT_TYPE_COLOURS[name]}, name
    assert len({EVENT_TYPE_COLOURS[t] for t in EVENT_TYPE_COLOURS}) == len(EVENT_TYPE_COLOURS), "no two types share a colour"


def test_a_type_outside_plover_still_has_one_fixed_colour():
    assert event_colour("DEFECT") == event_colour("DEFECT")
    assert event_colour("accuse") == EVENT_TYPE_COLOURS["ACCUSE"]
    assert re.fullmatch(r"#[0-9a-f]{6}", event_colour('x" onclick="y'))


# --------------------------------------------------------------------------- timeline


def test_timeline_axis_covers_the_bulk_and_lists_the_outlier_apart(client):
    assert any(m["month"] == "1835-03" for m in client.get("/api/timeline").json()["months"]), "the API keeps every month"
    html = client.get("/timeline").text
    svg = html[html.index("<svg"): html.index("</svg>")]
    ticks = re.findall(r'class="tick" text-anchor="middle">(\d{4}-\d{2})<', svg)
    assert ticks[0] == "2019-01" and all(t.startswith("2019") for t in ticks)
    outliers = html[html.index('class="outliers"'):]
    assert 'href="/timeline?since=1835-03&amp;until=1835-03">1835-03</a>' in outliers
    assert "ACCUSE</span> 1" in outliers


# --------------------------------------------------------------------------- network


def test_network_legend_comes_before_the_chart_and_the_chart_takes_the_width(client):
    html = client.get("/network").text
    legend, chart = html.index('id="network-legend"'), html.index('<svg id="network"')
    assert legend < chart
    assert all(f">{t}</span>" in html[legend:chart] for t in TYPES)
    assert re.search(r'<svg id="network"[^>]* width="100%"', html)


def _label_boxes(svg: dict) -> list[tuple[float, float, float, float]]:
    boxes = []
    for n in svg["nodes"]:
        w = label_width(n["name"])
        left = {"middle": n["lx"] - w / 2, "start": n["lx"], "end": n["lx"] - w}[n["anchor"]]
        boxes.append((left, n["ly"] - LABEL_H + 3, left + w, n["ly"] + 3))
    return boxes


def test_labels_of_small_components_do_not_overlap():
    # Twenty pairs of actors with long names: the layout that squeezed them overlapped labels.
    names = [f"Ministry of Foreign Affairs of Country {i}" for i in range(40)]
    nodes = [{"key": f"k{i}", "name": name, "weight": 1 + i % 3} for i, name in enumerate(names)]
    edges = [{"source": f"k{i}", "target": f"k{i + 1}", "type": "CONSULT", "n": 1, "source_name": names[i], "target_name": names[i + 1]}
             for i in range(0, 40, 2)]
    svg = network_svg({"nodes": nodes, "edges": edges})
    boxes = _label_boxes(svg)
    overlaps = [(i, j) for i in range(len(boxes)) for j in range(i) if
                boxes[i][0] < boxes[j][2] and boxes[j][0] < boxes[i][2] and boxes[i][1] < boxes[j][3] and boxes[j][1] < boxes[i][3]]
    assert overlaps == []
    assert all(0 <= b[0] and b[2] <= svg["width"] for b in boxes), "labels stay inside the chart"


# --------------------------------------------------------------------------- API docs offline


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_api_docs_load_their_assets_from_this_server(client, path):
    html = client.get(path).text
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any(a.endswith(".js") for a in assets), html
    for asset in assets:
        assert asset.startswith("/"), f"{path} loads {asset} from elsewhere"
        response = client.get(asset)
        assert response.status_code == 200 and len(response.content) > 100, asset
    assert "cdn." not in html and "googleapis" not in html


# --------------------------------------------------------------------------- article sidebar


def test_sidebar_separates_unnamed_sources_from_quotes_with_no_source(client, corpus):
    html = client.get(f"/articles/{corpus[1][0]}").text
    groups = re.findall(r'<div class="speaker-group" data-key="([^"]*)">(.*?)</div>', html, re.S)
    assert [key for key, _ in groups] == ["alpha-0", "?unnamed", ""]
    named, unnamed, nosource = (body for _, body in groups)
    assert 'href="/actors/alpha-0"' in named and "We agreed on much" in named
    assert "Unnamed sources" in unnamed and '<span class="unnamed-source">an aide:</span>' in unnamed and "It will not last" in unnamed
    assert "/actors/" not in unnamed
    assert "No source" in nosource and "Nobody knows" in nosource and "It will not last" not in nosource
    # In the text, each kind is told apart too.
    assert re.search(r'class="fact quote direct spk-unnamed"[^>]*title="direct quote — unnamed source: an aide"', html)
    assert re.search(r'class="fact quote direct spk-none"[^>]*title="direct quote — no source"', html)


# --------------------------------------------------------------------------- sourcing


def test_sourcing_draws_a_bar_per_outlet_and_warns_on_small_samples(client):
    html = client.get("/sourcing").text
    rows = re.findall(r"<tr( class=\"small-sample\")?><td>([^<]+)</td>(.*?)</tr>", html, re.S)
    by_outlet = {outlet: (bool(small), body) for small, outlet, body in rows}
    assert set(by_outlet) == {"Big Wire", "Tiny Post"}
    for outlet, (small, body) in by_outlet.items():
        widths = [float(w) for w in re.findall(r'<rect x="[\d.]+" y="0" width="([\d.]+)"', body)]
        assert len(widths) == 3 and abs(sum(widths) - 240) < 1, (outlet, widths)  # named, anonymous, unattributed: a third each
    assert by_outlet["Tiny Post"][0] and "few articles" in by_outlet["Tiny Post"][1]
    assert not by_outlet["Big Wire"][0] and "few articles" not in by_outlet["Big Wire"][1]


def test_anonymous_sources_link_to_their_claims(client, corpus):
    html = client.get("/sourcing").text
    link = re.search(r'<a class="anon-source" href="([^"]+)">Officials</a> \(1\)', html)
    assert link, "Tiny Post's one anonymous source links to its claims"
    target = link.group(1).replace("&amp;", "&")
    assert "outlet=Tiny%20Post" in target or "outlet=Tiny+Post" in target
    claims = client.get(target).text
    rows = re.findall(r'<a href="/articles/([0-9a-f]+)#f-a(\d+)">', claims)
    assert rows == [(corpus[1][30], "0")], "the one claim of Tiny Post, linked to its anonymous source in the text"
    article = client.get(f"/articles/{corpus[1][30]}").text
    assert 'id="f-a0"' in article and "anonymous source: Officials" in article
    api = client.get("/api/claims", params={"source_type": "anonymous", "source_text": "Officials", "outlet": "Big Wire"}).json()
    assert api["total"] == 30 and {c["outlet"] for c in api["items"]} == {"Big Wire"}


# --------------------------------------------------------------------------- CSV


def _csv(client, url: str) -> list[dict[str, str]]:
    response = client.get(url)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    return list(csv.DictReader(io.StringIO(response.text)))


@pytest.mark.parametrize("page,link", [
    ("/actors", "/actors.csv"), ("/timeline", "/events.csv"), ("/sourcing", "/sourcing.csv"), ("/actors/alpha-0", "/quotes.csv"),
])
def test_each_listing_page_links_its_csv(client, page, link):
    assert f'class="download" href="{link}' in client.get(page).text


def test_csv_downloads_hold_the_whole_listing(client, corpus):
    actors = _csv(client, "/actors.csv")
    assert {a["key"] for a in actors} == {"alpha-0", "alpha-1", "alpha-2", "beta"}
    events = _csv(client, "/events.csv")
    assert len(events) == 31 and {"type", "source", "target", "date"} <= set(events[0])
    assert len(_csv(client, "/events.csv?type=CONSULT&since=2019")) == 10
    quotes = _csv(client, "/quotes.csv?speaker=alpha-0")
    assert len(quotes) == client.get("/api/quotes", params={"speaker": "alpha-0"}).json()["total"] == 11
    sourcing = _csv(client, "/sourcing.csv")
    assert [s["outlet"] for s in sourcing] == ["Big Wire", "Tiny Post"]
    assert sourcing[0]["shares_anonymous"] and sourcing[0]["top_anonymous_sources"] == "Officials 30"
    assert client.get("/events.csv", params={"since": "2019-02-30"}).status_code == 400


def test_csv_pages_through_listings_longer_than_a_page(client, corpus, tmp_path):
    store = Store(tmp_path / "many.db")
    for i in range(230):
        store.save(_article(100 + i, "2020-01-01", "Wire", "AGREE", "2020-01-01"))
    store.close()
    with TestClient(create_app(tmp_path / "many.db")) as many:
        assert len(_csv(many, "/events.csv")) == 230
        assert len(_csv(many, "/quotes.csv")) == 690


def test_csv_cells_that_look_like_formulas_stay_text():
    from newsledger.web.downloads import _cell, flatten

    assert _cell("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")"
    assert _cell("-1+2") == "'-1+2" and _cell("Officials") == "Officials" and _cell(None) == ""
    assert flatten({"a": 1, "place": {"name": "Lima", "lat": 1.5}, "tags": ["x", "y"]}) == {"a": 1, "place_name": "Lima", "place_lat": 1.5, "tags": "x; y"}


def test_a_speaker_the_text_does_not_name_is_an_unnamed_source():
    from newsledger.web.highlight import UNNAMED, article_facts, speaker_key

    quote = {"text": "x", "start": 0, "end": 1, "kind": "direct", "speaker": "senior-official", "speaker_name": "a senior official",
             "speaker_span": {"start": 2, "end": 5, "text": "a senior official"}}
    doc = {"text": "x a senior official", "actors": [{"id": "senior-official", "name": "a senior official", "named": False}],
           "quotes": [quote], "events": [], "claims": [], "hedges": []}
    assert speaker_key(quote, frozenset({"senior-official"})) == UNNAMED
    facts, colour = article_facts(doc)
    assert facts[0].title == "direct quote — unnamed source: a senior official" and "spk-unnamed" in facts[0].classes


# --------------------------------------------------------------------------- highlighting


def _highlight_reference(text, facts):
    """The highlighting as first written (Markup.format, and every fact tested against every
    segment): the specification that the faster ``highlight`` must match byte for byte."""
    from markupsafe import Markup, escape

    bounds = sorted({0, len(text), *(f.start for f in facts), *(f.end for f in facts)})
    starts = {}
    for f in facts:
        starts.setdefault(f.start, []).append(f)
    out = []
    ordered = sorted(facts, key=lambda f: (f.start, -f.end))
    for lo, hi in zip(bounds, bounds[1:]):
        for f in starts.get(lo, ()):
            out.append(Markup('<a class="anchor" id="f-{}"></a>').format(f.id))
        segment = text[lo:hi]
        active = [f for f in ordered if f.start <= lo and f.end >= hi]
        if not active:
            out.append(escape(segment))
            continue
        classes = []
        for f in active:
            for c in f.classes.split():
                if c not in classes:
                    classes.append(c)
        attrs = Markup(' class="fact {}" data-facts="{}" title="{}"').format(
            " ".join(classes), " ".join(f.id for f in active), "; ".join(f.title for f in active)
        )
        quote = next((f for f in active if f.kind == "quote"), None)
        if quote is not None:
            attrs += Markup(' data-quote="{}" data-speaker="{}"').format(quote.data["quote"], quote.data["speaker"])
        out.append(Markup("<span{}>{}</span>").format(attrs, segment))
    return Markup("").join(out)


def test_highlight_matches_its_reference_on_overlapping_facts_and_hostile_text():
    import random

    from newsledger.web.highlight import Fact, highlight

    rng = random.Random(15)
    alphabet = "ab <>&\"'é\n"
    for case in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
        facts = []
        for i in range(rng.randint(0, 12)):
            start = rng.randint(0, len(text))
            end = rng.randint(start, len(text))  # empty facts too: never drawn
            kind = rng.choice(["quote", "speaker", "event", "anon", "hedge"])
            facts.append(Fact(f"{kind[0]}{i}", kind, start, end, f"{kind} c<{i % 3}>", f'title "{i}" & <b>',
                              {"quote": f"q{i}", "speaker": f"Sp'{i}<"}))
        assert str(highlight(text, facts)) == str(_highlight_reference(text, facts)), (case, text, facts)
