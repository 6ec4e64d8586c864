"""The readable terminal report of one analysed article (rich)."""

from __future__ import annotations

from collections import defaultdict

from rich.console import Console
from rich.table import Table

from .document import Document


def _clip(text: str, width: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def print_report(document: Document, console: Console) -> None:
    article = document.article
    console.rule(f"[bold]{article.title or '(untitled article)'}")
    meta = [f"id {article.id}"]
    for label, value in (("date", article.date), ("author", article.author), ("source", article.source), ("url", article.url)):
        if value:
            meta.append(f"{label} {value}")
    meta.append(f"{len(document.text):,} characters")
    console.print(" · ".join(meta), highlight=False)
    for warning in article.warnings + document.warnings:
        console.print(f"[yellow]warning:[/] {warning}", highlight=False)

    if document.actors:
        table = Table(title=f"Actors ({len(document.actors)})", title_justify="left")
        for column in ("actor", "type", "country", "sector", "title", "mentions", "as"):
            table.add_column(column)
        for actor in sorted(document.actors, key=lambda a: -len(a.mentions)):
            forms = sorted({m.text.replace("\n", " ") for m in actor.mentions}, key=len, reverse=True)
            table.add_row(
                actor.name, actor.type, actor.country or "", actor.sector or "", actor.title or "",
                str(len(actor.mentions)), _clip(", ".join(forms), 60),
            )
        console.print(table)

    if document.quotes:
        console.print(f"\n[bold]Quotes ({len(document.quotes)}), by speaker[/]")
        by_speaker = defaultdict(list)
        for quote in document.quotes:
            actor = document.actor(quote.speaker)
            name = actor.name if actor else (quote.speaker_span.text if quote.speaker_span else None)
            by_speaker[name or "(no speaker named)"].append(quote)
        for speaker, quotes in by_speaker.items():
            console.print(f"  [bold cyan]{speaker}[/]", highlight=False)
            for quote in quotes:
                cue = f" [dim]({quote.cue.text})[/]" if quote.cue else ""
                console.print(f"    [{quote.kind}] “{_clip(quote.text)}”{cue}", highlight=False)
    if document.scare_quotes:
        console.print("[bold]Scare quotes:[/] " + ", ".join(f"“{s.text}”" for s in document.scare_quotes), highlight=False)

    if document.events:
        console.print(f"\n[bold]Events ({len(document.events)})[/]")
        for event in document.events:
            place = f", {event.place.name} ({event.place.country})" if event.place else ""
            date = f", {event.date}" if event.date else ""
            neg = "[red]NOT[/] " if event.negated else ""
            mode = f" [dim]{event.mode}[/]" if event.mode not in ("asserted", "negated") else ""
            console.print(
                f"  {event.source_name or '?'} —{neg}{event.type}({event.cameo or ''})→ {event.target_name or '?'}{date}{place}{mode}",
                highlight=False,
            )
    if document.times:
        console.print("\n[bold]Times:[/] " + "; ".join(f"{t.text.strip()} = {t.value}" for t in document.times), highlight=False)
    if document.places:
        console.print("[bold]Places:[/] " + "; ".join(f"{p.text} → {p.name} ({p.country})" for p in document.places), highlight=False)

    if document.claims or document.sourcing:
        console.print("\n[bold]Sourcing[/]")
        profile = document.sourcing
        if profile:
            keys = ("named", "anonymous", "collective", "unattributed", "hedged")
            console.print("  " + " · ".join(f"{k} {profile.get(k, 0)}" for k in keys), highlight=False)
            if profile.get("anonymous_sources"):
                console.print("  anonymous sources: " + "; ".join(profile["anonymous_sources"]), highlight=False)
        if document.hedges:
            console.print("  hedges: " + ", ".join(sorted({h.text for h in document.hedges})), highlight=False)
