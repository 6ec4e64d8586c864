"""SVG layouts for the network and timeline pages: positions, paths and colours computed on
the server, drawn by the templates (no JavaScript needed to see a chart)."""

from __future__ import annotations

import functools
import math
import re
import zlib
from typing import Any

from markupsafe import Markup, escape


# One colour per PLOVER event type, the same on every page (network, timeline, badges) and
# whatever other types a page shows: cooperation in blues and greens, verbal conflict in
# browns and oranges, material conflict in reds and purples. Dark enough for white badge text.
EVENT_TYPE_COLOURS = {
    "AGREE": "#1f77b4",
    "CONSULT": "#0f8599",
    "SUPPORT": "#393b79",
    "CONCEDE": "#6b8e23",
    "COOPERATE": "#2ca02c",
    "AID": "#1b7a4a",
    "RETREAT": "#6f7780",
    "REQUEST": "#a8740d",
    "ACCUSE": "#d2640c",
    "REJECT": "#8c564b",
    "THREATEN": "#c2409a",
    "PROTEST": "#9467bd",
    "SANCTION": "#5254a3",
    "MOBILIZE": "#843c39",
    "COERCE": "#ad494a",
    "ASSAULT": "#d62728",
}
# A type outside PLOVER (a plugged-in coder's) still gets one fixed colour, from its name.
OTHER_TYPE_COLOURS = ("#4e5d6c", "#7a4f9a", "#2f6f6f", "#8a6d3b", "#5a6b2f", "#7f3b5e")


def event_colour(event_type: str) -> str:
    """The colour of an event type: fixed per type, never dependent on what else is shown."""
    known = EVENT_TYPE_COLOURS.get(event_type.upper())
    if known:
        return known
    return OTHER_TYPE_COLOURS[zlib.crc32(event_type.encode("utf-8")) % len(OTHER_TYPE_COLOURS)]


def type_colours(types: list[str]) -> dict[str, str]:
    """The colour of each type shown, in name order (a legend)."""
    return {t: event_colour(t) for t in sorted(set(types))}


# Label sizes for layout: the network's labels are 11 px system-ui, about 6.3 px a character.
LABEL_CHAR_W = 6.3
LABEL_H = 13.0


def label_width(text: str) -> float:
    return len(text) * LABEL_CHAR_W + 4


def _spring(keys: list[str], links: list[tuple[str, str]], iterations: int = 150) -> dict[str, tuple[float, float]]:
    """Fruchterman–Reingold from a circle (the same picture on every load), scaled to [0, 1]."""
    n = len(keys)
    if n == 1:
        return {keys[0]: (0.5, 0.5)}
    pos = {key: [math.cos(2 * math.pi * i / n), math.sin(2 * math.pi * i / n)] for i, key in enumerate(keys)}
    k = 1.0 / math.sqrt(n)
    temperature = 0.2
    for _ in range(iterations):
        disp = {key: [0.0, 0.0] for key in keys}
        for i, a in enumerate(keys):
            pa, da = pos[a], disp[a]
            for b in keys[i + 1 :]:
                dx, dy = pa[0] - pos[b][0], pa[1] - pos[b][1]
                d2 = dx * dx + dy * dy or 1e-6
                f = k * k / d2
                da[0] += dx * f
                da[1] += dy * f
                disp[b][0] -= dx * f
                disp[b][1] -= dy * f
        for a, b in links:
            dx, dy = pos[a][0] - pos[b][0], pos[a][1] - pos[b][1]
            d = math.hypot(dx, dy) or 1e-3
            f = d / k
            disp[a][0] -= dx * f
            disp[a][1] -= dy * f
            disp[b][0] += dx * f
            disp[b][1] += dy * f
        for key in keys:
            dx, dy = disp[key]
            d = math.hypot(dx, dy) or 1e-6
            step = min(d, temperature)
            pos[key][0] += dx / d * step
            pos[key][1] += dy / d * step
        temperature = max(0.002, temperature * 0.96)
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]

    def unit(value: float, low: float, high: float) -> float:
        return 0.5 if high - low < 1e-9 else (value - low) / (high - low)

    return {key: (unit(p[0], min(xs), max(xs)), unit(p[1], min(ys), max(ys))) for key, p in pos.items()}


def force_layout(
    keys: list[str], links: list[tuple[str, str]], width: float, labels: dict[str, str] | None = None
) -> tuple[dict[str, tuple[float, float]], float]:
    """Positions of the nodes and the height they need: each connected group of actors is
    laid out on its own, in a box sized by its number of actors and the width of its longest
    labels, and the boxes are packed in rows, biggest first (one layout for all would squeeze
    the small groups together)."""
    labels = labels or {}
    neighbours: dict[str, set[str]] = {key: set() for key in keys}
    for a, b in links:
        neighbours[a].add(b)
        neighbours[b].add(a)
    groups: list[list[str]] = []
    seen: set[str] = set()
    for key in keys:
        if key in seen:
            continue
        group, stack = [], [key]
        seen.add(key)
        while stack:
            node = stack.pop()
            group.append(node)
            for other in sorted(neighbours[node] - seen):
                seen.add(other)
                stack.append(other)
        groups.append(group)
    groups.sort(key=lambda g: (-len(g), g[0]))
    pos: dict[str, tuple[float, float]] = {}
    x, y, row_height, gap = 10.0, 10.0, 0.0, 10.0
    for group in groups:
        members = set(group)
        local = _spring(group, [(a, b) for a, b in links if a in members and b in members])
        # The nodes sit 60 px in from the box's sides and a label is centred on its node:
        # the box must hold the widest label beside its neighbour's.
        widest = sorted((label_width(labels.get(k, k)) for k in group), reverse=True)[:2]
        margin = max(60.0, widest[0] / 2 + 6)
        wanted = max(230.0, 170.0 * math.sqrt(len(group)), sum(widest) / 2 + 2 * margin + 10 if len(group) > 1 else 0.0)
        box_w = min(width - 2 * gap, wanted)
        margin = min(margin, box_w / 2)
        box_h = max(90.0, 120.0 * math.sqrt(len(group)) if len(group) > 2 else 90.0)
        if x + box_w > width - gap:
            x, y, row_height = gap, y + row_height + gap, 0.0
        for key, (ux, uy) in local.items():
            pos[key] = (round(x + margin + ux * (box_w - 2 * margin), 1), round(y + 30 + uy * (box_h - 50), 1))
        x += box_w + gap
        row_height = max(row_height, box_h)
    return pos, y + row_height + gap


def place_labels(nodes: list[dict[str, Any]], width: float, height: float) -> None:
    """Sets each node's label position (``lx``, ``ly``, ``anchor``): above the node when that
    is free, else below, right or left of it, else stacked above; heavier nodes choose first.
    A label never overlaps one placed before it when any of the spots is free."""
    placed: list[tuple[float, float, float, float]] = []

    def box(cx: float, baseline: float, w: float, anchor: str) -> tuple[float, float, float, float]:
        left = cx - w / 2 if anchor == "middle" else (cx if anchor == "start" else cx - w)
        return left, baseline - LABEL_H + 3, left + w, baseline + 3

    def clashes(b: tuple[float, float, float, float]) -> int:
        return sum(1 for p in placed if b[0] < p[2] and p[0] < b[2] and b[1] < p[3] and p[1] < b[3])

    for n in sorted(nodes, key=lambda n: (-n["weight"], n["key"])):
        w = label_width(n["name"])
        x, y, r = n["x"], n["y"], n["r"]
        spots = [
            (x, y - r - 3, "middle"),
            (x, y + r + LABEL_H, "middle"),
            (x + r + 3, y + 4, "start"),
            (x - r - 3, y + 4, "end"),
            *[(x, y - r - 3 - LABEL_H * k, "middle") for k in (1, 2)],
            *[(x, y + r + LABEL_H * (k + 1), "middle") for k in (1, 2)],
        ]
        best = None
        for cx, baseline, anchor in spots:
            b = box(cx, baseline, w, anchor)
            inside = b[0] >= 0 and b[2] <= width and b[1] >= 0 and b[3] <= height
            score = clashes(b) * 2 + (0 if inside else 1)
            if best is None or score < best[0]:
                best = (score, cx, baseline, anchor, b)
            if score == 0:
                break
        _, cx, baseline, anchor, b = best
        n["lx"], n["ly"], n["anchor"] = round(cx, 1), round(baseline, 1), anchor
        placed.append(b)


@functools.lru_cache(maxsize=64)
def _layout(
    keys: tuple[str, ...], links: tuple[tuple[str, str], ...], width: float, labels: tuple[tuple[str, str], ...]
) -> tuple[dict[str, tuple[float, float]], float]:
    # The layout depends on the actors, their links and labels only, not on the counts: while
    # an ingest writes, the same network is laid out once, not on every request (the layout
    # is most of /network's time). Callers only read the positions.
    return force_layout(list(keys), list(links), width, labels=dict(labels))


def network_svg(net: dict[str, Any], width: int = 1320) -> dict[str, Any]:
    """The network laid out ``width`` px wide (the page scales the SVG to its own width)."""
    nodes = net["nodes"]
    edges = net["edges"]
    links = tuple(sorted({(e["source"], e["target"]) for e in edges}))
    pos, height = _layout(tuple(n["key"] for n in nodes), links, width, tuple((n["key"], n["name"]) for n in nodes))
    height = int(max(height, 200))
    colours = type_colours([e["type"] for e in edges])
    markers = {t: i for i, t in enumerate(colours, start=1)}  # the arrow head of each colour, in <defs> order
    max_weight = max((n["weight"] for n in nodes), default=1)
    radius = {n["key"]: round(5 + 12 * math.sqrt(n["weight"] / max_weight), 1) for n in nodes}
    # Parallel edges (same pair, several types) are bent apart so each colour shows.
    seen: dict[tuple[str, str], int] = {}
    drawn = []
    for e in edges:
        pair = (e["source"], e["target"])
        i = seen.get(pair, 0)
        seen[pair] = i + 1
        (x1, y1), (x2, y2) = pos[e["source"]], pos[e["target"]]
        dx, dy = x2 - x1, y2 - y1
        d = math.hypot(dx, dy) or 1
        bend = 12 + 14 * i
        qx, qy = (x1 + x2) / 2 - dy / d * bend, (y1 + y2) / 2 + dx / d * bend
        # End the curve at the rims of the circles so the arrow head shows.
        def rim(x: float, y: float, r: float) -> tuple[float, float]:
            vx, vy = qx - x, qy - y
            v = math.hypot(vx, vy) or 1
            return x + vx / v * (r + 2), y + vy / v * (r + 2)

        sx, sy = rim(x1, y1, radius[e["source"]])
        tx, ty = rim(x2, y2, radius[e["target"]])
        drawn.append(
            {
                **e,
                "path": f"M{sx:.1f},{sy:.1f} Q{qx:.1f},{qy:.1f} {tx:.1f},{ty:.1f}",
                "colour": colours[e["type"]],
                "marker": markers[e["type"]],
                "width": round(1.2 + 1.5 * math.log1p(e["n"]), 1),
            }
        )
    drawn_nodes = [{**n, "x": pos[n["key"]][0], "y": pos[n["key"]][1], "r": radius[n["key"]]} for n in nodes]
    place_labels(drawn_nodes, width, height)
    return {"width": width, "height": height, "nodes": drawn_nodes, "edges": drawn, "colours": colours}


def _month_range(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:7])
    months = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


# Months cut off the axis: a run of months set apart from the rest by a gap of more than
# OUTLIER_GAP months, at either end, holding under OUTLIER_SHARE of the dated events (one
# event misdated 1835 would otherwise stretch the axis over two centuries).
OUTLIER_GAP = 24
OUTLIER_SHARE = 0.05


def _month_number(month: str) -> int:
    return int(month[:4]) * 12 + int(month[5:7]) - 1


def split_outliers(counts: dict[str, dict[str, int]]) -> tuple[list[str], list[str]]:
    """The months of the bulk of the data and the outlying months (both sorted)."""
    months = sorted(counts)
    total = sum(sum(c.values()) for c in counts.values())
    lo, hi = 0, len(months)  # the bulk is months[lo:hi]
    changed = True
    while changed and hi - lo > 1:
        changed = False
        gaps = [i for i in range(lo + 1, hi) if _month_number(months[i]) - _month_number(months[i - 1]) > OUTLIER_GAP]
        if not gaps:
            break
        head = sum(sum(counts[m].values()) for m in months[lo : gaps[0]])
        if head < OUTLIER_SHARE * total:
            lo, changed = gaps[0], True
            continue
        tail = sum(sum(counts[m].values()) for m in months[gaps[-1] : hi])
        if tail < OUTLIER_SHARE * total:
            hi, changed = gaps[-1], True
    return months[lo:hi], months[:lo] + months[hi:]


def timeline_svg(tl: dict[str, Any], width: int = 960, height: int = 300) -> dict[str, Any]:
    """Stacked bars per month on a continuous axis (empty months included) over the bulk of
    the data; months far from it holding few events are listed in ``outliers`` instead.
    Events dated only to a year cannot be placed on it; they are counted in ``year_only``."""
    counts = {m["month"]: m["counts"] for m in tl["months"] if re.fullmatch(r"\d{4}-\d{2}", m["month"] or "")}
    year_only = sum(m["total"] for m in tl["months"] if m["month"] not in counts)
    bulk, outlying = split_outliers(counts)
    months = _month_range(bulk[0], bulk[-1]) if bulk else []
    types = sorted({t for m in bulk for t in counts[m]})
    colours = type_colours(types)
    top = max((sum(counts[m].values()) for m in bulk), default=1) or 1
    left, bottom, plot_h = 40, 40, height - 60
    bar_w = max(3.0, min(40.0, (width - left - 10) / max(1, len(months)) - 2))
    bars = []
    for i, month in enumerate(months):
        x = left + i * (bar_w + 2)
        y = height - bottom
        for t in types:
            n = counts.get(month, {}).get(t, 0)
            if not n:
                continue
            h = plot_h * n / top
            y -= h
            bars.append({"x": round(x, 1), "y": round(y, 1), "w": round(bar_w, 1), "h": round(h, 1), "colour": colours[t], "type": t, "n": n, "month": month})
    every = max(1, math.ceil(56 / (bar_w + 2)))  # a label needs about 56 px
    labels = [{"x": round(left + i * (bar_w + 2) + bar_w / 2, 1), "text": m} for i, m in enumerate(months) if i % every == 0]
    outliers = [
        {"month": m, "total": sum(counts[m].values()), "counts": [{"type": t, "n": n, "colour": event_colour(t)} for t, n in sorted(counts[m].items())]}
        for m in outlying
    ]
    return {
        "width": max(width, int(left + len(months) * (bar_w + 2) + 20)),
        "height": height,
        "bars": bars,
        "bars_svg": bars_svg(bars),
        "labels": labels,
        "colours": colours,
        "top": top,
        "axis_y": height - bottom,
        "year_only": year_only,
        "outliers": outliers,
    }


def bars_svg(bars: list[dict[str, Any]]) -> Markup:
    """The bars as SVG ``<rect>`` elements, each with its tooltip, the text escaped. Built
    here rather than by a template loop: a timeline of 20 years has thousands of bars, and
    the loop was most of /timeline's and an actor page's time."""
    return Markup("\n  ".join(
        f'<rect class="bar" x="{b["x"]}" y="{b["y"]}" width="{b["w"]}" height="{b["h"]}" fill="{escape(b["colour"])}">'
        f'<title>{escape(b["month"])} · {escape(b["type"])}: {int(b["n"])}</title></rect>'
        for b in bars
    ))


# Sourcing: how each outlet attributes its claims, a stacked bar of shares per outlet.
SOURCE_COLOURS = {"named": "#2b6cb0", "anonymous": "#7b2cbf", "collective": "#d69e2e", "unattributed": "#a0aec0"}
# Below this many articles an outlet's shares say little: the page warns beside them.
SMALL_SAMPLE = 10


def sourcing_bars(items: list[dict[str, Any]], width: int = 240) -> list[dict[str, Any]]:
    """For each outlet (in order): its bar segments (``x``, ``w``, colour, kind, share) over
    ``width`` px, and ``small`` when it has fewer than SMALL_SAMPLE articles."""
    bars = []
    for item in items:
        x, segments = 0.0, []
        for kind, colour in SOURCE_COLOURS.items():
            share = item["shares"].get(kind) or 0
            if share:
                segments.append({"kind": kind, "colour": colour, "x": round(x, 1), "w": round(share * width, 1), "share": share})
                x += share * width
        bars.append({"outlet": item["outlet"], "segments": segments, "small": item["articles"] < SMALL_SAMPLE, "width": width})
    return bars
