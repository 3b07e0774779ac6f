"""Measuring extraction against gold claims: what ``claimtrack eval`` runs.

The package's modules, each with one job:

- ``gold``: the gold format (JSON Lines, one document a line) and its reader;
- ``matching``: pairing predicted and gold claims one to one by their key spans;
- ``fields``: whether a matched claim's fields are right (date value, speaker, parties...);
- ``report``: precision, recall and F1 per kind at two span criteria, field accuracy,
  duplicates;
- ``predictions``: the claims to score, read from a ledger or extracted into a temporary one;
- ``run``: the two evaluations, one call each; ``text``: the report for a terminal.

It depends on the ledger's reader and the records (and on the pipeline, to extract), never on
the CLI.
"""

from claimtrack.evals.gold import GoldClaim, GoldDocument, GoldFormatError, parse_gold, read_gold
from claimtrack.evals.matching import Prediction, match
from claimtrack.evals.report import EvalReport, KindReport, evaluate
from claimtrack.evals.run import evaluate_extraction, evaluate_ledger
from claimtrack.evals.text import format_report

__all__ = [
    "EvalReport",
    "GoldClaim",
    "GoldDocument",
    "GoldFormatError",
    "KindReport",
    "Prediction",
    "evaluate",
    "evaluate_extraction",
    "evaluate_ledger",
    "format_report",
    "match",
    "parse_gold",
    "read_gold",
]
