"""Scoring an extraction against gold: per kind, precision, recall and F1 at two span criteria,
the accuracy of the fields of matched claims, and the duplicates the extractor stored.

- **Scored predictions** of a kind are those in documents whose gold annotates that kind,
  minus those paired with an optional gold claim. Predictions in documents that do not
  annotate their kind are counted as ``unscored``.
- **Precision** is matched / scored predictions, **recall** matched / required gold claims,
  **F1** their harmonic mean; each at "overlap" and at "IoU >= 0.5" (see ``matching``). A
  ratio with nothing to divide by is ``None``.
- **Field accuracy** is over the pairs matched at overlap whose gold claim gives the field.
- **Duplicates** are rows of one document with the same kind, claim text and fields as an
  earlier row (the second and later of each group are counted), over every prediction.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from claimtrack.evals.fields import (
    date_value_right,
    parties_score,
    quantities_score,
    speaker_right,
)
from claimtrack.evals.gold import GoldClaim, GoldDocument
from claimtrack.evals.matching import Prediction, match
from claimtrack.vocabulary import CLAIM_KINDS

# The fields scored for each kind, in the order they are reported.
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    "date": ("date_value",),
    "quote": ("speaker",),
    "agreement": ("parties", "date_value"),
    "statement": ("quantities",),
}
SET_FIELDS = frozenset({"parties", "quantities"})


def ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def f1(precision: float | None, recall: float | None) -> float | None:
    if precision is None or recall is None:
        return None
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


@dataclass
class FieldScore:
    """How often one field was right over the matched pairs whose gold gives it; for the set
    fields (parties, quantities), ``right`` counts exact sets and ``jaccard`` sums the index."""

    scored: int = 0
    right: int = 0
    jaccard: float = 0.0

    def as_dict(self, with_jaccard: bool) -> dict[str, Any]:
        data: dict[str, Any] = {
            "scored": self.scored,
            "right": self.right,
            "accuracy": _round(ratio(self.right, self.scored)),
        }
        if with_jaccard:
            data["mean_jaccard"] = _round(self.jaccard / self.scored if self.scored else None)
        return data


@dataclass
class KindReport:
    """One kind's counts and scores over every gold document."""

    kind: str
    gold: int = 0  # required gold claims
    gold_optional: int = 0
    predicted: int = 0  # scored predictions
    ignored: int = 0  # predictions paired with an optional gold claim
    unscored: int = 0  # predictions in documents that do not annotate this kind
    duplicates: int = 0
    matched_overlap: int = 0
    matched_iou: int = 0
    fields: dict[str, FieldScore] = field(default_factory=dict)

    def scores(self, matched: int) -> dict[str, Any]:
        precision = ratio(matched, self.predicted)
        recall = ratio(matched, self.gold)
        return {
            "matched": matched,
            "precision": _round(precision),
            "recall": _round(recall),
            "f1": _round(f1(precision, recall)),
        }

    @property
    def empty(self) -> bool:
        return not (self.gold or self.gold_optional or self.predicted or self.unscored)

    def as_dict(self) -> dict[str, Any]:
        return {
            "gold": self.gold,
            "gold_optional": self.gold_optional,
            "predicted": self.predicted,
            "ignored": self.ignored,
            "unscored": self.unscored,
            "duplicates": self.duplicates,
            "overlap": self.scores(self.matched_overlap),
            "iou_0.5": self.scores(self.matched_iou),
            "fields": {
                name: score.as_dict(name in SET_FIELDS) for name, score in self.fields.items()
            },
        }


@dataclass
class EvalReport:
    """The whole evaluation: per-kind reports, and what was evaluated (``about``: the gold
    file, backend, model, documents missing from a ledger or failed...)."""

    documents: int
    kinds: dict[str, KindReport]
    about: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.about,
            "documents": self.documents,
            "kinds": {kind: r.as_dict() for kind, r in self.kinds.items() if not r.empty},
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def duplicate_count(predictions: Sequence[Prediction]) -> int:
    """Rows beyond the first with the same kind, claim text and fields (one document)."""
    seen: set[tuple[str, str, str]] = set()
    count = 0
    for p in predictions:
        key = (p.kind, p.claim, json.dumps(p.fields, sort_keys=True, default=str))
        if key in seen:
            count += 1
        seen.add(key)
    return count


def evaluate(
    documents: Sequence[GoldDocument], predictions: Mapping[str, Sequence[Prediction]]
) -> EvalReport:
    """Score ``predictions`` (by document id) against the gold ``documents``."""
    kinds = {kind: KindReport(kind, fields=_field_scores(kind)) for kind in CLAIM_KINDS}
    for document in documents:
        found: dict[str, list[Prediction]] = defaultdict(list)
        for prediction in predictions.get(document.id, ()):
            found[prediction.kind].append(prediction)
        gold: dict[str, list[GoldClaim]] = defaultdict(list)
        for claim in document.claims:
            gold[claim.kind].append(claim)
        for kind in set(found) | set(gold):
            report = kinds.setdefault(kind, KindReport(kind, fields=_field_scores(kind)))
            _score(report, document, found[kind], gold[kind])
    return EvalReport(len(documents), kinds)


def _field_scores(kind: str) -> dict[str, FieldScore]:
    return {name: FieldScore() for name in KIND_FIELDS.get(kind, ())}


def _score(
    report: KindReport,
    document: GoldDocument,
    predicted: list[Prediction],
    gold: list[GoldClaim],
) -> None:
    report.duplicates += duplicate_count(predicted)
    if report.kind not in document.kinds:
        report.unscored += len(predicted)
        return
    report.gold += sum(not g.optional for g in gold)
    report.gold_optional += sum(g.optional for g in gold)
    matching = match(predicted, gold)
    report.ignored += len(matching.ignored)
    report.predicted += len(predicted) - len(matching.ignored)
    report.matched_overlap += len(matching.pairs)
    report.matched_iou += sum(pair.at_iou for pair in matching.pairs)
    for pair in matching.pairs:
        _score_fields(report.fields, predicted[pair.prediction], gold[pair.gold])


def _score_fields(scores: dict[str, FieldScore], ours: Prediction, gold: GoldClaim) -> None:
    for name, score in scores.items():
        wanted = getattr(gold, name)
        if wanted is None:
            continue
        value = ours.fields.get(name)
        score.scored += 1
        if name == "date_value":
            score.right += date_value_right(value, wanted)
        elif name == "speaker":
            score.right += speaker_right(value if isinstance(value, str) else None, wanted)
        else:
            values = [str(v) for v in value] if isinstance(value, list) else []
            if name == "parties":
                exact, jaccard = parties_score(values, wanted)
            else:
                exact, jaccard = quantities_score(values, wanted)
            score.right += exact
            score.jaccard += jaccard
