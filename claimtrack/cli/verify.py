"""Verification from the shell: ``evidence`` (reference sources), ``verify`` (suggested
verdicts) and ``verdict`` (a reviewer accepts or rejects one)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import click

from claimtrack.cli.common import (
    console,
    db_option,
    default_reviewer,
    markup,
    max_cost_option,
    open_ledger,
    read_ledger,
    reports_errors,
    say,
)
from claimtrack.errors import UsageError
from claimtrack.vocabulary import DEFAULT_MAX_BYTES

if TYPE_CHECKING:
    from claimtrack.ledger import Ledger
    from claimtrack.verify.run import Judge


@click.group()
def evidence() -> None:
    """Reference material a desk trusts (transcripts, statements, earlier fact-checks), kept
    apart from the documents claims are extracted from."""


@evidence.command("add")
@click.argument("paths", nargs=-1, required=True)
@click.option("--label", default=None, help="A name for these sources (shown with verdicts).")
@click.option("--max-bytes", type=click.IntRange(min=1), default=DEFAULT_MAX_BYTES)
@db_option
@reports_errors
def evidence_add(paths: tuple[str, ...], label: str | None, max_bytes: int, db_path: str) -> None:
    """Add evidence sources: files or folders (.txt, .md, .jsonl), or - for stdin, read as
    ``extract`` reads them; their passages are indexed for retrieval.

    \b
    Example:
        claimtrack evidence add transcripts/ --label "official transcripts"
    """
    from claimtrack.documents import load_documents
    from claimtrack.errors import DocumentError
    from claimtrack.verify.store import add_evidence

    ledger = open_ledger(db_path, create=True)
    added = failed = 0
    for item in load_documents(paths, max_bytes=max_bytes):
        if isinstance(item, DocumentError):
            say(f"[red]Skipped:[/red] {markup(str(item))}")
            failed += 1
            continue
        result = add_evidence(ledger, item, label)
        added += int(result.new)
        state = "added" if result.new else "already known"
        say(f"{markup(result.source)}: {state}, {result.passages} passages ({result.id})")
    say(f"{added} evidence source(s) added, {failed} failed.")
    if failed:
        raise SystemExit(1)


@evidence.command("list")
@db_option
@reports_errors
def evidence_list(db_path: str) -> None:
    """The evidence sources of a ledger."""
    reader = read_ledger(db_path)
    rows = reader.conn.execute(
        "SELECT id, coalesce(label, ''), source, chars, added_at FROM evidence_sources "
        "ORDER BY added_at, id"
    ).fetchall()
    for row in rows:
        click.echo("\t".join(str(v) for v in row))


@click.command()
@click.argument("claim_ids", nargs=-1, type=int)
@click.option("--all", "every", is_flag=True, help="Every claim of the ledger.")
@click.option("--fact", type=int, default=None, help="The claims of one fact (after track).")
@click.option(
    "--backend",
    type=click.Choice(["offline", "openai"]),
    default="offline",
    show_default=True,
    help="offline: rules that compare quotes and dates (no model); openai: a model judge.",
)
@click.option("--model", default=None, help="The judge's model (openai; or $CLAIMTRACK_MODEL).")
@click.option("--top-k", type=click.IntRange(min=1, max=50), default=5, show_default=True)
@max_cost_option
@click.option(
    "--again",
    is_flag=True,
    help="Judge claims this judge has judged since the last evidence was added, too.",
)
@click.option(
    "--json", "as_json", is_flag=True, help="One JSON line per verdict, then the summary."
)
@db_option
@reports_errors
def verify(
    claim_ids: tuple[int, ...],
    every: bool,
    fact: int | None,
    backend: str,
    model: str | None,
    top_k: int,
    max_cost: float | None,
    again: bool,
    as_json: bool,
    db_path: str,
) -> None:
    """Suggest a verdict for claims — supported, refuted, not_enough_info or conflicting — with
    the exact passages it rests on. Verdicts are suggestions: a claim's status is unchanged
    until a reviewer accepts one (claimtrack verdict ID accept).

    \b
    Example:
        claimtrack evidence add transcript.txt --label transcript
        claimtrack verify --all
        claimtrack claims --verdict refuted
    """
    from claimtrack.verify.run import claims_to_verify, verify_claims

    ledger = open_ledger(db_path)
    chosen = claims_to_verify(ledger, claim_ids, every=every, fact=fact)
    judge = _judge(backend, model, ledger, max_cost)

    def shown(stored: object, judgement: object, verdict_id: int) -> None:
        from claimtrack.records import StoredClaim
        from claimtrack.verify.types import Judgement

        assert isinstance(stored, StoredClaim) and isinstance(judgement, Judgement)
        if as_json:
            click.echo(
                json.dumps(
                    {
                        "claim_id": stored.id,
                        "verdict_id": verdict_id,
                        "verdict": judgement.verdict,
                        "rationale": judgement.rationale,
                        "evidence": [
                            {
                                "origin": c.origin,
                                "source_id": c.source_id,
                                "span": [c.start, c.end],
                                "text": c.text,
                                "grounding": c.grounding,
                            }
                            for c in judgement.evidence
                        ],
                        "dropped": list(judgement.dropped),
                        "prompt_tokens": judgement.prompt_tokens,
                        "completion_tokens": judgement.completion_tokens,
                        "cost_usd": judgement.cost_usd,
                    },
                    ensure_ascii=False,
                )
            )
            return
        console().print(
            f"claim {stored.id}: [bold]{judgement.verdict}[/bold] — {markup(judgement.rationale)}"
            + (
                f" [dim]({len(judgement.dropped)} excerpt(s) dropped)[/dim]"
                if judgement.dropped
                else ""
            )
        )

    result = verify_claims(ledger, chosen, judge, top_k=top_k, again=again, progress=shown)
    summary = result.as_dict()
    if as_json:
        click.echo(
            json.dumps({"summary": {k: v for k, v in summary.items() if k != "verdict_ids"}})
        )
        return
    counts = ", ".join(f"{n} {label}" for label, n in sorted(result.verdicts.items())) or "none"
    say(
        f"Verified {result.claims} claim(s) with {judge.identity.key}: {counts}; "
        f"{result.evidence} evidence span(s), {result.dropped} excerpt(s) dropped as not in the "
        f"passages; {result.prompt_tokens + result.completion_tokens:,} tokens, "
        f"${result.cost_usd:.4f} (${summary['cost_per_claim_usd']:.6f} and "
        f"{summary['tokens_per_claim']} tokens a claim)."
        + (
            f" {result.skipped} claim(s) already judged by this judge since the last evidence "
            "was added: skipped (--again to judge them again)."
            if result.skipped
            else ""
        )
    )
    for error in result.errors[:20]:
        say(f"[red]No verdict:[/red] {markup(error)}")
    if result.stopped:
        say(f"[yellow]Stopped:[/yellow] {markup(result.stopped)}")
    if result.failed:
        raise SystemExit(1)


def _judge(backend: str, model: str | None, ledger: Ledger, max_cost: float | None) -> Judge:
    if backend == "offline":
        if model:
            raise UsageError("--model is for --backend openai; the offline judge has no model")
        from claimtrack.verify.offline import OfflineJudge

        return OfflineJudge()
    from claimtrack.llm.settings import LLMSettings
    from claimtrack.verify.llm import LLMJudge

    return LLMJudge.for_ledger(
        LLMSettings.from_environment(model, prompt="judge-claim"), ledger, max_cost=max_cost
    )


@click.command()
@click.argument("verdict_id", type=int)
@click.argument("action", type=click.Choice(["accept", "reject"]))
@click.option("--note", default=None, help="Why.")
@click.option("--by", default=None, help="Reviewer name. Default: $CLAIMTRACK_REVIEWER or $USER.")
@db_option
@reports_errors
def verdict(verdict_id: int, action: str, note: str | None, by: str | None, db_path: str) -> None:
    """Accept or reject a suggested verdict. Accepting records the matching status as yours
    (supported, refuted; conflicting: disputed; not_enough_info: unverifiable)."""
    from claimtrack.verify.store import review_verdict

    reviewer = by or default_reviewer()
    if not reviewer:
        raise UsageError("reviewing a verdict needs a reviewer name: --by NAME")
    ledger = open_ledger(db_path)
    review_verdict(ledger, verdict_id, action, by=reviewer, note=note)
    say(f"Verdict {verdict_id} {action}ed (by {markup(reviewer)}).")
