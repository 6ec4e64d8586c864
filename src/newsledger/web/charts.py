"""SVG layouts for the network and timeline pages: positions, paths and colours computed on
the server, drawn by the templates (no JavaScript needed to see a chart)."""

from __future__ import annotations

import math
import re
from typing import Any


EVENT_COLOURS = (
    "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf",
    "#bcbd22", "#7f7f7f", "#393b79", "#ad494a", "#637939", "#e7ba52", "#843c39", "#5254a3",
)


def type_colours(types: list[str]) -> dict[str, str]:
    return {t: EVENT_COLOURS[i % len(EVENT_COLOURS)] for i, t in enumerate(sorted(set(types)))}


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


def force_layout(keys: list[str], links: list[tuple[str, str]], width: float) -> tuple[dict[str, tuple[float, float]], float]:
    """Positions of the nodes and the height they need: each connected group of actors is
    laid out on its own, in a box sized by its number of actors, and the boxes are packed
    in rows, biggest first (one layout for all would squeeze the small groups together)."""
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
        box_w = min(width - 2 * gap, max(230.0, 170.0 * math.sqrt(len(group))))
        box_h = max(90.0, 120.0 * math.sqrt(len(group)) if len(group) > 2 else 90.0)
        if x + box_w > width - gap:
            x, y, row_height = gap, y + row_height + gap, 0.0
        for key, (ux, uy) in local.items():
            pos[key] = (round(x + 60 + ux * (box_w - 120), 1), round(y + 30 + uy * (box_h - 50), 1))
        x += box_w + gap
        row_height = max(row_height, box_h)
    return pos, y + row_height + gap


def network_svg(net: dict[str, Any], width: int = 960) -> dict[str, Any]:
    nodes = net["nodes"]
    edges = net["edges"]
    links = sorted({(e["source"], e["target"]) for e in edges})
    pos, height = force_layout([n["key"] for n in nodes], links, width)
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
    return {"width": width, "height": height, "nodes": drawn_nodes, "edges": drawn, "colours": colours}


def _month_range(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:7])
    months = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def timeline_svg(tl: dict[str, Any], width: int = 960, height: int = 300) -> dict[str, Any]:
    """Stacked bars per month on a continuous axis (empty months included). Events dated
    only to a year cannot be placed on it; they are counted in ``year_only``."""
    counts = {m["month"]: m["counts"] for m in tl["months"] if re.fullmatch(r"\d{4}-\d{2}", m["month"] or "")}
    year_only = sum(m["total"] for m in tl["months"] if m["month"] not in counts)
    months = _month_range(min(counts), max(counts)) if counts else []
    types = sorted({t for c in counts.values() for t in c})
    colours = type_colours(types)
    top = max((sum(c.values()) for c in counts.values()), default=1) or 1
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
    return {
        "width": max(width, int(left + len(months) * (bar_w + 2) + 20)),
        "height": height,
        "bars": bars,
        "labels": labels,
        "colours": colours,
        "top": top,
        "axis_y": height - bottom,
        "year_only": year_only,
    }

