"""How a claim is shown on a terminal (``claimtrack show``): its spans inside the text around
them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.markup import escape
from rich.table import Table

from claimtrack.pages import page_label

if TYPE_CHECKING:
    from rich.console import Console

    from claimtrack.records import StoredClaim


def context_of(text: str, start: int, end: int, width: int = 160) -> tuple[str, str, str]:
    """``(before, span, after)``: the span with up to ``width`` characters either side, cut at
    word boundaries so that the context reads as text."""
    left = max(0, start - width)
    if left > 0:
        space = text.find(" ", left, start)
        left = space + 1 if space != -1 else left
    right = min(len(text), end + width)
    if right < len(text):
        space = text.rfind(" ", end, right)
        right = space if space != -1 else right
    return text[left:start], text[start:end], text[end:right]


def show_claim(
    console: Console,
    stored: StoredClaim,
    text: str,
    pages: Sequence[int] = (),
    *,
    instruction_like: bool = False,
) -> None:
    """A stored claim on a terminal: its fields, every span and how it was found (a field that
    is not in the document says so, with what was claimed), with its page when the document
    has pages (a PDF's), its evidence in context, and its history; a warning first when its
    evidence lies in text that reads as instructions to a model (``instruction_like``).
    Everything from the document is escaped, never read as markup."""
    claim = stored.claim
    console.print(
        f"[bold]Claim {stored.id}[/bold] ({stored.kind}, {stored.status}, "
        f"grounding: {stored.grounding})"
    )
    if instruction_like:
        console.print(
            "[yellow bold]Warning:[/yellow bold] its evidence lies in text that reads as "
            "instructions to a model (a possible prompt injection); check it against the source."
        )
    console.print(escape(claim.claim))
    console.print(f"\n[dim]Document[/dim] {escape(stored.document_source)} ({stored.document_id})")
    console.print(f"[dim]Extracted by[/dim] {escape(stored.extractor)} in run {stored.run_id}")
    fields = Table("field", "value", title="Fields")
    for name, value in claim.fields().items():
        if value not in (None, "", []):
            shown = "; ".join(map(str, value)) if isinstance(value, list) else str(value)
            fields.add_row(name, escape(shown))
    console.print(fields)
    spans = Table("span", "where", "text", "grounding", title="Spans")
    for name, span in claim.spans.items():
        if span.grounding == "ungrounded":
            spans.add_row(
                name,
                "—",
                f"[strike]{escape((span.claimed or '')[:100])}[/strike]",
                "[red bold]NOT IN THE DOCUMENT[/red bold]",
            )
            continue
        page = page_label(pages, span.start, span.end)
        spans.add_row(
            name,
            f"[{span.start}, {span.end})" + (f" {page}" if page else ""),
            escape(span.text[:100]),
            f"{span.grounding} {span.score:.2f}",
        )
    console.print(spans)
    if stored.ungrounded_fields:
        console.print(
            "[red]Not found in the document:[/red] "
            + ", ".join(stored.ungrounded_fields)
            + " — what the extractor wrote is struck through above."
        )
    evidence = claim.evidence
    if evidence.end > evidence.start:
        before, middle, after = context_of(text, evidence.start, evidence.end)
        page = page_label(pages, evidence.start, evidence.end)
        if page:
            console.print(f"[dim]Evidence on[/dim] {page}")
        console.print(f"…{escape(before)}[reverse]{escape(middle)}[/reverse]{escape(after)}…")
    history = Table("when", "status", "by", "note", title="History")
    for event in stored.history or ():
        history.add_row(event.at, event.status, escape(event.by), escape(event.note or ""))
    console.print(history)
