"""How a claim is shown on a terminal (``claimtrack show``): its spans inside the text around
them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.table import Table

from claimtrack.pages import page_label
from claimtrack.terminal import escape

if TYPE_CHECKING:
    from collections.abc import Sequence

    from rich.console import Console

    from claimtrack.ledger.plain import PlainClaim
    from claimtrack.verify.types import StoredVerdict


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
    stored: PlainClaim,
    text: str,
    pages: Sequence[int] = (),
    verdicts: Sequence[StoredVerdict] = (),
    *,
    instruction_like: bool = False,
) -> None:
    """A stored claim on a terminal: its fields, every span and how it was found (a field that
    is not in the document says so, with what was claimed), with its page when the document
    has pages (a PDF's), its evidence in context, and its history; a warning first when its
    evidence lies in text that reads as instructions to a model (``instruction_like``).
    Everything from the document is escaped, never read as markup. The claim comes as plain
    values (``ledger.plain``): showing one never loads the claim models."""
    values = stored.values
    console.print(
        f"[bold]Claim {values['id']}[/bold] ({values['kind']}, {values['status']}, "
        f"grounding: {stored.grounding})"
    )
    if instruction_like:
        console.print(
            "[yellow bold]Warning:[/yellow bold] its evidence lies in text that reads as "
            "instructions to a model (a possible prompt injection); check it against the source."
        )
    console.print(escape(values["claim"]))
    console.print(
        f"\n[dim]Document[/dim] {escape(values['document_source'])} ({values['document_id']})"
    )
    console.print(
        f"[dim]Extracted by[/dim] {escape(values['extractor'])} in run {values['run_id']}"
    )
    fields = Table("field", "value", title="Fields")
    for name, value in stored.fields.items():
        if value not in (None, "", []):
            shown = "; ".join(map(str, value)) if isinstance(value, list) else str(value)
            fields.add_row(name, escape(shown))
    console.print(fields)
    spans = Table("span", "where", "text", "grounding", title="Spans")
    for name, span in stored.spans.items():
        if span["grounding"] == "ungrounded":
            spans.add_row(
                name,
                "—",
                f"[strike]{escape((span['claimed'] or '')[:100])}[/strike]",
                "[red bold]NOT IN THE DOCUMENT[/red bold]",
            )
            continue
        start, end = span["start"], span["end"]
        page = page_label(pages, start, end)
        spans.add_row(
            name,
            f"[{start}, {end})" + (f" {page}" if page else ""),
            escape(span["text"][:100]),
            f"{span['grounding']} {span['score']:.2f}",
        )
    console.print(spans)
    if stored.ungrounded_fields:
        console.print(
            "[red]Not found in the document:[/red] "
            + ", ".join(stored.ungrounded_fields)
            + " — what the extractor wrote is struck through above."
        )
    evidence = stored.spans["evidence"]
    if evidence["end"] > evidence["start"]:
        before, middle, after = context_of(text, evidence["start"], evidence["end"])
        page = page_label(pages, evidence["start"], evidence["end"])
        if page:
            console.print(f"[dim]Evidence on[/dim] {page}")
        console.print(f"…{escape(before)}[reverse]{escape(middle)}[/reverse]{escape(after)}…")
    if verdicts:
        show_verdict(console, verdicts[-1])
    history = Table("when", "status", "by", "note", title="History")
    rows = [
        (event.at, 0, event.id, event.status, event.by, event.note or "")
        for event in stored.history
    ]
    for verdict in verdicts:  # the judge's suggestions, never a status
        rows.append(
            (
                verdict.at,
                1,
                verdict.id,
                f"suggests {verdict.verdict}",
                f"judge {verdict.judge.key}",
                verdict.rationale or "",
            )
        )
        for action, by, at, note in verdict.reviews:
            rows.append((at, 2, verdict.id, f"{action}s verdict {verdict.id}", by, note or ""))
    for at, _, _, status, by, note in sorted(rows, key=lambda r: r[:3]):
        history.add_row(at, escape(status), escape(by), escape(note))
    console.print(history)


def show_verdict(console: Console, verdict: StoredVerdict) -> None:
    """A suggested verdict: the judge, its rationale, and the exact characters it rests on."""
    console.print(
        f"\n[bold]Suggested verdict {verdict.id}:[/bold] {verdict.verdict} "
        f"[dim](judge {escape(verdict.judge.key)}, {verdict.at})[/dim]"
    )
    console.print(escape(verdict.rationale or ""))
    for cited in verdict.evidence:
        console.print(
            f"  [dim]{cited.origin} {cited.source_id} [{cited.start}, {cited.end}) "
            f"{cited.grounding}[/dim] [reverse]{escape(cited.text[:300])}[/reverse]"
        )
    if verdict.dropped:
        console.print(
            f"  [red]{len(verdict.dropped)} excerpt(s) the judge cited are not in the "
            "passages it was shown, and were dropped.[/red]"
        )
