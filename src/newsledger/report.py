"""The readable terminal report of one analysed article (rich)."""

from __future__ import annotations

from collections import defaultdict
from typing import Optional

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from newsledger.document import Document


def _clip(text: str, width: int = 110) -> str:
    """Article words on one line, cut to ``width``, escaped: rich must print "[x]" as it stands."""
    text = " ".join(text.split())
    return escape(text if len(text) <= width else text[: width - 1] + "…")


def _country(code: Optional[str]) -> str:
    """The country after a place, " (DEU)"; nothing when it is not known, never "(None)"."""
    return f" ({escape(code)})" if code else ""


def print_report(document: Document, console: Console) -> None:
    article = document.article
    console.rule(f"[bold]{escape(article.title or '(untitled article)')}")
    meta = [f"id {article.id}"]
    for label, value in (("date", article.date), ("author", article.author), ("source", article.source), ("url", article.url)):
        if value:
            meta.append(f"{label} {escape(value)}")
    meta.append(f"{len(document.text):,} characters")
    console.print(" · ".join(meta), highlight=False)
    for warning in article.warnings + document.warnings:
        console.print(f"[yellow]warning:[/] {escape(warning)}", highlight=False)

    if document.actors:
        table = Table(title=f"Actors ({len(document.actors)})", title_justify="left")
        for column in ("actor", "type", "country", "sector", "title", "mentions", "as"):
            table.add_column(column)
        for actor in sorted(document.actors, key=lambda a: -len(a.mentions)):
            forms = sorted({m.text.replace("\n", " ") for m in actor.mentions}, key=len, reverse=True)
            table.add_row(
                escape(actor.name), actor.type, actor.country or "", actor.sector or "", escape(actor.title or ""),
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
            console.print(f"  [bold cyan]{escape(speaker)}[/]", highlight=False)
            for quote in quotes:
                cue = f" [dim]({_clip(quote.cue.text)})[/]" if quote.cue else ""
                console.print(f"    \\[{quote.kind}] “{_clip(quote.text)}”{cue}", highlight=False)
    if document.scare_quotes:
        console.print("[bold]Scare quotes:[/] " + ", ".join(f"“{_clip(s.text)}”" for s in document.scare_quotes), highlight=False)

    if document.events:
        console.print(f"\n[bold]Events ({len(document.events)})[/]")
        for event in document.events:
            place = f", {escape(event.place.name)}{_country(event.place.country)}" if event.place else ""
            date = f", {event.date}" if event.date else ""
            neg = "[red]NOT[/] " if event.negated else ""
            mode = f" [dim]{event.mode}[/]" if event.mode not in ("asserted", "negated") else ""
            console.print(
                f"  {escape(event.source_name or '?')} —{neg}{event.type}({event.cameo or ''})→ {escape(event.target_name or '?')}{date}{place}{mode}",
                highlight=False,
            )
    if document.times:
        console.print("\n[bold]Times:[/] " + "; ".join(_clip(t.text) + (f" = {escape(t.value)}" if t.value else " (no calendar value)") for t in document.times), highlight=False)
    if document.places:
        console.print("[bold]Places:[/] " + "; ".join(f"{_clip(p.text)} → {escape(p.name)}{_country(p.country)}" for p in document.places), highlight=False)

    if document.claims or document.sourcing:
        console.print("\n[bold]Sourcing[/]")
        profile = document.sourcing
        if profile:
            keys = ("named", "anonymous", "collective", "unattributed", "hedged")
            console.print("  " + " · ".join(f"{k} {profile.get(k, 0)}" for k in keys), highlight=False)
            if profile.get("anonymous_sources"):
                console.print("  anonymous sources: " + "; ".join(_clip(a) for a in profile["anonymous_sources"]), highlight=False)
        if document.hedges:
            console.print("  hedges: " + ", ".join(sorted({_clip(h.text) for h in document.hedges})), highlight=False)
