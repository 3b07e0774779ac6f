"""Verification against evidence: a suggested verdict for a claim, resting on exact passages.

documents → … → ledger → tracking → **verify** → review/export. Each module has one job:

- ``passages``: a text's sentences and paragraphs, as offsets;
- ``store``: evidence sources, the passage index (FTS5), verdicts and reviews in the ledger;
- ``retrieve``: BM25 over passages on the claim's words and key fields;
- ``cite``: a judge's excerpts as exact characters of a source, or dropped;
- ``offline``: the rule-based judge (the default: no model, no cost);
- ``llm``: the model judge, through the shared call client;
- ``run``: a verification run (``verify_claims``).

Verdicts are suggestions: stored apart from reviewers' statuses, shown in a claim's history as
the judge's, and made a status only when a reviewer accepts one.
"""

from claimtrack.verify.types import Cited, JudgeIdentity, Judgement, Passage, StoredVerdict

__all__ = ["Cited", "JudgeIdentity", "Judgement", "Passage", "StoredVerdict"]
